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
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations import services as consultation_services
from consultations.mail import removal_token
from consultations.models import Comment, ConsultationWindow, Subscription
from plans import documents
from plans.models import CooperationPlan, Document, Organisation
from projects.models import Project
from tests.browser.test_accessibility import AXE_OPTIONS

LANGUAGES = ["et", "en", "fi"]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
PASSWORD = "a long test password 1"

# The innermost elements that reach past the right edge (by their box or their text), outside any box that scrolls
# or clips them.
OVERFLOWING = """() => {
    const limit = window.innerWidth + 1;
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
    for (const el of document.body.querySelectorAll("*")) {
        if (far(el) <= limit || [...el.children].some((child) => far(child) > limit) || clipped(el)) continue;
        const text = el.textContent.trim().replace(/\\s+/g, " ").slice(0, 40);
        found.push(`${name(el)} "${text}" reaches ${Math.round(far(el))} px`);
    }
    return found.slice(0, 3);
}"""


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
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > self.page.evaluate("window.innerWidth") + 1:
            culprits = ", ".join(self.page.evaluate(OVERFLOWING))
            found.append(f"reflow: {width} px wide at 320 px ({culprits})")
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
        context = browser.new_context(viewport=WIDE, locale={"et": "et-EE", "en": "en-GB", "fi": "fi-FI"}[language])
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


def _vorumaa():
    plan = CooperationPlan.objects.select_related("region").get(region__slug="vorumaa")
    section = plan.sections.select_related("theme").filter(activities__indicators__isnull=False).first()
    activity = section.activities.filter(indicators__isnull=False).first()
    # The window with the most comments (the feedback table, the moderation queue); the comment form needs one open.
    window = ConsultationWindow.objects.filter(plan=plan).annotate(n=Count("comments")).order_by("-n").first()
    return plan, section, activity, window


def _open_window(plan):
    return ConsultationWindow.objects.open_now().filter(plan=plan).first()


def public_pages(language):
    """Page name -> (path, expected status), in the active language."""
    plan, section, activity, window = _vorumaa()
    finnish_plan = CooperationPlan.objects.public().exclude(pk=plan.pk).filter(region__slug="pohjois-karjala").first()
    municipality = plan.region.municipalities.filter(activities__isnull=False).first()
    project = Project.objects.select_related("region", "funder", "measure").filter(measure__isnull=False).first()
    comment = Comment.objects.filter(window=window).first()
    subscription = Subscription.objects.create(region=plan.region, email="mari@example.org", language=language)
    region, plan_kwargs = plan.region.slug, {"region": plan.region.slug, "plan": plan.slug}
    section_kwargs = {**plan_kwargs, "theme": section.theme.slug}
    window_kwargs = {**plan_kwargs, "window": window.pk}
    comment_form_kwargs = {**plan_kwargs, "window": _open_window(plan).pk, "theme": section.theme.slug}
    return {
        "home": (reverse("home"), 200),
        "region": (plan.region.get_absolute_url(), 200),
        "plan": (plan.get_absolute_url(), 200),
        "plan in Finnish": (finnish_plan.get_absolute_url(), 200),
        "section": (reverse("plans:section", kwargs=section_kwargs), 200),
        "activity": (reverse("plans:activity", kwargs={**section_kwargs, "pk": activity.pk}), 200),
        "plan changes": (reverse("plans:changes", kwargs=plan_kwargs), 200),
        "municipality": (reverse("plans:municipality", kwargs={"region": region, "slug": municipality.slug}), 200),
        "organisation": (Organisation.objects.get(pk=plan.lead_organisation_id).get_absolute_url(), 200),
        "theme index": (f"/{language}/themes/", 200),
        "theme": (section.theme.get_absolute_url(), 200),
        "project list": (reverse("projects:list"), 200),
        "project": (project.get_absolute_url(), 200),
        "funder": (project.funder.get_absolute_url(), 200),
        "measure": (project.measure.get_absolute_url(), 200),
        "consultation window": (window.get_absolute_url(), 200),
        "comment form": (
            reverse("consultations:comment-create", kwargs=comment_form_kwargs),
            200,
        ),
        "receipt": (
            reverse("consultations:receipt", kwargs={"token": consultation_services.receipt_token(comment)}),
            200,
        ),
        "feedback table": (reverse("consultations:feedback", kwargs=window_kwargs), 200),
        "subscribe": (reverse("consultations:subscribe", kwargs={"region": region}), 200),
        "subscription confirmation": (
            reverse("consultations:subscription-confirm", kwargs={"token": subscription.token}),
            200,
        ),
        "unsubscribe": (subscription.get_absolute_url(), 200),
        "contact removal": (reverse("consultations:contact-remove", kwargs={"token": removal_token(comment)}), 200),
        "search with a query": (reverse("search") + "?q=heaolu", 200),
        "search without a query": (reverse("search"), 200),
        "contact": (reverse("contact"), 200),
        "accessibility statement": (reverse("accessibility"), 200),
        "api documentation": (reverse("api-docs"), 200),
        "page not found": (f"/{language}/no-such-page/", 404),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_pass_axe_the_nu_html_checker_and_reflow(demo, open_inspector, language, settings, monkeypatch):
    inspector = open_inspector(language)
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
    monkeypatch.setattr(documents, "_enqueue", lambda document_id: None)
    with translation.override(language):
        plan, section, _activity, _window = _vorumaa()
        kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
        inspector.visit("document being prepared", reverse("plans:theme-sheet-pdf", kwargs=kwargs), 202)

    assert not inspector.findings, "\n" + inspector.report()


def editor_pages(language):
    plan, section, activity, window = _vorumaa()
    region = {"region": plan.region.slug}
    plan_kwargs = {**region, "plan": plan.slug}
    window_kwargs = {**region, "window": window.pk}
    comment = Comment.objects.filter(window=window).first()
    organisation = Organisation.objects.get(pk=plan.lead_organisation_id)
    return {
        "dashboard": reverse("staff:dashboard"),
        "region workspace": reverse("plans-staff:region", kwargs=region),
        "new plan": reverse("plans-staff:plan-create", kwargs=region),
        "plan editor": reverse("plans-staff:plan-edit", kwargs=plan_kwargs),
        "plan status": reverse("plans-staff:plan-status", kwargs=plan_kwargs),
        "plan documents": reverse("plans:staff-documents", kwargs=plan_kwargs),
        "new section": reverse("plans-staff:section-create", kwargs=plan_kwargs),
        "section edit": reverse("plans-staff:section-edit", kwargs={**plan_kwargs, "section": section.pk}),
        "section preview": reverse("plans-staff:section-preview", kwargs={**plan_kwargs, "section": section.pk}),
        "section archive": reverse("plans-staff:section-archive", kwargs={**plan_kwargs, "section": section.pk}),
        "new activity": reverse("plans-staff:activity-create", kwargs={**plan_kwargs, "section": section.pk}),
        "activity edit": reverse("plans-staff:activity-edit", kwargs={**plan_kwargs, "activity": activity.pk}),
        "activity archive": reverse("plans-staff:activity-archive", kwargs={**plan_kwargs, "activity": activity.pk}),
        "new indicator": reverse("plans-staff:indicator-create", kwargs={**plan_kwargs, "activity": activity.pk}),
        "indicator edit": reverse(
            "plans-staff:indicator-edit", kwargs={**plan_kwargs, "indicator": activity.indicators.first().pk}
        ),
        "organisations": reverse("plans-staff:organisations", kwargs=region),
        "new organisation": reverse("plans-staff:organisation-create", kwargs=region),
        "organisation edit": reverse("plans-staff:organisation-edit", kwargs={**region, "slug": organisation.slug}),
        "new strategy document": reverse("plans-staff:strategy-document-create", kwargs=region)
        + f"?next=/{language}/manage/",
        "consultation windows": reverse("consultations-staff:windows", kwargs=region),
        "new consultation window": reverse("consultations-staff:window-create", kwargs=plan_kwargs),
        "consultation window edit": reverse("consultations-staff:window-edit", kwargs=window_kwargs),
        "window extension": reverse("consultations-staff:window-extend", kwargs=window_kwargs),
        "window closing": reverse("consultations-staff:window-close", kwargs=window_kwargs),
        "new workshop": reverse("consultations-staff:workshop-create", kwargs=window_kwargs),
        "workshop edit": reverse(
            "consultations-staff:workshop-edit", kwargs={**window_kwargs, "pk": window.workshops.first().pk}
        ),
        "moderation queue, read only": reverse("consultations-staff:queue", kwargs=region),
        "comment, read only": reverse("consultations-staff:comment", kwargs={**region, "pk": comment.pk}),
        "staff project list": reverse("projects-staff:list", kwargs=region),
        "new project": reverse("projects-staff:create", kwargs=region),
        "project import": reverse("projects-staff:import", kwargs=region),
        "history": reverse("staff:history", kwargs={"label": "plans.activity", "pk": activity.pk}),
        "audit log": reverse("staff:audit"),
        "account": reverse("staff:account"),
        "two-step verification set-up": reverse("staff:two-factor-setup"),
        "password change": reverse("staff:password-change"),
        "password changed": reverse("staff:password-change-done"),
    }


def moderator_pages():
    plan, _section, _activity, window = _vorumaa()
    region = {"region": plan.region.slug}
    comment = Comment.objects.filter(window=window).first()
    return {
        "dashboard": reverse("staff:dashboard"),
        "moderation queue": reverse("consultations-staff:queue", kwargs=region) + "?state=",
        "comment": reverse("consultations-staff:comment", kwargs={**region, "pk": comment.pk}),
        "answer form": reverse("consultations-staff:comment-answer", kwargs={**region, "pk": comment.pk}),
        "workshop input": reverse("consultations-staff:workshop-comment", kwargs={**region, "window": window.pk}),
        "personal data": reverse("consultations-staff:personal-data", kwargs=region),
    }


def superuser_pages():
    project = Project.objects.select_related("region").first()
    region = {"region": project.region.slug}
    return {
        "dashboard": reverse("staff:dashboard"),
        "audit log": reverse("staff:audit"),
        "region workspace": reverse("plans-staff:region", kwargs=region),
        "staff project list": reverse("projects-staff:list", kwargs=region),
        "project edit": reverse("projects-staff:edit", kwargs={**region, "project": project.slug}),
        "project archive": reverse("projects-staff:archive", kwargs={**region, "project": project.slug}),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages_pass_axe_the_nu_html_checker_and_reflow(demo, open_inspector, language):
    users = get_user_model()._default_manager
    superuser = users.create_superuser("root", "root@example.org", PASSWORD)
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    with translation.override(language):
        plan, section, _activity, _window = _vorumaa()
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
