"""The province's map: real GB/T 2260 codes, abolished and new codes in ID numbers."""

from __future__ import annotations

import numpy as np

from unireg.generate.geography import id_region_codes, province_geography
from unireg.rules.regions import region_table


def test_counties_are_real_and_in_force() -> None:
    geo = province_geography("44", 2017)
    t = region_table()
    codes = [str(c) for c in geo.counties.tolist()]
    assert all(c.startswith("44") and c in t for c in codes)
    assert all(t[c].abolished is None or t[c].abolished >= 2017 for c in codes)
    assert "441900" in codes  # 东莞市 has no counties: it stands for itself
    assert "440311" not in codes  # 光明区 was created in 2018
    assert not any(t[c].name == "市辖区" for c in codes)
    assert abs(geo.weights.sum() - 1) < 1e-9
    origins = {str(c)[:2] for c in geo.origins.tolist()}
    assert "44" not in origins and "43" in origins and "71" not in origins
    assert all(c not in t for c in geo.unknown_regions)


def test_id_regions_carry_abolished_and_new_codes() -> None:
    geo = province_geography("44", 2017)
    t = region_table()
    rng = np.random.default_rng(5)
    n = 4000
    hukou = np.full(n, 440113, dtype=np.int32)  # 番禺区, created 2000 (番禺县 → 番禺市 → 番禺区)
    years = rng.integers(1920, 2017, n)
    codes = id_region_codes(rng, geo, hukou, years, np.ones(n, dtype=bool))
    old = codes[years + 16 < 1990]
    assert set(old.tolist()) <= {440126, 440181, 440113} | {c for c, *_ in geo.abolished[440100]}
    assert (old == 440126).mean() > 0.5  # 番禺县 until 1992
    assert t["440126"].abolished == 1992
    assert (codes[years > 2000] == 440113).all()
    assert all(str(c) in t for c in set(codes.tolist()))


def test_id_regions_may_be_created_after_birth() -> None:
    geo = province_geography("44", 2017)
    rng = np.random.default_rng(8)
    n = 2000
    hukou = np.full(n, 440106, dtype=np.int32)  # 天河区, created 1985, no predecessor by name
    years = rng.integers(1940, 1980, n)
    codes = id_region_codes(rng, geo, hukou, years, np.ones(n, dtype=bool))
    assert (codes == 440106).mean() > 0.85  # numbered in 1985 or later: the new code
    assert region_table()["440106"].periods[0][0] == 1985
