"""XLSX deliveries: first or named sheet, dates, numbers, IDs stored as text or numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb
import openpyxl
import pytest

from unireg.errors import IngestError
from unireg.ingest.xlsx_reader import cell_text

from .helpers import rows, stage


def _book(path: Path, sheets: dict[str, list[Sequence[object]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, data in sheets.items():
        ws = wb.create_sheet(name)
        for r in data:
            ws.append(r)
    wb.save(path)


HEADER = ["survey_id", "visit_date", "id_number", "name", "sex", "birth_date",
          "residence_region", "employment_type", "reason_uninsured", "enumerator"]


def test_cells_become_text(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    _book(delivery / "survey.xlsx", {"Returns": [
        HEADER,
        ["S1", dt.date(2017, 11, 3), "440305198503123018", " 张伟 ", 1, dt.datetime(1985, 3, 12),
         440305, "employee", None, "E01"],
        [None] * 10,  # an empty row is not a record
        [None, dt.datetime(2017, 11, 4, 9, 30), 110104900307803, "李娜", 2.0, "1990-03-07",
         "440306", "farmer", "unaware", 7],
        ["S4", None, 440305198503123018, "王强", None, None, None, None, None, None],
    ]})
    [f] = stage(delivery, con)
    assert (f.format, f.rows_read, f.rows_staged, f.reader) == ("xlsx", 3, 3, "python")
    got = rows(con, "SELECT _row, _row_ref, visit_date, id_number, name, sex, birth_date, "
                    "residence_region, enumerator FROM stage_survey ORDER BY _row")
    assert got == [
        (1, "S1", "2017-11-03", "440305198503123018", "张伟", "1", "1985-03-12", "440305", "E01"),
        (3, "3", "2017-11-04", "110104900307803", "李娜", "2", "1990-03-07", "440306", "7"),
        # 18 digits stored as a number have lost digits: kept in float form, never as digits
        (4, "S4", None, "4.40305198503123e+17", "王强", None, None, None, None),
    ]


def test_named_sheet(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    _book(delivery / "returns.xlsx", {"Notes": [["nothing here"]],
                                      "Data": [HEADER, ["S1"] + [""] * 9]})
    (delivery / "sources.yaml").write_text(
        "files: {returns.xlsx: {kind: survey, sheet: Data}}\n")
    [f] = stage(delivery, con)
    assert f.rows_staged == 1 and rows(con, "SELECT survey_id FROM stage_survey") == [("S1",)]


def test_missing_sheet_lists_the_sheets(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    _book(delivery / "survey.xlsx", {"Data": [HEADER]})
    (delivery / "sources.yaml").write_text("files: {survey.xlsx: {sheet: Sheet1}}\n")
    with pytest.raises(IngestError, match="no sheet 'Sheet1' \\(sheets: Data\\)"):
        stage(delivery, con)


def test_cell_text() -> None:
    assert cell_text(123456789012345.0) == "123456789012345"
    assert cell_text(2.0**53) == "9007199254740992.0"
    assert cell_text(dt.time(9, 30)) == "09:30:00"
    assert cell_text(-3.0) == "-3" and cell_text(0.1) == "0.1"
