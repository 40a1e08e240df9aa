"""One JSON error shape everywhere under /api/ (style.md #12), held in place here."""

from __future__ import annotations

from typing import Any

import pytest

from unireg.service.context import Service

from .conftest import TestClient

SHAPE_KEYS = {"status", "code", "message", "problems"}


def assert_shape(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == SHAPE_KEYS
    assert err["status"] == status and isinstance(err["code"], str) and err["code"]
    assert isinstance(err["message"], str) and err["message"]
    for p in err["problems"]:
        assert set(p) == {"field", "code", "message"}
    return err  # type: ignore[no-any-return]


@pytest.fixture
def token(svc: Service) -> dict[str, str]:
    plain, _ = svc.accounts.issue_token("tt", ("coverage:read", "events:write"), "440000", "a")
    return {"Authorization": f"Bearer {plain}"}


def test_every_kind_of_error_has_the_shape(client: TestClient, token: dict[str, str]) -> None:
    assert_shape(client.post("/api/v1/coverage/lookup", json={"id_number": "1"}), 401)
    assert_shape(client.get("/api/v1/coverage/summary", headers=token), 403)
    assert_shape(client.get("/api/v1/nothing-here", headers=token), 404)
    assert_shape(client.put("/api/v1/coverage/lookup", headers=token), 405)
    err = assert_shape(client.post("/api/v1/coverage/lookup", json={"id": 1}, headers=token),
                       422)
    assert {p["field"] for p in err["problems"]} == {"id_number", "id"}
    assert_shape(client.post("/api/v1/coverage/lookup", content=b"{not json",
                             headers={**token, "content-type": "application/json"}), 422)
    err = assert_shape(client.post("/api/v1/events", json={"events": [
        {"event_id": "x", "event_type": "nonsense", "event_date": "2018-01-01"}]},
        headers=token), 422)
    assert err["problems"][0]["field"].startswith("events[0].")


def test_validation_errors_do_not_echo_values(client: TestClient,
                                              token: dict[str, str]) -> None:
    personal = "440305198503120239-and-a-name-陈小明"
    r = client.post("/api/v1/coverage/lookup", json={"id_number": personal * 3}, headers=token)
    assert r.status_code == 422 and "陈小明" not in r.text and "4403051985" not in r.text


def test_a_crash_has_the_shape_too(client: TestClient, token: dict[str, str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("with 440305198503120239 inside")

    monkeypatch.setattr("unireg.service.registry.Registry.coverage_many", boom)
    err = assert_shape(client.post("/api/v1/coverage/lookup",
                                   json={"id_number": "440305198503120239"}, headers=token), 500)
    assert "4403" not in err["message"]


def test_pages_get_pages_not_json(client: TestClient) -> None:
    r = client.get("/persons/nothing", follow_redirects=False)
    assert r.status_code == 303  # not logged in: to the log-in page
    r = client.get("/no-such-page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
