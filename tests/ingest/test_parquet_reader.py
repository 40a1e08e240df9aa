"""Parquet deliveries: every column as text, dates as YYYY-MM-DD, exact row numbers."""

from __future__ import annotations

from pathlib import Path

import duckdb

from unireg.ingest.parquet_reader import as_text

from .helpers import rows, stage


def test_types_become_text(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    duckdb.connect().execute(f"""
        COPY (SELECT * FROM (VALUES
            (1, 440305198503123018, DATE '1985-03-12', TIMESTAMP '2008-07-01 13:45:00',
             TIMESTAMPTZ '2019-12-31 23:00:00+00', 6500.0::DOUBLE, 12.5::DECIMAL(10, 2),
             '  张伟 ', NULL, 'x'),
            (2, NULL, NULL, NULL, NULL, 4.403051990010113e17::DOUBLE, NULL, '', 'OAI_EMP', 'y'))
            AS t(record_id, id_number, birth_date, start_date, end_date, contribution_base,
                 last_paid, name, scheme, note))
        TO '{delivery / "enrolment.parquet"}' (FORMAT parquet)""")
    [f] = stage(delivery, con)
    assert (f.format, f.rows_read, f.rows_staged, f.rows_rejected) == ("parquet", 2, 2, 0)
    assert f.extra_columns == ("note",) and "sex" in f.missing_columns
    got = rows(con, """SELECT _row, _row_ref, id_number, birth_date, start_date, end_date,
                              contribution_base, last_paid, name, scheme
                       FROM stage_enrolment ORDER BY _row""")
    assert got == [
        (1, "1", "440305198503123018", "1985-03-12", "2008-07-01", "2019-12-31", "6500",
         "12.50", "张伟", None),
        (2, "2", None, None, None, None, "4.403051990010113e+17", None, None, "OAI_EMP")]


def test_row_numbers_follow_the_file(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    duckdb.connect().execute(
        "COPY (SELECT 'E' || i AS employer_id FROM range(300000) t(i)) "
        f"TO '{delivery / 'employer.parquet'}' (FORMAT parquet, ROW_GROUP_SIZE 10000)")
    [f] = stage(delivery, con)
    assert f.rows_staged == 300000
    assert rows(con, "SELECT count(*) FROM stage_employer "
                     "WHERE employer_id <> 'E' || (_row - 1)") == [(0,)]


def test_as_text_is_plain_sql() -> None:
    assert as_text('we"ird', "VARCHAR") == 'CAST("we""ird" AS VARCHAR)'
    assert "strftime" in as_text("t", "TIMESTAMP_NS")
