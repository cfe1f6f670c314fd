"""Writes of the public consultation side: comments, commenters' contacts, subscriptions, announcements."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from core.models import Region
from core.moments import last_open_moment
from plans.models import ThemeSection

from .abuse import suspicion_reasons
from .mail import absolute_url, mail_kick, mail_queue
from .models import (
    Comment,
    CommenterContact,
    ConsultationWindow,
    OutgoingMail,
    Subscription,
    WindowAnnouncement,
    new_reference,
)

logger = logging.getLogger(__name__)


class WindowClosed(Exception):
    """The window is not open at the server's moment of submission."""


# --- Windows --------------------------------------------------------------------------------------------


def window_state(window: ConsultationWindow, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if now < window.opens_at:
        return "upcoming"
    return "open" if window.is_open(now) else "closed"


def window_sections(window: ConsultationWindow):
    """The theme sections open for comments in the window: its own, or every current section of its plan."""
    chosen = list(window.sections.select_related("theme").order_by("position", "pk"))
    if chosen:
        sections = [section for section in chosen if section.archived_at is None]
    else:
        sections = list(
            ThemeSection.objects.filter(plan_id=window.plan_id, archived_at__isnull=True)
            .select_related("theme")
            .order_by("position", "pk")
        )
    for section in sections:
        section.plan = window.plan  # already fetched with its region: links need no query per section
    return sections


def section_in_window(window: ConsultationWindow, section: ThemeSection) -> bool:
    if section.plan_id != window.plan_id or section.archived_at is not None:
        return False
    # One query: how many sections the window names, and whether this is one of them (none named: all are open).
    counts = window.sections.aggregate(named=Count("pk"), this=Count("pk", filter=Q(pk=section.pk)))
    return counts["named"] == 0 or counts["this"] > 0


# --- Comments -------------------------------------------------------------------------------------------

RECEIPT_SALT = "consultations.receipt"


def receipt_token(comment: Comment) -> str:
    """A signed reference: the receipt page is shown to whoever holds it (the submitter), to no one else."""
    return signing.Signer(salt=RECEIPT_SALT).sign(comment.reference)


def reference_for_receipt(token: str) -> str | None:
    try:
        return signing.Signer(salt=RECEIPT_SALT).unsign(token)
    except signing.BadSignature:
        return None


def comment_submit(
    *,
    window: ConsultationWindow,
    section: ThemeSection,
    data: dict,
    now: datetime | None = None,
    language: str = "",
) -> Comment:
    """Save a resident's comment (and, apart from it, their e-mail) and ask for its confirmation mail.

    The server's clock decides whether the window is open (WindowClosed otherwise). In a pre-moderated window the
    comment waits for a moderator; in a post-moderated one it is published at once unless the heuristics in
    consultations/abuse.py find it suspicious.
    """
    now = now or timezone.now()
    if not window.is_open(now):
        raise WindowClosed
    if section.plan_id != window.plan_id:
        raise ValueError("The section is not part of the window's plan")
    publish = window.moderation_mode == ConsultationWindow.ModerationMode.POST and not suspicion_reasons(
        body=data["body"], author_name=data.get("author_name", "")
    )
    fields = {
        "window": window,
        "section": section,
        "category": data["category"],
        "body": data["body"],
        "author_name": data.get("author_name", ""),
        "municipality": data.get("municipality"),
        "state": Comment.State.PUBLISHED if publish else Comment.State.PENDING,
        "submitted_at": now,
    }
    email = (data.get("email") or "").strip()
    language = language or translation.get_language() or ""
    for _attempt in range(3):
        reference = new_reference()
        try:
            # The comment, its history row and its contact all or none: a reference drawn twice (about one in a
            # trillion) rolls back only this attempt, also inside a caller's transaction, and is drawn again.
            with transaction.atomic():
                comment = Comment.objects.create(reference=reference, **fields)
                if email:
                    CommenterContact.objects.create(comment=comment, email=email, language=language, receipt_owed=True)
        except IntegrityError:
            if Comment.objects.filter(reference=reference).exists():
                continue
            raise
        if email:
            # The confirmation mail is written by the sender (mail.receipts_queue), which is asked for now.
            transaction.on_commit(mail_kick)
        return comment
    raise IntegrityError("Could not draw a free comment reference")


# --- Personal data --------------------------------------------------------------------------------------


@transaction.atomic
def contact_remove(*, comment_id: int) -> bool:
    """Erase a commenter's e-mail and every mail to it; True if there was anything to erase. Safe to repeat."""
    contacts = CommenterContact.objects.filter(comment_id=comment_id).delete()[0]
    mails = OutgoingMail.objects.filter(comment_id=comment_id).delete()[0]
    return bool(contacts or mails)


def contact_retention_days() -> int:
    return getattr(settings, "CONSULTATION_CONTACT_RETENTION_DAYS", 30)


@transaction.atomic
def contacts_erase_expired(*, now: datetime | None = None) -> int:
    """Erase the contacts of windows that closed, or whose feedback was published, more than the retention period
    ago (whichever comes first: feedback that is never published keeps no address for longer than that).

    Also erases contacts whose own erase_after has passed. Sent mail to them is deleted with them, so no address
    outlives the period. Returns the number of contacts erased; a second run finds nothing.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=contact_retention_days())
    expired = CommenterContact.objects.filter(
        Q(comment__window__closes_at__lte=cutoff)
        | Q(comment__window__feedback_published_at__lte=cutoff)
        | Q(erase_after__lte=now)
    )
    comment_ids = list(expired.values_list("comment_id", flat=True))
    if not comment_ids:
        return 0
    OutgoingMail.objects.filter(comment_id__in=comment_ids).delete()
    return CommenterContact.objects.filter(comment_id__in=comment_ids).delete()[0]


# --- Subscriptions --------------------------------------------------------------------------------------


def _unsubscribe_url(subscription: Subscription, language: str) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(reverse("consultations:unsubscribe", kwargs={"token": subscription.token}))


@transaction.atomic
def subscription_request(*, region: Region, email: str, language: str = "") -> Subscription:
    """Ask for a subscription: a mail with a confirmation link goes out; nothing else until it is confirmed.

    Asking again (the first mail was lost) sends a new confirmation mail to an unconfirmed address and nothing to a
    confirmed one, so the form does not tell anyone whether an address is subscribed.
    """
    email = email.strip()
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        region=region, email__iexact=email, defaults={"email": email, "language": language}
    )
    if subscription.confirmed_at:
        return subscription
    with translation.override(language):
        confirm = absolute_url(reverse("consultations:subscription-confirm", kwargs={"token": subscription.token}))
        subject = gettext("Confirm your subscription to consultations in %(region)s") % {"region": region.name}
        body = "\n\n".join(
            [
                gettext(
                    "Someone (we hope you) asked to be told by e-mail when consultations open in %(region)s. "
                    "To confirm, open this link and press the button:"
                )
                % {"region": region.name},
                confirm,
                gettext("If it was not you, ignore this mail: without confirmation you get nothing more from us."),
            ]
        )
    mail_queue(
        to=subscription.email,
        kind=OutgoingMail.Kind.SUBSCRIBE,
        subject=subject,
        body=body,
        language=language,
        list_unsubscribe=_unsubscribe_url(subscription, language),
    )
    return subscription


def subscription_confirm(*, token: str, now: datetime | None = None) -> Subscription | None:
    """Confirm a subscription (idempotent: the first confirmation's moment is kept); None for an unknown token."""
    updated = Subscription.objects.filter(token=token, confirmed_at__isnull=True).update(
        confirmed_at=now or timezone.now()
    )
    subscription = Subscription.objects.select_related("region").filter(token=token).first()
    if updated:
        logger.info("Subscription %s confirmed", subscription.pk)
    return subscription


def subscription_cancel(*, token: str) -> bool:
    """Unsubscribe by deleting the row and so the address; True if there was one. Safe to repeat."""
    return bool(Subscription.objects.filter(token=token).delete()[0])


@transaction.atomic
def windows_announce(*, now: datetime | None = None) -> int:
    """Tell the confirmed subscribers of a region about each window of a public plan that is open now.

    A WindowAnnouncement row is created first (unique per window), so a window is announced once however often the
    task runs or however many run at the same time. Returns the number of mails queued.
    """
    now = now or timezone.now()
    queued = 0
    windows = (
        ConsultationWindow.objects.open_now(now)
        .filter(announcement__isnull=True)
        .exclude(plan__status="draft")
        .select_related("plan__region")
    )
    for window in windows:
        try:
            with transaction.atomic():
                announcement = WindowAnnouncement.objects.create(window=window)
        except IntegrityError:  # another run took it
            continue
        subscribers = list(Subscription.objects.filter(region=window.plan.region, confirmed_at__isnull=False))
        for subscription in subscribers:
            _queue_announcement(window=window, subscription=subscription)
        announcement.recipients = len(subscribers)
        announcement.save(update_fields=["recipients"])
        queued += len(subscribers)
    return queued


def _queue_announcement(*, window: ConsultationWindow, subscription: Subscription) -> None:
    language = subscription.language or settings.LANGUAGE_CODE
    zone = window.plan.region.zone
    unsubscribe = _unsubscribe_url(subscription, language)
    with translation.override(language):
        page = absolute_url(window.get_absolute_url())
        closes = formats.date_format(last_open_moment(window.closes_at, zone), "DATETIME_FORMAT")
        subject = gettext("Open for comments: %(title)s") % {"title": window.title}
        body = "\n\n".join(
            [
                gettext("“%(title)s” (%(plan)s) is open for comments until %(closes)s (%(zone)s).")
                % {"title": window.title, "plan": window.plan.title, "closes": closes, "zone": zone.key},
                page,
                gettext("To stop these mails, open this link:") + "\n" + unsubscribe,
            ]
        )
    mail_queue(
        to=subscription.email,
        kind=OutgoingMail.Kind.WINDOW,
        subject=subject,
        body=body,
        language=language,
        list_unsubscribe=unsubscribe,
    )
