"""Moderating comments and answering them.

A comment is published, rejected (with a reason) or marked as spam; each act is logged (AuditEvent MODERATE).
Workshop and letter input is entered by staff as comments tagged with their source and then goes through the
same queue. An answer (Response) is saved as a draft and becomes public when it is published: it is shown only
beside a published comment, so publishing an answer also publishes a comment still waiting for moderation. The
commenter who left an e-mail is told once, when the answer is first published (mail_queue sends after commit
through a task that retries; the request never waits for it).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, Municipality
from plans.models import Activity, ChangeSet, ThemeSection

from .change_sets import check_answer_change_set, lock_change_set
from .mail import absolute_url, mail_queue
from .models import Comment, ConsultationWindow, OutgoingMail, Response, Workshop

BULK_ACTIONS = ("publish", "reject", "spam")


def _log(*, actor, comment: Comment, detail: dict) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.MODERATE,
        obj=comment,
        region=comment.window.plan.region_id,
        detail=detail,
    )


def _moderate(*, actor, comment: Comment, state: str, reason: str = "") -> bool:
    """Set the state; False when the comment was already in it (nothing changes, nothing is logged)."""
    now = timezone.now()
    # A post-moderated comment is published before anyone checked it: publishing it then records the check.
    changed = (
        Comment.objects.filter(pk=comment.pk)
        .filter(~Q(state=state) | Q(moderated_at__isnull=True))
        .update(state=state, rejection_reason=reason, moderated_at=now, moderated_by=actor)
    )
    if not changed:
        return False
    comment.state, comment.rejection_reason, comment.moderated_at, comment.moderated_by = state, reason, now, actor
    detail = (
        {"code": "moderated_reason", "state": state, "reason": reason}
        if reason
        else {"code": "moderated", "state": state}
    )
    _log(actor=actor, comment=comment, detail=detail)
    return True


@transaction.atomic
def comment_publish(*, actor, comment: Comment) -> bool:
    return _moderate(actor=actor, comment=comment, state=Comment.State.PUBLISHED)


@transaction.atomic
def comment_reject(*, actor, comment: Comment, reason: str) -> bool:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for rejecting the comment."))
    if comment.state == Comment.State.REJECTED and comment.rejection_reason != reason:
        # A new reason for a comment already rejected: record it.
        Comment.objects.filter(pk=comment.pk).update(rejection_reason=reason)
        comment.rejection_reason = reason
        _log(actor=actor, comment=comment, detail={"code": "rejection_reason", "reason": reason})
        return True
    return _moderate(actor=actor, comment=comment, state=Comment.State.REJECTED, reason=reason)


@transaction.atomic
def comment_mark_spam(*, actor, comment: Comment) -> bool:
    return _moderate(actor=actor, comment=comment, state=Comment.State.SPAM)


@transaction.atomic
def comments_bulk(*, actor, action: str, comments: Iterable[Comment], reason: str = "") -> int:
    """Apply one action to many comments; the number that changed."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action."))
    if action == "reject" and not reason.strip():
        raise ValidationError(_("Give the reason for rejecting the comments."))
    changed = 0
    for comment in comments:
        if action == "publish":
            changed += comment_publish(actor=actor, comment=comment)
        elif action == "reject":
            changed += comment_reject(actor=actor, comment=comment, reason=reason)
        else:
            changed += comment_mark_spam(actor=actor, comment=comment)
    return changed


@transaction.atomic
def workshop_comment_create(
    *,
    actor,
    window: ConsultationWindow,
    section: ThemeSection,
    category: str,
    body: str,
    source: str = Comment.Source.WORKSHOP,
    workshop: Workshop | None = None,
    author_name: str = "",
    municipality: Municipality | None = None,
) -> Comment:
    """Input from a workshop or a letter, typed in by staff; it waits in the queue like any comment."""
    if section.plan_id != window.plan_id:
        raise ValidationError(_("Choose a theme section of this window's plan."))
    if source == Comment.Source.WORKSHOP and (workshop is None or workshop.window_id != window.pk):
        raise ValidationError(_("Choose the workshop of this window the input comes from."))
    if source == Comment.Source.WEB:
        raise ValidationError(_("Comments from the web form are left by residents themselves."))
    comment = Comment.objects.create(
        window=window,
        section=section,
        category=category,
        body=body,
        source=source,
        workshop=workshop if source == Comment.Source.WORKSHOP else None,
        author_name=author_name,
        municipality=municipality,
    )
    _log(actor=actor, comment=comment, detail={"code": "entered_by_staff", "source": source})
    return comment


def _check_traceability(
    *,
    comment: Comment,
    decision: str,
    changed_section: ThemeSection | None,
    changed_activity: Activity | None,
    change_set: ChangeSet | None = None,
    existing: Response | None = None,
) -> None:
    """The change named must be in the comment's plan: in the plan itself, or, with a change set, among what the
    change set adds or changes (consultations/change_sets.py)."""
    plan = comment.window.plan
    check_answer_change_set(
        plan=plan,
        decision=decision,
        change_set=change_set,
        changed_section=changed_section,
        changed_activity=changed_activity,
        existing=existing,
    )
    if change_set is not None:
        return
    if changed_section is not None and changed_section.plan_id != plan.pk:
        raise ValidationError(_("The changed section must belong to the plan the comment is on."))
    if changed_activity is not None and changed_activity.section.plan_id != plan.pk:
        raise ValidationError(_("The changed activity must belong to the plan the comment is on."))


@transaction.atomic
def response_save(
    *,
    actor,
    comment: Comment,
    decision: str,
    reason: str,
    changed_section: ThemeSection | None = None,
    changed_activity: Activity | None = None,
    change_set: ChangeSet | None = None,
    publish: bool = False,
) -> Response:
    """Create or change the answer to a comment; with ``publish`` also publish it (see responses_publish).

    An answer naming a change set not yet published may be published: the public pages then say the comment will
    be taken into account in it. The change set stays locked until the answer is saved, so it is not discarded or
    published in between.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the decision."))
    change_set = lock_change_set(change_set)
    _check_traceability(
        comment=comment,
        decision=decision,
        changed_section=changed_section,
        changed_activity=changed_activity,
        change_set=change_set,
        existing=Response.objects.filter(comment=comment).first(),
    )
    response, _created = Response.objects.update_or_create(
        comment=comment,
        defaults={
            "decision": decision,
            "reason": reason,
            "changed_section": changed_section,
            "changed_activity": changed_activity,
            "change_set": change_set,
            "answered_by": actor,
            "answered_at": timezone.now(),
        },
    )
    _log(actor=actor, comment=comment, detail={"code": "answered", "decision": decision})
    if publish:
        responses_publish(actor=actor, responses=[response])
        response.refresh_from_db(fields=["published_at"])
    return response


@transaction.atomic
def responses_publish(*, actor, responses: Iterable[Response]) -> int:
    """Publish answers (and their comments if still waiting); the number published now for the first time.

    The first publication is a conditional update, so the commenter is mailed once however often this runs.
    Answers to rejected comments and spam are never published.
    """
    published = 0
    for response in responses:
        comment = response.comment
        if comment.state in (Comment.State.REJECTED, Comment.State.SPAM):
            continue
        if comment.state == Comment.State.PENDING:
            comment_publish(actor=actor, comment=comment)
        first = Response.objects.filter(pk=response.pk, published_at__isnull=True).update(published_at=timezone.now())
        if not first:
            continue
        published += 1
        _log(actor=actor, comment=comment, detail={"code": "answer_published"})
        _notify(comment=comment, response=response)
    return published


@transaction.atomic
def window_feedback_publish(*, actor, window: ConsultationWindow, now=None) -> tuple[int, bool]:
    """Publish every saved answer to the window's published comments, and, once the window has closed, mark its
    feedback as published (first time only, logged): that shows the consultation report on the plan page and
    starts the countdown after which commenters' addresses are erased (consultations.services).

    Returns the number of answers published now and whether the feedback was marked published by this call.
    """
    now = now or timezone.now()
    responses = Response.objects.filter(
        comment__window=window, comment__state=Comment.State.PUBLISHED, published_at__isnull=True
    ).select_related("comment__window__plan__region", "comment__contact")
    count = responses_publish(actor=actor, responses=list(responses))
    marked = False
    if window.closes_at <= now:
        marked = bool(
            ConsultationWindow.objects.filter(pk=window.pk, feedback_published_at__isnull=True).update(
                feedback_published_at=now
            )
        )
        if marked:
            window.feedback_published_at = now
            audit_record(
                actor=actor,
                action=AuditEvent.Action.PUBLISH,
                obj=window,
                region=window.plan.region_id,
                detail={"code": "feedback_published"},
            )
    return count, marked


def _notify(*, comment: Comment, response: Response) -> None:
    contact = getattr(comment, "contact", None)
    if contact is None:
        return
    plan = comment.window.plan
    language = plan.language or translation.get_language()
    with translation.override(language):
        feedback_path = reverse(
            "consultations:feedback",
            kwargs={"region": plan.region.slug, "plan": plan.slug, "window": comment.window_id},
        )
        subject = _("Your comment %(reference)s has been answered") % {"reference": comment.reference}
        body = "\n\n".join(
            [
                _("Your comment on “%(window)s” has been answered.") % {"window": comment.window.title},
                _("Decision: %(decision)s") % {"decision": response.decision_shown},
                _("Reason: %(reason)s") % {"reason": response.reason},
                _("Comment: %(body)s") % {"body": comment.body},
                _("All comments and answers: %(url)s") % {"url": absolute_url(feedback_path)},
            ]
        )
    mail_queue(
        to=contact.email,
        kind=OutgoingMail.Kind.ANSWER,
        subject=subject,
        body=body,
        language=language,
        comment=comment,
    )
