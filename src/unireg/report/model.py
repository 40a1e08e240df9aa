"""What a report is made of: sections of text, tables and charts.

Section builders (``report/sections/``) return these; ``report/html.py``
renders them. Numbers in tables keep their raw value beside the text shown
(``data-value``), and key figures carry a stable ``data-figure`` name, so a
test can compare what the page shows with the exports.

>>> fmt(0.95432, "pct"), fmt(1234567, "int"), fmt(None, "int")
('95.4%', '1,234,567', '–')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def fmt(value: Any, kind: str = "text") -> str:
    """A value as shown: ``int`` with thousands separators, ``pct`` with one decimal."""
    if value is None:
        return "–"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "pct":
        return f"{float(value):.1%}"
    if kind == "float":
        return f"{float(value):,.1f}"
    return str(value)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | pct | float


@dataclass
class Table:
    """A table; ``figure`` (e.g. ``"coverage.{scheme_group}.{col}"``) names each number cell."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    caption: str = ""
    figure: str | None = None
    name: str = ""
    inline: bool = False  # sits beside the next block on wide screens

    def figure_key(self, row: dict[str, Any], col: Column) -> str | None:
        if self.figure is None or col.kind == "text":
            return None
        return self.figure.format(col=col.key, **{k: v for k, v in row.items() if k != "col"})


@dataclass
class Chart:
    """An Altair chart (kept as its Vega-Lite spec) with a stable name."""

    name: str
    spec: dict[str, Any]
    caption: str = ""
    kind: str = "chart"  # chart | map


@dataclass
class Text:
    html: str  # already escaped by the builder


Block = Table | Chart | Text


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    intro: str = ""

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]
