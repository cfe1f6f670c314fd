"""Rate limits per client address and per e-mail, and a comment that is saved while Redis (cache and broker) is away."""

from unittest import mock

import pybreaker
import pytest
from django.core import mail

from consultations.abuse import has_markup, link_count, parse_rate, suspicion_reasons
from consultations.mail import mail_send_due
from consultations.models import Comment, CommenterContact, OutgoingMail
from tests.consultations.conftest import comment_data
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_third_comment_in_a_minute_from_one_address_is_refused_and_kept(client, consultation, settings):
    settings.CONSULTATION_COMMENT_RATE_IP = "2/m"
    for n in range(2):
        assert (
            client.post(consultation.form_url, comment_data(email="", body=f"Kommentaar number {n}")).status_code == 302
        )
    data = comment_data(email="", body="Kolmas kommentaar samalt aadressilt")
    response = client.post(consultation.form_url, data, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert data["body"] in response.content.decode()
    assert Comment.objects.count() == 2


def test_another_address_is_not_limited_by_the_first(client, consultation, settings):
    settings.CONSULTATION_COMMENT_RATE_IP = "1/m"
    assert client.post(consultation.form_url, comment_data(email=""), REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(consultation.form_url, comment_data(email=""), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(consultation.form_url, comment_data(email=""), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_one_email_is_limited_across_addresses(client, consultation, settings):
    settings.CONSULTATION_COMMENT_RATE_EMAIL = "2/m"
    for n in range(2):
        response = client.post(consultation.form_url, comment_data(email="Mari@Example.org"), REMOTE_ADDR=f"10.0.1.{n}")
        assert response.status_code == 302
    response = client.post(consultation.form_url, comment_data(email="mari@example.org"), REMOTE_ADDR="10.0.1.9")
    assert response.status_code == 429
    assert Comment.objects.count() == 2


def test_heuristics():
    assert link_count("see https://a.example and www.b.example") == 2
    assert has_markup("<a href='x'>x</a>") and has_markup("<script>") and not has_markup("vanus <5 ja >3 aastat")
    assert suspicion_reasons(body="plain words") == []
    assert suspicion_reasons(body="Cheap VIAGRA") == ["blocked-word"]


@pytest.fixture
def redis_away(settings):
    """The cache (rate limits, page cache) points at a port where nothing listens: every call to it fails."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.GuardedRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }


@pytest.fixture
def redis_attempts():
    """How many calls went to Redis (rather than being turned away by the open breaker)."""
    from core.redis_breaker import breaker

    class Count(pybreaker.CircuitBreakerListener):
        calls = 0

        def before_call(self, cb, func, *args, **kwargs):
            Count.calls += 1

    listener = Count()
    breaker.add_listener(listener)
    yield listener
    breaker.remove_listener(listener)


def test_with_redis_away_the_rate_limit_still_holds(client, consultation, settings, redis_away):
    settings.CONSULTATION_COMMENT_RATE_EMAIL = "2/h"
    for n in range(2):
        data = comment_data(body=f"Kommentaar number {n}")
        assert client.post(consultation.form_url, data, REMOTE_ADDR=f"10.0.2.{n}").status_code == 302
    data = comment_data(body="Kolmas kommentaar samalt aadressilt")
    response = client.post(consultation.form_url, data, REMOTE_ADDR="10.0.2.9")
    assert response.status_code == 429
    assert data["body"] in response.content.decode()
    assert Comment.objects.count() == 2


def test_with_redis_away_a_fill_time_token_is_still_good_for_one_comment(client, consultation, redis_away):
    data = comment_data()
    assert client.post(consultation.form_url, data).status_code == 302
    again = {**data, "body": "Teine kommentaar sama vormi märgiga"}
    response = client.post(consultation.form_url, again)
    assert response.status_code == 400  # the form again, with what was typed and a fresh token
    assert again["body"] in response.content.decode()
    assert Comment.objects.count() == 1


def test_after_redis_fails_once_requests_leave_it_alone_until_the_breaker_tries_again(
    client, consultation, settings, redis_away, redis_attempts, clock
):
    assert client.get(consultation.form_url).status_code == 200
    assert client.post(consultation.form_url, comment_data()).status_code == 302
    assert client.get(consultation.form_url).status_code == 200
    assert redis_attempts.calls == 1  # the first call failed; every later one was turned away at once

    clock.shift(settings.REDIS_BREAKER_SECONDS + 1)
    assert client.get(consultation.form_url).status_code == 200
    assert redis_attempts.calls == 2  # one trial call, which failed: the breaker is open again
    assert client.get(consultation.form_url).status_code == 200
    assert redis_attempts.calls == 2


@pytest.mark.parametrize("failure", [ConnectionRefusedError("broker down"), TimeoutError("broker hung")])
def test_comment_is_saved_with_redis_away_and_its_mail_goes_out_with_the_sweep(
    client, consultation, redis_away, django_capture_on_commit_callbacks, failure
):
    from consultations.tasks import send_due_mail

    with (
        # Tasks run in-process under the embedded default (delay) and go to the broker with Redis (apply_async).
        mock.patch.object(send_due_mail, "delay", side_effect=failure) as delay,
        mock.patch.object(send_due_mail, "apply_async", side_effect=failure) as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(consultation.form_url, comment_data())
    assert response.status_code == 302
    assert delay.called or apply_async.called
    comment = Comment.objects.get()
    assert comment.contact.receipt_owed and mail.outbox == []
    # The periodic sweep (consultations.send_due_mail) writes and sends the confirmation once the broker is back,
    # and only once.
    assert mail_send_due() == 1
    assert mail_send_due() == 0
    assert len(mail.outbox) == 1 and comment.reference in mail.outbox[0].subject
    assert OutgoingMail.objects.get(comment=comment).sent_at is not None


@pytest.mark.parametrize(
    ("rate", "expected"), [("10/h", (10, 3600)), ("5/10m", (5, 600)), (" 3 / d ", (3, 86400)), ("1/s", (1, 1))]
)
def test_rates_are_read_as_count_per_period(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "10", "ten/h", "10/y", "10/-1h"])
def test_a_rate_that_is_not_one_is_refused(rate):
    with pytest.raises(ValueError, match="Not a rate"):
        parse_rate(rate)


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, consultation, settings):
    settings.CONSULTATION_COMMENT_RATE_IP = "1/m"
    settings.USE_X_FORWARDED_FOR = False  # no proxy in front: the header is the client's own writing
    assert client.post(consultation.form_url, comment_data(email=""), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    response = client.post(consultation.form_url, comment_data(email=""), HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code == 429


def test_a_reference_drawn_twice_is_drawn_again_and_the_comment_saved_once(client, consultation, monkeypatch):
    from consultations import services

    taken = CommentFactory(window=consultation.window, section=consultation.ageing).reference
    draws = iter([taken, "NEWREF23"])
    monkeypatch.setattr(services, "new_reference", lambda: next(draws))

    response = client.post(consultation.form_url, comment_data())

    assert response.status_code == 302
    comment = Comment.objects.get(reference="NEWREF23")
    assert comment.contact.email == "mari@example.org"
    assert Comment.objects.count() == 2 and CommenterContact.objects.count() == 1
