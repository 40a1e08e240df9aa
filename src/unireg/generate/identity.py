"""True ID numbers (GB 11643), vectorised, unique across every chunk of a run.

A number is region (6) + birth date (8) + sequence (3) + check character. Two
people share region, birth date and sex only rarely, so the sequence is their
rank among such people: :class:`SequenceAllocator` keeps, across chunks, how
many numbers each (region, birth date, sex) already has, in a sorted key array
(about 10 bytes per distinct key). Ranks go through a fixed shuffle so the
sequence digits look like real police-station codes, odd for men and even for
women. Check characters use the same weights as :mod:`unireg.rules.idnumber`.

>>> body = np.array([11010419900307803], dtype=np.int64)
>>> CHECK_CHARS[check_index(body)[0]]
'9'
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from unireg.errors import UniregError
from unireg.rules.idnumber import CHECK_CHARS, WEIGHTS

_CHECKS = pa.array(list(CHECK_CHARS))
_MALE_SEQ = np.arange(1, 1000, 2)     # 500 odd sequences
_FEMALE_SEQ = np.arange(2, 1000, 2)   # 499 even sequences (000 is not used)


class IdentityError(UniregError):
    """The generator could not give every person a unique ID number."""


def check_index(body17: np.ndarray) -> np.ndarray:
    """Index into ``CHECK_CHARS`` of the MOD 11-2 check character of 17-digit integers."""
    rest = body17.astype(np.int64)
    total = np.zeros(rest.shape, dtype=np.int64)
    for w in reversed(WEIGHTS):  # the last digit has the last weight
        rest, digit = np.divmod(rest, 10)
        total += digit * w
    return (total % 11).astype(np.int8)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of day numbers (days since 1970-01-01)."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months).astype(np.int64) + 1
    return year, month, day


def body17(region: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> np.ndarray:
    y, m, d = ymd(birth)
    return (region.astype(np.int64) * 10**11 + (y * 10000 + m * 100 + d) * 1000
            + seq.astype(np.int64))


def id_strings(body: np.ndarray, check: np.ndarray) -> pa.Array:
    """18-character ID numbers as text (region codes start 1-8, so 17 digits need no padding)."""
    return pc.binary_join_element_wise(pa.array(body).cast(pa.string()),
                                       _CHECKS.take(pa.array(check)), "")


class SequenceAllocator:
    """Hands out sequence numbers unique per (region, birth date, sex) over a whole run."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._keys = np.empty(0, dtype=np.int64)
        self._used = np.empty(0, dtype=np.int32)
        self._male = rng.permutation(_MALE_SEQ)
        self._female = rng.permutation(_FEMALE_SEQ)

    def allocate(self, region: np.ndarray, birth: np.ndarray, sex: np.ndarray) -> np.ndarray:
        """Sequence numbers (1-999) for one chunk of people; raises if a key runs out."""
        n = region.size
        key = (region.astype(np.int64) * 100_000 + (birth.astype(np.int64) + 30_000)) * 2 \
            + (sex == 1)
        order = np.argsort(key, kind="stable")
        ks = key[order]
        first = np.r_[True, ks[1:] != ks[:-1]] if n else np.empty(0, dtype=bool)
        starts = np.flatnonzero(first)
        uk = ks[starts]
        counts = np.diff(np.r_[starts, n])
        rank_sorted = np.arange(n) - np.repeat(starts, counts)
        pos = np.searchsorted(self._keys, uk)
        found = pos < self._keys.size
        found[found] = self._keys[pos[found]] == uk[found]
        base = np.zeros(uk.size, dtype=np.int64)
        base[found] = self._used[pos[found]]
        rank = np.empty(n, dtype=np.int64)
        rank[order] = rank_sorted + np.repeat(base, counts)
        male = sex == 1
        cap = np.where(male, _MALE_SEQ.size, _FEMALE_SEQ.size)
        if n and (rank >= cap).any():
            raise IdentityError("more people share a region code, birth date and sex than "
                                "GB 11643 has sequence numbers for (500 men, 499 women)")
        # Remember the new totals.
        self._used[pos[found]] += counts[found].astype(np.int32)
        new = ~found
        self._keys = np.insert(self._keys, pos[new], uk[new])
        self._used = np.insert(self._used, pos[new], counts[new].astype(np.int32))
        # Each key starts at its own place in the shuffled sequences (distinct ranks of one
        # key stay distinct), so the digits vary the way police-station codes do.
        start = (key * 0x9E3779B1 >> 7) % cap
        return np.where(male, self._male[(start + rank) % _MALE_SEQ.size],
                        self._female[(start + rank) % _FEMALE_SEQ.size])


def legacy15(id18: str) -> str:
    """The 15-digit form of an 18-digit number of someone born in the 1900s.

    >>> legacy15("110104199003078039")
    '110104900307803'
    """
    return id18[:6] + id18[8:17]
