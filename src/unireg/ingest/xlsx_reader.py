"""Reading an XLSX workbook with python-calamine: one sheet, row by row, as text.

The first sheet is read, or the one `sources.yaml` names (``sheet:``). Its
first row is the header (row 0); each later row is a data row numbered by
its position below the header, so ``_row`` + header row = the spreadsheet row.
Entirely empty rows are not records (they are skipped, their numbers unused).

Cells become text as a person would type them: dates as ``YYYY-MM-DD`` (a
date-time keeps its date), whole numbers without ``.0``, text as stored.
Excel keeps numbers as doubles, exact only below 2^53 (about 9.0e15): a
15-digit ID stored as a number is fine; an 18-digit one has already lost its
last digits in the file. Such a number keeps its float form (``4.4e+17``)
so validation rejects it as an ID instead of trusting wrong digits; IDs
should be stored as text cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from unireg.errors import IngestError

_EXACT_DOUBLE = 2**53


def cell_text(value: object) -> str:
    """The text of one cell as calamine gives it.

    >>> [cell_text(v) for v in (123.0, 5000.5, 4.403051990010113e17, dt.date(1990, 1, 5))]
    ['123', '5000.5', '4.403051990010113e+17', '1990-01-05']
    >>> cell_text(dt.datetime(1990, 1, 5, 23, 30)), cell_text(True), cell_text(None)
    ('1990-01-05', 'true', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_DOUBLE:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def open_sheet(path: Path, sheet: str | None) -> CalamineSheet:
    """The sheet to read (the first, or the named one); IngestError naming the choices."""
    try:
        wb = CalamineWorkbook.from_path(str(path))
        if sheet is None:
            return wb.get_sheet_by_index(0)
        if sheet not in wb.sheet_names:
            raise IngestError(f"{path.name}: no sheet {sheet!r} (sheets: "
                              f"{', '.join(wb.sheet_names)}); fix `sheet:` in sources.yaml")
        return wb.get_sheet_by_name(sheet)
    except (CalamineError, OSError, ValueError, IndexError) as e:
        raise IngestError(f"{path.name}: cannot be read as an XLSX workbook: {e}") from None


def read_sheet(path: Path, sheet: str | None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header cells, and the data rows ``(row, cells)`` of the sheet, as text."""
    ws = open_sheet(path, sheet)
    rows = iter(ws.iter_rows())
    first = next(rows, None)
    if first is None:
        raise IngestError(f"{path.name}: the sheet is empty; its first row must be a header "
                          "naming the columns")
    header = [cell_text(v) for v in first]

    def data() -> Iterator[tuple[int, list[str]]]:
        for i, cells in enumerate(rows, start=1):
            texts = [cell_text(v) for v in cells]
            if any(texts):
                yield i, texts

    return header, data()
