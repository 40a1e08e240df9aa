"""Fixtures: a clean province with a generated year of events, and registries built from it.

Session-scoped so each pytest worker generates and builds once. The events go
to ``<province>/events/events-2018.csv`` (with their truth); ``full`` is a
delivery folder holding the province's files and the events file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import REF, YEAR_END, delivery_with, settings_on


@pytest.fixture(scope="session")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,500 persons without record errors, and a year (2018) of events, broken ones included."""
    from unireg.generate import generate, generate_events

    out = tmp_path_factory.mktemp("prov") / "delivery"
    generate(out, persons=2500, seed=21, reference_date=REF, errors="none")
    generate_events(out, 2018)
    return out


@pytest.fixture(scope="session")
def events_file(province: Path) -> Path:
    return province / "events" / "events-2018.csv"


@pytest.fixture(scope="session")
def full_build(province: Path, events_file: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The registry built from scratch from the deliveries and every event (end of 2018)."""
    from unireg.pipeline.build import build

    root = tmp_path_factory.mktemp("full")
    delivery = delivery_with(province, root / "delivery", events_file)
    ws = root / "ws"
    return ws, build(delivery, ws, settings_on(YEAR_END))


@pytest.fixture()
def built(province: Path, tmp_path: Path) -> Path:
    """The province built at the end of 2018 into a workspace of the test's own."""
    from unireg.pipeline.build import build

    ws = tmp_path / "ws"
    build(province, ws, settings_on(YEAR_END))
    return ws
