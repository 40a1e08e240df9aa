"""What the province knows about people's work: employment records and survey returns.

Employment records come from employer checks, tax and labour records and
school rolls: every full-time student aged 16 and over is on a school roll
(type ``student``, no employer); most employees appear with their employer,
some with an earlier job too; some of the others (flexible, platform,
self-employed, farmers, retired, registered unemployed) appear with their
type. The door-to-door survey visits a sample of residents, more often where
people are uninsured, and records the reason they give.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from unireg.generate import model as m
from unireg.generate.employers import Jobs
from unireg.generate.population import NODATE, YEAR, Persons, days

EMPLOYMENT_TYPES = ("employee", "flexible", "platform", "self_employed", "farmer", "student",
                    "unemployed", "retired", "other")
# Per activity group: index into EMPLOYMENT_TYPES, -1 for none (young children).
GROUP_TYPE = np.array([EMPLOYMENT_TYPES.index(t) if t else -1 for t in m.GROUP_EMPLOYMENT_TYPE],
                      dtype=np.int8)
STUDENT_TYPE = EMPLOYMENT_TYPES.index("student")


@dataclass
class Employment:
    person: np.ndarray
    employer: np.ndarray   # -1: none
    type: np.ndarray       # index into EMPLOYMENT_TYPES
    start: np.ndarray
    end: np.ndarray        # NODATE: open

    @property
    def n(self) -> int:
        return int(self.person.size)


@dataclass
class Survey:
    person: np.ndarray
    visit: np.ndarray
    type: np.ndarray       # index into EMPLOYMENT_TYPES, -1: not asked (young children)
    reason: np.ndarray     # 1-based index into model.REASONS, 0: none given
    enumerator: np.ndarray  # enumerator number

    @property
    def n(self) -> int:
        return int(self.person.size)


def simulate_employment(rng: np.random.Generator, p: Persons, jobs: Jobs, ref: int) -> Employment:
    n = p.n
    g = p.group
    prob = np.array([m.P_EMPLOYMENT_RECORD[k] for k in range(len(m.GROUP_NAMES))])[g]
    has = (rng.random(n) < prob) & ~((g == m.STUDENT) & (p.age < 16))
    idx = np.flatnonzero(has)
    gi = g[idx]
    employer = np.where(jobs.employer[idx] >= 0, jobs.employer[idx], -1)
    start = np.where(jobs.start[idx] != NODATE, jobs.start[idx], NODATE).astype(np.int64)
    # Students: on the roll since a September; others: since some time back, after 16.
    year = p.asof[idx].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    sept = np.array([days(f"{y}-09-01") for y in range(1900, 2200)], dtype=np.int64)
    k = year - rng.integers(0, 4, idx.size)
    school = sept[np.clip(k, 1900, 2199) - 1900]
    school = np.where(school > p.asof[idx], sept[np.clip(k - 1, 1900, 2199) - 1900], school)
    other = p.asof[idx] - rng.integers(30, 2000, idx.size)
    other = np.maximum(other, p.birth[idx] + int(16 * YEAR))
    other = np.minimum(other, p.asof[idx])
    start = np.where(gi == m.STUDENT, np.maximum(school, p.birth[idx] + int(15 * YEAR)),
                     np.where(start == NODATE, other, start))
    rows_person = [idx]
    rows_emp = [employer]
    rows_type = [GROUP_TYPE[gi]]
    rows_start = [start]
    rows_end = [np.full(idx.size, NODATE, dtype=np.int64)]
    prev = np.flatnonzero((jobs.prev_employer >= 0)
                          & (rng.random(n) < m.P_PREVIOUS_JOB_RECORD))
    rows_person.append(prev)
    rows_emp.append(jobs.prev_employer[prev])
    rows_type.append(np.zeros(prev.size, dtype=np.int8))
    rows_start.append(jobs.prev_start[prev].astype(np.int64))
    rows_end.append(jobs.prev_end[prev].astype(np.int64))
    out = Employment(person=np.concatenate(rows_person).astype(np.int32),
                     employer=np.concatenate(rows_emp).astype(np.int64),
                     type=np.concatenate(rows_type).astype(np.int8),
                     start=np.concatenate(rows_start).astype(np.int32),
                     end=np.concatenate(rows_end).astype(np.int32))
    # Those who died or left before the reference date: the record ends that day.
    before = (p.status[out.person] != m.LIVING) & (p.status_date[out.person] <= ref)
    asof = p.asof[out.person]
    keep = ~(before & (out.start > asof))
    out = Employment(out.person[keep], out.employer[keep], out.type[keep], out.start[keep],
                     out.end[keep])
    before, asof = before[keep], asof[keep]
    stop = before & (out.end == NODATE)
    out.end[stop] = asof[stop]
    return out


def simulate_survey(rng: np.random.Generator, p: Persons, why: np.ndarray, ref: int,
                    room: int) -> Survey:
    """Survey returns for residents on the reference date (at most ``room`` of them)."""
    present = (p.status == m.LIVING) | (p.status_date > ref)
    uninsured = ((why[:, m.G_OLD] > 0) & (p.age >= 16) & (p.group != m.STUDENT)) | \
        (why[:, m.G_MED] > 0)
    prob = np.where(uninsured, m.P_SURVEY_UNINSURED, m.P_SURVEY)
    idx = np.flatnonzero(present & (rng.random(p.n) < prob))[:max(room, 0)]
    g = p.group[idx]
    t = GROUP_TYPE[g].copy()
    school_age = (g == m.CHILD) & (p.age[idx] >= 6)
    t[school_age] = STUDENT_TYPE
    # The reason a respondent gives: old-age first (adults), else medical; mostly the true one.
    old = why[idx, m.G_OLD]
    old = np.where((p.age[idx] >= 16) & (g != m.STUDENT), old, 0)
    reason = np.where(old > 0, old, why[idx, m.G_MED]).astype(np.int8)
    lie = (reason > 0) & (rng.random(idx.size) >= m.P_SURVEY_TRUTHFUL)
    reason[lie] = rng.integers(1, len(m.REASONS) + 1, int(lie.sum()))
    visit = ref - rng.integers(0, m.SURVEY_DAYS, idx.size)
    enumerator = (p.residence[idx] % 10000) * 100 + rng.integers(1, 21, idx.size)
    return Survey(person=idx.astype(np.int32), visit=visit.astype(np.int32), type=t,
                  reason=reason, enumerator=enumerator.astype(np.int64))
