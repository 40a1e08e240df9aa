"""The main journeys in a real browser (Debian's headless Chromium) against the real server.

The server is ``unireg serve`` on a free loopback port, over a workspace built
from a generated province (``unireg.generate``, fixed seed), with accounts made
by ``unireg users add``. Set ``UNIREG_BROWSER_WS`` to use an existing workspace
instead (e.g. ``unireg demo``'s), and ``UNIREG_SCREENSHOTS=docs/img`` to save the
screenshots the docs show.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from unireg.pipeline.workspace import connect

from .conftest import LOG_SCAN_NAMES

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "browser test passphrase"  # noqa: S105 - test accounts only
UNIREG = [str(Path(sys.executable).parent / "unireg")]


@dataclass
class Site:
    url: str
    workspace: Path
    citizen: dict[str, Any]
    county: str
    shots: Path | None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workspace(tmp: Path) -> Path:
    ws = tmp / "ws"
    given = os.environ.get("UNIREG_BROWSER_WS")
    if given:
        shutil.copytree(given, ws, ignore=shutil.ignore_patterns("delivery", "service.duckdb"))
        return ws
    from unireg.config import load_settings
    from unireg.generate import generate
    from unireg.pipeline.build import build

    ref = dt.date(2017, 12, 31)
    generate(tmp / "delivery", persons=2000, seed=6, reference_date=ref)
    build(tmp / "delivery", ws, load_settings(env={}, file=None, reference_date=ref))
    return ws


def _pick(ws: Path) -> tuple[dict[str, Any], str]:
    """A living resident with a valid number, uninsured in some group; and a busy county."""

    con = connect(ws / "registry.duckdb")
    try:
        row = con.execute("""
            SELECT p.person_key, p.name, p.birth_date, p.residence_region
            FROM persons p JOIN uninsured u ON u.person_key = p.person_key
            JOIN coverage c ON c.person_key = p.person_key AND c.insured
            WHERE p.id_valid AND p.status = 'living'
            ORDER BY p.person_key LIMIT 1""").fetchone()
        county = con.execute("""SELECT region FROM coverage_summary WHERE level = 'county'
            AND region NOT LIKE '%00'
            ORDER BY in_scope DESC, region LIMIT 1""").fetchone()
    finally:
        con.close()
    assert row and county, "the workspace has no uninsured resident to look up"
    return ({"id": row[0], "name": row[1], "birth": row[2].isoformat(), "region": row[3]},
            str(county[0]))


def _users(ws: Path, county: str) -> None:
    for name, role, scope in (("officer", "provincial_officer", county[:2] + "0000"),
                              ("enum", "enumerator", county), ("auditor", "auditor", "100000")):
        subprocess.run([*UNIREG, "users", "add", name, "--role", role, "--scope", scope,
                        "-w", str(ws), "--password-stdin", "--name", name.title()],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test does)")
    tmp = tmp_path_factory.mktemp("browser")
    ws = _workspace(tmp)
    citizen, county = _pick(ws)
    LOG_SCAN_NAMES.add(citizen["name"])
    _users(ws, county)
    port = _free_port()
    log_dir = Path(os.environ.get("UNIREGTEST_LOG_DIR", tmp))
    log = (log_dir / f"serve-{port}.log").open("w", encoding="utf-8")
    proc = subprocess.Popen([*UNIREG, "serve", "-w", str(ws), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310 - loopback
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("unireg serve exited; see " + log.name) from None
            time.sleep(0.2)
    shots = os.environ.get("UNIREG_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    yield Site(url, ws, citizen, county, Path(shots) if shots else None)
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def shot(site: Site, page: Any, name: str, full: bool = False) -> None:
    if site.shots is not None:
        page.screenshot(path=str(site.shots / f"{name}.png"), full_page=full)


def _login(page: Any, site: Site, user: str) -> None:
    page.goto(site.url + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def test_officer_login_dashboard_drill_down_person(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    page.goto(site.url + "/")
    page.click("text=Staff log-in")
    shot(site, page, "login")
    _login(page, site, "officer")
    assert page.url.endswith("/dashboard")
    assert page.locator("h1").inner_text().startswith("Coverage")
    page.wait_for_selector("svg.map")
    shot(site, page, "dashboard", full=True)
    # Drill down: the province's prefecture that holds the county, then the county.
    prefecture = site.county[:4] + "00"
    page.click(f"#children a[href*='region={prefecture}']")
    assert f"region={prefecture}" in page.url
    page.click(f"#children a[href*='region={site.county}']")
    assert f"region={site.county}" in page.url
    shot(site, page, "drilldown", full=True)
    # From the county's uninsured to one person.
    page.click("text=Uninsured (person × group)")
    assert "/outreach" in page.url
    page.click("#outreach tbody a >> nth=0")
    assert "/persons/" in page.url
    assert page.locator("#coverage").is_visible() and page.locator("#enrolments").count() == 1
    # Search the citizen by ID: the number never appears in the URL.
    page.click("nav.main >> text=Persons")
    page.fill("input[name=id_number]", site.citizen["id"])
    page.click("button:has-text('Search')")
    page.wait_for_load_state("load")
    assert "/persons/" in page.url and site.citizen["id"] not in page.url
    assert site.citizen["id"] not in page.content()  # masked
    assert site.citizen["name"] in page.content()
    shot(site, page, "person", full=True)
    page.click("summary:has-text('Show the full ID number')")
    page.select_option("select[name=purpose]", "casework")
    page.click("button:has-text('Show and record')")
    assert site.citizen["id"] in page.content()
    page.close()


def test_citizen_lookup_on_a_phone(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True,
                            has_touch=True, locale="zh-CN")
    page.goto(site.url + "/check")
    assert "我参保了吗" in page.content()
    c = site.citizen
    page.fill("input[name=id_number]", c["id"])
    page.fill("input[name=name]", c["name"])
    page.fill("input[name=birth_date]", c["birth"])
    shot(site, page, "citizen-form")
    page.click("button[type=submit]")
    page.wait_for_selector("#answers")
    text = page.content()
    assert "您的参保情况" in text and "12333" in text
    shot(site, page, "citizen-answer", full=True)
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # A wrong name gets the same "not found" page as an unknown number.
    page.goto(site.url + "/check")
    page.fill("input[name=id_number]", c["id"])
    page.fill("input[name=name]", c["name"] + "某")
    page.fill("input[name=birth_date]", c["birth"])
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert "未能查到记录" in page.content()
    page.close()


def test_enumerator_survey_entry_checked_as_typed(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 412, "height": 915}, is_mobile=True,
                            has_touch=True, locale="en-US")
    _login(page, site, "enum")
    assert page.url.endswith("/survey/new")
    c = site.citizen
    wrong = c["id"][:-1] + ("0" if c["id"][-1] != "0" else "1")
    page.fill("input[name=id_number]", wrong)
    page.locator("input[name=name]").focus()
    box = page.locator(".field-problems[data-for=id_number]")
    box.locator("span").first.wait_for(timeout=5000)
    assert "check character" in box.inner_text()
    shot(site, page, "survey-checking", full=True)
    page.fill("input[name=id_number]", c["id"])
    page.fill("input[name=name]", c["name"])
    page.select_option("select[name=sex]", (c["id"][16] in "13579" and "1") or "2")
    page.fill("input[name=birth_date]", c["birth"])
    page.fill("input[name=residence_region]", site.county)
    page.select_option("select[name=employment_type]", "flexible")
    page.select_option("select[name=reason_uninsured]", "cannot_afford")
    # (wait_for_function would need eval, which the Content-Security-Policy forbids)
    expect(box.locator("span")).to_have_count(0, timeout=5000)
    page.click("#survey button[type=submit]")
    page.wait_for_load_state("load")
    assert "Saved as" in page.content(), page.locator("main").inner_text()[:1500]
    assert "Saved as F-enum-" in page.content()
    page.click("text=My returns")
    assert c["name"] in page.content() and c["id"] not in page.content()
    page.close()


def test_auditor_verifies_the_trail(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    _login(page, site, "auditor")
    page.click("button:has-text('Verify the chain')")
    page.wait_for_selector("#verification")
    assert "verified" in page.locator("#verification").inner_text()
    shot(site, page, "audit")
    page.close()
