"""Administrative division codes (GB/T 2260), current and historical.

The table is not typed by hand: it is read from python-stdnum's ``cn/loc.dat``
(compiled from the published code lists, with the years each code was in
force, abolished codes included). A code is *known* if it was ever in force:
an ID number keeps the code of where it was issued, which may be abolished
since (Beijing's Xuanwu district, 110104, merged in 2010) or created after the
holder's birth.

>>> t = region_table()
>>> t.describe("110104")
'北京市 市辖区 宣武区 (abolished 2010)'
>>> t["440305"].province, t["440305"].prefecture
('440000', '440300')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

_PERIOD = re.compile(r"^\[(\d{4})?-(\d{4})?\](.*)$")


@dataclass(frozen=True)
class Region:
    code: str
    level: str  # province | prefecture | county
    periods: tuple[tuple[int | None, int | None, str], ...]  # (from, to, name), to=None: in force

    @property
    def name(self) -> str:
        """The current name, or the last name the code had if it was abolished."""
        for _start, end, name in self.periods:
            if end is None:
                return name
        return self.periods[-1][2]

    @property
    def abolished(self) -> int | None:
        """The year the code went out of force, or None if it is in force."""
        if any(end is None for _, end, _ in self.periods):
            return None
        return max(end for _, end, _ in self.periods if end is not None)

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"

    @property
    def prefecture(self) -> str | None:
        return None if self.level == "province" else self.code[:4] + "00"

    def name_in(self, year: int) -> str:
        """The name in force in a given year (the current name if none matches)."""
        for start, end, name in self.periods:
            if (start is None or start <= year) and (end is None or year <= end):
                return name
        return self.name


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def _parse_periods(value: str) -> tuple[tuple[int | None, int | None, str], ...]:
    out: list[tuple[int | None, int | None, str]] = []
    for part in value.split(","):
        m = _PERIOD.match(part.strip())
        if m:
            start = int(m.group(1)) if m.group(1) else None
            end = int(m.group(2)) if m.group(2) else None
            out.append((start, end, m.group(3)))
        else:
            out.append((None, None, part.strip()))
    return tuple(out)


class RegionTable:
    """Every GB/T 2260 code ever in force, with names, levels and parents."""

    def __init__(self, regions: dict[str, Region]) -> None:
        self._regions = regions

    def __contains__(self, code: object) -> bool:
        return code in self._regions

    def __getitem__(self, code: str) -> Region:
        return self._regions[code]

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions.values())

    def __len__(self) -> int:
        return len(self._regions)

    def get(self, code: str) -> Region | None:
        return self._regions.get(code)

    def current(self, level: str | None = None) -> list[Region]:
        """Codes in force today, optionally of one level, in code order."""
        return sorted((r for r in self._regions.values()
                       if r.abolished is None and (level is None or r.level == level)),
                      key=lambda r: r.code)

    def lineage(self, code: str) -> list[Region]:
        """The province, prefecture and county (those that exist) containing ``code``."""
        r = self._regions.get(code)
        if r is None:
            return []
        out = []
        prov = self._regions.get(r.province)
        if prov:
            out.append(prov)
        if r.prefecture and r.prefecture != code and (pref := self._regions.get(r.prefecture)):
            out.append(pref)
        if r.level != "province":
            out.append(r)
        return out

    def describe(self, code: str, lang: str = "en") -> str:
        """Full name at every level, e.g. ``广东省 深圳市 福田区``; abolished codes say so.

        ``lang`` ("en" or "zh") is the language of the notes around the names.

        >>> region_table().describe("110104", "zh")
        '北京市 市辖区 宣武区（2010年撤销）'
        """
        r = self._regions.get(code)
        if r is None:
            return "未知区划" if lang == "zh" else "unknown region"
        text = " ".join(x.name for x in self.lineage(code))
        if not r.abolished:
            return text
        if lang == "zh":
            return f"{text}（{r.abolished}年撤销）"
        return f"{text} (abolished {r.abolished})"


def _load() -> dict[str, Region]:
    text = resources.files("stdnum").joinpath("cn", "loc.dat").read_text(encoding="utf-8")
    regions: dict[str, Region] = {}
    province = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, rest = line.strip().partition(" ")
        value = rest.split("=", 1)[1].strip().strip('"') if "=" in rest else ""
        if not line.startswith(" "):
            province = key
            code = key + "0000"
        else:
            code = province + key
        if code in regions:  # the province line and its "0000" row describe one code
            continue
        regions[code] = Region(code, _level(code), _parse_periods(value))
    return regions


@cache
def region_table() -> RegionTable:
    """The GB/T 2260 table (loaded once per process)."""
    return RegionTable(_load())
