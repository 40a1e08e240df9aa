"""The auditor's pages: browse the audit trail, find who read a person, verify the chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from unireg.rules import idnumber
from unireg.service.roles import AUDIT_READ, scope_prefix
from unireg.service.store.base import AuditFilter
from unireg.web.security import Form, Guard, Viewer, audit, service_of
from unireg.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 100


def _filter(viewer: Viewer, **kw: str) -> AuditFilter:
    # An auditor sees the rows of actors inside their own scope (citizens' and systems'
    # lookups, which have no region, only at the national level).
    prefix = scope_prefix(viewer.scope)
    return AuditFilter(scope_prefix=prefix, **kw) if prefix else AuditFilter(**kw)


@router.get("/audit", response_class=HTMLResponse)
def browse(request: Request, *, actor: str = "", action: str = "", page: int = 1,
           viewer: Annotated[Viewer, Depends(Guard(AUDIT_READ))]) -> Response:
    page = max(1, min(page, 100_000))
    actor, action = actor[:80], action[:40]
    rows = service_of(request).store.list_audit(_filter(viewer, actor=actor, action=action),
                                                limit=PAGE, offset=(page - 1) * PAGE)
    return render(request, "audit.html", {"rows": rows, "actor": actor, "action": action,
                                          "page": page, "more": len(rows) == PAGE})


@router.post("/audit/person", response_class=HTMLResponse)
def by_person(request: Request, form: Form,
                    viewer: Annotated[Viewer, Depends(Guard(AUDIT_READ, personal=True))]
                   ) -> Response:
    """Who read this person: the ID number typed is turned into its pseudonym, never stored."""
    svc = service_of(request)
    chk = idnumber.check(str(form.get("id_number") or "")[:40])
    ref = svc.pseudonym(chk.number) if chk.valid else ""
    rows = svc.store.list_audit(_filter(viewer, person=ref), limit=1000) if ref else []
    audit(request, viewer, "audit.search", "ok" if ref else "invalid_number",
          persons=(ref,) if ref else (), detail=f"rows={len(rows)}")
    return render(request, "audit.html", {"rows": rows, "person_search": True,
                                          "invalid": not ref, "page": 1, "more": False,
                                          "masked": idnumber.mask(chk.number) if ref else ""})


@router.post("/audit/verify", response_class=HTMLResponse)
def verify(request: Request, viewer: Annotated[Viewer, Depends(Guard(AUDIT_READ))]
                ) -> Response:
    svc = service_of(request)
    result = svc.verify_audit()
    audit(request, viewer, "audit.verify", "ok" if result.ok else "broken",
          detail=f"rows={result.rows}; first_bad={result.first_bad}")
    rows = svc.store.list_audit(_filter(viewer), limit=PAGE)
    return render(request, "audit.html", {"rows": rows, "verification": result, "page": 1,
                                          "more": len(rows) == PAGE, "actor": "", "action": ""})
