"""Output writers: XLSX readable by both readers, GBK CSV, empty files keep their header."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from python_calamine import CalamineWorkbook

from unireg.generate.writers import CsvSink, ParquetSink, XlsxSink

NAMES = ("id_number", "name", "note")
ROWS = {"id_number": pa.array(["440305199003073080", " ４４０ ", None]),
        "name": pa.array(["陈伟", "O'Brien & <Co>", "李, \"静\""]),
        "note": pa.array(["", "a\nb", "x"])}


def test_xlsx_round_trips_as_text(tmp_path: Path) -> None:
    p = tmp_path / "survey.xlsx"
    s = XlsxSink(p, NAMES, sheet="survey")
    s.write(ROWS)
    s.write(ROWS)
    s.close()
    assert s.rows == 6
    rows = CalamineWorkbook.from_path(str(p)).get_sheet_by_index(0).to_python()
    assert rows[0] == list(NAMES)
    assert rows[1][:2] == ["440305199003073080", "陈伟"]
    assert rows[2][:2] == [" ４４０ ", "O'Brien & <Co>"]
    assert rows[3][0] == "" and rows[3][1] == "李, \"静\""
    wb = openpyxl.load_workbook(p, read_only=True)
    got = list(wb["survey"].iter_rows(values_only=True))
    wb.close()
    assert len(got) == 7 and got[2][2] == "a\nb"


def test_csv_gbk_and_empty(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    s = CsvSink(p, NAMES, header=("身份证号码", "姓名", "备注"), encoding="gbk")
    s.write(ROWS)
    s.close()
    rows = list(csv.reader(p.read_bytes().decode("gbk").splitlines(keepends=True)))
    assert rows[0] == ["身份证号码", "姓名", "备注"]
    assert rows[3][0] == "" and rows[3][1] == "李, \"静\""
    e = tmp_path / "empty.csv"
    CsvSink(e, NAMES).close()
    assert e.read_text(encoding="utf-8") == '"id_number","name","note"\n'
    q = tmp_path / "empty.parquet"
    ParquetSink(q, NAMES).close()
    assert pq.read_table(q).schema.names == list(NAMES)
