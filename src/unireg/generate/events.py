"""A year of events for a generated province, with ground truth (``unireg generate --events-year``).

``generate_events(out, year)`` reads a province written by :func:`generate`
(its delivery, and its truth for who is who), simulates what happens to its
people in ``year`` — births (and the newborns' medical enrolment), deaths
(some registered late, dated in the last weeks of the year before),
emigration, moves between counties (with the resident medical enrolment
transferred), job changes (employee pension and medical enrolments
transferred when the new employer is pooled at another agency, ended and
started again when not; the other employee schemes and the jobs ended and
started), enrolments started by the uninsured, resident enrolments ended,
name corrections — and writes them as one data-standard ``events`` file,
**in random order** (never the order of their dates):

    OUT/events/events-<year>.csv
    OUT/events/truth/events-<year>.parquet      one row per event row: expected outcome
    OUT/events/truth/persons-<year>.parquet     the persons the events touch, afterwards
    OUT/events/truth/enrolments-<year>.parquet  their enrolments, afterwards
    OUT/events/truth/meta-<year>.json

Unless ``errors`` is off, a few events are broken the way senders break them
(an unknown event type, an impossible date, a move without its region, a
mistyped ID number, an ``event_id`` used twice, rows sent twice, an end of an
enrolment that does not exist, a birth of someone already registered).

The truth comes from :func:`apply_events`, a plain one-event-at-a-time
implementation of docs/updates.md — deliberately unlike the registry's
set-based SQL, so that the two check each other. It is computed "as if every
delivered record were linked correctly", like the province's own truth.

The same province, year, seed and rates give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from unireg.engine.sql import literal
from unireg.errors import ConfigError
from unireg.generate.names import make_names
from unireg.ingest import discover, stage_file
from unireg.ingest.kinds import KINDS
from unireg.ingest.stage import create_stage_tables
from unireg.rules.employer_sql import sql_normalise as employer_normalise
from unireg.rules.idnumber import check_char

EVENTS_DIR = "events"
FIELDS = KINDS["events"]
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class EventRates:
    """How often things happen in a year (national figures for 2018 where there are some)."""

    birth: float = 0.0109            # crude birth rate 10.9 per 1000 (NBS 2018)
    newborn_mi_res: float = 0.70     # newborns enrolled in resident medical insurance
    death: float = 0.0071            # crude death rate 7.1 per 1000 (NBS 2018)
    late_death: float = 0.03         # deaths registered late: dated in the weeks before the year
    emigration: float = 0.0003
    migration: float = 0.02          # of people aged 16-59: move to another county
    mi_res_transfer: float = 0.60    # of movers with resident medical cover where they lived
    job_change: float = 0.08         # of employees under 55
    other_prefecture: float = 0.30   # of job changes: to an employer pooled elsewhere
    start_old_age: float = 0.05      # of people 16-59 with no old-age cover: enrol (OAI_RES)
    start_medical: float = 0.08      # of people with no medical cover: enrol (MI_RES)
    end_resident: float = 0.01       # of open OAI_RES / MI_RES enrolments: ended
    correction: float = 0.0005       # of the frame: a name corrected
    after_death: float = 0.05        # of deaths: an enrolment start sent after it anyway
    # Broken events, as shares of all events (at least one each when errors are on).
    err_type: float = 0.001
    err_date: float = 0.001
    err_region: float = 0.001
    err_identity: float = 0.001
    err_conflict: float = 0.001
    err_replay: float = 0.002
    err_no_enrolment: float = 0.001
    err_exists: float = 0.0005


@dataclass
class Event:
    """One event as simulated (``date`` is the event date); ``row`` once written."""

    event_type: str
    date: dt.date
    person_key: str
    name: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    region: str | None = None
    scheme: str | None = None
    employer_id: str | None = None
    status: str | None = None
    detail: str | None = None
    event_id: str = ""
    id_number: str = ""            # as written (a broken one for err_identity)
    date_text: str = ""            # as written (an impossible one for err_date)
    noise: str | None = None
    expected_field: str | None = None
    expected_rule: str | None = None
    row: int = 0
    replay_of: int | None = None

    def cells(self) -> list[str]:
        values = {"event_id": self.event_id, "event_type": self.event_type,
                  "event_date": self.date_text or self.date.isoformat(),
                  "id_number": self.id_number or self.person_key, "name": self.name,
                  "sex": self.sex,
                  "birth_date": self.birth_date.isoformat() if self.birth_date else None,
                  "region": self.region, "scheme": self.scheme,
                  "employer_id": self.employer_id, "status": self.status, "detail": self.detail}
        return ["" if values[f] is None else str(values[f]) for f in FIELDS]


@dataclass(frozen=True)
class EventsResult:
    path: Path
    year: int
    seed: int
    rows: int
    by_type: dict[str, int]
    noise: dict[str, int]
    truth: dict[str, int]
    elapsed: float
    files: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        return d


# --- the province as delivered -----------------------------------------------------------------

def _load(con: duckdb.DuckDBPyConnection, out: Path, tmp: Path) -> None:
    """Stage the province's frame, enrolments, jobs and employers; tie records to true persons."""
    create_stage_tables(con)
    for f in discover(out):
        if f.kind in ("population", "enrolment", "employment", "employer"):
            stage_file(con, f, tmp_dir=tmp)
    truth = out / "truth"
    for view, file in (("_records", "records.parquet"), ("_persons", "persons.parquet")):
        con.execute(f"CREATE VIEW {view} AS "
                    f"SELECT * FROM read_parquet({literal(str(truth / file))})")
    ok = ("t.expected_rule IS NULL AND t.redelivery_of IS NULL AND t.person_key IS NOT NULL")
    con.execute("CREATE TABLE persons AS SELECT * FROM _persons WHERE in_registry")
    con.execute(f"""
CREATE TABLE enrolments AS
SELECT t.person_key, e._source || ':' || e._row_ref AS ref, e.scheme, e.agency_region,
       {employer_normalise('e.employer_id')} AS employer_id,
       CAST(e.start_date AS DATE) AS start_date, CAST(e.end_date AS DATE) AS end_date,
       e.status, e.last_paid
FROM stage_enrolment e JOIN _records t ON t.source = e._source AND t.row_ref = e._row_ref
WHERE {ok}""")
    con.execute(f"""
CREATE TABLE jobs AS
SELECT t.person_key, e._file || ':' || CAST(e._row AS VARCHAR) AS ref,
       {employer_normalise('e.employer_id')} AS employer_id, e.employment_type,
       CAST(e.start_date AS DATE) AS start_date, CAST(e.end_date AS DATE) AS end_date
FROM stage_employment e JOIN _records t ON t.source = e._source AND t.row_ref = e._row_ref
WHERE {ok}""")
    con.execute(f"""
CREATE TABLE employers AS
SELECT DISTINCT {employer_normalise('e.employer_id')} AS employer_id, e.region
FROM stage_employer e JOIN _records t ON t.source = e._source AND t.row_ref = e._row_ref
WHERE t.expected_rule IS NULL AND t.redelivery_of IS NULL AND e.region IS NOT NULL
ORDER BY 1""")


def _date(value: Any) -> dt.date | None:
    """A numpy or Python date as a Python date."""
    if value is None:
        return None
    return value if isinstance(value, dt.date) else np.datetime64(value, "D").item()


def _np(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, np.ndarray]:
    t = con.sql(sql).to_arrow_table()
    return {c: t.column(c).to_numpy(zero_copy_only=False) for c in t.column_names}


# --- simulation --------------------------------------------------------------------------------

class _Sim:
    def __init__(self, con: duckdb.DuckDBPyConnection, rng: np.random.Generator,
                 ref: dt.date, year: int, rates: EventRates, province: str) -> None:
        self.con, self.rng, self.ref, self.year, self.r = con, rng, ref, year, rates
        self.province = province
        self.first = dt.date(year, 1, 1)
        self.last = dt.date(year, 12, 31)
        self.events: list[Event] = []
        p = _np(con, """
SELECT person_key, name, sex, birth_date, residence_region, hukou_region, hukou_type,
       (in_frame AND status = 'living') AS alive
FROM persons ORDER BY person_key""")
        self.p = p
        born = p["birth_date"].astype("datetime64[D]")
        ref64 = np.datetime64(ref, "D")
        self.age = ((ref64 - born).astype(np.int64) / 365.25).astype(np.int64)
        self.alive = p["alive"].astype(bool)
        self.gone: set[str] = set()       # died or emigrated this year
        self.gone_at = np.zeros(self.age.size, dtype=bool)

    # helpers
    def day(self, n: int, lo: dt.date | None = None, hi: dt.date | None = None) -> list[dt.date]:
        lo, hi = lo or self.first, hi or self.last
        span = (hi - lo).days + 1
        offs = self.rng.integers(0, span, n)
        return [lo + dt.timedelta(days=int(o)) for o in offs]

    def pick(self, mask: np.ndarray, share: float, exclude_gone: bool = True) -> np.ndarray:
        idx = np.flatnonzero(mask & ~self.gone_at) if exclude_gone else np.flatnonzero(mask)
        k = round(share * idx.size)
        return np.sort(self.rng.choice(idx, k, replace=False)) if k else idx[:0]

    def add(self, ev: Event) -> None:
        if self.first <= ev.date <= self.last or ev.event_type == "death":
            self.events.append(ev)

    # what happens
    def births(self) -> None:
        mothers = np.flatnonzero(self.alive & (self.p["sex"] == "2") & (self.age >= 20)
                                 & (self.age <= 40))
        n = round(self.r.birth * self.alive.sum())
        if n == 0 or mothers.size == 0:
            return
        mom = self.rng.choice(mothers, n, replace=True)
        male = self.rng.random(n) < 0.535
        sex = np.where(male, 1, 2).astype(np.int8)
        region = self.p["residence_region"][mom]
        names = make_names(self.rng, sex, local=np.array([str(r)[:2] == self.province
                                                          for r in region])).to_pylist()
        dates = self.day(n)
        used: set[str] = set()
        mi = self.rng.random(n) < self.r.newborn_mi_res
        lag = self.rng.integers(1, 91, n)
        back = self.rng.integers(0, 31, n)
        for i in range(n):
            birth = max(dates[i] - dt.timedelta(days=int(back[i])), self.ref + DAY)
            body = ""
            for _ in range(1000):
                seq = int(self.rng.integers(0, 500)) * 2 + (1 if male[i] else 2)
                if seq > 999:
                    continue
                body = f"{region[i]}{birth:%Y%m%d}{seq:03d}"
                if body not in used:
                    break
            used.add(body)
            key = body + check_char(body)
            ht = self.p["hukou_type"][mom[i]]
            self.add(Event("birth", dates[i], key, name=names[i], sex=str(sex[i]),
                           birth_date=birth, region=str(region[i]),
                           detail=None if ht is None else str(ht)))
            if mi[i]:
                self.add(Event("enrolment_start", dates[i] + dt.timedelta(days=int(lag[i])), key,
                               scheme="MI_RES", region=str(region[i])))

    def deaths(self) -> list[Event]:
        hazard = np.exp(0.085 * (self.age.astype(float) - 80.0)) * self.alive
        n = round(self.r.death * self.alive.sum())
        if n == 0 or hazard.sum() == 0:
            return []
        who = self.rng.choice(self.age.size, n, replace=False, p=hazard / hazard.sum())
        late = self.rng.random(n) < self.r.late_death
        normal = self.day(n)
        early = self.day(n, self.ref - dt.timedelta(days=59), self.ref)
        out = []
        for i, w in enumerate(who):
            key = str(self.p["person_key"][w])
            ev = Event("death", early[i] if late[i] else normal[i], key)
            self.add(ev)
            self.gone.add(key)
            self.gone_at[w] = True
            out.append(ev)
        return out

    def emigration(self) -> None:
        sel = self.pick(self.alive & (self.age >= 20) & (self.age <= 50),
                        self.r.emigration * self.alive.sum()
                        / max(1, (self.alive & (self.age >= 20) & (self.age <= 50)).sum()))
        for w, d in zip(sel, self.day(sel.size), strict=True):
            key = str(self.p["person_key"][w])
            self.add(Event("emigration", d, key))
            self.gone.add(key)
            self.gone_at[w] = True

    def migration(self) -> None:
        res = self.p["residence_region"]
        counties, counts = np.unique(res[self.alive & (np.char.str_len(res.astype(str)) == 6)
                                         ].astype(str), return_counts=True)
        if counties.size < 2:
            return
        sel = self.pick(self.alive & (self.age >= 16) & (self.age <= 59), self.r.migration)
        dates = self.day(sel.size)
        weights = counts / counts.sum()
        movers = []
        for w, d in zip(sel, dates, strict=True):
            old = str(res[w])
            new = old
            while new == old:
                new = str(counties[self.rng.choice(counties.size, p=weights)])
            key = str(self.p["person_key"][w])
            self.add(Event("migration", d, key, region=new))
            movers.append((key, old, new, d))
        if not movers:
            return
        self.con.register("_movers", pa.table({
            "person_key": [m[0] for m in movers], "old": [m[1] for m in movers],
            "new": [m[2] for m in movers], "d": [m[3] for m in movers]}))
        rows = self.con.execute(f"""
SELECT DISTINCT m.person_key, m.new, m.d FROM _movers m
JOIN enrolments e ON e.person_key = m.person_key AND e.scheme = 'MI_RES'
  AND e.agency_region = m.old AND e.status <> 'terminated'
  AND (e.end_date IS NULL OR e.end_date >= DATE '{self.ref}')
ORDER BY 1""").fetchall()
        self.con.unregister("_movers")
        go = self.rng.random(len(rows)) < self.r.mi_res_transfer
        lag = self.rng.integers(0, 61, len(rows))
        for (key, new, d), g, lg in zip(rows, go, lag, strict=True):
            if g:
                self.add(Event("transfer", d + dt.timedelta(days=int(lg)), key, scheme="MI_RES",
                               region=new))

    def job_changes(self) -> None:
        cand = self.con.execute(f"""
SELECT e.person_key, e.employer_id, e.agency_region
FROM enrolments e JOIN persons p ON p.person_key = e.person_key
WHERE e.scheme = 'OAI_EMP' AND e.status = 'contributing' AND e.employer_id IS NOT NULL
  AND (e.end_date IS NULL OR e.end_date >= DATE '{self.ref}')
  AND p.in_frame AND p.status = 'living'
  AND date_diff('year', p.birth_date, DATE '{self.ref}') < 55
ORDER BY e.person_key, e.employer_id""").fetchall()
        first: dict[str, tuple[str, str, str]] = {}
        for c in cand:  # one job each (sorted: the first employer in code order)
            if c[0] not in self.gone:
                first.setdefault(c[0], c)
        cand = list(first.values())
        k = round(self.r.job_change * len(cand))
        if k == 0:
            return
        chosen = [cand[i] for i in sorted(self.rng.choice(len(cand), k, replace=False))]
        emp = _np(self.con, "SELECT employer_id, region FROM employers")
        agency = np.array([str(r)[:4] + "00" for r in emp["region"]])
        by_agency: dict[str, np.ndarray] = {a: np.flatnonzero(agency == a) for a in
                                            np.unique(agency)}
        dates = self.day(k, dt.date(self.year, 2, 1))
        far = self.rng.random(k) < self.r.other_prefecture
        self.con.register("_changers", pa.table({"person_key": [c[0] for c in chosen],
                                                 "employer_id": [c[1] for c in chosen]}))
        open_rows = self.con.execute(f"""
SELECT DISTINCT e.person_key, e.scheme, e.agency_region FROM _changers c
JOIN enrolments e ON e.person_key = c.person_key AND e.employer_id = c.employer_id
WHERE e.scheme IN ('OAI_EMP', 'MI_EMP', 'WII', 'UI', 'MAT') AND e.status <> 'terminated'
  AND (e.end_date IS NULL OR e.end_date >= DATE '{self.ref}')
ORDER BY 1, 2, 3""").fetchall()
        jobs = {r[0] for r in self.con.execute(f"""
SELECT DISTINCT j.person_key FROM _changers c
JOIN jobs j ON j.person_key = c.person_key AND j.employer_id = c.employer_id
WHERE j.end_date IS NULL OR j.end_date >= DATE '{self.ref}'""").fetchall()}
        self.con.unregister("_changers")
        schemes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, scheme, ag in open_rows:
            schemes[key].append((scheme, ag))
        for (key, old_emp, old_agency), d, f in zip(chosen, dates, far, strict=True):
            pool = by_agency.get(old_agency)
            if f or pool is None or pool.size < 2:
                pool = np.flatnonzero(agency != old_agency) if f else np.arange(agency.size)
            if pool.size == 0:
                continue
            j = int(self.rng.choice(pool))
            new_emp, new_agency = str(emp["employer_id"][j]), str(agency[j])
            if new_emp == old_emp:
                continue
            before = d - DAY
            if key in jobs:
                self.add(Event("employment_end", before, key, employer_id=old_emp))
            self.add(Event("employment_start", d, key, employer_id=new_emp, detail="employee"))
            for scheme, ag in schemes[key]:
                if scheme in ("OAI_EMP", "MI_EMP") and ag != new_agency:
                    self.add(Event("transfer", d, key, scheme=scheme, region=new_agency,
                                   employer_id=new_emp))
                else:
                    self.add(Event("enrolment_end", before, key, scheme=scheme, region=ag,
                                   employer_id=old_emp))
                    self.add(Event("enrolment_start", d, key, scheme=scheme, region=new_agency,
                                   employer_id=new_emp))

    def starts_and_ends(self) -> None:
        ref = f"DATE '{self.ref}'"
        covered = _np(self.con, f"""
SELECT p.person_key,
       bool_or(e.scheme IN ('OAI_EMP', 'OAI_PUB', 'OAI_RES')) AS old_age,
       bool_or(e.scheme IN ('MI_EMP', 'MI_RES')) AS medical
FROM persons p LEFT JOIN enrolments e ON e.person_key = p.person_key
  AND e.status <> 'terminated' AND (e.end_date IS NULL OR e.end_date >= {ref})
GROUP BY p.person_key ORDER BY p.person_key""")
        old = np.asarray(covered["old_age"], dtype=object) == True  # noqa: E712 - NULL is False
        med = np.asarray(covered["medical"], dtype=object) == True  # noqa: E712
        work = self.alive & (self.age >= 16) & (self.age <= 59)
        for sel, scheme in ((self.pick(work & ~old, self.r.start_old_age), "OAI_RES"),
                            (self.pick(self.alive & ~med, self.r.start_medical), "MI_RES")):
            for w, d in zip(sel, self.day(sel.size), strict=True):
                hk = str(self.p["hukou_region"][w])
                region = hk if (scheme == "OAI_RES" and hk[:2] == self.province) \
                    else str(self.p["residence_region"][w])
                self.add(Event("enrolment_start", d, str(self.p["person_key"][w]), scheme=scheme,
                               region=region))
        rows = self.con.execute(f"""
SELECT e.person_key, e.scheme, e.agency_region FROM enrolments e
JOIN persons p ON p.person_key = e.person_key AND p.in_frame AND p.status = 'living'
WHERE e.scheme IN ('OAI_RES', 'MI_RES') AND e.status IN ('contributing', 'suspended')
  AND (e.end_date IS NULL OR e.end_date >= {ref}) AND e.start_date <= {ref}
ORDER BY 1, 2, 3""").fetchall()
        rows = [r for r in rows if r[0] not in self.gone]
        k = round(self.r.end_resident * len(rows))
        if k:
            pick = sorted(self.rng.choice(len(rows), k, replace=False))
            for i, d in zip(pick, self.day(k), strict=True):
                key, scheme, ag = rows[i]
                self.add(Event("enrolment_end", d, key, scheme=scheme, region=ag))

    def corrections(self) -> None:
        sel = self.pick(self.alive, self.r.correction)
        if sel.size == 0:
            return
        sex = np.where(self.p["sex"][sel] == "1", 1, 2).astype(np.int8)
        names = make_names(self.rng, sex, local=np.ones(sel.size, dtype=bool)).to_pylist()
        for w, d, nm in zip(sel, self.day(sel.size), names, strict=True):
            if nm != self.p["name"][w]:
                self.add(Event("correction", d, str(self.p["person_key"][w]), name=nm))

    def after_death(self, deaths: list[Event]) -> None:
        for ev in deaths:
            if ev.date < self.last and self.rng.random() < self.r.after_death:
                d = self.day(1, ev.date + DAY)[0]
                self.add(Event("enrolment_start", d, ev.person_key, scheme="MI_RES",
                               region=str(self.p["residence_region"][
                                   np.searchsorted(self.p["person_key"], ev.person_key)])))

    def run(self) -> list[Event]:
        deaths = self.deaths()
        self.emigration()
        self.births()
        self.migration()
        self.job_changes()
        self.starts_and_ends()
        self.corrections()
        self.after_death(deaths)
        return self.events


# --- broken events ---------------------------------------------------------------------------

def _break(events: list[Event], rng: np.random.Generator, r: EventRates,
           alive_keys: list[tuple[str, str | None, str | None, dt.date | None, str]],
           year: int) -> list[Event]:
    """Break a few events (in place) and add the broken extras; returns the extras."""
    n = len(events)
    if n < 10:
        return []
    free = list(rng.permutation(n))

    def take(k: int, ok: Any = None) -> list[Event]:
        out: list[Event] = []
        keep = []
        while free and len(out) < k:
            i = free.pop()
            if ok is None or ok(events[i]):
                out.append(events[i])
            else:
                keep.append(i)
        free.extend(keep)
        return out

    def count(rate: float) -> int:
        return max(1, round(rate * n))

    for ev in take(count(r.err_type)):
        ev.event_type, ev.noise = "marriage", "err_type"
        ev.expected_field, ev.expected_rule = "event_type", "code"
    for ev in take(count(r.err_date)):
        ev.date_text, ev.noise = f"{year}-02-30", "err_date"
        ev.expected_field, ev.expected_rule = "event_date", "date"
    for ev in take(count(r.err_region), lambda e: e.event_type == "migration"):
        ev.region, ev.noise = None, "err_region"
        ev.expected_field, ev.expected_rule = "region", "required"
    for ev in take(count(r.err_identity)):
        digit = str((int(ev.person_key[5]) + 1) % 10)
        ev.id_number = ev.person_key[:5] + digit + ev.person_key[6:]
        ev.noise, ev.expected_field, ev.expected_rule = "err_identity", "id_number", \
            "event.identity"
    extras: list[Event] = []
    for ev in take(count(r.err_no_enrolment), lambda e: e.event_type != "death"):
        extras.append(Event("enrolment_end", ev.date, ev.person_key, scheme="OAI_PUB",
                            noise="err_no_enrolment"))
    if alive_keys:
        for i in rng.choice(len(alive_keys), min(len(alive_keys), count(r.err_exists)),
                            replace=False):
            key, name, sex, birth, region = alive_keys[int(i)]
            extras.append(Event("birth", dt.date(year, 6, 1), key, name=name, sex=sex,
                                birth_date=birth, region=region, noise="err_exists"))
    return extras


# --- the one-event-at-a-time truth ----------------------------------------------------------

def _months(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def own_months(start: dt.date, status: str, last_paid: str | None, transfer: dt.date) -> int:
    """Contribution months of an enrolment a transfer on ``transfer`` closes.

    >>> own_months(dt.date(2018, 2, 10), "contributing", None, dt.date(2018, 7, 1))
    5
    >>> own_months(dt.date(2010, 1, 1), "suspended", "2010-12", dt.date(2018, 7, 1))
    12
    """
    last = _months(transfer - DAY)
    if status == "suspended" and last_paid:
        last = min(last, int(last_paid[:4]) * 12 + int(last_paid[5:7]) - 1)
    return max(0, last - _months(start) + 1)


def apply_events(person: dict[str, Any] | None, enrolments: list[dict[str, Any]],
                 jobs: list[dict[str, Any]], events: Iterable[dict[str, Any]],
                 hukou_types: tuple[str, ...] = ("urban", "rural"),
                 employment_types: tuple[str, ...] = ()
                 ) -> tuple[dict[str, Any] | None, dict[int, tuple[str, str]]]:
    """Apply one person's valid events, one at a time in (date, event_id) order.

    ``person`` (or None: unknown to the deliveries), ``enrolments`` and
    ``jobs`` are changed in place (new ones appended); returns the person
    afterwards and the rejected events: ``{row: (field, rule)}``. Events are
    dicts with the event fields (dates as ``date``), ``row`` and ``ref``.
    """
    evs = sorted(events, key=lambda e: (e["event_date"], e["event_id"]))
    death = person["status_date"] if person and person.get("status") == "deceased" else None
    for e in evs:
        if e["event_type"] == "death" and (death is None or e["event_date"] < death):
            death = e["event_date"]
    rejected: dict[int, tuple[str, str]] = {}
    p = dict(person) if person else None

    def open_units(d: dt.date, scheme: str | None) -> list[dict[str, Any]]:
        return [u for u in enrolments if (scheme is None or u["scheme"] == scheme)
                and u["status"] != "terminated" and u["start_date"] <= d
                and (u["end_date"] is None or u["end_date"] >= d)]

    for e in evs:
        t, d = e["event_type"], e["event_date"]
        if t != "correction" and death is not None and d > death:
            rejected[e["row"]] = ("event_date", "event.after_death")
            continue
        if t == "birth" and p is not None and p["in_frame"]:
            rejected[e["row"]] = ("id_number", "event.exists")
            continue
        if t == "enrolment_end":
            hit = [u for u in open_units(d, e["scheme"])
                   if (e["region"] is None or u["agency_region"] == e["region"])
                   and (e["employer_id"] is None or u["employer_id"] == e["employer_id"])]
            if not hit:
                rejected[e["row"]] = ("scheme", "event.no_enrolment")
                continue
            for u in hit:
                u.update(end_date=d, status="terminated", closed_by=e["ref"],
                         close_reason="enrolment_end", status_at_close=u["status"])
        if t == "employment_end":
            hit = [j for j in jobs if (j["start_date"] is None or j["start_date"] <= d)
                   and (j["end_date"] is None or j["end_date"] >= d)
                   and (e["employer_id"] is None or j["employer_id"] == e["employer_id"])]
            if not hit:
                rejected[e["row"]] = ("employer_id", "event.no_employment")
                continue
            for j in hit:
                j.update(end_date=d, closed_by=e["ref"])
        if p is None:  # the first event applied to a person the deliveries do not know
            key = e["person_key"]
            p = {"person_key": key, "id_number": key, "name": e["name"],
                 "sex": e["sex"] or ("1" if int(key[16]) % 2 else "2"),
                 "birth_date": e["birth_date"] or dt.date(int(key[6:10]), int(key[10:12]),
                                                          int(key[12:14])),
                 "hukou_region": None, "residence_region": None, "hukou_type": None,
                 "status": None, "status_date": None, "in_frame": False}
        if t in ("birth", "correction"):
            for f in ("name", "sex", "birth_date"):
                if e[f] is not None:
                    p[f] = e[f]
            if e["region"] is not None:
                p["hukou_region"] = e["region"]
        if t == "birth":
            p.update(residence_region=e["region"], status="living", status_date=None,
                     in_frame=True,
                     hukou_type=e["detail"] if e["detail"] in hukou_types else None)
        elif t == "migration":
            p["residence_region"] = e["region"]
        elif t in ("death", "emigration"):
            p.update(status="deceased" if t == "death" else "emigrated", status_date=d)
        if t == "death":
            for u in open_units(d, None):
                u.update(end_date=d, status="terminated", closed_by=e["ref"],
                         close_reason="death", status_at_close=u["status"])
        if t == "transfer":
            carried = 0
            for u in open_units(d, e["scheme"]):
                carried += u["carried_months"] + own_months(u["start_date"], u["status"],
                                                            u["last_paid"], d)
                u.update(end_date=max(d - DAY, u["start_date"]), status="terminated",
                         closed_by=e["ref"], close_reason="transfer", status_at_close=u["status"])
        if t in ("enrolment_start", "transfer"):
            enrolments.append({
                "person_key": e["person_key"], "ref": e["ref"], "scheme": e["scheme"],
                "agency_region": e["region"], "employer_id": e["employer_id"],
                "start_date": d, "end_date": None, "status": e["status"] or "contributing",
                "last_paid": None, "carried_months": carried if t == "transfer" else 0,
                "opened_by": e["ref"], "closed_by": None, "close_reason": None,
                "status_at_close": None})
        if t == "employment_start":
            jobs.append({"person_key": e["person_key"], "ref": e["ref"],
                         "employer_id": e["employer_id"],
                         "employment_type": e["detail"] if e["detail"] in employment_types
                         else "employee", "start_date": d, "end_date": None,
                         "closed_by": None})
    return p, rejected


# --- writing ---------------------------------------------------------------------------------

PERSON_TRUTH = pa.schema([
    ("person_key", pa.string()), ("id_number", pa.string()), ("name", pa.string()),
    ("sex", pa.string()), ("birth_date", pa.date32()), ("hukou_region", pa.string()),
    ("residence_region", pa.string()), ("hukou_type", pa.string()), ("status", pa.string()),
    ("status_date", pa.date32()), ("in_frame", pa.bool_())])
ENROLMENT_TRUTH = pa.schema([
    ("person_key", pa.string()), ("ref", pa.string()), ("scheme", pa.string()),
    ("agency_region", pa.string()), ("employer_id", pa.string()), ("start_date", pa.date32()),
    ("end_date", pa.date32()), ("status", pa.string()), ("carried_months", pa.int64()),
    ("opened_by", pa.string()), ("closed_by", pa.string()), ("close_reason", pa.string()),
    ("status_at_close", pa.string())])
EVENT_TRUTH = pa.schema([
    ("row", pa.int64()), ("event_id", pa.string()), ("event_type", pa.string()),
    ("person_key", pa.string()), ("noise", pa.string()), ("outcome", pa.string()),
    ("expected_field", pa.string()), ("expected_rule", pa.string()),
    ("redelivery_of", pa.int64())])


def _truth(con: duckdb.DuckDBPyConnection, rows: list[Event], source: str,
           ) -> tuple[pa.Table, pa.Table]:
    """Apply the valid events person by person; fill each event's expected outcome."""
    from unireg.rules.profile import load_profile

    prof = load_profile("cn")
    valid = [e for e in rows if e.expected_rule is None and e.replay_of is None]
    by_person: dict[str, list[Event]] = defaultdict(list)
    for e in valid:
        by_person[e.person_key].append(e)
    keys = sorted(by_person)
    con.register("_touched", pa.table({"person_key": keys}))

    def fetch(sql: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in con.sql(sql).to_arrow_table().to_pylist():
            out[r["person_key"]].append(r)
        return out

    persons = fetch("SELECT p.* FROM persons p JOIN _touched t USING (person_key)")
    enrol = fetch("SELECT e.*, 0 AS carried_months, NULL AS opened_by, NULL AS closed_by, "
                  "NULL AS close_reason, NULL AS status_at_close FROM enrolments e "
                  "JOIN _touched t USING (person_key) "
                  "ORDER BY e.ref")
    jobs = fetch("SELECT j.*, NULL AS closed_by FROM jobs j JOIN _touched t USING (person_key)")
    con.unregister("_touched")
    p_out: list[dict[str, Any]] = []
    e_out: list[dict[str, Any]] = []
    for key in keys:
        base = persons.get(key, [None])[0]
        units = enrol.get(key, [])
        evs = [{"event_type": e.event_type, "event_date": e.date, "event_id": e.event_id,
                "person_key": key, "name": e.name, "sex": e.sex, "birth_date": e.birth_date,
                "region": e.region, "scheme": e.scheme, "employer_id": e.employer_id,
                "status": e.status, "detail": e.detail, "row": e.row,
                "ref": f"{source}:{e.event_id}"} for e in by_person[key]]
        person, rejected = apply_events(
            base, units, jobs.get(key, []), evs, hukou_types=prof.codes_of("hukou_type"),
            employment_types=prof.codes_of("employment_type"))
        for e in by_person[key]:
            if e.row in rejected:
                e.expected_field, e.expected_rule = rejected[e.row]
        if person is not None:
            p_out.append({f.name: person.get(f.name) for f in PERSON_TRUTH})
        e_out.extend({f.name: u.get(f.name) for f in ENROLMENT_TRUTH} for u in units)
    return (pa.Table.from_pylist(p_out, schema=PERSON_TRUTH),
            pa.Table.from_pylist(e_out, schema=ENROLMENT_TRUTH))


def generate_events(out: Path | str, year: int | None = None, seed: int | None = None, *,
                    rates: EventRates | None = None, errors: bool = True,
                    truth: bool = True) -> EventsResult:
    """Write a year of events for the province generated in ``out`` (see module docstring).

    Example::

        generate(Path("gd"), persons=5000, seed=1, errors="none")
        generate_events(Path("gd"), 2018).path    # gd/events/events-2018.csv
    """
    started = time.perf_counter()
    out = Path(out)
    meta_path = out / "truth" / "meta.json"
    if not meta_path.is_file():
        raise ConfigError(f"{out}: holds no generated province (no truth/meta.json); "
                          "run unireg generate first")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    ref = dt.date.fromisoformat(meta["reference_date"])
    year = ref.year + 1 if year is None else year
    if year <= ref.year:
        raise ConfigError(f"events year = {year}: expected a year after the province's "
                          f"reference date {ref.isoformat()}")
    seed = int(meta["seed"]) if seed is None else seed
    rates = rates or EventRates()
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 7, year])))
    folder = out / EVENTS_DIR
    (folder / "truth").mkdir(parents=True, exist_ok=True)
    name = f"events-{year}"
    # The province is staged into a scratch database on disk with bounded memory: in memory,
    # a 10M-person province (with the truth tables and the simulation's arrays) needs more
    # than 24 GB.
    work = folder / f".{name}-work.duckdb"
    work.unlink(missing_ok=True)
    con = duckdb.connect(str(work))
    con.execute("SET memory_limit = '4GB'")
    con.execute("SET temp_directory = ?", [str(folder / f".{name}-tmp")])
    con.execute("SET preserve_insertion_order = true")
    try:
        _load(con, out, folder)
        sim = _Sim(con, rng, ref, year, rates, str(meta["province"]))
        events = sim.run()
        extras: list[Event] = []
        if errors:
            alive = [(str(k), n, s, _date(b), str(r)) for k, n, s, b, r, a in zip(
                sim.p["person_key"], sim.p["name"], sim.p["sex"], sim.p["birth_date"],
                sim.p["residence_region"], sim.alive, strict=True) if a][:1000]
            extras = _break(events, rng, rates, alive, year)
        events.extend(extras)
        rows = [events[i] for i in rng.permutation(len(events))]
        serial = rng.permutation(len(rows)) + 1
        for ev, s in zip(rows, serial, strict=True):
            ev.event_id = f"E{year}{int(s):08d}"
        if errors and len(rows) >= 10:
            k = max(1, round(rates.err_conflict * len(rows)))
            involved: set[int] = set()
            for i in rng.choice(np.arange(1, len(rows)), k, replace=False):
                j = int(rng.integers(0, i))
                a, b = rows[j], rows[int(i)]
                if a.noise is None and b.noise is None and not {j, int(i)} & involved:
                    involved.update((j, int(i)))
                    b.event_id, b.noise = a.event_id, "err_conflict"
                    b.expected_field, b.expected_rule = "event_id", "event.conflict"
            k = max(1, round(rates.err_replay * len(rows)))
            for i in sorted(rng.choice(len(rows), k, replace=False), reverse=True):
                src = rows[int(i)]
                if src.noise is None:
                    at = int(rng.integers(int(i) + 1, len(rows) + 1))
                    rows.insert(at, replace(src, noise="err_replay"))
        for n, ev in enumerate(rows, start=1):
            ev.row = n
        first: dict[tuple[str, ...], int] = {}
        for ev in rows:
            cells = tuple(ev.cells())
            if cells in first:
                ev.replay_of = first[cells]
            else:
                first[cells] = ev.row
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(FIELDS)
            for ev in rows:
                w.writerow(ev.cells())
        truth_counts: dict[str, int] = {}
        if truth:
            persons, enrolments = _truth(con, rows, name)
            pq.write_table(persons.sort_by("person_key"), folder / "truth" /
                           f"persons-{year}.parquet")
            pq.write_table(enrolments.sort_by([("person_key", "ascending"),
                                               ("ref", "ascending")]),
                           folder / "truth" / f"enrolments-{year}.parquet")
            truth_counts.update(persons=persons.num_rows, enrolments=enrolments.num_rows)
        table = pa.Table.from_pylist([{
            "row": ev.row, "event_id": ev.event_id, "event_type": ev.event_type,
            "person_key": ev.person_key, "noise": ev.noise,
            "outcome": ("redelivered" if ev.replay_of is not None else
                        "quarantined" if ev.expected_rule else "applied"),
            "expected_field": None if ev.replay_of is not None else ev.expected_field,
            "expected_rule": None if ev.replay_of is not None else ev.expected_rule,
            "redelivery_of": ev.replay_of} for ev in rows], schema=EVENT_TRUTH)
        pq.write_table(table, folder / "truth" / f"events-{year}.parquet")
        truth_counts["events"] = table.num_rows
    finally:
        con.close()
        work.unlink(missing_ok=True)
        Path(f"{work}.wal").unlink(missing_ok=True)
        shutil.rmtree(folder / f".{name}-tmp", ignore_errors=True)
    by_type: dict[str, int] = defaultdict(int)
    noise: dict[str, int] = defaultdict(int)
    for ev in rows:
        by_type[ev.event_type] += 1
        if ev.noise:
            noise[ev.noise] += 1
    result = EventsResult(path=path, year=year, seed=seed, rows=len(rows),
                          by_type=dict(sorted(by_type.items())), noise=dict(sorted(noise.items())),
                          truth=truth_counts, elapsed=time.perf_counter() - started,
                          files={path.name: len(rows)})
    meta_out = {"year": year, "seed": seed, "province_seed": meta["seed"],
                "reference_date": ref.isoformat(), "rates": asdict(rates), "errors": errors,
                "rows": len(rows), "by_type": result.by_type, "noise": result.noise,
                "truth": truth_counts}
    (folder / "truth" / f"meta-{year}.json").write_text(
        json.dumps(meta_out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return result
