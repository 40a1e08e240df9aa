"""Who is asking: sessions in cookies, CSRF tokens, guards on routes, API tokens.

- Sessions are server-side (:class:`unireg.service.accounts.Accounts`); the
  cookie holds a random value only, ``Secure; HttpOnly; SameSite=Strict``,
  with the ``__Host-`` prefix so no sub-domain can set it.
- Every form carries a CSRF token: the session's synchroniser token, or for
  forms shown before log-in (log-in, self-service) an HMAC of an anonymous
  cookie (double submit, signed with the service secret).
- A route declares what it needs with a guard in its dependencies:
  ``Depends(Guard(PERSON_READ, personal=True))`` for pages,
  ``Depends(ApiGuard(API_COVERAGE))`` for the API. The authorisation-matrix test
  reads these guards from the routes; a route with neither must be listed in
  :data:`PUBLIC_ROUTES`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from unireg.service.context import Service
from unireg.service.models import ApiToken, AuditEntry, Session, User
from unireg.service.roles import NATION, ROLES, has
from unireg.web.errors import Forbidden, LoginRequired, RateLimited, ServiceError

# Routes anyone may call (no guard); everything else has a Guard or an ApiGuard.
PUBLIC_ROUTES = frozenset({
    ("GET", "/"), ("GET", "/login"), ("POST", "/login"), ("POST", "/logout"),
    ("GET", "/lang/{code}"), ("GET", "/check"), ("POST", "/check"), ("GET", "/healthz"),
    ("GET", "/api/v1/openapi.json"), ("GET", "/static"),
})


def cookie_names(secure: bool) -> tuple[str, str]:
    """(session cookie, anonymous cookie); the ``__Host-`` prefix needs Secure."""
    prefix = "__Host-" if secure else ""
    return prefix + "unireg-session", prefix + "unireg-anon"


def service_of(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


@dataclass(frozen=True)
class Viewer:
    """A logged-in person: the user, their session, and the permissions of their role."""

    user: User
    session: Session

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def scope(self) -> str:
        return self.user.scope

    def can(self, permission: str) -> bool:
        return has(self.user.role, permission)

    @property
    def home(self) -> str:
        return ROLES[self.user.role].home


def viewer_of(request: Request) -> Viewer | None:
    """The logged-in viewer, resolved once per request (None if not logged in)."""
    if hasattr(request.state, "viewer"):
        v: Viewer | None = request.state.viewer
        return v
    svc = service_of(request)
    name, _ = cookie_names(svc.settings.cookie_secure)
    found = svc.accounts.resume(request.cookies.get(name, ""))
    viewer = Viewer(found[1], found[0]) if found else None
    request.state.viewer = viewer
    return viewer


def anon_value(request: Request) -> str:
    """The anonymous cookie's value (a new one is made, and set by the middleware)."""
    value: str | None = getattr(request.state, "anon", None)
    if value is None:
        svc = service_of(request)
        _, name = cookie_names(svc.settings.cookie_secure)
        value = request.cookies.get(name, "")
        if not (20 <= len(value) <= 64):
            value = secrets.token_urlsafe(24)
            request.state.new_anon = value
        request.state.anon = value
    return value


def csrf_token(request: Request) -> str:
    """The token the current page's forms carry."""
    viewer = viewer_of(request)
    if viewer is not None:
        return viewer.session.csrf
    secret = service_of(request).secret.encode()
    return hmac.new(secret, b"anon|" + anon_value(request).encode(), hashlib.sha256).hexdigest()


async def check_csrf(request: Request) -> FormData:
    """Refuse a POST whose form does not carry this page's CSRF token (403)."""
    form = await request.form()
    token = str(form.get("csrf") or "")
    expected = csrf_token(request)
    if not token or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Forbidden("The form has expired or did not come from this site. Reload the page "
                        "and try again.")
    return form


async def form_of(request: Request) -> FormData:
    """The request's form, parsed once (a dependency, so that handlers can be plain ``def``)."""
    return await request.form()


async def csrf_form(request: Request) -> FormData:
    """The form of a public page's POST, after its CSRF token is checked (403 otherwise)."""
    await run_in_threadpool(viewer_of, request)  # the session lookup blocks: not on the loop
    return await check_csrf(request)


Form = Annotated[FormData, Depends(form_of)]
CsrfForm = Annotated[FormData, Depends(csrf_form)]


class Guard:
    """A page that needs a login and (optionally) a permission; POSTs must carry the CSRF token.

    ``personal`` declares that the page reads personal data: it writes an audit
    row and is served ``Cache-Control: no-store`` (as every dynamic page is).
    """

    def __init__(self, permission: str | None = None, personal: bool = False) -> None:
        self.permission, self.personal = permission, personal

    async def __call__(self, request: Request) -> Viewer:
        # Session lookups hit the store: run them on a worker thread, not the event loop.
        viewer = await run_in_threadpool(viewer_of, request)
        if viewer is None:
            raise LoginRequired()
        if self.permission is not None and not viewer.can(self.permission):
            raise Forbidden()
        if request.method == "POST":
            await check_csrf(request)
        return viewer

    def __repr__(self) -> str:
        return f"Guard({self.permission!r}, personal={self.personal})"


@dataclass(frozen=True)
class Client:
    """A system calling the API with a token."""

    token: ApiToken

    @property
    def scope(self) -> str:
        return self.token.region or NATION

    @property
    def actor(self) -> str:
        return f"token:{self.token.name}"


class ApiGuard:
    """An API route: a bearer token with the scope ``scope``, within its rate limit."""

    def __init__(self, scope: str, personal: bool = False) -> None:
        self.scope, self.personal = scope, personal

    async def __call__(self, request: Request) -> Client:
        svc = service_of(request)
        header = request.headers.get("authorization", "")
        kind, _, value = header.partition(" ")
        token = (await run_in_threadpool(svc.accounts.check_token, value.strip())
                 if kind.lower() == "bearer" else None)
        if token is None:
            raise ServiceError(401, "A valid bearer token is needed.",
                               headers={"WWW-Authenticate": "Bearer"})
        wait = svc.limits.api_token.hit(token.token_hash)
        if wait:
            raise RateLimited(wait)
        if self.scope not in token.scopes:
            raise ServiceError(403, f"This token lacks the scope {self.scope}.")
        return Client(token)

    def __repr__(self) -> str:
        return f"ApiGuard({self.scope!r}, personal={self.personal})"


def audit(request: Request, who: Viewer | Client | None, action: str, outcome: str,
          persons: tuple[str, ...] = (), purpose: str = "", detail: str = "") -> None:
    """Write one audit row for this request (persons as pseudonyms)."""
    svc = service_of(request)
    if isinstance(who, Viewer):
        actor, role, scope = who.user.username, who.role, who.scope
    elif isinstance(who, Client):
        actor, role, scope = who.actor, "system", who.scope
    else:
        actor, role, scope = "citizen", "citizen", ""
    svc.audit(AuditEntry(actor=actor, role=role, scope=scope, action=action, outcome=outcome,
                         purpose=purpose, persons=persons, detail=detail,
                         client=client_of(request)))
