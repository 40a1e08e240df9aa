"""Work queues: the cases an officer decides, each within the officer's scope.

- ``multiple``   multiple affiliation: choose the enrolment to end, with a reason;
- ``review``     clerical linkage review: the record is this person, or not;
- ``quarantine`` quarantined records: correct the fields and resubmit;
- ``deceased``   deceased but still active: end the enrolments, or report the death wrong.

Cases come from the registry (read-only); decisions go to the state store and
become data-standard records for the next build (:mod:`unireg.service.events`).
A case outside the scope is ``None``, exactly like a case that does not exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from unireg.rules.profile import CountryProfile
from unireg.service.events import end_enrolment_event
from unireg.service.models import Decision, utcnow
from unireg.service.registry import PersonRef, Registry, mask_record
from unireg.service.roles import scope_prefix
from unireg.service.store.base import StateStore
from unireg.service.validation import Problem, check_event, check_record
from unireg.validate.fields import KINDS

QUEUES = ("multiple", "review", "quarantine", "deceased")
ACTIONS = {
    "multiple": ("end_enrolment",),
    "review": ("link", "not_same"),
    "quarantine": ("resubmit", "reject"),
    "deceased": ("end_enrolments", "death_wrong"),
}


@dataclass
class Case:
    queue: str
    ref: str                      # what the URL carries: case id or pseudonym
    title: str                    # rule, group, kind: no personal data
    person: PersonRef | None = None
    candidate: PersonRef | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    decision: Decision | None = None
    history: list[Decision] = field(default_factory=list)


class Queues:
    def __init__(self, registry: Registry, store: StateStore) -> None:
        self.reg, self.store = registry, store

    def _latest(self, queue: str) -> dict[str, Decision]:
        return {d.case_ref: d for d in self.store.decisions(queue)}

    def counts(self, scope: str) -> dict[str, dict[str, int]]:
        out = {}
        for q in QUEUES:
            sql, params = self._list_sql(q, scope)
            refs = {r["ref"] for r in self.reg.query(f"SELECT ref FROM ({sql})", params)} \
                if sql else set()
            done = sum(1 for k in self._latest(q) if k in refs)
            out[q] = {"total": len(refs), "open": len(refs) - done, "decided": done}
        return out

    def page(self, queue: str, scope: str, offset: int = 0, limit: int = 50,
             state: str = "") -> tuple[int, list[Case]]:
        """One page of a queue in scope; ``state`` = "open" or "decided" filters."""
        sql, params = self._list_sql(queue, scope)
        if sql is None:
            return 0, []
        decided = self._latest(queue)
        rows = self.reg.query(sql + " ORDER BY 1", params)
        if state:
            rows = [r for r in rows if (r["ref"] in decided) == (state == "decided")]
        total = len(rows)
        page = rows[offset:offset + limit] if limit else []
        keys = [r["person_key"] for r in page if r.get("person_key")]
        refs = self.reg.refs(keys)
        cases = []
        for r in page:
            case = Case(queue, r["ref"], r["title"], refs.get(r.get("person_key") or ""),
                        detail=dict(r))
            case.decision = decided.get(r["ref"])
            cases.append(case)
        return total, cases

    def _list_sql(self, queue: str, scope: str) -> tuple[str | None, dict[str, Any]]:
        p: dict[str, Any] = {"prefix": scope_prefix(scope)}
        t = self.reg.tables
        if queue == "multiple" and "multiple_affiliation" in t:
            return (f"SELECT case_id AS ref, rule || ' · ' || scheme_group AS title, person_key, "
                    f"scheme_group, rule, enrolments FROM reg.multiple_affiliation m "
                    f"WHERE {Registry.scope_sql('m.person_key')}"), p
        if queue == "deceased" and "deceased_active" in t:
            return (f"SELECT i.pref AS ref, 'deceased_active' AS title, d.person_key, "
                    f"d.death_date, d.enrolments, d.receiving FROM reg.deceased_active d "
                    f"JOIN person_index i ON i.person_key = d.person_key "
                    f"WHERE {Registry.scope_sql('d.person_key')}"), p
        if queue == "review" and "review_queue" in t:
            cond = (f"({Registry.scope_sql('r.candidate_key')} OR "
                    f"{Registry.scope_sql('r.provisional_key')})")
            return (f"SELECT r.ref, r.kind || ' · ' || r.reason AS title, "
                    f"r.candidate_key AS person_key, r.source, r.row_ref, r.kind, r.reason "
                    f"FROM review_index r WHERE {cond}"), p
        if queue == "quarantine" and "quarantine" in t:
            return ("SELECT q.ref, q.kind || ' · ' || q.problems[1].rule AS title, "
                    "NULL AS person_key, q.kind, q.source, q.row_ref, len(q.problems) AS problems "
                    "FROM quarantine_index q WHERE $prefix = '' OR EXISTS (SELECT 1 FROM "
                    "quarantine_region g WHERE g.ref = q.ref AND starts_with(g.region, $prefix))"
                    ), p
        return None, p

    def get(self, queue: str, ref: str, scope: str) -> Case | None:
        """One case with everything needed to decide it, or None (missing or out of scope)."""
        if queue not in QUEUES or not ref or len(ref) > 64:
            return None
        sql, params = self._list_sql(queue, scope)
        if sql is None:
            return None
        rows = self.reg.query(f"SELECT * FROM ({sql}) WHERE ref = $ref", {**params, "ref": ref})
        if not rows:
            return None
        r = rows[0]
        key = r.get("person_key")
        case = Case(queue, ref, r["title"], self.reg.refs([key]).get(key) if key else None,
                    detail=dict(r))
        if queue == "multiple":
            m = self.reg.query("SELECT * FROM reg.multiple_affiliation WHERE case_id = $c",
                               {"c": ref})[0]
            case.detail.update(keep_ref=m["keep_ref"], record_refs=list(m["record_refs"]))
            case.records = self._enrolments(list(m["record_refs"]))
        elif queue == "deceased":
            d = self.reg.query("SELECT * FROM reg.deceased_active WHERE person_key = $k",
                               {"k": key})[0]
            case.records = self._enrolments(list(d["record_refs"]))
        elif queue == "review":
            rv = self.reg.query("SELECT * FROM review_index WHERE ref = $r", {"r": ref})[0]
            case.candidate = case.person
            case.person = self.reg.refs([rv["provisional_key"]]).get(rv["provisional_key"])
            link = self.reg.query("SELECT _file, _row FROM reg.links WHERE source = $s AND "
                                  "row_ref = $r", {"s": rv["source"], "r": rv["row_ref"]})
            if link:
                rec = self.reg.stage_record(rv["kind"], link[0]["_file"], link[0]["_row"])
                case.records = [mask_record(rec)] if rec else []
        elif queue == "quarantine":
            q = self.reg.query("SELECT * FROM quarantine_index WHERE ref = $r", {"r": ref})[0]
            case.detail["problems"] = list(q["problems"])
            rec = self.reg.stage_record(q["kind"], q["_file"], q["_row"])
            case.detail["original"] = rec or {}   # for resubmission; pages show it masked
            case.records = [mask_record(rec)] if rec else []
        case.history = self.store.decisions(queue, ref)
        case.decision = case.history[-1] if case.history else None
        return case

    def _enrolments(self, refs: list[str]) -> list[dict[str, Any]]:
        if not refs:
            return []
        return self.reg.query(
            "SELECT e.ref, e.scheme, e.scheme_group, e.agency_region, e.employer_id, e.start_date, "
            "e.end_date, e.status, e.last_paid, e.contribution_base, e.person_key "
            "FROM reg.enrolments e WHERE e.ref IN (SELECT unnest($refs)) ORDER BY e.ref",
            {"refs": refs})


REASON_MAX = 500


def decide(queues: Queues, case: Case, action: str, reason: str, username: str,
           form: dict[str, str], profile: CountryProfile, today: dt.date) -> tuple[
               Decision | None, list[Problem]]:
    """Record an officer's decision on a case (and the events it stands for).

    Returns the decision, or the problems that stop it (nothing is stored then).
    """
    probs: list[Problem] = []
    if action not in ACTIONS[case.queue]:
        probs.append(Problem("action", "code"))
    reason = reason.strip()
    if not reason:
        probs.append(Problem("reason", "required"))
    elif len(reason) > REASON_MAX:
        probs.append(Problem("reason", "too_long"))
    payload: dict[str, str] = {}
    ends: list[dict[str, Any]] = []
    if case.queue == "multiple" and action == "end_enrolment":
        chosen = form.get("end_ref", "")
        ends = [r for r in case.records if r["ref"] == chosen]
        if not ends:
            probs.append(Problem("end_ref", "required"))
        payload = {"end_ref": chosen}
    elif case.queue == "deceased" and action == "end_enrolments":
        ends = list(case.records)
        payload = {"refs": " ".join(r["ref"] for r in ends)}
    elif case.queue == "review":
        d = case.detail
        rv = queues.reg.query("SELECT provisional_key, candidate_key FROM review_index "
                              "WHERE ref = $r", {"r": case.ref})[0]
        # The vocabulary of unireg.link.decisions: the record is (link) or is not (distinct)
        # the candidate person.
        payload = {"source": d["source"], "row_ref": d["row_ref"],
                   "person_key": rv["candidate_key"] or "",
                   "decision": "link" if action == "link" else "distinct"}
    elif case.queue == "quarantine" and action == "resubmit":
        kind = case.detail["kind"]
        original = {k: "" if v is None else str(v)
                    for k, v in (case.detail.get("original") or {}).items()}
        corrected = {f: (form.get(f) or "").strip() or original.get(f, "") for f in KINDS[kind]}
        probs += check_record(kind, corrected, profile, today) if kind != "events" \
            else check_event(corrected, profile, today)
        payload = {**corrected, "kind": kind}
    if probs:
        return None, probs
    decision = queues.store.add_decision(Decision(case.queue, case.ref, action, reason, username,
                                                  utcnow(), payload))
    if ends:
        person = queues.reg.query("SELECT person_key, id_number, name, sex, birth_date, id_valid "
                                  "FROM reg.persons WHERE person_key = $k",
                                  {"k": ends[0]["person_key"]})[0]
        for e in ends:
            ev = end_enrolment_event(decision, e, person["id_number"] or "", today)
            ev = dataclasses.replace(ev, name=person["name"] or "", sex=person["sex"] or "",
                                     birth_date=str(person["birth_date"] or ""))
            queues.store.add_event(ev)
    return decision, []
