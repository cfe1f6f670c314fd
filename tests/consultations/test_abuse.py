"""Rate limits per client address and per e-mail, and a comment that is saved while Redis (cache and broker) is away."""

from unittest import mock

import pytest
from django.core import mail

from consultations.abuse import has_markup, link_count, suspicion_reasons
from consultations.mail import mail_send_due
from consultations.models import Comment, OutgoingMail
from tests.consultations.conftest import comment_data

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
    """The cache (rate limits, page cache) points at a port where nothing listens: every call fails at once."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.mark.parametrize("failure", [ConnectionRefusedError("broker down"), TimeoutError("broker hung")])
def test_comment_is_saved_with_redis_away_and_its_mail_goes_out_with_the_sweep(
    client, consultation, redis_away, django_capture_on_commit_callbacks, failure
):
    with (
        mock.patch("consultations.tasks.send_mail.delay", side_effect=failure) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(consultation.form_url, comment_data())
    assert response.status_code == 302
    assert delay.called
    comment = Comment.objects.get()
    queued = OutgoingMail.objects.get(comment=comment)
    assert queued.sent_at is None and mail.outbox == []
    # The periodic sweep (consultations.send_due_mail) sends it once the broker is back, and only once.
    assert mail_send_due() == 1
    assert mail_send_due() == 0
    assert len(mail.outbox) == 1 and comment.reference in mail.outbox[0].subject
