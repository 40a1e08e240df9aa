"""Self-service lookups per second and latency, on loopback, against a built workspace.

Starts the real server (`unireg serve`) on a copy of the workspace's service
state (the registry itself is only read), then drives `POST /check` from
concurrent clients, each with its own cookie and CSRF token, as a browser
would. A share of the lookups carry a wrong name (the "not found" path). The
rate limits are lifted for the run; everything else — audit row per lookup,
pseudonyms, templates — is as in production.

    .venv/bin/python benchmarks/selfservice.py --workspace demo1m --clients 8 --seconds 30

Prints requests/s and latency percentiles (and --json for scripts).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import httpx

from unireg.pipeline.workspace import connect

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def sample(registry: Path, n: int, seed: int) -> list[dict[str, str]]:
    con = connect(registry)
    try:
        total = con.execute("SELECT count(*) FROM persons WHERE id_valid AND status = 'living'"
                            ).fetchone()[0]
        rows = con.execute(
            "SELECT person_key, name, CAST(birth_date AS VARCHAR) FROM persons "
            "WHERE id_valid AND status = 'living' ORDER BY hash(person_key || ?) LIMIT ?",
            [str(seed), n]).fetchall()
    finally:
        con.close()
    print(f"registry: {total:,} living persons with a valid number; sampled {len(rows):,}")
    return [{"id_number": r[0], "name": r[1], "birth_date": r[2]} for r in rows]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workspace: Path, port: int) -> tuple[subprocess.Popen[bytes], Path]:
    tmp = Path(tempfile.mkdtemp(prefix="unireg-bench-"))
    (tmp / "registry.duckdb").symlink_to((workspace / "registry.duckdb").resolve())
    unireg = str(Path(sys.executable).parent / "unireg")
    proc = subprocess.Popen(
        # --insecure-cookies: httpx (unlike a browser) sends no Secure cookie to http://127.0.0.1
        [unireg, "serve", "-w", str(tmp), "--port", str(port), "--log-level", "warning",
         "--insecure-cookies",
         "--citizen-per-client", "1000000000", "--citizen-per-number", "1000000000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    while time.monotonic() - t0 < 300:
        try:
            httpx.get(url + "/healthz", timeout=1)
            print(f"server up in {time.monotonic() - t0:.1f} s (opening the registry, "
                  "building its indexes)")
            return proc, tmp
        except httpx.HTTPError:
            if proc.poll() is not None:
                err = proc.stderr.read().decode()[-2000:] if proc.stderr else ""
                raise SystemExit("unireg serve exited: " + err) from None
            time.sleep(0.2)
    raise SystemExit("the server did not start in 300 s")


def client_loop(url: str, people: list[dict[str, str]], wrong_share: float, stop: float,
                latencies: list[float], codes: dict[int, int], seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=30) as c:
        token = CSRF.search(c.get("/check").text).group(1)  # type: ignore[union-attr]
        while time.monotonic() < stop:
            p = rng.choice(people)
            name = p["name"] + "某" if rng.random() < wrong_share else p["name"]
            t = time.perf_counter()
            r = c.post("/check", data={"csrf": token, "id_number": p["id_number"],
                                       "name": name, "birth_date": p["birth_date"]})
            latencies.append(time.perf_counter() - t)
            codes[r.status_code] = codes.get(r.status_code, 0) + 1
            if r.status_code != 200:
                raise SystemExit(f"lookup answered {r.status_code}: the benchmark is broken")


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1] if len(values) > 10 else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workspace", "-w", type=Path, required=True)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--wrong-share", type=float, default=0.2,
                    help="share of lookups with a wrong name (default 0.2)")
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    people = sample(args.workspace / "registry.duckdb", args.sample, args.seed)
    port = free_port()
    proc, tmp = start_server(args.workspace, port)
    url = f"http://127.0.0.1:{port}"
    try:
        for _phase, seconds in (("warm-up", args.warmup), ("measure", args.seconds)):
            latencies: list[float] = []
            codes: dict[int, int] = {}
            stop = time.monotonic() + seconds
            threads = [threading.Thread(target=client_loop,
                                        args=(url, people, args.wrong_share, stop, latencies,
                                              codes, args.seed + i))
                       for i in range(args.clients)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    audit_rows = duckdb_count(tmp / "service.duckdb")  # one row per lookup, warm-up included
    n = len(latencies)
    result = {
        "workspace": str(args.workspace), "clients": args.clients, "seconds": round(elapsed, 1),
        "lookups": n, "lookups_per_s": round(n / elapsed, 1),
        "p50_ms": round(pct(latencies, 0.50) * 1000, 1),
        "p95_ms": round(pct(latencies, 0.95) * 1000, 1),
        "p99_ms": round(pct(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else 0.0,
        "status": codes, "cpus": os.cpu_count(), "audit_rows": audit_rows,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{n:,} lookups in {elapsed:.1f} s from {args.clients} clients "
          f"({args.wrong_share:.0%} with a wrong name): {result['lookups_per_s']:,} lookups/s")
    print(f"latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms; status codes {codes}")


def duckdb_count(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM audit").fetchone()[0])
    finally:
        con.close()


if __name__ == "__main__":
    main()
