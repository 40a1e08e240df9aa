"""Exports for the next build: survey returns, events, corrected records, linkage decisions.

Each download is a data-standard file named ``<kind>-<origin>-YYYYMMDD-HHMMSS.csv``;
put it in the delivery folder and run ``unireg build DELIVERY -w W`` (or ``unireg
update``): the build stages files it has not seen (by name and content hash).
Downloading marks survey returns and events as exported, so the next download
holds only new ones. ``unireg serve -w W --export DIR`` does the same from the
command line.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from unireg.service.exports import KINDS as EXPORT_KINDS
from unireg.service.exports import pending, take
from unireg.service.roles import SURVEY_EXPORT
from unireg.web.errors import NotFound
from unireg.web.routes.persons import PURPOSES
from unireg.web.security import Form, Guard, Viewer, audit, service_of
from unireg.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/exports", response_class=HTMLResponse)
def exports_page(request: Request, viewer: Annotated[Viewer, Depends(Guard(SURVEY_EXPORT))]
                ) -> Response:
    counts = pending(service_of(request), viewer.scope)
    return render(request, "exports.html", {"counts": counts, "kinds": EXPORT_KINDS,
                                            "purposes": PURPOSES})


@router.post("/exports/{kind}")
def export(request: Request, form: Form, kind: str,
                 viewer: Annotated[Viewer, Depends(Guard(SURVEY_EXPORT, personal=True))]
                ) -> Response:
    if kind not in EXPORT_KINDS:
        raise NotFound()
    purpose = str(form.get("purpose") or "")
    if purpose not in PURPOSES:
        counts = pending(service_of(request), viewer.scope)
        return render(request, "exports.html", {"counts": counts, "kinds": EXPORT_KINDS,
                                                "purposes": PURPOSES, "purpose_missing": True},
                      status=422)
    svc = service_of(request)
    files = take(svc, viewer.scope, kind, mark=form.get("again") != "1")
    persons = tuple(dict.fromkeys(p for f in files for p in f.persons))
    audit(request, viewer, f"export.{kind}", "ok", purpose=purpose, persons=persons,
          detail="; ".join(f"{f.name}: {f.rows} rows" for f in files) or "nothing to export")
    if not files:
        return render(request, "exports.html", {"counts": pending(svc, viewer.scope),
                                                "kinds": EXPORT_KINDS, "purposes": PURPOSES,
                                                "nothing": kind})
    f = files[0]
    return Response(f.text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{f.name}"'})
