#!/usr/bin/env python
"""Benchmark the registry build against its floor.

Generates a province (cached in --workdir by size and seed), then measures:
- the floor: plain DuckDB reading the same delivery files and joining
  enrolments to the frame on the ID number (no validation, no linkage logic);
- the unireg build on the chosen engine, with time per stage.
Prints persons/s, time per stage and peak RSS.

    .venv/bin/python benchmarks/build.py --persons 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import resource
import shutil
import sys
import time
from pathlib import Path

import duckdb

REF = dt.date(2017, 12, 31)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class StepTimes(logging.Handler):
    """Collects the engine's "step NAME -> TABLE in S s" log records."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if isinstance(record.msg, str) and record.msg.startswith("step ") and len(args) >= 3:
            name, _, secs = args[:3]  # (name, table, seconds[, cpu seconds])
            self.seconds[str(name)] = self.seconds.get(str(name), 0.0) + float(str(secs))


def floor(delivery: Path) -> tuple[float, int]:
    """DuckDB's bare read-and-join of the same files."""
    t = time.perf_counter()
    con = duckdb.connect()
    sources = delivery / "sources.yaml"
    mapped = sources.read_text(encoding="utf-8") if sources.exists() else ""
    # standard files only: the floor does no mapping of non-standard feeds
    enrol = [str(p) for p in sorted(delivery.glob("enrolment*.csv")) if p.name not in mapped]
    enrol_pq = [str(p) for p in sorted(delivery.glob("enrolment*.parquet"))]
    parts = [f"SELECT id_number FROM read_csv({enrol!r}, all_varchar=true, union_by_name=true)"]
    if enrol_pq:
        parts.append("SELECT CAST(id_number AS VARCHAR) AS id_number "
                     f"FROM read_parquet({enrol_pq!r})")
    sql = f"""
    SELECT count(*) FROM ({' UNION ALL '.join(parts)}) e
    JOIN read_csv('{delivery / "population.csv"}', all_varchar=true) p USING (id_number)"""
    n = con.execute(sql).fetchone()[0]  # type: ignore[index]
    return time.perf_counter() - t, int(n)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    ap.add_argument("--workdir", type=Path, default=Path("benchmarks/out"))
    ap.add_argument("--memory-limit", default="", help="DuckDB memory_limit, e.g. 16GB")
    ap.add_argument("--delivery", type=Path,
                    help="Build this delivery folder instead of generating one (e.g. the one "
                         "benchmarks/linkage.py generates, ~3%% of records without a usable ID).")
    ap.add_argument("--workspace", type=Path, help="Where to build (default: in --workdir).")
    ap.add_argument("--reference-date", type=dt.date.fromisoformat, default=REF)
    ap.add_argument("--steps", type=int, default=15, help="Show the N slowest steps.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from unireg.config import load_settings
    from unireg.generate import generate
    from unireg.pipeline import build as build_mod

    delivery = args.delivery or args.workdir / f"province-{args.persons}-{args.seed}"
    if not (delivery / "truth" / "meta.json").exists():
        if args.delivery:
            ap.error(f"{delivery}: no generated delivery there (truth/meta.json missing)")
        shutil.rmtree(delivery, ignore_errors=True)
        t = time.perf_counter()
        generate(delivery, persons=args.persons, seed=args.seed, reference_date=REF)
        print(f"generated {args.persons:,} persons in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)
    floor_s, joined = floor(delivery)
    ws = args.workspace or args.workdir / f"ws-{args.persons}-{args.engine}"
    shutil.rmtree(ws, ignore_errors=True)
    settings = load_settings(env={}, file=None, reference_date=args.reference_date,
                             engine=args.engine, memory_limit=args.memory_limit or None)
    steps = StepTimes()
    logging.getLogger("unireg.engine").addHandler(steps)
    logging.getLogger("unireg.engine").setLevel(logging.INFO)
    hook = build_mod._run_link_hook
    hook_seconds = 0.0

    def timed_hook(*a: object) -> None:
        nonlocal hook_seconds
        t0 = time.perf_counter()
        hook(*a)
        hook_seconds += time.perf_counter() - t0

    build_mod._run_link_hook = timed_hook  # type: ignore[assignment]
    t = time.perf_counter()
    summary = build_mod.build(delivery, ws, settings)
    elapsed = time.perf_counter() - t
    enrol_rows = json.loads((delivery / "truth" / "meta.json").read_text()).get("files", {})
    result = {
        "persons": args.persons, "engine": args.engine,
        "rows_read": summary.rows_read,
        "enrolment_rows": sum(v for k, v in enrol_rows.items() if k.startswith("enrolment")),
        "build_seconds": round(elapsed, 1), "persons_per_second": round(args.persons / elapsed),
        "rows_per_second": round(summary.rows_read / elapsed),
        "stage_seconds": summary.stage_seconds,
        "probabilistic_linkage_seconds": round(hook_seconds, 1),
        "provisional_persons": summary.provisional, "review": summary.review,
        "slowest_steps": dict(sorted(steps.seconds.items(), key=lambda kv: -kv[1])[:args.steps]),
        "floor_seconds": round(floor_s, 1), "floor_joined_rows": joined,
        "peak_rss_mb": round(peak_rss_mb()),
    }
    (ws / "benchmark.json").write_text(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"build of {args.persons:,} persons ({summary.rows_read:,} rows) on {args.engine}: "
              f"{elapsed:.1f} s = {result['persons_per_second']:,} persons/s, "
              f"{result['rows_per_second']:,} rows/s; peak RSS {result['peak_rss_mb']:,} MB")
        for stage, s in summary.stage_seconds.items():
            print(f"  {stage:<15} {s:8.1f} s")
        print(f"  of which probabilistic linkage {hook_seconds:.1f} s")
        print("slowest steps:")
        for name, s in result["slowest_steps"].items():  # type: ignore[attr-defined]
            print(f"  {name:<32} {s:8.1f} s")
        print(f"floor (DuckDB read + join of the same files): {floor_s:.1f} s")
    return 0


if __name__ == "__main__":
    from unireg.allocator import use_jemalloc

    use_jemalloc()  # as the unireg command does (UNIREG_MALLOC=system: glibc's malloc)
    sys.exit(main())
