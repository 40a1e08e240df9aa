"""The coverage dashboard: figures, map and charts, drilling down nation → province → county."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from unireg.rules.regions import region_table
from unireg.service.roles import DASHBOARD, NATION, scope_level, scope_prefix, scope_within
from unireg.web import charts, maps
from unireg.web.errors import NotFound
from unireg.web.i18n import translate
from unireg.web.security import Guard, Viewer, service_of
from unireg.web.templating import lang_of, region_label, render

router = APIRouter(include_in_schema=False)
CODE = re.compile(r"[0-9]{6}")
CHILD_LEVEL = {"nation": "province", "province": "prefecture", "prefecture": "county"}


def lineage(code: str) -> list[str]:
    """nation, province, prefecture, county codes down to ``code``."""
    out = [NATION]
    if code == NATION:
        return out
    out.append(code[:2] + "0000")
    if scope_level(code) in ("prefecture", "county"):
        out.append(code[:4] + "00")
    if scope_level(code) == "county":
        out.append(code)
    return list(dict.fromkeys(out))


def all_children(code: str) -> list[str]:
    """Current region codes one level below ``code`` (for a map with no gaps)."""
    level = CHILD_LEVEL.get(scope_level(code))
    if level is None:
        return []
    prefix = scope_prefix(code)
    return [r.code for r in region_table().current(level) if r.code.startswith(prefix)]


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, *, region: str = "", group: str = "",
              viewer: Annotated[Viewer, Depends(Guard(DASHBOARD))]) -> Response:
    svc = service_of(request)
    reg = svc.registry
    region = region or viewer.scope
    if not CODE.fullmatch(region) or not scope_within(region, viewer.scope):
        raise NotFound()
    groups = list(svc.profile.groups)
    group = group if group in groups else ("medical" if "medical" in groups else groups[0])
    figures = reg.figures(region)
    if figures is None and region != viewer.scope:
        raise NotFound()
    children = reg.children(region)
    lang = lang_of(request)

    def link(code: str) -> str:
        return f"/dashboard?region={code}&group={group}"

    by_code = {c.code: c for c in children}
    breaks = charts.breaks_for([c.groups[group].rate for c in children if group in c.groups])
    bars = charts.rate_bars(
        [(c.name, c.groups[group].rate if group in c.groups else None, link(c.code))
         for c in sorted(children, key=lambda c: -(c.groups[group].rate or 0)
                         if group in c.groups else 1.0)], title=group, breaks=breaks)
    map_items = [(code, by_code[code].name if code in by_code else region_label(code),
                  by_code[code].groups[group].rate
                  if code in by_code and group in by_code[code].groups else None,
                  link(code) if code in by_code else None)
                 for code in (all_children(region) or list(by_code))]
    # Abolished codes still in the data have no boundary: they stay in the bars and table.
    choropleth = maps.choropleth(map_items, title=group, breaks=breaks) if children else None
    cuts: dict[str, Any] = reg.cuts(region)
    cut_charts = {}
    prefixes = {"sex": "sex.", "employment_type": "emp.", "hukou_type": "hukou."}
    for cut, rows in cuts.items():
        def label(v: object, cut: str = cut) -> str:
            p = prefixes.get(cut)
            return translate(p + str(v), lang) if p else str(v)
        items = [(label(r["value"]), r["insured"] / r["in_scope"] if r["in_scope"] else None,
                  None) for r in rows if r["scheme_group"] == group]
        cut_charts[cut] = charts.rate_bars(items, width=420, label_width=110, title=cut)
    crumbs = [(c, region_label(c, lang), scope_within(c, viewer.scope))
              for c in lineage(region)]
    return render(request, "dashboard.html", {
        "region_code": region, "figures": figures, "children": children, "group": group,
        "groups": groups, "bars": bars, "map": choropleth, "legend": charts.legend(breaks),
        "cut_charts": cut_charts, "crumbs": crumbs, "counts": reg.case_counts(region),
        "child_level": CHILD_LEVEL.get(scope_level(region)),
    })
