"""`unireg plan` on a generated province: files, sheets, masking, targets equal to the exports."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from unireg.cli import main
from unireg.plan import PlanError, make_plan
from unireg.plan.targets import extension_target

LISTS = ("targets", "employers", "employer_staff", "migrant_clusters", "migrants",
         "flexible_workers", "elderly_no_pension", "rural_not_enrolled")
MASKED = re.compile(r"^(\d{6}\*{8}[0-9X]{4}|P\w+)$")


@pytest.fixture(scope="module")
def plan(plan_ws: Path):  # type: ignore[no-untyped-def]
    return make_plan(plan_ws, target=0.95, year=2018, lang="zh")


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _exports(ws: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for p in (ws / "exports").glob("*.parquet"):
        con.execute(f"CREATE VIEW {p.stem} AS SELECT * FROM read_parquet('{p}')")
    return con


def _person_keys(ws: Path) -> set[str]:
    con = _exports(ws)
    return {r[0] for r in con.execute("SELECT person_key FROM persons "
                                      "WHERE length(person_key) = 18").fetchall()}


def test_files_and_sheets(plan, plan_ws: Path) -> None:  # type: ignore[no-untyped-def]
    folder = plan_ws / "plans" / "2018"
    assert plan.folder == folder
    for name in LISTS:
        assert (folder / f"{name}.csv").exists(), name
        assert plan.rows[name] == len(_csv(folder / f"{name}.csv"))
    assert all(plan.rows[n] > 0 for n in LISTS), plan.rows
    wb = load_workbook(folder / "plan-2018.xlsx", read_only=True)
    assert wb.sheetnames == ["about", *LISTS]
    ws = wb["employers"]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert header[0] == "统一社会信用代码"  # zh labels in the workbook, codes in the CSV
    assert ws.max_row == plan.rows["employers"] + 1
    wb.close()
    wb = load_workbook(folder / "plan-2018.xlsx")  # styles need the full reader
    cell = wb["targets"]["A1"]
    assert cell.font.bold and cell.fill.fgColor.rgb.endswith("1F4E79")
    assert wb["targets"].freeze_panes == "A2"
    assert wb["migrants"].column_dimensions["A"].width >= 6
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["masked"] is True and manifest["purpose"] is None
    assert manifest["plan_year"] == 2018 and manifest["rate_target"] == 0.95
    assert manifest["files"]["employers"]["rows"] == plan.rows["employers"]
    assert len(manifest["files"]["xlsx"]["sha256"]) == 64


def test_ids_are_masked_everywhere(plan, plan_ws: Path) -> None:  # type: ignore[no-untyped-def]
    folder = plan.folder
    keys = _person_keys(plan_ws)
    assert len(keys) > 1000
    for name in LISTS:
        text = (folder / f"{name}.csv").read_text(encoding="utf-8-sig")
        assert not any(k in text for k in keys), f"{name}.csv shows an unmasked ID"
        for row in _csv(folder / f"{name}.csv"):
            if "person" in row:
                assert MASKED.match(row["person"]), (name, row["person"])
            if row.get("name"):
                assert set(row["name"][1:]) <= {"*"}, name
    wb = load_workbook(folder / "plan-2018.xlsx", read_only=True)
    for sheet in wb.sheetnames:
        for row in wb[sheet].iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, str) and v in keys), sheet
    wb.close()


def test_targets_equal_sql_over_the_exports(plan, plan_ws: Path) -> None:  # type: ignore[no-untyped-def]
    con = _exports(plan_ws)
    rows = {(r["level"], r["region"], r["scheme_group"]): r
            for r in _csv(plan.folder / "targets.csv")}
    summary = con.execute("SELECT level, region, scheme_group, target, target_insured "
                          "FROM coverage_summary").fetchall()
    assert len(rows) == len(summary)
    for level, region, g, target, insured in summary:
        r = rows[(level, region, g)]
        assert (int(r["target_pop"]), int(r["insured"])) == (target, insured)
    by_reason: dict[tuple[str, str], dict[str, int]] = {}
    for county, g, reason, n in con.execute("""
        SELECT p.residence_region, u.scheme_group, u.reason, count(*)
        FROM uninsured u JOIN persons p USING (person_key) GROUP BY ALL""").fetchall():
        by_reason.setdefault((county, g), {})[reason] = n
    checked = 0
    for (level, region, g), r in rows.items():
        if level != "county":
            continue
        t = extension_target(int(r["target_pop"]), int(r["insured"]), 0.95,
                             by_reason.get((region, g), {}))
        assert int(r["uninsured"]) == t.uninsured == int(r["target_pop"]) - int(r["insured"])
        assert (int(r["gap"]), int(r["target"]), int(r["shortfall"])) == \
            (t.gap, t.target, t.shortfall), (region, g)
        for reason, n in t.by_reason.items():
            assert int(r[f"target_{reason}"]) == n
        checked += 1
    assert checked > 50
    nation = {k[2]: v for k, v in rows.items() if k[0] == "nation"}
    counties = {}
    for (level, _region, g), r in rows.items():
        if level == "county":
            counties[g] = counties.get(g, 0) + int(r["target"])
    for g, r in nation.items():
        assert int(r["county_targets"]) == counties[g]


def test_outreach_lists_are_consistent(plan, plan_ws: Path) -> None:  # type: ignore[no-untyped-def]
    employers = _csv(plan.folder / "employers.csv")
    counts = [int(r["unenrolled_staff"]) for r in employers]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    staff = _csv(plan.folder / "employer_staff.csv")
    per_employer: dict[str, int] = {}
    for r in staff:
        per_employer[r["employer_id"]] = per_employer.get(r["employer_id"], 0) + 1
        assert r["uninsured_groups"]
    assert per_employer == {r["employer_id"]: int(r["unenrolled_staff"]) for r in employers}
    assert all(int(r["age"]) >= 60 for r in _csv(plan.folder / "elderly_no_pension.csv"))
    assert all(r["employment_type"] in ("flexible", "platform", "self_employed")
               for r in _csv(plan.folder / "flexible_workers.csv"))
    migrants = _csv(plan.folder / "migrants.csv")
    clusters = _csv(plan.folder / "migrant_clusters.csv")
    assert sum(int(c["uninsured_migrants"]) for c in clusters) == len(migrants)
    # the uninsured migrants equal SQL over the exports
    con = _exports(plan_ws)
    ref = "DATE '2017-12-31'"
    n = con.execute(f"""
        SELECT count(DISTINCT u.person_key) FROM uninsured u JOIN persons p USING (person_key)
        WHERE p.residence_region <> p.hukou_region AND p.birth_date <= {ref}""").fetchone()[0]
    assert len(migrants) == n


def test_unmasked_needs_a_purpose_and_is_logged(plan_ws: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PlanError, match="--purpose"):
        make_plan(plan_ws, target=0.95, year=2019, unmasked=True)
    with pytest.raises(PlanError, match="--purpose"):
        make_plan(plan_ws, target=0.95, year=2019, unmasked=True, purpose="x")
    with pytest.raises(PlanError, match="only for --unmasked"):
        make_plan(plan_ws, target=0.95, year=2019, purpose="door-to-door visits in 2019")
    purpose = "door-to-door registration visits, county teams 2019"
    with caplog.at_level("INFO", logger="unireg.plan"):
        result = make_plan(plan_ws, target=0.95, year=2019, unmasked=True, purpose=purpose)
    keys = _person_keys(plan_ws)
    persons = [r["person"] for r in _csv(result.folder / "migrants.csv")]
    assert any(p in keys for p in persons)  # really unmasked
    assert result.manifest["masked"] is False and result.manifest["purpose"] == purpose
    log_lines = (plan_ws / "plans" / "plan_log.jsonl").read_text(encoding="utf-8").splitlines()
    last = json.loads(log_lines[-1])
    assert last["purpose"] == purpose and last["masked"] is False
    assert last["rows"]["migrants"] == len(persons)
    logged = caplog.text + "\n".join(log_lines)
    assert purpose in caplog.text
    assert not any(k in logged for k in keys)


def test_bad_arguments(plan_ws: Path, tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="--target"):
        make_plan(plan_ws, target=95, year=2018)
    with pytest.raises(PlanError, match="--year 2016"):
        make_plan(plan_ws, target=0.95, year=2016)
    result = CliRunner().invoke(main, ["plan", "-w", str(tmp_path / "none"), "--year", "2018"])
    assert result.exit_code == 2 and "unireg build" in result.output


def test_cli(plan_ws: Path) -> None:
    result = CliRunner().invoke(main, ["plan", "-w", str(plan_ws), "--year", "2020",
                                       "--target", "0.9", "--weight", "unwilling=0.2",
                                       "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["masked"] is True and out["rows"]["employers"] > 0
    manifest = json.loads((Path(out["folder"]) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["weights"]["unwilling"] == 0.2 and manifest["rate_target"] == 0.9
    bad = CliRunner().invoke(main, ["plan", "-w", str(plan_ws), "--year", "2020",
                                    "--weight", "unwilling"])
    assert bad.exit_code == 2 and "REASON=SHARE" in bad.output
