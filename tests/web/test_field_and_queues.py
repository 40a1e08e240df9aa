"""Field registration, work-queue decisions, and the exports the next build picks up."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from unireg.pipeline.workspace import connect
from unireg.service.context import Service

from .conftest import PEOPLE, TestClient, csrf_of, login

U = PEOPLE["gd_uninsured"]
TODAY = dt.date.today().isoformat()
GOOD = {"visit_date": TODAY, "id_number": U.id_number.lower(), "name": U.name, "sex": "1",
        "birth_date": U.birth, "residence_region": "440305", "employment_type": "flexible",
        "reason_uninsured": "cannot_afford"}


def test_enumerator_enters_a_return(client: TestClient, svc: Service) -> None:
    login(client, svc, "enum")
    page = client.get("/survey/new").text
    assert 'value="440305"' in page and 'src="/static/survey.js"' in page
    csrf = csrf_of(page)
    r = client.post("/survey/new", data={"csrf": csrf, **GOOD, "residence_region": "110105",
                                         "sex": "2"})
    assert r.status_code == 422 and "outside your region" in r.text
    assert "differs from the sex in the ID number" in r.text
    r = client.post("/survey/new", data={"csrf": csrf, **GOOD}, follow_redirects=False)
    assert r.status_code == 303 and "saved=F-enum-" in r.headers["location"]
    saved = svc.store.list_surveys()
    assert len(saved) == 1 and saved[0].id_number == U.id_number  # normalised
    returns = client.get("/survey/returns").text
    assert U.name in returns and U.id_number not in returns


def test_check_as_you_type(client: TestClient, svc: Service) -> None:
    csrf = login(client, svc, "enum")
    bad = U.id_number[:-1] + ("0" if U.id_number[-1] != "0" else "1")
    r = client.post("/survey/check", data={"csrf": csrf, "id_number": bad, "touched": "id_number"})
    assert r.status_code == 200
    problems = r.json()["problems"]
    assert [(p["field"], p["code"]) for p in problems] == [("id_number", "id.checksum")]
    # Untouched empty fields are not reported yet.
    assert all(p["field"] in ("id_number",) for p in problems)
    client.get("/lang/zh?next=/survey/new")
    r = client.post("/survey/check", data={"csrf": csrf, "id_number": bad})
    assert r.json()["problems"][0]["message"] == "校验位不符，可能有数字输错"


def test_decide_a_multiple_affiliation_case(client: TestClient, svc: Service) -> None:
    csrf = login(client, svc, "nanshan")
    case = svc.registry.query("SELECT case_id FROM reg.multiple_affiliation WHERE person_key = "
                              "$k", {"k": PEOPLE["gd_double"].id_number})[0]["case_id"]
    page = client.get(f"/queues/multiple/{case}").text
    assert 'name="end_ref"' in page and "recommended to keep" in page
    r = client.post(f"/queues/multiple/{case}", data={"csrf": csrf, "action": "end_enrolment",
                                                      "end_ref": "enrolment:w1",
                                                      "reason": "keeps the employee scheme"},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/queues/multiple/{case}").text
    assert "keeps the employee scheme" in page
    ev = svc.store.list_events()
    assert [(e.event_type, e.scheme, e.region) for e in ev] == [("enrolment_end", "MI_RES",
                                                                 "440305")]


def test_correct_a_quarantined_record(client: TestClient, svc: Service) -> None:
    csrf = login(client, svc, "nanshan")
    ref = svc.registry.query("SELECT ref FROM quarantine_index WHERE row_ref = 'q1'")[0]["ref"]
    page = client.get(f"/queues/quarantine/{ref}").text
    assert 'name="scheme" value="OAI_XXX"' in page and U.id_number not in page
    r = client.post(f"/queues/quarantine/{ref}", data={"csrf": csrf, "action": "resubmit",
                                                       "scheme": "OAI_RES",
                                                       "reason": "typo at the agency"},
                    follow_redirects=False)
    assert r.status_code == 303
    r = client.post("/exports/enrolment", data={"csrf": csrf, "purpose": "correction"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "enrolment-corrected-" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["record_id"], x["scheme"], x["id_number"]) for x in rows] == [
        ("q1", "OAI_RES", U.id_number)]


def test_export_of_returns_is_a_survey_file_the_next_build_reads(
        client: TestClient, svc: Service, web_ws: Path, tmp_path: Path) -> None:
    csrf = login(client, svc, "enum")
    client.post("/survey/new", data={"csrf": csrf, **GOOD}, follow_redirects=False)
    client.cookies.clear()
    csrf = login(client, svc, "gd")
    assert "Household survey returns" in client.get("/exports").text
    r = client.post("/exports/survey", data={"csrf": csrf, "purpose": "casework"})
    assert r.status_code == 200
    name = r.headers["content-disposition"].split('filename="')[1].rstrip('"')
    assert name.startswith("survey-field-") and name.endswith(".csv")
    # Exported returns are marked: the next export is empty.
    again = client.post("/exports/survey", data={"csrf": csrf, "purpose": "casework"})
    assert "Nothing to export" in again.text
    # Put the file in the delivery and build: the return is in the registry.
    import shutil

    from unireg.config import load_settings
    from unireg.pipeline.build import build

    delivery = tmp_path / "delivery"
    shutil.copytree(web_ws.parent / (web_ws.name + "-delivery"), delivery)
    (delivery / name).write_text(r.text, encoding="utf-8")
    ws = tmp_path / "ws"
    build(delivery, ws, load_settings(env={}, file=None, reference_date=dt.date.today()))

    con = connect(ws / "registry.duckdb")
    got = con.execute("SELECT person_key, reason_uninsured FROM surveys WHERE survey_id LIKE "
                      "'F-enum-%'").fetchall()
    con.close()
    assert got == [(U.id_number, "cannot_afford")]


@pytest.mark.usefixtures("maps")
def test_dashboard_draws_a_map_and_drills_down(client: TestClient, svc: Service) -> None:
    login(client, svc, "gd")
    page = client.get("/dashboard").text
    assert '<svg class="map"' in page and 'href="/dashboard?region=440300&amp;group=medical"' \
        in page
    page = client.get("/dashboard?region=440300").text
    assert 'href="/dashboard?region=440305&amp;group=medical"' in page
    assert client.get("/dashboard?region=100000").status_code == 404
    assert client.get("/dashboard?region=110000").status_code == 404
