"""Whole public pages are cached for visitors, and a content change shows at once."""

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.urls import reverse

from plans.models import CooperationPlan
from tests.factories import ActivityFactory, CooperationPlanFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED, title="Heaolu koostöökava")


def test_second_visit_is_served_from_the_cache_without_queries(client, plan, django_assert_num_queries):
    first = client.get(plan.get_absolute_url())
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get(plan.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_content_change_shows_on_the_next_visit(client, plan, django_capture_on_commit_callbacks):
    client.get(plan.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        ActivityFactory(section__plan=plan, title="Uus ühine teenus")
    response = client.get(plan.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Uus ühine teenus" in response.content.decode()


def test_a_change_that_is_rolled_back_keeps_the_cache(client, plan, django_capture_on_commit_callbacks):
    client.get(plan.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=False):
        ActivityFactory(section__plan=plan)  # never committed: its callbacks are dropped
    assert client.get(plan.get_absolute_url())["X-Page-Cache"] == "hit"


def test_languages_are_cached_apart(client, plan):
    estonian = client.get(plan.get_absolute_url())
    english = client.get(plan.get_absolute_url().replace("/et/", "/en/", 1))
    assert '<html lang="et">' in estonian.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_logged_in_staff_always_see_the_page_rendered(client, plan):
    client.get(plan.get_absolute_url())
    client.force_login(UserFactory(staff=True))
    assert "X-Page-Cache" not in client.get(plan.get_absolute_url())


def test_pages_outside_the_list_are_never_cached(client):
    client.get(reverse("accessibility"))
    assert "X-Page-Cache" not in client.get(reverse("accessibility"))


def test_a_404_is_not_cached(client):
    client.get("/et/plans/nowhere/nothing/")
    assert "X-Page-Cache" not in client.get("/et/plans/nowhere/nothing/")


def test_a_cache_that_fails_is_not_an_error(client, plan, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    backend = type(caches["default"])
    monkeypatch.setattr(backend, "get", down)
    monkeypatch.setattr(backend, "set", down)
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_cache_can_be_turned_off(client, plan, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(plan.get_absolute_url())
    assert "X-Page-Cache" not in client.get(plan.get_absolute_url())


def test_api_answers_are_cached_too(client, plan):
    client.get("/api/v1/plans/")
    assert client.get("/api/v1/plans/")["X-Page-Cache"] == "hit"


def test_the_same_search_again_is_answered_from_the_cache_and_another_is_not(client, plan):
    client.get(reverse("search"), {"q": "heaolu"})
    assert client.get(reverse("search"), {"q": "heaolu"})["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get(reverse("search"), {"q": "koostöö"})


# --- files that become ready ------------------------------------------------------------------------------------


def test_a_pdf_that_becomes_ready_shows_its_size_on_the_next_visit(
    client, plan, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    from plans import documents
    from plans.models import Document

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(documents, "render_pdf", lambda *, html, base_url: (b"%PDF-1.7\n" + b"x" * 5000, 1))
    with django_capture_on_commit_callbacks(execute=False):  # queued, not rendered (the task is not run)
        document = documents.document_request(plan=plan, kind=Document.Kind.PLAN_SUMMARY)
    before = client.get(plan.get_absolute_url())
    assert client.get(plan.get_absolute_url())["X-Page-Cache"] == "hit"

    # The render records the ready file with a conditional update: no post_save, but plans announce it.
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_render(document_id=document.pk)

    after = client.get(plan.get_absolute_url())
    assert "X-Page-Cache" not in after
    assert after.content != before.content
    assert "4,9" in after.content.decode() or "4.9" in after.content.decode()  # 5 009 bytes, as "4,9 KB"


def test_plans_announce_changed_files_without_importing_the_portal(plan, django_capture_on_commit_callbacks):
    from plans.signals import plan_files_changed
    from welfare_portal import page_cache

    generation = page_cache._generation()
    with django_capture_on_commit_callbacks(execute=True):
        plan_files_changed.send(sender=None, plan=plan)
    assert page_cache._generation() == generation + 1
    for module in ("plans/documents.py", "plans/signals.py"):
        assert not re.search(r"^\s*(from|import) welfare_portal", Path(module).read_text(), re.MULTILINE)


def test_a_one_time_message_is_shown_to_its_visitor_only_and_never_cached(client, plan):
    from django.test import Client
    from django.utils.translation import gettext

    other = Client()
    other.get(plan.get_absolute_url())  # now cached
    subscribe = reverse("consultations:subscribe", kwargs={"region": plan.region.slug})
    client.post(subscribe, {"email": "jaan@example.org"})  # leaves a one-time message in a cookie
    confirmation = gettext("Thank you. We sent a mail to %(email)s: open the link in it to confirm the subscription.")
    expected = confirmation % {"email": "jaan@example.org"}

    with_message = client.get(plan.get_absolute_url())

    assert "X-Page-Cache" not in with_message
    assert expected in with_message.content.decode()
    served = other.get(plan.get_absolute_url())
    assert served["X-Page-Cache"] == "hit" and expected not in served.content.decode()
