"""Screenshots of every page type, public and staff, in et/en/fi, from the demo data in headless Chromium.

    make screenshots
    .venv/bin/python scripts/screenshots.py [--out DIR] [--widths 375,768,1280] [--languages et,en,fi]
                                            [--only NAME ...] [--jobs 4] [--no-docs]

Builds a throw-away SQLite database in a temporary VAR_DIR (the embedded default, Celery eager), loads the demo
data, serves the portal from a thread of this process on a free port and opens the pages of tests/page_types.py
(the list the browser tests check) with Playwright in /usr/bin/chromium ($CHROMIUM), launched as the browser tests
launch it (tests/browser/chromium.py): public pages logged out, staff pages as the demo editor, the demo moderator
and a superuser, and the log-in pages logged out.

Writes, for every page type and language, a full-page PNG at each width into ``--out`` (default var/screenshots/):
``<out>/<language>/<width>/<role>-<page>.png`` (``--format jpeg``: smaller, a little quicker). Then it narrows the
page to 320 CSS pixels and prints one line per page: whether it scrolls sideways there (WCAG 1.4.10 reflow, checked
as the browser tests check it), and the elements that reach past the edge when it does. It exits non-zero when a
page scrolls sideways, does not answer with the status the page list expects, or fails to load; the other pages are
still taken.

Unless ``--no-docs``, it also refreshes the README's four pictures in docs/screenshots/ (Estonian, 1280 px, the
first screenful, palette PNG): the public plan page, the comment form, the plan editor and the first page of a
theme sheet, rendered by the portal's own pipeline (documents.rendering, WeasyPrint) and shown in Chromium's PDF
viewer.
"""

import argparse
import asyncio
import io
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Chromium as the browser tests launch it, and their check for a page that scrolls sideways.
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, LOCALES, NARROWEST, REFLOW, sideways  # noqa: E402

# The viewport height that goes with each width (a phone, a tablet, a laptop); full-page shots grow past it.
HEIGHTS = {320: 640, 375: 812, 768: 1024, 1280: 900}
# The README's pictures: (file, role, page name) in Estonian at 1280 px; the theme sheet is added separately.
DOCS_LANGUAGE, DOCS_WIDTH = "et", 1280
DOCS_PAGES = {
    ("public", "plan"): "plan.png",
    ("public", "comment form"): "comment-form.png",
    ("editor", "plan editor"): "plan-editor.png",  # the demo plan is public: its working copy in a change set
}
DOCS_PDF = "theme-sheet.png"
DOCS_MAX_BYTES = 300_000


@dataclass
class Job:
    language: str
    role: str
    name: str
    path: str
    status: int = 200
    # Filled in by the run.
    problems: list = field(default_factory=list)
    width_at_320: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list = field(default_factory=list)

    @property
    def label(self):
        return f"[{self.language}] {self.role}: {self.name}"

    @property
    def slug(self):
        return f"{self.role}-" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots", help="default var/screenshots/")
    parser.add_argument("--widths", default="375,768,1280", help="CSS pixels, comma-separated (default 375,768,1280)")
    parser.add_argument("--languages", default="et,en,fi", help="comma-separated (default et,en,fi)")
    parser.add_argument("--only", action="append", default=[], help="only pages whose name contains this (repeatable)")
    parser.add_argument("--format", choices=["png", "jpeg"], default="png", help="of the pages' pictures (png)")
    parser.add_argument("--jobs", type=int, default=4, help="pages open at once in the browser (default 4)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "screenshots", help="the README's pictures")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/screenshots/ alone")
    args = parser.parse_args()
    args.widths = [int(width) for width in args.widths.split(",") if width.strip()]
    args.languages = [language.strip() for language in args.languages.split(",") if language.strip()]
    unknown = set(args.languages) - set(LOCALES)
    if unknown:
        parser.error(f"unknown language(s): {', '.join(sorted(unknown))}")
    return args


# --- The portal: a throw-away database with the demo data, served from a thread -------------------------------


def portal_setup():
    """Django on a fresh SQLite database in a temporary VAR_DIR, with the demo data. Returns the VAR_DIR."""
    var_dir = tempfile.mkdtemp(prefix="wp-screenshots-")
    os.environ["VAR_DIR"] = var_dir
    os.environ["STATIC_ROOT"] = str(Path(var_dir) / "static")
    (Path(var_dir) / "static").mkdir()  # WhiteNoise warns about a STATIC_ROOT that does not exist
    os.environ["LOG_LEVEL"] = os.environ.get("SCREENSHOTS_LOG_LEVEL", "ERROR")
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "MEDIA_ROOT"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "welfare_portal.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    # As the browser tests' live server: DEBUG off (the portal's own 404 page, not Django's technical one) and mail
    # kept in memory.
    setup_test_environment(debug=False)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())  # not the throw-away users' passwords
    return var_dir


def serve():
    """The portal's WSGI application (static files as `runserver` serves them) on a free port, in daemon threads."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def session_cookie(user, base_url):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}


def page_jobs(languages, only):
    """Every page type of tests/page_types.py in each language, by role, with the session cookie of each role."""
    from django.contrib.auth import get_user_model
    from django.db.models import Max, Value
    from django.db.models.functions import Concat
    from django.urls import reverse
    from django.utils import translation
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from consultations.models import Subscription
    from tests.page_types import editor_pages, moderator_pages, public_pages, superuser_pages

    users = get_user_model().objects
    superuser = users.create_superuser("screenshots-root", "root@example.org", secrets.token_urlsafe())
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    roles = {
        "editor": users.get(username="vorumaa-editor"),
        "moderator": users.get(username="vorumaa-moderator"),
        "superuser": superuser,
    }
    jobs = []
    for language in languages:
        with translation.override(language):
            before = Subscription.objects.aggregate(last=Max("pk"))["last"] or 0
            public = public_pages(language)
            jobs += [Job(language, "public", name, path, status) for name, (path, status) in public.items()]
            # It subscribes an address to the region, which takes an address once: the next language needs it again.
            Subscription.objects.filter(pk__gt=before).update(email=Concat(Value(f"{language}."), "email"))
            editor = editor_pages(language)
            moderator = moderator_pages()
            jobs += [Job(language, "editor", name, path) for name, path in editor.items()]
            if "answer form" in moderator:  # a moderator's page: the editor gets the portal's 403 page
                jobs.append(Job(language, "editor", "forbidden page (403)", moderator["answer form"], 403))
            jobs += [Job(language, "moderator", name, path) for name, path in moderator.items()]
            jobs += [Job(language, "superuser", name, path) for name, path in superuser_pages().items()]
            jobs.append(Job(language, "logged-out", "login", reverse("staff:login")))
            jobs.append(Job(language, "logged-out", "password reset", reverse("staff:password-reset")))
    if only:
        jobs = [job for job in jobs if any(part.lower() in job.name.lower() for part in only)]
    return jobs, roles


def theme_sheet_pdf():
    """A theme sheet of the Võru demo plan in Estonian, rendered now by the portal's pipeline: its file's path."""
    from django.utils import translation

    from documents import rendering
    from documents.models import Document
    from tests.page_types import vorumaa_demo

    with translation.override(DOCS_LANGUAGE):
        plan, section, _activity, _window = vorumaa_demo()
    # Celery is eager in the embedded default: the document renders in-process when the request commits.
    document = rendering.document_request(
        plan=plan, kind=Document.Kind.THEME_SHEET, section=section, language=DOCS_LANGUAGE
    )
    document.refresh_from_db()
    if document.state != Document.State.READY:
        raise RuntimeError(f"the theme sheet did not render: {document.state} {document.error}")
    return Path(document.file.path)


# --- The browser ---------------------------------------------------------------------------------------------


def docs_png(png: bytes, target: Path) -> int:
    """The screenshot as a palette PNG (screens have few colours), or as it is if that is not smaller."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buffer, "PNG", optimize=True
    )
    data = buffer.getvalue() if buffer.tell() < len(png) else png
    target.write_bytes(data)
    return len(data)


# Resolves once the page has laid out at the viewport's size and painted twice since: a screenshot taken sooner
# (with the machine busy) may show tiles of the frame drawn at the previous size.
SETTLED = """([width, height]) => new Promise((resolve) => {
    const give_up = setTimeout(() => resolve(false), 5000);
    const check = () => {
        if (window.innerWidth !== width || window.innerHeight !== height) return requestAnimationFrame(check);
        requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(give_up); resolve(true); }));
    };
    check();
})"""


async def resize(page, width):
    height = HEIGHTS.get(width, 900)
    await page.set_viewport_size({"width": width, "height": height})
    await page.evaluate(SETTLED, [width, height])


async def shoot(job, context, base_url, args, docs):
    started = time.perf_counter()
    page = await context.new_page()
    try:
        response = await page.goto(base_url + job.path, wait_until="load", timeout=60_000)
        if response is None or response.status != job.status:
            job.problems.append(f"status {response and response.status}, expected {job.status}")
        await page.evaluate("document.fonts.ready.then(() => true)")
        docs_name = DOCS_PAGES.get((job.role, job.name))
        if docs is not None and docs_name and job.language == DOCS_LANGUAGE:
            await resize(page, DOCS_WIDTH)
            png = await page.screenshot(animations="disabled", caret="hide")
            docs[docs_name] = docs_png(png, args.docs / docs_name)
        folder = args.out / job.language
        for width in sorted(args.widths, reverse=True):  # the widest first: the context opens at 1280 px
            await resize(page, width)
            (folder / str(width)).mkdir(parents=True, exist_ok=True)
            await page.screenshot(
                path=folder / str(width) / f"{job.slug}.{args.format}",
                full_page=True,
                animations="disabled",
                caret="hide",
                **({"quality": 80} if args.format == "jpeg" else {}),
            )
            job.files += 1
            if problem := sideways(await page.evaluate(REFLOW)):
                job.warnings.append(f"scrolls sideways: {problem}")
        await resize(page, NARROWEST)
        measured = await page.evaluate(REFLOW)
        job.width_at_320 = measured["width"]
        if problem := sideways(measured):
            job.problems.append(f"scrolls sideways: {problem}")
    except Exception as error:  # one broken page is reported, the others are still taken
        job.problems.append(f"failed: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        await page.close()
        job.seconds = time.perf_counter() - started


def shows_a_page(png: bytes) -> bool:
    """Whether the PDF viewer has drawn the (white) page yet, not only its dark grey background."""
    from PIL import Image

    histogram = Image.open(io.BytesIO(png)).convert("L").histogram()
    return sum(histogram[240:]) > sum(histogram) // 5


async def shoot_pdf(browser, pdf: Path, args, docs):
    """The PDF's first page in Chromium's viewer, once it shows the page and its picture has stopped changing (the
    viewer loads in steps and draws in tiles)."""
    context = await browser.new_context(viewport={"width": DOCS_WIDTH, "height": HEIGHTS[DOCS_WIDTH]})
    try:
        page = await context.new_page()
        await page.goto(pdf.as_uri() + "#toolbar=0&navpanes=0&view=Fit", wait_until="load")
        previous, png = None, b""
        for _ in range(120):
            await asyncio.sleep(0.25)
            png = await page.screenshot(animations="disabled")
            if png == previous and shows_a_page(png):
                break
            previous = png
        else:
            raise RuntimeError("Chromium's PDF viewer did not show the theme sheet in 30 s")
        (args.out / "pdf").mkdir(parents=True, exist_ok=True)
        (args.out / "pdf" / DOCS_PDF).write_bytes(png)
        shutil.copyfile(pdf, args.out / "pdf" / "theme-sheet.pdf")
        if docs is not None:
            docs[DOCS_PDF] = docs_png(png, args.docs / DOCS_PDF)
    finally:
        await context.close()


async def run_browser(jobs, roles, base_url, pdf, args, docs):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        contexts = {}
        for language in {job.language for job in jobs}:
            for role in {job.role for job in jobs}:
                context = await browser.new_context(
                    viewport={"width": 1280, "height": 900}, locale=LOCALES[language], reduced_motion="reduce"
                )
                if role in roles:
                    await context.add_cookies([roles[role]])
                contexts[language, role] = context
        limit = asyncio.Semaphore(max(1, args.jobs))
        done = 0

        async def one(job):
            nonlocal done
            async with limit:
                await shoot(job, contexts[job.language, job.role], base_url, args, docs)
            done += 1
            state = "ok  " if not job.problems else "FAIL"
            print(
                f"{state} {done:>3}/{len(jobs)} {job.label} — {job.width_at_320} px wide at 320 px; "
                f"{job.seconds:.1f} s",
                flush=True,
            )
            for problem in job.problems:
                print(f"       {problem}", flush=True)
            for warning in job.warnings:
                print(f"       warning: {warning}", flush=True)

        failures = []

        async def the_pdf():
            try:
                await shoot_pdf(browser, pdf, args, docs)
            except Exception as error:
                failures.append(f"the theme sheet PDF: {type(error).__name__}: {str(error).splitlines()[0]}")
                print(f"FAIL {failures[-1]}", flush=True)
            else:
                print(f"ok   [{DOCS_LANGUAGE}] the theme sheet PDF's first page in Chromium's PDF viewer", flush=True)

        tasks = [one(job) for job in jobs]
        if pdf is not None:
            tasks.append(the_pdf())
        await asyncio.gather(*tasks)
        for context in contexts.values():
            await context.close()
        await browser.close()
    return failures


def main():
    args = parse_args()
    if not shutil.which(CHROMIUM):
        sys.exit(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM)")
    args.out = args.out.resolve()
    started = time.perf_counter()
    var_dir = portal_setup()
    try:
        server, base_url = serve()
        jobs, users = page_jobs(args.languages, args.only)
        roles = {role: session_cookie(user, base_url) for role, user in users.items()}
        docs = None if args.no_docs else {}
        pdf = None
        if docs is not None:
            args.docs.mkdir(parents=True, exist_ok=True)
            pdf = theme_sheet_pdf()
        for language in [] if args.only else args.languages:  # no pictures of pages that no longer exist
            for width in args.widths:
                for pattern in ("*.png", "*.jpeg"):
                    for old in (args.out / language / str(width)).glob(pattern):
                        old.unlink()
        set_up = time.perf_counter() - started
        print(f"Demo data loaded and the portal served at {base_url} in {set_up:.1f} s; {len(jobs)} pages to take.")
        pdf_failures = asyncio.run(run_browser(jobs, roles, base_url, pdf, args, docs))
        server.shutdown()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)

    failed = [job for job in jobs if job.problems]
    taken = sum(job.files for job in jobs)
    print(
        f"\n{taken} screenshots of {len(jobs)} pages ({', '.join(args.languages)} at "
        f"{', '.join(map(str, args.widths))} px) in {args.out} in {time.perf_counter() - started:.0f} s."
    )
    for name, size in sorted((docs or {}).items()):
        too_big = " (too big for the README)" if size > DOCS_MAX_BYTES else ""
        print(f"README picture {args.docs / name}: {size / 1000:.0f} kB{too_big}")
    sideways = [job for job in failed if any("scrolls sideways" in problem for problem in job.problems)]
    print(f"{len(jobs) - len(sideways)} of {len(jobs)} pages fit {NARROWEST} px without scrolling sideways.")
    warned = [job for job in jobs if job.warnings]
    if warned:
        print(f"{len(warned)} page(s) scroll sideways at a wider width (not a failure; WCAG 1.4.10 asks for 320 px):")
        for job in warned:
            print(f"  {job.label}: " + "; ".join(job.warnings))
    if failed or pdf_failures:
        print(f"{len(failed) + len(pdf_failures)} page(s) with problems:")
        for job in failed:
            print(f"  {job.label}: " + "; ".join(job.problems))
        for failure in pdf_failures:
            print(f"  {failure}")
        sys.exit(1)


if __name__ == "__main__":
    main()
