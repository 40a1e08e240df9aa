"""Citizen self-service: "am I covered?" from ID number, name and birth date.

The answer is the coverage of each scheme group with plain-language next
steps (as codes with parameters; the web layer words them in Chinese or
English). :func:`lookup` returns ``None`` for an unknown number, a wrong name
and a wrong birth date alike, so that the page cannot tell them apart; only a
number that is malformed on its face (length, characters, check character) is
reported as such, since anyone can compute that without the registry.

>>> check_number("440305199003073081")
('id.checksum',)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from unireg.rules import idnumber
from unireg.rules.regions import region_table
from unireg.service.registry import Registry, normalise_name

# Statuses of the frame under which the self-service answers (others: "not found").
ANSWERED_STATUS = ("living",)


@dataclass(frozen=True)
class Step:
    """One next step: a message code and its parameters (region names, scheme codes)."""

    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class SchemeLine:
    scheme: str
    status: str               # contributing | suspended | receiving
    agency_region: str
    agency_name: str


@dataclass
class GroupAnswer:
    group: str
    insured: bool
    in_target: bool
    schemes: list[SchemeLine]
    steps: list[Step]


@dataclass
class Answer:
    as_of: dt.date
    residence_name: str
    groups: list[GroupAnswer]
    person_key: str           # for the audit (as a pseudonym) only; never shown


def check_number(raw: str) -> tuple[str, ...]:
    """Problems of the number itself (empty: well-formed)."""
    return idnumber.check(raw).errors


def _region_name(code: str | None) -> str:
    if not code:
        return ""
    return region_table().describe(code, "zh") if code in region_table() else code


def lookup(reg: Registry, id_number: str, name: str, birth_date: dt.date | None) -> Answer | None:
    """The person's coverage if ID number, name and birth date all match, else None."""
    chk = idnumber.check(id_number, reg.reference_date)
    key = chk.number if chk.valid else ""
    rows = reg.query("SELECT person_key, name, birth_date, status, residence_region, id_valid "
                     "FROM hot_persons WHERE person_key = $k", {"k": key})
    # Compare every field every time, so that a miss costs what a hit costs.
    p = rows[0] if rows else {}
    same = (normalise_name(str(p.get("name") or "")) == normalise_name(name)) & \
        (p.get("birth_date") == birth_date) & bool(p.get("id_valid")) & \
        (p.get("status") in ANSWERED_STATUS)
    if not rows or not same:
        return None
    return answer(reg, str(p["person_key"]), p.get("residence_region"))


def answer(reg: Registry, key: str, residence: str | None) -> Answer:
    valid = reg.valid_enrolments(key)
    scope_row = reg.query("SELECT employment_type, has_employee, age FROM hot_scope "
                          "WHERE person_key = $k", {"k": key})
    employee = bool(scope_row and scope_row[0].get("has_employee"))
    groups = []
    for cov in reg.coverage_of(key):
        lines = [SchemeLine(e["scheme"], e["status"], e["agency_region"] or "",
                            _region_name(e["agency_region"]))
                 for e in valid if e["scheme_group"] == cov.group]
        groups.append(GroupAnswer(cov.group, cov.insured, cov.in_target, lines,
                                  next_steps(cov.group, cov.insured, cov.in_target, lines,
                                             employee, residence, reg)))
    return Answer(reg.reference_date, _region_name(residence), groups, key)


def next_steps(group: str, insured: bool, in_target: bool, lines: list[SchemeLine],
               employee: bool, residence: str | None, reg: Registry) -> list[Step]:
    """What the person should do about one scheme group, most useful first."""
    where = {"region": _region_name(residence)}
    steps: list[Step] = []
    if insured:
        if len(lines) > 1:
            steps.append(Step("double", {"schemes": " / ".join(sorted({ln.scheme for ln in lines})),
                                         **where}))
        if any(ln.status == "suspended" for ln in lines):
            steps.append(Step("suspended", where))
        steps.append(Step("covered"))
        return steps
    profile = reg.profile
    if not in_target:
        g = profile.groups.get(group)
        if g is not None and g.only_employment_types:
            return [Step("employees_only", {"group": group})]
        return [Step("not_target")]
    resident = [s for s, sc in profile.schemes.items()
                if sc.group == group and sc.kind == "resident"]
    if employee:
        steps.append(Step("employer_must_enrol", {"group": group}))
    if resident:
        steps.append(Step("enrol_resident", {"scheme": resident[0], **where}))
    elif not employee:
        steps.append(Step("employees_only", {"group": group}))
    steps.append(Step("hotline"))
    return steps
