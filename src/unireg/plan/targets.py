"""Next year's extension targets per region and scheme group (docs/reports.md, "The plan").

For one region and group, with ``T`` the target population, ``I`` its insured,
``U_k`` its uninsured whose inferred reason is ``k`` (so ``I + Σ U_k = T``)
and ``t`` the coverage target:

- ``gap = max(0, ⌈t·T⌉ − I)``: persons to enrol to reach the target;
- ``reach = Σ w_k·U_k``: enrolments to expect in a year if field teams contact
  every uninsured person, where ``w_k`` (:data:`REASON_WEIGHTS`) is the share
  of people with reason ``k`` expected to enrol once contacted;
- ``target = min(gap, ⌊reach⌋)``: the extension target for the year;
- ``shortfall = gap − target``: what outreach alone is not expected to close
  (it needs subsidies, enforcement or time);
- the target is split over reasons in proportion to ``w_k·U_k`` (largest
  remainders), and ``contacts_k = min(U_k, ⌈target_k / w_k⌉)`` are the
  persons to visit for it.

>>> t = extension_target(1000, 900, 0.95, {"unaware": 60, "unwilling": 40})
>>> t.gap, t.reach, t.target, t.shortfall
(50, 52.0, 50, 0)
>>> t.by_reason["unaware"], t.by_reason["unwilling"], t.contacts["unaware"]
(46, 4, 58)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from unireg.errors import ConfigError

# Expected share of the uninsured with a reason who enrol within a year once
# contacted. Policy defaults; override with make_plan(weights=...).
REASON_WEIGHTS: dict[str, float] = {
    "employer_not_enrolled": 0.9,  # the employer must enrol them: labour inspection enforces it
    "unaware": 0.8,                # information is enough for most
    "recently_moved": 0.7,         # a transfer or a new enrolment where they live now
    "other": 0.5,
    "cannot_afford": 0.3,          # needs a contribution subsidy
    "unwilling": 0.1,
    "enrolled_elsewhere": 0.0,     # to be verified, not enrolled again
}
DEFAULT_WEIGHT = 0.5  # a reason missing from the table


@dataclass(frozen=True)
class Target:
    """The extension target of one region and group."""

    target_pop: int
    insured: int
    rate_target: float
    uninsured: int
    goal: int
    gap: int
    reach: float
    target: int
    shortfall: int
    by_reason: dict[str, int] = field(default_factory=dict)
    contacts: dict[str, int] = field(default_factory=dict)


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """The weights as floats in [0, 1]; :class:`ConfigError` naming the bad one."""
    out = {}
    for reason, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, int | float) or not 0 <= w <= 1:
            raise ConfigError(f"plan weight {reason}={w!r}: expected a share between 0 and 1")
        out[reason] = float(w)
    return out


def largest_remainder(total: int, shares: Mapping[str, float]) -> dict[str, int]:
    """Split the whole number ``total`` in proportion to ``shares`` (sums exactly to ``total``).

    Ties go to the larger share, then to the key in alphabetical order.

    >>> largest_remainder(10, {"a": 1, "b": 1, "c": 1})
    {'a': 4, 'b': 3, 'c': 3}
    >>> largest_remainder(0, {"a": 1})
    {'a': 0}
    """
    weight = sum(shares.values())
    if total <= 0 or weight <= 0:
        return dict.fromkeys(shares, 0)
    exact = {k: total * v / weight for k, v in shares.items()}
    out = {k: math.floor(v) for k, v in exact.items()}
    left = total - sum(out.values())
    order = sorted(shares, key=lambda k: (-(exact[k] - out[k]), -shares[k], k))
    for k in order[:left]:
        out[k] += 1
    return out


def extension_target(target_pop: int, insured: int, rate_target: float,
                     uninsured_by_reason: Mapping[str, int],
                     weights: Mapping[str, float] | None = None) -> Target:
    """The year's extension target for one region and group (see the module docstring).

    >>> extension_target(100, 97, 0.95, {"unaware": 3}).gap
    0
    >>> extension_target(100, 50, 0.95, {"enrolled_elsewhere": 50}).shortfall
    45
    """
    if not 0 < rate_target <= 1:
        raise ConfigError(f"coverage target {rate_target!r}: expected a share in (0, 1], "
                          "e.g. 0.95")
    w = REASON_WEIGHTS if weights is None else weights
    uninsured = sum(uninsured_by_reason.values())
    # ⌈t·T⌉ with a tolerance for binary fractions (0.95 * 100 = 95.00000000000001)
    goal = math.ceil(round(rate_target * target_pop, 9))
    gap = max(0, goal - insured)
    expected = {k: w.get(k, DEFAULT_WEIGHT) * n for k, n in uninsured_by_reason.items()}
    reach = round(sum(expected.values()), 6)
    target = min(gap, math.floor(reach + 1e-9))
    by_reason = largest_remainder(target, expected)
    contacts = {}
    for k, n in by_reason.items():
        wk = w.get(k, DEFAULT_WEIGHT)
        contacts[k] = 0 if n == 0 else min(uninsured_by_reason[k], math.ceil(n / wk - 1e-9))
    return Target(target_pop=target_pop, insured=insured, rate_target=rate_target,
                  uninsured=uninsured, goal=goal, gap=gap, reach=reach, target=target,
                  shortfall=gap - target, by_reason=by_reason, contacts=contacts)


LEVELS = ("nation", "province", "prefecture", "county")


def region_figures_sql() -> str:
    """Per level, region and group: target population, insured in it, uninsured by reason.

    The regions are those of ``coverage_summary`` (residence region at every
    level); ``reasons`` is a list of (reason, count) structs.
    """
    levels = {
        "county": "s.residence_region",
        "prefecture": "substr(s.residence_region, 1, 4) || '00'",
        "province": "substr(s.residence_region, 1, 2) || '0000'",
        "nation": "'100000'",
    }
    parts = [f"SELECT '{lv}' AS level, {expr} AS region, u.scheme_group, u.reason, "
             "count(*) AS n FROM uninsured u JOIN person_scope s ON s.person_key = u.person_key "
             f"GROUP BY ALL" for lv, expr in levels.items()]
    return f"""
WITH r AS ({' UNION ALL '.join(parts)}),
     rr AS (SELECT level, region, scheme_group,
                   list(struct_pack(reason := reason, n := n) ORDER BY reason) AS reasons
            FROM r GROUP BY ALL)
SELECT c.level, c.region, c.region_name, c.scheme_group, c.target AS target_pop,
       c.target_insured AS insured, c.target_rate AS rate, coalesce(rr.reasons, []) AS reasons
FROM coverage_summary c
LEFT JOIN rr ON rr.level = c.level AND rr.region = c.region AND rr.scheme_group = c.scheme_group
ORDER BY CASE c.level WHEN 'nation' THEN 0 WHEN 'province' THEN 1 WHEN 'prefecture' THEN 2
         ELSE 3 END, c.region, c.scheme_group"""


def target_rows(figures: list[dict[str, Any]], rate_target: float,
                weights: Mapping[str, float] | None = None,
                reasons: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """One plan row per region and group from :func:`region_figures_sql` rows.

    Rows above the county level also carry ``county_targets``: the sum of the
    targets of their counties (a county above the target does not offset one
    below it, so this can exceed the level's own target).
    """
    out = []
    for f in figures:
        by_reason = {r["reason"]: int(r["n"]) for r in f["reasons"]}
        t = extension_target(int(f["target_pop"]), int(f["insured"]), rate_target,
                             by_reason, weights)
        row: dict[str, Any] = {
            "level": f["level"], "region": f["region"], "region_name": f["region_name"],
            "scheme_group": f["scheme_group"], "target_pop": t.target_pop,
            "insured": t.insured,
            "rate": None if f["rate"] is None else round(float(f["rate"]), 6),
            "rate_target": rate_target, "goal": t.goal, "gap": t.gap,
            "uninsured": t.uninsured, "reach": t.reach, "target": t.target,
            "shortfall": t.shortfall,
        }
        for k in reasons or tuple(sorted(by_reason)):
            row[f"target_{k}"] = t.by_reason.get(k, 0)
        for k in reasons or tuple(sorted(by_reason)):
            row[f"contacts_{k}"] = t.contacts.get(k, 0)
        out.append(row)
    county_sum: dict[tuple[str, str, str], int] = {}
    for row in out:
        if row["level"] != "county":
            continue
        code, g = row["region"], row["scheme_group"]
        for level, key in (("prefecture", code[:4] + "00"), ("province", code[:2] + "0000"),
                           ("nation", "100000")):
            county_sum[(level, key, g)] = county_sum.get((level, key, g), 0) + row["target"]
    for row in out:
        row["county_targets"] = (row["target"] if row["level"] == "county" else
                                 county_sum.get((row["level"], row["region"],
                                                 row["scheme_group"]), 0))
    return out
