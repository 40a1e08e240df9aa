#!/usr/bin/env python
"""Benchmark the synthetic-province generator.

Generates --persons people into --out (a temporary folder by default, removed
afterwards) and prints persons per second, elapsed time, rows written and the
peak resident memory (this process and its children).

    .venv/bin/python benchmarks/generate.py --persons 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident set size in MiB, this process plus waited-for children (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--errors", default="default", help="none, default, heavy or a YAML file")
    ap.add_argument("--out", type=Path, default=None,
                    help="output folder (default: a temporary folder, removed afterwards)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    from unireg.generate import generate

    tmp = None
    out = args.out
    if out is None:
        tmp = Path(tempfile.mkdtemp(prefix="unireg-gen-"))
        out = tmp / "delivery"
    try:
        t = time.perf_counter()
        result = generate(out, persons=args.persons, seed=args.seed, errors=args.errors)
        elapsed = time.perf_counter() - t
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    figures = {
        "persons": args.persons, "seed": args.seed, "errors": args.errors,
        "elapsed_s": round(elapsed, 2), "persons_per_s": round(args.persons / elapsed),
        "peak_rss_mb": round(peak_rss_mb(), 1), "bytes_written": size,
        "rows": result.files, "truth_rows": result.truth,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"generated {args.persons:,} persons in {elapsed:.1f} s "
              f"({figures['persons_per_s']:,} persons/s), peak RSS {figures['peak_rss_mb']:,} MiB, "
              f"{size / 2**20:,.0f} MiB written")
        for name, n in result.files.items():
            print(f"  {name:<28} {n:>12,} rows")
        for name, n in result.truth.items():
            print(f"  truth/{name:<22} {n:>12,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
