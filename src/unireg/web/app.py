"""The FastAPI application for one workspace's service.

>>> # app = create_app(open_service(Path("W")))  ;  uvicorn.run(app)
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unireg import __version__
from unireg.service.context import Service
from unireg.web import errors
from unireg.web.security import anon_value, cookie_names
from unireg.web.templating import render_error

STATIC = Path(__file__).parent / "static"

# No inline script or style anywhere; charts and maps are SVG drawn on the server.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

API_DESCRIPTION = """\
Coverage status of persons (single and batch), coverage summaries by region,
and submission of events and household survey returns, for other departments'
systems. Authenticate with `Authorization: Bearer <token>`; a token carries
scopes (`coverage:read`, `summary:read`, `events:write`, `surveys:write`,
`audit:verify`) and a region. Persons outside the token's region are reported
exactly like persons the registry does not know. Every error has the shape
`{"error": {"status", "code", "message", "problems": [{"field", "code", "message"}]}}`.
ID numbers are sent in request bodies, never in URLs, and answered masked.
"""


class SecurityHeaders:
    """Security headers on every response, ``no-store`` on every dynamic one, and the
    anonymous cookie that signs pre-log-in forms (plain ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app, self.service = app, service
        secure = service.settings.cookie_secure
        self.anon_cookie = cookie_names(secure)[1]
        self.cookie_flags = "; HttpOnly; Path=/; SameSite=strict" + ("; Secure" if secure else "")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        static = path.startswith("/static/")
        if not static and not path.startswith("/api/"):
            anon_value(Request(scope))  # an anonymous cookie for the forms of this page
        state = scope.setdefault("state", {})

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in HEADERS.items():
                    headers[k] = v
                if static:
                    headers["Cache-Control"] = "public, max-age=3600"
                else:  # every dynamic response may carry personal data
                    headers["Cache-Control"] = "no-store"
                    headers["Pragma"] = "no-cache"
                new = state.get("new_anon")
                if new:
                    headers.append("set-cookie", f"{self.anon_cookie}={new}{self.cookie_flags}")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(service: Service) -> FastAPI:
    app = FastAPI(title="unireg", version=__version__, description=API_DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.service = service
    errors.install(app, render_error)

    app.add_middleware(SecurityHeaders, service=service)

    from unireg.web.api import routes as api_routes
    from unireg.web.routes import (
        admin,
        audit,
        auth,
        citizen,
        dashboard,
        exports,
        outreach,
        persons,
        queues,
        survey,
    )

    for module in (auth, dashboard, persons, queues, outreach, citizen, survey, exports, audit,
                   admin):
        app.include_router(module.router)
    app.include_router(api_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
