"""Ground truth: what a perfect registry must conclude from the delivery (docs/build-rules.md).

Computed per chunk (a person's records are all in their chunk) from the
records *as delivered*, each tied to its true person ("as if every record
were linked correctly"), leaving out what the rules leave out: quarantined
records (they never enter the registry) and exact re-deliveries. So for a
clean delivery the registry's exports must equal these tables; for a noisy one
they differ exactly where linkage fails.

The truth also knows what no registry can: the true reason each uninsured
person is uninsured (``uninsured.reason``, from the simulation) and whether a
record of theirs was quarantined (``record_quarantined``).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from unireg.generate import model as m
from unireg.generate.activity import EMPLOYMENT_TYPES, STUDENT_TYPE, Employment, Survey
from unireg.generate.deliveries import FileSpec
from unireg.generate.enrolment import Enrolments
from unireg.generate.noise import FIELDS, NOISE_NAMES, RULES
from unireg.generate.population import NODATE, Persons, whole_years
from unireg.rules.profile import CountryProfile

_LIST = pa.list_(pa.string())
SCHEMAS: dict[str, pa.Schema] = {
    "persons": pa.schema([
        ("person_key", pa.string()), ("id_number", pa.string()), ("name", pa.string()),
        ("sex", pa.string()), ("birth_date", pa.date32()), ("hukou_region", pa.string()),
        ("residence_region", pa.string()), ("hukou_type", pa.string()), ("status", pa.string()),
        ("in_frame", pa.bool_()), ("status_date", pa.date32()), ("in_registry", pa.bool_())]),
    "records": pa.schema([
        ("source", pa.string()), ("row_ref", pa.string()), ("kind", pa.string()),
        ("person_key", pa.string()), ("noise", pa.string()), ("expected_field", pa.string()),
        ("expected_rule", pa.string()), ("redelivery_of", pa.string())]),
    "coverage": pa.schema([
        ("person_key", pa.string()), ("scheme_group", pa.string()), ("insured", pa.bool_()),
        ("schemes", _LIST), ("agency_regions", _LIST), ("in_target", pa.bool_())]),
    "multiple_affiliation": pa.schema([
        ("person_key", pa.string()), ("scheme_group", pa.string()), ("rule", pa.string()),
        ("record_refs", _LIST)]),
    "deceased_active": pa.schema([
        ("person_key", pa.string()), ("death_date", pa.date32()), ("record_refs", _LIST)]),
    "uninsured": pa.schema([
        ("person_key", pa.string()), ("scheme_group", pa.string()), ("reason", pa.string()),
        ("record_quarantined", pa.bool_())]),
    "quarantine": pa.schema([
        ("source", pa.string()), ("row_ref", pa.string()), ("field", pa.string()),
        ("rule", pa.string())]),
}


@dataclass
class Delivered:
    """One file's rows of one chunk, as the truth needs them."""

    spec: FileSpec
    person: np.ndarray          # chunk person index, -1 for none (employers)
    row_ref: pa.Array
    noise: np.ndarray           # index into NOISE_NAMES + 1, 0: none
    field: np.ndarray           # index into FIELDS, -1: none
    rule: np.ndarray            # index into RULES, -1: accepted
    redelivery_of: pa.Array | None = None
    enrol: Enrolments | None = None       # clean values, in delivered order
    employment: Employment | None = None
    survey: Survey | None = None

    @property
    def accepted(self) -> np.ndarray:
        return self.rule < 0

    @property
    def n(self) -> int:
        return int(self.person.size)


def const(value: str, n: int) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int8)),
                                          pa.array([value])).cast(pa.string())


def lookup(names: tuple[str, ...], idx: np.ndarray) -> pa.Array:
    """names[idx], null where idx < 0."""
    return pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32), mask=idx < 0),
                                          pa.array(list(names))).cast(pa.string())


def _date32(d: np.ndarray) -> pa.Array:
    return pa.array(d.astype(np.int32), type=pa.date32(), mask=d == NODATE)


def records_table(files: list[Delivered], keys: pa.Array) -> pa.Table:
    parts = []
    for f in files:
        parts.append(pa.table({
            "source": const(f.spec.source, f.n), "row_ref": f.row_ref,
            "kind": const(f.spec.kind, f.n),
            "person_key": keys.take(pa.array(f.person, mask=f.person < 0)),
            "noise": lookup(NOISE_NAMES, f.noise.astype(np.int64) - 1),
            "expected_field": lookup(FIELDS, f.field),
            "expected_rule": lookup(RULES, f.rule),
            "redelivery_of": f.redelivery_of if f.redelivery_of is not None
            else pa.nulls(f.n, pa.string()),
        }, schema=SCHEMAS["records"]))
    return pa.concat_tables(parts) if parts else SCHEMAS["records"].empty_table()


def chunk_truth(p: Persons, why: np.ndarray, files: list[Delivered], ref: int,
                profile: CountryProfile, con: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
    """Every truth table for one chunk."""
    n = p.n
    keys = p.id18
    records = records_table(files, keys)
    q = records.filter(pc.is_valid(records["expected_rule"]))
    quarantine = pa.table({"source": q["source"], "row_ref": q["row_ref"],
                           "field": q["expected_field"], "rule": q["expected_rule"]},
                          schema=SCHEMAS["quarantine"])

    appears = np.zeros(n, dtype=bool)
    in_registry = np.zeros(n, dtype=bool)
    in_frame = np.zeros(n, dtype=bool)
    for f in files:
        has = f.person >= 0
        appears[f.person[has]] = True
        if f.redelivery_of is None:
            in_registry[f.person[has & f.accepted]] = True
        if f.spec.kind == "population":
            in_frame[f.person[f.accepted]] = True

    in_scope = in_frame & ((p.status == m.LIVING) | (p.status_date > ref))
    age = whole_years(p.birth, np.full(n, ref, dtype=np.int32))
    employee = np.zeros(n, dtype=bool)
    student = np.zeros(n, dtype=bool)
    enrol_parts: list[tuple[Delivered, Enrolments]] = []
    for f in files:
        if f.employment is not None:
            w = f.employment
            ok = f.accepted & (w.start <= ref) & ((w.end == NODATE) | (w.end >= ref))
            employee[w.person[ok & (w.type == EMPLOYMENT_TYPES.index("employee"))]] = True
            student[w.person[ok & (w.type == STUDENT_TYPE)]] = True
        if f.survey is not None:
            s = f.survey
            ok = f.accepted & (s.visit <= ref)
            student[s.person[ok & (s.type == STUDENT_TYPE)]] = True
            employee[s.person[ok & (s.type == EMPLOYMENT_TYPES.index("employee"))]] = True
        if f.enrol is not None and f.redelivery_of is None:
            enrol_parts.append((f, f.enrol))

    # Target population per group (country profile), for the in-scope.
    groups = list(profile.groups.values())
    target = np.zeros((n, len(groups)), dtype=bool)
    for gi, g in enumerate(groups):
        t = age >= g.min_age
        if g.max_age is not None:
            t &= age <= g.max_age
        for et in g.exclude_employment_types:
            t &= ~(student if et == "student" else employee if et == "employee"
                   else np.zeros(n, dtype=bool))
        if g.only_employment_types:
            any_of = np.zeros(n, dtype=bool)
            for et in g.only_employment_types:
                any_of |= student if et == "student" else employee if et == "employee" \
                    else np.zeros(n, dtype=bool)
            t &= any_of
        target[:, gi] = t

    # Enrolments that count: accepted, first deliveries.
    ev = _enrolment_view(enrol_parts, ref, profile)
    con.register("ve", ev)
    scope_idx = np.flatnonzero(in_scope)
    ng = len(groups)
    scope = pa.table({"person": np.repeat(scope_idx, ng).astype(np.int32),
                      "grp": np.tile(np.arange(ng), scope_idx.size).astype(np.int32)})
    con.register("scope", scope)
    cov = con.sql("""
        SELECT s.person, s.grp, count(v.person) > 0 AS insured,
               list_sort(list_distinct(list(v.scheme))) AS schemes,
               list_sort(list_distinct(list(v.agency))) AS agency_regions
        FROM scope s LEFT JOIN ve v ON v.person = s.person AND v.grp = s.grp AND v.valid
        GROUP BY s.person, s.grp ORDER BY s.person, s.grp""").to_arrow_table()
    cp = cov["person"].to_numpy()
    cg = cov["grp"].to_numpy()
    insured = cov["insured"].to_numpy(zero_copy_only=False)
    in_target = target[cp, cg]
    group_names = tuple(g.code for g in groups)
    coverage = pa.table({
        "person_key": keys.take(pa.array(cp)), "scheme_group": lookup(group_names, cg),
        "insured": cov["insured"], "schemes": cov["schemes"].cast(_LIST),
        "agency_regions": cov["agency_regions"].cast(_LIST),
        "in_target": pa.array(in_target)}, schema=SCHEMAS["coverage"])

    # Uninsured, with the true reason.
    un = in_target & ~insured
    up, ug = cp[un], cg[un]
    true_why = why[up, ug]
    quarantined = _quarantined_valid(enrol_parts, n, ng, ref)
    reason = np.where(true_why > 0, true_why, m.OTHER).astype(np.int64) - 1
    uninsured = pa.table({
        "person_key": keys.take(pa.array(up)), "scheme_group": lookup(group_names, ug),
        "reason": lookup(m.REASONS, reason),
        "record_quarantined": pa.array(quarantined[up, ug])}, schema=SCHEMAS["uninsured"])

    ma = con.sql("""
        WITH v AS (SELECT * FROM ve WHERE valid),
        g AS (SELECT person, grp FROM v GROUP BY ALL HAVING count(DISTINCT scheme) > 1),
        a AS (SELECT person, scheme FROM v GROUP BY ALL HAVING count(DISTINCT agency) > 1),
        d AS (SELECT person, scheme, agency FROM v GROUP BY ALL HAVING count(*) > 1),
        cases AS (
          SELECT 'multi_scheme' AS rule, v.* FROM v JOIN g USING (person, grp)
          UNION ALL SELECT 'multi_agency', v.* FROM v JOIN a USING (person, scheme)
          UNION ALL SELECT 'duplicate_enrolment', v.* FROM v JOIN d USING (person, scheme, agency))
        SELECT person, grp, rule, list_sort(list(ref)) AS refs FROM cases
        GROUP BY person, grp, rule ORDER BY person, grp, rule""").to_arrow_table()
    multiple = pa.table({
        "person_key": keys.take(pa.array(ma["person"].to_numpy())),
        "scheme_group": lookup(group_names, ma["grp"].to_numpy()),
        "rule": ma["rule"], "record_refs": ma["refs"].cast(_LIST)},
        schema=SCHEMAS["multiple_affiliation"])

    dead = np.flatnonzero(in_frame & (p.status == m.DECEASED) & (p.status_date != NODATE))
    con.register("dead", pa.table({"person": dead.astype(np.int32),
                                   "death": _date32(p.status_date[dead])}))
    active = ", ".join("'" + s.replace("'", "''") + "'"
                       for s in profile.codes_of("active_benefit_status"))
    da = con.sql(f"""
        SELECT d.person, d.death, list_sort(list(v.ref)) AS refs
        FROM dead d JOIN ve v USING (person)
        WHERE v.status IN ({active}) AND (v."end" IS NULL OR v."end" > d.death)
        GROUP BY d.person, d.death ORDER BY d.person""").to_arrow_table()
    deceased = pa.table({"person_key": keys.take(pa.array(da["person"].to_numpy())),
                         "death_date": da["death"],
                         "record_refs": da["refs"].cast(_LIST)},
                        schema=SCHEMAS["deceased_active"])
    for name in ("ve", "scope", "dead"):
        con.unregister(name)

    # Persons: everyone any delivered record is about.
    idx = np.flatnonzero(appears)
    fr = in_frame[idx]
    take = pa.array(idx)
    frame_mask = ~fr

    def frame(values: np.ndarray) -> pa.Array:
        return pa.array(values.astype(np.int64), mask=frame_mask).cast(pa.string())

    persons = pa.table({
        "person_key": keys.take(take), "id_number": keys.take(take),
        "name": p.name.take(take), "sex": pa.array(np.where(p.sex[idx] == 1, "1", "2")),
        "birth_date": _date32(p.birth[idx]),
        "hukou_region": frame(p.hukou[idx]), "residence_region": frame(p.residence[idx]),
        "hukou_type": pa.array(np.where(p.urban[idx], "urban", "rural"), mask=frame_mask),
        "status": lookup(m.PERSON_STATUS, np.where(fr, p.status[idx], -1)),
        "in_frame": pa.array(fr),
        "status_date": _date32(np.where(fr, p.status_date[idx], NODATE)),
        "in_registry": pa.array(in_registry[idx]),
    }, schema=SCHEMAS["persons"])
    return {"persons": persons, "records": records, "coverage": coverage,
            "multiple_affiliation": multiple, "deceased_active": deceased,
            "uninsured": uninsured, "quarantine": quarantine}


def _enrolment_view(parts: list[tuple[Delivered, Enrolments]], ref: int,
                    profile: CountryProfile) -> pa.Table:
    """Accepted first-delivered enrolments: person, ref, scheme, group, agency, dates, status."""
    tables = []
    for f, e in parts:
        ok = f.accepted
        idx = np.flatnonzero(ok)
        sub = e.take(idx)
        valid = (sub.start <= ref) & ((sub.end == NODATE) | (sub.end >= ref)) & \
            (sub.status != m.TERMINATED)
        refs = pc.binary_join_element_wise(const(f.spec.source, idx.size),
                                           f.row_ref.take(pa.array(idx)), ":")
        tables.append(pa.table({
            "person": sub.person.astype(np.int32), "ref": refs,
            "scheme": lookup(m.SCHEMES, sub.scheme.astype(np.int64)),
            "grp": m.SCHEME_GROUP[sub.scheme].astype(np.int32),
            "agency": pa.array(sub.agency.astype(np.int64)).cast(pa.string()),
            "end": _date32(sub.end),
            "status": lookup(m.ENROLMENT_STATUS, sub.status.astype(np.int64)),
            "valid": pa.array(valid)}))
    if not tables:
        return pa.table({"person": pa.array([], pa.int32()), "ref": pa.array([], pa.string()),
                         "scheme": pa.array([], pa.string()), "grp": pa.array([], pa.int32()),
                         "agency": pa.array([], pa.string()), "end": pa.array([], pa.date32()),
                         "status": pa.array([], pa.string()), "valid": pa.array([], pa.bool_())})
    return pa.concat_tables(tables)


def _quarantined_valid(parts: list[tuple[Delivered, Enrolments]], n: int, ng: int,
                       ref: int) -> np.ndarray:
    """Per person and group: a quarantined enrolment that would have been valid."""
    out = np.zeros((n, ng), dtype=bool)
    for f, e in parts:
        q = ~f.accepted & (e.start <= ref) & ((e.end == NODATE) | (e.end >= ref)) & \
            (e.status != m.TERMINATED)
        out[e.person[q], m.SCHEME_GROUP[e.scheme[q]]] = True
    return out
