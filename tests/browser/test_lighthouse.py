"""Lighthouse's accessibility score is 100 on every page type (issue 17): every public and staff page of
tests/page_types.py in Estonian, the default language, and a sample of them in English and Finnish (the pages'
structure does not change with the language; their words, and so their lengths, do).

Lighthouse (`make test-browser` installs npm's lighthouse package into the virtualenv, $LIGHTHOUSE for another
npm prefix) runs in one Node process for the whole session, tests/browser/lighthouse.mjs, against its own headless
Chromium with Lighthouse's default (mobile) emulation. Staff pages are audited in a logged-in session: its cookie
is put in the browser before Lighthouse loads the page. The pages after a form is sent with errors are checked
with axe-core by tests/browser/test_page_quality.py; Lighthouse can only load a page by its address.

A failure names each page below 100 with the audits it failed and the offending elements' selectors.
"""

import json
import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from documents import rendering
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.page_types import editor_pages, moderator_pages, public_pages, superuser_pages, vorumaa_demo

LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", Path(sys.prefix) / "lighthouse"))
RUNNER = Path(__file__).with_name("lighthouse.mjs")

# In English and Finnish: the pages with the most text and the most controls of each kind.
PUBLIC_SAMPLE = ["home", "plan", "section", "activity", "comment form", "feedback table", "search with a query"]
EDITOR_SAMPLE = ["dashboard", "change set", "plan editor", "activity edit", "progress edit", "consultation windows"]


@pytest.fixture(scope="session")
def lighthouse(tmp_path_factory):
    """``audit(url, cookie=None) -> dict``: Lighthouse's accessibility score of the page and its failed audits."""
    node = shutil.which("node")
    if node is None or not (LIGHTHOUSE / "node_modules/lighthouse").is_dir():
        missing = f"Lighthouse needs node and npm's lighthouse package in {LIGHTHOUSE}: `make test-browser` installs it"
        if os.environ.get("RUN_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    if not shutil.which(CHROMIUM):
        pytest.fail(f"There is no Chromium at {CHROMIUM}")
    profile = tmp_path_factory.mktemp("lighthouse-chromium")
    chromium = subprocess.Popen(
        [CHROMIUM, "--headless=new", *CHROMIUM_ARGS, "--remote-debugging-port=0", f"--user-data-dir={profile}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Chromium names the port it chose when it listens; one that never does is stopped after a minute.
    watchdog = threading.Timer(60, chromium.kill)
    watchdog.start()
    port, log = None, []
    for line in chromium.stderr:
        log.append(line)
        if line.startswith("DevTools listening on ws://"):
            port = line.split("ws://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1]
            break
    watchdog.cancel()
    if port is None:
        pytest.fail("Chromium did not open its DevTools port:\n" + "".join(log[-20:]))
    threading.Thread(target=chromium.stderr.read, daemon=True).start()
    runner = subprocess.Popen(
        [node, str(RUNNER), str(LIGHTHOUSE), port], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )

    def audit(url, cookie=None):
        cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": cookie} if cookie else None
        runner.stdin.write(json.dumps({"url": url, "cookie": cookie}) + "\n")
        runner.stdin.flush()
        answer = runner.stdout.readline()
        if not answer:
            pytest.fail(f"Lighthouse stopped (exit {runner.wait()}) while auditing {url}")
        return json.loads(answer)

    yield audit
    runner.stdin.close()
    runner.wait(timeout=60)
    chromium.terminate()
    chromium.wait(timeout=30)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def findings(audit, base_url, pages, cookie=None):
    """``pages``: name -> path. One line for each page that does not score 100, with what it failed."""
    found = []
    for name, path in pages.items():
        result = audit(base_url + path, cookie)
        if result["url"] != base_url + path:
            found.append(f"{name}: Lighthouse was sent on to {result['url']} ({path})")
        if result["error"]:
            found.append(f"{name}: Lighthouse could not audit {path}: {result['error']}")
        elif result["score"] != 1:
            found.append(f"{name}: accessibility {round(result['score'] * 100)} ({path})")
            for failed in result["failed"]:
                error = f" ({failed['error']})" if failed["error"] else ""
                found.append(f"    {failed['id']}: {failed['title']}{error}")
                found += [f"        {selector}" for selector in failed["nodes"][:5]]
    return found


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_public_pages_score_100_in_lighthouse_accessibility(
    demo, live_server, lighthouse, language, settings, monkeypatch
):
    # No PDF is made: the demo change set (tests/page_types.py) is published without rendering its theme sheets.
    monkeypatch.setattr(rendering, "_enqueue", lambda document_id: None)
    with translation.override(language):
        pages = {name: path for name, (path, _status) in public_pages(language).items()}
        plan, section, _activity, _window = vorumaa_demo()
        pdf = reverse(
            "plans:theme-sheet-pdf",
            kwargs={"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug},
        )
    if language != "et":
        pages = {name: pages[name] for name in PUBLIC_SAMPLE}
    found = findings(lighthouse, live_server.url, pages)
    if language == "et":
        # A PDF asked for before a worker has made it: the page that says it is being prepared.
        settings.CELERY_TASK_ALWAYS_EAGER = False
        found += findings(lighthouse, live_server.url, {"document being prepared": pdf})

    assert not found, f"\n[{language}] " + f"\n[{language}] ".join(found)


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_staff_pages_score_100_in_lighthouse_accessibility(demo, live_server, lighthouse, language):
    users = get_user_model()._default_manager
    superuser = users.create_superuser("root", "root@example.org", "a long test password 1")
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    with translation.override(language):
        editor = editor_pages(language)
        roles = {
            "editor": (users.get(username="vorumaa-editor"), editor),
            "moderator": (users.get(username="vorumaa-moderator"), moderator_pages()),
            "superuser": (superuser, superuser_pages()),
        }
        logged_out = {"login": reverse("staff:login"), "password reset": reverse("staff:password-reset")}
    if language == "et":
        # A page the editor may not open: the portal's 403 page.
        editor["forbidden page (403)"] = roles["moderator"][1]["answer form"]
    else:
        roles = {"editor": (roles["editor"][0], {name: editor[name] for name in EDITOR_SAMPLE})}
    found = []
    for role, (user, pages) in roles.items():
        pages = {f"{role}: {name}": path for name, path in pages.items()}
        found += findings(lighthouse, live_server.url, pages, session_cookie(user))
    found += findings(lighthouse, live_server.url, logged_out)

    assert not found, f"\n[{language}] " + f"\n[{language}] ".join(found)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def test_lighthouse_names_the_failed_audits_and_the_elements_to_fix(lighthouse, tmp_path):
    page = '<!doctype html><html lang="en"><title>Plan</title><main><img src="map.png"><a href="/x"></a></main>'
    (tmp_path / "index.html").write_text(page)
    with ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=tmp_path)) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        found = findings(lighthouse, f"http://127.0.0.1:{server.server_port}", {"plan": "/"})
        server.shutdown()

    assert found[0].startswith("plan: accessibility "), found
    assert "    image-alt: Image elements do not have `[alt]` attributes" in found, found
    assert "        body > main > img" in found, found
    assert "    link-name: Links do not have a discernible name" in found, found
