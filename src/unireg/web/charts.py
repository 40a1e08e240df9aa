"""Charts as SVG drawn on the server: no JavaScript, nothing fetched, readable without CSS.

Colours are attributes (not ``style``) so the Content-Security-Policy needs no
``unsafe-inline``. Each bar or region carries a ``<title>`` for screen readers
and tooltips.

>>> svg = rate_bars([("广东省", 0.75, "/dashboard?region=440000")])
>>> "75.0%" in str(svg) and "<a href" in str(svg)
True
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

# A sequential blue scale (ColorBrewer Blues, 7 classes) by coverage rate.
BREAKS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
COLOURS = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594")
NO_DATA = "#e5e5e5"


def breaks_for(rates: Sequence[float | None]) -> tuple[float, ...]:
    """Six class breaks spread over the rates shown, in whole percentage points.

    A fixed scale paints every region of a well-covered province the same blue;
    spreading the classes over the range shown keeps differences visible (the
    legend says what each colour means).

    >>> breaks_for([0.886, 0.947])
    (0.89, 0.9, 0.91, 0.92, 0.93, 0.94)
    >>> breaks_for([None])
    (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
    """
    vals = [r for r in rates if r is not None]
    if not vals:
        return BREAKS
    lo, hi = int(min(vals) * 100), int(max(vals) * 100) + 1
    if hi - lo < 7:
        lo, hi = max(0, hi - 7), max(7, hi)
    step = (hi - lo) / 7
    return tuple(round((lo + step * (i + 1)) / 100, 2) for i in range(6))


def colour(rate: float | None, breaks: Sequence[float] = BREAKS) -> str:
    if rate is None:
        return NO_DATA
    for brk, col in zip(breaks, COLOURS, strict=False):
        if rate < brk:
            return col
    return COLOURS[-1]


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f}%"


def rate_bars(items: Sequence[tuple[str, float | None, str | None]], width: int = 560,
              label_width: int = 150, title: str = "",
              breaks: Sequence[float] | None = None) -> Markup:
    """Horizontal bars: (label, rate 0..1, link or None) per row."""
    breaks = breaks or breaks_for([r for _, r, _ in items])
    row, top = 24, 8
    height = top + row * len(items) + 8
    bar_w = width - label_width - 60
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, rate, href) in enumerate(items):
        y = top + i * row
        w = 0 if rate is None else max(1.0, bar_w * rate)
        bar = (f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end" font-size="13">'
               f'{escape(label)}</text>'
               f'<rect x="{label_width}" y="{y + 3}" width="{bar_w}" height="16" '
               f'fill="#f1f1f1"/>'
               f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="16" '
               f'fill="{colour(rate, breaks)}" stroke="#4a6b8a" stroke-width="0.5">'
               f'<title>{escape(label)}: {_pct(rate)}</title></rect>'
               f'<text x="{label_width + bar_w + 6}" y="{y + 16}" font-size="12">'
               f'{_pct(rate)}</text>')
        parts.append(f'<a href="{escape(href)}">{bar}</a>' if href else bar)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above went through escape()


def legend(breaks: Sequence[float] = BREAKS) -> Markup:
    """The colour classes of :func:`colour`, as a small SVG."""
    labels = [f"<{breaks[0] * 100:g}%", *[f"≥{b * 100:g}%" for b in breaks]]
    parts = ['<svg class="legend" viewBox="0 0 420 22" xmlns="http://www.w3.org/2000/svg">']
    for i, (col, lab) in enumerate(zip(COLOURS, labels, strict=True)):
        x = i * 60
        parts.append(f'<rect x="{x}" y="3" width="14" height="14" fill="{col}" '
                     f'stroke="#888" stroke-width="0.5"/><text x="{x + 18}" y="15" '
                     f'font-size="11">{escape(lab)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above went through escape()
