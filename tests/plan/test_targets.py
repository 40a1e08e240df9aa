"""The plan's gap formula (unireg.plan.targets): pure functions, no database."""

from __future__ import annotations

import doctest
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unireg.errors import ConfigError
from unireg.plan import groups, outreach, progress, targets
from unireg.plan.targets import REASON_WEIGHTS, extension_target, largest_remainder


@pytest.mark.parametrize("module", [targets, groups, outreach, progress])
def test_doctests(module) -> None:  # type: ignore[no-untyped-def]
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def test_gap_is_the_persons_missing_to_reach_the_target() -> None:
    t = extension_target(1000, 900, 0.95, {"unaware": 100})
    assert (t.goal, t.gap) == (950, 50)
    assert t.reach == pytest.approx(80.0)  # 0.8 × 100
    assert (t.target, t.shortfall) == (50, 0)
    assert t.by_reason == {"unaware": 50}
    assert t.contacts == {"unaware": 63}  # ⌈50 / 0.8⌉


def test_goal_rounds_up_and_tolerates_binary_fractions() -> None:
    # 0.95 × 100 is 95.00000000000001 in floating point: the goal is 95, not 96
    assert extension_target(100, 0, 0.95, {"unaware": 100}).goal == 95
    assert extension_target(101, 0, 0.95, {"unaware": 101}).goal == 96  # 95.95 → 96


def test_region_above_target_has_no_gap() -> None:
    t = extension_target(100, 99, 0.95, {"unwilling": 1})
    assert (t.gap, t.target, t.shortfall) == (0, 0, 0)
    assert t.by_reason == {"unwilling": 0}


def test_target_is_capped_by_what_outreach_can_reach() -> None:
    # 100 uninsured, all unwilling (w = 0.1): 10 expected; the gap is 95
    t = extension_target(100, 0, 0.95, {"unwilling": 100})
    assert (t.gap, t.reach, t.target, t.shortfall) == (95, 10.0, 10, 85)
    assert t.contacts == {"unwilling": 100}


def test_target_split_by_weighted_reasons() -> None:
    # weights: employer 0.9 × 100 = 90, cannot_afford 0.3 × 100 = 30 → 3 : 1
    t = extension_target(1000, 800, 0.9, {"employer_not_enrolled": 100, "cannot_afford": 100})
    assert t.gap == 100 and t.target == 100
    assert t.by_reason == {"employer_not_enrolled": 75, "cannot_afford": 25}
    assert t.contacts == {"employer_not_enrolled": 84, "cannot_afford": 84}


def test_enrolled_elsewhere_gets_no_target() -> None:
    t = extension_target(100, 50, 0.95, {"enrolled_elsewhere": 40, "unaware": 10})
    assert t.by_reason["enrolled_elsewhere"] == 0
    assert t.target == 8  # ⌊0.8 × 10⌋


def test_custom_weights_and_unknown_reasons() -> None:
    t = extension_target(100, 0, 1.0, {"unwilling": 10, "new_reason": 10},
                         {"unwilling": 1.0})
    assert t.reach == pytest.approx(15.0)  # unknown reason: DEFAULT_WEIGHT 0.5


@pytest.mark.parametrize("bad", [0, -0.1, 1.5])
def test_bad_target_is_refused(bad: float) -> None:
    with pytest.raises(ConfigError, match="coverage target"):
        extension_target(100, 0, bad, {})


def test_weights_are_checked() -> None:
    assert targets.check_weights({"unaware": 1}) == {"unaware": 1.0}
    with pytest.raises(ConfigError, match="unwilling=2"):
        targets.check_weights({"unwilling": 2})


def test_default_weights_cover_the_code_list() -> None:
    from unireg.rules.profile import load_profile

    assert set(load_profile("cn").codes_of("reason_uninsured")) == set(REASON_WEIGHTS)


@given(st.integers(0, 10_000), st.dictionaries(st.sampled_from("abcdef"),
                                               st.integers(0, 1000), min_size=1))
def test_largest_remainder_sums_exactly(total: int, shares: dict[str, int]) -> None:
    out = largest_remainder(total, shares)
    if sum(shares.values()) == 0:
        assert set(out.values()) == {0}
    else:
        assert sum(out.values()) == total
        for k, v in out.items():  # never more than one away from the exact share
            assert abs(v - total * shares[k] / sum(shares.values())) < 1


@given(st.integers(1, 5000), st.data())
def test_target_invariants(target_pop: int, data: st.DataObject) -> None:
    insured = data.draw(st.integers(0, target_pop))
    reasons = list(REASON_WEIGHTS)
    left = target_pop - insured
    counts: dict[str, int] = {}
    for r in reasons[:-1]:
        n = data.draw(st.integers(0, left))
        counts[r], left = n, left - n
    counts[reasons[-1]] = left
    rate = data.draw(st.floats(0.01, 1.0))
    t = extension_target(target_pop, insured, rate, counts)
    assert t.uninsured == target_pop - insured
    assert 0 <= t.target <= t.gap <= t.uninsured
    assert t.target <= math.floor(t.reach + 1e-6)
    assert t.gap + t.insured >= t.goal or t.gap == 0
    assert sum(t.by_reason.values()) == t.target
    for k, n in t.by_reason.items():
        assert 0 <= t.contacts[k] <= counts[k]
        assert n <= counts[k]
