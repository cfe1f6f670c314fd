"""The consultation page, the comment form (empty, with errors, refused too fast) and the receipt in Chromium:
axe-core finds no WCAG 2.1 A/AA violations, and a person can fill the form in and get a reference number."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from plans.models import CooperationPlan
from tests.browser.test_accessibility import violations_on
from tests.factories import (
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    MunicipalityFactory,
    RegionFactory,
    ResponseFactory,
    ThemeSectionFactory,
    WorkshopFactory,
)


@pytest.fixture
def window(transactional_db, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    region = RegionFactory(slug="vorumaa", name="Võrumaa")
    MunicipalityFactory(region=region, name="Võru vald")
    plan = CooperationPlanFactory(region=region, slug="heaolu", status=CooperationPlan.Status.CONSULTATION)
    section = ThemeSectionFactory(plan=plan, title="Väärikas vananemine", theme__slug="vananemine", goals="Eesmärk.")
    window = ConsultationWindowFactory(plan=plan, title="Kava avalik arutelu")
    WorkshopFactory(window=window)
    comment = CommentFactory(window=window, section=section, published=True, body="Vt <b>seda</b> http://x.example")
    ResponseFactory(comment=comment, published_at=timezone.now())
    return window


def _form_url(window):
    kwargs = {"region": "vorumaa", "plan": "heaolu", "window": window.pk, "theme": "vananemine"}
    return reverse("consultations:comment-create", kwargs=kwargs)


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_window_page_and_empty_form_have_no_axe_violations(window, live_server, page, language):
    url = window.get_absolute_url().replace("/et/", f"/{language}/", 1)
    assert violations_on(page, live_server.url + url) == []
    assert violations_on(page, live_server.url + _form_url(window).replace("/et/", f"/{language}/", 1)) == []


def test_form_with_errors_has_no_axe_violations_and_keeps_the_text(window, live_server, page):
    page.goto(live_server.url + _form_url(window))
    page.fill("#id_body", "lühike")
    page.fill("#id_email", "mari@")
    page.locator("input[type=submit]").click()
    assert page.locator(".is-invalid").count() >= 3  # category, body, e-mail, consent
    assert page.input_value("#id_body") == "lühike"
    assert violations_on(page, page.url) == []
    assert not Comment.objects.filter(body="lühike").exists()


def test_form_refused_as_too_fast_has_no_axe_violations(window, live_server, page, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 600
    page.goto(live_server.url + _form_url(window))
    page.check("#id_category_1")
    page.fill("#id_body", "Eakate transport vajab kokkulepet.")
    page.check("#id_consent")
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    # The only error: in the summary, which has the focus.
    assert page.locator("[data-error-summary] li").count() == 1
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    assert page.locator(".is-invalid").count() == 0
    assert violations_on(page, page.url) == []


FORM_TEXT = {
    "et": ("Saada kommentaar", "10–5000 tähemärki"),
    "en": ("Send comment", "Between 10 and 5000 characters"),
    "fi": ("Lähetä kommentti", "10–5000 merkkiä"),
}


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_form_reads_in_the_language_of_its_address(window, live_server, page, language):
    # Estonian first, as the visitor before might have seen it: no language may stick to the form.
    page.goto(live_server.url + _form_url(window))
    page.goto(live_server.url + _form_url(window).replace("/et/", f"/{language}/", 1))
    button, help_text = FORM_TEXT[language]
    assert page.locator("input[type=submit]").get_attribute("value") == button
    assert help_text in page.locator("#id_body_helptext").inner_text()
    if language != "et":
        assert "Saada kommentaar" not in page.content() and "tähemärki" not in page.content()


def test_person_sends_a_comment_and_gets_a_receipt_without_axe_violations(window, live_server, page):
    page.goto(live_server.url + _form_url(window))
    page.check("#id_category_3")
    page.fill("#id_body", "Eakate transport maapiirkondades vajab ühist kokkulepet.")
    page.fill("#id_author_name", "Mari")
    page.check("#id_consent")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/consultations/receipt/**")
    comment = Comment.objects.get(author_name="Mari")
    assert comment.reference in page.content()
    assert violations_on(page, page.url) == []


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus (as a keyboard user moves)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_a_resident_comments_with_the_keyboard_alone(window, live_server, page, language):
    page.goto(live_server.url + window.get_absolute_url().replace("/et/", f"/{language}/", 1))
    form_path = _form_url(window).replace("/et/", f"/{language}/", 1)

    _tab_to(page, f'a[href="{form_path}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{form_path}")
    _tab_to(page, "input[name=category]")
    page.keyboard.press("ArrowDown")  # radio buttons: the arrow keys choose
    _tab_to(page, "#id_body")
    page.keyboard.type(f"Klaviatuuriga kirjutatud kommentaar ({language}).")
    _tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    _tab_to(page, "input[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/consultations/receipt/**")
    comment = Comment.objects.get(body=f"Klaviatuuriga kirjutatud kommentaar ({language}).")
    assert comment.reference in page.content()
    assert comment.category != ""
