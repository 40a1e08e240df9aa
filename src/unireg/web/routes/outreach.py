"""Outreach lists: the uninsured living in a region, who to visit and why."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unireg.service.events import write_csv
from unireg.service.roles import OUTREACH, scope_within
from unireg.web.errors import NotFound
from unireg.web.routes.persons import PURPOSES
from unireg.web.security import Form, Guard, Viewer, audit, service_of
from unireg.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50
CODE = re.compile(r"[0-9]{6}")
# Above this many rows an export's audit row names the filter (which, with the build id,
# reproduces the list) instead of every person.
AUDIT_PERSONS_MAX = 1000
EXPORT_FIELDS = ("masked_id", "name", "sex", "birth_date", "age", "residence_region",
                 "employment_type", "scheme_group", "reason", "evidence")


def _filters(request: Request, viewer: Viewer, region: str, group: str,
             reason: str) -> tuple[str, str, str]:
    svc = service_of(request)
    region = region or viewer.scope
    if not CODE.fullmatch(region) or not scope_within(region, viewer.scope):
        raise NotFound()
    group = group if group in svc.profile.groups else ""
    reason = reason if reason in svc.profile.codes_of("reason_uninsured") or reason == "other" \
        else ""
    return region, group, reason


@router.get("/outreach", response_class=HTMLResponse)
def outreach(request: Request, *, region: str = "", group: str = "", reason: str = "",
             page: int = 1, purpose_missing: int = 0,
             viewer: Annotated[Viewer, Depends(Guard(OUTREACH, personal=True))]) -> Response:
    region, group, reason = _filters(request, viewer, region, group, reason)
    page = max(1, min(page, 100_000))
    reg = service_of(request).registry
    total, rows = reg.outreach(region, group, reason, offset=(page - 1) * PAGE, limit=PAGE)
    audit(request, viewer, "outreach.list", "ok", persons=tuple(r["pref"] for r in rows),
          detail=f"region={region}; group={group}; reason={reason}; page={page}; "
                 f"total={total}")
    return render(request, "outreach.html", {
        "rows": rows, "total": total, "page": page, "pages": max(1, -(-total // PAGE)),
        "region_code": region, "group": group, "reason": reason, "reasons": reg.reasons(),
        "purposes": PURPOSES, "purpose_missing": bool(purpose_missing)})


@router.post("/outreach/export")
def export(request: Request, form: Form,
                 viewer: Annotated[Viewer, Depends(Guard(OUTREACH, personal=True))]) -> Response:
    region, group, reason = _filters(request, viewer, str(form.get("region") or ""),
                                     str(form.get("group") or ""), str(form.get("reason") or ""))
    purpose = str(form.get("purpose") or "")
    if purpose not in PURPOSES:
        return RedirectResponse(f"/outreach?region={region}&group={group}&reason={reason}"
                                "&purpose_missing=1", status_code=303)
    reg = service_of(request).registry
    total, rows = reg.outreach(region, group, reason, limit=1_000_000)
    persons = tuple(dict.fromkeys(r["pref"] for r in rows))
    audit(request, viewer, "outreach.export", "ok", purpose=purpose,
          persons=persons if len(persons) <= AUDIT_PERSONS_MAX else (),
          detail=f"build={reg.build_info.get('build_id')}; region={region}; group={group}; "
                 f"reason={reason}; rows={total}")
    body = write_csv(EXPORT_FIELDS, ([r[f] for f in EXPORT_FIELDS] for r in rows))
    name = f"outreach-{region}-{group or 'all'}-{dt.date.today():%Y%m%d}.csv"
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
