"""The ground truth: consistent with itself, and with the delivered files read independently.

The delivered records are re-validated here from the files alone, by the rules
of docs/build-rules.md written out in this module: every record the truth
says is quarantined breaks exactly its expected rule, and every other record
breaks none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from python_calamine import CalamineWorkbook

from unireg.rules import employer, idnumber
from unireg.rules.profile import load_profile
from unireg.rules.regions import region_table

REF = dt.date(2017, 12, 31)
P = load_profile("cn")
CODES = {"sex": P.codes_of("sex"), "hukou_type": P.codes_of("hukou_type"),
         "scheme": tuple(P.schemes), "industry": P.codes_of("industry"),
         "size": P.codes_of("size"), "employment_type": P.codes_of("employment_type"),
         "reason_uninsured": P.codes_of("reason_uninsured")}
STATUS = {"population": P.codes_of("person_status"), "enrolment": P.codes_of("enrolment_status")}
REQUIRED = {"population": ("id_number", "name", "sex", "birth_date", "hukou_region"),
            "enrolment": ("scheme", "agency_region", "start_date", "status"),
            "employer": ("employer_id",), "employment": ("employment_type",),
            "survey": ("visit_date",)}
DATES = ("birth_date", "status_date", "start_date", "end_date", "visit_date")
REGIONS = ("hukou_region", "residence_region", "agency_region", "region")
ROW_REF = {"enrolment": "record_id", "survey": "survey_id"}


def _date_ok(v: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return False
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return True


def problems(kind: str, r: dict[str, str]) -> set[tuple[str, str]]:
    """(field, rule) for every rule of build-rules.md the record breaks."""
    out = set()
    for f in REQUIRED[kind]:
        if not r.get(f):
            out.add((f, "required"))
    for f, v in r.items():
        if not v:
            continue
        codes = STATUS[kind] if f == "status" and kind in STATUS else CODES.get(f)
        if codes is not None and v not in codes:
            out.add((f, "code"))
        if f in DATES and not _date_ok(v):
            out.add((f, "date"))
        if f == "last_paid" and not (re.fullmatch(r"\d{4}-\d{2}", v) and 1 <= int(v[5:]) <= 12):
            out.add((f, "date"))
        if f in REGIONS and v not in region_table():
            out.add((f, "region"))
        if f == "employer_id" and (issue := employer.check(v)):
            out.add((f, issue[0]))
        if f in ("contribution_base", "employees") and not re.fullmatch(r"\d+(\.\d+)?", v):
            out.add((f, "number"))
    s, e = r.get("start_date"), r.get("end_date")
    if s and e and _date_ok(s) and _date_ok(e) and e < s:
        out.add(("end_date", "date.order"))
    if "id_number" in r:
        usable = bool(r["id_number"]) and idnumber.check(r["id_number"], REF).valid
        if not usable and not all(r.get(f) for f in ("name", "birth_date", "sex")):
            out.add(("id_number", "identity.missing"))
    return out


def delivered(folder: Path) -> Iterator[tuple[str, str, str, dict[str, str]]]:
    """(source, row_ref, kind, record) for every record of the delivery, read from the files."""
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    spec = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - builds only str/list/dict
    for path in sorted(folder.iterdir()):
        if path.name in ("sources.yaml", "truth"):
            continue
        entry = spec["files"].get(path.name)
        kind = path.name.split("-")[0].split(".")[0]
        source = entry["source"] if entry else path.stem
        if path.suffix == ".csv":
            enc = spec["profiles"][entry["profile"]]["encoding"] if entry else "utf-8"
            rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode(enc))))
            if entry:
                rows = [_standard(r, spec["profiles"][entry["profile"]]) for r in rows]
        elif path.suffix == ".parquet":
            rows = [{k: (v or "") for k, v in r.items()} for r in pq.read_table(path).to_pylist()]
        else:
            data = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            head = [str(h) for h in data[0]]
            rows = [dict(zip(head, (str(c) for c in r), strict=True)) for r in data[1:]]
        for i, r in enumerate(rows, start=1):
            ref = r.get(ROW_REF[kind]) if kind in ROW_REF else None
            yield source, ref or str(i), kind, r


def _standard(raw: dict[str, str], prof: dict) -> dict[str, str]:
    r = {f: raw[h] for f, h in prof["columns"].items()}
    for f, mapping in prof["values"].items():
        r[f] = mapping.get(r[f], r[f])
    for f in ("birth_date", "start_date", "end_date", "last_paid"):
        if r[f]:
            formats = prof["months"] if f == "last_paid" else prof["dates"]
            for fmt in formats:
                try:
                    d = dt.datetime.strptime(r[f], fmt)
                except ValueError:
                    continue
                r[f] = d.strftime("%Y-%m" if f == "last_paid" else "%Y-%m-%d")
                break
    return r


@pytest.fixture(scope="module")
def heavy_truth(gen_heavy: Path) -> dict[str, list[dict]]:
    return {t: pq.read_table(gen_heavy / f"truth/{t}.parquet").to_pylist()
            for t in ("persons", "records", "coverage", "multiple_affiliation",
                      "deceased_active", "uninsured", "quarantine")}


def test_files_revalidated_agree_with_the_truth(gen_heavy: Path,
                                                heavy_truth: dict[str, list[dict]]) -> None:
    records = {(r["source"], r["row_ref"]): r for r in heavy_truth["records"]}
    seen = set()
    rules = Counter()
    for source, ref, kind, rec in delivered(gen_heavy):
        key = (source, ref)
        assert key not in seen, key
        seen.add(key)
        truth = records[key]
        assert truth["kind"] == kind
        found = problems(kind, rec)
        if truth["redelivery_of"] is not None:
            continue  # an exact re-delivery is set aside before it is validated
        if truth["expected_rule"] is None:
            assert not found, (key, truth["noise"], found)
        else:
            assert found == {(truth["expected_field"], truth["expected_rule"])}, (key, truth)
            rules[truth["expected_rule"]] += 1
    assert seen == set(records)
    assert set(rules) == {"required", "code", "date", "date.order", "region", "number",
                          "employer.length", "employer.format", "employer.checksum",
                          "identity.missing"}
    q = {(r["source"], r["row_ref"], r["field"], r["rule"]) for r in heavy_truth["quarantine"]}
    assert q == {(r["source"], r["row_ref"], r["expected_field"], r["expected_rule"])
                 for r in heavy_truth["records"] if r["expected_rule"] is not None}


def test_id_errors_are_kept_for_linkage(heavy_truth: dict[str, list[dict]]) -> None:
    by = Counter((r["kind"], r["noise"], r["expected_rule"]) for r in heavy_truth["records"]
                 if r["noise"] and r["noise"].startswith("id_"))
    for kind, noise, rule in by:
        unusable = noise in ("id_checksum", "id_typo", "id_missing")
        if kind == "employment" and unusable:
            assert rule == "identity.missing", (kind, noise)
        else:
            assert rule is None, (kind, noise, rule)
    assert any(k == "population" and n == "id_legacy15" for k, n, _ in by)


def test_redelivery_points_at_the_first_delivery(heavy_truth: dict[str, list[dict]]) -> None:
    refs = {f"{r['source']}:{r['row_ref']}" for r in heavy_truth["records"]}
    again = [r for r in heavy_truth["records"] if r["redelivery_of"] is not None]
    assert again and all(r["source"] == "enrolment-resent-pub" for r in again)
    assert all(r["redelivery_of"] == f"enrolment-pub:{r['row_ref']}" for r in again)
    assert all(r["redelivery_of"] in refs for r in again)
    assert all(r["expected_rule"] is None for r in heavy_truth["records"]
               if r["source"] in ("enrolment-pub", "enrolment-legacy"))


def test_cases_refer_to_accepted_first_deliveries(heavy_truth: dict[str, list[dict]]) -> None:
    ok = {f"{r['source']}:{r['row_ref']}": r for r in heavy_truth["records"]
          if r["expected_rule"] is None and r["redelivery_of"] is None}
    cases = heavy_truth["multiple_affiliation"]
    assert {c["rule"] for c in cases} == {"multi_scheme", "multi_agency", "duplicate_enrolment"}
    for c in cases:
        assert len(c["record_refs"]) >= 2 and c["record_refs"] == sorted(c["record_refs"])
        for ref in c["record_refs"]:
            assert ok[ref]["person_key"] == c["person_key"], (c, ref)
    assert len({(c["person_key"], c["scheme_group"], c["rule"]) for c in cases}) == len(cases)


def test_deceased_active_are_deceased_in_the_frame(heavy_truth: dict[str, list[dict]]) -> None:
    persons = {p["person_key"]: p for p in heavy_truth["persons"]}
    ok = {f"{r['source']}:{r['row_ref']}": r for r in heavy_truth["records"]
          if r["expected_rule"] is None and r["redelivery_of"] is None}
    assert heavy_truth["deceased_active"]
    for d in heavy_truth["deceased_active"]:
        p = persons[d["person_key"]]
        assert p["in_frame"] and p["status"] == "deceased" and p["status_date"] == d["death_date"]
        assert all(ok[ref]["person_key"] == d["person_key"] for ref in d["record_refs"])


def test_coverage_and_uninsured_consistent(heavy_truth: dict[str, list[dict]]) -> None:
    persons = {p["person_key"]: p for p in heavy_truth["persons"]}
    cov = heavy_truth["coverage"]
    groups = tuple(P.groups)
    per_person = Counter(c["person_key"] for c in cov)
    assert set(per_person.values()) == {len(groups)}
    for c in cov:
        p = persons[c["person_key"]]
        assert p["in_frame"]
        assert p["status"] == "living" or p["status_date"] > REF
        assert c["insured"] == bool(c["schemes"]) == bool(c["agency_regions"])
        assert c["schemes"] == sorted(set(c["schemes"]))
        assert all(P.group_of(s) == c["scheme_group"] for s in c["schemes"])
    uninsured = {(u["person_key"], u["scheme_group"]) for u in heavy_truth["uninsured"]}
    assert uninsured == {(c["person_key"], c["scheme_group"]) for c in cov
                         if c["in_target"] and not c["insured"]}
    assert {u["reason"] for u in heavy_truth["uninsured"]} <= set(P.codes_of("reason_uninsured"))
    assert any(u["record_quarantined"] for u in heavy_truth["uninsured"])
    frame_out = [p for p in heavy_truth["persons"] if not p["in_frame"]]
    assert frame_out and all(p["hukou_region"] is None and p["status"] is None
                             for p in frame_out)
