"""Generate a synthetic province: a delivery in the data-standard format, and its ground truth.

People are simulated in chunks (a chunk's people, employers and records are
made and written together, then forgotten), so memory stays bounded however
many people are asked for; ID numbers stay unique across chunks. The same
seed, size, reference date, province, error rates and chunk size give
byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from unireg import __version__
from unireg.errors import ConfigError
from unireg.generate import deliveries as dv
from unireg.generate import model as m
from unireg.generate.activity import Employment, Survey, simulate_employment, simulate_survey
from unireg.generate.employers import simulate_employers
from unireg.generate.enrolment import FINDINGS, Enrolments, simulate_enrolments
from unireg.generate.geography import Geography, province_geography
from unireg.generate.identity import SequenceAllocator, ymd
from unireg.generate.noise import NOISE_NAMES, ErrorRates, Injected, RowFacts, inject
from unireg.generate.population import Persons, days, simulate_persons
from unireg.generate.truth import SCHEMAS, Delivered, chunk_truth, const
from unireg.generate.writers import CsvSink, ParquetSink, Sink, XlsxSink
from unireg.ingest.kinds import ROW_REF_FIELD
from unireg.rules.profile import CountryProfile, load_profile

GENERATOR_VERSION = "1"
REFERENCE_DATE = dt.date(2017, 12, 31)
CHUNK_SIZE = 250_000
TRUTH_DIR = "truth"
SOURCES = "sources.yaml"


@dataclass(frozen=True)
class GenerateResult:
    """What was written: data rows per delivery file and per truth table, and the time taken."""

    out: Path
    persons: int
    seed: int
    reference_date: dt.date
    province: str
    files: dict[str, int]
    truth: dict[str, int]
    elapsed: float
    noise: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["out"] = str(self.out)
        d["reference_date"] = self.reference_date.isoformat()
        return d


@dataclass
class _Counters:
    employers: int = 0
    survey: int = 0
    ids: dict[str, int] = field(default_factory=dict)   # next record id per file
    rows: dict[str, int] = field(default_factory=dict)  # data rows written per file


def generate(out: Path | str, persons: int, seed: int, *,
             reference_date: dt.date = REFERENCE_DATE,
             errors: ErrorRates | str = "default", province: str = "44",
             progress: Callable[[int, int], None] | None = None,
             chunk_size: int = CHUNK_SIZE) -> GenerateResult:
    """Write a synthetic province of ``persons`` people to the folder ``out``.

    The delivery (population.csv, employer.csv, employment.csv, survey.xlsx,
    enrolment-*.csv/.parquet, sources.yaml) goes in ``out``; the ground truth in
    ``out/truth/`` (docs/generator.md). ``errors`` is a profile (``none``,
    ``default``, ``heavy``), a YAML file of rates, or an :class:`ErrorRates`.
    ``progress(done, total)`` is called after each chunk.

    Example (a clean province of 2,000 people, then one with many ID typos)::

        result = generate(Path("gd"), persons=2000, seed=1, errors="none")
        result.files["population.csv"]   # rows in the frame, about 1,930
        generate(Path("gd-typos"), 2000, 1, errors=ErrorRates.profile("default")
                 .with_rates(id_typo=0.05))
    """
    started = time.perf_counter()
    if isinstance(persons, bool) or not isinstance(persons, int) or persons < 1:
        raise ConfigError(f"persons = {persons!r}: expected a whole number of at least 1")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed = {seed!r}: expected a whole number of at least 0")
    if chunk_size < 100:
        raise ConfigError(f"chunk_size = {chunk_size!r}: expected at least 100")
    if not 2000 <= reference_date.year <= 2099:
        raise ConfigError(f"reference_date = {reference_date.isoformat()}: expected a date in "
                          "2000-2099 (the schemes the generator models began in the 1990s-2010s)")
    rates = ErrorRates.load(errors)
    out = Path(out)
    _prepare(out)
    geo = province_geography(province, reference_date.year)
    profile = load_profile("cn")
    dv.check_profile_codes()
    ref = days(reference_date)
    sinks = _open_sinks(out)
    truth_sinks = {name: ParquetSink(out / TRUTH_DIR / f"{name}.parquet", schema=schema)
                   for name, schema in SCHEMAS.items()}
    seq = SequenceAllocator(np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 0]))))
    counters = _Counters()
    counts: dict[str, list[int]] = {n: [0, 0] for n in ErrorRates.names()}
    con = duckdb.connect()
    try:
        for c, first in enumerate(range(0, persons, chunk_size)):
            k = min(chunk_size, persons - first)
            rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 1, c])))
            tables = _chunk(rng, k, first, ref, geo, seq, rates, counters, profile, con,
                            sinks, counts)
            for name, table in tables.items():
                truth_sinks[name].write({f.name: table[f.name] for f in table.schema})
            if progress is not None:
                progress(first + k, persons)
    finally:
        con.close()
        for s in (*sinks.values(), *truth_sinks.values()):
            s.close()
    shutil.copyfile(out / dv.RESENT_OF.name, out / dv.RESENT.name)
    (out / SOURCES).write_text(dv.sources_yaml(), encoding="utf-8")
    files = {spec.name: sinks[spec.name].rows for spec in dv.FILES}
    files[dv.RESENT.name] = files[dv.RESENT_OF.name]
    files = dict(sorted(files.items()))
    truth = {name: s.rows for name, s in truth_sinks.items()}
    noise = {name: {"rate": getattr(rates, name), "eligible": e, "injected": i}
             for name, (e, i) in counts.items()}
    meta = {
        "generator": "unireg.generate", "generator_version": GENERATOR_VERSION,
        "unireg_version": __version__, "seed": seed, "persons": persons,
        "reference_date": reference_date.isoformat(), "province": province,
        "chunk_size": chunk_size, "errors": errors if isinstance(errors, str) else "custom",
        "error_rates": rates.as_dict(), "files": files, "truth": truth, "noise": noise,
        "sources": {spec.name: spec.source for spec in (*dv.FILES, dv.RESENT)},
        "redelivered": {dv.RESENT.name: dv.RESENT_OF.name},
    }
    (out / TRUTH_DIR / "meta.json").write_text(
        json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return GenerateResult(out=out, persons=persons, seed=seed, reference_date=reference_date,
                          province=province, files=files, truth=truth,
                          elapsed=time.perf_counter() - started, noise=noise)


def _owned(out: Path) -> list[Path]:
    names = [s.name for s in (*dv.FILES, dv.RESENT)] + [SOURCES]
    return [out / n for n in names] + [out / TRUTH_DIR / f"{t}.parquet" for t in SCHEMAS] + \
        [out / TRUTH_DIR / "meta.json"]


def _prepare(out: Path) -> None:
    """An empty folder, or one holding an earlier generation (whose files are replaced)."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / TRUTH_DIR / "meta.json").is_file():
            raise ConfigError(f"{out}: folder is not empty and holds no earlier generation; "
                              "give a new or empty folder")
        for p in _owned(out):
            p.unlink(missing_ok=True)
    (out / TRUTH_DIR).mkdir(parents=True, exist_ok=True)


def _open_sinks(out: Path) -> dict[str, Sink]:
    sinks: dict[str, Sink] = {}
    for spec in dv.FILES:
        names = dv.KIND_FIELDS[spec.kind]
        path = out / spec.name
        if spec.legacy:
            order = tuple(dv.LEGACY_COLUMNS)
            sinks[spec.name] = CsvSink(path, order, header=tuple(dv.LEGACY_COLUMNS.values()),
                                       encoding="gbk")
        elif spec.fmt == "csv":
            sinks[spec.name] = CsvSink(path, names)
        elif spec.fmt == "parquet":
            sinks[spec.name] = ParquetSink(path, names)
        else:
            sinks[spec.name] = XlsxSink(path, names, sheet="survey")
    return sinks


def _row_numbers(counters: _Counters, spec: dv.FileSpec, n: int) -> pa.Array:
    first = counters.rows.get(spec.name, 0) + 1
    counters.rows[spec.name] = first - 1 + n
    return pa.array(np.arange(first, first + n, dtype=np.int64)).cast(pa.string())


def _facts(p: Persons, person: np.ndarray, finding: np.ndarray | None = None,
           donors: bool = False) -> RowFacts:
    """What the injector needs to know about rows of people ``person`` (-1: not a person)."""
    n = person.size
    safe = np.where(person >= 0, person, 0)
    year, _, _ = ymd(p.birth[safe])
    is_x = np.asarray(pc.ends_with(p.id18, "X").to_numpy(zero_copy_only=False))
    facts = RowFacts(born_1900s=(person >= 0) & (year >= 1900) & (year <= 1999),
                     id_x=(person >= 0) & is_x[safe],
                     finding=np.zeros(n, np.int8) if finding is None else finding,
                     person=person)
    if donors and p.n > 1:
        def other_id(rows: np.ndarray, r: random.Random) -> list[str]:
            ids = []
            for row in rows.tolist():
                me = int(person[row])
                d = r.randrange(p.n)
                for _ in range(p.n):  # someone whose birth date or sex differs
                    if d != me and (p.birth[d] != p.birth[me] or p.sex[d] != p.sex[me]):
                        break
                    d = (d + 1) % p.n
                ids.append(str(p.id18[d].as_py()))
            return ids
        facts.other_id = other_id
    return facts


def _add_counts(counts: dict[str, list[int]], inj: Injected) -> None:
    for name, (e, i) in inj.counts.items():
        counts[name][0] += e
        counts[name][1] += i


def _chunk(rng: np.random.Generator, k: int, first: int, ref: int, geo: Geography,
           seq: SequenceAllocator, rates: ErrorRates, counters: _Counters,
           profile: CountryProfile, con: duckdb.DuckDBPyConnection, sinks: dict[str, Sink],
           counts: dict[str, list[int]]) -> dict[str, pa.Table]:
    p = simulate_persons(rng, k, first, ref, geo, seq)
    emp, jobs = simulate_employers(rng, p, geo, counters.employers)
    counters.employers += emp.n
    enr, why, stats = simulate_enrolments(rng, p, emp, jobs, geo, ref, rates.as_dict())
    for name, (e, i) in stats.items():
        counts[name][0] += e
        counts[name][1] += i
    work = simulate_employment(rng, p, jobs, ref)
    work_order = rng.permutation(work.n)
    work = Employment(*(getattr(work, f)[work_order]
                        for f in ("person", "employer", "type", "start", "end")))
    srv = simulate_survey(rng, p, why, ref, m.SURVEY_MAX_ROWS - counters.survey)
    srv_order = rng.permutation(srv.n)
    srv = Survey(*(getattr(srv, f)[srv_order]
                   for f in ("person", "visit", "type", "reason", "enumerator")))
    delivered: list[Delivered] = []
    unknown = geo.unknown_regions

    def deliver(spec: dv.FileSpec, columns: dict[str, pa.Array], person: np.ndarray,
                facts: RowFacts, *, enrol: Enrolments | None = None,
                employment: Employment | None = None, survey: Survey | None = None
                ) -> Delivered:
        inj = inject(spec.kind, columns, facts, rates, rng, quarantine=spec.quarantine,
                     unknown_regions=unknown)
        _add_counts(counts, inj)
        written = dv.to_legacy(inj.columns, rng) if spec.legacy else inj.columns
        sinks[spec.name].write(written)
        ref_field = ROW_REF_FIELD.get(spec.kind)
        row_ref = columns[ref_field] if ref_field else _row_numbers(counters, spec, person.size)
        noise = inj.noise.copy()
        has = facts.finding > 0
        finding_codes = np.array([0] + [NOISE_NAMES.index(f) + 1 for f in FINDINGS])
        noise[has] = finding_codes[facts.finding[has]]
        d = Delivered(spec, person.astype(np.int32), row_ref, noise, inj.field, inj.rule,
                      enrol=enrol, employment=employment, survey=survey)
        delivered.append(d)
        return d

    idx = np.flatnonzero(p.in_frame)
    deliver(dv.POPULATION, dv.population_columns(p, idx), idx, _facts(p, idx))
    none = np.full(emp.n, -1, dtype=np.int32)
    deliver(dv.EMPLOYER, dv.employer_columns(emp), none, _facts(p, none))
    deliver(dv.EMPLOYMENT, dv.employment_columns(p, emp, work), work.person,
            _facts(p, work.person), employment=work)
    first_s = counters.survey + 1
    counters.survey += srv.n
    deliver(dv.SURVEY, dv.survey_columns(p, srv, first_s), srv.person,
            _facts(p, srv.person, donors=True), survey=srv)

    where = dv.route(enr, geo)
    for i, spec in enumerate(dv.ENROLMENT_FILES):
        sel = np.flatnonzero(where == i)
        sel = sel[rng.permutation(sel.size)]
        sub = enr.take(sel)
        first_id = counters.ids.get(spec.name, 0) + 1
        counters.ids[spec.name] = first_id - 1 + sub.n
        cols = dv.enrolment_columns(p, emp, sub, spec, first_id)
        d = deliver(spec, cols, sub.person, _facts(p, sub.person, sub.finding, donors=True),
                    enrol=sub)
        if spec is dv.RESENT_OF:
            again = pc.binary_join_element_wise(const(spec.source, d.n), d.row_ref, ":")
            delivered.append(Delivered(
                dv.RESENT, d.person, d.row_ref,
                np.full(d.n, NOISE_NAMES.index("redelivery") + 1, dtype=np.int16),
                np.full(d.n, -1, dtype=np.int16), np.full(d.n, -1, dtype=np.int16),
                redelivery_of=again, enrol=sub))
    return chunk_truth(p, why, delivered, ref, profile, con)
