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
    return {
        "home": reverse("home"),
        "region": plan.region.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "theme": Theme.objects.filter(sections__plan=plan).first().get_absolute_url(),
        "organisation": Organisation.objects.get(pk=plan.lead_organisation_id).get_absolute_url(),
        "project list": reverse("projects:list"),
        "project": project.get_absolute_url(),
    }


def violations_on(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_every_public_page_has_no_axe_violations(demo, live_server, page, language):
    with translation.override(language):
        urls = public_pages()
    found = {name: violations_on(page, live_server.url + url) for name, url in urls.items()}
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
