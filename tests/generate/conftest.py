"""Generated provinces shared by the generator tests (fixed seeds, small sizes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

REF = dt.date(2017, 12, 31)


def _generate(tmp_path_factory: pytest.TempPathFactory, name: str, **kw: object) -> Path:
    from unireg.generate import generate

    out = tmp_path_factory.mktemp(name) / "delivery"
    generate(out, reference_date=REF, **kw)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="session")
def gen_clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 persons, no record errors (findings at their default rates)."""
    return _generate(tmp_path_factory, "gen-clean", persons=20_000, seed=21, errors="none")


@pytest.fixture(scope="session")
def gen_heavy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12,000 persons with the heavy error profile, in three chunks."""
    return _generate(tmp_path_factory, "gen-heavy", persons=12_000, seed=22, errors="heavy",
                     chunk_size=5_000)
