"""The authorisation matrix, generated from the app's routes.

Every route of the app is either public (``security.PUBLIC_ROUTES``) or has a
guard; this test reads the guards from the routes themselves and, for every
guarded route, every role, and a target inside the user's scope, outside it,
and missing altogether, checks that:

- without a login a page redirects to /login (the API answers 401);
- a role without the guard's permission gets 403;
- a role with it succeeds on a target inside its scope;
- a target outside the scope gets exactly the answer a missing target gets
  (same status, same page once the CSRF token is blanked);
- a successful request to a route that reads personal data writes exactly
  one audit row.

A new route without a guard, or a guarded route without a request recipe
below, fails ``test_every_route_is_covered``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from unireg.service.context import Service
from unireg.service.roles import has
from unireg.web.app import create_app
from unireg.web.security import PUBLIC_ROUTES, ApiGuard, Guard

from .conftest import PEOPLE, USERS, TestClient, login

INSIDE, OUTSIDE, MISSING = "inside", "outside", "missing"
NANSHAN_ROLES = ("nat", "gd", "nanshan")  # whose scope holds the "inside" (Nanshan) targets


def guard_of(route: APIRoute) -> Guard | ApiGuard | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Guard | ApiGuard):
            return dep.call
        stack.extend(dep.dependencies)
    return None


def routes(svc: Service) -> list[tuple[str, str, APIRoute]]:
    """(method, path, route) of every API route, through included routers."""
    out = []
    for ctx in iter_route_contexts(create_app(svc).routes):
        r = ctx.original_route
        if isinstance(r, APIRoute):
            out += [(m, ctx.path or r.path, r) for m in sorted(r.methods)]
    assert out, "no routes found: has FastAPI changed how routers are included?"
    return out


@dataclass
class Targets:
    """Concrete values for each kind of path parameter, inside/outside/missing."""

    svc: Service
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        reg, pref = self.svc.registry, self.svc.pseudonym
        ma = {r["person_key"]: r["case_id"] for r in reg.query(
            "SELECT person_key, case_id FROM reg.multiple_affiliation")}
        rv = {r["row_ref"]: r["ref"] for r in reg.query("SELECT row_ref, ref FROM review_index")}
        qr = {r["row_ref"]: r["ref"] for r in reg.query(
            "SELECT row_ref, ref FROM quarantine_index")}
        self.values = {
            "pref": {INSIDE: pref(PEOPLE["gd_citizen"].id_number),
                     OUTSIDE: pref(PEOPLE["bj_multi"].id_number), MISSING: "0" * 24},
            "multiple": {INSIDE: ma[PEOPLE["gd_double"].id_number],
                         OUTSIDE: ma[PEOPLE["bj_multi"].id_number], MISSING: "MA99999999"},
            "deceased": {INSIDE: pref(PEOPLE["gd_dead2"].id_number),
                         OUTSIDE: pref(PEOPLE["bj_deceased"].id_number), MISSING: "1" * 24},
            "review": {INSIDE: rv["r1"], OUTSIDE: rv["r2"], MISSING: "2" * 24},
            "quarantine": {INSIDE: qr["q1"], OUTSIDE: qr["q2"], MISSING: "3" * 24},
            "region": {INSIDE: "440305", OUTSIDE: "110000", MISSING: "990000"},
            "id_number": {INSIDE: PEOPLE["gd_citizen"].id_number,
                          OUTSIDE: PEOPLE["bj_multi"].id_number,
                          MISSING: fixture_unknown()},
        }


def fixture_unknown() -> str:
    from .conftest import UNKNOWN_ID

    return str(UNKNOWN_ID)


@dataclass(frozen=True)
class Recipe:
    """How to call a route: (url, form) for a target kind; ``scoped``: has inside/outside."""

    make: Callable[[Targets, str], tuple[str, dict[str, Any]]]
    scoped: bool = False
    ok: tuple[int, ...] = (200, 303)
    absent: int = 404  # the status for a target outside the scope, or missing


def _q(queue: str) -> Recipe:
    forms = {"multiple": {"action": "end_enrolment", "reason": "matrix",
                          "end_ref": "enrolment:w1"},
             "review": {"action": "not_same", "reason": "matrix"},
             "quarantine": {"action": "reject", "reason": "matrix"},
             "deceased": {"action": "death_wrong", "reason": "matrix"}}

    def make(t: Targets, k: str) -> tuple[str, dict[str, Any]]:
        return f"/queues/{queue}/{t.values[queue][k]}", forms[queue]
    return Recipe(make, scoped=True)


SURVEY = {"visit_date": "2018-01-02", "id_number": "", "name": "测试", "sex": "1",
          "birth_date": "1990-01-01", "residence_region": "440305",
          "employment_type": "employee", "reason_uninsured": "unaware"}

RECIPES: dict[tuple[str, str], list[Recipe]] = {
    ("GET", "/dashboard"): [Recipe(lambda t, k: (f"/dashboard?region={t.values['region'][k]}",
                                                 {}), scoped=True)],
    ("GET", "/persons"): [Recipe(lambda t, k: ("/persons", {}))],
    ("POST", "/persons/search"): [Recipe(
        lambda t, k: ("/persons/search", {"id_number": t.values["id_number"][k]}), scoped=True,
        absent=200)],
    ("GET", "/persons/{pref}"): [Recipe(lambda t, k: (f"/persons/{t.values['pref'][k]}", {}),
                                        scoped=True)],
    ("POST", "/persons/{pref}/unmask"): [Recipe(
        lambda t, k: (f"/persons/{t.values['pref'][k]}/unmask", {"purpose": "casework"}),
        scoped=True)],
    ("GET", "/queues"): [Recipe(lambda t, k: ("/queues", {}))],
    ("GET", "/queues/{queue}"): [Recipe(lambda t, k, q=q: (f"/queues/{q}", {}))
                                 for q in ("multiple", "review", "quarantine", "deceased")],
    ("GET", "/queues/{queue}/{ref}"): [_q(q) for q in ("multiple", "review", "quarantine",
                                                        "deceased")],
    ("POST", "/queues/{queue}/{ref}"): [_q(q) for q in ("multiple", "review", "quarantine",
                                                         "deceased")],
    ("GET", "/outreach"): [Recipe(lambda t, k: (f"/outreach?region={t.values['region'][k]}", {}),
                                  scoped=True)],
    ("POST", "/outreach/export"): [Recipe(
        lambda t, k: ("/outreach/export", {"region": t.values["region"][k],
                                           "purpose": "casework"}), scoped=True)],
    ("GET", "/survey/new"): [Recipe(lambda t, k: ("/survey/new", {}))],
    ("POST", "/survey/new"): [Recipe(lambda t, k: ("/survey/new", SURVEY))],
    ("POST", "/survey/check"): [Recipe(lambda t, k: ("/survey/check", SURVEY))],
    ("GET", "/survey/returns"): [Recipe(lambda t, k: ("/survey/returns", {}))],
    ("GET", "/exports"): [Recipe(lambda t, k: ("/exports", {}))],
    ("POST", "/exports/{kind}"): [Recipe(lambda t, k: ("/exports/survey",
                                                       {"purpose": "casework"}))],
    ("GET", "/audit"): [Recipe(lambda t, k: ("/audit", {}))],
    ("POST", "/audit/person"): [Recipe(lambda t, k: ("/audit/person", {
        "id_number": PEOPLE["gd_citizen"].id_number}))],
    ("POST", "/audit/verify"): [Recipe(lambda t, k: ("/audit/verify", {}))],
    ("GET", "/admin/users"): [Recipe(lambda t, k: ("/admin/users", {}))],
    ("POST", "/admin/users"): [Recipe(lambda t, k: ("/admin/users", {
        "username": "new.user", "role": "auditor", "scope": "440000",
        "password": "another long passphrase"}))],
    ("POST", "/admin/users/{username}/{action}"): [Recipe(
        lambda t, k: ("/admin/users/spare/disable", {}))],
    ("GET", "/admin/tokens"): [Recipe(lambda t, k: ("/admin/tokens", {}))],
    ("POST", "/admin/tokens"): [Recipe(lambda t, k: ("/admin/tokens", {
        "name": "sys.b", "scopes": "summary:read", "region": "440000"}))],
    ("POST", "/admin/tokens/{name}/revoke"): [Recipe(
        lambda t, k: ("/admin/tokens/sys.a/revoke", {}))],
    ("GET", "/account/password"): [Recipe(lambda t, k: ("/account/password", {}))],
    ("POST", "/account/password"): [Recipe(lambda t, k: ("/account/password", {
        "current": "wrong", "new": "x", "again": "y"}), ok=(422,))],
}
# API routes: each needs a token scope; the API's own tests cover bodies and scopes.
API_RECIPES: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {
    ("POST", "/api/v1/coverage/lookup"): ("/api/v1/coverage/lookup",
                                          {"id_number": PEOPLE["gd_citizen"].id_number}),
    ("POST", "/api/v1/coverage/batch"): ("/api/v1/coverage/batch",
                                         {"id_numbers": [PEOPLE["gd_citizen"].id_number]}),
    ("GET", "/api/v1/coverage/summary"): ("/api/v1/coverage/summary?region=440000", None),
    ("POST", "/api/v1/events"): ("/api/v1/events", {"events": [
        {"event_id": "m1", "event_type": "death", "event_date": "2018-01-02",
         "id_number": PEOPLE["gd_citizen"].id_number}]}),
    ("POST", "/api/v1/surveys"): ("/api/v1/surveys", {"returns": [
        {"survey_id": "m1", "visit_date": "2018-01-02", "name": "测试", "sex": "1",
         "birth_date": "1990-01-01", "residence_region": "440305"}]}),
    ("GET", "/api/v1/audit/verify"): ("/api/v1/audit/verify", None),
}

CSRF = re.compile(r'name="csrf" value="[^"]*"')


def blank(text: str, url: str) -> str:
    """The page with its CSRF token and the requested path (in links to itself) blanked."""
    from urllib.parse import quote

    path = url.split("?")[0]
    text = text.replace(quote(path), "<PATH>").replace(path, "<PATH>")
    return CSRF.sub('name="csrf" value=""', text)


def test_every_route_is_covered(svc: Service) -> None:
    for method, path, route in routes(svc):
        guard = guard_of(route)
        if guard is None:
            assert (method, path) in PUBLIC_ROUTES, f"{method} {path} has no guard"
        elif isinstance(guard, ApiGuard):
            assert (method, path) in API_RECIPES, f"{method} {path}: add an API recipe"
        else:
            assert (method, path) in RECIPES, f"{method} {path}: add a recipe"
    known = {(m, p) for m, p, _ in routes(svc)}
    assert set(RECIPES) <= known and set(API_RECIPES) <= known, "recipes for removed routes"


def _page_cases() -> list[Any]:
    return [pytest.param(m, p, i, id=f"{m} {p} #{i}")
            for (m, p), recipes in RECIPES.items() for i in range(len(recipes))]


def _call(c: TestClient, method: str, url: str, form: dict[str, Any], csrf: str) -> Any:
    if method == "GET":
        return c.get(url, follow_redirects=False)
    return c.post(url, data={**form, "csrf": csrf}, follow_redirects=False)


@pytest.mark.parametrize(("method", "path", "index"), _page_cases())
def test_page_matrix(svc: Service, method: str, path: str, index: int) -> None:
    recipe = RECIPES[(method, path)][index]
    svc.accounts.add_user("spare", "auditor", "440000", "a long test passphrase")
    svc.accounts.issue_token("sys.a", ("summary:read",), "440000", "admin")
    route = next(r for m, p, r in routes(svc) if (m, p) == (method, path))
    guard = guard_of(route)
    assert isinstance(guard, Guard)
    t = Targets(svc)
    app = create_app(svc)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=True) as c:
        # Not logged in: the page sends the browser to the log-in page.
        url, form = recipe.make(t, INSIDE)
        anon_csrf = _anon_csrf(c)
        r = _call(c, method, url, form, anon_csrf)
        assert (r.status_code, r.headers.get("location")) == (303, "/login"), (url, r.text[:300])
    for user, (role, _scope) in USERS.items():
        with TestClient(app, base_url="https://testserver",
                        raise_server_exceptions=True) as c:
            csrf = login(c, svc, user)
            allowed = guard.permission is None or has(role, guard.permission)
            if not allowed:
                url, form = recipe.make(t, INSIDE)
                r = _call(c, method, url, form, csrf)
                assert r.status_code == 403, (user, url, r.status_code)
                continue
            if recipe.scoped and user not in NANSHAN_ROLES:
                continue  # no target of this kind inside this user's scope
            before = svc.store.count_audit()
            url, form = recipe.make(t, INSIDE)
            r = _call(c, method, url, form, csrf)
            assert r.status_code in recipe.ok, (user, url, r.status_code, r.text[-500:])
            assert r.headers["cache-control"] == "no-store"
            if guard.personal:
                assert svc.store.count_audit() == before + 1, (user, url)
            if not recipe.scoped:
                continue
            if user == "nat":
                continue  # everything is inside the national scope
            url_out, form_out = recipe.make(t, OUTSIDE)
            url_missing, form_missing = recipe.make(t, MISSING)
            out = _call(c, method, url_out, form_out, csrf)
            missing = _call(c, method, url_missing, form_missing, csrf)
            assert out.status_code == missing.status_code == recipe.absent, (
                user, url_out, out.status_code, missing.status_code)
            assert blank(out.text, url_out) == blank(missing.text, url_missing), (user, url_out)


def _anon_csrf(c: TestClient) -> str:
    r = c.get("/login")
    m = re.search(r'name="csrf" value="([^"]+)"', r.text)
    assert m
    return m.group(1)


@pytest.mark.parametrize(("method", "path"), list(API_RECIPES))
def test_api_matrix(svc: Service, client: TestClient, method: str, path: str) -> None:
    from unireg.service.roles import API_SCOPES

    route = next(r for m, p, r in routes(svc) if (m, p) == (method, path))
    guard = guard_of(route)
    assert isinstance(guard, ApiGuard)
    url, body = API_RECIPES[(method, path)]
    tokens = {s: svc.accounts.issue_token(f"t.{i}", (s,), "440000", "admin")[0]
              for i, s in enumerate(API_SCOPES)}

    def call(headers: dict[str, str]) -> Any:
        if method == "GET":
            return client.get(url, headers=headers)
        return client.post(url, json=body, headers=headers)

    r = call({})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert call({"Authorization": "Bearer urt_nonsense"}).status_code == 401
    for scope, token in tokens.items():
        before = svc.store.count_audit()
        r = call({"Authorization": f"Bearer {token}"})
        if scope == guard.scope:
            assert r.status_code == 200, (scope, r.text)
            assert r.headers["cache-control"] == "no-store"
            if guard.personal:
                assert svc.store.count_audit() == before + 1
        else:
            assert r.status_code == 403, (scope, r.status_code)
            assert r.json()["error"]["code"] == "forbidden"
