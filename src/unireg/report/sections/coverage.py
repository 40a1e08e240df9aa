"""Coverage per scheme group by region: choropleth maps at every level, ranked bars, a table.

The figure mapped is the coverage of each group's target population
(``target_rate`` of ``coverage_summary``, by residence region).
"""

from __future__ import annotations

from typing import Any

from unireg.report import charts, geo
from unireg.report.model import Chart, Column, Section, Table, Text
from unireg.report.sections import Context

COUNTY_BARS = 20  # the lowest counties shown per group


def level_rows(ctx: Context, level: str, province: str | None = None) -> list[dict[str, Any]]:
    """``coverage_summary`` rows of a level (optionally of one province); ``rate``: target rate."""
    sql = ("SELECT region, coalesce(region_name, region) AS region_name, scheme_group, "
           "target_rate AS rate, target, target_insured, in_scope, insured "
           "FROM coverage_summary WHERE level = ?")
    params: list[Any] = [level]
    if province:
        sql += " AND substr(region, 1, 2) = ?"
        params.append(province[:2])
    return ctx.reg.rows(sql + " ORDER BY region, scheme_group", params)


def _missing_shapes(ctx: Context, rows: list[dict[str, Any]], layer: str) -> Text | None:
    have = geo.codes(layer)
    missing = sorted({(r["region"], r["region_name"]) for r in rows if r["region"] not in have})
    if not missing:
        return None
    names = ", ".join(f"{ctx.esc(n)} ({c})" for c, n in missing)
    return Text(f'<p class="note">{ctx.esc(ctx.t("no_shape"))}: {names}</p>')


def _map(ctx: Context, name: str, layer: str, rows: list[dict[str, Any]], title: str,
         province: str | None) -> list[Any]:
    feats = geo.features(layer, province)
    spec = charts.choropleth(feats, rows, ctx.groups, title, ctx.t("target_rate"),
                             ctx.t(layer), national=province is None)
    blocks: list[Any] = [Chart(name, spec, ctx.t("map_note"), kind="map")]
    note = _missing_shapes(ctx, rows, layer)
    if note:
        blocks.append(note)
    return blocks


def pivot(ctx: Context, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Region × group table of target rates."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = out.setdefault(r["region"], {"region": r["region"],
                                           "region_name": r["region_name"]})
        row[r["scheme_group"]] = r["rate"]
    return [out[k] for k in sorted(out)]


def build(ctx: Context) -> Section:
    t = ctx.t
    sec = Section("coverage", t("sec_coverage"))
    target = ctx.plan.manifest.get("rate_target") if ctx.plan else None
    prov_rows = level_rows(ctx, "province")
    sec.add(*_map(ctx, "map-province", "province", prov_rows,
                  f"{t('target_rate')} — {t('province')}", None))
    if len({r["region"] for r in prov_rows}) > 1:
        sec.add(Chart("bars-province", charts.ranked_bars(
            prov_rows, ctx.groups, f"{t('target_rate')} — {t('province')}", t("target_rate"),
            target=target)))
    for p in ctx.focus:
        pname = next((r["region_name"] for r in prov_rows if r["region"] == p), p)
        pref = level_rows(ctx, "prefecture", p)
        county = level_rows(ctx, "county", p)
        sec.add(*_map(ctx, f"map-prefecture-{p}", "prefecture", pref,
                      f"{pname}: {t('target_rate')} — {t('prefecture')}", p))
        sec.add(*_map(ctx, f"map-county-{p}", "county", county,
                      f"{pname}: {t('target_rate')} — {t('county')}", p))
        sec.add(Chart(f"bars-prefecture-{p}", charts.ranked_bars(
            pref, ctx.groups, f"{pname}: {t('target_rate')} — {t('prefecture')}",
            t("target_rate"), target=target)))
        sec.add(Chart(f"bars-county-{p}", charts.ranked_bars(
            county, ctx.groups,
            f"{pname}: {t('target_rate')} — {t('county')} ({t('lowest')} {COUNTY_BARS})",
            t("target_rate"), limit=COUNTY_BARS, target=target)))
        sec.add(Table([Column("region", t("region")), Column("region_name", t("region_name")),
                       *[Column(g, label, "pct") for g, label in ctx.groups]],
                      pivot(ctx, pref), caption=f"{pname}: {t('target_rate')}",
                      figure="prefecture.{region}.{col}", name=f"prefecture-{p}"))
    return sec
