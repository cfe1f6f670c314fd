"""In Chromium at 320 CSS pixels, in et, en and fi: the feedback page, the staff dashboard and the plan editor do not
scroll sideways (WCAG 1.4.10 reflow) and axe-core finds nothing on them; the header's menu folds behind a button; at
1280 pixels the staff header stays on one row; focused inputs and buttons wear the strong focus ring."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from consultations.models import ConsultationWindow
from plans.models import CooperationPlan
from tests.browser.chromium import NARROWEST, REFLOW, sideways
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import TEST_PASSWORD
from tests.page_types import open_change_set

LANGUAGES = ["et", "en", "fi"]


@pytest.fixture
def demo_editor(transactional_db):
    call_command("load_demo", verbosity=0)
    editor = get_user_model().objects.get(username="vorumaa-editor")
    editor.set_password(TEST_PASSWORD)
    editor.save()
    return editor


def pages(language):
    plan = CooperationPlan.objects.originals().select_related("region").get(region__slug="vorumaa")
    window = ConsultationWindow.objects.filter(plan=plan).first()
    kwargs = {"region": plan.region.slug, "plan": plan.slug}
    # The demo plan is public: its editor is a change set's working copy.
    copy_kwargs = {**kwargs, "plan": open_change_set(plan).working_copy.slug}
    with translation.override(language):
        return {
            "feedback": reverse("consultations:feedback", kwargs={**kwargs, "window": window.pk}),
            "dashboard": reverse("staff:dashboard"),
            "plan editor": reverse("plans-staff:plan-edit", kwargs=copy_kwargs),
        }


def logged_in_context(browser, live_server, username, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + reverse("staff:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/login/" not in page.url
    return context, page


def axe_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedback_dashboard_and_plan_editor_fit_a_320px_screen_without_axe_findings(
    demo_editor, live_server, browser, language
):
    context, page = logged_in_context(browser, live_server, demo_editor.username, NARROWEST)
    findings = {}
    for name, url in pages(language).items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        problem = sideways(page.evaluate(REFLOW))
        problems = [f"scrolls sideways: {problem}"] if problem else []
        problems += axe_violations(page)
        if problems:
            findings[name] = problems
    context.close()
    assert findings == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_menu_folds_behind_a_button_on_a_phone(demo_editor, live_server, browser, language):
    context, page = logged_in_context(browser, live_server, demo_editor.username, NARROWEST)
    page.goto(live_server.url + pages(language)["dashboard"])
    switcher = page.locator(".language-switcher")
    assert not switcher.is_visible()
    page.locator(".site-menu-toggle").click()
    assert switcher.is_visible()
    assert sideways(page.evaluate(REFLOW)) == ""
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_staff_header_stays_on_one_row_at_1280px(demo_editor, live_server, browser, language):
    context, page = logged_in_context(browser, live_server, demo_editor.username, 1280)
    page.goto(live_server.url + pages(language)["dashboard"])
    assert not page.locator(".site-menu-toggle").is_visible()
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.site-header .navbar-brand, .site-menu-items > *')]
            .map(el => { const box = el.getBoundingClientRect(); return box.top + box.height / 2; })"""
    )
    assert len(tops) == 5 and max(tops) - min(tops) < 8, tops
    context.close()


def test_focused_inputs_and_buttons_wear_a_ring_of_at_least_3_to_1(demo_editor, live_server, browser):
    context, page = logged_in_context(browser, live_server, demo_editor.username, 1280)
    page.goto(live_server.url + pages("en")["plan editor"])
    for selector in ("#plan-form input[name=title]", "#plan-form button[type=submit]", "#plan-form select"):
        page.locator(selector).first.focus()
        # Bootstrap eases box-shadow in over .15s: wait for the end of the transition, not for a fixed time.
        page.wait_for_function(
            "(selector) => document.querySelector(selector).getAnimations().length === 0", arg=selector
        )
        ring = page.evaluate(
            """(selector) => { const style = getComputedStyle(document.querySelector(selector));
                return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow]; }""",
            selector,
        )
        # A yellow outline (5.4:1 on the dark header) over a near-black ring (19:1 on white), not Bootstrap's pale one.
        assert ring[:3] == ["solid", "3px", "rgb(255, 191, 71)"], (selector, ring)
        assert ring[3].startswith("rgb(11, 12, 12) 0px 0px 0px 5px"), (selector, ring)
    context.close()
