"""The checks of one record kind as SQL: one ``(field, rule, condition, message)`` each.

Pure functions of the field table (``fields.CHECKS``) and the country profile;
the conditions read a ``rec_<kind>`` row (see ``steps.py``), where ``_id18`` and
``_id_issue`` hold the normalised ID number and its problems.
"""

from __future__ import annotations

from dataclasses import dataclass

from unireg.engine.sql import in_list, literal, ym_ok, ymd_ok
from unireg.rules.employer_sql import sql_issue as employer_issue
from unireg.rules.employer_sql import sql_normalise as employer_normalise
from unireg.rules.profile import CountryProfile
from unireg.validate.fields import CHECKS, ECHO_FIELDS


@dataclass(frozen=True)
class Check:
    field: str
    rule: str
    condition: str  # SQL, true when the record breaks the rule
    message: str  # SQL expression giving the message
    echo: tuple[str, ...] = ()  # fields the message reads
    # (column, SQL) computed once per row before the conditions, which may read the column
    pre: tuple[tuple[str, str], ...] = ()
    # The field ``pre`` reads alone, if it does: then it is computed once per distinct value
    # (118K employer numbers in 23M enrolments at 10M: the normalisation and checksum per row
    # were half the CPU of the enrolment checks).
    pre_of: str = ""


def _echoes(field: str) -> tuple[str, ...]:
    return (field,) if field in ECHO_FIELDS else ()


def _echo(field: str, text: str) -> str:
    """A message naming the field; codes are echoed, personal values never are."""
    if field in ECHO_FIELDS:
        return f"{literal(field + ': ')} || {field} || {literal(' ' + text)}"
    return literal(f"{field}: {text}")


def code_values(profile: CountryProfile, code_list: str) -> tuple[str, ...]:
    if code_list == "scheme":
        return tuple(profile.schemes)
    return profile.codes_of(code_list)


def kind_checks(kind: str, profile: CountryProfile) -> list[Check]:
    """Every check that applies to a record of ``kind``."""
    spec = CHECKS[kind]
    out: list[Check] = []
    for f in spec.required:
        out.append(Check(f, "required", f"{f} IS NULL", literal(f"{f}: required, but empty")))
    for f, code_list in spec.codes.items():
        values = code_values(profile, code_list)
        out.append(Check(f, "code", f"{f} IS NOT NULL AND NOT {in_list(f, values)}",
                         _echo(f, "is not in the code list"), _echoes(f)))
    for f in spec.dates:
        out.append(Check(f, "date", f"{f} IS NOT NULL AND NOT {ymd_ok(f)}",
                         literal(f"{f}: not a real date in YYYY-MM-DD")))
    for f in spec.months:
        out.append(Check(f, "date", f"{f} IS NOT NULL AND NOT {ym_ok(f)}",
                         literal(f"{f}: not a month in YYYY-MM")))
    for f in spec.regions:
        out.append(Check(f, "region",
                         f"{f} IS NOT NULL AND {f} NOT IN (SELECT code FROM ref_regions)",
                         _echo(f, "is not a GB/T 2260 region code"), _echoes(f)))
    for f in spec.employers:
        issue_col = f"_issue_{f}"
        pre = ((issue_col, employer_issue(employer_normalise(f))),)
        for rule in ("employer.length", "employer.format", "employer.checksum"):
            out.append(Check(f, rule, f"{issue_col} = {literal(rule)}",
                             _echo(f, {"employer.length": "is not 18 characters long",
                                       "employer.format": "has characters GB 32100 does not allow",
                                       "employer.checksum": "has a wrong check character"}[rule]),
                             _echoes(f), pre, pre_of=f))
    for f in spec.numbers:
        out.append(Check(f, "number",
                         f"{f} IS NOT NULL AND NOT regexp_full_match({f}, '[0-9]+(\\.[0-9]+)?')",
                         literal(f"{f}: not a non-negative number")))
    for start, end in spec.order:
        out.append(Check(end, "date.order",
                         f"{start} IS NOT NULL AND {end} IS NOT NULL AND {ymd_ok(start)} AND "
                         f"{ymd_ok(end)} AND {end} < {start}",
                         literal(f"{end}: before {start}")))
    if spec.identity is not None:
        lacking = " OR ".join(f"{f} IS NULL" for f in spec.identity)
        out.append(Check("id_number", "identity.missing",
                         f"_id_issue IS NOT NULL AND ({lacking})",
                         "'id_number: ' || _id_issue || "
                         + literal(", and too little (name, birth date, sex) to find the person"),
                         ("_id_issue",)))
    return out
