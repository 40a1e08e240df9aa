"""Render sections as one self-contained HTML file: no request leaves the page.

The Vega, Vega-Lite and vega-embed JavaScript comes from vl-convert-python's
offline bundle (the same one ``altair`` inlines with ``inline=True``); chart
specs, map geometry and styles are inlined too. When every chart has drawn,
``window.__report.ready`` is true and ``<body data-ready="1">`` (the PDF
printer and the browser tests wait for it); a chart that fails records its
error in ``window.__report.errors``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2

from unireg.report.model import Chart, Section, fmt


@cache
def vega_bundle() -> str:
    """The vega-embed + Vega-Lite + Vega JavaScript, bundled offline by vl-convert."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    # the stub omits the default snippet (it assigns vegaEmbed, vegaLite, vega to window)
    js: str = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())  # type: ignore[call-arg]
    return js.replace("</script", "<\\/script")


def _json_script(value: Any) -> str:
    """JSON safe inside <script type="application/json">."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("</", "<\\/").replace("<!--", "<\\!--"))


_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_ENV.filters["fmt"] = fmt

TEMPLATE = _ENV.from_string("""<!DOCTYPE html>
<html lang="{{ html_lang }}">
<head>
<meta charset="utf-8">
<meta name="generator" content="unireg {{ version }}">
<meta name="unireg-build" content="{{ build_id }}">
<title>{{ title }} — {{ reference_date }}</title>
<style>
@page { size: A4; margin: 12mm 11mm 14mm 11mm; }
:root { --ink: #1b2631; --muted: #5d6d7e; --line: #d5dbdb; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { font-family: {{ font }}; color: var(--ink); margin: 0 auto; max-width: 1100px;
       padding: 16px 24px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 26px; color: var(--accent); margin: 8px 0 4px; }
h2 { font-size: 19px; color: var(--accent); border-bottom: 2px solid var(--accent);
     padding-bottom: 3px; margin-top: 28px; }
section { margin-bottom: 18px; }
section.cover { border-bottom: 1px solid var(--line); }
nav ol { columns: 2; margin: 6px 0 12px; }
.metas { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 10px 0 14px; }
.meta span { color: var(--muted); margin-right: 6px; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 12px; }
table.inline { display: inline-table; margin-right: 28px; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left;
         vertical-align: top; }
th { background: #eaf0f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { margin: 10px 0 4px; overflow: hidden; }
.chart svg { max-width: 100%; height: auto; }
.caption, .note { color: var(--muted); font-size: 11.5px; margin: 2px 0 12px; }
dl.defs dt { font-weight: bold; margin-top: 6px; }
dl.defs dd { margin: 0 0 4px 16px; }
.vega-embed { display: block; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  section { break-before: page; }
  section.cover { break-before: auto; }
  nav { display: none; }
  .chart, table { break-inside: avoid; }
  tr { break-inside: avoid; }
}
</style>
<script>
// vega-embed bundle (Vega-Lite and Vega), inlined: nothing is fetched
{{ vega_js | safe }}
</script>
</head>
<body data-ready="0" data-lang="{{ lang }}">
{% for s in sections %}
<section id="{{ s.key }}" class="{{ s.key }}">
{% if loop.first %}<h1>{{ s.title }}</h1>{% else %}<h2>{{ s.title }}</h2>{% endif %}
{% if loop.first %}<nav><b>{{ contents }}</b><ol>
{%- for o in sections[1:] %}<li><a href="#{{ o.key }}">{{ o.title }}</a></li>{% endfor -%}
</ol></nav>{% endif %}
{% for b in s.blocks %}
{% if b.__class__.__name__ == "Chart" %}
<figure class="chart-wrap">
<div class="chart {{ b.kind }}" id="chart-{{ b.name }}" data-chart="{{ b.name }}"></div>
{% if b.caption %}<figcaption class="caption">{{ b.caption }}</figcaption>{% endif %}</figure>
{% elif b.__class__.__name__ == "Table" %}
<table data-table="{{ b.name }}"{% if b.inline %} class="inline"{% endif %}>
{%- if b.caption %}<caption>{{ b.caption }}</caption>{% endif %}
<thead><tr>{% for c in b.columns %}<th>{{ c.label }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in b.rows %}<tr>{% for c in b.columns %}{% set key = b.figure_key(r, c) %}
{%- set v = r.get(c.key) %}
{%- if c.kind == "text" %}<td>{{ v | fmt }}</td>
{%- else %}<td class="num"{% if key %} data-figure="{{ key }}"{% endif %}
 data-value="{{ '' if v is none else v }}">{{ v | fmt(c.kind) }}</td>{% endif %}
{%- endfor %}</tr>
{% endfor %}</tbody></table>
{% else %}{{ b.html | safe }}{% endif %}
{% endfor %}
</section>
{% endfor %}
<script type="application/json" id="unireg-specs">{{ specs | safe }}</script>
<script>
(function () {
  var state = window.__report = { charts: {}, errors: [], ready: false };
  var specs = JSON.parse(document.getElementById("unireg-specs").textContent);
  var names = Object.keys(specs);
  var jobs = names.map(function (name) {
    return vegaEmbed("#chart-" + name, specs[name], { renderer: "svg", actions: false })
      .then(function (result) { state.charts[name] = "ok"; return result; })
      .catch(function (err) {
        state.charts[name] = "error"; state.errors.push(name + ": " + err);
        document.getElementById("chart-" + name).textContent = "chart failed: " + err;
      });
  });
  Promise.all(jobs).then(function () {
    state.ready = true; document.body.setAttribute("data-ready", "1");
  });
})();
</script>
</body>
</html>
""")


def render_html(sections: list[Section], *, lang: str, title: str, build_id: str,
                reference_date: str, version: str, contents: str, font: str) -> str:
    specs = {b.name: b.spec for s in sections for b in s.blocks if isinstance(b, Chart)}
    names = [b.name for s in sections for b in s.blocks if isinstance(b, Chart)]
    if len(set(names)) != len(names):
        raise ValueError(f"chart names must be unique: {names}")
    return TEMPLATE.render(
        sections=sections, lang=lang, html_lang="zh-CN" if lang == "zh" else "en",
        title=title, build_id=build_id, reference_date=reference_date, version=version,
        contents=contents, font=font, vega_js=vega_bundle(), specs=_json_script(specs))
