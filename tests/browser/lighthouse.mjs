// Lighthouse's accessibility category for tests/browser/test_lighthouse.py, through Lighthouse's Node API: one
// Node process audits every page (the CLI would load Lighthouse again, seconds, for each page).
//
//   node lighthouse.mjs <npm prefix Lighthouse is installed in> <DevTools port of a running Chromium>
//
// Reads one job a line on stdin, {"url": ..., "cookie": {"name": ..., "value": ...} or null}, and answers each with
// one line on stdout:
// {"score", "url", "error", "failed": [{"id", "title", "nodes": [selector, ...]}]}.
import {createRequire} from "node:module";
import path from "node:path";
import readline from "node:readline";
import {pathToFileURL} from "node:url";

const [prefix, port] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(prefix), "package.json"));
const {default: lighthouse} = await import(pathToFileURL(require.resolve("lighthouse")).href);
// Lighthouse's own Puppeteer puts the session cookie in the browser, as Lighthouse's documentation does for pages
// behind a log-in. A Cookie header (--extra-headers) was not enough: once a page had set its csrftoken cookie, the
// next pages went to the log-in page.
const lighthouseRequire = createRequire(require.resolve("lighthouse"));
const {default: puppeteer} = await import(pathToFileURL(lighthouseRequire.resolve("puppeteer-core")).href);
const browser = await puppeteer.connect({browserURL: `http://127.0.0.1:${port}`, defaultViewport: null});

const config = {
  extends: "lighthouse:default",
  settings: {
    onlyCategories: ["accessibility"],
    // The 404 and 403 pages are pages too.
    ignoreStatusCode: true,
    disableFullPageScreenshot: true,
    // Server-rendered pages: audited once loaded, without Lighthouse's default second of quiet after the load.
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 0,
  },
};

// The selectors of the offending elements, with those an item names beside it (target-size's close neighbours).
function nodes(audit) {
  const found = [];
  for (const item of audit.details?.items ?? []) {
    if (item.node?.selector) found.push(item.node.selector);
    for (const sub of item.subItems?.items ?? []) {
      if (sub.relatedNode?.selector) found.push(`  beside ${sub.relatedNode.selector}`);
    }
  }
  return found;
}

for await (const line of readline.createInterface({input: process.stdin})) {
  const {url, cookie} = JSON.parse(line);
  const page = await browser.newPage();
  const session = await page.createCDPSession();
  await session.send("Network.clearBrowserCookies");
  if (cookie) await session.send("Network.setCookie", {...cookie, url});
  await session.detach();
  const {lhr} = await lighthouse(url, {logLevel: "error"}, config, page);
  await page.close();
  const category = lhr.categories.accessibility;
  // The audits that count: a weight in the score and a result that is not a pass (manual and not applicable
  // audits have no weight).
  const failed = category.auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== 1)
    .map((ref) => lhr.audits[ref.id])
    .map((audit) => ({id: audit.id, title: audit.title, error: audit.errorMessage ?? null, nodes: nodes(audit)}));
  const answer = {
    score: category.score,
    url: lhr.finalDisplayedUrl,
    error: lhr.runtimeError?.message ?? null,
    failed,
  };
  process.stdout.write(JSON.stringify(answer) + "\n");
}

await browser.disconnect();
