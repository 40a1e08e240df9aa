"""The linkage steps are pure: they can be read, and translated for Spark, without a database."""

from __future__ import annotations

import numpy as np
import pytest

from unireg.engine.dialects import transpile
from unireg.link import decisions, frame_duplicates, inputs, outcomes

STEPS = [
    inputs.unresolved_step(), inputs.known_step(), inputs.known_step(id_scheme="other"),
    inputs.names_step(), inputs.splink_input_step("records"),
    inputs.splink_input_step("persons"),
    outcomes.candidates_step(0.9, 1000), outcomes.outcomes_step(0.995, 0.8),
    outcomes.clusters_step(), outcomes.records_step(), outcomes.review_candidates_step(),
    outcomes.review_queue_step(), decisions.decisions_step(),
    frame_duplicates.frame_duplicates_step(),
]


@pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])
def test_step_translates_to_spark(step) -> None:  # type: ignore[no-untyped-def]
    assert step.stage == "link"
    assert step.sql.lstrip().upper().startswith(("SELECT", "WITH"))
    assert transpile(step.sql, "spark")


def test_step_names_and_outputs_are_unique() -> None:
    names = [s.name for s in STEPS if s.name != "link.known"]
    assert len(names) == len(set(names))


def test_splink_input_side_is_checked() -> None:
    with pytest.raises(ValueError, match="records or persons"):
        inputs.splink_input_step("frame")


def test_rho_recovers_the_share_of_records_with_a_known_person() -> None:
    rng = np.random.default_rng(1)
    n_persons = 1_000_000
    known = 10 ** rng.uniform(8, 12, 800)        # a strong candidate: bf >> N
    unknown = 10 ** rng.uniform(-3, 2, 200)      # only weak, chance candidates
    rho = outcomes.estimate_rho(np.r_[known, unknown], 1000, n_persons)
    assert rho == pytest.approx(0.8, abs=0.01)
    assert outcomes.estimate_rho(np.array([]), 0, n_persons) == outcomes.RHO_START


def test_rho_is_the_same_for_the_same_inputs() -> None:
    t = np.array([1e9, 3e7, 5.0, 1e12])
    assert outcomes.estimate_rho(t, 5, 10_000) == outcomes.estimate_rho(t.copy(), 5, 10_000)
