"""Writes of the staff workspace: plans, their milestones, theme sections, activities and indicators.

Every edit of an existing row goes through core.versioning.save_versioned with the version the user's form
started from, so a second person's save never silently overwrites the first (EditConflict instead). Content a
comment or a project may refer to (sections, activities) is archived, never deleted. A change that visitors
can see brings the plan's PDFs up to date once the transaction commits (plans.publishing.plan_published).
"""

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.models import AuditEvent, Municipality, Organisation
from core.versioning import save_versioned

from .models import Activity, CooperationPlan, Indicator, IndicatorValue, Milestone, StrategyDocument, ThemeSection
from .publishing import plan_published

Status = CooperationPlan.Status

# The workflow: draft → in consultation → adopted → archived, and back from consultation to draft.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.CONSULTATION,),
    Status.CONSULTATION: (Status.DRAFT, Status.ADOPTED),
    Status.ADOPTED: (Status.ARCHIVED,),
    Status.ARCHIVED: (),
}


class TransitionNotAllowed(Exception):
    """The plan cannot move from its status to the one asked for."""


def allowed_transitions(plan: CooperationPlan) -> tuple[str, ...]:
    return TRANSITIONS.get(plan.status, ())


def _publish_on_commit(plan: CooperationPlan) -> None:
    """Visitors see the plan (it is not a draft): refresh its PDFs once the change is committed."""
    if plan.status != Status.DRAFT:
        plan_id = plan.pk
        transaction.on_commit(
            lambda: plan_published(plan=CooperationPlan.objects.select_related("region").get(pk=plan_id))
        )


def _audit_deletes(*, actor, objects: Iterable[models.Model], region_id: int) -> None:
    for obj in objects:
        audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=obj, region=region_id)


# --- Plans ------------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, plan: CooperationPlan, basis_documents: Iterable[StrategyDocument] = (), actor) -> CooperationPlan:
    """Save a new plan (always a draft: it is published through plan_set_status)."""
    plan.status = Status.DRAFT
    save_versioned(plan, expected_version=1)
    plan.basis_documents.set(basis_documents)
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: CooperationPlan,
    expected_version: int,
    basis_documents: Iterable[StrategyDocument] | None,
    milestones_to_save: Sequence[Milestone] = (),
    milestones_to_delete: Sequence[Milestone] = (),
    actor,
) -> CooperationPlan:
    """Save a plan's metadata with its milestones; the plan's version guards the whole page.

    ``basis_documents`` None leaves them as they are (a step of the editor that does not show them).
    Raises EditConflict (and writes nothing) when someone saved the plan after the user opened it.
    """
    save_versioned(plan, expected_version=expected_version)
    if basis_documents is not None:
        plan.basis_documents.set(basis_documents)
    for milestone in milestones_to_save:
        milestone.plan = plan
        if milestone.pk is None:
            save_versioned(milestone, expected_version=1)
        else:
            # The plan's version already proved nobody else saved this page in between.
            milestone.version += 1
            milestone.save()
    # A milestone is referenced by nothing else: deleting it is allowed, and audited.
    _audit_deletes(actor=actor, objects=milestones_to_delete, region_id=plan.region_id)
    for milestone in milestones_to_delete:
        milestone.delete()
    _publish_on_commit(plan)
    return plan


@transaction.atomic
def plan_set_status(*, plan: CooperationPlan, status: str, expected_version: int, actor) -> CooperationPlan:
    """Move a plan along the workflow, recording who and when; leaving draft publishes it."""
    if status not in allowed_transitions(plan):
        raise TransitionNotAllowed(
            _("A plan cannot go from “%(old)s” to “%(new)s”.")
            % {"old": plan.get_status_display(), "new": Status(status).label if status in Status else status}
        )
    old = plan.status
    plan.status = status
    plan.status_changed_at = timezone.now()
    plan.status_changed_by = actor
    save_versioned(plan, expected_version=expected_version)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.STATUS,
        obj=plan,
        region=plan.region_id,
        detail={"code": "status", "from": old, "to": plan.status},
    )
    # Back to draft hides the plan again; the downloads must forget it either way.
    transaction.on_commit(lambda: plan_published(plan=plan))
    return plan


# --- Theme sections and activities ------------------------------------------------------------------------------


@transaction.atomic
def section_save(*, section: ThemeSection, expected_version: int, actor) -> ThemeSection:
    """Create or edit a theme section; a new one goes to the end of the plan."""
    if section.pk is None:
        last = section.plan.sections.aggregate(last=models.Max("position"))["last"]
        section.position = 0 if last is None else last + 1
    save_versioned(section, expected_version=expected_version)
    _publish_on_commit(section.plan)
    return section


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    expected_version: int,
    partner_organisations: Iterable[Organisation],
    municipalities: Iterable[Municipality],
    actor,
) -> Activity:
    """Create or edit an activity with its partners and municipalities; a new one goes to the end of its section."""
    if activity.pk is None:
        last = activity.section.activities.aggregate(last=models.Max("position"))["last"]
        activity.position = 0 if last is None else last + 1
    save_versioned(activity, expected_version=expected_version)
    activity.partner_organisations.set(partner_organisations)
    activity.municipalities.set(municipalities)
    _publish_on_commit(activity.section.plan)
    return activity


@transaction.atomic
def indicator_save(
    *,
    indicator: Indicator,
    expected_version: int,
    values_to_save: Sequence[IndicatorValue] = (),
    values_to_delete: Sequence[IndicatorValue] = (),
    actor,
) -> Indicator:
    """Create or edit an indicator and its yearly values; deleting a value is allowed and audited."""
    plan = indicator.activity.section.plan
    if indicator.pk is None:
        last = indicator.activity.indicators.aggregate(last=models.Max("position"))["last"]
        indicator.position = 0 if last is None else last + 1
    save_versioned(indicator, expected_version=expected_version)
    _audit_deletes(actor=actor, objects=values_to_delete, region_id=plan.region_id)
    for value in values_to_delete:
        value.delete()
    for value in values_to_save:
        value.indicator = indicator
        value.save()
    _publish_on_commit(plan)
    return indicator


@transaction.atomic
def items_reorder(*, items: Sequence[ThemeSection | Activity], ordered_ids: Sequence[int], actor) -> None:
    """Give ``items`` (the sections of one plan or the activities of one section) the order of ``ordered_ids``.

    Ids that are not among the items are ignored; items left out keep their relative order after the others.
    """
    by_id = {item.pk: item for item in items}
    order = [by_id[pk] for pk in dict.fromkeys(ordered_ids) if pk in by_id]
    order += [item for item in items if item not in order]
    for position, item in enumerate(order):
        if item.position != position:
            item.position = position
            # One saved row per moved item, so history and the public page cache see it; no version bump:
            # the order is not part of any edit form, so it cannot conflict with one.
            item.save(update_fields=["position", "updated_at"])
    if order:
        plan = order[0].plan if isinstance(order[0], ThemeSection) else order[0].section.plan
        _publish_on_commit(plan)


def move_in_order(items: Sequence[models.Model], *, pk: int, direction: str) -> list[int]:
    """The ids of ``items`` after moving the one with ``pk`` one place up or down."""
    ids = [item.pk for item in items]
    if pk not in ids:
        return ids
    index = ids.index(pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return ids


@transaction.atomic
def content_archive(*, obj: ThemeSection | Activity, actor, restore: bool = False) -> ThemeSection | Activity:
    """Hide a section or an activity from the public pages but keep it: comments and projects may refer to it.

    ``restore=True`` brings it back. Either way the version is bumped, so an edit form opened before merges with
    it (core.versioning.save_merging) instead of silently undoing it.
    """
    obj.archived_at = None if restore else timezone.now()
    save_versioned(obj, expected_version=type(obj).objects.values_list("version", flat=True).get(pk=obj.pk))
    plan = obj.plan if isinstance(obj, ThemeSection) else obj.section.plan
    audit_record(
        actor=actor,
        action=AuditEvent.Action.RESTORE if restore else AuditEvent.Action.ARCHIVE,
        obj=obj,
        region=plan.region_id,
    )
    _publish_on_commit(plan)
    return obj


# --- Organisations and strategy documents -----------------------------------------------------------------------
# Neither has a version column: a plain save. They are shared reference data, not part of one plan's text.

SLUG_ATTEMPTS = 5
# Words of the staff URLs next to an organisation's slug (organisations/new/): never a slug.
RESERVED_ORGANISATION_SLUGS = frozenset({"new"})


def _free_organisation_slug(name: str) -> str:
    """A slug from the name that no organisation uses yet: ``name``, then ``name-2``, ``name-3``…"""
    field_length = Organisation._meta.get_field("slug").max_length
    base = slugify(name)[: field_length - 6].strip("-") or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_ORGANISATION_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def organisation_create(*, organisation: Organisation, actor) -> Organisation:
    """Save a new organisation with a slug made from its name, unique among all organisations.

    Two editors creating the same name at once: the loser's insert fails on the unique slug, and it tries the next one.
    """
    for attempt in range(SLUG_ATTEMPTS):
        organisation.slug = _free_organisation_slug(organisation.name)
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS - 1 or not _slug_taken(organisation.slug):
                raise
            organisation.pk = None
        else:
            return organisation
    raise AssertionError("unreachable")  # pragma: no cover


def _slug_taken(slug: str) -> bool:
    return Organisation.objects.filter(slug=slug).exists()


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor) -> Organisation:
    """Save an organisation's name, kind, municipality, website and public contact; its slug (its public address)
    stays."""
    organisation.save(update_fields=["name", "kind", "municipality", "website", "public_email", "public_phone"])
    return organisation


@transaction.atomic
def strategy_document_create(*, document: StrategyDocument, actor) -> StrategyDocument:
    document.save()
    return document
