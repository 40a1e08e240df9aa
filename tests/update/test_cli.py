"""`unireg update`, `unireg coverage` and `unireg generate --events-year` from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from unireg.cli import main


def test_update_and_coverage(full_build, province: Path, events_file: Path,
                             tmp_path: Path) -> None:
    ws_full, _ = full_build
    ws = tmp_path / "ws"
    shutil.copytree(ws_full, ws)
    r = CliRunner().invoke(main, ["update", "-w", str(ws), str(events_file), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["skipped"] == [events_file.name]
    r = CliRunner().invoke(main, ["update", "-w", str(ws), str(province / "employer.csv")])
    assert r.exit_code == 2 and "update applies events" in r.output
    r = CliRunner().invoke(main, ["coverage", "-w", str(ws), "--as-of", "2018-06-30"])
    assert r.exit_code == 0, r.output
    assert "Coverage as of 2018-06-30" in r.output
    assert (ws / "as-of" / "2018-06-30" / "exports" / "coverage.parquet").is_file()
    r = CliRunner().invoke(main, ["coverage", "-w", str(ws), "--as-of", "June"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


def test_generate_events_only(province: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p"
    shutil.copytree(province, copy, ignore=shutil.ignore_patterns("events"))
    r = CliRunner().invoke(main, ["generate", str(copy), "--events-year", "2018",
                                  "--events-only", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["rows"] > 100
    assert (copy / "events" / "events-2018.csv").is_file()
