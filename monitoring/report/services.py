"""Writes of the annual report: the staff's summaries of a year, and asking for the year's PDF again."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from core.versioning import EditConflict, save_versioned
from documents.models import Document
from documents.rendering import document_request
from monitoring.models import ThemeYearSummary
from plans.models import CooperationPlan


def annual_report_refresh(*, plan: CooperationPlan, year: int, later_years: bool = False) -> None:
    """Once the change is committed, bring the year's PDF up to date (with ``later_years`` also those of the
    years after it, which sum or chart it), if it was made (it is made on download) and visitors may read it; a
    draft's report is made again when staff download it."""
    if plan.status == CooperationPlan.Status.DRAFT:
        return

    def refresh():
        made = Document.objects.filter(plan=plan, kind=Document.Kind.ANNUAL_REPORT)
        scopes = {scope for scope in made.values_list("scope", flat=True) if scope.isdecimal()}
        for scope in sorted(scopes):
            if int(scope) == year or (later_years and int(scope) > year):
                document_request(plan=plan, kind=Document.Kind.ANNUAL_REPORT, scope=scope)

    transaction.on_commit(refresh)


@transaction.atomic
def theme_summaries_save(
    *, plan: CooperationPlan, year: int, summaries: Sequence[tuple[ThemeYearSummary, int]]
) -> list[ThemeYearSummary]:
    """Save the summaries of a year, each if it is still at the version its form started from (0: none yet).

    All or nothing: EditConflict names the first summary someone else saved meanwhile, and nothing is saved.
    """
    for summary, expected_version in summaries:
        if summary.pk is None or expected_version == 0:
            _create(summary)
        else:
            save_versioned(summary, expected_version=expected_version)
    if summaries:
        annual_report_refresh(plan=plan, year=year)
    return [summary for summary, _version in summaries]


def _create(summary: ThemeYearSummary) -> None:
    def existing():
        return ThemeYearSummary.objects.filter(section=summary.section, year=summary.year).first()

    current = existing()
    if current is not None:  # written by someone else after this form was opened
        raise EditConflict(current)
    try:
        with transaction.atomic():
            summary.version = 1
            summary.save()
    except IntegrityError:  # written at the same moment: the unique constraint decides
        raise EditConflict(existing()) from None
