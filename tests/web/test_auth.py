"""Log-in, cookies, CSRF, lock-out, log-out."""

from __future__ import annotations

from unireg.service.context import Service
from unireg.service.store.base import AuditFilter

from .conftest import PASSWORD, TestClient, csrf_of, login


def _login(c: TestClient, username: str, password: str) -> object:
    token = csrf_of(c.get("/login").text)
    return c.post("/login", data={"csrf": token, "username": username, "password": password},
                  follow_redirects=False)


def test_login_sets_a_secure_host_cookie_and_lands_on_the_role_home(client: TestClient) -> None:
    r = _login(client, "nanshan", PASSWORD)
    assert r.status_code == 303 and r.headers["location"] == "/dashboard"  # type: ignore[attr-defined]
    cookie = next(h for h in r.headers.get_list("set-cookie")  # type: ignore[attr-defined]
                  if h.startswith("__Host-unireg-session="))
    low = cookie.lower()
    assert "secure" in low and "httponly" in low and "samesite=strict" in low
    assert "path=/" in low and "domain=" not in low
    assert client.get("/dashboard").status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"] == "/dashboard"


def test_each_role_lands_on_its_page(client: TestClient) -> None:
    for user, home in (("enum", "/survey/new"), ("aud", "/audit"), ("admin", "/admin/users")):
        client.cookies.clear()
        r = _login(client, user, PASSWORD)
        assert r.headers["location"] == home  # type: ignore[attr-defined]


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient) -> None:
    a = _login(client, "nanshan", "not the password")
    b = _login(client, "nobody.here", "not the password")
    assert a.status_code == b.status_code == 401  # type: ignore[attr-defined]
    strip = lambda t: t.split('name="csrf"')[0]  # noqa: E731 - the form's token differs
    assert strip(a.text) == strip(b.text)  # type: ignore[attr-defined]


def test_lockout_after_five_failures(client: TestClient, svc: Service) -> None:
    for _ in range(5):
        _login(client, "nanshan", "not the password")
    r = _login(client, "nanshan", PASSWORD)
    assert r.status_code == 401  # type: ignore[attr-defined]
    outcomes = [row.entry.outcome for row in svc.store.list_audit(
        AuditFilter(action="login"), limit=10)]
    assert outcomes[0] == "locked" and outcomes.count("bad_credentials") == 4


def test_unknown_user_names_are_not_recorded(client: TestClient, svc: Service) -> None:
    _login(client, "MyPassw0rd!", "x")  # a password typed into the name field
    row = svc.store.list_audit(AuditFilter(action="login"), limit=1)[0]
    assert row.entry.actor == "(unknown)" and "MyPassw0rd" not in str(row)


def test_every_form_needs_its_csrf_token(client: TestClient, svc: Service) -> None:
    r = client.post("/login", data={"username": "nanshan", "password": PASSWORD})
    assert r.status_code == 403
    r = client.post("/check", data={"id_number": "x", "name": "y", "birth_date": "2000-01-01"})
    assert r.status_code == 403
    csrf = login(client, svc, "nat")
    r = client.post("/persons/search", data={"name": "张伟", "birth_date": "1988-08-08"})
    assert r.status_code == 403
    r = client.post("/persons/search", data={"csrf": csrf + "x", "name": "张伟",
                                             "birth_date": "1988-08-08"})
    assert r.status_code == 403
    # A token from another session does not work either.
    other = TestClient(client.app, base_url="https://testserver")
    other_csrf = login(other, svc, "gd")
    r = client.post("/persons/search", data={"csrf": other_csrf, "name": "张伟",
                                             "birth_date": "1988-08-08"})
    assert r.status_code == 403


def test_logout_ends_the_session_on_the_server(client: TestClient, svc: Service) -> None:
    r = _login(client, "nanshan", PASSWORD)
    cookie = client.cookies.get("__Host-unireg-session")
    page = client.get("/dashboard")
    r = client.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    # Replaying the old cookie gets nothing.
    client.cookies.set("__Host-unireg-session", cookie or "", domain="testserver.local")
    assert client.get("/dashboard", follow_redirects=False).headers["location"] == "/login"


def test_a_new_session_on_every_login(client: TestClient) -> None:
    _login(client, "nanshan", PASSWORD)
    first = client.cookies.get("__Host-unireg-session")
    _login(client, "nanshan", PASSWORD)
    assert client.cookies.get("__Host-unireg-session") != first


def test_disabling_a_user_ends_their_session(client: TestClient, svc: Service) -> None:
    login(client, svc, "nanshan")
    assert client.get("/dashboard").status_code == 200
    svc.accounts.disable("nanshan")
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_change_password(client: TestClient, svc: Service) -> None:
    csrf = login(client, svc, "nanshan")
    r = client.post("/account/password", data={"csrf": csrf, "current": PASSWORD,
                                               "new": "short", "again": "short"})
    assert r.status_code == 422
    r = client.post("/account/password", data={"csrf": csrf, "current": PASSWORD,
                                               "new": "a brand new passphrase",
                                               "again": "a brand new passphrase"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert svc.accounts.authenticate("nanshan", "a brand new passphrase").ok


def test_security_headers(client: TestClient) -> None:
    r = client.get("/check")
    h = r.headers
    assert "script-src 'self'" in h["content-security-policy"]
    assert "unsafe-inline" not in h["content-security-policy"]
    assert h["x-frame-options"] == "DENY" and h["referrer-policy"] == "no-referrer"
    assert h["cache-control"] == "no-store"
    assert client.get("/static/style.css").headers["cache-control"].startswith("public")


def test_open_redirect_is_refused(client: TestClient) -> None:
    for target in ("//evil.example", "https://evil.example", "/\\evil"):
        r = client.get(f"/lang/zh?next={target}", follow_redirects=False)
        assert r.headers["location"] == "/"
