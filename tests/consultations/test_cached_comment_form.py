"""The empty comment form is served from the page cache with a CSRF token and start moment of each visitor's own,
and a submission reads what it looks up from the cache too (bench/comments.py: the busiest pages of a consultation)."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.abuse import filled_too_fast
from consultations.models import Comment
from tests.consultations.conftest import comment_data
from welfare_portal import page_cache

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_INPUT = re.compile(r'name="started" value="([^"]+)"')


def _tokens(response) -> tuple[str, str]:
    html = response.content.decode()
    return CSRF_INPUT.search(html).group(1), STARTED_INPUT.search(html).group(1)


def test_each_visitor_of_the_cached_form_gets_tokens_of_their_own(consultation, django_assert_num_queries):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get(consultation.form_url)
    assert "X-Page-Cache" not in rendered

    with django_assert_num_queries(0):
        served = second.get(consultation.form_url)

    assert served["X-Page-Cache"] == "hit"
    assert served.cookies["csrftoken"].value != rendered.cookies["csrftoken"].value
    assert _tokens(served)[0] != _tokens(rendered)[0]
    assert "\x00" not in served.content.decode()  # no placeholder is left behind
    # Everything else is the same page.
    assert CSRF_INPUT.sub("", STARTED_INPUT.sub("", served.content.decode())) == CSRF_INPUT.sub(
        "", STARTED_INPUT.sub("", rendered.content.decode())
    )


def test_the_start_moment_of_a_cached_form_is_the_moment_it_was_served(consultation, settings, clock):
    settings.CONSULTATION_MIN_FILL_SECONDS = 2
    Client().get(consultation.form_url)
    clock.shift(3)  # the cached copy is older than the minimum fill time
    served = Client().get(consultation.form_url)
    assert served["X-Page-Cache"] == "hit"
    started = _tokens(served)[1]
    now = time.time()
    assert filled_too_fast(started, now=now)  # counted from when it was served, not from when it was rendered
    assert not filled_too_fast(started, now=now + 3)


def test_a_comment_sent_from_a_cached_form_is_accepted(consultation, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    Client().get(consultation.form_url)
    visitor = Client(enforce_csrf_checks=True)
    served = visitor.get(consultation.form_url)
    assert served["X-Page-Cache"] == "hit"
    csrf, started = _tokens(served)

    response = visitor.post(consultation.form_url, comment_data(csrfmiddlewaretoken=csrf, started=started, email=""))

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_a_cached_form_is_not_served_after_the_window_closes(consultation, clock):
    consultation.window.closes_at = timezone.now() + timedelta(seconds=1)
    consultation.window.save()
    assert Client().get(consultation.form_url).status_code == 200
    clock.shift(2)
    response = Client().get(consultation.form_url)
    assert "X-Page-Cache" not in response
    assert 'method="post"' not in response.content.decode()


def test_a_new_comment_keeps_the_page_cache_and_a_moderated_one_empties_it(
    client, consultation, django_capture_on_commit_callbacks
):
    generation = page_cache._generation()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(consultation.form_url, comment_data(email="")).status_code == 302
    assert page_cache._generation() == generation  # no cached page shows a comment until it is answered

    comment = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        comment.state = Comment.State.PUBLISHED
        comment.save()
    assert page_cache._generation() == generation + 1


def test_a_second_submission_only_writes(client, consultation):
    assert client.post(consultation.form_url, comment_data(email="")).status_code == 302
    with CaptureQueriesContext(connection) as captured:
        response = client.post(consultation.form_url, comment_data(email="", body="Teine kommentaar samal teemal."))
    assert response.status_code == 302
    # The window, plan, region and theme come from the cache: what is left is writing the comment and its history
    # row, on every database.
    statements = [query["sql"].split()[0] for query in captured.captured_queries]
    assert [verb for verb in statements if verb not in ("BEGIN", "SAVEPOINT", "RELEASE")] == ["INSERT", "INSERT"]


def test_staff_always_get_the_form_rendered_and_looked_up_afresh(client, consultation):
    from tests.factories import UserFactory

    Client().get(consultation.form_url)
    client.force_login(UserFactory(staff=True))
    assert "X-Page-Cache" not in client.get(consultation.form_url)


def test_each_language_has_a_cached_form_of_its_own_in_that_language(consultation):
    buttons = {"et": "Saada kommentaar", "en": "Send comment", "fi": "Lähetä kommentti"}
    for language, button in buttons.items():
        url = consultation.form_url.replace("/et/", f"/{language}/", 1)
        rendered, served = Client().get(url), Client().get(url)
        assert served["X-Page-Cache"] == "hit"
        for page in (rendered, served):
            html = page.content.decode()
            assert button in html
            assert not any(other in html for other in buttons.values() if other != button)
