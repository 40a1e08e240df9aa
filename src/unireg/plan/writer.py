"""Write plan lists as CSV (one file per list) and one XLSX workbook (one sheet per list).

CSV files carry the column codes as headers; the workbook's headers are the
labels in the chosen language, styled and frozen, with columns sized to their
contents. A list longer than an XLSX sheet allows is cut in the workbook (the
``about`` sheet says so) and complete in its CSV file.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

XLSX_MAX_ROWS = 1_048_575  # a sheet's rows less the header
_SAMPLE = 2000  # rows looked at to size a column


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """UTF-8 with BOM (so spreadsheet programs read Chinese right), RFC 4180 quoting."""
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _width(values: Sequence[Any], header: str) -> float:
    def w(v: Any) -> int:
        s = "" if v is None else str(v)
        # CJK characters take two columns
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    longest = max([w(header), *(w(v) for v in values[:_SAMPLE])])
    return min(60, max(6, longest + 2))


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]],
               label: Callable[[str], str], about: Sequence[tuple[str, Any]]) -> dict[str, int]:
    """Write ``sheets`` (name, columns, rows) after an ``about`` sheet; return rows per sheet."""
    import xlsxwriter

    written: dict[str, int] = {}
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    head = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79",
                          "border": 1, "text_wrap": True, "valign": "top"})
    pct = wb.add_format({"num_format": "0.0%"})
    cut_notes = []
    for name, _columns, rows in sheets:
        if len(rows) > XLSX_MAX_ROWS:
            cut_notes.append((f"{name}: {len(rows):,} rows",
                              f"first {XLSX_MAX_ROWS:,} here; all in {name}.csv"))
    ws = wb.add_worksheet("about")
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 90)
    ws.write_row(0, 0, [label("item"), label("value")], head)
    for i, (k, v) in enumerate([*about, *cut_notes], start=1):
        ws.write_row(i, 0, [k, "" if v is None else str(v)])
    for name, columns, rows in sheets:
        ws = wb.add_worksheet(name[:31])
        ws.freeze_panes(1, 0)
        for j, col in enumerate(columns):
            values = [r[j] for r in rows[:_SAMPLE]]
            fmt = pct if col.startswith("rate") else None
            ws.set_column(j, j, _width(values, label(col)), fmt)
        ws.write_row(0, 0, [label(c) for c in columns], head)
        n = min(len(rows), XLSX_MAX_ROWS)
        for i in range(n):
            ws.write_row(i + 1, 0, ["" if v is None else v for v in rows[i]])
        if columns:
            ws.autofilter(0, 0, max(n, 1), len(columns) - 1)
        written[name] = n
    wb.close()
    return written
