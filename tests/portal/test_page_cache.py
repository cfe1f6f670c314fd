"""Whole public pages are cached for visitors, and a content change shows at once."""

import logging
import re
from pathlib import Path

import pybreaker
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from consultations.models import Workshop
from core import page_cache
from core.page_cache import public_page_cache
from plans.models import CooperationPlan
from projects.models import Project
from tests.factories import ActivityFactory, CooperationPlanFactory, UserFactory
from tests.page_types import public_pages

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


def test_pages_not_marked_for_the_cache_are_never_cached(client):
    client.get(reverse("accessibility"))
    assert "X-Page-Cache" not in client.get(reverse("accessibility"))


def test_a_404_is_not_cached(client):
    client.get("/et/plans/nowhere/nothing/")
    assert "X-Page-Cache" not in client.get("/et/plans/nowhere/nothing/")


def _failing_cache(monkeypatch, error: Exception):
    def fail(*args, **kwargs):
        raise error

    backend = type(caches["default"])
    for method in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(backend, method, fail)


def test_a_cache_that_fails_is_not_an_error(client, plan, monkeypatch):
    _failing_cache(monkeypatch, ConnectionError("Redis is down"))
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_a_cache_that_is_away_is_a_warning_without_a_traceback(client, plan, monkeypatch, caplog):
    _failing_cache(monkeypatch, pybreaker.CircuitBreakerError("open"))
    with caplog.at_level(logging.WARNING, logger="core.page_cache"):
        response = client.get(plan.get_absolute_url())

    assert response.status_code == 200 and "Heaolu koostöökava" in response.content.decode()
    records = [record for record in caplog.records if record.name == "core.page_cache"]
    assert records and all(record.levelno == logging.WARNING and not record.exc_info for record in records)


def test_any_other_cache_error_is_logged_with_its_traceback_and_the_page_still_shown(client, plan, monkeypatch, caplog):
    _failing_cache(monkeypatch, RuntimeError("a bug in a cache backend"))
    with caplog.at_level(logging.WARNING, logger="core.page_cache"):
        assert client.get(plan.get_absolute_url()).status_code == 200
    records = [record for record in caplog.records if record.name == "core.page_cache"]
    assert records and all(record.levelno == logging.ERROR and record.exc_info for record in records)


def test_moving_to_a_new_generation_while_the_cache_is_away_is_a_warning(monkeypatch, caplog):
    _failing_cache(monkeypatch, pybreaker.CircuitBreakerError("open"))
    with caplog.at_level(logging.WARNING, logger="core.page_cache"):
        page_cache.public_pages_changed()
    [record] = [record for record in caplog.records if record.name == "core.page_cache"]
    assert record.levelno == logging.WARNING and not record.exc_info


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
    from documents import rendering
    from documents.models import Document

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(rendering, "render_pdf", lambda *, html, base_url: (b"%PDF-1.7\n" + b"x" * 5000, 1))
    with django_capture_on_commit_callbacks(execute=False):  # queued, not rendered (the task is not run)
        document = rendering.document_request(plan=plan, kind=Document.Kind.PLAN_SUMMARY)
    before = client.get(plan.get_absolute_url())
    assert client.get(plan.get_absolute_url())["X-Page-Cache"] == "hit"

    # The render records the ready file with a conditional update: no post_save, but plans announce it.
    with django_capture_on_commit_callbacks(execute=True):
        rendering.document_render(document_id=document.pk)

    after = client.get(plan.get_absolute_url())
    assert "X-Page-Cache" not in after
    assert after.content != before.content
    assert "4,9" in after.content.decode() or "4.9" in after.content.decode()  # 5 009 bytes, as "4,9 KB"


def test_plans_announce_changed_files_without_importing_the_portal(plan, django_capture_on_commit_callbacks):
    from core import page_cache
    from documents.signals import plan_files_changed

    generation = page_cache._generation()
    with django_capture_on_commit_callbacks(execute=True):
        plan_files_changed.send(sender=None, plan=plan)
    assert page_cache._generation() == generation + 1
    for module in ("plans/documents.py", "documents/rendering.py", "documents/signals.py"):
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


def test_a_head_request_is_answered_from_the_page_a_get_stored(client, plan):
    client.get(plan.get_absolute_url())
    assert client.head(plan.get_absolute_url())["X-Page-Cache"] == "hit"


def test_an_entry_expires_after_the_cache_seconds(client, plan, settings, clock):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.get(plan.get_absolute_url())
    clock.shift(59)
    assert client.get(plan.get_absolute_url())["X-Page-Cache"] == "hit"
    clock.shift(2)
    assert "X-Page-Cache" not in client.get(plan.get_absolute_url())


# --- Every page type on the demo data ---------------------------------------------------------------------------

# Pages of public_pages() that carry a form with the visitor's own CSRF token, or are not public content (a receipt,
# links from e-mails, the feedback table, a 404): rendered for each request. All the others are cached.
RENDERED_EACH_TIME = {
    "consultation window",  # the subscription form
    "comment form",
    "subscribe",
    "subscription confirmation",
    "unsubscribe",
    "contact removal",
    "accessibility statement",  # the feedback form
    "receipt",
    "feedback table",
    "page not found",
}


@pytest.fixture
def demo(db, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    call_command("load_demo", verbosity=0)


def _cached_page_types() -> dict[str, str]:
    """Every page type the cache serves: the HTML pages, and the feeds, sitemaps, calendars and API answers."""
    pages = {name: path for name, (path, _status) in public_pages("et").items() if name not in RENDERED_EACH_TIME}
    plan = CooperationPlan.objects.originals().select_related("region").get(region__slug="vorumaa")
    workshop = Workshop.objects.select_related("window__plan__region").filter(window__plan=plan).first()
    project = Project.objects.public().filter(events__isnull=False).select_related("region").first()
    window_kwargs = {"region": plan.region.slug, "plan": plan.slug, "window": workshop.window_id}
    return {
        **pages,
        "workshops calendar": reverse("consultations:workshops-ics", kwargs=window_kwargs),
        "project events calendar": reverse(
            "projects:events-ical", kwargs={"region": project.region.slug, "slug": project.slug}
        ),
        "plans feed": reverse("feeds:plans"),
        "consultations feed": reverse("feeds:consultations"),
        "sitemap index": reverse("sitemap"),
        "sitemap section": reverse("sitemap-section", kwargs={"section": "plans"}),
        **{f"API {name}": reverse(f"api:{name}") for name in ("root", "regions", "municipalities", "themes")},
        **{f"API {name}": reverse(f"api:{name}") for name in ("plans", "sections", "activities", "indicators")},
        "API plan": reverse("api:plan", kwargs={"pk": plan.pk}),
        "API OpenAPI document": reverse("api:openapi"),
    }


def test_every_public_page_type_without_a_visitors_form_is_served_from_the_cache_without_queries(
    client, demo, django_assert_num_queries
):
    for name, path in _cached_page_types().items():
        first = client.get(path)
        assert first.status_code == 200 and "X-Page-Cache" not in first, name

        with django_assert_num_queries(0):
            second = client.get(path)

        assert second["X-Page-Cache"] == "hit", name
        assert second.content == first.content, name
        # What the view set (the content type, a download's file name, CORS) and what the middleware adds.
        for header in ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin", "Content-Language"):
            assert second.get(header) == first.get(header), (name, header)
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"], name


def test_staff_are_never_served_a_cached_page(client, demo):
    pages = _cached_page_types()
    for path in pages.values():
        client.get(path)  # cached for visitors
    client.force_login(UserFactory(staff=True))
    for name, path in pages.items():
        assert "X-Page-Cache" not in client.get(path), name


def test_pages_with_a_form_of_the_visitors_own_are_rendered_for_every_request(client, demo):
    pages = public_pages("et")
    for name in RENDERED_EACH_TIME:
        path, status = pages[name]
        client.get(path)
        response = client.get(path)
        assert response.status_code == status, name
        assert "X-Page-Cache" not in response, name


# --- The decorator on views of its own ------------------------------------------------------------------------


@public_page_cache
def language_page(request):
    return HttpResponse(f"<p>{translation.get_language()}</p>")


def test_a_page_cached_in_one_language_is_not_served_in_another(rf):
    with translation.override("et"):
        language_page(rf.get("/bench/"))
        assert language_page(rf.get("/bench/"))["X-Page-Cache"] == "hit"
    with translation.override("fi"):
        finnish = language_page(rf.get("/bench/"))
    assert "X-Page-Cache" not in finnish
    assert finnish.content == b"<p>fi</p>"


def test_a_page_cached_for_one_host_or_scheme_is_not_served_for_another(rf, settings):
    settings.ALLOWED_HOSTS = ["portal.example.ee", "heaolu.example.fi"]
    language_page(rf.get("/bench/", HTTP_HOST="portal.example.ee"))
    assert language_page(rf.get("/bench/", HTTP_HOST="portal.example.ee"))["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in language_page(rf.get("/bench/", HTTP_HOST="heaolu.example.fi"))
    assert "X-Page-Cache" not in language_page(rf.get("/bench/", HTTP_HOST="portal.example.ee", secure=True))


def test_each_query_string_is_a_page_of_its_own(rf):
    language_page(rf.get("/bench/", {"q": "heaolu"}))
    assert language_page(rf.get("/bench/", {"q": "heaolu"}))["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in language_page(rf.get("/bench/", {"q": "koostöö"}))


@public_page_cache
def page_with_a_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


def test_a_marked_page_that_uses_the_csrf_token_is_never_stored(rf):
    first = page_with_a_csrf_token(rf.get("/form/"))
    second = page_with_a_csrf_token(rf.get("/form/"))

    assert "X-Page-Cache" not in second
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies  # the visitor's own, from csrf_protect
    assert first.content != second.content


@public_page_cache
def page_with_a_cookie(request):
    response = HttpResponse("<p>Tere</p>")
    response.set_cookie("seen", "1")
    return response


@public_page_cache
def page_varying_with_cookies(request):
    response = HttpResponse("<p>Tere</p>")
    patch_vary_headers(response, ["Cookie"])
    return response


def test_a_page_that_sets_a_cookie_or_varies_with_cookies_is_never_stored(rf):
    for view in (page_with_a_cookie, page_varying_with_cookies):
        view(rf.get("/cookie/"))
        assert "X-Page-Cache" not in view(rf.get("/cookie/")), view.__name__


def test_a_post_is_never_answered_from_the_cache(rf):
    language_page(rf.get("/bench/"))
    assert "X-Page-Cache" not in language_page(rf.post("/bench/"))
