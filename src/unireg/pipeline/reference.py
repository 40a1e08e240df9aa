"""Reference tables the SQL steps join against, built from the country profile."""

from __future__ import annotations

import pyarrow as pa

from unireg.rules.profile import CountryProfile, kind_rank
from unireg.rules.regions import region_table


def regions_table() -> pa.Table:
    """``ref_regions``: every GB/T 2260 code ever in force, with level, parents and name."""
    rows = sorted(region_table(), key=lambda r: r.code)
    return pa.table({
        "code": [r.code for r in rows],
        "name": [r.name for r in rows],
        "level": [r.level for r in rows],
        "province": [r.province for r in rows],
        "prefecture": [r.prefecture for r in rows],
        "abolished": pa.array([r.abolished for r in rows], pa.int32()),
    })


def schemes_table(profile: CountryProfile) -> pa.Table:
    """``ref_schemes``: scheme, its group and kind."""
    s = list(profile.schemes.values())
    return pa.table({
        "scheme": [x.code for x in s],
        "scheme_group": [x.group for x in s],
        "kind": [x.kind for x in s],
        "kind_rank": pa.array([kind_rank(x.kind) for x in s], pa.int32()),
    })


def groups_table(profile: CountryProfile) -> pa.Table:
    """``ref_groups``: one row per scheme group."""
    g = list(profile.groups.values())
    return pa.table({
        "scheme_group": [x.code for x in g],
        "min_age": pa.array([x.min_age for x in g], pa.int32()),
    })


def reference_tables(profile: CountryProfile) -> dict[str, pa.Table]:
    return {
        "ref_regions": regions_table(),
        "ref_schemes": schemes_table(profile),
        "ref_groups": groups_table(profile),
    }
