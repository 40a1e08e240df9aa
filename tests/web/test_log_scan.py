"""The log scan itself: it must find what it looks for (the session-wide scan relies on it)."""

from __future__ import annotations

import logging
from pathlib import Path

from unireg.service.context import Service

from .conftest import PEOPLE, TestClient, csrf_of, login, scan_logs


def test_the_scan_finds_ids_and_names(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(f"ok line\nleak {PEOPLE['gd_citizen'].id_number} here\n"
                                    "a name 陈小明 too\n123456789012345678 is no valid ID\n",
                                    encoding="utf-8")
    found = scan_logs(tmp_path, {"陈小明"})
    assert len(found) == 2 and all("a.log" in f for f in found)
    assert PEOPLE["gd_citizen"].id_number not in "".join(found)  # the report masks too


def test_a_busy_session_logs_no_personal_data(client: TestClient, svc: Service,
                                              tmp_path: Path) -> None:
    """Everything personal the suite does, with logging at DEBUG, into one file we scan."""
    handler = logging.FileHandler(tmp_path / "busy.log", encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        p = PEOPLE["gd_citizen"]
        token = csrf_of(client.get("/check").text)
        client.post("/check", data={"csrf": token, "id_number": p.id_number, "name": p.name,
                                    "birth_date": p.birth})
        csrf = login(client, svc, "nat")
        client.post("/persons/search", data={"csrf": csrf, "id_number": p.id_number})
        pref = svc.pseudonym(p.id_number)
        client.get(f"/persons/{pref}")
        client.post(f"/persons/{pref}/unmask", data={"csrf": csrf, "purpose": "casework"})
        client.post("/persons/search", data={"csrf": csrf, "name": p.name,
                                             "birth_date": p.birth})
        plain, _ = svc.accounts.issue_token("busy", ("coverage:read",), "100000", "admin")
        client.post("/api/v1/coverage/lookup", json={"id_number": p.id_number},
                    headers={"Authorization": f"Bearer {plain}"})
        client.post("/api/v1/coverage/lookup", json={"id_number": p.id_number + "0"},
                    headers={"Authorization": f"Bearer {plain}"})
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert scan_logs(tmp_path, {p.name for p in PEOPLE.values()}) == []
