"""What the service hands to the next build: files in the data standard, per scope.

========== ======================================== ===================================
kind       content                                  file
========== ======================================== ===================================
survey     household survey returns (field forms)   ``survey-field-<stamp>.csv``
events     API events and officers' decisions       ``events-service-<stamp>.csv``
linkage    clerical review decisions                ``linkage-decisions-<stamp>.csv``
<kind>     corrected quarantined records            ``<kind>-corrected-<stamp>.csv``
========== ======================================== ===================================

Survey returns and events are marked exported (the next export holds only new
ones). Decisions are exported whole each time (the latest per case); a build
counts rows it has seen before as exact re-deliveries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from unireg.service.events import events_csv, linkage_csv, resubmission_csv
from unireg.service.models import Decision, utcnow
from unireg.service.roles import in_scope, scope_prefix, scope_within
from unireg.service.survey import to_csv

if TYPE_CHECKING:
    from unireg.service.context import Service

CORRECTABLE = ("population", "enrolment", "employer", "employment", "survey")
KINDS = ("survey", "events", "linkage", *(k for k in CORRECTABLE if k != "survey"))


@dataclass(frozen=True)
class ExportFile:
    name: str
    text: str
    rows: int
    persons: tuple[str, ...]  # pseudonyms, for the audit


def _stamp(now: dt.datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}"


def _latest(decisions: list[Decision]) -> list[Decision]:
    by: dict[str, Decision] = {}
    for d in decisions:
        by[d.case_ref] = d
    return list(by.values())


def _decisions(svc: Service, queue: str, scope: str) -> list[Decision]:
    scopes: dict[str, str | None] = {}
    out = []
    for d in _latest(svc.store.decisions(queue)):
        if d.decided_by not in scopes:
            u = svc.store.get_user(d.decided_by)
            scopes[d.decided_by] = u.scope if u else None
        s = scopes[d.decided_by]
        if s is not None and scope_within(s, scope):
            out.append(d)
    return out


def pending(svc: Service, scope: str) -> dict[str, int]:
    """How many rows each export would hold now."""
    prefix = scope_prefix(scope)
    corrected = [d for d in _decisions(svc, "quarantine", scope) if d.action == "resubmit"]
    out = {"survey": len(svc.store.list_surveys(prefix, exported=False))
           + sum(1 for d in corrected if d.payload.get("kind") == "survey"),
           "events": sum(1 for e in svc.store.list_events(exported=False)
                         if in_scope(scope, e.region)),
           "linkage": len(_decisions(svc, "review", scope))}
    for kind in KINDS[3:]:
        out[kind] = sum(1 for d in corrected if d.payload.get("kind") == kind)
    return out


def take(svc: Service, scope: str, kind: str, mark: bool = True,
         now: dt.datetime | None = None) -> list[ExportFile]:
    """The export of ``kind`` within ``scope`` (empty list: nothing to export)."""
    now = now or utcnow()
    stamp = _stamp(now)
    if kind == "survey":
        rets = svc.store.list_surveys(scope_prefix(scope), exported=False)
        # Corrected quarantined survey records travel in the same file (same columns).
        fixed = [d for d in _decisions(svc, "quarantine", scope)
                 if d.action == "resubmit" and d.payload.get("kind") == "survey"]
        if not rets and not fixed:
            return []
        name = f"survey-field-{stamp}.csv"
        if mark:
            svc.store.mark_surveys_exported([r.survey_id for r in rets], name)
        text = to_csv(rets) + resubmission_csv("survey", fixed).split("\r\n", 1)[1]
        ids = [r.id_number for r in rets] + [d.payload.get("id_number", "") for d in fixed]
        return [ExportFile(name, text, len(rets) + len(fixed),
                           tuple(svc.pseudonym(i) for i in ids if i))]
    if kind == "events":
        evs = [e for e in svc.store.list_events(exported=False) if in_scope(scope, e.region)]
        if not evs:
            return []
        name = f"events-service-{stamp}.csv"
        if mark:
            svc.store.mark_events_exported([(e.sender, e.event_id) for e in evs], name)
        return [ExportFile(name, events_csv(evs), len(evs),
                           tuple(svc.pseudonym(e.id_number) for e in evs if e.id_number))]
    if kind == "linkage":
        ds = _decisions(svc, "review", scope)
        if not ds:
            return []
        return [ExportFile(f"linkage-decisions-{stamp}.csv", linkage_csv(ds), len(ds),
                           tuple(svc.pseudonym(d.payload.get("person_key", "")) for d in ds))]
    if kind in CORRECTABLE:
        ds = [d for d in _decisions(svc, "quarantine", scope)
              if d.action == "resubmit" and d.payload.get("kind") == kind]
        if not ds:
            return []
        return [ExportFile(f"{kind}-corrected-{stamp}.csv", resubmission_csv(kind, ds), len(ds),
                           tuple(svc.pseudonym(d.payload["id_number"]) for d in ds
                                 if d.payload.get("id_number")))]
    raise ValueError(f"unknown export {kind!r}; known: {', '.join(KINDS)}")


def export_all(svc: Service, scope: str, folder: Path) -> list[Path]:
    """Write every pending export into ``folder`` (a delivery folder); return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        for f in take(svc, scope, kind):
            path = folder / f.name
            path.write_text(f.text, encoding="utf-8", newline="")
            written.append(path)
    return written
