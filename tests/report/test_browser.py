"""The report in headless Chromium with the network blocked: every chart and map draws,
no JavaScript error, the numbers shown equal the exports; the PDF has pages and Chinese text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from unireg.report import render_report
from unireg.report.pdf import CHROMIUM_ARGS, find_chromium

pytestmark = pytest.mark.browser

LOCAL = ("file:", "data:", "about:", "blob:")
# SVG elements Vega draws for marks (groups are containers, not marks)
MARKS = ("g.mark-rect path, g.mark-shape path, g.mark-symbol path, g.mark-rule line, "
         "g.mark-text text, g.mark-tick path")


@pytest.fixture(scope="module")
def rendered(ws2018: Path):  # type: ignore[no-untyped-def]
    return render_report(ws2018, lang="zh", pdf=True)


@pytest.fixture(scope="module")
def page(rendered):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 1600})
        attempted: list[str] = []
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def route(r):  # type: ignore[no-untyped-def]
            if r.request.url.startswith(LOCAL):
                r.continue_()
            else:
                attempted.append(r.request.url)
                r.abort()

        pg.route("**/*", route)
        pg.goto(rendered.html.as_uri())
        pg.wait_for_function("window.__report && window.__report.ready === true",
                             timeout=120_000)
        yield pg, attempted, errors
        browser.close()


def test_no_network_and_no_errors(page) -> None:  # type: ignore[no-untyped-def]
    pg, attempted, errors = page
    assert attempted == []
    assert errors == []
    assert pg.evaluate("window.__report.errors") == []


def test_every_chart_draws(page, rendered) -> None:  # type: ignore[no-untyped-def]
    pg, _, _ = page
    state = pg.evaluate("window.__report.charts")
    assert set(state) == set(rendered.charts) and set(state.values()) == {"ok"}
    for name in rendered.charts:
        n = pg.locator(f"#chart-{name} svg").locator(MARKS).count()
        assert n > 0, f"{name}: no marks drawn"
        box = pg.locator(f"#chart-{name} svg").first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, name


def test_maps_draw_regions(page, rendered) -> None:  # type: ignore[no-untyped-def]
    pg, _, _ = page
    maps = [c for c in rendered.charts if c.startswith("map-")]
    assert len(maps) == 3
    for name in maps:
        shapes = pg.locator(f"#chart-{name} g.mark-shape path")
        assert shapes.count() >= 5 * 10, name  # five panels of coloured + grey regions
        filled = pg.evaluate(
            f"""Array.from(document.querySelectorAll('#chart-{name} g.mark-shape path'))
                .filter(p => (p.getAttribute('d') || '').length > 20).length""")
        assert filled >= 50, name
    county = pg.locator("#chart-map-county-440000 g.mark-shape path").count()
    assert county > 5 * 100  # Guangdong has more than 100 counties


def _figure(pg, key: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    el = pg.locator(f'[data-figure="{key}"]').first
    return el.inner_text().strip(), el.get_attribute("data-value") or ""


def test_numbers_shown_equal_the_exports(page, ws2018: Path, open_exports) -> None:  # type: ignore[no-untyped-def]
    pg, _, _ = page
    ex = open_exports(ws2018)
    for g, rate, insured, target in ex.execute(
            "SELECT scheme_group, target_rate, target_insured, target FROM coverage_summary "
            "WHERE level = 'nation'").fetchall():
        text, value = _figure(pg, f"nation.{g}.target_rate")
        assert text == f"{rate:.1%}" and float(value) == pytest.approx(rate, abs=1e-12)
        assert _figure(pg, f"nation.{g}.target_insured")[0] == f"{insured:,}"
        assert _figure(pg, f"nation.{g}.target")[0] == f"{target:,}"
    quarantined = ex.execute("SELECT sum(quarantined) FROM reconciliation").fetchone()[0]
    assert _figure(pg, "count.quarantined")[0] == f"{int(quarantined):,}"
    ma = ex.execute("SELECT count(*) FROM multiple_affiliation").fetchone()[0]
    assert _figure(pg, "count.multiple_affiliation")[0] == f"{ma:,}"
    assert f'"build_id": "{_figure(pg, "meta.build_id")[0]}"' in (ws2018 / "build.json").read_text()
    assert _figure(pg, "meta.reference_date")[0] == "2018-12-31"
    for file, rows in ex.execute("SELECT file, rows_read FROM reconciliation").fetchall():
        assert _figure(pg, f"input.{file}.rows_read")[0] == f"{rows:,}"
    for region, g, rate in ex.execute(
            "SELECT region, scheme_group, target_rate FROM coverage_summary "
            "WHERE level = 'prefecture'").fetchall():
        text, _ = _figure(pg, f"prefecture.{region}.{g}")
        assert text == ("–" if rate is None else f"{rate:.1%}"), (region, g)


def test_pdf_has_pages_and_chinese_text(rendered) -> None:  # type: ignore[no-untyped-def]
    pdf = rendered.pdf
    assert pdf is not None and pdf.exists()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 100_000
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 8
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "全民参保登记报告" in text and "养老保险" in text
        assert rendered.build_id in text  # on the cover and in every page footer
        assert text.count(rendered.build_id) >= pages
