"""The synthetic province's map: real GB/T 2260 codes (:func:`unireg.rules.regions.region_table`).

Residents live in the province's counties in force in the reference year
(districts weigh more than rural counties: that is where people are). Migrants
from elsewhere keep a hukou in another province's county. ID numbers carry the
code in force where and when they were issued: for older people of the province
that may be a code abolished since (番禺县 440126 for someone from today's
番禺区 440113), and people born before a county was created may carry its new
code. Both are valid ID region codes.

>>> geo = province_geography("44", 2017)
>>> int(geo.counties[0]) // 10000, len(geo.counties) > 100
(44, True)
>>> geo.name_of(440113)
'番禺区'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from unireg.errors import ConfigError
from unireg.generate import model
from unireg.rules.regions import Region, region_table

_PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划",
                      "省直辖行政单位", "市区", "郊区"}
_EXCLUDED_ORIGINS = {"71", "81", "82"}  # Taiwan, Hong Kong, Macao: no hukou


def _in_force(r: Region, year: int) -> bool:
    return any((s is None or s <= year) and (e is None or year <= e) for s, e, _ in r.periods)


def _created(r: Region) -> int:
    starts = [s for s, _, _ in r.periods]
    return 0 if any(s is None for s in starts) else min(s for s in starts if s is not None)


def _stem(name: str) -> str:
    return name[:-1] if len(name) > 2 and name[-1] in "区县市" else name


def county_equivalents(province: str, year: int) -> list[Region]:
    """Counties of a province in force in ``year``, plus prefectures without counties (东莞市)."""
    t = region_table()
    counties = [r for r in t if r.code.startswith(province) and r.level == "county"
                and _in_force(r, year) and r.name not in _PLACEHOLDER_NAMES]
    with_counties = {r.code[:4] for r in counties}
    bare = [r for r in t if r.code.startswith(province) and r.level == "prefecture"
            and _in_force(r, year) and r.code[:4] not in with_counties
            and r.name not in _PLACEHOLDER_NAMES]
    return sorted(counties + bare, key=lambda r: r.code)


@dataclass(frozen=True)
class Geography:
    """Region codes as int32 arrays, ready for vectorised sampling."""

    province: str
    year: int
    counties: np.ndarray          # residence/hukou counties of the province
    weights: np.ndarray           # population weight of each, sums to 1
    urban_share: np.ndarray       # share of urban hukou, per county
    created: np.ndarray           # year each code came into force (0: always)
    origins: np.ndarray           # counties of other provinces (migrants' hukou)
    origin_weights: np.ndarray
    # Per county of the province: abolished codes it replaced (same prefecture, same name stem)
    predecessors: dict[int, tuple[tuple[int, int, int], ...]]  # code -> ((code, from, to), ...)
    # Per prefecture of the province: every abolished county code, with years in force.
    abolished: dict[int, tuple[tuple[int, int, int], ...]]
    legacy_prefecture: int        # agencies still on the legacy pension system
    unknown_regions: tuple[str, ...]  # six digits that were never a GB/T 2260 code
    names: dict[int, str] = field(repr=False, default_factory=dict)

    def name_of(self, code: int) -> str:
        return self.names.get(code, "")

    def prefecture_of(self, codes: np.ndarray) -> np.ndarray:
        """The prefecture code of each county code (a prefecture-level code is its own)."""
        return (codes // 100 * 100).astype(np.int32)


def _years(r: Region) -> tuple[int, int]:
    start = min((s if s is not None else 0) for s, _, _ in r.periods)
    end = r.abolished or 9999
    return start, end


@cache
def province_geography(province: str = "44", year: int = 2017) -> Geography:
    """The map of one province (two-digit code) as it was in ``year``."""
    t = region_table()
    if f"{province}0000" not in t:
        raise ConfigError(f"province = {province!r}: not a GB/T 2260 province code "
                          "(two digits, e.g. 44 for Guangdong)")
    regions = county_equivalents(province, year)
    if not regions:
        raise ConfigError(f"province = {province!r}: no counties in force in {year}")
    codes = np.array([int(r.code) for r in regions], dtype=np.int32)
    # Districts (区) and cities without counties (东莞市) are urban and populous.
    is_urban = np.array([r.name.endswith("区") or r.level == "prefecture" for r in regions])
    big = np.array([r.level == "prefecture" for r in regions])
    w = np.where(is_urban, 2.5, 1.0) * np.where(big, 6.0, 1.0)
    urban = np.where(is_urban, model.URBAN_SHARE_DISTRICT, model.URBAN_SHARE_COUNTY)
    created = np.array([_created(r) for r in regions], dtype=np.int16)

    # Migrants' home counties, weighted by province of origin.
    provinces = sorted({r.code[:2] for r in t if r.level == "province" and _in_force(r, year)}
                       - _EXCLUDED_ORIGINS - {province})
    origin_codes: list[int] = []
    origin_w: list[float] = []
    named = model.MIGRANT_ORIGINS_44 if province == "44" else {}
    rest = [p for p in provinces if p not in named]
    for p in provinces:
        cs = county_equivalents(p, year)
        if not cs:
            continue
        pw = named[p] if p in named else model.MIGRANT_ORIGINS_OTHER / max(len(rest), 1)
        origin_codes += [int(r.code) for r in cs]
        origin_w += [pw / len(cs)] * len(cs)
    ow = np.array(origin_w)

    # Abolished county codes of the province, by prefecture, and predecessors by name stem.
    gone = [r for r in t if r.code.startswith(province) and r.level == "county"
            and r.abolished is not None and r.abolished >= 1985
            and r.name not in _PLACEHOLDER_NAMES]
    abolished: dict[int, list[tuple[int, int, int]]] = {}
    for r in gone:
        s, e = _years(r)
        abolished.setdefault(int(r.code[:4] + "00"), []).append((int(r.code), s, e))
    predecessors: dict[int, tuple[tuple[int, int, int], ...]] = {}
    for r in regions:
        stem = _stem(r.name)
        found = tuple((int(g.code), *_years(g)) for g in gone
                      if g.code[:4] == r.code[:4] and _stem(g.name) == stem and g.code != r.code)
        if found:
            predecessors[int(r.code)] = found

    prefectures = sorted({int(c) // 100 * 100 for c in codes})
    legacy = prefectures[min(4, len(prefectures) - 1)]  # 汕头 for Guangdong
    unknown = tuple(c for c in (f"{province}9999", f"{province}9998", f"{province}0199",
                                f"{province}9901", "990101") if c not in t)
    names = {int(r.code): r.name for r in t if r.code[:2] in set(provinces) | {province}}
    return Geography(
        province=province, year=year, counties=codes, weights=w / w.sum(), urban_share=urban,
        created=created, origins=np.array(origin_codes, dtype=np.int32),
        origin_weights=ow / ow.sum(),
        predecessors=predecessors,
        abolished={k: tuple(v) for k, v in sorted(abolished.items())},
        legacy_prefecture=legacy, unknown_regions=unknown, names=names)


def id_region_codes(rng: np.random.Generator, geo: Geography, hukou: np.ndarray,
                    birth_year: np.ndarray, in_province: np.ndarray) -> np.ndarray:
    """The region code in each person's ID number: where and when the number was issued.

    A number was issued at 16 for people born before 1990, at birth registration after
    (and not before 1985, when the first cards came). Someone whose county got a new code
    after that keeps the old one when the old one can be told (same name stem), else has
    the new code (created after their birth). A few older people moved within their
    prefecture and carry an abolished code from there.
    """
    out = hukou.astype(np.int32).copy()
    issued = np.where(birth_year < 1990, birth_year + 16, birth_year)
    issued = np.maximum(issued, 1985)
    for county, cands in geo.predecessors.items():
        sel = np.flatnonzero(in_province & (hukou == county))
        if sel.size == 0:
            continue
        iy = issued[sel]
        for code, start, end in cands:
            hit = (start <= iy) & (iy <= end)
            out[sel[hit]] = code
    old = in_province & (birth_year < 1975) & (rng.random(hukou.size) < 0.08)
    pref = hukou // 100 * 100
    for p, cands in geo.abolished.items():
        sel = np.flatnonzero(old & (pref == p))
        if sel.size == 0:
            continue
        iy = issued[sel]
        arr = np.array(cands, dtype=np.int32)
        pick = rng.integers(0, len(arr), sel.size)
        ok = (arr[pick, 1] <= iy) & (iy <= arr[pick, 2])
        out[sel[ok]] = arr[pick[ok], 0]
    return out
