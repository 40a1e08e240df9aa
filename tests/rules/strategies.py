"""Hypothesis strategies for ID numbers, shared by the property and SQL-twin tests.

Valid numbers are built from real GB/T 2260 codes (``region_table()``), real dates
from 1900-01-01 to today and any sequence, completed with their check character.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from unireg.rules.idnumber import EARLIEST_BIRTH, check_char
from unireg.rules.regions import region_table

TODAY = dt.date.today()
REGIONS = sorted(r.code for r in region_table())
FULL = dict(zip("0123456789X", "０１２３４５６７８９Ｘ", strict=True))
SPACES = ("", " ", "\u3000", "\t", "\u00a0")

regions = st.sampled_from(REGIONS)
births = st.dates(min_value=EARLIEST_BIRTH, max_value=TODAY)
sequences = st.integers(0, 999).map(lambda i: f"{i:03d}")


def complete(body17: str) -> str:
    return body17 + check_char(body17)


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    """An 18-character number that ``check`` accepts on ``TODAY``."""
    return complete(draw(regions) + draw(births).strftime("%Y%m%d") + draw(sequences))


@st.composite
def valid_15(draw: st.DrawFn) -> str:
    """A legacy 15-digit number (births 1900-1999) that ``check`` accepts."""
    born = draw(st.dates(min_value=EARLIEST_BIRTH, max_value=min(TODAY, dt.date(1999, 12, 31))))
    return draw(regions) + born.strftime("%y%m%d") + draw(sequences)


@st.composite
def any_date_digits(draw: st.DrawFn) -> str:
    """Shape-valid numbers with a correct check character but any 8 date digits."""
    digits = draw(st.one_of(
        st.text("0123456789", min_size=8, max_size=8),
        st.dates(min_value=TODAY, max_value=dt.date(2100, 1, 1)).map(lambda d: f"{d:%Y%m%d}"),
        st.dates(min_value=dt.date(1800, 1, 1), max_value=EARLIEST_BIRTH).map(
            lambda d: f"{d:%Y%m%d}"),
    ))
    region = draw(st.one_of(regions, st.text("0123456789", min_size=6, max_size=6)))
    return complete(region + digits + draw(sequences))


def disguise(number: str) -> st.SearchStrategy[str]:
    """How a clerk may have typed ``number``: full-width characters, lower-case x, blanks."""
    @st.composite
    def build(draw: st.DrawFn) -> str:
        out = [draw(st.sampled_from(SPACES))]
        for c in number:
            if draw(st.booleans()):
                c = FULL[c]
            if c in "XＸ" and draw(st.booleans()):
                c = c.lower()
            out.append(c + draw(st.sampled_from(SPACES)))
        return "".join(out)
    return build()


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid number with one typing error: substituted, dropped, doubled or swapped."""
    n = draw(st.one_of(valid_numbers(), valid_15()))
    i = draw(st.integers(0, len(n) - 1))
    c = draw(st.sampled_from("0123456789XxＸ０９a-\u0663 "))
    how = draw(st.sampled_from(["substitute", "drop", "insert", "swap"]))
    if how == "substitute":
        return n[:i] + c + n[i + 1:]
    if how == "drop":
        return n[:i] + n[i + 1:]
    if how == "insert":
        return n[:i] + c + n[i:]
    j = min(i + 1, len(n) - 1)
    return n[:i] + n[j] + n[i + 1:j] + n[i] + n[j + 1:] if j > i else n


junk = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=25),
    st.text("0123456789Xx ０１２３４５６７８９Ｘｘ\u3000\t\u00a0\u0663", max_size=22),
    st.text("0123456789", min_size=13, max_size=20),
)

any_input = st.one_of(
    st.none(),
    valid_numbers(),
    valid_15(),
    valid_numbers().flatmap(disguise),
    valid_15().flatmap(disguise),
    any_date_digits(),
    mutated(),
    junk,
)
