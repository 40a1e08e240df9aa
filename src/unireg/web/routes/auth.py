"""Log-in, log-out, the landing page, language, health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from unireg.errors import ConfigError
from unireg.service.models import AuditEntry
from unireg.service.roles import ROLES
from unireg.web.errors import RateLimited
from unireg.web.i18n import LANGS
from unireg.web.security import (
    CsrfForm,
    Form,
    Guard,
    Viewer,
    audit,
    client_of,
    cookie_names,
    service_of,
    viewer_of,
)
from unireg.web.templating import LANG_COOKIE, render

router = APIRouter(include_in_schema=False)


def local_path(value: str, default: str = "/") -> str:
    """Only same-site paths may be redirected to (no //host, no scheme)."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    viewer = viewer_of(request)
    if viewer is not None:
        return RedirectResponse(viewer.home, status_code=303)
    return render(request, "landing.html")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    if viewer_of(request) is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html")


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: CsrfForm) -> Response:
    svc = service_of(request)
    wait = svc.limits.citizen_client.hit("login|" + client_of(request))
    if wait:
        raise RateLimited(wait)
    username = str(form.get("username") or "").strip().lower()[:64]
    password = str(form.get("password") or "")[:1024]
    result = svc.accounts.authenticate(username, password)
    user = result.user
    # An unknown name is not recorded: people type passwords into the name field.
    svc.audit(AuditEntry(actor=user.username if user else "(unknown)",
                         role=user.role if user else "", scope=user.scope if user else "",
                         action="login", outcome=result.outcome, client=client_of(request)))
    if not result.ok or user is None:
        return render(request, "login.html", {"failed": True}, status=401)
    cookie, _ = svc.accounts.start_session(user)
    response = RedirectResponse(ROLES[user.role].home, status_code=303)
    name, _ = cookie_names(svc.settings.cookie_secure)
    response.set_cookie(name, cookie, httponly=True, secure=svc.settings.cookie_secure,
                        samesite="strict", path="/")
    return response


@router.post("/logout")
def logout(request: Request, form: CsrfForm) -> Response:
    svc = service_of(request)
    name, _ = cookie_names(svc.settings.cookie_secure)
    svc.accounts.end_session(request.cookies.get(name, ""))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(name, path="/", secure=svc.settings.cookie_secure, httponly=True,
                           samesite="strict")
    return response


@router.get("/lang/{code}")
def set_lang(request: Request, code: str, next: str = "/") -> Response:
    response = RedirectResponse(local_path(next), status_code=303)
    if code in LANGS:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/",
                            secure=service_of(request).settings.cookie_secure, httponly=True)
    return response


@router.get("/healthz")
def health(request: Request) -> JSONResponse:
    reg = service_of(request).registry
    return JSONResponse({"ok": True, "build": reg.build_info.get("build_id"),
                         "reference_date": str(reg.reference_date)})


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, viewer: Annotated[Viewer, Depends(Guard())]) -> Response:
    return render(request, "password.html")


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, form: Form, viewer: Annotated[Viewer, Depends(Guard())]
                         ) -> Response:
    svc = service_of(request)
    current, new, again = (str(form.get(k) or "") for k in ("current", "new", "again"))
    error: Any = None
    if not svc.accounts.authenticate(viewer.user.username, current).ok:
        error = "password_wrong"
    elif new != again:
        error = "password_differ"
    else:
        try:
            svc.accounts.set_password(viewer.user.username, new)
        except ConfigError:
            error = "password_weak"
    audit(request, viewer, "account.password", "ok" if error is None else error)
    if error:
        return render(request, "password.html", {"error": error}, status=422)
    return RedirectResponse("/login", status_code=303)
