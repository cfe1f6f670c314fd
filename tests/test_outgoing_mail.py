"""Mail to residents goes through the outgoing-mail table (consultations/mail.py): nothing is lost when the
broker is away, and nothing is sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consultations import mail as mail_service
from consultations.models import OutgoingMail
from consultations.tasks import send_mail
from tests.factories import CommentFactory, OutgoingMailFactory

pytestmark = pytest.mark.django_db


def _queue(comment=None):
    return mail_service.mail_queue(
        to="elanik@example.org",
        kind=OutgoingMail.Kind.ANSWER,
        subject="Teie kommentaarile vastati",
        body="Vastus on avaldatud.",
        language="et",
        comment=comment,
    )


def test_queued_mail_is_sent_once_after_commit(django_capture_on_commit_callbacks, eager_celery):
    with django_capture_on_commit_callbacks(execute=True):
        queued = _queue(CommentFactory())
        assert mail.outbox == []  # nothing leaves before the transaction commits

    assert [m.subject for m in mail.outbox] == ["Teie kommentaarile vastati"]
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1
    # The same task delivered again (acks_late) sends nothing.
    send_mail(queued.pk)
    assert len(mail.outbox) == 1


def test_broker_down_keeps_the_mail_and_the_sweep_sends_it(django_capture_on_commit_callbacks, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_mail, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        queued = _queue()

    assert mail.outbox == []
    assert OutgoingMail.objects.due().filter(pk=queued.pk).exists()

    assert mail_service.mail_send_due() == 1
    assert mail_service.mail_send_due() == 0
    assert len(mail.outbox) == 1


def test_failed_send_is_retried_later_and_given_up_after_the_last_attempt(monkeypatch):
    queued = OutgoingMailFactory()

    def smtp_down(self, *args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", smtp_down)
    assert mail_service.mail_send(mail_id=queued.pk) is False

    queued.refresh_from_db()
    assert queued.sent_at is None and "Connection refused" in queued.last_error
    assert queued.send_after > timezone.now()  # backed off: not due at once
    assert mail_service.mail_send_due() == 0

    OutgoingMail.objects.filter(pk=queued.pk).update(attempts=mail_service.MAX_ATTEMPTS - 1, send_after=timezone.now())
    mail_service.mail_send(mail_id=queued.pk)
    queued.refresh_from_db()
    assert queued.give_up


def test_a_mail_claimed_by_another_sender_is_left_alone():
    queued = OutgoingMailFactory(claimed_until=timezone.now() + timedelta(seconds=60))

    assert mail_service.mail_send(mail_id=queued.pk) is False
    assert mail.outbox == []


def test_a_claim_left_by_a_dead_sender_expires():
    OutgoingMailFactory(claimed_until=timezone.now() - timedelta(seconds=1))

    assert mail_service.mail_send_due() == 1
    assert len(mail.outbox) == 1


def test_send_due_mail_command_sends_what_waits():
    from io import StringIO

    from django.core.management import call_command

    OutgoingMailFactory()
    out = StringIO()

    call_command("send_due_mail", stdout=out)

    assert out.getvalue().strip() == "1 sent"
    assert len(mail.outbox) == 1
