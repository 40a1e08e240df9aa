"""Simulated enrolments: who is in which scheme, at which agency, since when, in what state.

Produces one row per enrolment (numpy arrays) and, per person and scheme
group, why they are *not* covered when they are not (``why``: 0 covered, else a
1-based index into :data:`model.REASONS`). The story per activity group is in
docs/generator.md; the probabilities are in :mod:`unireg.generate.model`.

Besides ordinary enrolments it makes the things the registry exists to find
(*findings*, at the rates of :class:`~unireg.generate.noise.ErrorRates`):
double affiliation (employee and resident old-age at once; employee and
resident medical at once; resident medical at the hukou county and at the
residence county), the same enrolment entered twice under two record ids, and
enrolments left contributing or receiving after the holder's death.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from unireg.generate import model as m
from unireg.generate.employers import Employers, Jobs
from unireg.generate.geography import Geography
from unireg.generate.population import NODATE, YEAR, Persons, days

NOMONTH = np.iinfo(np.int32).min
FINDINGS = ("double_oai", "double_med", "double_mi_res", "duplicate_enrolment",
            "deceased_active")
F_DOUBLE_OAI, F_DOUBLE_MED, F_DOUBLE_MI_RES, F_DUPLICATE, F_DECEASED_ACTIVE = range(1, 6)


@dataclass
class Enrolments:
    """One row per enrolment (all arrays the same length)."""

    person: np.ndarray     # index of the person in the chunk
    scheme: np.ndarray     # index into model.SCHEMES
    agency: np.ndarray     # region code of the agency
    employer: np.ndarray   # index of the employer in the chunk, -1 for none
    start: np.ndarray
    end: np.ndarray        # NODATE: open
    status: np.ndarray     # index into model.ENROLMENT_STATUS
    last_paid: np.ndarray  # month number (months since 1970-01), NOMONTH: none
    base: np.ndarray       # contribution base, yuan per month; -1: none
    finding: np.ndarray    # 0, or 1-based index into FINDINGS

    @property
    def n(self) -> int:
        return int(self.person.size)

    def take(self, idx: np.ndarray) -> Enrolments:
        return Enrolments(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})


_DTYPES = {"person": np.int32, "scheme": np.int8, "agency": np.int32, "employer": np.int64,
           "start": np.int32, "end": np.int32, "status": np.int8, "last_paid": np.int32,
           "base": np.int32, "finding": np.int8}


def month_of(day: np.ndarray) -> np.ndarray:
    return day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniform day in [lo, hi] (hi is raised to lo where it is below)."""
    hi = np.maximum(hi, lo)
    return (lo + np.floor(rng.random(lo.size) * (hi - lo + 1))).astype(np.int64)


class _Rows:
    def __init__(self) -> None:
        self.parts: dict[str, list[np.ndarray]] = {k: [] for k in _DTYPES}

    def add(self, person: np.ndarray, scheme: int | np.ndarray, agency: np.ndarray,
            start: np.ndarray, *, employer: int | np.ndarray = -1,
            end: int | np.ndarray = NODATE, status: int | np.ndarray = m.CONTRIBUTING,
            last_paid: int | np.ndarray = NOMONTH, base: int | np.ndarray = -1,
            finding: int = 0) -> None:
        n = person.size
        if n == 0:
            return
        values = {"person": person, "scheme": scheme, "agency": agency, "employer": employer,
                  "start": start, "end": end, "status": status, "last_paid": last_paid,
                  "base": base, "finding": finding}
        for k, v in values.items():
            self.parts[k].append(np.broadcast_to(np.asarray(v), (n,)).astype(_DTYPES[k]))

    def build(self) -> Enrolments:
        return Enrolments(**{k: (np.concatenate(v) if v else np.empty(0, _DTYPES[k]))
                             for k, v in self.parts.items()})


class _Sim:
    """The state of one chunk's enrolment simulation."""

    def __init__(self, rng: np.random.Generator, p: Persons, geo: Geography, ref: int) -> None:
        self.rng, self.p, self.geo, self.ref = rng, p, geo, ref
        self.rows = _Rows()
        self.why = np.zeros((p.n, len(m.GROUPS)), dtype=np.int8)
        self.province = int(geo.province)
        self.stats: dict[str, list[int]] = {}  # finding -> [eligible, injected]

    # -- reasons -------------------------------------------------------------------------------
    def personal(self, idx: np.ndarray, kind: str) -> np.ndarray:
        w = np.array(m.PERSONAL_REASONS[kind])
        r = np.array([m.UNAWARE, m.CANNOT_AFFORD, m.UNWILLING, m.OTHER], dtype=np.int8)
        out = r[self.rng.choice(4, idx.size, p=w / w.sum())]
        recent = self.p.recent[idx] & (self.rng.random(idx.size) < m.P_RECENT_REASON)
        return np.where(recent, m.RECENTLY_MOVED, out).astype(np.int8)

    # -- dates ---------------------------------------------------------------------------------
    def since(self, idx: np.ndarray, mean_years: float, min_age: float) -> np.ndarray:
        """A start day: an exponential time back from the as-of day, not before ``min_age``."""
        p = self.p
        lo = p.birth[idx] + int(min_age * YEAR)
        s = p.asof[idx] - np.floor(self.rng.exponential(mean_years, idx.size) * YEAR)
        return np.minimum(np.maximum(s, lo), p.asof[idx]).astype(np.int64)

    def policy_start(self, idx: np.ndarray, policy: str, spread_years: float,
                     min_age_days: np.ndarray | int) -> np.ndarray:
        """Start of a resident enrolment: after the policy began and the person was old enough."""
        p = self.p
        lo = p.birth[idx] + min_age_days
        s = days(policy) + np.floor(self.rng.random(idx.size) * spread_years * YEAR)
        s = np.maximum(s, lo)
        late = s > p.asof[idx]
        if late.any():
            s[late] = _between(self.rng, lo[late], p.asof[idx[late]])
        return s.astype(np.int64)

    def paid_recently(self, idx: np.ndarray, start: np.ndarray,
                      back: tuple[int, int]) -> np.ndarray:
        lp = month_of(self.p.asof[idx]) - self.rng.integers(back[0], back[1] + 1, idx.size)
        return np.maximum(lp, month_of(start))

    # -- resident schemes --------------------------------------------------------------------
    def resident(self, idx: np.ndarray, scheme: int, *, at_residence: bool = False) -> None:
        """Enrol ``idx`` in OAI_RES or MI_RES where their hukou or residence says."""
        if idx.size == 0:
            return
        p, rng = self.p, self.rng
        mig = p.mig[idx]
        if scheme == m.OAI_RES:
            where_res = np.zeros(idx.size, dtype=bool)
        elif at_residence:
            where_res = np.ones(idx.size, dtype=bool)
        else:
            share = np.where(mig == m.INTER, m.P_MI_RES_AT_RESIDENCE[m.INTER],
                             m.P_MI_RES_AT_RESIDENCE[m.INTRA])
            where_res = (mig == m.LOCAL) | (rng.random(idx.size) < share)
        agency = np.where(where_res, p.residence[idx], p.hukou[idx])
        elsewhere = (agency // 10000 != self.province) & \
            (rng.random(idx.size) >= m.P_OTHER_PROVINCE_DELIVERED)
        g = m.G_OLD if scheme == m.OAI_RES else m.G_MED
        self.why[idx[elsewhere], g] = m.ENROLLED_ELSEWHERE
        self.why[idx[~elsewhere], g] = m.COVERED
        idx, agency = idx[~elsewhere], agency[~elsewhere]
        age = p.age[idx]
        if scheme == m.OAI_RES:
            start = self.policy_start(idx, "2010-01-01", 5.0, int(16 * YEAR))
            receiving = age >= 60
            suspended = ~receiving & (rng.random(idx.size) < 0.10)
            status = np.where(receiving, m.RECEIVING,
                              np.where(suspended, m.SUSPENDED, m.CONTRIBUTING))
            lp = np.where(suspended, self.paid_recently(idx, start, (13, 48)),
                          self.paid_recently(idx, start, (0, 11)))
            sixty = month_of(p.birth[idx] + int(60 * YEAR))
            lp = np.where(receiving, np.where(sixty > month_of(start), sixty, NOMONTH), lp)
            self.rows.add(idx, scheme, agency, start, status=status, last_paid=lp)
        else:
            newborn = age == 0
            start = self.policy_start(idx, "2008-01-01", 8.0,
                                      rng.integers(1, 91, idx.size))
            # A newborn is enrolled within three months of birth: possibly after the as-of day.
            nb = p.birth[idx] + rng.integers(1, 91, idx.size)
            start = np.where(newborn, nb, start)
            lp = np.where(start <= p.asof[idx], month_of(p.asof[idx]), NOMONTH)
            self.rows.add(idx, scheme, agency, start, last_paid=lp)

    def individual(self, idx: np.ndarray, scheme: int, status_mix: float = m.P_SUSPENDED_INDIVIDUAL,
                   base_range: tuple[int, int] = (3500, 6500)) -> None:
        """Enrol ``idx`` in an employee scheme as individuals (flexible employment): no employer."""
        if idx.size == 0:
            return
        p, rng = self.p, self.rng
        start = self.since(idx, 5.0, 18)
        susp = rng.random(idx.size) < status_mix
        lp = np.where(susp, self.paid_recently(idx, start, (2, 18)),
                      self.paid_recently(idx, start, (0, 1)))
        base = np.round(rng.uniform(*base_range, idx.size), -1).astype(np.int64)
        agency = self.geo.prefecture_of(p.residence[idx])
        status = np.where(susp, m.SUSPENDED, m.CONTRIBUTING)
        self.rows.add(idx, scheme, agency, start, status=status, last_paid=lp, base=base)
        self.why[idx, m.SCHEME_GROUP[scheme]] = m.COVERED

    def choose(self, idx: np.ndarray, group: int, shares: tuple[float, float],
               schemes: tuple[int, int], reasons: str) -> None:
        """Employee scheme as individual, resident scheme, or nothing (with a reason)."""
        if idx.size == 0:
            return
        u = self.rng.random(idx.size)
        a, b = shares
        self.individual(idx[u < a], schemes[0])
        self.resident(idx[(u >= a) & (u < a + b)], schemes[1])
        none = idx[u >= a + b]
        self.why[none, group] = self.personal(none, reasons)


def simulate_enrolments(rng: np.random.Generator, p: Persons, emp: Employers, jobs: Jobs,
                        geo: Geography, ref: int, rates: dict[str, float]
                        ) -> tuple[Enrolments, np.ndarray, dict[str, list[int]]]:
    """Every enrolment of the chunk's people, why each is uncovered per group, and how many
    people or rows could have had each finding and had it."""
    s = _Sim(rng, p, geo, ref)
    g = p.group
    # Groups that only employees are in the target of: nobody else has a reason.
    s.why[:, m.G_WII:] = m.OTHER
    s.why[:, m.G_OLD] = np.where(p.age < 16, m.OTHER, 0)
    _employees(s, emp, jobs)
    for grp in (m.FLEXIBLE, m.PLATFORM, m.SELF_EMPLOYED, m.FARMER, m.HOMEMAKER, m.ELDERLY,
                m.UNEMPLOYED):
        idx = np.flatnonzero(g == grp)
        kind = {m.PLATFORM: "platform", m.FLEXIBLE: "informal",
                m.SELF_EMPLOYED: "informal"}.get(grp, "resident")
        oai = m.OLD_AGE_CHOICE[grp]
        if grp == m.UNEMPLOYED:
            _unemployed(s, idx)
        else:
            s.choose(idx, m.G_OLD, oai, (m.OAI_EMP, m.OAI_RES), kind)
        s.choose(idx, m.G_MED, m.MEDICAL_CHOICE[grp], (m.MI_EMP, m.MI_RES), kind)
    for grp in (m.STUDENT, m.CHILD):
        idx = np.flatnonzero(g == grp)
        share = m.MEDICAL_CHOICE[grp][1]
        p_in = np.where(p.age[idx] == 0, m.P_NEWBORN_MI_RES, share)
        u = rng.random(idx.size) < p_in
        s.resident(idx[u], m.MI_RES, at_residence=grp == m.STUDENT)
        s.why[idx[~u], m.G_MED] = s.personal(idx[~u], "young")
        if grp == m.STUDENT:
            s.why[idx, m.G_OLD] = m.OTHER  # not in the old-age target
    _retired(s, np.flatnonzero(g == m.RETIRED))
    _next_year(s)
    _findings(s, rates)
    rows = s.rows.build()
    _uncovered_on_asof(s, rows)
    rows = _life_events(s, rows, rates)
    return rows, s.why, s.stats


def _employees(s: _Sim, emp: Employers, jobs: Jobs) -> None:
    p, rng = s.p, s.rng
    e = np.flatnonzero(jobs.employer >= 0)
    if e.size == 0:
        return
    er = jobs.employer[e]
    pub = emp.public[er]
    comp = emp.compliant[er]
    p_ind = np.where(pub, m.P_INDIVIDUAL_ENROLS["public"],
                     np.where(comp, m.P_INDIVIDUAL_ENROLS["compliant"],
                              m.P_INDIVIDUAL_ENROLS["non_compliant"]))
    enrolled = rng.random(e.size) < p_ind
    start = jobs.start[e] + rng.integers(0, 31, e.size)
    future = start > p.asof[e]
    median = np.where(pub, m.WAGE_MEDIAN["public"], m.WAGE_MEDIAN["enterprise"])
    wage = median * np.exp(rng.normal(0, m.WAGE_SIGMA, e.size))
    base = np.clip(np.round(wage, -1), *m.CONTRIBUTION_BASE_LIMITS).astype(np.int64)
    susp = (rng.random(e.size) < m.P_SUSPENDED_EMPLOYEE) & ~future
    status = np.where(susp, m.SUSPENDED, m.CONTRIBUTING)
    lp = np.where(susp, s.paid_recently(e, start, (2, 12)), s.paid_recently(e, start, (0, 1)))
    lp = np.where(future, NOMONTH, lp)
    agency = emp.agency[er]
    probs = np.array([m.P_EMPLOYEE_SCHEME["enterprise"], m.P_EMPLOYEE_SCHEME["public"]])[
        pub.astype(int)]
    has = {
        m.G_OLD: enrolled, m.G_MED: enrolled,
        m.G_WII: enrolled & (rng.random(e.size) < probs[:, 0]),
        m.G_UI: enrolled & (rng.random(e.size) < probs[:, 1]),
        m.G_MAT: enrolled & (rng.random(e.size) < probs[:, 2]),
    }
    schemes: dict[int, int | np.ndarray] = {
        m.G_OLD: np.where(pub, m.OAI_PUB, m.OAI_EMP), m.G_MED: m.MI_EMP,
               m.G_WII: m.WII, m.G_UI: m.UI, m.G_MAT: m.MAT}
    reason = np.where(comp | pub, s.personal(e, "employee"), m.EMPLOYER_NOT_ENROLLED)
    for grp, mask in has.items():
        sch = schemes[grp]
        sch_arr = sch[mask] if isinstance(sch, np.ndarray) else sch
        s.rows.add(e[mask], sch_arr, agency[mask], start[mask], employer=er[mask],
                   status=status[mask], last_paid=lp[mask], base=base[mask])
        s.why[e[mask], grp] = m.COVERED
        r = np.where(enrolled, m.EMPLOYER_NOT_ENROLLED, reason)
        s.why[e[~mask], grp] = r[~mask]
    # Not enrolled by the employer: some enrol in resident schemes themselves.
    ne = e[~enrolled]
    u = rng.random(ne.size)
    s.resident(ne[(p.age[ne] >= 16) & (u < m.P_EMPLOYEE_FALLBACK["OAI_RES"])], m.OAI_RES)
    s.resident(ne[rng.random(ne.size) < m.P_EMPLOYEE_FALLBACK["MI_RES"]], m.MI_RES)
    # An earlier job: its enrolments were terminated, at its agency (a transfer when it differs).
    had = jobs.prev_employer[e] >= 0
    h = e[had]
    pe = jobs.prev_employer[h]
    ok = emp.compliant[pe]
    h, pe = h[ok], pe[ok]
    hb = np.round(base[had][ok] * 0.85, -1).astype(np.int64)
    hb = np.clip(hb, *m.CONTRIBUTION_BASE_LIMITS)
    for sch in (m.OAI_EMP, m.MI_EMP):
        s.rows.add(h, sch, emp.agency[pe], jobs.prev_start[h], employer=pe,
                   end=jobs.prev_end[h], status=m.TERMINATED,
                   last_paid=month_of(jobs.prev_end[h]), base=hb)
    # Young employees who had resident medical cover before the job.
    hm = e[enrolled & ~future & (p.age[e] < 35) & (rng.random(e.size) < m.P_MI_RES_HISTORY)]
    s0 = np.maximum(p.birth[hm] + 30, days("2008-01-01") + rng.integers(0, 4 * 365, hm.size))
    e0 = jobs.start[hm] - 1
    ok = s0 < e0
    hm = hm[ok]
    s.rows.add(hm, m.MI_RES, p.residence[hm], s0[ok], end=e0[ok], status=m.TERMINATED,
               last_paid=month_of(e0[ok]))


def _unemployed(s: _Sim, idx: np.ndarray) -> None:
    p, rng = s.p, s.rng
    a, b = m.OLD_AGE_CHOICE[m.UNEMPLOYED]
    u = rng.random(idx.size)
    susp = idx[u < a]
    # Their employee old-age enrolment stays, contributions interrupted since the job ended.
    start = s.since(susp, 6.0, 18)
    lp = np.maximum(month_of(p.asof[susp]) - rng.integers(1, 37, susp.size), month_of(start))
    base = np.round(rng.uniform(3000, 6000, susp.size), -1).astype(np.int64)
    s.rows.add(susp, m.OAI_EMP, s.geo.prefecture_of(p.residence[susp]), start,
               status=m.SUSPENDED, last_paid=lp, base=base)
    s.why[susp, m.G_OLD] = m.COVERED
    s.resident(idx[(u >= a) & (u < a + b)], m.OAI_RES)
    none = idx[u >= a + b]
    s.why[none, m.G_OLD] = s.personal(none, "informal")
    ui = idx[rng.random(idx.size) < m.P_UI_RECEIVING]
    s.rows.add(ui, m.UI, s.geo.prefecture_of(p.residence[ui]),
               p.asof[ui] - rng.integers(30, 300, ui.size), status=m.RECEIVING)


def _retired(s: _Sim, idx: np.ndarray) -> None:
    p, rng = s.p, s.rng
    if idx.size == 0:
        return
    pub = rng.random(idx.size) < m.P_RETIRED_PUBLIC * p.urban[idx]
    home = np.where(p.mig[idx] == m.INTRA, p.hukou[idx], p.residence[idx])
    agency = s.geo.prefecture_of(home)
    start = np.maximum(p.birth[idx] + np.floor((20 + rng.random(idx.size) * 5) * YEAR),
                       days("1992-01-01") + rng.integers(0, 5 * 365, idx.size))
    retire_years = np.where(p.sex[idx] == 1, m.RETIREMENT_AGE[0], m.RETIREMENT_AGE[1])
    retire = p.birth[idx] + np.floor(retire_years * YEAR)
    start = np.minimum(start, retire - 365).astype(np.int64)
    lp = np.where(month_of(retire) > month_of(start), month_of(retire), NOMONTH)
    s.rows.add(idx, np.where(pub, m.OAI_PUB, m.OAI_EMP), agency, start, status=m.RECEIVING,
               last_paid=lp)
    s.why[idx, m.G_OLD] = m.COVERED
    mi_emp, mi_res = m.MEDICAL_CHOICE[m.RETIRED]
    u = rng.random(idx.size)
    mi = u < mi_emp
    s.rows.add(idx[mi], m.MI_EMP, agency[mi], start[mi], status=m.RECEIVING, last_paid=lp[mi])
    s.why[idx[mi], m.G_MED] = m.COVERED
    rest = idx[~mi]
    r = rng.random(rest.size) < mi_res
    s.resident(rest[r], m.MI_RES)
    s.why[rest[~r], m.G_MED] = s.personal(rest[~r], "resident")


def _next_year(s: _Sim) -> None:
    """Some of the uninsured signed up for next year's resident medical cover."""
    p, rng = s.p, s.rng
    why = s.why[:, m.G_MED]
    pick = np.flatnonzero((p.status == m.LIVING) & (why != m.COVERED)
                          & (why != m.ENROLLED_ELSEWHERE)
                          & (rng.random(p.n) < m.P_NEXT_YEAR_MI_RES))
    year = int(np.datetime64(int(s.ref), "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    jan1 = days(f"{year + 1}-01-01")
    s.rows.add(pick, m.MI_RES, p.residence[pick], np.full(pick.size, jan1))


def _valid_on_asof(rows: Enrolments, asof: np.ndarray) -> np.ndarray:
    a = asof[rows.person]
    return (rows.start <= a) & ((rows.end == NODATE) | (rows.end >= a)) & \
        (rows.status != m.TERMINATED)


def _findings(s: _Sim, rates: dict[str, float]) -> None:
    p, rng = s.p, s.rng
    rows = s.rows.build()
    valid = _valid_on_asof(rows, p.asof) & (p.status[rows.person] == m.LIVING)
    sixteen = p.birth + int(16 * YEAR)

    def persons_with(mask: np.ndarray, name: str) -> np.ndarray:
        who = np.unique(rows.person[mask])
        picked = who[rng.random(who.size) < rates[name]]
        s.stats[name] = [int(who.size), int(picked.size)]
        return picked

    who = persons_with(valid & np.isin(rows.scheme, (m.OAI_EMP, m.OAI_PUB))
                       & (p.age[rows.person] >= 16), "double_oai")
    st = np.maximum(p.asof[who] - rng.integers(30, 1500, who.size), sixteen[who])
    s.rows.add(who, m.OAI_RES, p.hukou[who], st, status=m.CONTRIBUTING,
               last_paid=np.maximum(month_of(p.asof[who]) - rng.integers(0, 12, who.size),
                                    month_of(st)), finding=F_DOUBLE_OAI)
    who = persons_with(valid & (rows.scheme == m.MI_EMP), "double_med")
    st = np.maximum(p.asof[who] - rng.integers(30, 1500, who.size), p.birth[who])
    s.rows.add(who, m.MI_RES, p.residence[who], st, last_paid=month_of(p.asof[who]),
               finding=F_DOUBLE_MED)
    mi = np.flatnonzero(valid & (rows.scheme == m.MI_RES) & (p.mig[rows.person] != m.LOCAL)
                        & (rows.finding == 0))
    _, first = np.unique(rows.person[mi], return_index=True)
    mi = mi[first]
    eligible = mi.size
    mi = mi[rng.random(mi.size) < rates["double_mi_res"]]
    s.stats["double_mi_res"] = [int(eligible), int(mi.size)]
    who = rows.person[mi]
    other = np.where(rows.agency[mi] == p.hukou[who], p.residence[who], p.hukou[who])
    st = np.maximum(p.asof[who] - rng.integers(30, 1500, who.size), p.birth[who])
    s.rows.add(who, m.MI_RES, other, st, last_paid=month_of(p.asof[who]),
               finding=F_DOUBLE_MI_RES)
    can = valid & (rows.finding == 0)
    dup = np.flatnonzero(can & (rng.random(rows.n) < rates["duplicate_enrolment"]))
    s.stats["duplicate_enrolment"] = [int(can.sum()), int(dup.size)]
    d = rows.take(dup)
    s.rows.add(d.person, d.scheme, d.agency, d.start, employer=d.employer, end=d.end,
               status=d.status, last_paid=d.last_paid, base=d.base, finding=F_DUPLICATE)


def _uncovered_on_asof(s: _Sim, rows: Enrolments) -> None:
    """Covered by the story but with no enrolment valid on the day (it starts later)."""
    p = s.p
    valid = _valid_on_asof(rows, p.asof)
    covered = np.zeros_like(s.why, dtype=bool)
    covered[rows.person[valid], m.SCHEME_GROUP[rows.scheme[valid]]] = True
    late = (s.why == m.COVERED) & ~covered
    reason = np.where(p.recent, m.RECENTLY_MOVED, m.OTHER).astype(np.int8)
    s.why[late] = np.broadcast_to(reason[:, None], s.why.shape)[late]


def _life_events(s: _Sim, rows: Enrolments, rates: dict[str, float]) -> Enrolments:
    """End enrolments at death or emigration (or, for some deaths, leave them running)."""
    p, rng = s.p, s.rng
    gone = p.status[rows.person] != m.LIVING
    before = gone & (p.status_date[rows.person] <= s.ref)
    asof = p.asof[rows.person]
    keep = ~(before & (rows.start > asof))
    rows = rows.take(np.flatnonzero(keep))
    gone, before, asof = gone[keep], before[keep], asof[keep]
    running = (rows.status != m.TERMINATED) & ((rows.end == NODATE) | (rows.end > asof))
    dead = np.flatnonzero(p.status == m.DECEASED)
    left_on = dead[rng.random(dead.size) < rates["deceased_active"]]
    died = before & running & (p.status[rows.person] == m.DECEASED)
    active = died & np.isin(rows.person, left_on)
    s.stats["deceased_active"] = [int(np.unique(rows.person[died]).size),
                                  int(np.unique(rows.person[active]).size)]
    stop = before & running & ~active
    rows.end[stop] = asof[stop]
    rows.status[stop] = m.TERMINATED
    paid = rows.last_paid != NOMONTH
    rows.last_paid[stop & paid] = np.minimum(rows.last_paid[stop & paid],
                                             month_of(asof[stop & paid]))
    rows.finding[active] = F_DECEASED_ACTIVE
    # Deaths and departures after the reference date: the enrolment ends that day.
    after = gone & ~before & running & (rows.end == NODATE)
    rows.end[after] = p.status_date[rows.person[after]]
    return rows
