"""Answers that hold: an answer taking a comment into account names the change set that makes the change.

A plan the public can see changes only by publishing a change set (plans/changesets.py). So an answer "taken into
account" (or "partly") to a comment on such a plan names one of the plan's change sets that is not discarded, and
the section or activity it changed must be one that change set adds or changes: for a changed one its public row,
for one the change set adds its working copy's row (there is no public row yet). Until the change set is published
the public pages say the comment *will be* taken into account in it (``Response.decision_shown``).

When the change set is published (``plans.changesets.change_set_published``, sent inside the publishing
transaction before the working copy is deleted) :func:`answers_follow_change_set` points the answers at the public
rows and has the consultation reports holding them drawn again after commit, and
:func:`subscribers_tell_change_set` writes the mail to the region's confirmed subscribers in the transaction too,
so that it exists exactly when the change does, is written once and is sent after commit. Plans never import this
app: discarding a change set that answers name is refused there through the reverse relation
(``change_set.responses``).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from documents.models import Document
from documents.rendering import document_request
from plans.changesets import CONTENT, MODELS, changes
from plans.models import Activity, ChangeSet, ChangeSetRow, CooperationPlan, ThemeSection

from .mail import absolute_url, mail_kick
from .models import ConsultationWindow, OutgoingMail, Response, Subscription

# The decisions that say the plan changed: on a public plan they name a change set.
CHANGING = (Response.Decision.TAKEN, Response.Decision.PARTLY)
NAMED = (ThemeSection, Activity)
LIVE_STATES = (ChangeSet.State.OPEN, ChangeSet.State.IN_REVIEW)


def answerable_change_sets(plan: CooperationPlan):
    """The change sets an answer on ``plan`` may name: every one not discarded (a published one too)."""
    return ChangeSet.objects.filter(plan=plan).exclude(state=ChangeSet.State.DISCARDED)


def answer_targets(model: type[models.Model], plan: CooperationPlan):
    """The sections (or activities) an answer on ``plan`` may name: the plan's own, and those its change sets
    being prepared add (rows of a working copy that were not copied from the public plan)."""
    way = CONTENT[model]
    copies = ChangeSet.objects.filter(plan=plan, state__in=LIVE_STATES, working_copy__isnull=False)
    copied = ChangeSetRow.objects.filter(
        change_set__plan=plan, content_type=ContentType.objects.get_for_model(model)
    ).values("copy_id")
    added = Q(**{f"{way}__in": copies.values("working_copy_id")}) & ~Q(pk__in=copied)
    return model.objects.filter(Q(**{way: plan.pk}) | added)


def changed_objects(change_set: ChangeSet) -> set[tuple[type[models.Model], int]]:
    """(model, id) of every section and activity the change set adds or changes: the public row of a changed one;
    of an added one the working copy's row until it is published, the public row after."""
    if change_set.state == ChangeSet.State.PUBLISHED:
        return {
            (MODELS[entry["model"]], entry["id"])
            for entry in change_set.published_changes
            if entry["action"] in ("added", "changed") and MODELS.get(entry["model"]) in NAMED and entry["id"]
        }
    if change_set.state == ChangeSet.State.DISCARDED:
        return set()
    found = set()
    for change in changes(change_set):
        if change.model not in NAMED:
            continue
        if change.action == "added":
            found.add((change.model, change.copy.pk))
        elif change.action == "changed" and change.origin is not None:
            found.add((change.model, change.origin.pk))
    return found


def same_section(section: ThemeSection, activity: Activity) -> bool:
    """Whether ``activity`` is in ``section``, or, added by a change set, in the working copy's row of it."""
    if activity.section_id == section.pk:
        return True
    return ChangeSetRow.objects.filter(
        content_type=ContentType.objects.get_for_model(ThemeSection), copy_id=activity.section_id, origin_id=section.pk
    ).exists()


def check_answer_change_set(
    *,
    plan: CooperationPlan,
    decision: str,
    change_set: ChangeSet | None,
    changed_section: ThemeSection | None,
    changed_activity: Activity | None,
    existing: Response | None = None,
) -> None:
    """Refuse (ValidationError by field) an answer whose change set does not hold; ``change_set`` comes locked.

    An answer given before change sets existed ("taken", no change set) may be saved again with the same decision.
    """
    if change_set is None:
        grandfathered = existing is not None and existing.change_set_id is None and existing.decision == decision
        if decision in CHANGING and plan.edited_through_change_sets and not grandfathered:
            raise ValidationError(
                {
                    "change_set": _(
                        "The plan is public, so it changes only through a change set: choose the change set that "
                        "takes the comment into account (start one on the plan's page if there is none yet)."
                    )
                }
            )
        return
    if change_set.plan_id != plan.pk:
        raise ValidationError({"change_set": _("Choose a change set of the plan the comment is on.")})
    if change_set.state == ChangeSet.State.DISCARDED:
        raise ValidationError(
            {"change_set": _("The change set “%(title)s” was discarded: choose another.") % {"title": change_set}}
        )
    if decision not in CHANGING:
        raise ValidationError(
            {"change_set": _("Only an answer that takes the comment into account (or partly) names a change set.")}
        )
    chosen = [
        (field, obj)
        for field, obj in (("changed_section", changed_section), ("changed_activity", changed_activity))
        if obj
    ]
    if not chosen:
        return
    found = changed_objects(change_set)
    errors = {}
    for field, obj in chosen:
        # The section of a changed activity may be named with it, changed or not.
        context = (
            field == "changed_section"
            and changed_activity is not None
            and (Activity, changed_activity.pk) in found
            and same_section(obj, changed_activity)
        )
        if (type(obj), obj.pk) not in found and not context:
            errors[field] = _(
                "The change set “%(change_set)s” does not add or change “%(object)s”: choose what it changes, or "
                "leave this empty."
            ) % {"change_set": change_set, "object": obj}
    if errors:
        raise ValidationError(errors)


def lock_change_set(change_set: ChangeSet | None) -> ChangeSet | None:
    """The change set locked until the answer is saved: it cannot be discarded or published meanwhile."""
    if change_set is None:
        return None
    return ChangeSet.objects.select_for_update(of=("self",)).select_related("plan").get(pk=change_set.pk)


# --- When a change set is published ---------------------------------------------------------------------------


def answers_follow_change_set(*, change_set: ChangeSet, live_ids: dict, **kwargs) -> int:
    """Point the answers naming the change set from its working copy's rows to the public ones; how many.

    The consultation reports holding such answers said "will be taken into account": they are drawn again after
    commit (a report is otherwise made once, when first downloaded).
    """
    windows = list(
        ConsultationWindow.objects.filter(
            comments__response__change_set=change_set, feedback_published_at__isnull=False
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    if windows:
        plan_id = change_set.plan_id
        transaction.on_commit(lambda: _reports_refresh(plan_id=plan_id, windows=windows), robust=True)
    moved = 0
    for response in Response.objects.filter(change_set=change_set).filter(
        Q(changed_section__isnull=False) | Q(changed_activity__isnull=False)
    ):
        section = live_ids.get((ThemeSection, response.changed_section_id), response.changed_section_id)
        activity = live_ids.get((Activity, response.changed_activity_id), response.changed_activity_id)
        if (section, activity) == (response.changed_section_id, response.changed_activity_id):
            continue
        response.changed_section_id, response.changed_activity_id = section, activity
        response.save(update_fields=["changed_section", "changed_activity"])
        moved += 1
    return moved


def _reports_refresh(*, plan_id: int, windows: list[int]) -> None:
    plan = CooperationPlan.objects.select_related("region").get(pk=plan_id)
    for window_id in windows:
        document_request(plan=plan, kind=Document.Kind.CONSULTATION_REPORT, scope=str(window_id))


def subscribers_tell_change_set(*, change_set: ChangeSet, **kwargs) -> int:
    """Queue a mail to each confirmed subscriber of the plan's region, in their language; sent after commit.

    Written in the publishing transaction, so the mails exist exactly when the change does and are written once
    (a change set is published once). One text per language; only the unsubscribe link differs.
    """
    plan = CooperationPlan.objects.select_related("region").get(pk=change_set.plan_id)
    subscribers = list(Subscription.objects.filter(region_id=plan.region_id, confirmed_at__isnull=False))
    if not subscribers:
        return 0
    texts: dict[str, tuple[str, str]] = {}
    mails = []
    for subscription in subscribers:
        language = subscription.language or settings.LANGUAGE_CODE
        if language not in texts:
            texts[language] = _change_set_text(change_set=change_set, plan=plan, language=language)
        subject, body = texts[language]
        with translation.override(language):
            unsubscribe = absolute_url(reverse("consultations:unsubscribe", kwargs={"token": subscription.token}))
            stop = _("To stop these mails, open this link:")
        mails.append(
            OutgoingMail(
                to=subscription.email,
                kind=OutgoingMail.Kind.CHANGES,
                subject=subject[:255],
                body=f"{body}\n\n{stop}\n{unsubscribe}\n",
                language=language,
                list_unsubscribe=unsubscribe,
            )
        )
    OutgoingMail.objects.bulk_create(mails)
    transaction.on_commit(mail_kick)
    return len(mails)


def _change_set_text(*, change_set: ChangeSet, plan: CooperationPlan, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = _("Changes published in “%(plan)s”") % {"plan": plan.title}
        parts = [
            _("The cooperation plan “%(plan)s” (%(region)s) has changed: the changes “%(title)s” were published.")
            % {"plan": str(plan), "region": plan.region.name, "title": change_set.title}
        ]
        if change_set.description:
            parts.append(change_set.description)
        parts.append(_("What changed: %(url)s") % {"url": absolute_url(change_set.get_absolute_url())})
    return subject, "\n\n".join(parts)
