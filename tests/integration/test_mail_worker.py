"""Mail to residents with a real worker: the row is committed first, the worker sends it and marks it sent."""

import time

import pytest

from consultations.mail import mail_queue
from consultations.models import OutgoingMail


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_sends_a_queued_mail_after_commit(real_celery_app):
    queued = mail_queue(
        to="elanik@example.org",
        kind=OutgoingMail.Kind.SUBSCRIBE,
        subject="Kinnitage tellimus",
        body="Tellimuse kinnitamiseks avage link.",
        language="et",
    )  # autocommit: the on-commit callback enqueued it at once

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        queued.refresh_from_db()
        if queued.sent_at:
            break
        time.sleep(0.2)

    assert queued.sent_at is not None, queued.last_error
    assert queued.attempts == 1
