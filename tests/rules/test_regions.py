"""GB/T 2260 region codes (unireg.rules.regions), read from python-stdnum's cn/loc.dat."""

from __future__ import annotations

import doctest

import pytest
from stdnum import numdb

from unireg.rules import regions
from unireg.rules.regions import Region, region_table

# The 31 provincial-level divisions of the mainland.
MAINLAND = ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
            "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65")


@pytest.fixture(scope="module")
def table() -> regions.RegionTable:
    return region_table()


def test_table_size(table: regions.RegionTable) -> None:
    assert 5000 < len(table) < 10000               # every code ever in force, not today's only
    assert len(table.current()) > 3000
    assert sum(1 for r in table if r.abolished) > 1000


def test_current_provinces(table: regions.RegionTable) -> None:
    provinces = [r.code for r in table.current("province")]
    assert len(provinces) >= 31
    assert {p + "0000" for p in MAINLAND} <= set(provinces)
    assert table["440000"].name == "广东省" and table["650000"].name == "新疆维吾尔自治区"


def test_current_is_sorted_and_filtered(table: regions.RegionTable) -> None:
    for level in ("province", "prefecture", "county"):
        rows = table.current(level)
        assert rows, level
        assert [r.code for r in rows] == sorted(r.code for r in rows)
        assert all(r.level == level and r.abolished is None for r in rows)
    assert "110104" not in {r.code for r in table.current("county")}
    assert "110118" in {r.code for r in table.current("county")}


def test_levels(table: regions.RegionTable) -> None:
    assert table["440000"].level == "province"
    assert table["440300"].level == "prefecture"
    assert table["440305"].level == "county"


def test_xuanwu_abolished_2010(table: regions.RegionTable) -> None:
    r = table["110104"]
    assert "110104" in table
    assert (r.name, r.abolished, r.level) == ("宣武区", 2010, "county")
    assert r.name_in(2005) == "宣武区"
    assert table.describe("110104") == "北京市 市辖区 宣武区 (abolished 2010)"
    assert table.describe("110104", "zh") == "北京市 市辖区 宣武区（2010年撤销）"
    assert [x.code for x in table.lineage("110104")] == ["110000", "110100", "110104"]


def test_nanshan(table: regions.RegionTable) -> None:
    r = table["440305"]
    assert (r.name, r.abolished, r.province, r.prefecture) == ("南山区", None, "440000", "440300")
    assert r.name_in(1985) == "南头区办事处"       # [1983-1989]
    assert r.name_in(1990) == "南山区"             # [1990-]
    assert r.name_in(2024) == "南山区"
    assert table.describe("440305") == "广东省 深圳市 南山区"
    assert [x.name for x in table.lineage("440305")] == ["广东省", "深圳市", "南山区"]


def test_prefecture(table: regions.RegionTable) -> None:
    r = table["440300"]
    assert (r.name, r.level, r.province, r.prefecture) == ("深圳市", "prefecture", "440000",
                                                          "440300")
    assert [x.code for x in table.lineage("440300")] == ["440000", "440300"]
    assert table.describe("440300") == "广东省 深圳市"


def test_province(table: regions.RegionTable) -> None:
    r = table["440000"]
    assert (r.level, r.province, r.prefecture) == ("province", "440000", None)
    assert [x.code for x in table.lineage("440000")] == ["440000"]
    assert table.describe("440000") == "广东省"


def test_code_reused_with_different_names(table: regions.RegionTable) -> None:
    # 332625: [-1982]庆元县, [1982-1994]天台县 (Zhejiang), out of force since 1994.
    r = table["332625"]
    assert len(r.periods) == 2
    assert r.name_in(1975) == "庆元县"
    assert r.name_in(1982) == "庆元县"             # the first period that covers the year
    assert r.name_in(1990) == "天台县"
    assert r.name == "天台县"                       # abolished: the last name it had
    assert r.abolished == 1994
    assert table.describe("332625").endswith("天台县 (abolished 1994)")


def test_code_created_later(table: regions.RegionTable) -> None:
    r = table["110118"]                              # Miyun district, [2015-]
    assert r.periods == ((2015, None, "密云区"),)
    assert r.abolished is None
    assert r.name_in(1980) == "密云区"              # no period matches: the current name


def test_unknown_code(table: regions.RegionTable) -> None:
    assert "990000" not in table and "110199" not in table
    assert table.get("990000") is None
    assert table.lineage("990000") == []
    assert table.describe("990000") == "unknown region"
    assert table.describe("990000", "zh") == "未知区划"
    with pytest.raises(KeyError):
        table["990000"]


def test_region_by_hand() -> None:
    r = Region("123456", "county", ((None, 1990, "Old"), (1991, 2000, "Mid"), (2001, None, "New")))
    assert (r.name, r.abolished, r.name_in(1985), r.name_in(1995), r.name_in(2020)) == (
        "New", None, "Old", "Mid", "New")
    gone = Region("123457", "county", ((None, 1990, "A"), (1991, 1999, "B")))
    assert (gone.name, gone.abolished, gone.name_in(2005)) == ("B", 1999, "B")


def test_every_code_is_in_stdnum(table: regions.RegionTable) -> None:
    db = numdb.get("cn/loc")
    for r in table:
        info = {k: v for _, props in db.info(r.code) for k, v in props.items()}
        assert info.get("province"), r.code
        if r.level != "province":
            assert r.name in info["county"], r.code


def test_loaded_once() -> None:
    assert region_table() is region_table()


def test_doctests() -> None:
    result = doctest.testmod(regions)
    assert result.attempted >= 3 and result.failed == 0
