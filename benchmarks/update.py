#!/usr/bin/env python
"""Benchmark the incremental update: N events applied to a registry of P persons.

Generates a province of P persons (cached in --workdir by size and seed) and a
year of its events, keeps N of them (the file is in random order, so any N
rows are a fair sample of the year), builds the registry at the end of the
events' year (cached), then times ``unireg update`` of the N events on a copy
of it, stage by stage. With --full it also times the full rebuild from
deliveries + events, which must give the same exports (checked).

    .venv/bin/python benchmarks/update.py                      # 1M events, 10M persons
    .venv/bin/python benchmarks/update.py --persons 1000000 --events 100000

Figures go to stdout (and JSON with --json); see docs/updates.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import resource
import shutil
import sys
import time
from pathlib import Path

REF = dt.date(2017, 12, 31)
YEAR = 2018
YEAR_END = dt.date(YEAR, 12, 31)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.parquet"))}


def take_events(source: Path, target: Path, n: int) -> int:
    """The header and the first ``n`` data rows of an events CSV."""
    kept = 0
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as out:
        out.write(src.readline())
        for line in src:
            if kept == n:
                break
            out.write(line)
            kept += 1
    return kept


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=10_000_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path("benchmarks/out"))
    ap.add_argument("--memory-limit", default="", help="DuckDB memory_limit, e.g. 16GB")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: all cores)")
    ap.add_argument("--full", action="store_true",
                    help="also time the full rebuild and check it gives the same exports")
    ap.add_argument("--delivery", type=Path,
                    help="Use this generated delivery (and its events/) instead of generating one.")
    ap.add_argument("--base", type=Path,
                    help="A registry already built from the delivery at the end of the events' "
                         "year (e.g. by benchmarks/build.py --reference-date 2018-12-31 "
                         "--workspace ...): reused instead of building one.")
    ap.add_argument("--in-place", action="store_true",
                    help="Update the base registry itself instead of a copy (saves the disk "
                         "and time of copying a large one; the base is then spent).")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--log", default="", metavar="LEVEL",
                    help="log unireg's messages at LEVEL (DEBUG: every step's and merge's time)")
    args = ap.parse_args()
    if args.log:
        logging.basicConfig(level=args.log.upper(), stream=sys.stderr,
                            format="%(asctime)s %(name)s %(message)s")

    from unireg.config import load_settings
    from unireg.generate import generate, generate_events
    from unireg.pipeline.build import build
    from unireg.update.incremental import update

    settings = load_settings(env={}, file=None, reference_date=YEAR_END,
                             memory_limit=args.memory_limit or None, threads=args.threads)
    result: dict[str, object] = {"persons": args.persons, "events_wanted": args.events}
    delivery = args.delivery or args.workdir / f"province-{args.persons}-{args.seed}"
    if not (delivery / "truth" / "meta.json").exists():
        if args.delivery:
            ap.error(f"{delivery}: no generated delivery there (truth/meta.json missing)")
        shutil.rmtree(delivery, ignore_errors=True)
        t = time.perf_counter()
        generate(delivery, persons=args.persons, seed=args.seed, reference_date=REF)
        log(f"generated {args.persons:,} persons in {time.perf_counter() - t:.1f} s")
    year_file = delivery / "events" / f"events-{YEAR}.csv"
    if not year_file.exists():
        t = time.perf_counter()
        r = generate_events(delivery, YEAR, truth=False)
        log(f"generated {r.rows:,} events of {YEAR} in {time.perf_counter() - t:.1f} s")
    events_dir = args.workdir / f"events-{args.persons}-{args.seed}-{args.events}"
    events = events_dir / f"events-{YEAR}-bench.csv"
    if not events.exists():
        events_dir.mkdir(parents=True, exist_ok=True)
        take_events(year_file, events, args.events)
    with events.open(encoding="utf-8") as fh:
        result["events"] = sum(1 for _ in fh) - 1
    base = args.base or args.workdir / f"ws-{args.persons}-{args.seed}-base"
    if not (base / "build.json").exists():
        shutil.rmtree(base, ignore_errors=True)
        t = time.perf_counter()
        build(delivery, base, settings)
        log(f"built the registry of {args.persons:,} persons in {time.perf_counter() - t:.1f} s")
    result["registry_mb"] = round((base / "registry.duckdb").stat().st_size / 2**20)
    if (base / "delivered.duckdb").exists():  # hard-linked by the update, not copied
        result["delivered_mb"] = round((base / "delivered.duckdb").stat().st_size / 2**20)
    if args.in_place:
        ws = base
    else:
        ws = args.workdir / f"ws-{args.persons}-{args.seed}-update"
        shutil.rmtree(ws, ignore_errors=True)
        shutil.copytree(base, ws)
    os.sync()  # the copy's pages written out now, not by the kernel during the timed update
    log(f"applying {result['events']:,} events to {args.persons:,} persons ...")
    t = time.perf_counter()
    summary = update(ws, [events], settings)
    result["update_seconds"] = round(time.perf_counter() - t, 2)
    result.update(stage_seconds=summary.stage_seconds, merged_exports=summary.merged_exports,
                  touched=summary.touched,
                  applied=summary.applied, quarantined=summary.quarantined,
                  redelivered=summary.redelivered,
                  events_per_second=round(int(str(result["events"])) / summary.seconds))
    if args.full:
        full = args.workdir / f"full-{args.persons}-{args.seed}-{args.events}"
        shutil.rmtree(full, ignore_errors=True)
        shutil.copytree(delivery, full, ignore=shutil.ignore_patterns("truth", "events"))
        shutil.copy(events, full / events.name)
        ws_full = args.workdir / f"ws-{args.persons}-{args.seed}-full"
        shutil.rmtree(ws_full, ignore_errors=True)
        t = time.perf_counter()
        build(full, ws_full, settings)
        result["full_rebuild_seconds"] = round(time.perf_counter() - t, 2)
        a, b = digests(ws_full / "exports"), digests(ws / "exports")
        result["same_exports"] = a == b
        result["differing_exports"] = sorted(n for n in a if a[n] != b.get(n))
    result["peak_rss_mb"] = round(peak_rss_mb())
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:>22}: {v}")
    return 0


if __name__ == "__main__":
    from unireg.allocator import use_jemalloc

    use_jemalloc()  # as the unireg command does (UNIREG_MALLOC=system: glibc's malloc)
    raise SystemExit(main())
