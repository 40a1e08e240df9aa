"""The report's sections, in order. Each module has one ``build(ctx) -> Section``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from unireg.plan.progress import LoadedPlan
from unireg.plan.workspace import RegistryView
from unireg.report.labels import Labels
from unireg.report.model import Section

# Provinces that get prefecture and county maps: those holding at least this
# share of the in-scope population (most first), at most MAX_FOCUS of them.
FOCUS_SHARE = 0.05
MAX_FOCUS = 3


@dataclass
class Context:
    reg: RegistryView
    t: Labels
    plan: LoadedPlan | None = None
    generated: str = ""
    groups: list[tuple[str, str]] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)

    def group_label(self, code: str) -> str:
        return self.t(code)

    def esc(self, text: Any) -> str:
        return escape(str(text))


def focus_provinces(reg: RegistryView) -> list[str]:
    rows = reg.rows(
        "SELECT region, max(in_scope) AS n FROM coverage_summary WHERE level = 'province' "
        "GROUP BY region ORDER BY n DESC, region")
    total = sum(int(r["n"]) for r in rows) or 1
    return [r["region"] for r in rows if int(r["n"]) / total >= FOCUS_SHARE][:MAX_FOCUS]


def section_builders() -> list[Callable[[Context], Section | None]]:
    from unireg.report.sections import (
        cases,
        cover,
        coverage,
        definitions,
        frame,
        progress,
        pyramid,
        quality,
        uninsured,
    )

    return [cover.build, coverage.build, progress.build, frame.build, pyramid.build,
            uninsured.build, cases.build, quality.build, definitions.build]
