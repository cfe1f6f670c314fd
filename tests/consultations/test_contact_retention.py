"""Commenters' e-mail addresses: kept apart, removable from any mail by its signed link, erased on schedule."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.mail import mail_queue, mail_send_due, receipts_queue, removal_token
from consultations.models import Comment, CommenterContact, OutgoingMail
from consultations.services import contacts_erase_expired
from consultations.tasks import erase_expired_contacts
from tests.consultations.conftest import comment_data
from tests.factories import CommenterContactFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_every_mail_about_a_comment_carries_its_removal_link(consultation):
    comment = CommentFactory(window=consultation.window, section=consultation.ageing)
    queued = mail_queue(to="a@example.org", kind="answer", subject="Vastus", body="Tekst", comment=comment)
    url = reverse("consultations:contact-remove", kwargs={"token": removal_token(comment)})
    assert settings.PUBLIC_URL + url in queued.body


def test_mail_not_about_a_comment_has_no_removal_link():
    queued = mail_queue(to="a@example.org", kind="window", subject="Uus", body="Tekst")
    assert "/contact/" not in queued.body


def test_removal_page_asks_first_and_erases_on_post_idempotently(client, consultation):
    client.post(consultation.form_url, comment_data())
    comment = Comment.objects.get()
    assert receipts_queue() == 1  # the sender writes the confirmation
    assert OutgoingMail.objects.filter(comment=comment).exists()
    url = reverse("consultations:contact-remove", kwargs={"token": removal_token(comment)})
    response = client.get(url)
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    assert CommenterContact.objects.filter(comment=comment).exists()  # a GET (a link scanner) erases nothing
    assert client.post(url).status_code == 302
    assert not CommenterContact.objects.filter(comment=comment).exists()
    assert not OutgoingMail.objects.filter(comment=comment).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()  # the comment itself stays
    assert client.post(url).status_code == 302  # again: nothing left, no error


def test_an_address_erased_before_its_confirmation_was_written_gets_no_mail(client, consultation):
    client.post(consultation.form_url, comment_data())
    comment = Comment.objects.get()
    client.post(reverse("consultations:contact-remove", kwargs={"token": removal_token(comment)}))
    assert receipts_queue() == 0 and mail_send_due() == 0
    assert not OutgoingMail.objects.exists()


def test_forged_removal_link_is_not_found(client):
    url = reverse("consultations:contact-remove", kwargs={"token": "1:forged"})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_removal_needs_csrf(consultation):
    comment = CommentFactory(window=consultation.window, section=consultation.ageing)
    CommenterContactFactory(comment=comment)
    url = reverse("consultations:contact-remove", kwargs={"token": removal_token(comment)})
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    assert CommenterContact.objects.filter(comment=comment).exists()


def test_contacts_are_erased_the_set_number_of_days_after_feedback_is_published(consultation, settings):
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 30
    now = timezone.now()
    consultation.window.feedback_published_at = now - timedelta(days=30, seconds=1)
    consultation.window.save()
    old = CommenterContactFactory(comment=CommentFactory(window=consultation.window, section=consultation.ageing))
    mail_queue(to=old.email, kind="answer", subject="Vastus", body="Tekst", comment=old.comment)
    other_window = CommentFactory(section__plan=consultation.plan, window__plan=consultation.plan)
    kept = CommenterContactFactory(comment=other_window)
    assert contacts_erase_expired(now=now) == 1
    assert not CommenterContact.objects.filter(pk=old.pk).exists()
    assert not OutgoingMail.objects.filter(to=old.email).exists()
    assert CommenterContact.objects.filter(pk=kept.pk).exists()
    assert contacts_erase_expired(now=now) == 0  # a second run does nothing


def test_contacts_within_the_retention_period_are_kept(consultation, settings):
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 30
    consultation.window.feedback_published_at = timezone.now() - timedelta(days=29)
    consultation.window.save()
    CommenterContactFactory(comment=CommentFactory(window=consultation.window, section=consultation.ageing))
    assert erase_expired_contacts() == 0
    assert CommenterContact.objects.count() == 1


def test_contacts_of_a_window_whose_feedback_is_never_published_are_erased_the_set_days_after_it_closes(
    consultation, settings, clock
):
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 30
    CommenterContactFactory(comment=CommentFactory(window=consultation.window, section=consultation.ageing))
    deadline = consultation.window.closes_at + timedelta(days=30)

    clock.move_to(deadline - timedelta(minutes=1))
    assert erase_expired_contacts() == 0
    clock.move_to(deadline + timedelta(minutes=1))
    assert erase_expired_contacts() == 1
    assert not CommenterContact.objects.exists()


def test_feedback_published_late_does_not_keep_contacts_past_the_days_after_closing(consultation, settings, clock):
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 30
    CommenterContactFactory(comment=CommentFactory(window=consultation.window, section=consultation.ageing))
    closed = consultation.window.closes_at
    clock.move_to(closed + timedelta(days=20))
    consultation.window.feedback_published_at = timezone.now()
    consultation.window.save()

    clock.move_to(closed + timedelta(days=30, minutes=1))

    assert erase_expired_contacts() == 1


def test_erasing_and_announcing_tasks_are_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"consultations.erase_expired_contacts", "consultations.announce_windows"} <= tasks


def test_management_command_erases_expired_contacts(consultation):
    consultation.window.feedback_published_at = timezone.now() - timedelta(days=400)
    consultation.window.save()
    CommenterContactFactory(comment=CommentFactory(window=consultation.window, section=consultation.ageing))
    out = StringIO()
    call_command("erase_expired_contacts", stdout=out)
    assert "Erased 1" in out.getvalue()
    assert not CommenterContact.objects.exists()


def test_receipt_is_shown_only_with_its_signed_link(client, consultation):
    response = client.post(consultation.form_url, comment_data())
    comment = Comment.objects.get()
    assert client.get(response["Location"]).status_code == 200
    forged = reverse("consultations:receipt", kwargs={"token": f"{comment.reference}:forged"})
    assert client.get(forged).status_code == 404
