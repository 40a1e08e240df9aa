"""Person search and the person page; showing a full ID number needs a stated purpose."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unireg.service.pseudonyms import looks_like
from unireg.service.registry import PersonView
from unireg.service.roles import PERSON_READ, PERSON_UNMASK
from unireg.service.validation import parse_date
from unireg.web.errors import NotFound
from unireg.web.security import Form, Guard, Viewer, audit, service_of
from unireg.web.templating import render

router = APIRouter(include_in_schema=False)

# Why an officer may see a full ID number (the audit records the code and the note).
PURPOSES = ("casework", "enquiry", "correction", "inter_agency", "other")


@router.get("/persons", response_class=HTMLResponse)
def search_form(request: Request, viewer: Annotated[Viewer, Depends(Guard(PERSON_READ))]
               ) -> Response:
    return render(request, "search.html")


@router.post("/persons/search", response_class=HTMLResponse)
def search(request: Request, form: Form,
                 viewer: Annotated[Viewer, Depends(Guard(PERSON_READ, personal=True))]) -> Response:
    reg = service_of(request).registry
    id_number = str(form.get("id_number") or "").strip()[:40]
    name = str(form.get("name") or "").strip()[:60]
    birth = parse_date(str(form.get("birth_date") or "").strip())
    if not id_number and not (name and birth):
        return render(request, "search.html", {"error": "search_needs", "name": name},
                      status=422)
    results = reg.find(viewer.scope, id_number=id_number, name=name, birth_date=birth)
    how = "id" if id_number else "name_birth"
    audit(request, viewer, "person.search", "found" if results else "none",
          persons=tuple(r.pref for r in results), detail=f"by={how}; results={len(results)}")
    if len(results) == 1:
        return RedirectResponse(f"/persons/{results[0].pref}", status_code=303)
    return render(request, "search.html", {"results": results, "searched": True, "name": name})


def _person(request: Request, viewer: Viewer, pref: str) -> PersonView:
    view = service_of(request).registry.person(pref, viewer.scope)
    if view is None:
        # Only a well-formed pseudonym is recorded: a path may hold anything a user typed.
        audit(request, viewer, "person.view", "not_found",
              persons=(pref,) if looks_like(pref) else ())
        raise NotFound()
    return view


@router.get("/persons/{pref}", response_class=HTMLResponse)
def person(request: Request, pref: str,
           viewer: Annotated[Viewer, Depends(Guard(PERSON_READ, personal=True))]) -> Response:
    view = _person(request, viewer, pref)
    audit(request, viewer, "person.view", "ok", persons=(view.pref,))
    return render(request, "person.html", _context(request, view))


@router.post("/persons/{pref}/unmask", response_class=HTMLResponse)
def unmask(request: Request, form: Form, pref: str,
                 viewer: Annotated[Viewer, Depends(Guard(PERSON_UNMASK, personal=True))]
                ) -> Response:
    purpose = str(form.get("purpose") or "")
    note = " ".join(str(form.get("note") or "").split())[:200]
    view = _person(request, viewer, pref)
    if purpose not in PURPOSES or (purpose == "other" and not note):
        return render(request, "person.html", {**_context(request, view),
                                               "unmask_error": True}, status=422)
    audit(request, viewer, "person.unmask", "ok", persons=(view.pref,),
          purpose=f"{purpose}: {note}" if note else purpose)
    return render(request, "person.html", {**_context(request, view), "unmasked": True})


def _context(request: Request, view: PersonView) -> dict[str, object]:
    svc = service_of(request)
    decisions = {q: [d for d in svc.store.decisions(q) if d.payload.get("person_key")
                     == view.person_key or d.case_ref in {c["case_id"] for c in view.cases}]
                 for q in ("review", "multiple")}
    return {"p": view, "purposes": PURPOSES, "decisions": decisions,
            "deceased_ref": view.pref if view.deceased_active else None}
