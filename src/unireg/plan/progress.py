"""Progress against last year's plan: achieved against target per region and group.

A plan made by ``unireg plan`` from build A for year Y holds, per region and
group, the insured in the target population at A (``insured``) and the
extension target. Given a later build B (normally with its reference date in
year Y), progress is:

- ``insured_now``: insured in the target population at B (``coverage_summary``);
- ``achieved = insured_now − insured``: the net change (people who moved in
  or out, died or aged into the target count too: it is what the registry
  shows, not a count of enrolment drives);
- ``progress = achieved / target`` (empty when the target is 0);
- ``met``: ``achieved >= target`` or the coverage now reaches the plan's
  coverage target.

>>> progress_row({"target": 40, "insured": 100, "target_pop": 200, "rate_target": 0.95},
...              insured_now=130, target_now=200)["progress"]
0.75
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unireg.errors import UniregError

_INTS = ("target_pop", "insured", "goal", "gap", "uninsured", "target", "shortfall",
         "county_targets")
_FLOATS = ("rate", "rate_target", "reach")


@dataclass(frozen=True)
class LoadedPlan:
    folder: Path
    manifest: dict[str, Any]
    targets: list[dict[str, Any]]

    @property
    def year(self) -> int:
        return int(self.manifest["plan_year"])

    @property
    def build_id(self) -> str:
        return str(self.manifest["build_id"])


def load_plan(folder: Path) -> LoadedPlan:
    """Read a plan folder written by ``unireg plan`` (its manifest and targets.csv)."""
    folder = Path(folder)
    man, tgt = folder / "manifest.json", folder / "targets.csv"
    if not man.exists() or not tgt.exists():
        raise UniregError(f"{folder}: not a plan folder (needs manifest.json and targets.csv "
                          "written by `unireg plan`)")
    manifest = json.loads(man.read_text(encoding="utf-8"))
    rows = []
    with tgt.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            row: dict[str, Any] = dict(r)
            for k in _INTS:
                if row.get(k) not in (None, ""):
                    row[k] = int(row[k])
            for k in _FLOATS:
                row[k] = float(row[k]) if row.get(k) not in (None, "") else None
            rows.append(row)
    return LoadedPlan(folder=folder, manifest=manifest, targets=rows)


def find_plan(workspace: Path, year: int, build_id: str) -> LoadedPlan | None:
    """The plan for ``year`` in the workspace, unless it was made from this very build."""
    folder = Path(workspace) / "plans" / str(year)
    if not (folder / "manifest.json").exists():
        return None
    plan = load_plan(folder)
    return None if plan.build_id == build_id else plan


def progress_row(plan_row: dict[str, Any], insured_now: int, target_now: int) -> dict[str, Any]:
    """Achieved against target for one plan row (see the module docstring)."""
    target = int(plan_row["target"])
    achieved = insured_now - int(plan_row["insured"])
    rate_now = insured_now / target_now if target_now else None
    rt = plan_row.get("rate_target")
    return {
        "insured_then": int(plan_row["insured"]), "target_then": int(plan_row["target_pop"]),
        "ext_target": target, "insured_now": insured_now, "target_now": target_now,
        "achieved": achieved,
        "progress": round(achieved / target, 6) if target else None,
        "rate_now": None if rate_now is None else round(rate_now, 6),
        "rate_target": rt,
        "met": achieved >= target or (rate_now is not None and rt is not None and rate_now >= rt),
    }


def progress_rows(plan: LoadedPlan, now: dict[tuple[str, str, str], tuple[int, int]]
                  ) -> list[dict[str, Any]]:
    """Progress for every row of the plan; ``now`` maps (level, region, group) to
    (target_insured, target) of the current build (missing: 0, 0)."""
    out = []
    for r in plan.targets:
        ins, tgt = now.get((r["level"], r["region"], r["scheme_group"]), (0, 0))
        out.append({"level": r["level"], "region": r["region"],
                    "region_name": r.get("region_name"), "scheme_group": r["scheme_group"],
                    **progress_row(r, ins, tgt)})
    return out
