"""``/api/v1``: coverage status (single, batch), summaries, events, survey returns, audit check.

Each route names its token scope with an :class:`~unireg.web.security.ApiGuard`;
routes that read or take personal data write one audit row per request.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from unireg.rules import idnumber
from unireg.service.models import EventRecord, SurveyReturn, utcnow
from unireg.service.registry import GroupCoverage, RegionFigures
from unireg.service.roles import (
    API_AUDIT,
    API_COVERAGE,
    API_EVENTS,
    API_SUMMARY,
    API_SURVEYS,
    scope_within,
)
from unireg.service.validation import Problem, check_event, check_record
from unireg.web.api.schemas import (
    Accepted,
    BatchIn,
    BatchOut,
    CoverageOut,
    ErrorOut,
    EventsIn,
    GroupFiguresOut,
    GroupOut,
    LookupIn,
    RegionOut,
    SchemeOut,
    SummaryOut,
    SurveysIn,
    VerificationOut,
)
from unireg.web.errors import Invalid, NotFound
from unireg.web.security import ApiGuard, Client, audit, service_of

ERRORS = {code: {"model": ErrorOut} for code in (401, 403, 404, 422, 429)}
router = APIRouter(prefix="/api/v1", responses=ERRORS)  # type: ignore[arg-type]
CODE = re.compile(r"[0-9]{6}")


def _groups(cov: list[GroupCoverage], valid: list[dict[str, object]]) -> list[GroupOut]:
    out = []
    for g in cov:
        lines = [e for e in valid if e["scheme_group"] == g.group]
        out.append(GroupOut(
            group=g.group, insured=g.insured, in_target=g.in_target,
            schemes=[SchemeOut(scheme=str(e["scheme"]), status=str(e["status"]),
                               agency_region=str(e["agency_region"] or "")) for e in lines],
            multiple=len(lines) > 1, reason_uninsured=g.reason))
    return out


def _statuses(request: Request, client: Client, numbers: list[str]) -> list[CoverageOut]:
    reg = service_of(request).registry
    checks = [idnumber.check(n, reg.reference_date) for n in numbers]
    keys = [c.number for c in checks if c.valid]
    found = reg.coverage_many(keys, client.scope)
    out = []
    for i, c in enumerate(checks):
        hit = found.get(c.number) if c.valid else None
        out.append(CoverageOut(index=i, id_number=idnumber.mask(c.number), valid=c.valid,
                               found=hit is not None, as_of=reg.reference_date.isoformat(),
                               groups=_groups(*hit) if hit else []))
    persons = tuple(dict.fromkeys(service_of(request).pseudonym(k) for k in found))
    audit(request, client, "api.coverage", "ok", persons=persons,
          detail=f"asked={len(numbers)}; found={len(found)}")
    return out


@router.post("/coverage/lookup", response_model=CoverageOut, tags=["coverage"])
def coverage_lookup(body: LookupIn, request: Request,
                    client: Annotated[Client, Depends(ApiGuard(API_COVERAGE, personal=True))]
                   ) -> CoverageOut:
    """Coverage of one person on the registry's reference date, by scheme group."""
    return _statuses(request, client, [body.id_number])[0]


@router.post("/coverage/batch", response_model=BatchOut, tags=["coverage"])
def coverage_batch(body: BatchIn, request: Request,
                   client: Annotated[Client, Depends(ApiGuard(API_COVERAGE, personal=True))]
                  ) -> BatchOut:
    """Coverage of many persons; results in request order (``index``)."""
    limit = service_of(request).settings.batch_max
    if len(body.id_numbers) > limit:
        raise Invalid([Problem("id_numbers", "too_long")])
    return BatchOut(results=_statuses(request, client, body.id_numbers))


def _region_out(fig: RegionFigures) -> RegionOut:
    return RegionOut(region=fig.code, name=fig.name, level=fig.level,
                     groups=[GroupFiguresOut(**vars(g)) for g in fig.groups.values()])


@router.get("/coverage/summary", response_model=SummaryOut, tags=["coverage"])
def coverage_summary(request: Request, *,
                     region: str = Query("", max_length=6,
                                         description="GB/T 2260 code; default: the token's "
                                                     "region"),
                     client: Annotated[Client, Depends(ApiGuard(API_SUMMARY))]) -> SummaryOut:
    """Coverage figures of a region and of the regions one level below it (no personal data)."""
    reg = service_of(request).registry
    region = region or client.scope
    if not CODE.fullmatch(region) or not scope_within(region, client.scope):
        raise NotFound()
    fig = reg.figures(region)
    if fig is None:
        raise NotFound()
    return SummaryOut(as_of=reg.reference_date.isoformat(),
                      build=str(reg.build_info.get("build_id", "")), region=_region_out(fig),
                      children=[_region_out(c) for c in reg.children(region)])


def _indexed(probs: list[tuple[int, Problem]], name: str) -> Invalid:
    out = [Problem(f"{name}[{i}].{p.field}", p.code) for i, p in probs]
    return Invalid(out)


@router.post("/events", response_model=Accepted, tags=["submissions"])
def submit_events(body: EventsIn, request: Request,
                  client: Annotated[Client, Depends(ApiGuard(API_EVENTS, personal=True))]
                 ) -> Accepted:
    """Events (data-standard ``events``); all are checked first, none is stored if one fails.

    A repeated ``event_id`` from the same token is kept once.
    """
    svc = service_of(request)
    today = dt.date.today()
    probs = [(i, p) for i, ev in enumerate(body.events)
             for p in check_event(ev.model_dump(), svc.profile, today)]
    if probs:
        raise _indexed(probs, "events")
    now, new = utcnow(), 0
    for ev in body.events:
        d = ev.model_dump()
        if d["id_number"]:
            d["id_number"] = idnumber.check(d["id_number"]).number
        new += svc.store.add_event(EventRecord(**d, sender=client.actor, received_at=now))
    audit(request, client, "api.events", "ok",
          persons=tuple(dict.fromkeys(svc.pseudonym(idnumber.check(e.id_number).number)
                                      for e in body.events if e.id_number)),
          detail=f"events={len(body.events)}; new={new}")
    return Accepted(accepted=new, duplicates=len(body.events) - new)


@router.post("/surveys", response_model=Accepted, tags=["submissions"])
def submit_surveys(body: SurveysIn, request: Request,
                   client: Annotated[Client, Depends(ApiGuard(API_SURVEYS, personal=True))]
                  ) -> Accepted:
    """Household survey returns (data-standard ``survey``), e.g. from a tablet app."""
    svc = service_of(request)
    today = dt.date.today()
    probs = [(i, p) for i, r in enumerate(body.returns)
             for p in check_record("survey", r.model_dump(), svc.profile, today)]
    if probs:
        raise _indexed(probs, "returns")
    now, new = utcnow(), 0
    for r in body.returns:
        d = r.model_dump()
        if d["id_number"]:
            d["id_number"] = idnumber.check(d["id_number"]).number
        d["enumerator"] = d["enumerator"] or client.actor
        new += svc.store.add_survey(SurveyReturn(**d, entered_by=client.actor, entered_at=now))
    audit(request, client, "api.surveys", "ok",
          persons=tuple(dict.fromkeys(svc.pseudonym(idnumber.check(r.id_number).number)
                                      for r in body.returns if r.id_number)),
          detail=f"returns={len(body.returns)}; new={new}")
    return Accepted(accepted=new, duplicates=len(body.returns) - new)


@router.get("/audit/verify", response_model=VerificationOut, tags=["audit"])
def verify_audit(request: Request, client: Annotated[Client, Depends(ApiGuard(API_AUDIT))]
                ) -> VerificationOut:
    """Walk the audit trail's hash chain; ``ok`` false names the first row that fails."""
    svc = service_of(request)
    result = svc.verify_audit()
    audit(request, client, "audit.verify", "ok" if result.ok else "broken",
          detail=f"rows={result.rows}; first_bad={result.first_bad}")
    return VerificationOut(**result.to_dict())  # type: ignore[arg-type]
