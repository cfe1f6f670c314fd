"""Subscriptions to a region's consultations: double opt-in, announcements, one-click unsubscribe."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from consultations.mail import mail_send_due
from consultations.models import OutgoingMail, Subscription, WindowAnnouncement
from consultations.services import windows_announce
from tests.factories import ConsultationWindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribe_url(region):
    return reverse("consultations:subscribe", kwargs={"region": region.slug})


def test_subscribing_sends_a_confirmation_mail_and_nothing_else(client, consultation, subscribe_url):
    response = client.post(subscribe_url, {"email": "jaan@example.org"})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    mail_send_due()
    assert len(mail.outbox) == 1
    confirm = reverse("consultations:subscription-confirm", kwargs={"token": subscription.token})
    assert confirm in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    # Not confirmed: a window opening announces nothing to it.
    assert windows_announce() == 0


def test_invalid_email_gets_a_clear_message(client, region, subscribe_url):
    response = client.post(subscribe_url, {"email": "jaan@"})
    assert response.status_code == 400
    assert "jaan@" in response.content.decode()
    assert "data-error-summary" in response.content.decode() and 'href="#id_email"' in response.content.decode()
    assert not Subscription.objects.exists()


def test_confirmation_needs_a_post_and_is_idempotent(client, region, subscribe_url):
    client.post(subscribe_url, {"email": "jaan@example.org"})
    subscription = Subscription.objects.get()
    url = reverse("consultations:subscription-confirm", kwargs={"token": subscription.token})
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a link scanner's GET confirms nothing
    client.post(url)
    subscription.refresh_from_db()
    first = subscription.confirmed_at
    assert first is not None
    client.post(url)
    subscription.refresh_from_db()
    assert subscription.confirmed_at == first


def test_subscribing_again_does_not_duplicate(client, region, subscribe_url):
    client.post(subscribe_url, {"email": "jaan@example.org"})
    client.post(subscribe_url, {"email": "JAAN@example.org"})
    assert Subscription.objects.count() == 1


def test_confirmed_subscribers_hear_of_an_open_window_once_with_unsubscribe_header(consultation):
    Subscription.objects.create(region=consultation.region, email="jaan@example.org", confirmed_at="2026-01-01T00:00Z")
    assert windows_announce() == 1
    assert windows_announce() == 0  # announced once
    assert WindowAnnouncement.objects.get().recipients == 1
    mail_send_due()
    message = mail.outbox[-1]
    assert consultation.window.title in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_upcoming_window_is_not_announced_yet(region):
    ConsultationWindowFactory(plan__region=region, upcoming=True)
    Subscription.objects.create(region=region, email="jaan@example.org", confirmed_at="2026-01-01T00:00Z")
    assert windows_announce() == 0
    assert not OutgoingMail.objects.exists()


def test_one_click_unsubscribe_without_csrf_deletes_the_address(region):
    subscription = Subscription.objects.create(region=region, email="jaan@example.org")
    url = reverse("consultations:unsubscribe", kwargs={"token": subscription.token})
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    assert Subscription.objects.exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert client.post(url).status_code == 200  # again: already gone, no error


def test_unknown_confirmation_token_is_not_found(client):
    assert client.get(reverse("consultations:subscription-confirm", kwargs={"token": "nope"})).status_code == 404


def test_asking_again_and_again_for_one_address_is_refused_and_mails_nothing_more(
    client, region, subscribe_url, settings
):
    settings.CONSULTATION_SUBSCRIBE_RATE_EMAIL = "2/d"
    for n in range(2):
        assert client.post(subscribe_url, {"email": "jaan@example.org"}, REMOTE_ADDR=f"10.0.2.{n}").status_code == 302
    response = client.post(subscribe_url, {"email": "Jaan@Example.org"}, REMOTE_ADDR="10.0.2.9")
    assert response.status_code == 429
    assert gettext("Too many subscriptions were asked for from here in a short time. Try again later.") in (
        response.content.decode()
    )
    assert "Jaan@Example.org" in response.content.decode()  # what was typed stays
    assert OutgoingMail.objects.count() == 2


def test_one_address_asking_for_many_subscriptions_is_refused(client, region, subscribe_url, settings):
    settings.CONSULTATION_SUBSCRIBE_RATE_IP = "1/h"
    assert client.post(subscribe_url, {"email": "a@example.org"}).status_code == 302
    assert client.post(subscribe_url, {"email": "b@example.org"}).status_code == 429
    assert not Subscription.objects.filter(email="b@example.org").exists()
