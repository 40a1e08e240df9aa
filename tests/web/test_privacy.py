"""Privacy: IDs masked unless a purpose is stated, no personal data in URLs, audit verified."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from unireg.service.context import Service
from unireg.service.store.base import AuditFilter

from .conftest import PEOPLE, TestClient, login

FULL_IDS = [p.id_number for p in PEOPLE.values()]
NAMES = sorted({p.name for p in PEOPLE.values()})


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k in ("href", "action", "src") and v:
                self.urls.append(v)


def crawl(c: TestClient, start: list[str], limit: int = 150) -> dict[str, str]:
    """GET every same-site page reachable from ``start`` (no POSTs); path -> body."""
    seen: dict[str, str] = {}
    todo = list(start)
    while todo and len(seen) < limit:
        url = todo.pop(0)
        if url in seen or not url.startswith("/") or url.startswith(("/static", "/lang")):
            continue
        r = c.get(url, follow_redirects=False)
        seen[url] = r.text if r.status_code == 200 else ""
        p = Links()
        p.feed(seen[url])
        todo += [u.replace("&amp;", "&") for u in p.urls if u not in seen]
    return seen


def test_no_full_id_number_on_any_page_and_no_personal_data_in_any_url(
        client: TestClient, svc: Service) -> None:
    login(client, svc, "nat")
    pages = crawl(client, ["/dashboard", "/queues/multiple", "/queues/review",
                           "/queues/quarantine", "/queues/deceased", "/outreach"])
    assert any(u.startswith("/persons/") for u in pages), "the crawl reached no person page"
    assert any(u.startswith("/queues/review/") for u in pages)
    for url, body in pages.items():
        for n in FULL_IDS:
            assert n not in body, f"full ID number on {url}"
            assert n not in url and n[:14] not in url
        for name in NAMES:
            assert name not in url
        p = Links()
        p.feed(body)
        for link in p.urls:
            assert not any(n in link for n in FULL_IDS) and not any(m in link for m in NAMES)


def test_unmask_needs_a_purpose_and_is_audited(client: TestClient, svc: Service) -> None:
    csrf = login(client, svc, "nanshan")
    pref = svc.pseudonym(PEOPLE["gd_citizen"].id_number)
    page = client.get(f"/persons/{pref}").text
    assert PEOPLE["gd_citizen"].id_number not in page and "440305********0239" in page
    r = client.post(f"/persons/{pref}/unmask", data={"csrf": csrf, "purpose": ""})
    assert r.status_code == 422 and PEOPLE["gd_citizen"].id_number not in r.text
    r = client.post(f"/persons/{pref}/unmask", data={"csrf": csrf, "purpose": "other"})
    assert r.status_code == 422  # "other" needs a note
    r = client.post(f"/persons/{pref}/unmask", data={"csrf": csrf, "purpose": "enquiry",
                                                     "note": "caller at the desk, ticket 42"})
    assert r.status_code == 200 and PEOPLE["gd_citizen"].id_number in r.text
    assert r.headers["cache-control"] == "no-store"
    row = svc.store.list_audit(AuditFilter(action="person.unmask"), limit=1)[0]
    assert (row.entry.actor, row.entry.role, row.entry.scope) == ("nanshan", "county_officer",
                                                                  "440305")
    assert row.entry.purpose == "enquiry: caller at the desk, ticket 42"
    assert row.entry.persons == (pref,) and row.entry.outcome == "ok"
    # The next plain view is masked again.
    assert PEOPLE["gd_citizen"].id_number not in client.get(f"/persons/{pref}").text


def test_person_page_shows_what_the_issue_asks(client: TestClient, svc: Service) -> None:
    login(client, svc, "nat")
    r = client.get(f"/persons/{svc.pseudonym(PEOPLE['gd_multi'].id_number)}")
    text = r.text
    for anchor in ('id="coverage"', 'id="enrolments"', 'id="sources"'):
        assert anchor in text
    assert "Basic old-age insurance for urban employees" in text and "MA0000" in text


def test_auditor_finds_who_read_a_person_and_verifies_the_chain(client: TestClient,
                                                                svc: Service) -> None:
    login(client, svc, "nanshan")
    pref = svc.pseudonym(PEOPLE["gd_citizen"].id_number)
    client.get(f"/persons/{pref}")
    client.cookies.clear()
    csrf = login(client, svc, "aud")
    r = client.post("/audit/person", data={"csrf": csrf,
                                           "id_number": PEOPLE["gd_citizen"].id_number})
    assert r.status_code == 200 and "nanshan" in r.text and "person.view" in r.text
    assert PEOPLE["gd_citizen"].id_number not in r.text
    r = client.post("/audit/verify", data={"csrf": csrf})
    assert 'class="ok-box"' in r.text and 'id="verification"' in r.text
    # Someone edits a row in the database behind the service's back.
    svc.store._con.execute("UPDATE audit SET actor = 'someone' WHERE seq = 1")  # type: ignore[attr-defined]
    r = client.post("/audit/verify", data={"csrf": csrf})
    assert re.search(r"breaks at row 1\b", r.text)


def test_provincial_auditor_sees_only_their_province(client: TestClient, svc: Service) -> None:
    login(client, svc, "bj")
    client.get("/dashboard")
    client.post("/persons/search", data={"csrf": login(client, svc, "bj"), "name": "张伟",
                                         "birth_date": "1988-08-08"})
    client.cookies.clear()
    login(client, svc, "nanshan")
    client.get(f"/persons/{svc.pseudonym(PEOPLE['gd_citizen'].id_number)}")
    svc.accounts.add_user("aud.gd", "auditor", "440000", "a long test passphrase")
    client.cookies.clear()
    login(client, svc, "aud.gd")
    text = client.get("/audit").text
    assert "nanshan" in text and ">bj<" not in text
