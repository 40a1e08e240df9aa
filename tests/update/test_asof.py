"""Coverage as of a date, from the history, is what a build on that date says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unireg.pipeline.build import build
from unireg.update.asof import coverage_as_of

from .helpers import delivery_with, digests, settings_on

ON_DATE = ("coverage.parquet", "coverage_summary.parquet", "coverage_cuts.parquet",
           "multiple_affiliation.parquet", "deceased_active.parquet", "uninsured.parquet")


@pytest.mark.parametrize("on", [dt.date(2017, 12, 31), dt.date(2018, 6, 30)])
def test_as_of_equals_a_build_on_that_date(province: Path, events_file: Path, full_build,
                                           tmp_path: Path, on: dt.date) -> None:
    ws_full, summary = full_build
    asof = coverage_as_of(ws_full, on, settings_on(None), tmp_path / "asof")
    ws = tmp_path / "ws"
    build(delivery_with(province, tmp_path / "d", events_file), ws, settings_on(on))
    got, want = digests(Path(asof.out) / "exports"), digests(ws / "exports")
    assert {n: got[n] for n in ON_DATE} == {n: want[n] for n in ON_DATE}
    # persons as of the date: only those who existed then (no one born later)
    assert asof.persons < summary.persons


def test_as_of_the_reference_date_is_the_registry(full_build, tmp_path: Path) -> None:
    ws_full, summary = full_build
    asof = coverage_as_of(ws_full, dt.date.fromisoformat(summary.reference_date),
                          settings_on(None), tmp_path / "asof")
    assert digests(Path(asof.out) / "exports") == digests(ws_full / "exports")
