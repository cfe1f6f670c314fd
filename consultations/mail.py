"""Mail to residents through the outgoing-mail table (consultations.models.OutgoingMail).

``mail_queue()`` writes the row in the caller's transaction and, after commit, asks a worker to send it. Mail
queued within BATCH_SECONDS of each other is sent by one task (``consultations.send_due_mail``), published by the
first of them: at 200 comments a second that is one publish a second instead of one per mail (a publish costs
about 1 ms of the request). The task is due half a second after its batch period ends, so every mail committed
in the period is there for it to find. If the broker is down or hung the request does not fail (the publish is
bounded by CELERY_TASK_PUBLISH_RETRY_POLICY and its error is logged); ``mail_send_due()``, run every minute by
Celery beat and by ``manage.py send_due_mail``, sends whatever is still waiting. A row is claimed with a
conditional update before sending, so two senders never send the same mail twice.

The confirmation of a comment is not written by the request that saved it: the request marks the commenter's
contact (``receipt_owed``) and the sender composes the mail (``receipts_queue``), in the commenter's language,
just before it sends what is due; that keeps a database write and the composing out of the busiest request.

Every mail about a comment ends with a signed link to erase the commenter's e-mail address (``removal_url``);
mail to subscribers carries a one-click List-Unsubscribe header and link.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import Comment, CommenterContact, OutgoingMail

logger = logging.getLogger(__name__)

# How long a sender may hold a claimed row before another sender may try it again.
CLAIM_SECONDS = 120
MAX_ATTEMPTS = 8
# Mail queued within this period goes out with one sending task (see above).
BATCH_SECONDS = 1
BATCH_KEY = "consultations:mail-batch"

REMOVAL_SALT = "consultations.contact-removal"


def removal_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=REMOVAL_SALT)


def comment_for_removal_token(token: str) -> int | None:
    """The comment id a removal link was made for, or None if the link is forged. It does not expire."""
    try:
        return int(signing.loads(token, salt=REMOVAL_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def absolute_url(path: str) -> str:
    return settings.PUBLIC_URL + path


def removal_url(comment: Comment, language: str = "") -> str:
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return absolute_url(reverse("consultations:contact-remove", kwargs={"token": removal_token(comment)}))


def _with_removal_link(body: str, comment: Comment, language: str) -> str:
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        note = gettext("To have your e-mail address deleted from the portal now, open this link:")
    return f"{body.rstrip()}\n\n-- \n{note}\n{removal_url(comment, language)}\n"


def mail_queue(
    *,
    to: str,
    kind: str,
    subject: str,
    body: str,
    language: str = "",
    comment: Comment | None = None,
    list_unsubscribe: str = "",
) -> OutgoingMail:
    """Queue one mail; it is sent after the surrounding transaction commits.

    A mail about a comment gets the link that erases the commenter's address appended to its text; a mail with
    ``list_unsubscribe`` gets that link as its List-Unsubscribe header (and should show it in its text too).
    """
    mail = _mail(
        to=to,
        kind=kind,
        subject=subject,
        body=body,
        language=language,
        comment=comment,
        list_unsubscribe=list_unsubscribe,
    )
    mail.save()
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def _mail(*, to, kind, subject, body, language="", comment=None, list_unsubscribe="") -> OutgoingMail:
    if comment is not None:
        body = _with_removal_link(body, comment, language)
    return OutgoingMail(
        to=to,
        kind=kind,
        subject=subject[:255],
        body=body,
        language=language,
        comment=comment,
        list_unsubscribe=list_unsubscribe,
    )


def _enqueue(mail_id: int) -> None:
    from .tasks import send_mail

    if send_mail.app.conf.task_always_eager:
        try:
            send_mail.delay(mail_id)  # tasks run in-process: there is no later batch to wait for
        except Exception:
            logger.exception("Could not send mail %s; the periodic sweep will send it", mail_id)
        return
    mail_kick()


def mail_kick() -> None:
    """Ask for a sending task: one per batch period (see above). Never raises; the sweep is there if it fails."""
    from .tasks import send_due_mail

    try:
        if send_due_mail.app.conf.task_always_eager:
            send_due_mail.delay()
        elif _opens_batch():
            send_due_mail.apply_async(countdown=BATCH_SECONDS + 0.5)
    except Exception:
        # A resident's comment must never fail because the broker is away.
        logger.exception("Could not ask for mail to be sent; the periodic sweep will send it")


def _opens_batch() -> bool:
    """True for the first mail of a batch period (it publishes the task); True as well when the cache is away."""
    try:
        return cache.add(BATCH_KEY, 1, timeout=BATCH_SECONDS)
    except Exception:
        logger.warning("The cache does not answer; publishing a sending task for this mail alone")
        return True


def receipts_queue(*, limit: int = 500) -> int:
    """Write the confirmation mail of every comment saved with an e-mail since the last run; how many.

    Contacts are claimed with SKIP LOCKED, so two senders never write the same confirmation twice.
    """
    with transaction.atomic():
        contacts = list(
            CommenterContact.objects.filter(receipt_owed=True)
            .select_related("comment__window")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")[:limit]
        )
        if not contacts:
            return 0
        OutgoingMail.objects.bulk_create([_receipt(contact) for contact in contacts])
        CommenterContact.objects.filter(pk__in=[contact.pk for contact in contacts]).update(receipt_owed=False)
    return len(contacts)


def _receipt(contact: CommenterContact) -> OutgoingMail:
    comment = contact.comment
    language = contact.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = gettext("Your comment %(reference)s was received") % {"reference": comment.reference}
        if comment.state == Comment.State.PUBLISHED:
            state = gettext("It is published on the consultation page.")
        else:
            state = gettext("A moderator will read it before it is published.")
        body = "\n\n".join(
            [
                gettext("Thank you for your comment on “%(window)s”.") % {"window": comment.window.title},
                gettext("Reference: %(reference)s") % {"reference": comment.reference},
                state,
                gettext("We will send the answer to this address once the feedback is published."),
                absolute_url(comment.window.get_absolute_url()),
            ]
        )
    return _mail(
        to=contact.email,
        kind=OutgoingMail.Kind.RECEIPT,
        subject=subject,
        body=body,
        language=contact.language,
        comment=comment,
    )


def mail_send(*, mail_id: int, now=None) -> bool:
    """Send one queued mail if it is still unsent and nobody else holds it. True if this call sent it."""
    now = now or timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True, give_up=False)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        headers = {}
        if mail.list_unsubscribe:
            headers = {
                "List-Unsubscribe": f"<{mail.list_unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], headers=headers).send()
    except Exception as error:
        backoff = timedelta(seconds=min(60 * 2**mail.attempts, 6 * 3600))
        OutgoingMail.objects.filter(pk=mail_id).update(
            claimed_until=None,
            send_after=timezone.now() + backoff,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            give_up=mail.attempts >= MAX_ATTEMPTS,
        )
        logger.warning("Sending mail %s failed (attempt %s): %s", mail_id, mail.attempts, error)
        return False
    OutgoingMail.objects.filter(pk=mail_id).update(sent_at=timezone.now(), claimed_until=None, last_error="")
    return True


def mail_send_due(*, now=None, limit: int = 200) -> int:
    """Write the confirmations owed, then send every due, unsent mail (oldest first); the number sent."""
    receipts_queue()
    now = now or timezone.now()
    ids = list(
        OutgoingMail.objects.due(now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .values_list("pk", flat=True)[:limit]
    )
    return sum(mail_send(mail_id=mail_id, now=now) for mail_id in ids)
