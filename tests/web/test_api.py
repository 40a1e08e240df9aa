"""The REST API: tokens and scopes, coverage (single, batch), summaries, submissions."""

from __future__ import annotations

import pytest

from unireg.service.context import Service
from unireg.service.roles import API_SCOPES
from unireg.service.store.base import AuditFilter

from .conftest import PEOPLE, UNKNOWN_ID, TestClient


@pytest.fixture
def gd(svc: Service) -> dict[str, str]:
    """Headers of a Guangdong token with every scope."""
    plain, _ = svc.accounts.issue_token("civil-gd", API_SCOPES, "440000", "admin")
    return {"Authorization": f"Bearer {plain}"}


def test_single_lookup(client: TestClient, gd: dict[str, str]) -> None:
    p = PEOPLE["gd_multi"]
    r = client.post("/api/v1/coverage/lookup", json={"id_number": p.id_number.lower()},
                    headers=gd)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["found"] and body["valid"] and body["as_of"] == "2017-12-31"
    assert body["id_number"] == p.id_number[:6] + "********" + p.id_number[-4:]
    groups = {g["group"]: g for g in body["groups"]}
    assert groups["old_age"]["insured"] and groups["old_age"]["multiple"]
    assert {s["scheme"] for s in groups["old_age"]["schemes"]} == {"OAI_EMP", "OAI_RES"}
    assert p.name not in r.text and p.id_number not in r.text


def test_outside_the_token_region_is_like_unknown(client: TestClient,
                                                  gd: dict[str, str]) -> None:
    out = client.post("/api/v1/coverage/lookup",
                      json={"id_number": PEOPLE["bj_multi"].id_number}, headers=gd).json()
    unknown = client.post("/api/v1/coverage/lookup", json={"id_number": UNKNOWN_ID},
                          headers=gd).json()
    for body in (out, unknown):
        assert (body["found"], body["groups"], body["valid"]) == (False, [], True)


def test_batch_keeps_order_and_audits_once(client: TestClient, gd: dict[str, str],
                                           svc: Service) -> None:
    ids = [PEOPLE["gd_citizen"].id_number, "12345", UNKNOWN_ID, PEOPLE["gd_child"].id_number]
    before = svc.store.count_audit()
    r = client.post("/api/v1/coverage/batch", json={"id_numbers": ids}, headers=gd)
    assert r.status_code == 200
    res = r.json()["results"]
    assert [x["index"] for x in res] == [0, 1, 2, 3]
    assert [(x["valid"], x["found"]) for x in res] == [(True, True), (False, False),
                                                        (True, False), (True, True)]
    assert svc.store.count_audit() == before + 1
    row = svc.store.list_audit(AuditFilter(action="api.coverage"), limit=1)[0]
    assert row.entry.actor == "token:civil-gd" and len(row.entry.persons) == 2
    assert row.entry.detail == "asked=4; found=2"


def test_batch_limit(client: TestClient, gd: dict[str, str]) -> None:
    r = client.post("/api/v1/coverage/batch", json={"id_numbers": ["1"] * 1001}, headers=gd)
    assert r.status_code == 422


def test_summary(client: TestClient, gd: dict[str, str]) -> None:
    r = client.get("/api/v1/coverage/summary", headers=gd)
    body = r.json()
    assert body["region"]["region"] == "440000" and body["region"]["level"] == "province"
    assert {c["region"] for c in body["children"]} == {"440100", "440300"}
    assert client.get("/api/v1/coverage/summary?region=110000", headers=gd).status_code == 404
    assert client.get("/api/v1/coverage/summary?region=440305", headers=gd).status_code == 200
    assert client.get("/api/v1/coverage/summary?region=abc", headers=gd).status_code == 404


def test_events_are_checked_stored_once_and_exported(client: TestClient, gd: dict[str, str],
                                                     svc: Service) -> None:
    ev = {"event_id": "E1", "event_type": "death", "event_date": "2018-01-02",
          "id_number": PEOPLE["gd_citizen"].id_number}
    bad = {"event_id": "E2", "event_type": "transfer", "event_date": "2018-02-30",
           "id_number": PEOPLE["gd_citizen"].id_number}
    r = client.post("/api/v1/events", json={"events": [ev, bad]}, headers=gd)
    assert r.status_code == 422
    fields = {p["field"] for p in r.json()["error"]["problems"]}
    assert fields == {"events[1].event_date", "events[1].scheme", "events[1].region"}
    assert svc.store.list_events() == []
    r = client.post("/api/v1/events", json={"events": [ev]}, headers=gd)
    assert r.json() == {"accepted": 1, "duplicates": 0}
    r = client.post("/api/v1/events", json={"events": [ev]}, headers=gd)
    assert r.json() == {"accepted": 0, "duplicates": 1}
    assert svc.store.list_events()[0].sender == "token:civil-gd"


def test_surveys_via_api(client: TestClient, gd: dict[str, str], svc: Service) -> None:
    ret = {"survey_id": "T-1", "visit_date": "2018-01-02",
           "id_number": PEOPLE["gd_uninsured"].id_number, "name": "周杰", "sex": "1",
           "birth_date": "2000-09-09", "residence_region": "440305",
           "employment_type": "flexible", "reason_uninsured": "unaware", "enumerator": "E9"}
    r = client.post("/api/v1/surveys", json={"returns": [ret]}, headers=gd)
    assert r.json() == {"accepted": 1, "duplicates": 0}
    assert svc.store.list_surveys()[0].entered_by == "token:civil-gd"
    r = client.post("/api/v1/surveys", json={"returns": [{**ret, "extra": 1}]}, headers=gd)
    assert r.status_code == 422


def test_audit_verify(client: TestClient, svc: Service) -> None:
    plain, _ = svc.accounts.issue_token("auditor-sys", ("audit:verify",), "100000", "admin")
    h = {"Authorization": f"Bearer {plain}"}
    body = client.get("/api/v1/audit/verify", headers=h).json()
    assert body["ok"] and body["first_bad"] is None
    assert client.get("/api/v1/audit/verify", headers=h).json()["rows"] == body["rows"] + 1


def test_revoked_token_is_refused(client: TestClient, svc: Service) -> None:
    plain, _ = svc.accounts.issue_token("tmp", ("summary:read",), "100000", "admin")
    h = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/coverage/summary", headers=h).status_code == 200
    svc.store.revoke_token("tmp")
    assert client.get("/api/v1/coverage/summary", headers=h).status_code == 401


def test_api_rate_limit(web_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from unireg.web.app import create_app

    from .conftest import make_service

    s = make_service(web_ws, tmp_path / "s.duckdb", api_per_token=3)
    plain, _ = s.accounts.issue_token("tt", ("summary:read",), "100000", "admin")
    with TestClient(create_app(s), base_url="https://testserver") as c:
        codes = [c.get("/api/v1/coverage/summary",
                       headers={"Authorization": f"Bearer {plain}"}).status_code
                 for _ in range(4)]
        r = c.get("/api/v1/coverage/summary", headers={"Authorization": f"Bearer {plain}"})
    assert codes == [200, 200, 200, 429] and int(r.headers["retry-after"]) > 0
    s.close()


def test_openapi_describes_the_api_only(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    assert paths == {"/api/v1/coverage/lookup", "/api/v1/coverage/batch",
                     "/api/v1/coverage/summary", "/api/v1/events", "/api/v1/surveys",
                     "/api/v1/audit/verify"}
    for ops in spec["paths"].values():
        for op in ops.values():
            assert "422" in op["responses"] and "401" in op["responses"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
