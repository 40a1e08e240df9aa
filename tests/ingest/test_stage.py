"""Staging whole deliveries: provenance, reconciliation, rejects, profiles, scale."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb
import pytest

from unireg.errors import ConfigError, IngestError
from unireg.ingest import KINDS, StagedFile

from .helpers import ENROLMENT_HEADER, enrolment_row, rows, stage

EXAMPLE = Path(__file__).parents[2] / "src/unireg/examples/nonstandard-feed"


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _check_reconciled(con: duckdb.DuckDBPyConnection, staged: list[StagedFile]) -> None:
    """rows_read == staged + rejected, and the tables hold exactly that."""
    for f in staged:
        assert f.rows_read == f.rows_staged + f.rows_rejected
        assert rows(con, f"SELECT count(*) FROM stage_{f.kind} WHERE _file = ? AND _source = ?",
                    f.path.name, f.source) == [(f.rows_staged,)]
        assert rows(con, "SELECT count(*) FROM stage_rejects WHERE _file = ? AND _source = ?",
                    f.path.name, f.source) == [(f.rows_rejected,)]
        assert rows(con, "SELECT rows_read, rows_staged, rows_rejected, sha256 FROM stage_files "
                         "WHERE _file = ?", f.path.name) == [
            (f.rows_read, f.rows_staged, f.rows_rejected, f.sha256)]


def test_standard_csv(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    data = "\ufeff" + ENROLMENT_HEADER + "\r\n" + "\r\n".join([
        ",".join(enrolment_row(1)),
        ",".join(enrolment_row(2, name='"欧阳, 娜娜\r\n（曾用名）"', record_id="")),
        ",".join(enrolment_row(3, id_number="\u3000４４０３０５ 1985\t", sex=" ", end_date='""')),
    ]) + "\r\n"
    (delivery / "enrolment-gd-2017q4.csv").write_bytes(data.encode())
    [f] = stage(delivery, con)
    assert (f.kind, f.source, f.format, f.profile, f.reader) == (
        "enrolment", "enrolment-gd-2017q4", "csv", None, "duckdb")
    assert (f.rows_read, f.rows_staged, f.rows_rejected) == (3, 3, 0)
    assert f.missing_columns == () and f.extra_columns == ()
    got = rows(con, "SELECT _source, _file, _row, _row_ref, record_id, id_number, name, sex, "
                    "end_date FROM stage_enrolment ORDER BY _row")
    assert got == [
        ("enrolment-gd-2017q4", "enrolment-gd-2017q4.csv", 1, "R1", "R1", "440305198503123018",
         "张伟", "1", None),
        ("enrolment-gd-2017q4", "enrolment-gd-2017q4.csv", 2, "2", None, "440305198503123018",
         "欧阳, 娜娜\r\n（曾用名）", "1", None),
        # surrounding whitespace goes; inner characters stay for validation to normalise
        ("enrolment-gd-2017q4", "enrolment-gd-2017q4.csv", 3, "R3", "R3", "４４０３０５ 1985",
         "张伟", None, None),
    ]
    _check_reconciled(con, [f])


def test_every_stage_table_exists_even_when_empty(delivery: Path,
                                                  con: duckdb.DuckDBPyConnection) -> None:
    assert stage(delivery, con) == []
    for kind, fields in KINDS.items():
        cols = [r[0] for r in rows(con, f"DESCRIBE stage_{kind}")]
        assert cols == ["_source", "_file", "_row", "_row_ref", *fields]
    assert rows(con, "SELECT count(*) FROM stage_rejects") == [(0,)]


def test_missing_and_extra_columns(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "employment.csv").write_bytes(_csv(
        "name,id_number,remarks,employment_type", "张伟,440305198503123018,x,employee"))
    [f] = stage(delivery, con)
    assert f.missing_columns == ("employer_id", "start_date", "end_date")
    assert f.extra_columns == ("remarks",)
    assert rows(con, "SELECT * FROM stage_employment") == [
        ("employment", "employment.csv", 1, "1", "440305198503123018", "张伟", None, "employee",
         None, None)]
    assert rows(con, "SELECT missing_columns, extra_columns FROM stage_files") == [
        (["employer_id", "start_date", "end_date"], ["remarks"])]


def test_malformed_rows_are_rejected_not_lost(delivery: Path,
                                              con: duckdb.DuckDBPyConnection) -> None:
    secret_id, secret_name = "440306199207284029", "李娜"
    lines = [ENROLMENT_HEADER,
             ",".join(enrolment_row(1)),
             ",".join(enrolment_row(2, id_number=secret_id, name=secret_name)[:11]),  # 11 fields
             ",".join(enrolment_row(3, name='"multi\nline"')),
             ",".join(enrolment_row(4, name=f'"{secret_name}"x')),                  # after quote
             ",".join(enrolment_row(5)) + "," + secret_id,                           # 14 fields
             ",".join(enrolment_row(6)),
             ",".join(enrolment_row(7, name=f'"{secret_name}'))]                    # never closed
    (delivery / "enrolment.csv").write_bytes(_csv(*lines))
    [f] = stage(delivery, con)
    assert f.reader == "python"
    assert (f.rows_read, f.rows_staged, f.rows_rejected) == (7, 3, 4)
    assert rows(con, "SELECT _row, _row_ref, name FROM stage_enrolment ORDER BY _row") == [
        (1, "R1", "张伟"), (3, "R3", "multi\nline"), (6, "R6", "张伟")]
    rejects = rows(con, "SELECT _source, _file, _row, _row_ref, field, rule, message "
                        "FROM stage_rejects ORDER BY _row")
    assert [r[:6] for r in rejects] == [
        ("enrolment", "enrolment.csv", n, str(n), None, "csv.structure") for n in (2, 4, 5, 7)]
    assert rejects[0][6] == "enrolment.csv row 2 (line 3): 11 fields, expected 13"
    assert rejects[2][6] == "enrolment.csv row 5 (line 7): 14 fields, expected 13"
    for *_, message in rejects:
        assert secret_id not in message and secret_name not in message
    _check_reconciled(con, [f])


def test_reconciliation_over_a_delivery(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "enrolment-a.csv").write_bytes(_csv(
        ENROLMENT_HEADER, *(",".join(enrolment_row(i)) for i in range(1, 50)), "x,y"))
    (delivery / "enrolment-b.csv").write_bytes(_csv(
        ENROLMENT_HEADER, *(",".join(enrolment_row(i)) for i in range(1, 30))))
    (delivery / "employer.csv").write_bytes(_csv("employer_id,name", "E1,a", "E2,b,c", "E3,d"))
    staged = stage(delivery, con)
    assert [(f.path.name, f.rows_read, f.rows_rejected) for f in staged] == [
        ("employer.csv", 3, 1), ("enrolment-a.csv", 50, 1), ("enrolment-b.csv", 29, 0)]
    _check_reconciled(con, staged)


def test_sources_yaml_names_kind_and_source(delivery: Path,
                                            con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "checks-2017.csv").write_bytes(_csv("employer_id,name", "E1,ACME"))
    (delivery / "sources.yaml").write_text(
        "files:\n  checks-2017.csv: {kind: employer, source: labour-inspection}\n")
    [f] = stage(delivery, con)
    assert (f.kind, f.source) == ("employer", "labour-inspection")
    assert rows(con, "SELECT _source, _file, employer_id FROM stage_employer") == [
        ("labour-inspection", "checks-2017.csv", "E1")]


def test_unknown_kind_error_names_the_file(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "pension-export.csv").write_bytes(_csv("employer_id", "E1"))
    with pytest.raises(IngestError, match=r"pension-export\.csv.*sources\.yaml"):
        stage(delivery, con)


def test_header_without_standard_columns(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "population.csv").write_bytes(_csv("身份证号码,姓名", "1,2"))
    with pytest.raises(IngestError, match=r"population\.csv.*hukou_region"):
        stage(delivery, con)


def test_empty_csv_file(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "employer.csv").write_bytes(b"")
    with pytest.raises(IngestError, match=r"employer\.csv: the file is empty"):
        stage(delivery, con)


def test_header_only_file(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "employer.csv").write_bytes(b"employer_id,name")
    [f] = stage(delivery, con)
    assert (f.rows_read, f.rows_staged) == (0, 0)


def test_the_nonstandard_example_feed(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    [f] = stage_delivery_copy(EXAMPLE, tmp_path, con)
    assert (f.kind, f.source, f.profile, f.reader) == (
        "enrolment", "enrolment-legacy", "legacy-pension", "duckdb")
    assert (f.rows_read, f.rows_staged, f.missing_columns, f.extra_columns) == (
        6, 6, (), ("备注",))
    got = rows(con, "SELECT _row, _row_ref, id_number, name, sex, birth_date, scheme, status, "
                    "start_date, end_date, last_paid, contribution_base "
                    "FROM stage_enrolment ORDER BY _row")
    assert got == [
        (1, "L0001", "440305198503123018", "张伟", "1", "1985-03-12", "OAI_EMP", "contributing",
         "2008-07-01", None, "2024-05", "6500"),
        (2, "L0002", "440306199207284029", "李娜", "2", "1992-07-28", "OAI_RES", "suspended",
         "2015-01-01", None, "2023-12", "300"),
        (3, "L0003", "44010419781105151X", "王强", "1", "1978-11-05", "OAI_EMP", "terminated",
         "2001-03-01", "2019-12-31", "2019-12", "8200"),
        (4, "L0004", "440305196302202028", "陈静", "2", "1963-02-20", "OAI_EMP", "receiving",
         "1990-01-01", None, None, None),
        # no record id: the row number names the record; an unmapped scheme passes through
        (5, "5", "440307200111303215", "刘洋", "1", "2001-11-30", "工伤保险", "contributing",
         "2023-09-01", None, "2024-05", "5000"),
        # values and dates matching no map or format pass through for validation to flag
        (6, "L0006", "440507199901010017", "赵敏", "未知", "1999.01.01", "OAI_EMP",
         "contributing", "2020年13月01日", None, "2024-05", "4000"),
    ]


def stage_delivery_copy(src: Path, tmp_path: Path, con: duckdb.DuckDBPyConnection,
                        edit: bytes | None = None) -> list[StagedFile]:
    d = tmp_path / "copy"
    shutil.copytree(src, d)
    if edit is not None:
        (d / "enrolment-legacy.csv").write_bytes(edit)
    return stage(d, con)


def test_a_bad_byte_in_a_gbk_file_rejects_its_row(con: duckdb.DuckDBPyConnection,
                                                  tmp_path: Path) -> None:
    data = (EXAMPLE / "enrolment-legacy.csv").read_bytes()
    lines = data.split(b"\r\n")
    lines[3] = lines[3].replace("王强".encode("gbk"), b"\xff\xff")  # row 3
    [f] = stage_delivery_copy(EXAMPLE, tmp_path, con, b"\r\n".join(lines))
    assert (f.reader, f.rows_read, f.rows_staged, f.rows_rejected) == ("python", 6, 5, 1)
    assert rows(con, "SELECT _row, rule, message FROM stage_rejects") == [
        (3, "encoding", "enrolment-legacy.csv row 3 (line 4): bytes that are not valid gbk text")]
    # the other rows are still mapped exactly as on the fast path
    assert rows(con, "SELECT _row, sex, birth_date, scheme, last_paid FROM stage_enrolment "
                     "WHERE _row IN (2, 4) ORDER BY _row") == [
        (2, "2", "1992-07-28", "OAI_RES", "2023-12"), (4, "2", "1963-02-20", "OAI_EMP", None)]
    _check_reconciled(con, [f])


def test_gb18030_and_constants(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "employment-tax.csv").write_bytes(
        "证件号码,姓名,单位,类型\n440305198503123018,𠀀伟,E1,x\n".encode("gb18030"))
    (delivery / "sources.yaml").write_text(
        "files: {employment-tax.csv: {profile: tax}}\n"
        "profiles:\n  tax:\n    encoding: gb18030\n"
        "    columns: {id_number: 证件号码, name: 姓名, employer_id: 单位}\n"
        "    constants: {employment_type: employee, start_date: '2017-01-01'}\n",
        encoding="utf-8")
    [f] = stage(delivery, con)
    assert f.missing_columns == ("end_date",) and f.extra_columns == ("类型",)
    assert rows(con, "SELECT name, employer_id, employment_type, start_date, end_date "
                     "FROM stage_employment") == [("𠀀伟", "E1", "employee", "2017-01-01", None)]


def test_value_maps_with_many_entries(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    entries = ", ".join(f"机构{i}: '{440000 + i}'" for i in range(2000))
    (delivery / "employer.csv").write_bytes(_csv("employer_id,region", "E1,机构17", "E2,机构x"))
    (delivery / "sources.yaml").write_text(
        "files: {employer.csv: {profile: p}}\n"
        f"profiles: {{p: {{values: {{region: {{{entries}}}}}}}}}\n", encoding="utf-8")
    stage(delivery, con)
    assert rows(con, "SELECT employer_id, region FROM stage_employer ORDER BY _row") == [
        ("E1", "440017"), ("E2", "机构x")]


def test_a_bad_date_format_is_a_config_error(delivery: Path,
                                             con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "employer.csv").write_bytes(_csv("employer_id", "E1"))
    (delivery / "sources.yaml").write_text(
        "files: {employer.csv: {profile: p}}\nprofiles: {p: {dates: ['%Y%Q']}}\n")
    with pytest.raises(ConfigError, match=r"profiles\.p\.dates: '%Y%Q'"):
        stage(delivery, con)


def test_progress_is_reported(delivery: Path, con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "employer.csv").write_bytes(_csv("employer_id", "E1", "E2"))
    (delivery / "employer-bad.csv").write_bytes(_csv("employer_id", "E1", "E2,x"))
    calls: list[tuple[str, int]] = []
    stage(delivery, con, progress=lambda name, n: calls.append((name, n)))
    assert calls[0] == ("employer-bad.csv", 0) and calls[-1] == ("employer.csv", 2)
    assert ("employer-bad.csv", 2) in calls


def test_refuses_to_run_inside_an_open_transaction(delivery: Path,
                                                   con: duckdb.DuckDBPyConnection) -> None:
    (delivery / "employer.csv").write_bytes(_csv("employer_id", "E1"))
    con.begin()
    with pytest.raises(IngestError, match="outside an open transaction"):
        stage(delivery, con)


@pytest.mark.slow
def test_a_million_rows_stream(delivery: Path, con: duckdb.DuckDBPyConnection,
                               capsys: pytest.CaptureFixture[str]) -> None:
    n = 1_000_000
    path = delivery / "enrolment-big.csv"
    duckdb.connect().execute(f"""
        COPY (SELECT 'R' || i AS record_id, '4403051985031230' || lpad((i % 100)::VARCHAR, 2, '0')
                     AS id_number, '张伟' AS name, '1' AS sex, '1985-03-12' AS birth_date,
                     'OAI_EMP' AS scheme, '440305' AS agency_region, '' AS employer_id,
                     '2008-07-01' AS start_date, '' AS end_date, 'contributing' AS status,
                     '2024-05' AS last_paid, (3000 + i % 5000)::VARCHAR AS contribution_base
              FROM range({n}) t(i)) TO '{path}' (HEADER, DELIMITER ',')""")
    con.execute("SET memory_limit = '500MB'")  # streaming: far less than the data
    start = time.perf_counter()
    [f] = stage(delivery, con)
    seconds = time.perf_counter() - start
    assert (f.reader, f.rows_read, f.rows_staged) == ("duckdb", n, n)
    assert rows(con, "SELECT count(*) FROM stage_enrolment "
                     "WHERE _row_ref <> 'R' || (_row - 1) OR record_id <> _row_ref") == [(0,)]
    with capsys.disabled():
        print(f"\n  staged {n:,} CSV rows ({path.stat().st_size / 1e6:.0f} MB) in {seconds:.1f} s: "
              f"{n / seconds:,.0f} rows/s")
