"""Read-only, scope-aware access to the registry a build wrote (``W/registry.duckdb``).

The registry file is attached read-only to an in-memory DuckDB database that
holds indexes built when the service opens it:

- ``person_index``: each person's pseudonym (what URLs and the audit carry);
- ``person_region``: every region a person is known in — hukou, residence, the
  agencies of their enrolments, the residence on their survey returns. A person
  is inside a user's scope when one of these regions is (``roles.in_scope``);
- ``hot_*``: persons, coverage (with the uninsured reason), valid enrolments
  and scope facts, copied with an index on ``person_key``, so that a lookup by
  number (self-service, the API) reads a few rows instead of scanning tables
  of millions.

Every method that returns personal data takes the caller's scope and returns
``None`` (or nothing) for a person outside it, exactly as for one that does
not exist. ID numbers leave this module only inside :class:`PersonView` and
:class:`PersonRef`, whose ``masked_id`` is what pages show.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from unireg.engine.sql import quote_ident
from unireg.errors import ConfigError
from unireg.pipeline.workspace import DELIVERED, attach_registry, set_search_path
from unireg.rules import idnumber
from unireg.rules.profile import CountryProfile
from unireg.service.pseudonyms import looks_like, sql_pseudonym
from unireg.service.roles import NATION, scope_level, scope_prefix, scope_within
from unireg.validate.fields import KINDS

log = logging.getLogger("unireg.service.registry")

LEVELS = ("nation", "province", "prefecture", "county")
# Fields of a delivered record that place it in a region (quarantined records are scoped by them).
REGION_FIELDS = {"population": ("hukou_region", "residence_region"),
                 "enrolment": ("agency_region",), "employer": ("region",),
                 "employment": (), "survey": ("residence_region",), "events": ("region",)}
PERSONAL_FIELDS = ("id_number", "name", "birth_date")


@dataclass(frozen=True)
class GroupFigures:
    group: str
    in_scope: int
    insured: int
    rate: float | None
    target: int
    target_insured: int
    target_rate: float | None


@dataclass(frozen=True)
class RegionFigures:
    code: str
    name: str
    level: str
    groups: dict[str, GroupFigures]


@dataclass(frozen=True)
class PersonRef:
    """A person in a list: enough to recognise them, nothing more."""

    pref: str
    masked_id: str
    name: str
    sex: str
    birth_date: dt.date | None
    residence_region: str | None
    status: str | None


@dataclass
class GroupCoverage:
    group: str
    insured: bool
    in_target: bool
    schemes: list[str]
    agency_regions: list[str]
    reason: str | None = None
    evidence: str | None = None


@dataclass
class PersonView:
    """Everything the person page shows. ``id_number`` is for unmasking only."""

    pref: str
    person_key: str
    id_number: str | None
    name: str
    sex: str | None
    birth_date: dt.date | None
    status: str | None
    status_date: dt.date | None
    hukou_region: str | None
    residence_region: str | None
    hukou_type: str | None
    in_frame: bool
    id_valid: bool
    in_scope_population: bool
    coverage: list[GroupCoverage] = field(default_factory=list)
    enrolments: list[dict[str, Any]] = field(default_factory=list)
    employment: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    deceased_active: dict[str, Any] | None = None
    timeline: list[dict[str, Any]] = field(default_factory=list)

    @property
    def masked_id(self) -> str:
        return idnumber.mask(self.id_number or (self.person_key if self.id_valid else ""))


# Person fields an event can change, shown on the person page's timeline.
TIMELINE_FIELDS = ("name", "sex", "birth_date", "hukou_region", "residence_region", "hukou_type",
                   "status", "status_date", "in_frame")


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description or ()]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def mask_record(record: dict[str, Any]) -> dict[str, Any]:
    """A delivered record for display: the ID number masked, other fields as delivered."""
    return {k: (idnumber.mask(v) if k == "id_number" and v else v) for k, v in record.items()}


class Registry:
    """One build's registry, opened read-only for the service."""

    def __init__(self, path: Path, secret: str, profile: CountryProfile) -> None:
        if not path.exists():
            raise ConfigError(f"{path}: no registry here; build one first "
                              f"(unireg build DELIVERY --workspace {path.parent})")
        self.path, self.profile = path, profile
        self._secret = secret
        self._con = duckdb.connect(":memory:")
        # With the delivered records, from the file beside (pipeline.workspace); the
        # registry's views name them unqualified, so every connection searches reg, then
        # delivered.
        attach_registry(self._con, path)
        self._local = threading.local()
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._lock = threading.Lock()
        # Each table's qualified name (reg.X, or delivered.X for the delivered records).
        self._where = {r[0]: f"{r[1]}.{quote_ident(r[0])}" for r in self._con.execute(
            "SELECT table_name, table_catalog FROM information_schema.tables "
            "WHERE table_catalog IN ('reg', ?) ORDER BY table_catalog = 'reg'", [DELIVERED]
        ).fetchall()}
        self.tables = set(self._where)
        missing = {"persons", "coverage", "coverage_summary", "enrolments", "valid_enrolments",
                   "person_scope", "uninsured"} - self.tables
        if missing:
            raise ConfigError(f"{path}: not a unireg registry (no {', '.join(sorted(missing))})")
        info = self._con.execute("SELECT * FROM reg.build_info").fetchall()
        cols = [d[0] for d in self._con.description or ()]
        self.build_info: dict[str, Any] = dict(zip(cols, info[0], strict=True)) if info else {}
        self.reference_date: dt.date = self.build_info.get("reference_date") or dt.date.today()
        self._index()

    # -- setup ---------------------------------------------------------------------------------
    def _index(self) -> None:
        c = self._con
        secret = {"secret": self._secret}
        hot = {
            "hot_persons": "SELECT * FROM reg.persons",
            "hot_coverage": """SELECT c.person_key, c.scheme_group, c.insured, c.in_target,
                c.schemes, c.agency_regions, u.reason, u.evidence
                FROM reg.coverage c LEFT JOIN reg.uninsured u
                  ON u.person_key = c.person_key AND u.scheme_group = c.scheme_group""",
            "hot_valid": """SELECT person_key, scheme, scheme_group, agency_region, status,
                start_date, ref FROM reg.valid_enrolments""",
            "hot_scope": """SELECT person_key, employment_type, has_employee, age
                FROM reg.person_scope""",
        }
        for name, sql in hot.items():
            c.execute(f"CREATE TABLE {name} AS {sql}")
            c.execute(f"CREATE INDEX {name}_key ON {name} (person_key)")
        c.execute(f"""CREATE TABLE person_index AS
            SELECT person_key, {sql_pseudonym('$secret', 'p', 'person_key')} AS pref
            FROM reg.persons""", secret)
        c.execute("CREATE UNIQUE INDEX person_index_pref ON person_index (pref)")
        parts = ["SELECT person_key, hukou_region AS region FROM reg.persons",
                 "SELECT person_key, residence_region FROM reg.persons",
                 "SELECT person_key, agency_region FROM reg.enrolments"]
        if "surveys" in self.tables:
            parts.append(f"SELECT person_key, residence_region FROM {self._where['surveys']}")
        c.execute(f"""CREATE TABLE person_region AS SELECT DISTINCT person_key, region
            FROM ({' UNION ALL '.join(parts)}) WHERE region IS NOT NULL""")
        # Quarantined records: one entry per record, with its problems and the regions it names.
        if "quarantine" in self.tables:
            c.execute(f"""CREATE TABLE quarantine_index AS
                SELECT kind, _file, _row, min(source) AS source, min(row_ref) AS row_ref,
                       {sql_pseudonym('$secret', 'q', "_file || '|' || CAST(_row AS VARCHAR)")}
                         AS ref,
                       list(struct_pack(field := field, rule := rule, message := message)
                            ORDER BY field, rule) AS problems
                FROM reg.quarantine GROUP BY kind, _file, _row""", secret)
            regions = []
            for kind, cols in REGION_FIELDS.items():
                if f"stage_{kind}" not in self.tables:
                    continue
                for col in cols:
                    regions.append(f"""SELECT q.ref, s.{quote_ident(col)} AS region
                        FROM quarantine_index q JOIN {self._where['stage_' + kind]} s
                          ON s._file = q._file AND s._row = q._row WHERE q.kind = '{kind}'""")
            body = " UNION ALL ".join(regions) or "SELECT NULL AS ref, NULL AS region"
            c.execute(f"CREATE TABLE quarantine_region AS SELECT DISTINCT ref, region "
                      f"FROM ({body}) WHERE region IS NOT NULL")
        if "review_queue" in self.tables:
            c.execute(f"""CREATE TABLE review_index AS
                SELECT {sql_pseudonym('$secret', 'r', "source || '|' || row_ref")} AS ref, *
                FROM reg.review_queue""", secret)
        log.info("registry %s opened: build %s", self.path.name, self.build_info.get("build_id"))

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection for the calling thread (DuckDB connections are not shared by threads)."""
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._local.cur = self._con.cursor()
            set_search_path(cur, "main", "reg")  # per connection, not inherited
        return cur

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cur = self.cursor()
        cur.execute(sql, params if isinstance(params, dict) else list(params))
        return _dicts(cur)

    def close(self) -> None:
        self._con.close()

    # -- scope ---------------------------------------------------------------------------------
    @staticmethod
    def scope_sql(person_col: str) -> str:
        """A condition: the person in ``person_col`` is inside the scope prefix ``$prefix``."""
        return (f"($prefix = '' OR EXISTS (SELECT 1 FROM person_region pr WHERE pr.person_key = "
                f"{person_col} AND starts_with(pr.region, $prefix)))")

    def person_in_scope(self, person_key: str, scope: str) -> bool:
        rows = self.query(f"SELECT 1 AS x FROM person_index WHERE person_key = $k "
                          f"AND {self.scope_sql('$k')}",
                          {"k": person_key, "prefix": scope_prefix(scope)})
        return bool(rows)

    def key_of(self, pref: str, scope: str) -> str | None:
        """The person behind a pseudonym, if inside ``scope`` (else None, as if missing)."""
        if not looks_like(pref):
            return None
        rows = self.query(f"SELECT i.person_key FROM person_index i WHERE i.pref = $p "
                          f"AND {self.scope_sql('i.person_key')}",
                          {"p": pref, "prefix": scope_prefix(scope)})
        return rows[0]["person_key"] if rows else None

    def pref_of(self, person_key: str) -> str | None:
        rows = self.query("SELECT pref FROM person_index WHERE person_key = $k", {"k": person_key})
        return rows[0]["pref"] if rows else None

    # -- figures (no personal data) ------------------------------------------------------------
    def region_name(self, code: str) -> str:
        if code == NATION:
            return ""
        rows = self.query("SELECT name FROM reg.ref_regions WHERE code = $c", {"c": code}) \
            if "ref_regions" in self.tables else []
        return rows[0]["name"] if rows else code

    def figures(self, region: str) -> RegionFigures | None:
        rows = self.query("SELECT * FROM reg.coverage_summary WHERE region = $r", {"r": region})
        if not rows:
            return None
        return self._figures(rows)[0]

    def _figures(self, rows: list[dict[str, Any]]) -> list[RegionFigures]:
        by: dict[str, RegionFigures] = {}
        for r in rows:
            fig = by.get(r["region"])
            if fig is None:
                name = r["region_name"] if r["level"] != "nation" else ""
                fig = by[r["region"]] = RegionFigures(r["region"], name or r["region"],
                                                      r["level"], {})
            fig.groups[r["scheme_group"]] = GroupFigures(
                r["scheme_group"], int(r["in_scope"]), int(r["insured"]), r["rate"],
                int(r["target"]), int(r["target_insured"]), r["target_rate"])
        return sorted(by.values(), key=lambda f: f.code)

    def children(self, region: str) -> list[RegionFigures]:
        """Figures of the regions one level below ``region`` (counties are the last level)."""
        level = scope_level(region)
        if level == "county":
            return []
        child = LEVELS[LEVELS.index(level) + 1]
        rows = self.query("SELECT * FROM reg.coverage_summary WHERE level = $l "
                          "AND starts_with(region, $p)", {"l": child, "p": scope_prefix(region)})
        return self._figures(rows)

    def cuts(self, region: str) -> dict[str, list[dict[str, Any]]]:
        """Coverage by sex, age band, hukou type, employment type, within ``region``."""
        key = ("cuts", region)
        if key in self._cache:
            return dict(self._cache[key])
        exprs = {"sex": "s.sex", "age_band": "s.age_band",
                 "hukou_type": "coalesce(s.hukou_type, 'unknown')",
                 "employment_type": "coalesce(s.employment_type, 'unknown')"}
        out: dict[str, list[dict[str, Any]]] = {}
        for cut, expr in exprs.items():
            out[cut] = self.query(f"""
                SELECT {expr} AS value, c.scheme_group, count(*) AS in_scope,
                       count(*) FILTER (WHERE c.insured) AS insured,
                       count(*) FILTER (WHERE c.in_target) AS target,
                       count(*) FILTER (WHERE c.in_target AND c.insured) AS target_insured
                FROM reg.coverage c JOIN reg.person_scope s ON s.person_key = c.person_key
                WHERE starts_with(coalesce(s.residence_region, ''), $p)
                GROUP BY ALL ORDER BY 1, 2""", {"p": scope_prefix(region)})
        with self._lock:
            self._cache[key] = out
        return out

    def case_counts(self, region: str) -> dict[str, int]:
        """How many cases of each kind concern persons in ``region`` (for the dashboard)."""
        p = {"prefix": scope_prefix(region)}
        out = {}
        for name, table in (("multiple", "multiple_affiliation"), ("deceased", "deceased_active"),
                            ("uninsured", "uninsured")):
            if table in self.tables:
                where = self.scope_sql("t.person_key")
                out[name] = int(self.query(
                    f"SELECT count(*) AS n FROM {self._where[table]} t WHERE {where}", p)[0]["n"])
        return out

    # -- persons -------------------------------------------------------------------------------
    def find(self, scope: str, id_number: str = "", name: str = "",
             birth_date: dt.date | None = None, limit: int = 50) -> list[PersonRef]:
        """Persons by ID number (normalised, 15 upgraded) or by name + birth date, in scope."""
        p: dict[str, Any] = {"prefix": scope_prefix(scope), "limit": limit}
        if id_number:
            n = idnumber.check(id_number, self.reference_date).number or idnumber.normalise(
                id_number)
            where = "(p.person_key = $n OR p.id_number = $n)"
            p["n"] = n
        elif name and birth_date:
            where = ("replace(replace(p.name, ' ', ''), '\u3000', '') = $name "
                     "AND p.birth_date = $birth")
            p.update(name=normalise_name(name), birth=birth_date)
        else:
            return []
        rows = self.query(f"""
            SELECT i.pref, p.person_key, p.id_number, p.name, p.sex, p.birth_date,
                   p.residence_region, p.status, p.id_valid
            FROM reg.persons p JOIN person_index i ON i.person_key = p.person_key
            WHERE {where} AND {self.scope_sql('p.person_key')}
            ORDER BY p.in_frame DESC, p.person_key LIMIT $limit""", p)
        return [self._ref(r) for r in rows]

    @staticmethod
    def _ref(r: dict[str, Any]) -> PersonRef:
        shown = r.get("id_number") or (r["person_key"] if r.get("id_valid") else "")
        return PersonRef(r["pref"], idnumber.mask(shown), r["name"] or "", r.get("sex") or "",
                         r.get("birth_date"), r.get("residence_region"), r.get("status"))

    def refs(self, person_keys: Sequence[str]) -> dict[str, PersonRef]:
        if not person_keys:
            return {}
        rows = self.query("""
            SELECT i.pref, p.person_key, p.id_number, p.name, p.sex, p.birth_date,
                   p.residence_region, p.status, p.id_valid
            FROM reg.persons p JOIN person_index i ON i.person_key = p.person_key
            WHERE p.person_key IN (SELECT unnest($keys))""", {"keys": list(person_keys)})
        return {r["person_key"]: self._ref(r) for r in rows}

    def person(self, pref: str, scope: str) -> PersonView | None:
        key = self.key_of(pref, scope)
        return None if key is None else self.person_by_key(key, pref)

    def person_by_key(self, key: str, pref: str | None = None) -> PersonView | None:
        rows = self.query("SELECT * FROM hot_persons WHERE person_key = $k", {"k": key})
        if not rows:
            return None
        p = rows[0]
        in_pop = bool(self.query("SELECT 1 AS x FROM hot_scope WHERE person_key = $k",
                                 {"k": key}))
        view = PersonView(
            pref=pref or self.pref_of(key) or "", person_key=key, id_number=p.get("id_number"),
            name=p.get("name") or "", sex=p.get("sex"), birth_date=p.get("birth_date"),
            status=p.get("status"), status_date=p.get("status_date"),
            hukou_region=p.get("hukou_region"), residence_region=p.get("residence_region"),
            hukou_type=p.get("hukou_type"), in_frame=bool(p.get("in_frame")),
            id_valid=bool(p.get("id_valid")), in_scope_population=in_pop)
        view.coverage = self.coverage_of(key)
        valid = {r["ref"] for r in self.query("SELECT ref FROM hot_valid WHERE person_key = $k",
                                              {"k": key})}
        view.enrolments = [{**e, "valid": e["ref"] in valid} for e in self.query(
            "SELECT scheme, scheme_group, agency_region, employer_id, start_date, end_date, "
            "status, last_paid, contribution_base, ref FROM reg.enrolments WHERE person_key = $k "
            "ORDER BY scheme_group, start_date, ref", {"k": key})]
        if "employment" in self.tables:
            view.employment = self.query(
                "SELECT employer_id, employment_type, start_date, end_date, source, row_ref "
                "FROM reg.employment WHERE person_key = $k ORDER BY start_date", {"k": key})
        if "surveys" in self.tables:
            view.surveys = self.query(
                "SELECT survey_id, visit_date, residence_region, employment_type, "
                f"reason_uninsured, enumerator FROM {self._where['surveys']} WHERE person_key = $k "
                "ORDER BY visit_date", {"k": key})
        view.sources = self.sources_of(key)
        view.timeline = self.timeline(key)
        if "review_queue" in self.tables:
            view.reviews = self.query(
                "SELECT ref, source, row_ref, kind, reason, state, "
                "provisional_key = $k AS provisional FROM review_index "
                "WHERE provisional_key = $k OR candidate_key = $k ORDER BY source, row_ref",
                {"k": key})
        if "multiple_affiliation" in self.tables:
            view.cases = self.query(
                "SELECT case_id, scheme_group, rule, record_refs, keep_ref "
                "FROM reg.multiple_affiliation WHERE person_key = $k ORDER BY case_id", {"k": key})
        if "deceased_active" in self.tables:
            da = self.query("SELECT death_date, record_refs, receiving FROM reg.deceased_active "
                            "WHERE person_key = $k", {"k": key})
            view.deceased_active = da[0] if da else None
        return view

    def timeline(self, key: str) -> list[dict[str, Any]]:
        """What events changed for a person, oldest first, from the registry's history.

        One entry per version of the person (the fields the event changed, old
        and new value) and per version of an enrolment (opened, closed by a
        transfer, an end or a death, with the months carried), each with the
        event record that made it. Empty for a person no event has touched.
        """
        out: list[dict[str, Any]] = []
        if "person_history" in self.tables:
            prev = self.query(f"SELECT {', '.join(TIMELINE_FIELDS)} "
                              f"FROM {self._where['persons_base']} WHERE person_key = $k",
                              {"k": key}) if "persons_base" in self.tables else []
            before: dict[str, Any] = prev[0] if prev else {}
            for r in self.query(
                    f"SELECT version, valid_from, change_type, change_ref, "
                    f"{', '.join(TIMELINE_FIELDS)} FROM reg.person_history "
                    "WHERE person_key = $k ORDER BY version", {"k": key}):
                if r["change_type"] is None:  # the version as delivered, before any event
                    before = r
                    continue
                changes = [(f, before.get(f), r[f]) for f in TIMELINE_FIELDS
                           if before.get(f) != r[f] and (before or r[f] is not None)]
                out.append({"date": r["valid_from"], "what": "person",
                            "change": r["change_type"], "ref": r["change_ref"],
                            "changes": changes})
                before = r
        if "enrolment_history" in self.tables:
            for r in self.query(
                    "SELECT valid_from, change_type, change_ref, scheme, agency_region, "
                    "status, start_date, end_date, close_reason, carried_months, ref "
                    "FROM reg.enrolment_history WHERE person_key = $k AND change_type IS NOT "
                    "NULL ORDER BY valid_from, version, ref", {"k": key}):
                out.append({"date": r["valid_from"], "what": "enrolment",
                            "change": r["change_type"], "ref": r["change_ref"],
                            "scheme": r["scheme"], "agency_region": r["agency_region"],
                            "status": r["status"], "end_date": r["end_date"],
                            "close_reason": r["close_reason"],
                            "carried_months": r["carried_months"], "enrolment": r["ref"]})
        out.sort(key=lambda e: (e["date"] or dt.date.min, e["what"] != "person",
                                str(e["ref"] or "")))
        return out

    def coverage_of(self, key: str) -> list[GroupCoverage]:
        rows = self.query("SELECT scheme_group, insured, in_target, schemes, agency_regions, "
                          "reason, evidence FROM hot_coverage WHERE person_key = $k", {"k": key})
        order = list(self.profile.groups)
        rows.sort(key=lambda r: order.index(r["scheme_group"]) if r["scheme_group"] in order
                  else len(order))
        return [GroupCoverage(r["scheme_group"], bool(r["insured"]), bool(r["in_target"]),
                              list(r["schemes"] or []), list(r["agency_regions"] or []),
                              r["reason"], r["evidence"]) for r in rows]

    def coverage_many(self, keys: Sequence[str], scope: str) -> dict[str, tuple[
            list[GroupCoverage], list[dict[str, Any]]]]:
        """Coverage and valid enrolments of many persons at once; persons out of scope absent.

        Only persons with a valid ID number (``person_key`` = the number) are answered.
        """
        if not keys:
            return {}
        p = {"keys": list(keys), "prefix": scope_prefix(scope)}
        found = [r["person_key"] for r in self.query(
            f"SELECT p.person_key FROM hot_persons p WHERE p.person_key IN (SELECT unnest($keys)) "
            f"AND p.id_valid AND {self.scope_sql('p.person_key')}", p)]
        if not found:
            return {}
        q = {"keys": found}
        cov = self.query("SELECT * FROM hot_coverage WHERE person_key IN (SELECT unnest($keys))",
                         q)
        enr = self.query("SELECT person_key, scheme, scheme_group, agency_region, status, ref "
                         "FROM hot_valid WHERE person_key IN (SELECT unnest($keys)) "
                         "ORDER BY scheme, ref", q)
        order = list(self.profile.groups)
        out: dict[str, tuple[list[GroupCoverage], list[dict[str, Any]]]] = {
            k: ([], []) for k in found}
        for r in sorted(cov, key=lambda r: order.index(r["scheme_group"])
                        if r["scheme_group"] in order else len(order)):
            out[r["person_key"]][0].append(GroupCoverage(
                r["scheme_group"], bool(r["insured"]), bool(r["in_target"]),
                list(r["schemes"] or []), list(r["agency_regions"] or []), r["reason"],
                r["evidence"]))
        for e in enr:
            out[e["person_key"]][1].append(e)
        return out

    def valid_enrolments(self, key: str) -> list[dict[str, Any]]:
        return self.query("SELECT scheme, scheme_group, agency_region, status, start_date, ref "
                          "FROM hot_valid WHERE person_key = $k ORDER BY scheme, ref", {"k": key})

    def sources_of(self, key: str) -> list[dict[str, Any]]:
        """The delivered records tied to a person, how (method, score), and what they said."""
        if "links" not in self.tables:
            return []
        links = self.query("SELECT source, row_ref, kind, method, score, _file, _row "
                           "FROM reg.links WHERE person_key = $k ORDER BY kind, source, _row",
                           {"k": key})
        out = []
        for ln in links:
            record = self.stage_record(ln["kind"], ln["_file"], ln["_row"])
            out.append({**{k: ln[k] for k in ("source", "row_ref", "kind", "method", "score")},
                        "record": mask_record(record) if record else {}})
        return out

    def stage_record(self, kind: str, file: str, row: int) -> dict[str, Any] | None:
        """A record exactly as delivered (standard fields only)."""
        if kind not in KINDS or f"stage_{kind}" not in self.tables:
            return None
        cols = ", ".join(quote_ident(f) for f in KINDS[kind])
        rows = self.query(f"SELECT {cols} FROM {self._where['stage_' + kind]} "
                          f"WHERE _file = $f AND _row = $r", {"f": file, "r": row})
        return rows[0] if rows else None

    # -- outreach ------------------------------------------------------------------------------
    def outreach(self, region: str, group: str = "", reason: str = "", offset: int = 0,
                 limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        """The uninsured living in ``region``: who to visit, where, and why they are uninsured."""
        where = ["starts_with(coalesce(s.residence_region, ''), $p)"]
        params: dict[str, Any] = {"p": scope_prefix(region)}
        if group:
            where.append("u.scheme_group = $g")
            params["g"] = group
        if reason:
            where.append("u.reason = $why")
            params["why"] = reason
        base = (f"FROM reg.uninsured u JOIN reg.person_scope s ON s.person_key = u.person_key "
                f"JOIN reg.persons p ON p.person_key = u.person_key "
                f"JOIN person_index i ON i.person_key = u.person_key WHERE {' AND '.join(where)}")
        total = int(self.query(f"SELECT count(*) AS n {base}", params)[0]["n"])
        rows = self.query(f"""SELECT i.pref, p.person_key, p.id_number, p.id_valid, p.name,
                   p.sex, p.birth_date, s.age, s.residence_region, s.employment_type,
                   u.scheme_group, u.reason, u.evidence {base}
            ORDER BY s.residence_region, p.person_key, u.scheme_group
            LIMIT {int(limit)} OFFSET {int(offset)}""", params)
        for r in rows:
            r["masked_id"] = idnumber.mask(r.pop("id_number") or (
                r["person_key"] if r.pop("id_valid") else ""))
        return total, rows

    def reasons(self) -> list[str]:
        return [r["reason"] for r in self.query(
            "SELECT DISTINCT reason FROM reg.uninsured ORDER BY 1")] \
            if "uninsured" in self.tables else []

    def region_allowed(self, region: str, scope: str) -> bool:
        """A region's figures may be shown to a user of ``scope`` (regions inside it only)."""
        return scope_within(region, scope)


def normalise_name(name: str) -> str:
    """Names are compared as written, without white space (ASCII or ideographic).

    >>> normalise_name(" 张\u3000三 ")
    '张三'
    """
    return "".join(name.split())


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
