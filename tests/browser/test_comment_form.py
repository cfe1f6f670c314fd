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
    page.locator("input[type=submit]").click()
    assert page.locator(".alert-danger").count() == 1
    assert violations_on(page, page.url) == []


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
