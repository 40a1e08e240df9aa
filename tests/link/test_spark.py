"""Probabilistic linkage on Spark gives DuckDB's links, scores and review queue exactly.

The hook runs on a Spark engine over the tables exact linkage left in a DuckDB
registry of a province with heavy ID errors, and on DuckDB over the same
tables; link_records and review_queue must be equal row for row (scores too:
the model is trained once, the same way, from the same fixed samples).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.spark, pytest.mark.slow]

INPUTS = ["link_records", "link_known", "acc_population", "acc_enrolment", "acc_survey",
          "acc_employment"]


def test_spark_links_like_duckdb(heavy_build, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from unireg.engine.duckdb_engine import DuckDBEngine
    from unireg.engine.spark_engine import SparkEngine  # no importorskip: fail, never skip
    from unireg.link.exact import records_step, set_aside_step
    from unireg.link.probabilistic import link_unresolved
    from unireg.pipeline.workspace import attach_delivered
    from unireg.rules.profile import load_profile

    ws, _ = heavy_build
    shutil.copyfile(ws / "registry.duckdb", tmp_path / "r.duckdb")
    shutil.copyfile(ws / "delivered.duckdb", tmp_path / "delivered.duckdb")
    duck = DuckDBEngine(tmp_path / "r.duckdb")
    attach_delivered(duck.con, tmp_path / "r.duckdb", read_only=False)
    profile = load_profile("cn")
    try:
        duck.run(set_aside_step())                     # link_records as exact linkage left it
        duck.run(records_step())
        duck.con.execute("CREATE TABLE exact_records AS SELECT * FROM link_records")
        link_unresolved(duck, settings, profile)
        duck.con.execute("CREATE TABLE duck_records AS SELECT * FROM link_records")
        duck.con.execute("CREATE TABLE duck_queue AS SELECT * FROM review_queue")
        duck.con.execute("CREATE OR REPLACE TABLE link_records AS SELECT * FROM exact_records")
        spark = SparkEngine(master="local[2]", work_dir=tmp_path / "spark")
        try:
            spark.import_tables(duck.con, INPUTS)
            link_unresolved(spark, settings, profile)
            spark.export_tables(duck.con, ["link_records", "review_queue", "frame_duplicates"])
        finally:
            spark.close()
        con = duck.con
        assert con.sql("SELECT count(*) FROM link_records WHERE method = 'probabilistic'"
                       ).fetchall()[0][0] > 100
        for mine, theirs in (("duck_records", "link_records"), ("duck_queue", "review_queue")):
            diff = con.sql(f"(SELECT * FROM {mine} EXCEPT ALL SELECT * FROM {theirs}) UNION ALL "
                           f"(SELECT * FROM {theirs} EXCEPT ALL SELECT * FROM {mine})").fetchall()
            assert diff == [], (mine, diff[:5])
    finally:
        duck.close()
