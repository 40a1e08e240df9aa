"""Citizen self-service: no account; ID number + name + birth date → coverage and next steps.

An unknown number, a wrong name and a wrong birth date give byte-identical
pages (``tests/web/test_citizen.py`` holds this). Limits: per client address
and per ID number (429 with Retry-After). Every lookup writes an audit row
with the number's pseudonym, found or not, so probing one person shows up.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from unireg.rules import idnumber
from unireg.service.citizen import check_number, lookup
from unireg.service.pseudonyms import pseudonym
from unireg.service.validation import parse_date
from unireg.web.errors import RateLimited
from unireg.web.security import CsrfForm, audit, client_of, service_of
from unireg.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> Response:
    return render(request, "check.html")


@router.post("/check", response_class=HTMLResponse)
def check(request: Request, form: CsrfForm) -> Response:
    svc = service_of(request)
    wait = svc.limits.citizen_client.hit(client_of(request))
    if wait:
        audit(request, None, "citizen.lookup", "rate_limited", detail="per=client")
        raise RateLimited(wait)
    raw = str(form.get("id_number") or "")[:40]
    name = str(form.get("name") or "")[:60]
    birth_text = str(form.get("birth_date") or "").strip()
    birth = parse_date(birth_text)
    problems = [c for c in check_number(raw)]
    if not name.strip():
        problems.append("name.required")
    if birth is None:
        problems.append("birth_date.invalid")
    if problems:  # the number is malformed on its face: say so, look nothing up
        return render(request, "check.html", {"problems": problems, "name": name,
                                              "birth_date": birth_text}, status=422)
    number = idnumber.check(raw).number
    ref = pseudonym(svc.secret, "p", number)
    wait = svc.limits.citizen_number.hit(ref)
    if wait:
        audit(request, None, "citizen.lookup", "rate_limited", persons=(ref,), detail="per=number")
        raise RateLimited(wait)
    answer = lookup(svc.registry, number, name, birth)
    audit(request, None, "citizen.lookup", "answered" if answer else "no_match", persons=(ref,))
    if answer is None:
        return render(request, "check_none.html")
    return render(request, "check_answer.html", {"answer": answer})
