"""`unireg build` and `unireg demo` as a user runs them: summary, --json, --quiet, --csv,
the progress bars, and the errors (issue #3, item 9)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from unireg.cli import main
from unireg.cli.build import STAGES, _reporter, steps_per_stage

REF = "2017-12-31"


@pytest.fixture(scope="module")
def delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 persons with the default error rates (quarantined and re-delivered records)."""
    from unireg.generate import generate

    out = tmp_path_factory.mktemp("cli-build") / "delivery"
    generate(out, persons=2000, seed=5, reference_date=dt.date.fromisoformat(REF))
    return out


@pytest.fixture(scope="module")
def built(delivery: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A workspace built with `--json`, and the JSON it printed."""
    ws = tmp_path_factory.mktemp("cli-json") / "ws"
    result = CliRunner().invoke(main, ["build", str(delivery), "-w", str(ws),
                                       "--reference-date", REF, "--json"])
    assert result.exit_code == 0, result.output
    return ws, json.loads(result.output)


def _count(path: Path, where: str = "TRUE") -> int:
    return _scalar(f"SELECT count(*) FROM read_parquet('{path}') WHERE {where}")


def _scalar(sql: str) -> int:
    with duckdb.connect() as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_json_counts_are_the_registry_s(built: tuple[Path, dict[str, Any]]) -> None:
    ws, s = built
    ex = ws / "exports"
    assert s["reference_date"] == REF and s["engine"] == "duckdb"
    assert s["rows_read"] == s["accepted"] + s["quarantined"] + s["redelivered"]
    assert s["quarantined"] > 0 and s["redelivered"] > 0  # the default error rates
    assert s["persons"] == _count(ex / "persons.parquet")
    assert s["quarantined"] == _count(ex / "quarantine.parquet")
    assert s["uninsured"] == _count(ex / "uninsured.parquet")
    assert s["multiple_affiliation"] == _count(ex / "multiple_affiliation.parquet")
    assert s["deceased_active"] == _count(ex / "deceased_active.parquet")
    assert s["files"] == _count(ex / "reconciliation.parquet", "balanced")
    assert sorted(s["coverage"]) == ["maternity", "medical", "old_age", "unemployment",
                                     "work_injury"]
    for group, c in s["coverage"].items():
        assert c["in_scope"] == s["in_scope"]
        assert c["insured"] == _count(ex / "coverage.parquet",
                                      f"scheme_group = '{group}' AND insured")
        assert c["rate"] == pytest.approx(c["insured"] / c["in_scope"], abs=1e-6)
    assert set(s["stage_seconds"]) >= set(STAGES)
    assert s["exports"]["persons"] == s["persons"]


def test_plain_run_prints_the_summary(delivery: Path, built: tuple[Path, dict[str, Any]],
                                      tmp_path: Path) -> None:
    _, s = built
    result = CliRunner().invoke(main, ["build", str(delivery), "-w", str(tmp_path / "ws"),
                                       "--reference-date", REF])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # rich wraps long lines
    assert f"unireg build {s['build_id']}" in out  # the same inputs, the same build id
    assert (f"{s['rows_read']:,} rows read = {s['accepted']:,} accepted + "
            f"{s['quarantined']:,} quarantined + {s['redelivered']:,} re-delivered") in out
    assert f"persons {s['persons']:,}" in out
    for group, c in s["coverage"].items():
        assert group in out and f"{c['insured']:,}" in out
    assert f"multiple affiliation cases {s['multiple_affiliation']:,}" in out
    assert f"exports: {tmp_path / 'ws' / 'exports'}" in out


def test_quiet_prints_nothing_and_csv_matches_parquet(delivery: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = CliRunner().invoke(main, ["build", str(delivery), "-w", str(ws),
                                       "--reference-date", REF, "--quiet", "--csv"])
    assert result.exit_code == 0 and result.output == ""
    parquets = sorted((ws / "exports").glob("*.parquet"))
    assert len(parquets) >= 10
    for pq in parquets:
        csv = pq.with_suffix(".csv")
        assert csv.exists(), csv.name
        n = _scalar(f"SELECT count(*) FROM read_csv('{csv}', all_varchar=true)")
        assert n == _count(pq), pq.name


def test_progress_has_a_bar_per_stage_and_finishes_them(delivery: Path, tmp_path: Path) -> None:
    from rich.console import Console
    from rich.progress import Progress

    from unireg.config import load_settings
    from unireg.pipeline.build import build

    settings = load_settings(env={}, file=None, reference_date=dt.date.fromisoformat(REF))
    per_stage = steps_per_stage(settings)
    screen = io.StringIO()
    with Progress(console=Console(file=screen, force_terminal=True, width=100)) as progress:
        build(delivery, tmp_path / "ws", settings, on_event=_reporter(progress, per_stage))
        tasks = {t.description: t for t in progress.tasks}
    assert set(STAGES) <= set(tasks)
    for name, task in tasks.items():
        assert task.total is not None and task.completed == task.total, name
    assert "ingest" in screen.getvalue() and "export" in screen.getvalue()


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["build", str(tmp_path / "nowhere"), "-w",
                                        str(tmp_path / "ws")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "notes.txt").write_text("not a delivery file\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(bad), "-w", str(tmp_path / "ws")])
    assert result.exit_code == 2
    assert "notes.txt" in result.output and "cannot tell the format" in result.output
    assert "Traceback" not in result.output
    date = CliRunner().invoke(main, ["build", str(bad), "-w", str(tmp_path / "ws"),
                                     "--reference-date", "31/12/2017"])
    assert date.exit_code == 2 and "use YYYY-MM-DD" in date.output
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = CliRunner().invoke(main, ["build", str(empty), "-w", str(tmp_path / "ws")])
    assert nothing.exit_code == 2 and "no data files" in nothing.output
    assert not (tmp_path / "ws" / "registry.duckdb").exists()


def test_empty_folder_rebuilds_from_the_earlier_deliveries(
        delivery: Path, built: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """A workspace keeps what it staged: an empty folder rebuilds from it (another date)."""
    ws = tmp_path / "ws"
    args = ["-w", str(ws), "--reference-date", "2018-06-30", "--json"]
    first = CliRunner().invoke(main, ["build", str(delivery), *args])
    empty = tmp_path / "empty"
    empty.mkdir()
    again = CliRunner().invoke(main, ["build", str(empty), *args])
    assert first.exit_code == 0 and again.exit_code == 0, again.output
    a, b = json.loads(first.output), json.loads(again.output)
    assert b["files"] == a["files"] == built[1]["files"] and b["persons"] == a["persons"]
    assert b["build_id"] == a["build_id"]


def test_demo_generates_builds_and_reports(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", str(ws), "--persons", "800", "--json"])
    assert result.exit_code == 0, result.output
    s = json.loads(result.output)
    assert s["persons"] == _count(ws / "exports" / "persons.parquet") > 700
    assert (ws / "delivery" / "truth").is_dir()
    assert list((ws / "reports").glob("report-*.html"))
