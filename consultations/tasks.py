from celery import shared_task

from .mail import mail_send, mail_send_due
from .services import contacts_erase_expired, windows_announce


# Thin and idempotent: mail_send claims the row, so a redelivered task does not send twice. A failure is
# recorded on the row and retried by the sweep with back-off, not by Celery.
@shared_task(name="consultations.send_mail", acks_late=True, soft_time_limit=60, time_limit=90)
def send_mail(mail_id: int) -> None:
    mail_send(mail_id=mail_id)


@shared_task(name="consultations.send_due_mail", soft_time_limit=240, time_limit=300)
def send_due_mail() -> int:
    return mail_send_due()


# Idempotent: a contact erased once is gone; a second run finds nothing.
@shared_task(name="consultations.erase_expired_contacts", soft_time_limit=240, time_limit=300)
def erase_expired_contacts() -> int:
    return contacts_erase_expired()


# Idempotent: a WindowAnnouncement row marks a window as announced before its mails are queued.
@shared_task(name="consultations.announce_windows", soft_time_limit=240, time_limit=300)
def announce_windows() -> int:
    return windows_announce()
