"""Every public and staff page type, in et, en and fi, in Chromium on the demo data: axe-core finds no violation,
the Nu Html Checker finds no error and no "This document appears to be written in …" warning in the HTML the
browser received, and at 320 CSS pixels the page does not scroll sideways (WCAG 1.4.10 reflow).

Each test opens one group of pages in one language and fails with every finding at once, named by page.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from documents import rendering
from documents.models import Document
from tests.browser.chromium import LOCALES, NARROWEST, REFLOW, sideways
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.page_types import editor_pages, moderator_pages, public_pages, superuser_pages, vorumaa_demo

LANGUAGES = ["et", "en", "fi"]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": NARROWEST, "height": 640}
PASSWORD = "a long test password 1"


@dataclass
class Inspector:
    """Opens pages in one browser page and keeps what the three checks found, by page name."""

    page: object
    base_url: str
    vnu: object
    language: str
    checker: ThreadPoolExecutor
    findings: dict = field(default_factory=dict)

    def url(self, path):
        return self.base_url + path

    def visit(self, name, path, status=200):
        response = self.page.goto(self.url(path))
        self.inspect(name, response, status)

    def submit(self, name, button="main form [type=submit]", errors=True):
        """The page a form sends the browser to when its ``button`` is clicked: with ``errors``, one that shows
        the server's error messages (the browser's own validation is switched off)."""
        self.page.evaluate("document.querySelectorAll('form').forEach((form) => { form.noValidate = true; })")
        with self.page.expect_navigation() as navigation:
            self.page.locator(button).last.click()
        self.inspect(name, navigation.value, None)
        if errors and not self.page.locator(".is-invalid, .invalid-feedback, .alert-danger").count():
            self.findings.setdefault(name, []).append("test: no error message shown after sending the form")

    def inspect(self, name, response, status):
        found = []
        if status is not None and response.status != status:
            found.append(f"status {response.status}, expected {status} ({response.url})")
        # The Nu Html Checker (another process) reads the HTML while axe-core runs in the browser.
        checked = self.checker.submit(self.vnu, response.text())
        results = Axe().run(self.page, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            targets = "; ".join(str(node["target"][0]) for node in violation["nodes"][:3])
            found.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
        found += [f"vnu {message}" for message in checked.result()]
        self.page.set_viewport_size(NARROW)
        if problem := sideways(self.page.evaluate(REFLOW)):
            found.append(f"reflow: {problem}")
        self.page.set_viewport_size(WIDE)
        if found:
            self.findings[name] = found

    def report(self):
        return "\n".join(
            f"[{self.language}] {name} — {finding}" for name, found in self.findings.items() for finding in found
        )


@pytest.fixture
def demo(transactional_db, settings):
    # A form sent at once is checked for its errors, not refused as sent faster than a person can write.
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    call_command("load_demo", verbosity=0)


@pytest.fixture
def open_inspector(browser, live_server, vnu):
    """``open_inspector(language, user=None)``: a fresh browser context, logged in as ``user`` if given."""
    contexts = []
    checker = ThreadPoolExecutor(max_workers=1)

    def open_inspector(language, user=None):
        context = browser.new_context(viewport=WIDE, locale=LOCALES[language])
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
        return Inspector(context.new_page(), live_server.url, vnu, language, checker)

    yield open_inspector
    for context in contexts:
        context.close()
    checker.shutdown()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_pass_axe_the_nu_html_checker_and_reflow(demo, open_inspector, language, settings, monkeypatch):
    inspector = open_inspector(language)
    # No PDF is made here: publishing the demo change set (tests/page_types.py) would render the theme sheets, and
    # the sheet below must still be waiting for a worker.
    monkeypatch.setattr(rendering, "_enqueue", lambda document_id: None)
    with translation.override(language):
        pages = public_pages(language)
    for name, (path, status) in pages.items():
        inspector.visit(name, path, status)

    # Forms sent empty: every error shown, in the page's language, as valid and accessible as the empty form.
    inspector.page.goto(inspector.url(pages["comment form"][0]))
    inspector.submit("comment form with errors")
    inspector.page.goto(inspector.url(pages["accessibility statement"][0]))
    inspector.submit("accessibility statement, feedback form with errors")
    # A PDF asked for before a worker has made it: the page that says it is being prepared.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with translation.override(language):
        plan, section, _activity, _window = vorumaa_demo()
        kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
        inspector.visit("document being prepared", reverse("plans:theme-sheet-pdf", kwargs=kwargs), 202)

    assert not inspector.findings, "\n" + inspector.report()


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages_pass_axe_the_nu_html_checker_and_reflow(demo, open_inspector, language):
    users = get_user_model()._default_manager
    superuser = users.create_superuser("root", "root@example.org", PASSWORD)
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    with translation.override(language):
        plan, section, _activity, _window = vorumaa_demo()
        Document.objects.create(plan=plan, kind="theme_sheet", section=section, language=language, state="failed")
        roles = {
            "editor": (users.get(username="vorumaa-editor"), editor_pages(language)),
            "moderator": (users.get(username="vorumaa-moderator"), moderator_pages()),
            "superuser": (superuser, superuser_pages()),
        }
        login, password_reset = reverse("staff:login"), reverse("staff:password-reset")
    findings = []

    for role, (user, pages) in roles.items():
        inspector = open_inspector(language, user)
        for name, path in pages.items():
            inspector.visit(f"{role}: {name}", path)
        if role == "editor":
            # A page the role may not open: the portal's 403 page.
            inspector.visit("editor: forbidden page (403)", roles["moderator"][1]["answer form"], status=403)
            # Forms sent with errors: an emptied title, or a new object with nothing filled in.
            for page_name, form in [("plan editor", "#plan-form"), ("activity edit", "#activity-form")]:
                inspector.page.goto(inspector.url(pages[page_name]))
                inspector.page.locator(f"{form} input[name=title]").fill("")
                inspector.submit(f"editor: {page_name} with errors", f"{form} [type=submit]")
            for page_name in ["new organisation", "new consultation window", "new project"]:
                inspector.page.goto(inspector.url(pages[page_name]))
                inspector.submit(f"editor: {page_name} with errors", "main form[novalidate] [type=submit]")
        if role == "moderator":
            inspector.page.goto(inspector.url(pages["answer form"]))
            inspector.submit("moderator: answer form with errors", "button[name=publish]")
        findings.append(inspector.report())

    # Logged out: logging in (with a wrong password, then with the two-step code) and resetting a password.
    inspector = open_inspector(language)
    inspector.visit("login", login)
    inspector.visit("password reset", password_reset)
    inspector.page.locator("main form input[name=email]").fill("root@example.org")
    inspector.submit("password reset sent", errors=False)
    inspector.page.goto(inspector.url(login))
    inspector.page.fill("input[name=username]", "root")
    inspector.page.fill("input[name=password]", "wrong password")
    inspector.submit("login with an error")
    inspector.page.fill("input[name=username]", "root")
    inspector.page.fill("input[name=password]", PASSWORD)
    inspector.submit("two-step code", errors=False)
    inspector.page.locator("main form input[name=token]").fill("000000")
    inspector.submit("two-step code with an error")
    findings.append(inspector.report())

    findings = "\n".join(found for found in findings if found)
    assert not findings, "\n" + findings


def test_the_nu_html_checker_reports_an_invalid_page_in_the_wrong_language(vnu):
    estonian = (
        "Paljud eakad elavad hajaasustusega piirkondades üksi, teenused on omavalitsuseti erineva mahu ja "
        "kvaliteediga ning suur osa hoolduskoormusest lasub lähedastel. Väikestel omavalitsustel on raske leida "
        "ja hoida sotsiaaltöö spetsialiste. Eakad saavad elada kauem iseseisvalt kodus ja neil on ligipääs toele. "
    )
    html = f'<!doctype html><html lang="en"><title>Plan</title><p id="a">{estonian * 3}</p><p id="a">{estonian}</p>'

    found = vnu(html)

    assert any("Duplicate ID" in message for message in found), found
    assert any("appears to be written in Estonian" in message for message in found), found
