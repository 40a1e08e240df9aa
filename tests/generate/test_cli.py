"""`unireg generate` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from unireg.cli import main


def test_generate_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "gd"
    r = CliRunner().invoke(main, ["generate", str(out), "--persons", "1500", "--seed", "3",
                                  "--errors", "none"])
    assert r.exit_code == 0, r.output
    assert "Wrote a province of 1,500 persons (seed 3" in r.output
    lines = {ln.split()[0]: ln for ln in r.output.splitlines()[1:]}
    assert set(lines) >= {"population.csv", "survey.xlsx", "enrolment-med.parquet",
                          "truth/coverage"}
    rows = int(lines["population.csv"].split()[1].replace(",", ""))
    assert rows == pq.read_metadata(out / "truth/persons.parquet").num_rows - sum(
        1 for p in pq.read_table(out / "truth/persons.parquet").to_pylist() if not p["in_frame"])


def test_generate_json_and_rates(tmp_path: Path) -> None:
    out = tmp_path / "gd"
    r = CliRunner().invoke(main, ["generate", str(out), "--persons", "1200", "--json",
                                  "--errors", "none", "--error-rate", "name_typo=0.2",
                                  "--reference-date", "2016-06-30", "--province", "32"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["reference_date"] == "2016-06-30" and doc["province"] == "32"
    assert doc["noise"]["name_typo"]["rate"] == 0.2 and doc["noise"]["name_typo"]["injected"] > 0
    assert doc["noise"]["id_typo"]["injected"] == 0
    meta = json.loads((out / "truth/meta.json").read_text(encoding="utf-8"))
    assert meta["errors"] == "custom" and meta["reference_date"] == "2016-06-30"
    with (out / "population.csv").open(encoding="utf-8") as fh:
        next(fh)
        assert next(fh).split(",")[4].strip('"').startswith("32")  # Jiangsu hukou


def test_generate_errors_are_clear(tmp_path: Path) -> None:
    run = CliRunner().invoke
    r = run(main, ["generate", str(tmp_path / "x"), "--error-rate", "idtypo=0.1"])
    assert r.exit_code == 2 and "unknown error rate(s) idtypo" in r.output
    r = run(main, ["generate", str(tmp_path / "x"), "--error-rate", "id_typo"])
    assert r.exit_code == 2 and "expected NAME=VALUE" in r.output
    r = run(main, ["generate", str(tmp_path / "x"), "--errors", "wild"])
    assert r.exit_code == 2 and "not none, default or heavy" in r.output
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine", encoding="utf-8")
    r = run(main, ["generate", str(tmp_path / "busy"), "--persons", "100", "--quiet"])
    assert r.exit_code == 2 and "not empty" in r.output
    assert (tmp_path / "busy" / "notes.txt").read_text(encoding="utf-8") == "mine"
    r = run(main, ["generate", str(tmp_path / "q"), "--persons", "300", "--quiet"])
    assert r.exit_code == 0 and r.output == ""
