"""What the browser tests and scripts/screenshots.py share: how Chromium is launched and how a page is found to
scroll sideways (WCAG 1.4.10 reflow: nothing wider than 320 CSS pixels), so the screenshots report what the tests
fail on.

It lives here, beside the tests, because both of its users are developer tools that already stand on tests/: the
screenshots script takes its pages from tests/page_types.py and puts the repository root on sys.path for that.
scripts/ is not a package, so a module there could only be imported by the tests through a sys.path change of
their own. The portal itself (the Django apps) imports neither. The module needs nothing but the standard library:
it works with Playwright's sync API (the tests) and its async one (the script) alike.
"""

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The browser context's locale for each interface language.
LOCALES = {"et": "et-EE", "en": "en-GB", "fi": "fi-FI"}
NARROWEST = 320

# For page.evaluate: how wide the page is laid out at the viewport's width, and, when that is more than a pixel
# (of rounding) wider, the innermost elements that reach past the right edge (by their box or their text) outside
# any box that scrolls or clips them.
REFLOW = """() => {
    const limit = window.innerWidth + 1;
    const width = document.documentElement.scrollWidth;
    const clips = (el) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
    const far = (el) => {
        const box = el.getBoundingClientRect();
        return clips(el) ? box.right : Math.max(box.right, box.left + el.scrollWidth);
    };
    const clipped = (el) => {
        for (let outer = el.parentElement; outer; outer = outer.parentElement) if (clips(outer)) return true;
        return false;
    };
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].join(".") : "");
    const found = [];
    if (width > limit) {
        for (const el of document.body.querySelectorAll("*")) {
            if (far(el) <= limit || [...el.children].some((child) => far(child) > limit) || clipped(el)) continue;
            const text = el.textContent.trim().replace(/\\s+/g, " ").slice(0, 40);
            found.push(`${name(el)} "${text}" reaches ${Math.round(far(el))} px`);
        }
    }
    return {width, viewport: window.innerWidth, fits: width <= limit, culprits: found.slice(0, 3)};
}"""


def sideways(measured: dict) -> str:
    """``""`` when the page measured by ``page.evaluate(REFLOW)`` fits its viewport, or else how it scrolls
    sideways: ``"400 px wide at 320 px (div.x "…" reaches 400 px)"``."""
    if measured["fits"]:
        return ""
    culprits = ", ".join(measured["culprits"]) or "no single element found"
    return f"{measured['width']} px wide at {measured['viewport']} px ({culprits})"
