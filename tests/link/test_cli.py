"""`unireg link`: review (IDs masked), decide, unmerge, report."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from unireg.cli import main
from unireg.pipeline.workspace import connect

FULL_ID = re.compile(r"\b\d{17}[\dX]\b")


@pytest.fixture()
def ws(heavy_build, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    src, _ = heavy_build
    dst = tmp_path / "ws"
    shutil.copytree(src, dst)
    return dst


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["link", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_review_lists_cases_with_masked_ids(ws: Path) -> None:
    out = run("review", "-w", str(ws), "--limit", "20")
    assert "case=" in out and "reason=" in out
    assert not FULL_ID.search(out)
    cases = json.loads(run("review", "-w", str(ws), "--json", "--limit", "5"))
    assert len(cases) == 5 and {"case", "best_candidate", "score"} <= set(cases[0])
    one = json.loads(run("review", "-w", str(ws), "--json", "--case", cases[0]["case"]))
    assert one[0]["rank"] == "record" and len(one) >= 2
    assert not FULL_ID.search(json.dumps(one))
    frame = json.loads(run("review", "-w", str(ws), "--frame", "--json"))
    assert isinstance(frame, list)


def test_decide_records_who_and_why(ws: Path) -> None:
    case = json.loads(run("review", "-w", str(ws), "--json", "--limit", "1"))[0]["case"]
    out = run("decide", "-w", str(ws), case, "link", "--candidate", "1", "--by", "li.na",
              "--reason", "same address", "--no-rebuild")
    assert f"recorded link for {case}" in out
    con = connect(ws / "registry.duckdb")
    rows = con.execute("SELECT decision, method, decided_by, reason FROM link_decisions "
                       "WHERE method = 'clerical'").fetchall()
    con.close()
    assert rows == [("link", "clerical", "li.na", "same address")]


def test_unmerge_refuses_links_by_id(ws: Path) -> None:
    con = connect(ws / "registry.duckdb")
    source, ref = con.execute("SELECT _source, _row_ref FROM link_records WHERE method = 'id' "
                              "LIMIT 1").fetchone()  # type: ignore[misc]
    con.close()
    result = CliRunner().invoke(main, ["link", "unmerge", "-w", str(ws), "--record",
                                       f"{source}:{ref}", "--by", "x", "--reason", "y"])
    assert result.exit_code == 2
    assert "only probabilistic and clerical links can be unmerged" in result.output


def test_report_prints_outcomes_and_accuracy(ws: Path, heavy_province: Path) -> None:
    out = run("report", "-w", str(ws), "--truth", str(heavy_province / "truth"))
    assert "records by link method" in out and "accuracy no_usable_id" in out
    rep = json.loads(run("report", "-w", str(ws), "--json"))
    assert rep["records"]["probabilistic"] > 0


def test_errors_say_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["link", "review", "-w", str(tmp_path)])
    assert result.exit_code == 2 and "run `unireg build` first" in result.output
