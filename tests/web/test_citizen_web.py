"""Self-service: enumeration resistance, rate limits, languages, mobile."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from unireg.service.context import Service
from unireg.service.store.base import AuditFilter
from unireg.web.app import create_app

from .conftest import PEOPLE, UNKNOWN_ID, TestClient, csrf_of, make_service

P = PEOPLE["gd_citizen"]


def ask(c: TestClient, id_number: str, name: str, birth: str) -> object:
    token = csrf_of(c.get("/check").text)
    return c.post("/check", data={"csrf": token, "id_number": id_number, "name": name,
                                  "birth_date": birth})


def test_a_match_shows_coverage_per_group_with_next_steps(client: TestClient) -> None:
    r = ask(client, P.id_number, P.name, P.birth)
    assert r.status_code == 200  # type: ignore[attr-defined]
    text = r.text  # type: ignore[attr-defined]
    assert 'id="answers"' in text and "Old-age" in text
    assert P.id_number not in text and P.name not in text  # the page does not echo them
    u = PEOPLE["gd_uninsured"]
    text = ask(client, u.id_number, u.name, u.birth).text  # type: ignore[attr-defined]
    assert "Urban and rural residents basic medical insurance" in text and "12333" in text


def test_unknown_number_wrong_name_wrong_birth_give_identical_pages(client: TestClient) -> None:
    pages = {
        "unknown": ask(client, UNKNOWN_ID, P.name, P.birth),
        "wrong name": ask(client, P.id_number, "陈大明", P.birth),
        "wrong birth": ask(client, P.id_number, P.name, "1985-03-13"),
        "deceased": ask(client, PEOPLE["gd_deceased"].id_number, "黄伯", "1940-01-01"),
    }
    bodies = {k: (v.status_code, v.text) for k, v in pages.items()}  # type: ignore[attr-defined]
    first = next(iter(bodies.values()))
    for k, v in bodies.items():
        assert v == first, k
    assert first[0] == 200
    # The same headers too (apart from the date).
    heads = [{k: v for k, v in p.headers.items() if k not in ("date", "set-cookie")}  # type: ignore[attr-defined]
             for p in pages.values()]
    assert all(h == heads[0] for h in heads)


def test_a_malformed_number_is_named_without_looking_anything_up(client: TestClient,
                                                                svc: Service) -> None:
    bad = P.id_number[:-1] + ("0" if P.id_number[-1] != "0" else "1")
    before = svc.store.count_audit()
    r = ask(client, bad, P.name, P.birth)
    assert r.status_code == 422 and "typing mistake" in r.text  # type: ignore[attr-defined]
    assert svc.store.count_audit() == before


def test_every_lookup_is_audited_with_a_pseudonym(client: TestClient, svc: Service) -> None:
    ask(client, P.id_number, P.name, P.birth)
    ask(client, P.id_number, "陈大明", P.birth)
    rows = svc.store.list_audit(AuditFilter(action="citizen.lookup"), limit=5)
    assert [r.entry.outcome for r in rows] == ["no_match", "answered"]
    assert rows[0].entry.persons == rows[1].entry.persons == (svc.pseudonym(P.id_number),)
    assert P.id_number not in str(rows) and P.name not in str(rows)


@pytest.fixture
def strict(web_ws: Path, tmp_path: Path) -> Iterator[TestClient]:
    s = make_service(web_ws, tmp_path / "s.duckdb", citizen_per_client=4, citizen_per_number=2)
    with TestClient(create_app(s), base_url="https://testserver") as c:
        yield c
    s.close()


def test_rate_limit_per_number(strict: TestClient) -> None:
    assert ask(strict, P.id_number, "a", P.birth).status_code == 200  # type: ignore[attr-defined]
    assert ask(strict, P.id_number, "b", P.birth).status_code == 200  # type: ignore[attr-defined]
    r = ask(strict, P.id_number, "c", P.birth)
    assert r.status_code == 429  # type: ignore[attr-defined]
    assert 0 < int(r.headers["retry-after"]) <= 600  # type: ignore[attr-defined]
    # Another number from the same client still works (until the client limit).
    assert ask(strict, UNKNOWN_ID, "a", P.birth).status_code == 200  # type: ignore[attr-defined]


def test_rate_limit_per_client(strict: TestClient) -> None:
    numbers = [p.id_number for p in list(PEOPLE.values())[:5]]
    codes = [ask(strict, n, "x", "2000-01-01").status_code for n in numbers]  # type: ignore[attr-defined]
    assert codes == [200, 200, 200, 200, 429]


def test_chinese_and_english(client: TestClient) -> None:
    client.get("/lang/zh?next=/check")
    assert "我参保了吗" in client.get("/check").text
    r = ask(client, UNKNOWN_ID, P.name, P.birth)
    assert "未能查到记录" in r.text  # type: ignore[attr-defined]
    client.get("/lang/en?next=/check")
    assert "Am I covered?" in client.get("/check").text
    client.cookies.clear()
    assert "我参保了吗" in client.get("/check", headers={"accept-language": "zh-CN,zh"}).text


def test_mobile_friendly(client: TestClient) -> None:
    text = client.get("/check").text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert re.search(r'<input name="id_number"[^>]*required', text)
    assert 'type="date"' in text
