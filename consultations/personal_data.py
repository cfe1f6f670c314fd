"""One person's data, found by e-mail address within one region: export it, or erase it. Both are logged.

What erasure removes, and why:
- the commenter's contact rows (CommenterContact: the e-mail address);
- every mail to that address about those comments, sent or not (the address is in it, and an unsent answer
  notice must not go out after the person asked to be forgotten);
- the shown name on those comments (``author_name``; the comment history does not keep it);
- the address's subscription to the region's consultations (Subscription).
The comments' text stays, without name or address: it is part of the public record of the consultation and of
the answers given to it. A comment whose text itself identifies the person can be rejected by a moderator.

The audit log records a masked address (``j***@example.org``), never the full one.
"""

import json
from dataclasses import dataclass

import tablib
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditEvent, Region
from core.spreadsheets import dataset_for_spreadsheets

from .models import Comment, CommenterContact, OutgoingMail, Subscription


def mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _comments(*, region: Region, email: str) -> QuerySet[Comment]:
    return Comment.objects.filter(window__plan__region=region, contact__email__iexact=email.strip())


@dataclass
class PersonalData:
    email: str
    comments: list[Comment]
    mails: list[OutgoingMail]
    subscriptions: list[Subscription]

    @property
    def anything(self) -> bool:
        return bool(self.comments or self.subscriptions)


def personal_data_find(*, region: Region, email: str) -> PersonalData:
    """The comments left with this address in the region's windows, and the mail sent about them."""
    comments = list(
        _comments(region=region, email=email)
        .select_related("window__plan", "section", "municipality", "contact", "response")
        .order_by("submitted_at", "pk")
    )
    mails = list(OutgoingMail.objects.filter(comment__in=[c.pk for c in comments], to__iexact=email.strip()))
    subscriptions = list(Subscription.objects.filter(region=region, email__iexact=email.strip()))
    return PersonalData(email=email.strip(), comments=comments, mails=mails, subscriptions=subscriptions)


def _comment_record(comment: Comment) -> dict:
    response = getattr(comment, "response", None)
    return {
        "reference": comment.reference,
        "plan": str(comment.window.plan),
        "window": comment.window.title,
        "theme_section": comment.section.title,
        "category": comment.category,
        "comment": comment.body,
        "name_shown": comment.author_name,
        "municipality": comment.municipality.name if comment.municipality else "",
        "channel": comment.source,
        "submitted_at": comment.submitted_at.isoformat(),
        "state": comment.state,
        "email": comment.contact.email,
        "answer_decision": response.decision if response and response.published_at else "",
        "answer": response.reason if response and response.published_at else "",
    }


def _mail_record(mail: OutgoingMail) -> dict:
    return {
        "to": mail.to,
        "kind": mail.kind,
        "subject": mail.subject,
        "created_at": mail.created_at.isoformat(),
        "sent_at": mail.sent_at.isoformat() if mail.sent_at else "",
    }


def personal_data_export(*, actor, region: Region, email: str, file_format: str) -> bytes:
    """Everything held about the address as JSON (comments and mails) or CSV (one row per comment)."""
    if file_format not in ("json", "csv"):
        raise ValueError(file_format)
    found = personal_data_find(region=region, email=email)
    comments = [_comment_record(comment) for comment in found.comments]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        region=region,
        detail={
            "code": "personal_data_export",
            "email": mask_email(found.email),
            "format": file_format,
            "comments": len(comments),
            "mails": len(found.mails),
        },
    )
    if file_format == "json":
        document = {
            "email": found.email,
            "region": region.name,
            "exported_at": timezone.now().isoformat(),
            "comments": comments,
            "mails": [_mail_record(mail) for mail in found.mails],
            "subscriptions": [
                {
                    "region": region.name,
                    "subscribed_at": subscription.created_at.isoformat(),
                    "confirmed_at": subscription.confirmed_at.isoformat() if subscription.confirmed_at else None,
                }
                for subscription in found.subscriptions
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    fields = [
        "reference",
        "plan",
        "window",
        "theme_section",
        "category",
        "comment",
        "name_shown",
        "municipality",
        "channel",
        "submitted_at",
        "state",
        "email",
        "answer_decision",
        "answer",
    ]
    # Through the one path every spreadsheet export takes: a comment starting with "=" stays text.
    data = tablib.Dataset(*([record[field] for field in fields] for record in comments), headers=fields)
    return ("\ufeff" + dataset_for_spreadsheets(data).export("csv")).encode("utf-8")


@dataclass
class Erased:
    contacts: int
    mails: int
    names: int
    subscriptions: int = 0


@transaction.atomic
def personal_data_erase(*, actor, region: Region, email: str) -> Erased:
    """Remove the address, the mail to it and the shown name from the region's comments (see the module text)."""
    email = email.strip()
    comment_ids = list(_comments(region=region, email=email).values_list("pk", flat=True))
    mails, _by_model = OutgoingMail.objects.filter(comment__in=comment_ids, to__iexact=email).delete()
    names = Comment.objects.filter(pk__in=comment_ids).exclude(author_name="").update(author_name="")
    contacts, _by_model = CommenterContact.objects.filter(comment__in=comment_ids).delete()
    subscriptions, _by_model = Subscription.objects.filter(region=region, email__iexact=email).delete()
    erased = Erased(contacts=contacts, mails=mails, names=names, subscriptions=subscriptions)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ERASE,
        region=region,
        detail={
            "code": "personal_data_erase",
            "email": mask_email(email),
            "contacts": contacts,
            "mails": mails,
            "names": names,
            "subscriptions": subscriptions,
        },
    )
    return erased
