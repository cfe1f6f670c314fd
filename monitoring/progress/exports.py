"""A plan's progress reports as CSV or XLSX: one row per activity and year.

Like the project registry's exports (projects/exports.py): CSV is UTF-8 with a byte-order mark, money is written
as 1234.50 and an amount not known is an empty cell (never 0); text that a spreadsheet would run as a formula is
neutralised by core.spreadsheets. Column names are English and stable, so scripts can read them.
"""

import tablib
from django.http import HttpResponse

from core.spreadsheets import dataset_for_spreadsheets
from plans.models import CooperationPlan

from .selectors import plan_progress

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADERS = [
    "theme",
    "activity_id",
    "activity",
    "responsible_organisation",
    "year",
    "status",
    "account",
    "money_spent",
    "budget_planned",
    "person_years_used",
    "person_years_planned",
    "evidence_projects",
    "evidence_links",
    "is_example",
    "updated_at",
]


def _amount(value) -> str:
    return "" if value is None else format(value, "f")


def progress_dataset(plan: CooperationPlan) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=HEADERS, title="Progress")
    for report in plan_progress(plan):
        activity = report.activity
        dataset.append(
            [
                activity.section.theme.slug,
                activity.pk,
                activity.title,
                activity.responsible_organisation.name,
                report.year,
                report.status,
                report.account,
                _amount(report.money_spent),
                _amount(activity.budget),
                _amount(report.person_years_used),
                _amount(activity.person_years),
                "; ".join(project.name for project in report.evidence_projects.all()),
                " ".join(link.url for link in report.links.all()),
                "yes" if report.is_example else "no",
                report.updated_at.isoformat(),
            ]
        )
    return dataset


def progress_export_response(plan: CooperationPlan, fmt: str) -> HttpResponse:
    """A download of the plan's progress as ``fmt`` ("csv" or "xlsx"); ValueError for any other format."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(CONTENT_TYPES)}")
    dataset = progress_dataset(plan)
    if fmt == "csv":
        content = "\ufeff" + dataset_for_spreadsheets(dataset).export("csv")
    else:
        content = dataset_for_spreadsheets(dataset, xlsx=True).export("xlsx")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="progress-{plan.region.slug}-{plan.slug}.{fmt}"'
    return response
