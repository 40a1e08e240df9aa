"""The delivery: which files, which records go in which, and the records as text.

One file per source, as a province receives them: the population frame, the
employer register, employment records, the door-to-door survey (XLSX), and
enrolments from four systems: the old-age agencies (CSV), the public-sector
pension agency (CSV, re-sent whole under another name), medical insurance
(Parquet), work injury + unemployment + maternity (CSV), and one prefecture
still on a legacy pension system (GBK CSV with Chinese headers, codes and
dates, declared in ``sources.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from unireg.errors import ConfigError
from unireg.generate import model as m
from unireg.generate.activity import EMPLOYMENT_TYPES, Employment, Survey
from unireg.generate.employers import Employers
from unireg.generate.enrolment import NOMONTH, Enrolments
from unireg.generate.geography import Geography
from unireg.generate.population import NODATE, Persons
from unireg.ingest.kinds import KINDS
from unireg.rules.profile import load_profile

# The data standard's fields per kind (kept once, in ingest) and what names a record.
KIND_FIELDS = KINDS


@dataclass(frozen=True)
class FileSpec:
    name: str
    kind: str
    fmt: str                  # csv | parquet | xlsx
    prefix: str = ""          # record ids (enrolment)
    quarantine: bool = True   # may carry errors that quarantine the record
    legacy: bool = False      # the non-standard GBK feed

    @property
    def source(self) -> str:
        return Path(self.name).stem


POPULATION = FileSpec("population.csv", "population", "csv")
EMPLOYER = FileSpec("employer.csv", "employer", "csv")
EMPLOYMENT = FileSpec("employment.csv", "employment", "csv")
SURVEY = FileSpec("survey.xlsx", "survey", "xlsx")
OAI = FileSpec("enrolment-oai.csv", "enrolment", "csv", prefix="YL")
PUB = FileSpec("enrolment-pub.csv", "enrolment", "csv", prefix="JG", quarantine=False)
MED = FileSpec("enrolment-med.parquet", "enrolment", "parquet", prefix="YB")
WUM = FileSpec("enrolment-wii-ui-mat.csv", "enrolment", "csv", prefix="GS")
LEGACY = FileSpec("enrolment-legacy.csv", "enrolment", "csv", prefix="LG", quarantine=False,
                  legacy=True)
ENROLMENT_FILES = (OAI, PUB, MED, WUM, LEGACY)
FILES = (POPULATION, EMPLOYER, EMPLOYMENT, SURVEY, *ENROLMENT_FILES)
# The public-sector agency sent its file twice; the copy's name sorts after the original's
# both as a file name and as a source name, so "delivered earlier" is the original either way.
RESENT = FileSpec("enrolment-resent-pub.csv", "enrolment", "csv", prefix="JG", quarantine=False)
RESENT_OF = PUB


def route(rows: Enrolments, geo: Geography) -> np.ndarray:
    """Index into ENROLMENT_FILES of the file each enrolment is delivered in."""
    sch = rows.scheme
    legacy = (rows.agency // 100 == geo.legacy_prefecture // 100) & \
        np.isin(sch, (m.OAI_EMP, m.OAI_RES))
    out = np.full(rows.n, ENROLMENT_FILES.index(OAI), dtype=np.int8)
    out[sch == m.OAI_PUB] = ENROLMENT_FILES.index(PUB)
    out[np.isin(sch, (m.MI_EMP, m.MI_RES))] = ENROLMENT_FILES.index(MED)
    out[np.isin(sch, (m.WII, m.UI, m.MAT))] = ENROLMENT_FILES.index(WUM)
    out[legacy] = ENROLMENT_FILES.index(LEGACY)
    return out


# --- text columns -----------------------------------------------------------------------------

def dates(d: np.ndarray) -> pa.Array:
    """YYYY-MM-DD text of day numbers; NODATE is missing."""
    return pa.array(d.astype(np.int32), type=pa.date32(), mask=d == NODATE).cast(pa.string())


def months(mo: np.ndarray) -> pa.Array:
    """YYYY-MM text of month numbers; NOMONTH is missing."""
    day = mo.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return pc.utf8_slice_codeunits(
        pa.array(day.astype(np.int32), type=pa.date32(), mask=mo == NOMONTH).cast(pa.string()),
        0, 7)


def numbers(x: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(x, mask=missing).cast(pa.string())


def codes(names: tuple[str, ...], idx: np.ndarray) -> pa.Array:
    """Code names by index (-1 is missing)."""
    return pa.array(list(names)).take(pa.array(idx.astype(np.int64), mask=idx < 0))


def serial(prefix: str, first: int, n: int, width: int) -> pa.Array:
    """``prefix`` + zero-padded numbers from ``first``: record and survey ids."""
    num = pc.utf8_lpad(pa.array(np.arange(first, first + n, dtype=np.int64)).cast(pa.string()),
                       width, "0")
    return pc.binary_join_element_wise(pa.array([prefix] * n, type=pa.string()), num, "")


def _sex(sex: np.ndarray) -> pa.Array:
    return pa.array(np.where(sex == 1, "1", "2"))


def population_columns(p: Persons, idx: np.ndarray) -> dict[str, pa.Array]:
    mig = p.mig[idx]
    return {
        "id_number": p.id18.take(pa.array(idx)), "name": p.name.take(pa.array(idx)),
        "sex": _sex(p.sex[idx]), "birth_date": dates(p.birth[idx]),
        "hukou_region": numbers(p.hukou[idx]),
        "hukou_type": pa.array(np.where(p.urban[idx], "urban", "rural")),
        "residence_region": numbers(p.residence[idx], mig == m.LOCAL),
        "status": codes(m.PERSON_STATUS, p.status[idx].astype(np.int64)),
        "status_date": dates(p.status_date[idx]),
    }


def enrolment_columns(p: Persons, e: Employers, rows: Enrolments, spec: FileSpec,
                      first_id: int) -> dict[str, pa.Array]:
    who = pa.array(rows.person)
    return {
        "record_id": serial(spec.prefix, first_id, rows.n, 10),
        "id_number": p.id18.take(who), "name": p.name.take(who), "sex": _sex(p.sex[rows.person]),
        "birth_date": dates(p.birth[rows.person]),
        "scheme": codes(m.SCHEMES, rows.scheme.astype(np.int64)),
        "agency_region": numbers(rows.agency),
        "employer_id": e.code.take(pa.array(rows.employer, mask=rows.employer < 0)),
        "start_date": dates(rows.start), "end_date": dates(rows.end),
        "status": codes(m.ENROLMENT_STATUS, rows.status.astype(np.int64)),
        "last_paid": months(rows.last_paid),
        "contribution_base": numbers(rows.base, rows.base < 0),
    }


def employer_columns(e: Employers) -> dict[str, pa.Array]:
    return {"employer_id": e.code, "name": e.name, "region": numbers(e.region),
            "industry": e.industry, "size": codes(m.SIZES, e.size.astype(np.int64)),
            "employees": numbers(e.employees)}


def employment_columns(p: Persons, e: Employers, w: Employment) -> dict[str, pa.Array]:
    who = pa.array(w.person)
    return {"id_number": p.id18.take(who), "name": p.name.take(who),
            "employer_id": e.code.take(pa.array(w.employer, mask=w.employer < 0)),
            "employment_type": codes(EMPLOYMENT_TYPES, w.type.astype(np.int64)),
            "start_date": dates(w.start), "end_date": dates(w.end)}


def survey_columns(p: Persons, s: Survey, first_id: int) -> dict[str, pa.Array]:
    who = pa.array(s.person)
    return {"survey_id": serial("S", first_id, s.n, 9), "visit_date": dates(s.visit),
            "id_number": p.id18.take(who), "name": p.name.take(who),
            "sex": _sex(p.sex[s.person]), "birth_date": dates(p.birth[s.person]),
            "residence_region": numbers(p.residence[s.person]),
            "employment_type": codes(EMPLOYMENT_TYPES, s.type.astype(np.int64)),
            "reason_uninsured": codes(m.REASONS, s.reason.astype(np.int64) - 1),
            "enumerator": pc.binary_join_element_wise(
                pa.array(["E"] * s.n, type=pa.string()),
                pc.utf8_lpad(numbers(s.enumerator), 6, "0"), "")}


# --- the non-standard feed ------------------------------------------------------------------

LEGACY_COLUMNS = {  # standard field -> the legacy system's header, in the legacy file's order
    "record_id": "记录号", "name": "姓名", "id_number": "身份证号码", "sex": "性别",
    "birth_date": "出生日期", "scheme": "险种", "status": "参保状态", "agency_region": "经办机构",
    "employer_id": "单位编码", "start_date": "参保日期", "end_date": "终止日期",
    "last_paid": "最后缴费年月", "contribution_base": "缴费基数",
}
LEGACY_VALUES = {
    "sex": {"男": "1", "女": "2"},
    "scheme": {"城镇职工基本养老保险": "OAI_EMP", "城乡居民基本养老保险": "OAI_RES"},
    "status": {"参保缴费": "contributing", "暂停缴费": "suspended", "享受待遇": "receiving",
               "终止参保": "terminated"},
}


def _map(col: pa.Array, mapping: dict[str, str]) -> pa.Array:
    out = col
    for legacy, std in mapping.items():
        out = pc.if_else(pc.equal(col, std), pa.scalar(legacy), out)
    return out


def _legacy_date(col: pa.Array, style: np.ndarray) -> pa.Array:
    y = pc.utf8_slice_codeunits(col, 0, 4)
    mo = pc.utf8_slice_codeunits(col, 5, 7)
    d = pc.utf8_slice_codeunits(col, 8, 10)
    mo_n = pc.cast(pc.cast(mo, pa.int32()), pa.string())
    d_n = pc.cast(pc.cast(d, pa.int32()), pa.string())
    chinese = pc.binary_join_element_wise(y, "年", mo_n, "月", d_n, "日", "")
    compact = pc.binary_join_element_wise(y, mo, d, "")
    slashed = pc.binary_join_element_wise(y, "/", mo, "/", d, "")
    return pc.if_else(pa.array(style == 0), chinese,
                      pc.if_else(pa.array(style == 1), compact, slashed))


def _legacy_month(col: pa.Array, style: np.ndarray) -> pa.Array:
    y = pc.utf8_slice_codeunits(col, 0, 4)
    mo = pc.utf8_slice_codeunits(col, 5, 7)
    chinese = pc.binary_join_element_wise(y, "年", pc.cast(pc.cast(mo, pa.int32()), pa.string()),
                                          "月", "")
    return pc.if_else(pa.array(style == 0), chinese, pc.binary_join_element_wise(y, mo, ""))


def to_legacy(columns: dict[str, pa.Array], rng: np.random.Generator) -> dict[str, pa.Array]:
    """Standard enrolment columns written the legacy system's way (same field names)."""
    n = len(columns["record_id"])
    style = np.searchsorted(np.array([0.6, 0.9]), rng.random(n), side="right")
    out = dict(columns)
    for f, mapping in LEGACY_VALUES.items():
        out[f] = _map(columns[f], mapping)
    for f in ("birth_date", "start_date", "end_date"):
        out[f] = _legacy_date(columns[f], style)
    out["last_paid"] = _legacy_month(columns["last_paid"], np.minimum(style, 1))
    return out


def sources_yaml() -> str:
    """The delivery's sources.yaml: declares the legacy feed and its mapping profile."""
    cols = ", ".join(f"{k}: {v}" for k, v in LEGACY_COLUMNS.items())

    def values(d: dict[str, str]) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"

    sex = "{" + ", ".join(f'{k}: "{v}"' for k, v in LEGACY_VALUES["sex"].items()) + "}"
    return (
        "# Files of this delivery that need saying: the legacy pension feed is GBK with Chinese\n"
        "# headers, codes and dates; the profile maps it onto the data standard.\n"
        "files:\n"
        f"  {LEGACY.name}:\n"
        "    kind: enrolment\n"
        f"    source: {LEGACY.source}\n"
        "    profile: legacy-pension\n"
        "profiles:\n"
        "  legacy-pension:\n"
        "    encoding: gbk\n"
        f"    columns: {{{cols}}}\n"
        "    values:\n"
        f"      sex: {sex}\n"
        f"      scheme: {values(LEGACY_VALUES['scheme'])}\n"
        f"      status: {values(LEGACY_VALUES['status'])}\n"
        '    dates: ["%Y年%m月%d日", "%Y%m%d", "%Y/%m/%d"]\n'
        '    months: ["%Y年%m月", "%Y%m"]\n'
        "    constants: {}\n")


def check_profile_codes() -> None:
    """The simulation's code lists are the profile's (fails loudly if the profile changes)."""
    prof = load_profile("cn")
    if tuple(prof.groups) != m.GROUPS:
        raise ConfigError(f"profile groups {tuple(prof.groups)} differ from the generator's "
                          f"{m.GROUPS}")
    for i, s in enumerate(m.SCHEMES):
        if prof.group_of(s) != m.GROUPS[m.SCHEME_GROUP[i]]:
            raise ConfigError(f"scheme {s}: its group in the profile differs from the generator's")
    if tuple(prof.codes_of("employment_type")) != EMPLOYMENT_TYPES:
        raise ConfigError("employment types in the profile differ from the generator's")
    if tuple(sorted(prof.codes_of("reason_uninsured"))) != tuple(sorted(m.REASONS)):
        raise ConfigError("reason_uninsured codes in the profile differ from the generator's")
