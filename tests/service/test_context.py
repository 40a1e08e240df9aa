"""The service context: a registry swapped in by a new build is picked up without a restart."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from unireg.rules.profile import load_profile
from unireg.service.context import Service
from unireg.service.models import AuditEntry
from unireg.service.settings import ServiceSettings
from unireg.service.store.duckdb_store import DuckDBStateStore


def test_new_build_is_picked_up_in_the_background(fixture_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(fixture_ws / "registry.duckdb", ws / "registry.duckdb")
    shutil.copy(fixture_ws / "delivered.duckdb", ws / "delivered.duckdb")
    svc = Service(ws, ServiceSettings(), DuckDBStateStore(tmp_path / "s.duckdb"),
                  load_profile("cn"))
    try:
        first = svc.registry
        svc.RELOAD_CHECK_SECONDS = 0.0  # type: ignore[misc]
        assert svc.registry is first  # nothing new yet
        # A build swaps a new file in (here: the same content, a new file and time).
        shutil.copy(ws / "registry.duckdb", tmp_path / "next.duckdb")
        os.utime(tmp_path / "next.duckdb", (time.time() + 5, time.time() + 5))
        os.replace(tmp_path / "next.duckdb", ws / "registry.duckdb")
        assert svc.registry is first  # still served while the new one opens
        for _ in range(200):
            if svc.registry is not first:
                break
            time.sleep(0.05)
        assert svc.registry is not first
        assert svc.registry.figures("100000") is not None
    finally:
        svc.close()


def test_audit_rows_written_together_keep_one_chain(fixture_ws: Path, tmp_path: Path) -> None:
    import threading

    from unireg.service.audit import verify

    svc = Service(fixture_ws, ServiceSettings(), DuckDBStateStore(tmp_path / "s.duckdb"),
                  load_profile("cn"))
    try:
        def work(n: int) -> None:
            for i in range(25):
                svc.audit(AuditEntry(f"u{n}", "auditor", "100000", "x", "ok", detail=str(i)))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        v = verify(svc.store.iter_audit())
        assert v.ok and v.rows == 200
    finally:
        svc.close()
