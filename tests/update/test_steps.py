"""The events stage as SQL: pure, portable to Spark, and in the build in the right place."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from unireg.engine.dialects import transpile
from unireg.pipeline.steps import OUTPUT_TABLES, build_steps
from unireg.rules.profile import load_profile
from unireg.update.steps import EVENT_TABLES, event_steps

PROFILE = load_profile("cn")
STEPS = event_steps(PROFILE)
# DuckDB-only constructs the pipeline must not use (the Spark engine transpiles the rest).
NOT_PORTABLE = [r"\bEXCLUDE\b", r"\bQUALIFY\b", r"->", r"\bcount\s*\(\s*DISTINCT[^)]*\)\s*OVER",
                r"\blist_transform\b", r"\blist_filter\b", r"\barg_max\b", r"\bUSING\s*\("]


@pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])
def test_step_is_portable(step) -> None:  # type: ignore[no-untyped-def]
    for pattern in NOT_PORTABLE:
        assert not re.search(pattern, step.sql, re.IGNORECASE), (step.name, pattern)
    assert transpile(step.sql, "spark").strip()


def test_event_stage_in_the_build() -> None:
    names = [s.name for s in build_steps(PROFILE, dt.date(2018, 12, 31))]
    assert names.index("registry.surveys") < names.index("events.records")
    assert names.index("events.links") < names.index("coverage.scope")
    outputs = {s.output for s in STEPS}
    assert set(EVENT_TABLES) <= outputs | {"persons", "enrolments", "employment"}
    assert set(EVENT_TABLES) <= set(OUTPUT_TABLES)  # brought back from Spark too
