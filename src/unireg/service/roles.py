"""Roles, permissions and region scopes, as data (style.md #4).

Every user has one role and one region scope (a GB/T 2260 code; ``100000`` is
the whole country). A role is a set of permissions; a scope limits which
persons, cases and figures a permission reaches. A person is in a scope when
any region the registry knows for them (hukou, residence, the agencies of their
enrolments, their survey residence) lies in it.

>>> scope_prefix("440000"), scope_prefix("440300"), scope_prefix("440305"), scope_prefix(NATION)
('44', '4403', '440305', '')
>>> in_scope("440000", "440305"), in_scope("440305", "440306"), in_scope(NATION, None)
(True, False, True)
>>> ROLES["enumerator"].permissions
frozenset({'survey.write'})
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unireg.errors import ConfigError

NATION = "100000"  # GB/T 2260's code for the whole country (coverage_summary uses it too)

# Permissions of people (sessions) ...
DASHBOARD = "dashboard.read"      # aggregate coverage figures (no personal data)
PERSON_READ = "person.read"       # search persons, read a person's page
PERSON_UNMASK = "person.unmask"   # show a full ID number, with a stated purpose
CASE_READ = "case.read"           # work queues
CASE_DECIDE = "case.decide"       # act on a case
OUTREACH = "outreach.read"        # lists of the uninsured to visit
SURVEY_WRITE = "survey.write"     # enter household survey returns
SURVEY_EXPORT = "survey.export"   # export returns as a data-standard survey file
AUDIT_READ = "audit.read"         # browse and verify the audit trail
USERS_MANAGE = "users.manage"     # add, disable users; issue API tokens

# ... and scopes of API tokens (systems).
API_COVERAGE = "coverage:read"
API_SUMMARY = "summary:read"
API_EVENTS = "events:write"
API_SURVEYS = "surveys:write"
API_AUDIT = "audit:verify"
API_SCOPES = (API_COVERAGE, API_SUMMARY, API_EVENTS, API_SURVEYS, API_AUDIT)

_OFFICER = frozenset({DASHBOARD, PERSON_READ, PERSON_UNMASK, CASE_READ, CASE_DECIDE, OUTREACH,
                      SURVEY_EXPORT})
LEVELS = ("nation", "province", "prefecture", "county")


@dataclass(frozen=True)
class Role:
    code: str
    label_en: str
    label_zh: str
    permissions: frozenset[str]
    levels: tuple[str, ...]  # scope levels this role may have
    home: str  # the page a user of this role lands on


ROLES: dict[str, Role] = {r.code: r for r in (
    Role("national_officer", "National officer", "国家级经办人员", _OFFICER, ("nation",),
         "/dashboard"),
    Role("provincial_officer", "Provincial officer", "省级经办人员", _OFFICER, ("province",),
         "/dashboard"),
    Role("county_officer", "County officer", "县级经办人员", _OFFICER, ("prefecture", "county"),
         "/dashboard"),
    Role("enumerator", "Enumerator", "入户调查员", frozenset({SURVEY_WRITE}), LEVELS,
         "/survey/new"),
    Role("auditor", "Auditor", "审计人员", frozenset({AUDIT_READ}), LEVELS, "/audit"),
    Role("administrator", "Administrator", "系统管理员", frozenset({USERS_MANAGE}), LEVELS,
         "/admin/users"),
)}

_CODE = re.compile(r"[0-9]{6}")


def scope_level(code: str) -> str:
    """``nation``, ``province``, ``prefecture`` or ``county`` for a scope code."""
    if code == NATION:
        return "nation"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def scope_prefix(code: str) -> str:
    """The region-code prefix every region inside ``code`` starts with ('' = everywhere)."""
    level = scope_level(code)
    return {"nation": "", "province": code[:2], "prefecture": code[:4]}.get(level, code)


def in_scope(scope: str, region: str | None) -> bool:
    """Whether ``region`` lies inside ``scope`` (an unknown region only in the national scope)."""
    prefix = scope_prefix(scope)
    if not prefix:
        return True
    return bool(region) and str(region).startswith(prefix)


def scope_within(inner: str, outer: str) -> bool:
    """Whether the whole of scope ``inner`` lies inside scope ``outer``."""
    return scope_prefix(inner).startswith(scope_prefix(outer))


def check_scope(role: str, scope: str) -> None:
    """Raise ConfigError unless ``role`` exists and may have a scope ``scope``."""
    if role not in ROLES:
        raise ConfigError(f"role = {role!r}: expected one of {', '.join(ROLES)}")
    if not _CODE.fullmatch(scope):
        raise ConfigError(f"scope = {scope!r}: expected a six-digit region code "
                          f"(GB/T 2260; {NATION} for the whole country)")
    if scope != NATION:
        from unireg.rules.regions import region_table

        region = region_table().get(scope)
        if region is None or region.abolished is not None:
            raise ConfigError(f"scope = {scope!r}: not a region code in force")
    level = scope_level(scope)
    allowed = ROLES[role].levels
    if level not in allowed:
        raise ConfigError(f"scope = {scope!r} is a {level}; a {role} has a scope at level "
                          f"{' or '.join(allowed)}")


def has(role: str, permission: str) -> bool:
    """Whether a role grants a permission (False for an unknown role)."""
    r = ROLES.get(role)
    return r is not None and permission in r.permissions
