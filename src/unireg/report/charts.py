"""The report's charts, as Altair (Vega-Lite) specs: maps, ranked bars, pyramids, bars, heatmaps.

Each function takes plain rows (dicts) and labels and returns a spec dict;
nothing here touches the registry. Charts are drawn by the Vega JavaScript
inlined in the report (renderer SVG), so they print as vectors and Chinese
text uses the system's CJK font.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import altair as alt

FONT = ("WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, "
        "PingFang SC, sans-serif")
RATE_SCHEME: Final = "redyellowgreen"
NO_DATA = "#d9d9d9"
WIDTH = 660  # fits an A4 page in portrait with margins


def _config(chart: Any, datasets: dict[str, Any] | None = None) -> dict[str, Any]:
    chart = chart.configure(font=FONT, background="white").configure_view(stroke=None) \
        .configure_axis(labelFontSize=11, titleFontSize=11) \
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="bottom") \
        .configure_title(fontSize=13, anchor="start")
    spec: dict[str, Any] = chart.to_dict()
    if datasets:
        # large data (map geometry) is added after validation, once, as named datasets
        spec.setdefault("datasets", {}).update(datasets)
    return spec


def _title(text: str) -> alt.TitleParams:
    """The title of a compound chart, set apart from its panels' titles."""
    return alt.TitleParams(text, fontSize=14, offset=14)


def rate_domain(values: Sequence[float | None]) -> list[float]:
    """Colour domain for coverage rates: from the lowest rate (rounded down to 10%) to 100%.

    >>> rate_domain([0.83, 0.97, None])
    [0.8, 1.0]
    >>> rate_domain([])
    [0.0, 1.0]
    """
    vals = [v for v in values if v is not None]
    lo = min(vals) if vals else 0.0
    return [min(0.9, int(lo * 10) / 10), 1.0]


def _rate_color(domain: list[float], title: str, legend: bool = True) -> alt.Color:
    return alt.Color("rate:Q", title=title,
                     scale=alt.Scale(scheme=RATE_SCHEME, domain=domain, clamp=True),
                     legend=alt.Legend(format=".0%", gradientLength=220) if legend else None)


def choropleth(features: list[dict[str, Any]], rows: list[dict[str, Any]],
               groups: Sequence[tuple[str, str]], title: str, rate_title: str,
               level: str, national: bool = False) -> dict[str, Any]:
    """One map per scheme group (small multiples) coloured by ``rate``.

    ``rows``: region, region_name, scheme_group, rate, target, target_insured.
    ``groups``: (code, label). Regions with no row are grey.
    """
    domain = rate_domain([r["rate"] for r in rows])
    geo = alt.Data(name=f"geo-{level}")
    proj: dict[str, Any] = ({"type": "conicEqualArea", "parallels": [25, 47],
                              "rotate": [-105, 0, 0]} if national else {"type": "mercator"})
    size = 210
    maps = []
    for i, (code, label) in enumerate(groups):
        background = alt.Chart(geo).mark_geoshape(fill=NO_DATA, stroke="white", strokeWidth=0.4)
        data = [r for r in rows if r["scheme_group"] == code]
        layer = alt.Chart(alt.Data(values=data)).transform_lookup(
            lookup="region", from_=alt.LookupData(geo, key="id"), as_="geo",
        ).mark_geoshape(stroke="white", strokeWidth=0.4).encode(
            shape=alt.Shape("geo:G"),
            color=_rate_color(domain, rate_title, legend=i == 0),
            tooltip=[alt.Tooltip("region_name:N", title=level),
                     alt.Tooltip("rate:Q", format=".1%", title=rate_title),
                     alt.Tooltip("target_insured:Q", format=",", title="insured"),
                     alt.Tooltip("target:Q", format=",", title="target")],
        )
        maps.append(alt.layer(background, layer).project(**proj).properties(
            width=size, height=size, title=label))
    chart = alt.concat(*maps, columns=3).properties(title=_title(title)) \
        .resolve_scale(color="shared")
    return _config(chart, {f"geo-{level}": features})


def ranked_bars(rows: list[dict[str, Any]], groups: Sequence[tuple[str, str]], title: str,
                rate_title: str, limit: int | None = None,
                target: float | None = None) -> dict[str, Any]:
    """Per group, regions ranked by ``rate`` (lowest first), bars coloured like the maps."""
    domain = rate_domain([r["rate"] for r in rows])
    charts = []
    for code, label in groups:
        data = sorted((r for r in rows if r["scheme_group"] == code and r["rate"] is not None),
                      key=lambda r: (r["rate"], r["region"]))
        if limit:
            data = data[:limit]
        base = alt.Chart(alt.Data(values=data)).encode(
            y=alt.Y("region_name:N", sort=alt.EncodingSortField("rate", order="ascending"),
                    title=None, axis=alt.Axis(labelLimit=90)),
        )
        bars = base.mark_bar().encode(
            x=alt.X("rate:Q", scale=alt.Scale(domain=[0, 1]), title=rate_title,
                    axis=alt.Axis(format="%", tickCount=4)),
            color=_rate_color(domain, rate_title, legend=False),
            tooltip=[alt.Tooltip("region_name:N"), alt.Tooltip("rate:Q", format=".1%"),
                     alt.Tooltip("target_insured:Q", format=","),
                     alt.Tooltip("target:Q", format=",")])
        text = base.mark_text(align="left", dx=2, fontSize=9).encode(
            x=alt.X("rate:Q"), text=alt.Text("rate:Q", format=".0%"))
        layers = [bars, text]
        if target is not None:
            layers.append(alt.Chart(alt.Data(values=[{"t": target}])).mark_rule(
                color="black", strokeDash=[4, 2]).encode(x="t:Q"))
        charts.append(alt.layer(*layers).properties(width=150, height=alt.Step(13),
                                                    title=label))
    chart = alt.concat(*charts, columns=3).properties(title=_title(title)) \
        .resolve_scale(y="independent")
    return _config(chart)


def pyramid(rows: list[dict[str, Any]], groups: Sequence[tuple[str, str]], bands: Sequence[str],
            title: str, labels: dict[str, str]) -> dict[str, Any]:
    """Age–sex pyramids of each group's target population, insured against uninsured.

    ``rows``: scheme_group, band, sex ('1'|'2'), status ('insured'|'uninsured'), n.
    Men to the left, women to the right.
    """
    data = [{**r, "value": -r["n"] if r["sex"] == "1" else r["n"],
             "sex_label": labels["male"] if r["sex"] == "1" else labels["female"],
             "status_label": labels[r["status"]]} for r in rows]
    charts = []
    for code, label in groups:
        d = [r for r in data if r["scheme_group"] == code]
        charts.append(alt.Chart(alt.Data(values=d)).mark_bar().encode(
            y=alt.Y("band:O", sort=list(reversed(bands)), title=None),
            x=alt.X("value:Q", stack="zero", title=f"← {labels['male']}   {labels['female']} →",
                    axis=alt.Axis(labelExpr="format(abs(datum.value), ',')", tickCount=4)),
            color=alt.Color("status_label:N", title=None,
                            scale=alt.Scale(domain=[labels["insured"], labels["uninsured"]],
                                            range=["#2b8cbe", "#e34a33"])),
            order=alt.Order("status:N", sort="ascending"),
            tooltip=[alt.Tooltip("band:O", title=labels["age_band"]),
                     alt.Tooltip("sex_label:N", title=labels["sex"]),
                     alt.Tooltip("status_label:N", title=labels["status"]),
                     alt.Tooltip("n:Q", format=",", title=labels["count"])],
        ).properties(width=190, height=alt.Step(9), title=label))
    chart = alt.concat(*charts, columns=3).properties(title=_title(title))
    return _config(chart)


def bars(rows: list[dict[str, Any]], *, y: str, x: str, color: str | None = None,
         title: str, x_title: str, y_title: str | None = None, color_title: str | None = None,
         offset: bool = False, x_format: str = ",", sort: Sequence[str] | str = "-x",
         width: int = 520, color_domain: Sequence[str] | None = None) -> dict[str, Any]:
    """Horizontal bars: stacked by ``color``, or side by side with ``offset``."""
    enc: dict[str, Any] = {
        "y": alt.Y(f"{y}:N", sort=list(sort) if not isinstance(sort, str) else sort,
                   title=y_title, axis=alt.Axis(labelLimit=220)),
        "x": alt.X(f"{x}:Q", title=x_title,
                   axis=alt.Axis(format=",.0f", tickMinStep=1) if x_format == ","
                   else alt.Axis(format=x_format)),
        "tooltip": [alt.Tooltip(f"{y}:N"), alt.Tooltip(f"{x}:Q", format=x_format)],
    }
    if color:
        scale = alt.Scale(domain=list(color_domain)) if color_domain else alt.Undefined
        enc["color"] = alt.Color(f"{color}:N", title=color_title, scale=scale)
        enc["tooltip"].insert(1, alt.Tooltip(f"{color}:N"))
        if offset:
            enc["yOffset"] = alt.YOffset(f"{color}:N")
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(**enc).properties(
        width=width, height=alt.Step(12 if offset else 18), title=title)
    return _config(chart)


def dots(rows: list[dict[str, Any]], *, y: str, x: str, title: str, x_title: str,
         sort: Sequence[str]) -> dict[str, Any]:
    """A dot per row on a share axis that starts near the lowest value (load rates near 100%)."""
    vals = [r[x] for r in rows if r[x] is not None]
    lo = min(vals) if vals else 0.0
    domain = [max(0.0, int(lo * 100 - 1) / 100), 1.0]
    chart = alt.Chart(alt.Data(values=rows)).mark_circle(size=70, color="#1f4e79").encode(
        y=alt.Y(f"{y}:N", sort=list(sort), title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(domain=domain, clamp=True),
                axis=alt.Axis(format=".1%")),
        tooltip=[alt.Tooltip(f"{y}:N"), alt.Tooltip(f"{x}:Q", format=".2%")],
    ).properties(width=420, height=alt.Step(18), title=title)
    return _config(chart)


def heatmap(rows: list[dict[str, Any]], *, x: str, y: str, value: str, title: str,
            value_title: str, x_sort: Sequence[str] | None = None) -> dict[str, Any]:
    """A grid of shares (0–1), e.g. field completeness per source."""
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(f"{x}:N", title=None, sort=list(x_sort) if x_sort else "ascending",
                axis=alt.Axis(labelAngle=-45, labelLimit=120)),
        y=alt.Y(f"{y}:N", title=None, axis=alt.Axis(labelLimit=160)))
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=value_title,
                        scale=alt.Scale(scheme=RATE_SCHEME, domain=[0.5, 1], clamp=True),
                        legend=alt.Legend(format=".0%")),
        tooltip=[alt.Tooltip(f"{y}:N"), alt.Tooltip(f"{x}:N"),
                 alt.Tooltip(f"{value}:Q", format=".1%")])
    text = base.mark_text(fontSize=8).encode(text=alt.Text(f"{value}:Q", format=".0%"))
    chart = alt.layer(cells, text).properties(width=alt.Step(34), height=alt.Step(20),
                                              title=title)
    return _config(chart)


def bullet(rows: list[dict[str, Any]], groups: Sequence[tuple[str, str]], title: str,
           labels: dict[str, str]) -> dict[str, Any]:
    """Achieved (bar) against target (tick) per region, one panel per group."""
    charts = []
    for code, label in groups:
        d = [r for r in rows if r["scheme_group"] == code]
        base = alt.Chart(alt.Data(values=d)).encode(
            y=alt.Y("region_name:N", title=None, sort="ascending"))
        bar = base.mark_bar(color="#2b8cbe").encode(
            x=alt.X("achieved:Q", title=labels["achieved"]),
            tooltip=[alt.Tooltip("region_name:N"), alt.Tooltip("achieved:Q", format=","),
                     alt.Tooltip("ext_target:Q", format=","),
                     alt.Tooltip("progress:Q", format=".0%")])
        tick = base.mark_tick(color="black", thickness=2, size=12).encode(x="ext_target:Q")
        charts.append(alt.layer(bar, tick).properties(width=130, height=alt.Step(13),
                                                      title=label))
    chart = alt.hconcat(*charts).properties(title=_title(title)).resolve_scale(y="shared")
    return _config(chart)
