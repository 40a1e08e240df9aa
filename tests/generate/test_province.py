"""The generated province end to end: files, formats, determinism, realism, error rates."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml
from python_calamine import CalamineWorkbook

from unireg.generate import generate
from unireg.generate.noise import CATALOGUE, ErrorRates
from unireg.rules import idnumber

REF = dt.date(2017, 12, 31)
# data-standard.md §3, written out here on purpose (not imported from the code under test).
STANDARD = {
    "population": "id_number, name, sex, birth_date, hukou_region, hukou_type, "
                  "residence_region, status, status_date",
    "enrolment": "record_id, id_number, name, sex, birth_date, scheme, agency_region, "
                 "employer_id, start_date, end_date, status, last_paid, contribution_base",
    "employer": "employer_id, name, region, industry, size, employees",
    "employment": "id_number, name, employer_id, employment_type, start_date, end_date",
    "survey": "survey_id, visit_date, id_number, name, sex, birth_date, residence_region, "
              "employment_type, reason_uninsured, enumerator",
}
DELIVERY = {"population.csv", "employer.csv", "employment.csv", "survey.xlsx",
            "enrolment-oai.csv", "enrolment-pub.csv", "enrolment-resent-pub.csv",
            "enrolment-med.parquet", "enrolment-wii-ui-mat.csv", "enrolment-legacy.csv",
            "sources.yaml", "truth"}
TRUTH = {"persons", "records", "coverage", "multiple_affiliation", "deceased_active",
         "uninsured", "quarantine"}


def header(path: Path) -> list[str]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh))
    if path.suffix == ".parquet":
        return pq.read_schema(path).names
    return [str(c) for c in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
            .to_python()[0]]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_delivery_files_follow_the_standard(gen_clean: Path) -> None:
    assert {p.name for p in gen_clean.iterdir()} == DELIVERY
    assert {p.stem for p in (gen_clean / "truth").glob("*.parquet")} == TRUTH
    for p in gen_clean.iterdir():
        if p.name in ("sources.yaml", "truth", "enrolment-legacy.csv"):
            continue
        kind = p.name.split("-")[0].split(".")[0]
        assert header(p) == STANDARD[kind].split(", "), p.name
    meta = json.loads((gen_clean / "truth/meta.json").read_text(encoding="utf-8"))
    for name, rows in meta["files"].items():
        if name.endswith(".csv") and name != "enrolment-legacy.csv":
            with (gen_clean / name).open(encoding="utf-8", newline="") as fh:
                data = list(csv.reader(fh))
            assert len(data) - 1 == rows > 0, name
            assert {len(r) for r in data} == {len(data[0])}, name
    assert (gen_clean / "enrolment-resent-pub.csv").read_bytes() == \
        (gen_clean / "enrolment-pub.csv").read_bytes()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 3000, 5, errors="heavy", chunk_size=1000)
    generate(tmp_path / "b", 3000, 5, errors="heavy", chunk_size=1000)
    generate(tmp_path / "c", 3000, 6, errors="heavy", chunk_size=1000)
    da, db, dc = (digest(tmp_path / x) for x in "abc")
    assert da == db
    assert len(da) == len(DELIVERY) - 1 + len(TRUTH) + 1
    assert da["population.csv"] != dc["population.csv"]
    # Generating again into the same folder replaces the earlier generation.
    generate(tmp_path / "a", 3000, 5, errors="heavy", chunk_size=1000)
    assert digest(tmp_path / "a") == da
    assert a.files["population.csv"] > 2500


def test_ids_valid_and_unique_across_chunks(gen_heavy: Path) -> None:
    persons = pq.read_table(gen_heavy / "truth/persons.parquet").to_pylist()
    keys = [p["person_key"] for p in persons]
    assert len(keys) == len(set(keys)) > 11_000
    for p in persons:
        c = idnumber.check(p["person_key"], REF)
        assert c.valid, p["person_key"]
        assert c.birth_date == p["birth_date"] and c.sex == p["sex"]
        assert p["id_number"] == p["person_key"]


def test_realistic_population(gen_clean: Path) -> None:
    persons = [p for p in pq.read_table(gen_clean / "truth/persons.parquet").to_pylist()
               if p["in_frame"]]
    living = [p for p in persons if p["status"] == "living"]
    n = len(living)

    def age(p: dict) -> int:
        b = p["birth_date"]
        return REF.year - b.year - ((REF.month, REF.day) < (b.month, b.day))

    ages = np.array([age(p) for p in living])
    males = sum(p["sex"] == "1" for p in living)
    assert 1.0 < males / (n - males) < 1.12  # sex ratio ~1.05
    assert 0.13 < (ages < 15).mean() < 0.21  # China 2017: 16.8%
    assert 0.66 < ((ages >= 15) & (ages < 65)).mean() < 0.76  # 71.8%
    assert 0.08 < (ages >= 65).mean() < 0.14  # 11.4%
    assert ages.max() <= 117 and ages.min() >= 0
    other_province = sum(p["hukou_region"][:2] != "44" for p in living) / n
    other_county = sum(p["hukou_region"][:2] == "44" and p["residence_region"] != p["hukou_region"]
                       for p in living) / n
    assert 0.14 < other_province < 0.30 and 0.07 < other_county < 0.16
    assert all(p["residence_region"][:2] == "44" for p in living)
    urban = sum(p["hukou_type"] == "urban" for p in living) / n
    assert 0.35 < urban < 0.6
    dead = sum(p["status"] == "deceased" for p in persons) / len(persons)
    assert 0.015 < dead < 0.035
    outside = [p for p in pq.read_table(gen_clean / "truth/persons.parquet").to_pylist()
               if not p["in_frame"]]
    assert outside
    # Old people of the province may carry ID codes abolished since.
    from unireg.rules.regions import region_table

    t = region_table()
    abolished = sum(t[p["person_key"][:6]].abolished is not None for p in living if age(p) >= 50)
    assert abolished > 0.05 * sum(age(p) >= 50 for p in living)
    # ... and young people a code created after they were born.
    young_new = [p for p in living if p["birth_date"].year >= 1985
                 and min(s or 0 for s, _, _ in t[p["person_key"][:6]].periods)
                 > p["birth_date"].year]
    assert len(young_new) > 50


def test_realistic_coverage(gen_clean: Path) -> None:
    cov = pq.read_table(gen_clean / "truth/coverage.parquet").to_pylist()
    rate = {}
    for g in ("old_age", "medical", "work_injury", "unemployment", "maternity"):
        t = [r for r in cov if r["scheme_group"] == g and r["in_target"]]
        rate[g] = sum(r["insured"] for r in t) / len(t)
    assert 0.78 < rate["old_age"] < 0.95, rate
    assert 0.88 < rate["medical"] < 0.99, rate
    for g in ("work_injury", "unemployment", "maternity"):
        assert 0.5 < rate[g] < 0.92, rate
    target = Counter(r["scheme_group"] for r in cov if r["in_target"])
    scope = len({r["person_key"] for r in cov})
    assert target["medical"] == scope
    assert 0.7 < target["old_age"] / scope < 0.85
    assert 0.2 < target["work_injury"] / scope < 0.4
    reasons = Counter(r["reason"] for r in pq.read_table(
        gen_clean / "truth/uninsured.parquet").to_pylist())
    assert set(reasons) == {"unaware", "cannot_afford", "unwilling", "employer_not_enrolled",
                            "enrolled_elsewhere", "recently_moved", "other"}


def test_compliance_falls_with_employer_size(gen_clean: Path) -> None:
    with (gen_clean / "employer.csv").open(encoding="utf-8") as fh:
        size = {r["employer_id"]: r["size"] for r in csv.DictReader(fh)}
    with (gen_clean / "employment.csv").open(encoding="utf-8") as fh:
        job = {r["id_number"]: size[r["employer_id"]] for r in csv.DictReader(fh)
               if r["employment_type"] == "employee" and not r["end_date"]}
    insured: dict[str, list[bool]] = {}
    for r in pq.read_table(gen_clean / "truth/coverage.parquet").to_pylist():
        if r["scheme_group"] == "work_injury" and r["in_target"] and r["person_key"] in job:
            insured.setdefault(job[r["person_key"]], []).append(r["insured"])
    big = insured.pop("large", []) + insured.pop("medium", [])
    rate = {s: sum(v) / len(v) for s, v in insured.items()}
    rate["medium+large"] = sum(big) / len(big)
    assert rate["micro"] < rate["small"] < rate["medium+large"], rate
    assert Counter(size.values()).most_common(1)[0][0] == "micro"


def test_employment_and_survey_records(gen_clean: Path) -> None:
    persons = {p["person_key"]: p for p in pq.read_table(
        gen_clean / "truth/persons.parquet").to_pylist()}
    with (gen_clean / "employment.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    types = Counter(r["employment_type"] for r in rows)
    assert types["employee"] > types["student"] > 0
    assert set(types) >= {"flexible", "platform", "self_employed", "farmer", "retired",
                          "unemployed"}
    for r in rows:
        if r["employment_type"] == "student":
            assert r["employer_id"] == ""
            b = persons[r["id_number"]]["birth_date"]
            assert REF.year - b.year >= 16
        if r["employment_type"] == "employee":
            assert r["employer_id"]
    survey = CalamineWorkbook.from_path(str(gen_clean / "survey.xlsx")).get_sheet_by_index(0)
    data = survey.to_python()
    head = [str(x) for x in data[0]]
    recs = [dict(zip(head, r, strict=True)) for r in data[1:]]
    assert len(recs) > 200
    assert all(isinstance(r["id_number"], str) and len(r["id_number"]) == 18 for r in recs)
    given = [r for r in recs if r["reason_uninsured"]]
    assert len(given) > 0.3 * len(recs)  # the survey seeks out the uninsured
    assert all(dt.date.fromisoformat(str(r["visit_date"])) <= REF for r in recs)


def test_legacy_feed_decodes_with_its_profile(gen_clean: Path) -> None:
    spec = yaml.load((gen_clean / "sources.yaml").read_text(encoding="utf-8"),
                     Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only str/list/dict
    entry = spec["files"]["enrolment-legacy.csv"]
    assert entry["kind"] == "enrolment" and entry["source"] == "enrolment-legacy"
    prof = spec["profiles"][entry["profile"]]
    assert prof["encoding"] == "gbk"
    text = (gen_clean / "enrolment-legacy.csv").read_bytes().decode("gbk")  # strict
    with pytest.raises(UnicodeDecodeError):
        (gen_clean / "enrolment-legacy.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = prof["columns"]
    assert set(rows[0]) == set(columns.values())
    assert set(columns) == set(STANDARD["enrolment"].split(", "))
    records = {r["row_ref"]: r for r in pq.read_table(gen_clean / "truth/records.parquet")
               .to_pylist() if r["source"] == "enrolment-legacy"}
    assert len(records) == len(rows) > 20
    styles = Counter()
    for raw in rows:
        std = {f: raw[h] for f, h in columns.items()}
        for f, mapping in prof["values"].items():
            assert std[f] in mapping, (f, std[f])
            std[f] = mapping[std[f]]
        assert std["scheme"] in ("OAI_EMP", "OAI_RES")
        for f in ("birth_date", "start_date", "end_date"):
            if std[f]:
                parsed = [fmt for fmt in prof["dates"] if _parses(std[f], fmt)]
                assert parsed, std[f]
                styles[parsed[0]] += 1
        if std["last_paid"]:
            assert any(_parses(std["last_paid"], fmt) for fmt in prof["months"])
        assert idnumber.check(std["id_number"], REF).valid
        assert records[std["record_id"]]["person_key"] == std["id_number"]
    assert len(styles) == 3  # 2017年3月5日, 20170305 and 2017/03/05 all occur


def _parses(value: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def test_no_errors_means_nothing_to_quarantine(gen_clean: Path) -> None:
    assert pq.read_table(gen_clean / "truth/quarantine.parquet").num_rows == 0
    noise = Counter(r["noise"] for r in pq.read_table(
        gen_clean / "truth/records.parquet", columns=["noise"]).to_pylist())
    assert set(noise) == {None, "redelivery", "double_oai", "double_med", "double_mi_res",
                          "duplicate_enrolment", "deceased_active"}
    meta = json.loads((gen_clean / "truth/meta.json").read_text(encoding="utf-8"))
    assert all(meta["noise"][t.name]["injected"] == 0 for t in CATALOGUE)


def test_every_error_at_its_rate(gen_heavy: Path) -> None:
    meta = json.loads((gen_heavy / "truth/meta.json").read_text(encoding="utf-8"))
    heavy = ErrorRates.profile("heavy").as_dict()
    assert meta["error_rates"] == heavy
    seen = Counter(r["noise"] for r in pq.read_table(
        gen_heavy / "truth/records.parquet", columns=["noise"]).to_pylist())
    for name, rate in heavy.items():
        m = meta["noise"][name]
        eligible, injected = m["eligible"], m["injected"]
        assert eligible > 100, name
        sd = math.sqrt(eligible * rate * (1 - rate))
        assert abs(injected - rate * eligible) <= 5 * sd + 2, (name, injected, rate * eligible)
        if name in ("double_oai", "double_med", "double_mi_res", "deceased_active"):
            assert seen[name] >= injected > 0, name  # one record per person (or more)
        else:
            assert seen[name] == injected > 0, name
