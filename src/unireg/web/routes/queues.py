"""Work queues: list, open and decide cases (each in the officer's scope only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unireg.service.queues import ACTIONS, QUEUES, Case, decide
from unireg.service.roles import CASE_DECIDE, CASE_READ
from unireg.validate.fields import KINDS
from unireg.web.errors import NotFound
from unireg.web.security import Form, Guard, Viewer, audit, service_of
from unireg.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50


def _persons(*cases: Case) -> tuple[str, ...]:
    out = []
    for c in cases:
        out += [p.pref for p in (c.person, c.candidate) if p is not None]
    return tuple(dict.fromkeys(out))


@router.get("/queues", response_class=HTMLResponse)
def overview(request: Request, viewer: Annotated[Viewer, Depends(Guard(CASE_READ))]) -> Response:
    counts = service_of(request).queues.counts(viewer.scope)
    return render(request, "queues.html", {"counts": counts, "queues": QUEUES})


@router.get("/queues/{queue}", response_class=HTMLResponse)
def queue_page(request: Request, queue: str, *, state: str = "open", page: int = 1,
               viewer: Annotated[Viewer, Depends(Guard(CASE_READ, personal=True))]) -> Response:
    if queue not in QUEUES:
        raise NotFound()
    state = state if state in ("open", "decided", "all") else "open"
    page = max(1, min(page, 100_000))
    total, cases = service_of(request).queues.page(
        queue, viewer.scope, offset=(page - 1) * PAGE, limit=PAGE,
        state="" if state == "all" else state)
    audit(request, viewer, "queue.list", "ok", persons=_persons(*cases),
          detail=f"queue={queue}; state={state}; page={page}; total={total}")
    return render(request, "queue.html", {"queue": queue, "cases": cases, "total": total,
                                          "page": page, "pages": max(1, -(-total // PAGE)),
                                          "state": state})


def _case(request: Request, viewer: Viewer, queue: str, ref: str) -> Case:
    case = service_of(request).queues.get(queue, ref, viewer.scope) if queue in QUEUES else None
    if case is None:
        raise NotFound()
    return case


def _case_context(case: Case) -> dict[str, object]:
    fields = KINDS.get(str(case.detail.get("kind", "")), ())
    return {"case": case, "actions": ACTIONS[case.queue], "fields": fields}


@router.get("/queues/{queue}/{ref}", response_class=HTMLResponse)
def case_page(request: Request, queue: str, ref: str,
              viewer: Annotated[Viewer, Depends(Guard(CASE_READ, personal=True))]) -> Response:
    case = _case(request, viewer, queue, ref)
    audit(request, viewer, "case.view", "ok", persons=_persons(case),
          detail=f"queue={queue}; case={ref}")
    return render(request, "case.html", _case_context(case))


@router.post("/queues/{queue}/{ref}", response_class=HTMLResponse)
def decide_case(request: Request, raw_form: Form, queue: str, ref: str,
                      viewer: Annotated[Viewer, Depends(Guard(CASE_DECIDE, personal=True))]
                     ) -> Response:
    case = _case(request, viewer, queue, ref)
    form = {k: str(v) for k, v in raw_form.items()}
    svc = service_of(request)
    decision, problems = decide(svc.queues, case, form.get("action", ""),
                                form.get("reason", ""), viewer.user.username, form,
                                svc.profile, dt.date.today())
    audit(request, viewer, "case.decide", "ok" if decision else "invalid",
          persons=_persons(case),
          detail=f"queue={queue}; case={ref}; action={form.get('action', '')[:20]}")
    if decision is None:
        return render(request, "case.html", {**_case_context(case), "problems": problems,
                                             "form": form}, status=422)
    return RedirectResponse(f"/queues/{queue}/{ref}", status_code=303)
