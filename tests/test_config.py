"""Settings (unireg.config): environment, then file, then defaults; overrides win."""

from __future__ import annotations

import datetime as dt
import doctest
from collections.abc import Callable
from pathlib import Path

import pytest

from unireg import config
from unireg.config import Settings, load_settings
from unireg.errors import ConfigError

WriteToml = Callable[[str], Path]


@pytest.fixture
def toml(tmp_path: Path) -> WriteToml:
    """Write ``unireg.toml`` in a fresh folder and return its path."""
    def write(text: str) -> Path:
        path = tmp_path / "unireg.toml"
        path.write_text(text, encoding="utf-8")
        return path
    return write


def test_defaults() -> None:
    s = load_settings(env={}, file=None)
    assert s == Settings()
    assert (s.profile, s.engine, s.reference_date, s.threads) == ("cn", "duckdb", None, 0)


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(env={}, file=tmp_path / "absent.toml") == Settings()


def test_file_beats_defaults(toml: WriteToml) -> None:
    path = toml('threads = 4\nreference_date = 2024-06-30\nlink_upper = 0.99\n'
                'memory_limit = "16GB"\n')
    s = load_settings(env={}, file=path)
    assert (s.threads, s.reference_date, s.link_upper, s.memory_limit) == (
        4, dt.date(2024, 6, 30), 0.99, "16GB")
    assert s.engine == "duckdb"  # untouched keys keep their default


def test_env_beats_file(toml: WriteToml) -> None:
    path = toml('threads = 4\nengine = "duckdb"\n')
    s = load_settings(env={"UNIREG_THREADS": "8", "UNIREG_ENGINE": "spark"}, file=path)
    assert (s.threads, s.engine) == (8, "spark")


def test_overrides_beat_everything(toml: WriteToml) -> None:
    path = toml("threads = 4\n")
    s = load_settings(env={"UNIREG_THREADS": "8"}, file=path, threads=2,
                      reference_date=dt.date(2020, 1, 1))
    assert (s.threads, s.reference_date) == (2, dt.date(2020, 1, 1))


def test_none_override_means_not_given(toml: WriteToml) -> None:
    s = load_settings(env={"UNIREG_THREADS": "8"}, file=toml("threads = 4\n"), threads=None)
    assert s.threads == 8


def test_other_environment_variables_are_ignored() -> None:
    assert load_settings(env={"HOME": "/root", "UNIREGX": "1"}, file=None) == Settings()


def test_env_values_are_typed() -> None:
    s = load_settings(env={"UNIREG_REFERENCE_DATE": "2024-02-29", "UNIREG_LINK_LOWER": "0.5",
                           "UNIREG_THREADS": " 3 "}, file=None)
    assert (s.reference_date, s.link_lower, s.threads) == (dt.date(2024, 2, 29), 0.5, 3)


def test_empty_env_date_means_unset() -> None:
    assert load_settings(env={"UNIREG_REFERENCE_DATE": ""}, file=None).reference_date is None


# --- unknown keys -------------------------------------------------------------------------


def test_unknown_env_key_is_named() -> None:
    with pytest.raises(ConfigError, match="environment: unknown setting UNIREG_THREAD;"):
        load_settings(env={"UNIREG_THREAD": "4"}, file=None)


def test_unknown_file_key_is_named(toml: WriteToml) -> None:
    path = toml("thread = 4\n")
    with pytest.raises(ConfigError, match="unknown setting 'thread'") as exc:
        load_settings(env={}, file=path)
    assert str(path) in str(exc.value) and "threads" in str(exc.value)  # lists known keys


def test_file_section_is_an_unknown_key(toml: WriteToml) -> None:
    with pytest.raises(ConfigError, match="unknown setting 'link'"):
        load_settings(env={}, file=toml("[link]\nupper = 0.9\n"))


def test_unknown_override_is_named() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'engin'"):
        load_settings(env={}, file=None, engin="spark")


# --- bad values -------------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "match"), [
    ({"UNIREG_THREADS": "many"}, "environment: setting UNIREG_THREADS = 'many': expected a whole"),
    ({"UNIREG_THREADS": "1.5"}, "UNIREG_THREADS = '1.5'"),
    ({"UNIREG_THREADS": "-1"}, "threads = -1"),
    ({"UNIREG_LINK_UPPER": "high"}, "UNIREG_LINK_UPPER = 'high': expected a number"),
    ({"UNIREG_REFERENCE_DATE": "2023-02-29"}, "UNIREG_REFERENCE_DATE = '2023-02-29'"),
    ({"UNIREG_REFERENCE_DATE": "30/06/2024"}, "expected a date YYYY-MM-DD"),
    ({"UNIREG_ENGINE": "postgres"}, "engine = 'postgres': expected one of duckdb, spark"),
    ({"UNIREG_LINK_LOWER": "0.9", "UNIREG_LINK_UPPER": "0.8"},
     "link_lower = 0.9, link_upper = 0.8"),
    ({"UNIREG_LINK_UPPER": "1.5"}, "link_upper = 1.5"),
    ({"UNIREG_LOG_LEVEL": "LOUD"}, "log_level = 'LOUD'"),
])
def test_bad_env_values_are_named(env: dict[str, str], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        load_settings(env=env, file=None)


@pytest.mark.parametrize(("text", "match"), [
    ('threads = "four"', "setting threads = 'four'"),
    ("threads = 1.5", "setting threads = 1.5: expected a whole number"),
    ("threads = true", "setting threads = True"),
    ("link_upper = true", "setting link_upper = True"),
    ("engine = 1", "setting engine = 1: expected text"),
    ('engine = "spork"', "engine = 'spork'"),
    ("reference_date = 2024-06-30T10:00:00", "setting reference_date"),
    ('reference_date = "yesterday"', "setting reference_date = 'yesterday'"),
    ("threads = ", "unireg.toml"),  # not TOML at all: the file is named
])
def test_bad_file_values_are_named(toml: WriteToml, text: str, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        load_settings(env={}, file=toml(text + "\n"))


def test_file_errors_say_which_file(toml: WriteToml) -> None:
    path = toml('threads = "four"\n')
    with pytest.raises(ConfigError) as exc:
        load_settings(env={}, file=path)
    assert str(exc.value).startswith(f"{path}: ")


def test_bad_override_is_named() -> None:
    with pytest.raises(ConfigError, match="option: setting threads = 'x'"):
        load_settings(env={}, file=None, threads="x")


def test_engine_choice_is_checked_on_the_object() -> None:
    assert Settings(engine="spark").engine == "spark"
    with pytest.raises(ConfigError, match="engine = 'sqlite'"):
        Settings(engine="sqlite")


def test_with_replaces_and_revalidates() -> None:
    s = Settings().with_(threads=3, engine=None)
    assert (s.threads, s.engine) == (3, "duckdb")
    with pytest.raises(ConfigError, match="engine"):
        Settings().with_(engine="oracle")


def test_reads_the_real_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIREG_THREADS", "5")
    assert load_settings(file=None).threads == 5


def test_doctests() -> None:
    result = doctest.testmod(config)
    assert result.attempted >= 2 and result.failed == 0
