"""In headless Chromium, in every language: a keyboard user who sends an invalid comment or an invalid staff form
lands on the error summary (the focus is moved there), each link in it moves the focus to its input, and axe-core
finds nothing on the page with errors."""

import pytest
from django.urls import reverse

from tests.browser.test_comment_form import _form_url, _tab_to
from tests.browser.test_comment_form import window as window  # the fixture, for this module too
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too

LANGUAGES = ["et", "en", "fi"]
FOCUSED_SUMMARY = "document.activeElement && document.activeElement.matches('[data-error-summary]')"


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def _links(page) -> list[str]:
    return page.eval_on_selector_all("[data-error-summary] a", "links => links.map(a => a.getAttribute('href'))")


def _follow_every_link_with_the_keyboard(page) -> None:
    """Enter on each link of the summary puts the focus on the input the link names."""
    for index, href in enumerate(_links(page)):
        page.locator("[data-error-summary] a").nth(index).focus()
        page.keyboard.press("Enter")
        assert _focused_id(page) == href[1:]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invalid_comment_sent_with_the_keyboard_lands_on_the_summary(window, live_server, page, language):
    page.goto(live_server.url + _form_url(window).replace("/et/", f"/{language}/", 1))
    _tab_to(page, "#id_body")
    page.keyboard.type("lühike")
    _tab_to(page, "input[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.evaluate(FOCUSED_SUMMARY)
    assert page.title().startswith({"et": "Viga: ", "en": "Error: ", "fi": "Virhe: "}[language])
    assert _links(page) == ["#id_category_0", "#id_body", "#id_consent"]
    # From the summary, Tab reaches its first link; Enter there goes to the first radio button of the group.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert _focused_id(page) == "id_category_0"
    _follow_every_link_with_the_keyboard(page)
    assert page.input_value("#id_body") == "lühike"
    assert axe_violations(page) == []


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    return staff_world


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invalid_staff_form_sent_with_the_keyboard_lands_on_the_summary(live_server, page, world, language):
    log_in(page, live_server, world.users["editor"].username)
    url = reverse("plans-staff:organisation-create", kwargs={"region": world.region.slug})
    page.goto(live_server.url + url.replace("/et/", f"/{language}/", 1))
    _tab_to(page, "#organisation-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.evaluate(FOCUSED_SUMMARY)
    assert "#id_name" in _links(page)
    _follow_every_link_with_the_keyboard(page)
    assert axe_violations(page) == []


def test_a_plan_with_a_bad_milestone_links_into_the_formset(live_server, page, world):
    log_in(page, live_server, world.users["editor"].username)
    url = reverse("plans-staff:plan-edit", kwargs={"region": world.region.slug, "plan": world.plan.slug})
    # The milestones are a step of the plan editor of their own.
    page.goto(live_server.url + url.replace("/et/", "/en/", 1) + "?step=milestones")
    page.fill("#id_milestones-0-title", "Veebitöötuba")
    with page.expect_navigation():
        page.locator("#plan-form button[type=submit]").click()

    assert page.evaluate(FOCUSED_SUMMARY)
    links = _links(page)
    assert links and all(link.startswith("#id_milestones-0-") for link in links)
    _follow_every_link_with_the_keyboard(page)
    assert axe_violations(page) == []
