"""axe-core in headless Chromium finds nothing on the moderation queue, a comment, an answer form with errors, the
window form, the personal-data page and the public feedback table."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from plans.models import CooperationPlan
from tests.browser.test_accessibility import AXE_OPTIONS, violations_on
from tests.factories import CommenterContactFactory, CommentFactory, ResponseFactory
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    staff_world.plan.status = CooperationPlan.Status.CONSULTATION
    staff_world.plan.save()
    answered = CommentFactory(
        window=staff_world.window, section=staff_world.section, published=True, author_name="Mari"
    )
    ResponseFactory(
        comment=answered,
        changed_activity=staff_world.activity,
        published_at=answered.submitted_at,
        reason="Arvestatud.",
    )
    CommenterContactFactory(comment=staff_world.comment, email="mari@example.org")
    return staff_world


def logged_in(page, live_server, user):
    """The browser carries the session of a user logged in by Django's test client (no log-in form, no 2FA)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return page


def test_moderation_pages_have_no_axe_violations(live_server, page, world):
    logged_in(page, live_server, world.users["moderator"])
    region = world.region.slug
    urls = {
        "queue": reverse("consultations-staff:queue", kwargs={"region": region}) + "?state=",
        "comment": reverse("consultations-staff:comment", kwargs={"region": region, "pk": world.comment.pk}),
        "answer": reverse("consultations-staff:comment-answer", kwargs={"region": region, "pk": world.comment.pk}),
        "window": reverse("consultations-staff:window-edit", kwargs={"region": region, "window": world.window.pk}),
        "windows": reverse("consultations-staff:windows", kwargs={"region": region}),
        "input": reverse("consultations-staff:workshop-comment", kwargs={"region": region, "window": world.window.pk}),
        "personal data": reverse("consultations-staff:personal-data", kwargs={"region": region}),
    }

    found = {name: violations_on(page, live_server.url + url) for name, url in urls.items()}

    assert {name: v for name, v in found.items() if v} == {}


def test_personal_data_found_for_an_address_has_no_axe_violations(live_server, page, world):
    logged_in(page, live_server, world.users["moderator"])
    page.goto(live_server.url + reverse("consultations-staff:personal-data", kwargs={"region": world.region.slug}))

    page.locator("input[name=email]").fill("mari@example.org")
    page.locator("button[value=find]").click()
    page.wait_for_load_state()

    assert page.locator("button[value=json]").count() == 1
    results = Axe().run(page, options=AXE_OPTIONS)
    assert [v["id"] for v in results.response["violations"]] == []


def test_an_answer_form_with_errors_has_no_axe_violations(live_server, page, world):
    logged_in(page, live_server, world.users["moderator"])
    url = reverse("consultations-staff:comment-answer", kwargs={"region": world.region.slug, "pk": world.comment.pk})
    page.goto(live_server.url + url)

    page.locator("button[name=publish]").click()
    page.wait_for_load_state()

    assert page.locator(".invalid-feedback, .is-invalid").count() > 0
    results = Axe().run(page, options=AXE_OPTIONS)
    assert [v["id"] for v in results.response["violations"]] == []


def test_the_public_feedback_table_has_no_axe_violations(live_server, page, world):
    url = reverse(
        "consultations:feedback",
        kwargs={"region": world.region.slug, "plan": world.plan.slug, "window": world.window.pk},
    )

    assert violations_on(page, live_server.url + url) == []
