"""Coverage as of a date, from the registry's history, without changing the registry.

``coverage_as_of(W, D)`` computes, for date ``D``, what a build with reference
date ``D`` would have said from what the registry knows now: every person and
enrolment in the version that held on ``D`` (``coverage.asof``), coverage,
multiple affiliation, deceased-active, the uninsured and the summaries on
``D``. It writes a full export set to ``OUT`` (default ``W/as-of/D``): the
exports that depend on the date as of ``D`` (``persons`` lists the persons
who existed on ``D``, as they were), the others (quarantine, links,
reconciliation, events, history) as the registry has them.

>>> # coverage_as_of(Path("W"), dt.date(2018, 6, 30)).coverage["old_age"]["rate"]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unireg.config import Settings
from unireg.coverage.asof import ENROLMENT_COLUMNS, PERSON_COLUMNS, enrolments_on, persons_on
from unireg.coverage.summary import cuts_step, summary_step
from unireg.engine.duckdb_engine import DuckDBEngine
from unireg.export.writer import write_exports
from unireg.pipeline import build as build_mod
from unireg.pipeline.steps import coverage_steps
from unireg.pipeline.workspace import Workspace, attach_registry
from unireg.rules.profile import load_profile
from unireg.update.incremental import UpdateError, registry_info


@dataclass
class AsOfSummary:
    as_of: str
    out: str
    persons: int
    in_scope: int
    coverage: dict[str, dict[str, float | int]] = field(default_factory=dict)
    multiple_affiliation: int = 0
    deceased_active: int = 0
    uninsured: int = 0
    exports: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def coverage_as_of(workspace: Path, on: dt.date, settings: Settings, out: Path | None = None,
                   *, csv: bool = False) -> AsOfSummary:
    """Write the exports of the registry in ``workspace`` as of ``on`` to ``out``."""
    started = time.perf_counter()
    ws = Workspace(workspace)
    _, profile_name = registry_info(ws.registry)
    profile = load_profile(profile_name)
    out = out or ws.root / "as-of" / on.isoformat()
    if out.exists():
        if not (out / "as-of.json").is_file():
            raise UpdateError(f"{out}: exists and holds no earlier as-of output; give a new "
                              "folder")
        shutil.rmtree(out)
    (out / "tmp").mkdir(parents=True)
    store = DuckDBEngine(out / "as-of.duckdb", threads=settings.threads,
                         memory_limit=settings.memory_limit, temp_directory=out / "tmp")
    con = store.con
    try:
        attach_registry(con, ws.registry)
        for step in (*coverage_steps(profile, on), summary_step(), cuts_step()):
            # Tables, not views: a view here would read the registry attached only now.
            store.run(dataclasses.replace(step, view=False))
        # The persons and enrolments as they were on the date (for the exports and reports).
        con.execute(f"CREATE TABLE main.persons AS SELECT {', '.join(PERSON_COLUMNS)}, "
                    f"CAST(NULL AS DATE) AS valid_from FROM ({persons_on(on)}) p")
        con.execute(f"CREATE TABLE main.enrolments AS SELECT {', '.join(ENROLMENT_COLUMNS)}, "
                    f"CAST(NULL AS DATE) AS valid_from FROM ({enrolments_on(on)}) e")
        exports = write_exports(con, out / "exports", csv=csv)
        s = build_mod._summarise(con, "as-of", settings.with_(profile=profile_name), on)
    finally:
        store.close()
    shutil.rmtree(out / "tmp", ignore_errors=True)
    summary = AsOfSummary(as_of=on.isoformat(), out=str(out), persons=s.persons,
                          in_scope=s.in_scope, coverage=s.coverage,
                          multiple_affiliation=s.multiple_affiliation,
                          deceased_active=s.deceased_active, uninsured=s.uninsured,
                          exports=exports, seconds=round(time.perf_counter() - started, 3))
    (out / "as-of.json").write_text(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False),
                                    encoding="utf-8")
    return summary
