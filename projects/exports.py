"""The registry's exports: CSV, XLSX and JSON from :class:`projects.resources.ProjectResource`.

The columns are the import's columns, so a downloaded file can be edited and imported again (the round trip is
tested in tests/projects/test_export.py). CSV is UTF-8 with a byte-order mark and a comma, which spreadsheet
programs open correctly; money is written as 29952.00 and dates as 2021-08-02, and an amount or date not known
is an empty cell (never 0). A project without a code re-imports onto itself by its slug.
"""

from django.http import HttpResponse
from django.utils import timezone

from core.spreadsheets import dataset_for_spreadsheets

from .resources import ProjectResource

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def export_dataset(queryset):
    resource = ProjectResource()
    return resource.export(queryset=ProjectResource.export_queryset(queryset))


def export_response(queryset, fmt: str) -> HttpResponse:
    """A download of ``queryset`` as ``fmt`` ("csv", "xlsx" or "json"); ValueError for any other format."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(CONTENT_TYPES)}")
    dataset = export_dataset(queryset)
    if fmt == "csv":
        content = "\ufeff" + dataset_for_spreadsheets(dataset).export("csv")
    elif fmt == "xlsx":
        dataset.title = "Projects"
        content = dataset_for_spreadsheets(dataset, xlsx=True).export("xlsx")
    else:
        content = dataset.export("json")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"projects-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
