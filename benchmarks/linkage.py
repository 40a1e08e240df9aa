#!/usr/bin/env python
"""Benchmark probabilistic linkage against its peer: Splink deduplicating every record.

Generates a province (cached in --workdir by size and seed) whose ID errors
leave about 3% of person records without a usable ID, builds its registry
with the probabilistic hook switched off (not timed as linkage), then measures,
each in its own process so peak RSS is its own:

- **unireg**: ``unireg.link.probabilistic.link_unresolved`` on that registry:
  the ~3% set-aside records against the persons exact linkage found;
- **peer**: Splink deduplicating *all* person records directly (the same
  comparisons and blocking rules, plus exact ID blocking; u by random sampling,
  EM, predict, clusters at the same threshold), as one would without exact
  linkage first.

For both: seconds, peak RSS, and against the generator's truth, precision and
recall on the records without a usable ID, and how many clusters join two
different valid ID numbers.

    .venv/bin/python benchmarks/linkage.py --persons 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from unireg.pipeline.workspace import (
    attach_delivered,
    attach_registry,
    connect,
    delivered_path,
)

REF = dt.date(2017, 12, 31)
# Record errors: the default profile, with ID errors raised so ~3% of records need linkage.
RATES = {"id_checksum": 0.010, "id_typo": 0.012, "id_missing": 0.012, "id_other_person": 0.005}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settings() -> Any:
    from unireg.config import load_settings

    return load_settings(env={}, file=None, reference_date=REF)


def prepare(persons: int, seed: int, workdir: Path) -> Path:
    """The delivery (generated once) and a registry built without the probabilistic hook."""
    from unireg.generate import ErrorRates, generate
    from unireg.pipeline import build as build_mod

    delivery = workdir / f"delivery-{persons}-{seed}"
    if not (delivery / "truth/meta.json").exists():
        t = time.perf_counter()
        generate(delivery, persons=persons, seed=seed, reference_date=REF,
                 errors=ErrorRates.profile("default").with_rates(**RATES))
        print(f"generated {persons:,} persons in {time.perf_counter() - t:.0f} s", flush=True)
    ws = workdir / f"exact-{persons}-{seed}"
    if not (ws / "registry.duckdb").exists():
        build_mod.LINK_HOOK = ("(off)", "", "")  # exact linkage only
        t = time.perf_counter()
        build_mod.build(delivery, ws, _settings())
        print(f"built (exact linkage only) in {time.perf_counter() - t:.0f} s", flush=True)
    return delivery


def run_unireg(persons: int, seed: int, workdir: Path, memory_limit: str) -> dict[str, Any]:

    from unireg.engine.duckdb_engine import DuckDBEngine
    from unireg.link.probabilistic import link_unresolved
    from unireg.link.report import linkage_report
    from unireg.rules.profile import load_profile

    src = workdir / f"exact-{persons}-{seed}/registry.duckdb"
    db = workdir / "unireg-link.duckdb"
    Path(f"{db}.wal").unlink(missing_ok=True)
    shutil.copyfile(src, db)
    if delivered_path(src).exists():  # the delivered records, in a file of their own
        shutil.copyfile(delivered_path(src), delivered_path(db))
    engine = DuckDBEngine(db, temp_directory=workdir / "tmp", memory_limit=memory_limit)
    attach_delivered(engine.con, db, read_only=False)
    try:
        n = engine.con.sql("SELECT count(*) FROM link_records").fetchall()[0][0]
        t = time.perf_counter()
        run = link_unresolved(engine, _settings(), load_profile("cn"), REF)
        seconds = time.perf_counter() - t
    finally:
        engine.close()
    con = connect(db)
    rep = linkage_report(con, workdir / f"delivery-{persons}-{seed}/truth")
    con.close()
    db.unlink()
    delivered_path(db).unlink(missing_ok=True)
    acc = rep["accuracy"]["no_usable_id"]
    return {"what": "unireg", "seconds": round(seconds, 1), "peak_rss_mb": round(peak_rss_mb()),
            "records": n, "set_aside": run.records, "persons": run.persons, "pairs": run.pairs,
            "stages": run.seconds, "precision": acc["precision"], "recall": acc["recall"],
            "f1": acc["f1"], "joins_valid_ids": 0, "review": rep["review_cases"]}


def unireg_from_build(built: Path, truth: Path) -> dict[str, Any]:
    """unireg's figures from a workspace benchmarks/build.py built (with its benchmark.json)."""

    from unireg.link.report import linkage_report

    bench = json.loads((built / "benchmark.json").read_text())
    con = connect(built / "registry.duckdb")
    try:
        rep = linkage_report(con, truth)
        n = con.sql("SELECT count(*) FROM link_records").fetchall()[0][0]
        model = con.sql("SELECT records, persons, pairs FROM link_model").fetchall()[0]
    finally:
        con.close()
    acc = rep["accuracy"]["no_usable_id"]
    return {"what": "unireg", "seconds": bench["probabilistic_linkage_seconds"],
            "peak_rss_mb": bench["peak_rss_mb"], "records": n, "set_aside": model[0],
            "persons": model[1], "pairs": model[2], "stages": {"(inside the build)": bench[
                "probabilistic_linkage_seconds"]},
            "precision": acc["precision"], "recall": acc["recall"], "f1": acc["f1"],
            "joins_valid_ids": 0, "review": rep["review_cases"]}


def run_peer(persons: int, seed: int, workdir: Path, memory_limit: str,
             built: Path | None = None) -> dict[str, Any]:
    """Splink alone: dedupe every accepted person record, cluster at link_upper.

    ``built``: a workspace built *with* probabilistic linkage (read, not copied); the
    records exact linkage set aside are then told by ``link_unresolved.exact_method``.
    """
    import duckdb
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from unireg.link.blocking import prediction_rules, training_rules
    from unireg.link.comparisons import comparisons
    from unireg.link.features import ChineseNames
    from unireg.link.model import SEED, U_PERSONS, U_RECORDS
    from unireg.link.probabilistic import name_features
    from unireg.rules import idnumber as idn

    db = workdir / "peer.duckdb"
    Path(f"{db}.wal").unlink(missing_ok=True)
    if built is None:
        src = workdir / f"exact-{persons}-{seed}/registry.duckdb"
        shutil.copyfile(src, db)
        if delivered_path(src).exists():
            shutil.copyfile(delivered_path(src), delivered_path(db))
        con = connect(db, read_only=False)
        set_aside = "link_records l WHERE l.method = 'provisional'"
    else:
        db.unlink(missing_ok=True)
        con = duckdb.connect(str(db))
        attach_registry(con, built / "registry.duckdb")
        set_aside = "link_unresolved l WHERE l.exact_method = 'provisional'"
    con.execute(f"SET temp_directory = '{workdir / 'tmp'}'")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    t = time.perf_counter()
    names = con.sql("SELECT DISTINCT name FROM link_records WHERE name IS NOT NULL "
                    "ORDER BY name").to_arrow_table()
    con.register("feats", name_features(names, ChineseNames()))
    regions = " UNION ALL ".join(
        f"SELECT _file, _row, {c} AS region FROM acc_{k}"
        for k, cols in (("population", ("hukou_region", "residence_region")),
                        ("enrolment", ("agency_region",)), ("survey", ("residence_region",)))
        for c in cols)
    con.execute(f"""
CREATE TABLE peer_input AS
WITH rr AS ({regions} UNION ALL SELECT _file, _row, substr(_id18, 1, 6) FROM link_records
            WHERE _id18 IS NOT NULL),
regs AS (SELECT _file, _row, list_sort(list_distinct(list(region))) AS regions,
           list_sort(list_distinct(list(substr(region, 1, 4)))) AS regions4,
           list_sort(list_distinct(list(substr(region, 1, 2)))) AS regions2
         FROM rr WHERE region IS NOT NULL AND length(region) = 6 GROUP BY _file, _row)
SELECT CAST(l.kind_order AS VARCHAR) || ':' || l._file || ':' || CAST(l._row AS VARCHAR) AS uid,
       f.name, f.name_sound, f.name_fuzzy, f.surname, f.given,
       coalesce(CASE WHEN l.sex IN ('1', '2') THEN l.sex END,
                CASE WHEN l._id_issue IS NULL AND l._id18 IS NOT NULL
                     THEN {idn.sql_sex('l._id18')} END) AS sex,
       coalesce(l.birth_date, CASE WHEN l._id_issue IS NULL AND l._id18 IS NOT NULL
                                   THEN CAST({idn.sql_birth_date('l._id18')} AS VARCHAR) END)
         AS birth_date,
       substr(l.birth_date, 1, 4) AS birth_year, substr(l.birth_date, 6, 5) AS birth_md,
       regs.regions, regs.regions4, regs.regions2, l._id18 AS id_digits,
       CAST(NULL AS VARCHAR) AS claimed_id, f.name_bucket, 1 AS em_days, 1 AS em_names,
       CASE WHEN l._id_issue IS NULL THEN l._id18 END AS valid_id
FROM link_records l LEFT JOIN feats f ON f.raw_name = l.name
LEFT JOIN regs ON regs._file = l._file AND regs._row = l._row""")
    n = con.sql("SELECT count(*) FROM peer_input").fetchall()[0][0]
    rules = [*prediction_rules()[:-1], block_on("id_digits")]
    settings = SettingsCreator(
        link_type="dedupe_only", unique_id_column_name="uid", comparisons=comparisons(1),
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=1 / max(persons, 2),
        retain_matching_columns=False, retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[])
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register("peer_input"), settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_RECORDS * U_PERSONS, seed=SEED)
    for rule in training_rules():  # on every record: Splink's own sampling caps the pairs
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=5e6)
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pred, threshold_match_probability=_settings().link_upper)
    seconds = time.perf_counter() - t
    truth = workdir / f"delivery-{persons}-{seed}/truth/records.parquet"
    con.execute(f"CREATE TABLE peer_clusters AS SELECT * FROM {clusters.physical_name}")
    acc = con.execute(f"""
WITH t AS (SELECT source, row_ref, person_key AS true_key FROM read_parquet('{truth}')),
c AS (SELECT c.uid, c.cluster_id, p.valid_id FROM peer_clusters c JOIN peer_input p USING (uid)),
cid AS (SELECT cluster_id, count(DISTINCT valid_id) AS ids, any_value(valid_id) AS id
        FROM c GROUP BY cluster_id),
r AS (
  SELECT t.true_key, cid.ids, cid.id,
         EXISTS (SELECT 1 FROM link_records k WHERE k.method = 'id'
                 AND k.person_key = t.true_key) AS known
  FROM {set_aside.split(" WHERE ")[0]}
  JOIN t ON t.source = l._source AND t.row_ref = l._row_ref
  JOIN c ON c.uid = CAST(l.kind_order AS VARCHAR) || ':' || l._file || ':'
                    || CAST(l._row AS VARCHAR)
  JOIN cid ON cid.cluster_id = c.cluster_id
  WHERE {set_aside.split(" WHERE ")[1]}
)
SELECT sum(CAST(ids = 1 AS INT)), sum(CAST(ids = 1 AND id = true_key AS INT)),
       sum(CAST(known AS INT)) FROM r""").fetchall()[0]
    joins = con.execute("SELECT count(*) FROM (SELECT c.cluster_id FROM peer_clusters c "
                        "JOIN peer_input p USING (uid) GROUP BY c.cluster_id "
                        "HAVING count(DISTINCT p.valid_id) > 1)").fetchall()[0][0]
    con.close()
    db.unlink()
    delivered_path(db).unlink(missing_ok=True)
    links, correct, known = (int(x or 0) for x in acc)
    p = correct / links if links else None
    r = correct / known if known else None
    return {"what": "peer", "seconds": round(seconds, 1), "peak_rss_mb": round(peak_rss_mb()),
            "records": n, "precision": None if p is None else round(p, 6),
            "recall": None if r is None else round(r, 6),
            "f1": None if not (p and r) else round(2 * p * r / (p + r), 6),
            "joins_valid_ids": joins}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path("benchmarks/out"))
    ap.add_argument("--skip-peer", action="store_true", help="Only time unireg's linkage.")
    ap.add_argument("--memory-limit", default="8GB",
                    help="DuckDB memory_limit for both runs (spills to disk beyond it)")
    ap.add_argument("--from-build", type=Path, metavar="WS",
                    help="Take unireg's figures from a workspace benchmarks/build.py built from "
                         "this script's delivery (its linkage ran inside the build; peak RSS is "
                         "the build's), and run the peer on that registry without copying it.")
    ap.add_argument("--peer-timeout", type=float, default=0,
                    help="Stop the peer after this many seconds (0: no limit).")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--run", choices=["unireg", "peer"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "tmp").mkdir(exist_ok=True)
    if args.run:  # a child process: one measurement, printed as JSON
        if args.run == "unireg":
            r = run_unireg(args.persons, args.seed, args.workdir, args.memory_limit)
        else:
            r = run_peer(args.persons, args.seed, args.workdir, args.memory_limit,
                         args.from_build)
        print(json.dumps(r))
        return 0
    results = []
    if args.from_build:
        truth = args.workdir / f"delivery-{args.persons}-{args.seed}" / "truth"
        results.append(unireg_from_build(args.from_build, truth))
        print(json.dumps(results[0]), file=sys.stderr, flush=True)
    else:
        prepare(args.persons, args.seed, args.workdir)
    for what in (*(() if args.from_build else ("unireg",)),
                 *(() if args.skip_peer else ("peer",))):
        cmd = [sys.executable, __file__, "--run", what, "--persons", str(args.persons),
               "--seed", str(args.seed), "--workdir", str(args.workdir),
               "--memory-limit", args.memory_limit,
               *(("--from-build", str(args.from_build)) if args.from_build else ())]
        t = time.perf_counter()
        try:
            out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                                 timeout=(args.peer_timeout or None) if what == "peer" else None)
        except subprocess.TimeoutExpired:
            results.append({"what": what, "seconds": round(time.perf_counter() - t, 1),
                            "peak_rss_mb": None, "records": results[0]["records"],
                            "precision": None, "recall": None, "f1": None,
                            "joins_valid_ids": None, "finished": False})
            (args.workdir / "peer.duckdb").unlink(missing_ok=True)
            continue
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"\nlinkage of {args.persons:,} persons ({results[0]['records']:,} person records, "
          f"{results[0]['set_aside']:,} set aside by exact linkage = "
          f"{results[0]['set_aside'] / results[0]['records']:.1%})")
    print(f"{'':8} {'seconds':>8} {'peak RSS MB':>12} {'records':>10} {'precision':>10} "
          f"{'recall':>8} {'F1':>8} {'joins 2 IDs':>12}")
    for r in results:
        def f(x: Any) -> str:
            return "-" if x is None else f"{x:.4f}"
        if r.get("finished") is False:
            print(f"{r['what']:8} did not finish in {r['seconds']:.0f} s (stopped)")
            continue
        print(f"{r['what']:8} {r['seconds']:>8.1f} {r['peak_rss_mb']:>12,} {r['records']:>10,} "
              f"{f(r['precision']):>10} {f(r['recall']):>8} {f(r['f1']):>8} "
              f"{r['joins_valid_ids']:>12,}")
    print("unireg stages (s): " + json.dumps(results[0]["stages"]))
    return 0


if __name__ == "__main__":
    from unireg.allocator import use_jemalloc

    use_jemalloc()  # as the unireg command does (UNIREG_MALLOC=system: glibc's malloc)
    sys.exit(main())
