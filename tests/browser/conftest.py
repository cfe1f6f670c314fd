"""Real headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server.

Playwright's own browser download does not work here: the tests launch /usr/bin/chromium (or $CHROMIUM).
Without it they are skipped in `make test`; `.ci/run` installs it and sets RUN_BROWSER=1, which turns a
missing browser into a failure instead.

The Nu Html Checker (``vnu`` fixture) runs once per session as a local HTTP service: java and the vnu.jar that
`make test-browser` installs from npm's vnu-jar package into the virtualenv ($VNU_JAR to use another).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

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


# Reported by every page of every browser context: Chromium's console messages on a refused resource, and (from
# an init script, which the policy does not cover) the page's securitypolicyviolation events.
CSP_MESSAGES = ("Content Security Policy", "Refused to", "securitypolicyviolation")
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
        + ` in ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`);
});"""


@pytest.fixture(autouse=True)
def no_csp_violation(request):
    """Fails a browser test on any Content-Security-Policy violation, in any context it opens (issue 13)."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations = []
    new_context = browser.new_context

    def watched_context(**options):
        context = new_context(**options)
        context.add_init_script(CSP_LISTENER)
        context.on(
            "console",
            lambda message: any(text in message.text for text in CSP_MESSAGES) and violations.append(message.text),
        )
        return context

    browser.new_context = watched_context
    yield violations
    browser.new_context = new_context
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="et-EE")
    page = context.new_page()
    yield page
    context.close()


VNU_JAR = Path(os.environ.get("VNU_JAR", Path(sys.prefix) / "vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
VNU_LANGUAGE_WARNING = "This document appears to be written in"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def vnu():
    """``check(html) -> [message]``: the Nu Html Checker's errors and "appears to be written in" warnings."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        missing = f"The Nu Html Checker needs java and {VNU_JAR}: `make test-browser` installs vnu-jar"
        if os.environ.get("RUN_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    port = _free_port()
    options = ["-Xss8m", "-Xmx1g", "-Dnu.validator.servlet.bind-address=127.0.0.1"]
    process = subprocess.Popen(
        [java, *options, "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # The service says when it listens; a JVM that never does is stopped after two minutes.
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    log = []
    for line in process.stdout:
        log.append(line)
        if "Checker service started" in line:
            break
    watchdog.cancel()
    if process.poll() is not None:
        pytest.fail("The Nu Html Checker did not start:\n" + "".join(log[-20:]))
    # Its log must be read on, or the JVM blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()

    def check(html: str) -> list[str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http://127.0.0.1 only
            messages = json.load(response)["messages"]
        return [
            f"line {m.get('lastLine', '?')}: {m['message']} [{' '.join(m.get('extract', '').split())}]"
            for m in messages
            if m["type"] in ("error", "non-document-error") or m["message"].startswith(VNU_LANGUAGE_WARNING)
        ]

    yield check
    process.terminate()
    process.wait(timeout=30)
