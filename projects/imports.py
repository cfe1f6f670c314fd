"""Importing a spreadsheet of projects into one region: read the file, check it, dry-run or save it.

The file is read by tablib (CSV) and openpyxl through tablib (XLSX) and imported by
:class:`projects.resources.ProjectResource` (django-import-export); this module adds what a person uploading a
file needs: a size and row cap, a clear answer for a file that is not a spreadsheet or not UTF-8, a check of
the columns before any row, and a row-by-row report in the user's language.

All or nothing: the rows are imported in one transaction, which is rolled back for a dry run or when any row
has an error. Nothing is written unless every row is valid. A project the row names (by code, else by slug or
name: see projects/resources.py) is updated, through the same optimistic lock as the staff forms, so
simple-history records a version; an unchanged row writes nothing.
"""

import io
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
import tablib
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import audit_record
from core.models import AuditEvent, Region
from core.spreadsheets import spreadsheet_text_read

from .resources import (
    CODE,
    EXPORT_ONLY_COLUMNS,
    FIELD_COLUMNS,
    REQUIRED_COLUMNS,
    ProjectResource,
    canonical_column,
    cell_text,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
FORMATS = ("csv", "xlsx")


@dataclass
class RowReport:
    number: int
    """The row's line in the spreadsheet (the header is line 1)."""
    code: str
    name: str
    action: str  # "new" | "update" | "unchanged" | "invalid"
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    saved: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def update_count(self) -> int:
        return self.count("update")

    @property
    def unchanged_count(self) -> int:
        return self.count("unchanged")


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


def project_import(*, region: Region, file, file_name: str, dry_run: bool, user) -> ImportResult:
    """Import a CSV or XLSX file of projects into ``region``; with ``dry_run`` nothing is saved.

    ``file`` is bytes or a binary file object (an upload). Never raises for bad input: every problem is in the
    result, as text in the active language.
    """
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    try:
        dataset = read_dataset(file, file_name)
        check_columns(dataset)
    except FileProblem as problem:
        result.file_errors.append(str(problem))
        return result

    resource = ProjectResource(region=region, user=user)
    with transaction.atomic():
        outcome = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
        )
        result.rows = _row_reports(dataset, outcome, resource)
        for error in outcome.base_errors:
            result.file_errors.append(_("The import failed: %(error)s") % {"error": error.error})
        if not dry_run and not result.has_errors:
            result.saved = True
            audit_record(
                actor=user,
                action=AuditEvent.Action.IMPORT,
                region=region,
                detail={
                    "code": "import",
                    "file": file_name,
                    "new": result.new_count,
                    "updated": result.update_count,
                    "unchanged": result.unchanged_count,
                },
            )
    return result


def read_dataset(file, file_name: str) -> tablib.Dataset:
    data = file if isinstance(file, bytes) else file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(limit)d MB. Split it into smaller files.") % {"limit": MAX_BYTES // 2**20}
        )
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    suffix = PurePath(file_name or "").suffix.lower().lstrip(".")
    if data.startswith(b"PK\x03\x04"):
        suffix = "xlsx"  # a zip container: whatever its name says, read it as a workbook
    if suffix not in FORMATS:
        raise FileProblem(_("Upload a CSV or XLSX file (.csv or .xlsx)."))
    dataset = _read_xlsx(data) if suffix == "xlsx" else _read_csv(data)
    # Text the export guarded against formulas (plans/spreadsheets.py) comes back as it was written.
    for index, row in enumerate(dataset):
        if any(spreadsheet_text_read(cell) is not cell for cell in row):
            dataset[index] = tuple(spreadsheet_text_read(cell) for cell in row)
    # Spreadsheets often carry empty lines at the end; they are not rows.
    empty = [index for index, row in enumerate(dataset) if not any(cell_text(cell) for cell in row)]
    for index in reversed(empty):
        del dataset[index]
    if not dataset.headers or not any(cell_text(header) for header in dataset.headers):
        raise FileProblem(_("The file is empty."))
    if len(dataset) == 0:
        raise FileProblem(_("The file has a header but no projects."))
    if len(dataset) > MAX_ROWS:
        raise FileProblem(_too_many_rows(len(dataset)))
    return dataset


def _read_csv(data: bytes) -> tablib.Dataset:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "The file is not in UTF-8 encoding (or not a text file at all). In your spreadsheet program, "
                "save it as “CSV UTF-8” and try again."
            )
        ) from None
    if "\x00" in text:
        # UTF-16 text decodes as UTF-8 with a NUL after every letter; binary files have them too.
        raise FileProblem(
            _(
                "The file is not a UTF-8 text file (it may be UTF-16 or binary). In your spreadsheet program, "
                "save it as “CSV UTF-8” and try again."
            )
        )
    header = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header.count)
    try:
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except Exception:  # tablib raises several kinds for a malformed file
        raise FileProblem(_("The file could not be read as CSV. Check that every row has the same columns.")) from None


def _read_xlsx(data: bytes) -> tablib.Dataset:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The sheet's stated size refuses a huge file before a single row is read; a file that does not state
        # it is counted while it is read.
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise FileProblem(_too_many_rows(sheet.max_row - 1))
        dataset = tablib.Dataset()
        for index, values in enumerate(sheet.iter_rows(values_only=True)):
            if index == 0:
                headers = [cell_text(value) for value in values]
                while headers and not headers[-1]:
                    headers.pop()  # formatted but empty cells to the right of the table
                dataset.headers = headers
                continue
            if not any(cell_text(value) for value in values):
                continue  # formatted but empty rows
            if len(dataset) >= MAX_ROWS:
                raise FileProblem(
                    _(
                        "The file has more than %(limit)s rows; at most %(limit)s can be imported at once. "
                        "Split it into smaller files."
                    )
                    % {"limit": MAX_ROWS}
                )
            values = list(values)[: len(dataset.headers)]
            dataset.append(values + [None] * (len(dataset.headers) - len(values)))
        workbook.close()
        return dataset
    except FileProblem:
        raise
    except Exception:  # openpyxl raises zip, XML and key errors for a damaged or foreign file
        raise FileProblem(_("The file could not be read as an XLSX workbook. Save it again as .xlsx or CSV.")) from None


def _too_many_rows(rows) -> str:
    return _("The file has %(rows)s rows; at most %(limit)s can be imported at once. Split it into smaller files.") % {
        "rows": rows,
        "limit": MAX_ROWS,
    }


def check_columns(dataset: tablib.Dataset) -> None:
    """Rename known headers to their canonical column; refuse unknown, repeated or missing ones."""
    canonical, unknown = [], []
    for header in dataset.headers:
        column = canonical_column(header)
        if column is None:
            unknown.append(cell_text(header) or _("(empty)"))
        canonical.append(column)
    problems = []
    if unknown:
        problems.append(
            ngettext("Unknown column: %(columns)s.", "Unknown columns: %(columns)s.", len(unknown))
            % {"columns": ", ".join(f"“{name}”" for name in unknown)}
        )
    repeated = sorted({column for column in canonical if column and canonical.count(column) > 1})
    if repeated:
        problems.append(
            _("These columns appear more than once: %(columns)s.") % {"columns": ", ".join(f"“{c}”" for c in repeated)}
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in canonical]
    if missing:
        problems.append(
            ngettext("Required column missing: %(columns)s.", "Required columns missing: %(columns)s.", len(missing))
            % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    if problems:
        problems.append(
            _("Expected columns: %(columns)s (download an export of the registry for a template).")
            % {"columns": ", ".join(REQUIRED_COLUMNS)}
        )
        raise FileProblem(" ".join(problems))
    dataset.headers = canonical
    for column in EXPORT_ONLY_COLUMNS & set(canonical):
        del dataset[column]
    if CODE not in canonical:
        # The code is optional, but the resource finds projects by it first: a file without it has empty codes.
        dataset.append_col([""] * len(dataset), header=CODE)


def _row_reports(dataset, outcome, resource: ProjectResource) -> list[RowReport]:
    invalid = {row.number: row.error_dict for row in outcome.invalid_rows}
    failed = {row.number: row.errors for row in outcome.error_rows}
    reports = []
    headers = dataset.headers
    for number, values in enumerate(dataset, start=1):
        row = dict(zip(headers, values, strict=True))
        report = RowReport(
            number=number + 1,
            code=cell_text(row.get(CODE)),
            name=cell_text(row.get("Project name")),
            action="",
        )
        if number in invalid:
            report.action = "invalid"
            for field_name, messages in invalid[number].items():
                column = FIELD_COLUMNS.get(field_name)
                report.errors.extend(f"{column}: {message}" if column else str(message) for message in messages)
        elif number in failed:
            report.action = "invalid"
            report.errors.extend(
                _("The row could not be saved: %(error)s") % {"error": error.error} for error in failed[number]
            )
        else:
            saved = resource.row_reports.get(number, {})
            report.changed = saved.get("changed", [])
            report.action = "new" if saved.get("new") else ("update" if report.changed else "unchanged")
        reports.append(report)
    return reports
