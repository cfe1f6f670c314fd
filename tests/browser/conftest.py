"""Real headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server.

Playwright's own browser download does not work here: the tests launch /usr/bin/chromium (or $CHROMIUM).
Without it they are skipped in `make test`; `.ci/run` installs it and sets RUN_BROWSER=1, which turns a
missing browser into a failure instead.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one unless told
# that the test code (not a request) is doing it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    required = os.environ.get("RUN_BROWSER") == "1"
    available = shutil.which(CHROMIUM) is not None
    for item in items:
        if "tests/browser/" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.browser)
        if not available and not required:
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; .ci/run installs it"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"RUN_BROWSER=1 but there is no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="et-EE")
    page = context.new_page()
    yield page
    context.close()
