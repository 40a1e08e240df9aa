"""Rendering pages: Jinja2 templates with the language, the viewer and the CSRF token.

Every page gets ``t`` (translate a message key), ``lang``, ``viewer``,
``csrf`` (for its forms), ``profile`` (scheme and group names), ``region``
(a code's name) and ``pct`` (a rate as a percentage).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from unireg.rules.regions import region_table
from unireg.service.roles import NATION, ROLES
from unireg.web import i18n
from unireg.web.security import csrf_token, service_of, viewer_of

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
LANG_COOKIE = "unireg-lang"


def lang_of(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in i18n.LANGS:
        return chosen
    accept = request.headers.get("accept-language", "").lower()
    return "zh" if accept.startswith("zh") else "en"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def region_label(code: str | None, lang: str = "zh") -> str:
    if not code:
        return "–"
    if code == NATION:
        return i18n.translate("nation", lang)
    r = region_table().get(code)
    return r.name if r else code


def region_path(code: str | None) -> str:
    """Full name at every level, e.g. 广东省 深圳市 南山区."""
    if not code:
        return "–"
    return region_table().describe(code, "zh") if code in region_table() else code


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status: int = 200) -> HTMLResponse:
    lang = lang_of(request)
    svc = service_of(request)
    viewer = viewer_of(request)
    profile = svc.profile

    def t(key: str, **params: Any) -> str:
        return i18n.translate(key, lang, **params)

    def scheme_name(code: str) -> str:
        s = profile.schemes.get(code)
        return (s.name_zh if lang == "zh" else s.name_en) if s else code

    def group_name(code: str) -> str:
        g = profile.groups.get(code)
        return (g.label_zh if lang == "zh" else g.label_en) if g else code

    def role_name(code: str) -> str:
        r = ROLES.get(code)
        return (r.label_zh if lang == "zh" else r.label_en) if r else code

    ctx = {"t": t, "lang": lang, "viewer": viewer, "csrf": csrf_token(request),
           "profile": profile, "scheme_name": scheme_name, "group_name": group_name,
           "role_name": role_name, "region": lambda c: region_label(c, lang),
           "region_path": region_path, "pct": pct, "path": request.url.path,
           "reference_date": svc.registry.reference_date, "today": dt.date.today(),
           **(context or {})}
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status)


def render_error(request: Request, status: int, message: str,
                 problems: list[dict[str, str]]) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message,
                                          "problems": problems}, status=status)
