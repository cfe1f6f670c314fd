"""Mail to residents goes through the outgoing-mail table (consultations/mail.py): nothing is lost when the
broker is away, and nothing is sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultations import mail as mail_service
from consultations.models import Comment, CommenterContact, OutgoingMail
from consultations.tasks import send_due_mail, send_mail
from plans.models import CooperationPlan
from tests.consultations.conftest import comment_data
from tests.factories import (
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    OutgoingMailFactory,
    ThemeSectionFactory,
)

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


# --- batching: one sending task per batch period; confirmations written by the sender -----------------------


@pytest.fixture
def broker_celery(monkeypatch):
    """Tasks go to a broker (as with Redis) whatever this machine's settings say; publishes are recorded here."""
    from welfare_portal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    published = []
    monkeypatch.setattr(send_due_mail, "apply_async", lambda **kwargs: published.append(kwargs))
    yield published
    app.conf.task_always_eager = saved


@pytest.fixture
def form_url():
    plan = CooperationPlanFactory(status=CooperationPlan.Status.CONSULTATION)
    ThemeSectionFactory(plan=plan, theme__slug="vananemine")
    window = ConsultationWindowFactory(plan=plan)
    kwargs = {"region": plan.region.slug, "plan": plan.slug, "window": window.pk, "theme": "vananemine"}
    return reverse("consultations:comment-create", kwargs=kwargs)


def test_mail_queued_together_is_sent_by_one_task_after_the_batch_period(
    django_capture_on_commit_callbacks, broker_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            _queue()
    # One task, due after the period has ended, so it finds every mail committed during it.
    assert broker_celery == [{"countdown": mail_service.BATCH_SECONDS + 0.5}]
    assert mail_service.mail_send_due() == 3


def test_a_comment_with_an_address_asks_for_its_confirmation_and_the_sender_writes_it(
    client, form_url, django_capture_on_commit_callbacks, broker_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, comment_data(email="mari@example.org"))
    assert response.status_code == 302 and len(broker_celery) == 1
    contact = CommenterContact.objects.get()
    assert contact.receipt_owed and not OutgoingMail.objects.exists()  # the request wrote no mail

    assert mail_service.mail_send_due() == 1
    contact.refresh_from_db()
    assert not contact.receipt_owed
    assert mail.outbox[0].to == ["mari@example.org"]
    assert Comment.objects.get().reference in mail.outbox[0].subject
    assert mail_service.receipts_queue() == 0  # written once


def test_the_confirmation_is_written_in_the_language_of_the_page_the_comment_came_from(client, form_url):
    finnish_form = form_url.replace("/et/", "/fi/", 1)
    assert client.post(finnish_form, comment_data()).status_code == 302
    mail_service.mail_send_due()
    reference = Comment.objects.get().reference
    with translation.override("fi"):
        assert gettext("Reference: %(reference)s") % {"reference": reference} in mail.outbox[0].body
