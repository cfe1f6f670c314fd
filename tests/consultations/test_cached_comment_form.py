"""The comment form carries a CSRF token and start moment of each visitor's own: it is rendered for every request
and never stored in the page cache. What the form and a submission look up (window, plan, region, theme) is kept
with the public pages for visitors (core/page_cache.py: remember), so both stay cheap
(bench/comments.py: the busiest pages of a consultation)."""

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
from core import page_cache
from tests.consultations.conftest import comment_data

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_INPUT = re.compile(r'name="started" value="([^"]+)"')


def _tokens(response) -> tuple[str, str]:
    html = response.content.decode()
    return CSRF_INPUT.search(html).group(1), STARTED_INPUT.search(html).group(1)


def test_the_form_is_rendered_for_each_visitor_with_tokens_of_their_own(consultation, django_assert_num_queries):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get(consultation.form_url)

    # The municipalities of the region for the select; the window, plan, region and theme come from the cache.
    with django_assert_num_queries(1):
        again = second.get(consultation.form_url)

    for response in (rendered, again):
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert again.cookies["csrftoken"].value != rendered.cookies["csrftoken"].value
    assert _tokens(again)[0] != _tokens(rendered)[0]
    assert _tokens(again)[1] != _tokens(rendered)[1]


def test_a_visitor_asking_again_is_not_served_a_stored_copy(client, consultation):
    client.get(consultation.form_url)
    assert "X-Page-Cache" not in client.get(consultation.form_url)
    assert "X-Page-Cache" not in client.head(consultation.form_url)


def test_the_start_moment_of_the_form_is_the_moment_it_was_shown(consultation, settings, clock):
    settings.CONSULTATION_MIN_FILL_SECONDS = 2
    Client().get(consultation.form_url)
    clock.shift(3)  # older than the minimum fill time, had the first visitor's page been kept
    started = _tokens(Client().get(consultation.form_url))[1]
    now = time.time()
    assert filled_too_fast(started, now=now)  # counted from when it was shown to this visitor
    assert not filled_too_fast(started, now=now + 3)


def test_a_comment_sent_with_the_tokens_of_the_form_is_accepted(consultation, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    Client().get(consultation.form_url)
    visitor = Client(enforce_csrf_checks=True)
    csrf, started = _tokens(visitor.get(consultation.form_url))

    response = visitor.post(consultation.form_url, comment_data(csrfmiddlewaretoken=csrf, started=started, email=""))

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_the_form_is_gone_once_the_window_closes_though_its_look_ups_are_kept(consultation, clock):
    consultation.window.closes_at = timezone.now() + timedelta(seconds=1)
    consultation.window.save()
    assert 'method="post"' in Client().get(consultation.form_url).content.decode()
    clock.shift(2)
    assert 'method="post"' not in Client().get(consultation.form_url).content.decode()


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


def test_staff_always_get_the_look_ups_afresh(client, consultation):
    from tests.factories import UserFactory

    Client().get(consultation.form_url)  # a visitor's look-ups are now kept
    client.force_login(UserFactory(staff=True))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(consultation.form_url).status_code == 200
    assert any('FROM "consultations_consultationwindow"' in query["sql"] for query in captured.captured_queries)
