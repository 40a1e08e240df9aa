"""Employers and jobs: who works where, and which employers enrol their staff.

Employers are made per chunk from that chunk's employees, so a person's
records never depend on another chunk. Employees are sorted by residence
county and cut into employers of a drawn size (heavy-tailed: most employers
are micro, most jobs are in larger ones); an employer sits in the county of
its staff and registers there. Whether an employer enrols its staff depends on
its size. Codes are real GB 32100 unified social credit codes: registration
department and type, the county code, an organisation code with its GB 11714
check digit, and the MOD 31 check character, unique over the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from unireg.generate import model as m
from unireg.generate.geography import Geography
from unireg.generate.population import NODATE, YEAR, Persons

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])

_BRAND_A = "宏华恒金鑫永盛联德富锦广腾瑞嘉新天星海正信安泰达利和顺通"
_BRAND_B = "达兴丰源通盛利发业昌华泰隆福祥辉创成明远"
_TRADE = {
    "A": "农业", "B": "矿业", "C": "电子", "D": "能源", "E": "建筑工程", "F": "贸易",
    "G": "物流", "H": "餐饮", "I": "科技", "J": "投资", "K": "物业", "L": "商务服务",
    "M": "检测", "N": "环保", "O": "家政服务", "P": "培训", "Q": "诊所", "R": "文化传媒",
}
_PUBLIC = {"S": ("人力资源和社会保障局", "市场监督管理局", "街道办事处", "税务局", "公安局"),
           "P": ("第一中学", "实验小学", "职业技术学校", "第三中学", "中心幼儿园"),
           "Q": ("人民医院", "中医院", "妇幼保健院", "疾病预防控制中心")}


@dataclass
class Employers:
    """The chunk's employers; ``code`` etc. are per employer."""

    first_index: int
    code: pa.Array            # GB 32100 code
    name: pa.Array
    region: np.ndarray        # county code
    agency: np.ndarray        # social insurance agency (prefecture: municipal pooling)
    industry: pa.Array
    size: np.ndarray          # index into model.SIZES
    employees: np.ndarray
    public: np.ndarray
    compliant: np.ndarray     # enrols its staff

    @property
    def n(self) -> int:
        return int(self.region.size)


@dataclass
class Jobs:
    """Per person: current and previous employer (-1: none) and dates."""

    employer: np.ndarray
    start: np.ndarray
    prev_employer: np.ndarray
    prev_start: np.ndarray
    prev_end: np.ndarray


def _sizes(rng: np.random.Generator, total: int, kind: str) -> np.ndarray:
    classes = m.EMPLOYER_CLASSES[kind]
    p = np.array([c[0] for c in classes])
    lo = np.array([c[1] for c in classes], dtype=float)
    hi = np.array([c[2] for c in classes], dtype=float)
    out: list[np.ndarray] = []
    have = 0
    while have < total:
        k = max(16, int((total - have) / 40) + 16)
        c = rng.choice(p.size, k, p=p / p.sum())
        s = np.floor(np.exp(np.log(lo[c]) + rng.random(k) * (np.log(hi[c] + 1) - np.log(lo[c]))))
        s = np.maximum(s, 1).astype(np.int64)
        out.append(s)
        have += int(s.sum())
    sizes = np.concatenate(out) if out else np.empty(0, dtype=np.int64)
    cum = np.cumsum(sizes)
    last = int(np.searchsorted(cum, total))  # the employer that reaches the total
    sizes = sizes[: last + 1].copy()
    if sizes.size:
        sizes[-1] -= int(cum[last] - total)
    return sizes


def _pool(rng: np.random.Generator, members: np.ndarray, county: np.ndarray,
          kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut ``members`` into employers, prefecture by prefecture (people work near home).

    Within a prefecture members are sorted by county (shuffled within), so an employer's
    staff live in its county or, for large ones, the neighbouring ones. Returns the
    employer (0-based within the pool) of each member, the employers' counties, and their
    staff counts.
    """
    if members.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32), np.empty(0, np.int64)
    c = county[members]
    order = np.lexsort((rng.random(members.size), c, c // 100))
    pref = (c // 100)[order]
    bounds = np.flatnonzero(np.r_[True, pref[1:] != pref[:-1], True])
    sizes = np.concatenate([_sizes(rng, int(b - a), kind) for a, b in pairwise(bounds)])
    cum = np.cumsum(sizes)
    emp_sorted = np.searchsorted(cum, np.arange(members.size), side="right")
    employer = np.empty(members.size, dtype=np.int64)
    employer[order] = emp_sorted
    first_member = members[order][np.r_[0, cum[:-1]]]
    return employer, county[first_member].astype(np.int32), sizes


def _org_codes(index: np.ndarray) -> np.ndarray:
    """Nine-character organisation codes (GB 11714: 8 digits + check), as alphabet indexes."""
    body = (index.astype(np.int64) * 73_512_837 + 12_345_678) % 100_000_000  # a bijection
    digits = np.stack([(body // 10 ** (7 - i)) % 10 for i in range(8)], axis=1)
    c = 11 - (digits * _ORG_WEIGHTS).sum(1) % 11
    check = np.where(c == 10, _ALPHABET.index("X"), np.where(c == 11, 0, c))
    return np.concatenate([digits, check[:, None]], axis=1)


def uscc_codes(dept_type: np.ndarray, region: np.ndarray, index: np.ndarray) -> pa.Array:
    """GB 32100 codes from two-digit department+type, county code and a unique index."""
    n = region.size
    chars = np.zeros((n, 18), dtype=np.int64)
    chars[:, 0] = dept_type // 10
    chars[:, 1] = dept_type % 10
    for i in range(6):
        chars[:, 2 + i] = (region // 10 ** (5 - i)) % 10
    chars[:, 8:17] = _org_codes(index)
    total = (chars[:, :17] * _USCC_WEIGHTS).sum(1)
    chars[:, 17] = (31 - total % 31) % 31
    table = np.frombuffer(_ALPHABET.encode("ascii"), dtype=np.uint8)
    raw = table[chars].astype(np.uint8)
    return pa.array(raw.view("S18").ravel()).cast(pa.string())


def simulate_employers(rng: np.random.Generator, p: Persons, geo: Geography,
                       first_index: int) -> tuple[Employers, Jobs]:
    """Employers for the chunk's employees, and everyone's jobs."""
    n = p.n
    ent = np.flatnonzero(p.group == m.EMPLOYEE)
    pub = np.flatnonzero(p.group == m.PUBLIC)
    e_emp, e_region, e_size = _pool(rng, ent, p.residence, "enterprise")
    p_emp, p_region, p_size = _pool(rng, pub, p.residence, "public")
    n_ent = e_region.size
    employer = np.full(n, -1, dtype=np.int64)
    employer[ent] = e_emp
    employer[pub] = p_emp + n_ent
    region = np.r_[e_region, p_region].astype(np.int32)
    staff = np.r_[e_size, p_size].astype(np.int64)
    public = np.r_[np.zeros(n_ent, bool), np.ones(p_region.size, bool)]
    k = region.size
    size = np.searchsorted(np.array(m.SIZE_THRESHOLDS), staff, side="right").astype(np.int8)
    comp_p = np.where(public, m.P_COMPLIANCE_PUBLIC, np.array(m.COMPLIANCE)[size])
    compliant = rng.random(k) < comp_p

    letters = np.array(list(m.INDUSTRY_SHARES))
    w = np.array(list(m.INDUSTRY_SHARES.values()), dtype=float)
    ind_e = letters[rng.choice(letters.size, n_ent, p=w / w.sum())]
    pletters = np.array(list(m.PUBLIC_INDUSTRY_SHARES))
    pw = np.array(list(m.PUBLIC_INDUSTRY_SHARES.values()), dtype=float)
    ind_p = pletters[rng.choice(pletters.size, p_region.size, p=pw / pw.sum())]
    industry = np.r_[ind_e, ind_p].astype("U1")

    individual = ~public & (size == 0) & (rng.random(k) < m.P_INDIVIDUAL_BUSINESS)
    dept = np.where(public, np.where(industry == "S", 11, 12), np.where(individual, 92, 91))
    index = first_index + np.arange(k)
    code = uscc_codes(dept, region, index)
    name = _names(rng, region, industry, public, individual, geo)

    # Jobs: current tenure; an earlier job for some enterprise employees.
    emp_mask = employer >= 0
    tenure_mean = np.where(p.group == m.PUBLIC, m.TENURE_YEARS_MEAN["public"],
                           m.TENURE_YEARS_MEAN["enterprise"])
    career_start = p.birth + np.floor((18 + rng.random(n) * 4) * YEAR).astype(np.int32)
    tenure = np.floor(rng.exponential(tenure_mean) * YEAR).astype(np.int64)
    start = np.maximum(p.asof - tenure, career_start)
    start = np.where(p.arrival != NODATE, np.maximum(start, p.arrival), start)
    start = np.minimum(start, p.asof).astype(np.int32)
    start = np.where(emp_mask, start, NODATE).astype(np.int32)

    had = (p.group == m.EMPLOYEE) & (start - career_start > YEAR) & \
        (rng.random(n) < m.P_PREVIOUS_JOB) & (n_ent > 1)
    prev_end = (start - rng.integers(1, 61, n)).astype(np.int64)
    prev_start = np.maximum(
        prev_end - np.floor(rng.exponential(m.PREVIOUS_TENURE_MEAN, n) * YEAR + 60),
        career_start)
    had &= prev_start < prev_end
    prev_employer = np.full(n, -1, dtype=np.int64)
    if ent.size:
        donor = ent[rng.integers(0, ent.size, n)]
        prev = employer[donor]
        prev = np.where(prev == employer, (prev + 1) % max(n_ent, 1), prev)
        prev_employer = np.where(had, prev, -1)
    jobs = Jobs(employer=employer, start=start, prev_employer=prev_employer,
                prev_start=np.where(had, prev_start, NODATE).astype(np.int32),
                prev_end=np.where(had, prev_end, NODATE).astype(np.int32))
    employers = Employers(first_index=first_index, code=code, name=name, region=region,
                          agency=geo.prefecture_of(region), industry=pa.array(industry),
                          size=size, employees=staff, public=public, compliant=compliant)
    return employers, jobs


def _names(rng: np.random.Generator, region: np.ndarray, industry: np.ndarray,
           public: np.ndarray, individual: np.ndarray, geo: Geography) -> pa.Array:
    k = region.size
    uniq, inv = np.unique(region, return_inverse=True)
    place = []
    for code in uniq.tolist():
        county = geo.name_of(int(code))
        pref = geo.name_of(int(code) // 100 * 100)
        place.append(county if pref == county or not pref else pref + county)
    place_a = pa.array(place).take(pa.array(inv))
    a = pa.array(list(_BRAND_A)).take(pa.array(rng.integers(0, len(_BRAND_A), k)))
    b = pa.array(list(_BRAND_B)).take(pa.array(rng.integers(0, len(_BRAND_B), k)))
    trade = pa.array([_TRADE.get(str(x), "商贸") for x in industry.tolist()])
    suffix = pc.if_else(pa.array(individual), pa.scalar("商行"), pa.scalar("有限公司"))
    firm = pc.binary_join_element_wise(place_a, a, b, trade, suffix, "")
    units = [_PUBLIC.get(str(x), ("办公室",)) for x in industry.tolist()]
    pick = rng.integers(0, 1000, k)
    unit = pa.array([u[i % len(u)] for u, i in zip(units, pick.tolist(), strict=True)])
    office = pc.binary_join_element_wise(place_a, unit, "")
    return pc.if_else(pa.array(public), office, firm)
