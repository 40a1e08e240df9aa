"""Administration: users and API tokens, within the administrator's own scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unireg.errors import ConfigError
from unireg.service.roles import API_SCOPES, ROLES, USERS_MANAGE, scope_within
from unireg.web.errors import NotFound
from unireg.web.security import Form, Guard, Viewer, audit, service_of
from unireg.web.templating import render

router = APIRouter(include_in_schema=False)


def _users_page(request: Request, viewer: Viewer, **extra: object) -> Response:
    svc = service_of(request)
    users = [u for u in svc.store.list_users() if scope_within(u.scope, viewer.scope)]
    status = 422 if extra.get("error") else 200
    return render(request, "users.html", {"users": users, "roles": ROLES, **extra},
                  status=status)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, viewer: Annotated[Viewer, Depends(Guard(USERS_MANAGE))]) -> Response:
    return _users_page(request, viewer)


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(request: Request, form: Form, viewer: Annotated[Viewer, Depends(Guard(USERS_MANAGE))]
                  ) -> Response:
    svc = service_of(request)
    username = str(form.get("username") or "").strip().lower()
    role, scope = str(form.get("role") or ""), str(form.get("scope") or "").strip()
    password = str(form.get("password") or "")
    if len(scope) != 6 or not scope_within(scope, viewer.scope):
        return _users_page(request, viewer, error="scope: outside your own scope")
    try:
        svc.accounts.add_user(username, role, scope, password,
                              str(form.get("display_name") or "")[:80])
    except ConfigError as exc:
        return _users_page(request, viewer, error=str(exc))
    audit(request, viewer, "user.add", "ok", detail=f"user={username}; role={role}; "
                                                    f"scope={scope}")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/{action}")
def set_user(request: Request, username: str, action: str,
                   viewer: Annotated[Viewer, Depends(Guard(USERS_MANAGE))]) -> Response:
    svc = service_of(request)
    user = svc.store.get_user(username)
    if user is None or action not in ("disable", "enable") or not scope_within(
            user.scope, viewer.scope) or user.username == viewer.user.username:
        raise NotFound()
    if action == "disable":
        svc.accounts.disable(username)
    else:
        svc.accounts.enable(username)
    audit(request, viewer, f"user.{action}", "ok", detail=f"user={username}")
    return RedirectResponse("/admin/users", status_code=303)


def _tokens_page(request: Request, viewer: Viewer, **extra: object) -> Response:
    tokens = [t for t in service_of(request).store.list_tokens()
              if scope_within(t.region, viewer.scope)]
    return render(request, "tokens.html", {"tokens": tokens, "scopes": API_SCOPES, **extra},
                  status=422 if extra.get("error") else 200)


@router.get("/admin/tokens", response_class=HTMLResponse)
def tokens(request: Request, viewer: Annotated[Viewer, Depends(Guard(USERS_MANAGE))]) -> Response:
    return _tokens_page(request, viewer)


@router.post("/admin/tokens", response_class=HTMLResponse)
def issue(request: Request, form: Form, viewer: Annotated[Viewer, Depends(Guard(USERS_MANAGE))]
               ) -> Response:
    name = str(form.get("name") or "").strip().lower()
    region = str(form.get("region") or "").strip()
    scopes = tuple(str(s) for s in form.getlist("scopes"))
    if len(region) != 6 or not scope_within(region, viewer.scope):
        return _tokens_page(request, viewer, error="region: outside your own scope")
    try:
        plain, token = service_of(request).accounts.issue_token(name, scopes, region,
                                                                viewer.user.username)
    except ConfigError as exc:
        return _tokens_page(request, viewer, error=str(exc))
    audit(request, viewer, "token.issue", "ok",
          detail=f"token={name}; scopes={' '.join(token.scopes)}; region={region}")
    # Shown once, in this response only (no-store), never stored in plain.
    return _tokens_page(request, viewer, new_token=plain, new_name=name)


@router.post("/admin/tokens/{name}/revoke")
def revoke(request: Request, name: str,
                 viewer: Annotated[Viewer, Depends(Guard(USERS_MANAGE))]) -> Response:
    svc = service_of(request)
    mine = [t for t in svc.store.list_tokens()
            if t.name == name and not t.revoked and scope_within(t.region, viewer.scope)]
    if not mine:
        raise NotFound()
    svc.store.revoke_token(name)
    audit(request, viewer, "token.revoke", "ok", detail=f"token={name}")
    return RedirectResponse("/admin/tokens", status_code=303)
