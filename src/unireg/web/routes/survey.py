"""Field registration: enumerators enter household survey returns, checked as they type."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from unireg.rules import idnumber
from unireg.service.roles import SURVEY_WRITE
from unireg.service.survey import FORM_FIELDS, check_return, is_leaf_in_force, make_return
from unireg.web.i18n import translate
from unireg.web.security import Form, Guard, Viewer, audit, service_of
from unireg.web.templating import lang_of, render

router = APIRouter(include_in_schema=False)


def _form_values(form: dict[str, str]) -> dict[str, str]:
    return {f: (form.get(f) or "").strip()[:200] for f in FORM_FIELDS}


@router.get("/survey/new", response_class=HTMLResponse)
def new(request: Request, *, saved: str = "",
        viewer: Annotated[Viewer, Depends(Guard(SURVEY_WRITE))]) -> Response:
    defaults = {"visit_date": dt.date.today().isoformat(),
                "residence_region": viewer.scope if is_leaf_in_force(viewer.scope) else ""}
    return render(request, "survey.html", {"values": defaults, "saved": saved[:40],
                                           "problems": {}})


@router.post("/survey/check")
def check(request: Request, raw_form: Form, viewer: Annotated[Viewer, Depends(Guard(SURVEY_WRITE))]
               ) -> Response:
    """Problems of the form as typed so far (JSON, for the page's script)."""
    form = {k: str(v) for k, v in raw_form.items()}
    values = _form_values(form)
    touched = {f for f in FORM_FIELDS if values[f]} | set(form.get("touched", "").split(","))
    probs = check_return(values, service_of(request).profile, viewer.scope, dt.date.today())
    lang = lang_of(request)
    return JSONResponse({"problems": [
        {"field": p.field, "code": p.code, "message": translate("v." + p.code, lang)}
        for p in probs if p.field in touched]})


@router.post("/survey/new", response_class=HTMLResponse)
def save(request: Request, raw_form: Form, viewer: Annotated[Viewer, Depends(Guard(SURVEY_WRITE))]
              ) -> Response:
    form = {k: str(v) for k, v in raw_form.items()}
    values = _form_values(form)
    svc = service_of(request)
    probs = check_return(values, svc.profile, viewer.scope, dt.date.today())
    if probs:
        by_field: dict[str, list[str]] = {}
        for p in probs:
            by_field.setdefault(p.field, []).append(p.code)
        return render(request, "survey.html", {"values": values, "problems": by_field},
                      status=422)
    ret = make_return(values, viewer.user.username)
    svc.store.add_survey(ret)
    audit(request, viewer, "survey.enter", "ok",
          persons=(svc.pseudonym(ret.id_number),) if ret.id_number else (),
          detail=f"survey_id={ret.survey_id}")
    return RedirectResponse(f"/survey/new?saved={ret.survey_id}", status_code=303)


@router.get("/survey/returns", response_class=HTMLResponse)
def returns(request: Request,
            viewer: Annotated[Viewer, Depends(Guard(SURVEY_WRITE, personal=True))]) -> Response:
    svc = service_of(request)
    rows = svc.store.list_surveys(entered_by=viewer.user.username, limit=500)
    rows.reverse()
    audit(request, viewer, "survey.list", "ok",
          persons=tuple(svc.pseudonym(r.id_number) for r in rows if r.id_number),
          detail=f"returns={len(rows)}")
    masked = [(r, idnumber.mask(r.id_number)) for r in rows]
    return render(request, "survey_returns.html", {"rows": masked})
