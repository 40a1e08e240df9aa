from __future__ import annotations

from .conftest import PEOPLE, TestClient


def test_pages_render(client: TestClient, as_user) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/")
    assert r.status_code == 200, r.text
    assert client.get("/check").status_code == 200
    assert client.get("/login").status_code == 200
    csrf = as_user("nat")
    for path in ("/dashboard", "/dashboard?region=440000", "/dashboard?region=440300",
                 "/dashboard?region=440305", "/persons", "/queues", "/queues/multiple",
                 "/queues/review", "/queues/quarantine", "/queues/deceased", "/outreach",
                 "/exports"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[-3000:])
    r = client.post("/persons/search", data={"csrf": csrf, "name": "张伟",
                                             "birth_date": "1988-08-08"})
    assert r.status_code == 200, r.text[-3000:]
    r = client.post("/persons/search", data={"csrf": csrf, "id_number":
                                             PEOPLE["gd_multi"].id_number},
                    follow_redirects=True)
    assert r.status_code == 200, r.text[-3000:]
    assert "林芳" in r.text
