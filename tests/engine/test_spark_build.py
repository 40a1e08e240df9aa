"""The whole build on Spark gives the same exports as on DuckDB.

Two deliveries are built on both engines: a generated province (2,000 persons,
default error rates, fixed seed) and a small hand-made one full of awkward
values (full-width and 15-digit IDs, lower-case check characters, re-delivered
rows, employer codes with ß and ligatures, impossible dates, decimals where
counts belong, emoji in names). Every export is compared: same schema and same
rows, and the files are byte-identical. The registry tables behind them are
compared too.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import duckdb
import pytest

from unireg.config import load_settings
from unireg.engine.base import Engine
from unireg.export.tables import EXPORTS
from unireg.link import probabilistic
from unireg.pipeline.build import build
from unireg.pipeline.steps import OUTPUT_TABLES
from unireg.pipeline.workspace import connect
from unireg.rules import employer
from unireg.rules import idnumber as idn
from unireg.validate.fields import KINDS

pytestmark = [pytest.mark.spark, pytest.mark.slow]

REF = dt.date(2017, 12, 31)
EXPORT_NAMES = [e.name for e in EXPORTS]


def _id(body17: str) -> str:
    return body17 + idn.check_char(body17)


def _write(folder: Path, name: str, kind: str, rows: list[list[str]]) -> None:
    with open(folder / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(KINDS[kind])
        w.writerows(rows)


def write_awkward_delivery(folder: Path) -> Path:
    """A delivery in the data-standard format whose values probe engine differences."""
    folder.mkdir(parents=True, exist_ok=True)
    a, b = _id("44030519800101123"), _id("44030519900202124")
    c, d = _id("44030520100303125"), _id("11010419500505123")
    e, f = _id("44030519700707777"), _id("44030519851212001")
    x = next(_id(f"4403051975050501{i}") for i in range(10)
             if idn.check_char(f"4403051975050501{i}") == "X")
    full = "".join(chr(ord(ch) + 0xFEE0) for ch in b)              # full-width digits
    old15 = "440305800101123"                                    # 15 digits: upgraded
    emp = employer.make("91440300MA5D12345")
    emp2 = employer.make("91440300MA5D12346")
    _write(folder, "population.csv", "population", [
        [a, "张三", "1", "1980-01-01", "440305", "urban", "", "living", ""],
        [full, "李四😀", "2", "1990-02-02", "440305", "rural", "440306", "living", ""],
        [c, "王五", "1", "2010-03-03", "440305", "urban", "", "living", ""],
        [d, "赵六", "1", "1950-05-05", "110104", "urban", "440305", "deceased", "2016-06-01"],
        [x.lower(), "钱七", "1", "1975-05-05", "440305", "urban", "", "living", ""],
        [" " + e + "\u3000", "孙八", "1", "1970-07-07", "440305", "rural", "", "living", ""],
        [f, "Straße", "2", "1985-12-12", "440305", "urban", "", "living", ""],
        [old15, "周九", "1", "1980-01-01", "440305", "urban", "", "living", ""],
        ["", "无名", "1", "1966-06-06", "440305", "urban", "", "living", ""],
        [a[:17] + "0" if a[17] != "0" else a[:17] + "1", "错号", "1", "1980-01-01", "440305",
         "urban", "", "living", ""],
        ["99999919800101" + a[14:], "区号", "2", "1980-01-01", "440305", "urban", "", "", ""],
        [c, "王五", "1", "2010-03-03", "440305", "urban", "", "living", ""],   # duplicate
        [_id("44030519800230123"), "二月", "1", "1980-02-30", "440305", "urban", "", "x", ""],
        [_id("44030519600101456"), "", "9", "2017-02-29", "999999", "nomad", "", "living",
         "2017/01/05"],
    ])
    enrol = [
        ["e1", a, "张三", "1", "1980-01-01", "OAI_EMP", "440305", emp, "2005-01-01", "",
         "contributing", "2017-12", "5000"],
        ["e2", a, "张三", "1", "1980-01-01", "OAI_RES", "440305", "", "2010-01-01", "",
         "contributing", "2017-12", "100.5"],
        ["e3", full, "李四😀", "2", "1990-02-02", "MI_RES", "440305", "", "2010-01-01", "",
         "contributing", "", ""],
        ["e4", b, "李四😀", "2", "1990-02-02", "MI_RES", "440306", "", "2012-01-01", "",
         "contributing", "", "1e3"],
        ["e5", d, "赵六", "1", "1950-05-05", "OAI_EMP", "110104", "", "1980-01-01", "",
         "receiving", "", ""],
        ["e6", "", "某人", "1", "1970-01-01", "MI_RES", "440305", "", "2010-01-01", "",
         "contributing", "", ""],
        ["e7", a, "张三", "1", "1980-01-01", "OAI_XXX", "440305", "", "2010-01-01", "",
         "contributing", "", ""],
        ["e8", a, "张三", "2", "1980-01-01", "MI_EMP", "440305", emp.lower(), "2010-01-01", "",
         "contributing", "2017-11", "12.5"],
        ["e9", e, "孙八", "1", "1970-07-07", "MI_EMP", "440305", emp[:16] + "ß", "2015-01-01",
         "", "contributing", "", ""],
        ["e10", e, "孙八", "1", "1970-07-07", "OAI_EMP", "440305", emp[:15] + "ﬀ", "2015-01-01",
         "", "contributing", "", ""],
        ["e11", f, "Straße", "2", "1985-12-12", "MI_EMP", "440305",
         emp[:8] + "-" + emp[8:].replace("1", "１"), "2016-01-01", "2016-12-31", "terminated",
         "2016-12", "3000"],
        ["e12", x, "钱七", "1", "1975-05-05", "MI_RES", "440304", "", "2016-01-01", "2017-06-30",
         "suspended", "2017-06", ""],
        ["e13", old15, "周九", "1", "1980-01-01", "OAI_RES", "440305", "", "2017-12-31", "",
         "contributing", "2017-13", "-5"],
        ["e14", a, "张三", "1", "1980-01-01", "OAI_RES", "440306", "", "2011-01-01", "2010-01-01",
         "contributing", "2017-12", "1,000"],
        ["e15", d, "赵六", "1", "1950-05-05", "MI_RES", "110104", "", "2000-01-01", "2016-12-31",
         "receiving", "", ""],
    ]
    _write(folder, "enrolment-a.csv", "enrolment", enrol)
    _write(folder, "enrolment-b.csv", "enrolment", [
        *enrol[:6],
        ["e16", c, "王五", "1", "2010-03-03", "MI_RES", "440305", "", "2011-05-05", "",
         "contributing", "", ""]])
    _write(folder, "employment.csv", "employment", [
        [c, "王五", "", "student", "2016-09-01", ""],
        [b, "李四😀", emp, "employee", "2015-01-01", ""],
        [e, "孙八", emp2, "employee", "", ""],
        [f, "Straße", emp, "flexible", "2017-01-01", "2016-01-01"],
        ["", "某人", emp, "employee", "2015-01-01", ""],
    ])
    _write(folder, "employer.csv", "employer", [
        [emp, "某公司", "440305", "C", "small", "20"],
        [emp.lower(), "某公司", "440305", "C", "small", "20.5"],
        [emp2, "另一公司", "440306", "I", "micro", "7.5"],
        [emp[:17] + "0" if emp[17] != "0" else emp[:17] + "1", "错码", "440305", "C", "small", "x"],
    ])
    _write(folder, "survey.csv", "survey", [
        ["s1", "2017-06-01", b, "李四😀", "2", "1990-02-02", "440306", "employee",
         "employer_not_enrolled", "E1"],
        ["s2", "2017-07-01", e, "孙八", "1", "1970-07-07", "440305", "flexible", "cannot_afford",
         "E2"],
        ["s3", "2018-01-01", a, "张三", "1", "1980-01-01", "440305", "employee", "other", "E1"],
        ["s4", "2017-02-30", c, "王五", "1", "2010-03-03", "440305", "student", "", "E1"],
    ])
    return folder


def _settings(engine: str):  # type: ignore[no-untyped-def]
    return load_settings(file=None, env={}, engine=engine, reference_date=REF)


DELIVERIES = ("province", "awkward")


@pytest.fixture(scope="module", params=DELIVERIES)
def workspaces(request: pytest.FixtureRequest, spark_engine: Engine,
               tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(DuckDB workspace, Spark workspace) built from the same delivery."""
    root = tmp_path_factory.mktemp(f"spark-build-{request.param}")
    if request.param == "province":
        from unireg.generate import generate

        delivery = root / "delivery"
        generate(delivery, persons=2000, seed=2017, reference_date=REF, errors="default")
    else:
        delivery = write_awkward_delivery(root / "delivery")
    build(delivery, root / "duckdb", _settings("duckdb"))
    build(delivery, root / "spark", _settings("spark"))  # reuses the session of spark_engine
    return root / "duckdb", root / "spark"


def test_the_same_export_files(workspaces: tuple[Path, Path]) -> None:
    duck, spark = workspaces
    names = sorted(p.name for p in (duck / "exports").iterdir())
    assert names == sorted(p.name for p in (spark / "exports").iterdir())
    assert names == sorted(f"{n}.parquet" for n in EXPORT_NAMES)


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_export_has_same_schema_and_rows(workspaces: tuple[Path, Path], name: str) -> None:
    duck, spark = (ws / "exports" / f"{name}.parquet" for ws in workspaces)
    con = duckdb.connect()
    schema = "SELECT name, type, logical_type, converted_type FROM parquet_schema(?)"
    assert con.execute(schema, [str(spark)]).fetchall() == \
        con.execute(schema, [str(duck)]).fetchall()
    rows = "SELECT * FROM read_parquet(?)"  # in file order: exports are sorted
    assert con.execute(rows, [str(spark)]).fetchall() == con.execute(rows, [str(duck)]).fetchall()


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_export_is_byte_identical(workspaces: tuple[Path, Path], name: str) -> None:
    duck, spark = (ws / "exports" / f"{name}.parquet" for ws in workspaces)
    assert spark.read_bytes() == duck.read_bytes()


@pytest.mark.parametrize("table", OUTPUT_TABLES)
def test_registry_table_is_the_same(workspaces: tuple[Path, Path], table: str) -> None:
    """Beyond the exports: every table the build leaves, same columns, types and rows."""
    (spark_cols, duck_cols), (spark_rows, duck_rows) = _both(workspaces, table)
    assert spark_cols == duck_cols
    assert spark_rows == duck_rows


@pytest.mark.parametrize("table", probabilistic.TABLES)
def test_linkage_table_is_the_same(workspaces: tuple[Path, Path], table: str) -> None:
    """The probabilistic linkage's own tables (clerical review and the linkage report read
    them) are in a Spark-built registry too, with the DuckDB build's columns and rows."""
    (spark_cols, duck_cols), (got, want) = _both(workspaces, table)
    assert spark_cols == duck_cols
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert _close(g, w), (g, w)


def _both(workspaces: tuple[Path, Path], table: str) -> tuple[tuple[list, list], tuple[list, list]]:
    """``table``'s columns (DESCRIBE) and rows (sorted) in the Spark-built and the
    DuckDB-built registry: ((spark, duck), (spark, duck))."""
    duck, spark = (connect(ws / "registry.duckdb") for ws in workspaces)
    try:
        describe, rows = f'DESCRIBE "{table}"', f'SELECT * FROM "{table}" ORDER BY ALL'
        return ((spark.execute(describe).fetchall(), duck.execute(describe).fetchall()),
                (spark.execute(rows).fetchall(), duck.execute(rows).fetchall()))
    finally:
        duck.close()
        spark.close()


def _close(a: object, b: object) -> bool:
    """Equal, but for the last bits of floating-point values: the model's sums (EM, Bayes
    factors) add in another order on Spark; what the build decides from them is rounded."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, str) and isinstance(b, str) and a[:1] in "{[" and a != b:
        return _close(json.loads(a), json.loads(b))  # link_model's parameters, as JSON
    return a == b


def test_build_summary_names_the_engine(workspaces: tuple[Path, Path]) -> None:
    duck, spark = (json.loads((ws / "build.json").read_text(encoding="utf-8"))
                   for ws in workspaces)
    assert (duck["engine"], spark["engine"]) == ("duckdb", "spark")
    for key in ("persons", "in_scope", "uninsured", "coverage", "exports", "build_id"):
        assert spark[key] == duck[key], key
