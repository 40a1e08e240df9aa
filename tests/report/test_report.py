"""`unireg report` without a browser: files, self-containment, progress, CLI, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from unireg.cli import main
from unireg.plan.progress import find_plan, load_plan
from unireg.report import pdf as pdf_mod
from unireg.report import render_report


@pytest.fixture(scope="module")
def report(ws2017: Path):  # type: ignore[no-untyped-def]
    return render_report(ws2017, lang="en", pdf=False)


def test_html_is_written_and_self_contained(report, ws2017: Path) -> None:  # type: ignore[no-untyped-def]
    assert report.html == ws2017 / "reports" / f"report-{report.build_id}.html"
    html = report.html.read_text(encoding="utf-8")
    assert report.pdf is None
    # no external resource: no src/href to a URL, no stylesheet link, no import
    # (in the markup: the inlined Vega bundle mentions such tags in its strings; the browser
    # test checks that nothing is fetched)
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert len(markup) < len(html) - 500_000
    assert not re.search(r"<(script|img|iframe)[^>]+src=", markup)
    assert "<link" not in markup and "@import" not in markup
    assert not re.search(r"href=\"https?:", markup)
    assert "vegaEmbed" in html and "geo-county" in html  # JS and map geometry inlined
    assert report.build_id in html and "2017-12-31" in html
    assert report.sections == ["cover", "coverage", "frame", "pyramid", "uninsured", "cases",
                               "quality", "definitions"]  # no progress: the plan is for 2018
    assert {"map-province", "map-prefecture-440000", "map-county-440000", "pyramid",
            "uninsured-reasons", "uninsured-target-groups", "cases-rules",
            "quality-completeness"} <= set(report.charts)
    assert report.html_bytes < 5_000_000


def test_chinese_report(ws2017: Path, tmp_path: Path) -> None:
    r = render_report(ws2017, lang="zh", pdf=False, out_dir=tmp_path)
    html = r.html.read_text(encoding="utf-8")
    assert r.html.name.endswith("-zh.html")
    for text in ("全民参保登记报告", "统计基准日", "养老保险", "未参保原因", "广东省"):
        assert text in html


def test_plan_of_the_same_build_is_not_progress(ws2017: Path) -> None:
    assert (ws2017 / "plans" / "2018" / "manifest.json").exists()
    assert find_plan(ws2017, 2017, "x") is None  # no plan for 2017
    plan = load_plan(ws2017 / "plans" / "2018")
    assert find_plan(ws2017, 2018, plan.build_id) is None


def test_progress_against_last_years_plan(ws2017: Path, ws2018: Path,  # type: ignore[no-untyped-def]
                                          open_exports) -> None:
    r = render_report(ws2018, lang="en", pdf=False)
    assert "progress" in r.sections and "progress-prefecture" in r.charts
    assert r.plan == ws2018 / "plans" / "2018"
    html = r.html.read_text(encoding="utf-8")
    before, after = open_exports(ws2017), open_exports(ws2018)
    sql = ("SELECT scheme_group, target_insured FROM coverage_summary WHERE level = 'nation'")
    then, now = dict(before.execute(sql).fetchall()), dict(after.execute(sql).fetchall())
    plan = {row["scheme_group"]: row for row in load_plan(ws2018 / "plans" / "2018").targets
            if row["level"] == "nation"}
    for g in then:
        achieved = now[g] - then[g]
        m = re.search(rf'data-figure="progress\.nation\.{g}\.achieved"\s+data-value="(-?\d+)"',
                      html)
        assert m and int(m.group(1)) == achieved, g
        m = re.search(rf'data-figure="progress\.nation\.{g}\.ext_target"\s+data-value="(\d+)"',
                      html)
        assert m and int(m.group(1)) == plan[g]["target"], g


def test_cli_report_json(ws2017: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "-w", str(ws2017), "--no-pdf", "--json",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert Path(out["html"]).exists() and out["pdf"] is None and len(out["charts"]) >= 12


def test_cli_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "-w", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "unireg build" in result.output
    result = CliRunner().invoke(main, ["report", "-w", str(tmp_path), "--lang", "fr"])
    assert result.exit_code == 2


def test_missing_chromium_says_what_to_install(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pdf_mod, "CHROMIUM_PATHS", (str(tmp_path / "no-chromium"),))
    monkeypatch.delenv("UNIREG_CHROMIUM", raising=False)
    monkeypatch.setattr(pdf_mod.shutil, "which", lambda name: None)
    with pytest.raises(pdf_mod.PdfError, match="apt-get install chromium fonts-wqy-microhei"):
        pdf_mod.find_chromium()


def test_missing_cjk_font_says_what_to_install(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pdf_mod, "cjk_font_present", lambda: False)
    monkeypatch.setattr(pdf_mod, "find_chromium", lambda: "/bin/true")
    html = tmp_path / "r.html"
    html.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(pdf_mod.PdfError, match="fonts-wqy-microhei"):
        pdf_mod.html_to_pdf(html, tmp_path / "r.pdf")


def test_report_as_of_a_date_shows_that_days_registry(ws2017: Path, tmp_path: Path,
                                                      open_exports) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from .conftest import copy_workspace

    ws = copy_workspace(ws2017, tmp_path / "ws")
    day = dt.date(2016, 12, 31)
    result = render_report(ws, lang="en", pdf=False, as_of=day)
    assert result.build_id.endswith("-as-of-2016-12-31")
    assert result.html.name == f"report-{result.build_id}.html"
    html = result.html.read_text(encoding="utf-8")
    assert '<b data-figure="meta.reference_date">2016-12-31</b>' in html

    def shown(group: str, col: str) -> int:
        m = re.search(rf'data-figure="nation\.{group}\.{col}"\s+data-value="(\d+)"', html)
        assert m, (group, col)
        return int(m.group(1))

    then = open_exports(ws / "as-of" / "2016-12-31")   # what `unireg coverage --as-of` wrote
    now = open_exports(ws)
    rows = then.execute("SELECT scheme_group, in_scope, insured FROM coverage_summary "
                        "WHERE level = 'nation' ORDER BY 1").fetchall()
    assert rows
    for group, in_scope, insured in rows:
        assert shown(group, "in_scope") == in_scope and shown(group, "insured") == insured
    assert rows != now.execute("SELECT scheme_group, in_scope, insured FROM coverage_summary "
                               "WHERE level = 'nation' ORDER BY 1").fetchall()


def test_cli_report_as_of(ws2017: Path, tmp_path: Path) -> None:
    from .conftest import copy_workspace

    ws = copy_workspace(ws2017, tmp_path / "ws")
    result = CliRunner().invoke(main, ["report", "-w", str(ws), "--no-pdf", "--json",
                                       "--as-of", "2017-06-30"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["build_id"].endswith("-as-of-2017-06-30")
    assert (ws / "as-of" / "2017-06-30" / "as-of.json").is_file()
    bad = CliRunner().invoke(main, ["report", "-w", str(ws), "--as-of", "30/6/2017"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
