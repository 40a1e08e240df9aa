"""Simulated people: age, sex, hukou, migration, life status, activity, names and ID numbers.

Everything is a numpy array over one chunk of people; dates are day numbers
(days since 1970-01-01, ``NODATE`` for none). Each person is described *as
of* a date: the reference date for the living, the day of death or
emigration for those who died or left before it. Their activity group and
every record about them are simulated as of that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from unireg.generate import model as m
from unireg.generate.geography import Geography, id_region_codes
from unireg.generate.identity import SequenceAllocator, body17, check_index, id_strings, ymd
from unireg.generate.names import make_names

NODATE = np.iinfo(np.int32).min
YEAR = 365.25


@dataclass
class Persons:
    """One chunk of simulated people (all arrays have one entry per person)."""

    first_index: int              # global number of the chunk's first person
    status: np.ndarray            # LIVING, DECEASED, EMIGRATED (the frame's status)
    status_date: np.ndarray       # death/emigration day, NODATE for the living
    asof: np.ndarray              # the day each person is described on
    birth: np.ndarray
    age: np.ndarray               # whole years on ``asof``
    sex: np.ndarray               # 1 male, 2 female
    mig: np.ndarray               # LOCAL, INTRA, INTER
    residence: np.ndarray         # county code
    hukou: np.ndarray             # county code
    urban: np.ndarray             # urban hukou
    arrival: np.ndarray           # day a migrant arrived, NODATE for locals
    in_frame: np.ndarray          # the population frame lists them
    group: np.ndarray             # activity group (model.CHILD ...)
    name: pa.Array
    id18: pa.Array                # the true ID number
    id_region: np.ndarray

    @property
    def n(self) -> int:
        return int(self.status.size)

    @property
    def recent(self) -> np.ndarray:
        """Migrants who arrived within the last year (as of their date)."""
        return (self.arrival != NODATE) & (self.asof - self.arrival < m.RECENT_DAYS)


_EPOCH = dt.date(1970, 1, 1).toordinal()


def days(d: str | dt.date) -> int:
    """The day number (days since 1970-01-01) of a date or YYYY-MM-DD text.

    >>> days("1970-01-02"), days(dt.date(2017, 12, 31))
    (1, 17531)
    """
    return (dt.date.fromisoformat(d) if isinstance(d, str) else d).toordinal() - _EPOCH


def _by_age(table: tuple[tuple[float, ...], ...], age: np.ndarray, column: int) -> np.ndarray:
    bounds = np.array([row[0] for row in table])
    values = np.array([row[column] for row in table])
    return values[np.searchsorted(bounds, age, side="right") - 1]


def whole_years(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(on)
    return (oy - by - ((om < bm) | ((om == bm) & (od < bd)))).astype(np.int16)


def _ages(rng: np.random.Generator, n: int, shares: np.ndarray, width: int) -> np.ndarray:
    p = shares / shares.sum()
    band = rng.choice(p.size, n, p=p)
    return band * width + rng.random(n) * width


def simulate_persons(rng: np.random.Generator, n: int, first_index: int, ref: int,
                     geo: Geography, seq: SequenceAllocator) -> Persons:
    """``n`` people of the province as of the reference day ``ref``."""
    # Life status, and the day each person is described on.
    u = rng.random(n)
    status = np.where(u < m.P_DECEASED, m.DECEASED,
                      np.where(u < m.P_DECEASED + m.P_EMIGRATED, m.EMIGRATED, m.LIVING))
    gone = status != m.LIVING
    after = rng.random(n) < m.P_STATUS_AFTER_REF
    offset = np.where(after, rng.integers(1, 91, n), -rng.integers(0, m.DEATH_WINDOW_DAYS, n))
    status_date = np.where(gone, ref + offset, NODATE).astype(np.int32)
    asof = np.where(gone & ~after, status_date, ref).astype(np.int32)

    # Age on that day: the 2017 pyramid, ages at death, working ages for emigrants.
    age_f = _ages(rng, n, m.AGE_PYRAMID, 5)
    age_f = np.where(status == m.DECEASED, _ages(rng, n, m.DEATH_AGES, 10), age_f)
    age_f = np.where(status == m.EMIGRATED, 18 + rng.random(n) * 42, age_f)
    birth = (asof - np.floor(age_f * YEAR)).astype(np.int32)
    birth = np.maximum(birth, days("1900-01-01") + 366)
    age = whole_years(birth, asof)

    male = rng.random(n) < _by_age(m.MALE_SHARE, age, 1)
    sex = np.where(male, 1, 2).astype(np.int8)

    # Migration and regions.
    p_intra = _by_age(m.MIGRANT_SHARE, age, 1)
    p_inter = _by_age(m.MIGRANT_SHARE, age, 2)
    um = rng.random(n)
    mig = np.where(um < p_inter, m.INTER, np.where(um < p_inter + p_intra, m.INTRA, m.LOCAL))
    mig = np.where(status == m.DECEASED, np.where(mig == m.INTER, m.LOCAL, mig), mig)
    mig = mig.astype(np.int8)
    k = geo.counties.size
    res_i = rng.choice(k, n, p=geo.weights)
    hk_i = rng.choice(k, n, p=geo.weights)
    hk_i = np.where(hk_i == res_i, (hk_i + 1 + rng.integers(0, k - 1, n)) % k, hk_i) \
        if k > 1 else hk_i
    residence = geo.counties[res_i]
    origin = geo.origins[rng.choice(geo.origins.size, n, p=geo.origin_weights)]
    hukou = np.where(mig == m.LOCAL, residence,
                     np.where(mig == m.INTRA, geo.counties[hk_i], origin)).astype(np.int32)
    hk_share = np.where(mig == m.INTER, m.URBAN_SHARE_INTER,
                        geo.urban_share[np.where(mig == m.INTRA, hk_i, res_i)])
    urban = rng.random(n) < hk_share
    years_here = np.minimum(rng.exponential(m.MIGRANT_YEARS_MEAN, n), age + rng.random(n))
    arrival = np.where(mig != m.LOCAL, asof - np.floor(years_here * YEAR), NODATE)
    arrival = np.maximum(arrival, birth).astype(np.int32)
    arrival = np.where(mig != m.LOCAL, arrival, NODATE).astype(np.int32)

    # Who the frame lists.
    in_frame = np.ones(n, dtype=bool)
    in_frame &= ~((mig == m.INTER) & (rng.random(n) >= m.P_FRAME_INTER))
    in_frame &= ~((age == 0) & (rng.random(n) >= m.P_FRAME_NEWBORN))

    group = _activity(rng, age, sex, mig, urban)

    name = make_names(rng, sex, local=hukou // 10000 == 44)  # Guangdong's own surnames
    by, _, _ = ymd(birth)
    id_region = id_region_codes(rng, geo, hukou, by, hukou // 10000 == int(geo.province))
    body = body17(id_region, birth, seq.allocate(id_region, birth, sex))
    id18 = id_strings(body, check_index(body))
    return Persons(first_index=first_index, status=status.astype(np.int8),
                   status_date=status_date, asof=asof, birth=birth, age=age, sex=sex, mig=mig,
                   residence=residence.astype(np.int32), hukou=hukou, urban=urban,
                   arrival=arrival, in_frame=in_frame, group=group, name=name, id18=id18,
                   id_region=id_region)


def _activity(rng: np.random.Generator, age: np.ndarray, sex: np.ndarray, mig: np.ndarray,
              urban: np.ndarray) -> np.ndarray:
    n = age.size
    group = np.full(n, m.HOMEMAKER, dtype=np.int8)
    col = np.where(mig == m.INTER, 3, np.where(mig == m.INTRA, 2, 1))
    bounds = np.array([row[0] for row in m.STUDENT_SHARE])
    table = np.array([row[1:] for row in m.STUDENT_SHARE])
    band = np.clip(np.searchsorted(bounds, age, side="right") - 1, 0, len(bounds) - 1)
    p_student = np.where(age >= 16, table[band, col - 1], 0.0)
    student = rng.random(n) < p_student

    retire_age = np.where(sex == 1, m.RETIREMENT_AGE[0], m.RETIREMENT_AGE[1])
    p_ret = np.where(mig == m.INTER, m.P_RETIRED["inter"],
                     np.where(urban, m.P_RETIRED["urban"], m.P_RETIRED["rural"]))
    retired = (age >= retire_age) & (rng.random(n) < p_ret)
    elderly = ~retired & (age >= 60)

    kind = np.where(mig == m.INTER, 0, np.where(urban, 1, 2))
    shares = np.array([m.WORK_SHARES["inter"], m.WORK_SHARES["urban"], m.WORK_SHARES["rural"]])
    cum = np.cumsum(shares, axis=1)
    cum[:, -1] = 1.0
    work = np.array(m.WORK_ORDER, dtype=np.int8)[(rng.random(n)[:, None] > cum[kind]).sum(1)]

    group[:] = work
    group[retired] = m.RETIRED
    group[elderly] = m.ELDERLY
    group[student & (age < 26)] = m.STUDENT
    group[age < 16] = m.CHILD
    return group
