"""Linkage on a handful of records: the model trains (or keeps its priors) and decides.

With one or two set-aside records EM has almost nothing to learn from; a
training session that failed part-way used to leave the model without the
comparisons it blocked on, and scoring raised ``ValueError``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from unireg.pipeline.workspace import connect
from unireg.rules.idnumber import check_char


def id18(region: str, birth: str, seq: int) -> str:
    body = f"{region}{birth}{seq:03d}"
    return body + check_char(body)


FRAME = [(id18("440305", f"1980010{i + 1}", 11 + 2 * i), f"王小{'明红刚丽军'[i]}", "1",
          f"1980-01-0{i + 1}") for i in range(5)]
STRANGERS = [("张三丰", "1970-05-05"), ("李四光", "1971-06-06"), ("赵钱孙", "1972-07-07")]


def _delivery(d: Path, records: list[tuple[str, str]]) -> Path:
    d.mkdir(parents=True)
    with (d / "population.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id_number", "name", "sex", "birth_date", "hukou_region", "hukou_type",
                    "residence_region", "status", "status_date"])
        for number, name, sex, birth in FRAME:
            w.writerow([number, name, sex, birth, "440305", "urban", "", "living", ""])
    with (d / "enrolment.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "id_number", "name", "sex", "birth_date", "scheme",
                    "agency_region", "employer_id", "start_date", "end_date", "status",
                    "last_paid", "contribution_base"])
        for i, (name, birth) in enumerate(records):
            w.writerow([f"R{i}", "", name, "1", birth, "OAI_RES", "440305", "", "2015-01-01",
                        "", "contributing", "2017-11", ""])
    return d


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_few_strangers_become_provisional_persons(n: int, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    d = _delivery(tmp_path / "d", STRANGERS[:n])
    summary = build(d, tmp_path / "ws", settings)
    assert summary.provisional == n
    assert summary.persons == len(FRAME) + n
    con = connect(tmp_path / "ws" / "registry.duckdb")
    try:
        methods = con.sql("SELECT method, count(*) FROM links WHERE _file = 'enrolment.csv' "
                          "GROUP BY 1").fetchall()
    finally:
        con.close()
    assert dict(methods) == {"provisional": n}


def test_one_record_of_a_known_person_links(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    _, name, _, birth = FRAME[2]
    d = _delivery(tmp_path / "d", [(name, birth)])
    summary = build(d, tmp_path / "ws", settings)
    assert summary.provisional == 0
    assert summary.persons == len(FRAME)
