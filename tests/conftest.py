"""Shared fixtures: generated provinces (fixed seeds) and the registries built from them.

Session-scoped so each pytest worker generates and builds once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

REF = dt.date(2017, 12, 31)


def _settings(**kw: object):  # type: ignore[no-untyped-def]
    from unireg.config import load_settings

    return load_settings(env={}, file=None, reference_date=REF, **kw)


@pytest.fixture(scope="session")
def settings():  # type: ignore[no-untyped-def]
    return _settings()


@pytest.fixture(scope="session")
def clean_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 persons, no injected errors."""
    from unireg.generate import generate

    out = tmp_path_factory.mktemp("clean") / "delivery"
    generate(out, persons=3000, seed=11, reference_date=REF, errors="none")
    return out


@pytest.fixture(scope="session")
def noisy_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 persons with the default error rates."""
    from unireg.generate import generate

    out = tmp_path_factory.mktemp("noisy") / "delivery"
    generate(out, persons=5000, seed=12, reference_date=REF, errors="default")
    return out


@pytest.fixture(scope="session")
def clean_build(clean_province: Path, tmp_path_factory: pytest.TempPathFactory, settings):  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    ws = tmp_path_factory.mktemp("ws-clean")
    return ws, build(clean_province, ws, settings)


@pytest.fixture(scope="session")
def noisy_build(noisy_province: Path, tmp_path_factory: pytest.TempPathFactory, settings):  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    ws = tmp_path_factory.mktemp("ws-noisy")
    return ws, build(noisy_province, ws, settings)
