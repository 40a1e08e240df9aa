"""The annual coverage-extension plan: targets per region and outreach lists for field teams.

>>> # make_plan(Path("W"), target=0.95, year=2018)  # writes W/plans/2018/

Files written to ``W/plans/<year>/`` (docs/reports.md):

- ``targets.csv`` — the extension target of every region (all levels) and
  scheme group (:mod:`unireg.plan.targets`);
- one CSV per outreach list (:mod:`unireg.plan.outreach`);
- ``plan-<year>.xlsx`` — the same, one sheet per list, after an ``about`` sheet;
- ``manifest.json`` — what the plan was made from (build, reference date,
  target, weights), whether IDs are masked and for which stated purpose they
  are not, and each file's rows and sha256.

Every plan is also logged as one JSON line in ``W/plans/plan_log.jsonl``
(purpose and counts, never personal data).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unireg import __version__
from unireg.errors import UniregError
from unireg.plan.outreach import outreach_queries
from unireg.plan.targets import REASON_WEIGHTS, check_weights, region_figures_sql, target_rows
from unireg.plan.workspace import RegistryView, open_workspace
from unireg.plan.writer import sha256, write_csv, write_xlsx

log = logging.getLogger("unireg.plan")

MIN_PURPOSE = 10  # characters: "checking" is not a purpose


class PlanError(UniregError):
    """The plan cannot be made as asked (bad target, year, or unmasking without a purpose)."""


@dataclass
class PlanResult:
    folder: Path
    files: dict[str, Path]
    rows: dict[str, int]
    manifest: dict[str, Any]
    seconds: float = 0.0
    totals: dict[str, Any] = field(default_factory=dict)


def plan_folder(workspace: Path, year: int) -> Path:
    return Path(workspace) / "plans" / str(year)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _fetch(reg: RegistryView, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cur = reg.con.execute(sql)
    return [d[0] for d in cur.description], cur.fetchall()


def make_plan(workspace: Path, *, target: float, year: int, unmasked: bool = False,
              purpose: str | None = None, lang: str = "en",
              weights: Mapping[str, float] | None = None) -> PlanResult:
    """Make the extension plan for ``year`` from the workspace's registry.

    ``target`` is the coverage of the target population to reach (e.g. 0.95).
    IDs and names are masked unless ``unmasked`` is set with a ``purpose``,
    which is recorded in the manifest and the plan log.
    """
    from unireg.report.labels import Labels

    started = time.perf_counter()
    if not 0 < target <= 1:
        raise PlanError(f"--target {target}: expected a share in (0, 1], e.g. 0.95")
    purpose = (purpose or "").strip() or None
    if unmasked and (purpose is None or len(purpose) < MIN_PURPOSE):
        raise PlanError("--unmasked needs --purpose \"...\": say why the IDs are needed "
                        f"(at least {MIN_PURPOSE} characters); it is logged")
    if purpose and not unmasked:
        raise PlanError("--purpose is only for --unmasked plans; drop it or add --unmasked")
    w = check_weights({**REASON_WEIGHTS, **(weights or {})})
    with open_workspace(workspace) as reg:
        ref = reg.reference_date
        if year < ref.year:
            raise PlanError(f"--year {year}: the registry's reference date is {ref}; a plan is "
                            f"for the year after it (e.g. --year {ref.year + 1})")
        labels = Labels(lang, reg.profile)
        groups = tuple(reg.profile.groups)
        reasons = reg.profile.codes_of("reason_uninsured")
        figures = reg.rows(region_figures_sql())
        targets = target_rows(figures, target, w, reasons)
        t_cols = list(targets[0]) if targets else ["level", "region", "scheme_group"]
        sheets: list[tuple[str, list[str], list[tuple[Any, ...]]]] = [
            ("targets", t_cols, [tuple(r[c] for c in t_cols) for r in targets])]
        for q in outreach_queries(ref, groups, unmasked=unmasked):
            cols, rows = _fetch(reg, q.sql)
            sheets.append((q.name, cols, rows))
        build_id, version = reg.build_id, reg.version

    folder = plan_folder(workspace, year)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    rows_written: dict[str, int] = {}
    for name, cols, rows in sheets:
        path = folder / f"{name}.csv"
        write_csv(path, cols, rows)
        files[name] = path
        rows_written[name] = len(rows)
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    about = [
        (labels("plan_year"), year), (labels("rate_target"), target),
        (labels("build_id"), build_id), (labels("reference_date"), ref.isoformat()),
        (labels("generated"), created), ("unireg", version),
        ("masked", "no: " + (purpose or "") if unmasked else "yes"),
        ("weights", ", ".join(f"{k}={v}" for k, v in w.items())),
        ("formula", "gap = max(0, ceil(t*T) - I); reach = sum_k w_k*U_k; "
                    "target = min(gap, floor(reach)); docs/reports.md"),
    ]
    xlsx = folder / f"plan-{year}.xlsx"
    write_xlsx(xlsx, sheets, labels, about)
    files["xlsx"] = xlsx
    nation = {r["scheme_group"]: {k: r[k] for k in ("target_pop", "insured", "gap", "target",
                                                     "shortfall")}
              for r in targets if r["level"] == "nation"}
    manifest: dict[str, Any] = {
        "plan_year": year, "rate_target": target, "build_id": build_id,
        "reference_date": ref.isoformat(), "created": created, "version": __version__,
        "masked": not unmasked, "purpose": purpose, "officer": _user(), "lang": lang,
        "weights": w, "nation": nation,
        "files": {name: {"file": p.name, "rows": rows_written.get(name),
                         "sha256": sha256(p)} for name, p in files.items()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False),
                                          encoding="utf-8")
    entry = {k: manifest[k] for k in ("created", "plan_year", "rate_target", "build_id",
                                      "masked", "purpose", "officer")}
    entry["rows"] = rows_written
    with (folder.parent / "plan_log.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    if unmasked:
        log.warning("plan %d from build %s written UNMASKED for purpose %r by %s: %s",
                    year, build_id, purpose, manifest["officer"],
                    ", ".join(f"{k}={v}" for k, v in rows_written.items()))
    else:
        log.info("plan %d from build %s: %s", year, build_id,
                 ", ".join(f"{k}={v}" for k, v in rows_written.items()))
    return PlanResult(folder=folder, files=files, rows=rows_written, manifest=manifest,
                      seconds=round(time.perf_counter() - started, 3), totals=nation)
