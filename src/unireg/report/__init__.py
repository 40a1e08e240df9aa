"""The registry report: one self-contained HTML file with charts and maps, and a PDF of it.

>>> # render_report(Path("W"), lang="zh")  # writes W/reports/report-<build_id>.html and .pdf

Sections (docs/reports.md): cover (reference date, inputs, build identity,
headline coverage); coverage by region (maps and ranked bars); progress
against last year's plan (when there is one); registered population against
the frame; age–sex pyramids; the uninsured by reason and target group;
multiple affiliation and deceased-active; data quality.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from unireg.plan.progress import LoadedPlan, find_plan, load_plan
from unireg.plan.workspace import open_workspace
from unireg.report.charts import FONT
from unireg.report.html import render_html
from unireg.report.labels import Labels
from unireg.report.model import Chart, Section
from unireg.report.sections import Context, focus_provinces, section_builders

log = logging.getLogger("unireg.report")


@dataclass
class ReportResult:
    html: Path
    pdf: Path | None
    build_id: str
    sections: list[str]
    charts: list[str]
    html_bytes: int
    seconds: float
    pdf_seconds: float = 0.0
    plan: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)


def build_sections(ctx: Context) -> tuple[list[Section], dict[str, float]]:
    sections, timings = [], {}
    for builder in section_builders():
        t = time.perf_counter()
        sec = builder(ctx)
        if sec is not None:
            sections.append(sec)
            timings[sec.key] = round(time.perf_counter() - t, 3)
    return sections, timings


def render_report(workspace: Path, *, lang: str = "en", pdf: bool = True,
                  plan: Path | None = None, out_dir: Path | None = None,
                  as_of: dt.date | None = None) -> ReportResult:
    """Write the report of the workspace's registry (and its PDF unless ``pdf`` is false).

    ``plan``: a plan folder (``W/plans/<year>``) to show progress against;
    default: the workspace's plan for the reference year, if one was made from
    an earlier build. ``as_of``: the registry's state on that date, from its history
    (see :func:`unireg.plan.workspace.open_workspace`).
    """
    started = time.perf_counter()
    workspace = Path(workspace)
    with open_workspace(workspace, as_of) as reg:
        labels = Labels(lang, reg.profile)
        loaded: LoadedPlan | None = (load_plan(plan) if plan is not None else
                                     find_plan(workspace, reg.reference_date.year, reg.build_id))
        ctx = Context(reg=reg, t=labels, plan=loaded,
                      generated=dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
                      groups=[(g, labels(g)) for g in reg.profile.groups],
                      focus=focus_provinces(reg))
        sections, timings = build_sections(ctx)
        build_id, ref, version = reg.build_id, reg.reference_date, reg.version
    title = labels("report_title")
    html = render_html(sections, lang=lang, title=title, build_id=build_id,
                       reference_date=ref.isoformat(), version=version,
                       contents=labels("contents"), font=FONT)
    out = Path(out_dir) if out_dir else workspace / "reports"
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if lang == "en" else f"-{lang}"
    html_path = out / f"report-{build_id}{suffix}.html"
    html_path.write_text(html, encoding="utf-8")
    seconds = time.perf_counter() - started
    pdf_path, pdf_seconds = None, 0.0
    if pdf:
        from unireg.report.pdf import html_to_pdf

        t = time.perf_counter()
        pdf_path = html_path.with_suffix(".pdf")
        html_to_pdf(html_path, pdf_path,
                    footer=f"unireg {version} · build {build_id} · {labels('reference_date')} "
                           f"{ref.isoformat()}")
        pdf_seconds = round(time.perf_counter() - t, 3)
    charts = [b.name for s in sections for b in s.blocks if isinstance(b, Chart)]
    log.info("report %s: %d sections, %d charts, %d bytes", html_path, len(sections),
             len(charts), html_path.stat().st_size)
    return ReportResult(html=html_path, pdf=pdf_path, build_id=build_id,
                        sections=[s.key for s in sections], charts=charts,
                        html_bytes=html_path.stat().st_size, seconds=round(seconds, 3),
                        pdf_seconds=pdf_seconds, plan=loaded.folder if loaded else None,
                        timings=timings)
