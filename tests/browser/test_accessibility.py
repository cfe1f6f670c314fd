"""axe-core in Chromium finds no WCAG 2.1 A/AA (or best-practice) violations on any public page, in any language."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from plans.models import CooperationPlan, Organisation
from projects.models import Project
from themes.models import Theme

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def public_pages():
    plan = CooperationPlan.objects.select_related("region").get(region__slug="vorumaa")
    project = Project.objects.select_related("region").filter(region__slug="laane-virumaa").first()
    section = plan.sections.select_related("theme").filter(activities__indicators__isnull=False).first()
    activity = section.activities.filter(indicators__isnull=False).first()
    municipality = plan.region.municipalities.filter(activities__isnull=False).first()
    section_kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
    return {
        "section": reverse("plans:section", kwargs=section_kwargs),
        "activity": reverse("plans:activity", kwargs={**section_kwargs, "pk": activity.pk}),
        "municipality": reverse("plans:municipality", kwargs={"region": plan.region.slug, "slug": municipality.slug}),
        "search results": reverse("search") + "?q=heaolu",
        "search without a query": reverse("search") + "?q=",
        "home": reverse("home"),
        "region": plan.region.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "theme": Theme.objects.filter(sections__plan=plan).first().get_absolute_url(),
        "organisation": Organisation.objects.get(pk=plan.lead_organisation_id).get_absolute_url(),
        "project list": reverse("projects:list"),
        "project": project.get_absolute_url(),
        "accessibility statement": reverse("accessibility"),
        "api documentation": reverse("api-docs"),
        "page not found": "/" + translation.get_language() + "/no-such-page/",
    }


EXPECTED_STATUS = {"page not found": 404}


def violations_on(page, url, status=200):
    response = page.goto(url)
    assert response.status == status, url
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_every_public_page_has_no_axe_violations(demo, live_server, page, language):
    with translation.override(language):
        urls = public_pages()
    found = {
        name: violations_on(page, live_server.url + url, EXPECTED_STATUS.get(name, 200)) for name, url in urls.items()
    }
    assert {name: v for name, v in found.items() if v} == {}


def test_plan_page_on_a_320px_phone_has_no_axe_violations_and_no_sideways_scrolling(demo, live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    url = live_server.url + public_pages()["plan"]
    assert violations_on(page, url) == []
    # Wide tables scroll inside their own box; the page itself must not (WCAG 1.4.10 reflow).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_keyboard_user_can_skip_to_the_content(demo, live_server, page):
    page.goto(live_server.url + reverse("home"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_feedback_form_with_errors_has_no_axe_violations(demo, live_server, page):
    page.goto(live_server.url + reverse("accessibility"))
    page.get_by_role("button").filter(has_text="Saada tagasiside").click()
    assert page.locator(".invalid-feedback, .is-invalid").count() > 0
    assert violations_on(page, page.url) == []


def test_staff_document_list_and_preparing_page_have_no_axe_violations(demo, live_server, page, settings, monkeypatch):
    from django.contrib.auth.models import User

    from plans.models import Document

    plan = CooperationPlan.objects.select_related("region").get(region__slug="vorumaa")
    section = plan.sections.select_related("theme").first()
    Document.objects.create(plan=plan, kind="theme_sheet", section=section, language="et", state="failed", error="x")
    User.objects.create_superuser("doc-admin", "doc-admin@example.org", "a long test password 1")
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "doc-admin")
    page.fill("#id_password", "a long test password 1")
    page.click("input[type=submit]")
    kwargs = {"region": plan.region.slug, "plan": plan.slug}
    assert violations_on(page, live_server.url + reverse("plans:staff-documents", kwargs=kwargs)) == []
    # With a worker (not eager) and nothing ready, a download answers with the page that says it is being prepared.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from plans import documents

    monkeypatch.setattr(documents, "_enqueue", lambda document_id: None)
    sheet = reverse("plans:theme-sheet-pdf", kwargs={**kwargs, "theme": section.theme.slug})
    assert violations_on(page, live_server.url + sheet, status=503) == []
