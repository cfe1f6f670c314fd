"""Text in CSV and XLSX exports that a spreadsheet would run as a formula (CSV/formula injection).

A resident's comment or a project text starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return)
is taken for a formula by spreadsheet programs (openpyxl even writes a str starting with ``=`` as one), and a
formula such as ``=HYPERLINK(...)`` can leak data or mislead whoever opens the file. Such text is exported with
a leading apostrophe, which spreadsheets show as text; numbers like ``-5`` are left alone. The project import
removes that apostrophe again, so an export re-imports unchanged.
"""

import re

import tablib
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?\d[\d\s.,\u00a0]*$")


def spreadsheet_text(value):
    """``value`` as a cell that cannot start a formula (only strings change)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def spreadsheet_text_read(value):
    """The text a cell written by :func:`spreadsheet_text` held."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def dataset_for_spreadsheets(dataset: tablib.Dataset, *, xlsx: bool = False) -> tablib.Dataset:
    """A copy of ``dataset`` safe to open in a spreadsheet. For XLSX also without the control characters a
    worksheet cannot hold (openpyxl refuses them, and the export would fail)."""
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        cells = [ILLEGAL_CHARACTERS_RE.sub("", value) if xlsx and isinstance(value, str) else value for value in row]
        safe.append([spreadsheet_text(value) for value in cells])
    return safe
