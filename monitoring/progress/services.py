"""Writes of progress reports: one activity in one year, with its evidence projects and links.

A report is saved through core.versioning.save_versioned, so a second person's save never silently overwrites the
first (EditConflict instead), also when two people write the first report of a year at once. Deleting an evidence
link is allowed and audited, as deleting a plan's milestone is.
"""

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max

from core.audit import audit_record
from core.models import AuditEvent
from core.versioning import EditConflict, save_versioned
from projects.models import Project

from ..models import ActivityProgress, EvidenceLink
from ..report.services import annual_report_refresh


@transaction.atomic
def progress_save(
    *,
    progress: ActivityProgress,
    expected_version: int,
    evidence_projects: Iterable[Project],
    links_to_save: Sequence[EvidenceLink] = (),
    links_to_delete: Sequence[EvidenceLink] = (),
    actor,
) -> ActivityProgress:
    """Create or update the report of ``progress.activity`` in ``progress.year``.

    ``expected_version`` is the version the user's form started from, 0 for a report that did not exist then.
    Raises EditConflict (and writes nothing) when someone saved the report after the user opened it.
    """
    progress.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    if progress.pk is None:
        try:
            with transaction.atomic():
                save_versioned(progress, expected_version=1)
        except IntegrityError:
            # Someone else wrote this year's first report meanwhile (unique per activity and year).
            current = ActivityProgress.objects.filter(activity_id=progress.activity_id, year=progress.year).first()
            if current is None:
                raise
            progress.pk = None
            raise EditConflict(current) from None
    else:
        save_versioned(progress, expected_version=expected_version)
    progress.evidence_projects.set(evidence_projects)
    region_id = progress.activity.section.plan.region_id
    for link in links_to_delete:
        audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=link, region=region_id)
        link.delete()
    last = progress.links.aggregate(last=Max("position"))["last"]
    next_position = 0 if last is None else last + 1
    for link in links_to_save:
        link.progress = progress
        if link.pk is None:
            link.position, next_position = next_position, next_position + 1
        link.save()
    _renumber_links(progress)
    # The year's report shows the report; later years' sum the money and person-years used so far.
    annual_report_refresh(plan=progress.activity.section.plan, year=progress.year, later_years=True)
    return progress


def _renumber_links(progress: ActivityProgress) -> None:
    """Links keep the order in which they were added: positions 0, 1, 2 … (a save only where one changes)."""
    for position, link in enumerate(progress.links.order_by("position", "pk")):
        if link.position != position:
            link.position = position
            link.save(update_fields=["position"])
