"""A small registry with known cases in two provinces (Guangdong 44, Beijing 11).

Hand-written rather than generated, so that every test knows exactly which
person, case and record lies inside or outside a scope. Filler persons (fixed
seed) give the dashboard something to draw. ``build_fixture(ws)`` writes the
delivery and builds it; ``PEOPLE`` names the persons tests refer to.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from unireg.rules.idnumber import check_char
from unireg.validate.fields import KINDS

REF = dt.date(2017, 12, 31)
EMPLOYER_GD = "91440300MA5D12345W"
EMPLOYER_BJ = "91110000600037341L"


@dataclass(frozen=True)
class P:
    id_number: str
    name: str
    sex: str
    birth: str
    region: str
    status: str = "living"
    status_date: str = ""
    residence: str = ""


def make_id(region: str, birth: str, seq: int, sex: str) -> str:
    s = seq * 2 + (1 if sex == "1" else 0)  # odd = male
    body = f"{region}{birth.replace('-', '')}{s % 1000:03d}"
    return body + check_char(body)


def _p(name: str, sex: str, birth: str, region: str, seq: int, **kw: str) -> P:
    return P(make_id(region, birth, seq, sex), name, sex, birth, region, **kw)


PEOPLE: dict[str, P] = {
    "gd_citizen": _p("陈小明", "1", "1985-03-12", "440305", 11),
    "gd_multi": _p("林芳", "2", "1990-02-02", "440306", 12),
    "gd_deceased": _p("黄伯", "1", "1940-01-01", "440306", 13, status="deceased",
                      status_date="2016-06-01"),
    "gd_uninsured": _p("周杰", "1", "2000-09-09", "440305", 14),
    "gd_child": _p("郑乐", "2", "2012-06-01", "440305", 15),
    "gd_zhangwei": _p("张伟", "1", "1988-08-08", "440106", 16),
    "gd_migrant": _p("何静", "2", "1992-04-04", "110105", 17, residence="440305"),
    "gd_double": _p("罗兰", "2", "1970-10-10", "440305", 18),
    "gd_dead2": _p("马叔", "1", "1950-02-02", "440305", 19, status="deceased",
                   status_date="2017-03-01"),
    "bj_multi": _p("王强", "1", "1975-07-07", "110105", 21),
    "bj_deceased": _p("刘婆", "2", "1938-05-05", "110108", 22, status="deceased",
                      status_date="2015-01-01"),
    "bj_uninsured": _p("吴敏", "2", "1995-12-12", "110105", 23),
    "bj_zhangwei": _p("张伟", "1", "1988-08-08", "110108", 24),
}
# An ID number that passes every check but belongs to nobody in the registry.
UNKNOWN_ID = make_id("440305", "1983-05-05", 99, "1")

SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"


def _filler(rng: random.Random, region: str, n: int, seq0: int) -> list[P]:
    out = []
    for i in range(n):
        sex = rng.choice("12")
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 75))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)])
        out.append(_p(name, sex, birth.isoformat(), region, seq0 + i))
    return out


def _write(path: Path, kind: str, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(KINDS[kind])
        w.writerows(rows)


def write_delivery(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(6)
    filler = (_filler(rng, "440305", 12, 100) + _filler(rng, "440306", 10, 200)
              + _filler(rng, "440106", 10, 300) + _filler(rng, "110105", 12, 400)
              + _filler(rng, "110108", 8, 500))
    everyone = [*PEOPLE.values(), *filler]
    _write(out / "population.csv", "population", [
        [p.id_number, p.name, p.sex, p.birth, p.region, "urban", p.residence, p.status,
         p.status_date] for p in everyone])
    enrol: list[list[str]] = []

    def e(rid: str, p: P, scheme: str, agency: str, start: str, status: str = "contributing",
          employer: str = "", sex: str | None = None, birth: str | None = None) -> None:
        enrol.append([rid, p.id_number, p.name, sex or p.sex, birth or p.birth, scheme, agency,
                      employer, start, "", status, "2017-12" if status == "contributing" else "",
                      "4000" if employer else ""])

    pp = PEOPLE
    e("c1", pp["gd_citizen"], "OAI_EMP", "440305", "2008-01-01", employer=EMPLOYER_GD)
    e("c2", pp["gd_citizen"], "MI_EMP", "440305", "2008-01-01", employer=EMPLOYER_GD)
    e("m1", pp["gd_multi"], "OAI_EMP", "440306", "2012-01-01", employer=EMPLOYER_GD)
    e("m2", pp["gd_multi"], "OAI_RES", "440306", "2014-01-01")
    e("m3", pp["gd_multi"], "MI_RES", "440306", "2014-01-01")
    e("d1", pp["gd_deceased"], "OAI_EMP", "440306", "1995-01-01", status="receiving")
    e("k1", pp["gd_child"], "MI_RES", "440305", "2013-01-01")
    e("w1", pp["gd_double"], "MI_RES", "440305", "2011-01-01")
    e("w2", pp["gd_double"], "MI_EMP", "440305", "2015-01-01", employer=EMPLOYER_GD)
    e("x1", pp["gd_dead2"], "MI_RES", "440305", "2010-01-01")
    e("z1", pp["gd_zhangwei"], "MI_RES", "440106", "2010-01-01")
    e("b1", pp["bj_multi"], "MI_RES", "110105", "2010-01-01")
    e("b2", pp["bj_multi"], "MI_RES", "110108", "2015-01-01")
    e("b3", pp["bj_deceased"], "OAI_RES", "110108", "2009-01-01", status="receiving")
    e("z2", pp["bj_zhangwei"], "OAI_RES", "110108", "2010-01-01")
    # Clerical review: the ID is valid but the sex / birth date disagree with it.
    e("r1", pp["gd_citizen"], "WII", "440305", "2016-01-01", sex="2")
    e("r2", pp["bj_multi"], "OAI_RES", "110105", "2016-01-01", birth="1975-07-08")
    # Quarantine: a scheme code that does not exist, one in each province.
    e("q1", pp["gd_uninsured"], "OAI_XXX", "440305", "2016-01-01")
    e("q2", pp["bj_uninsured"], "OAI_XXX", "110105", "2016-01-01")
    for i, p in enumerate(filler):
        agency = p.region
        if rng.random() < 0.7:
            e(f"f{i}a", p, "MI_RES", agency, "2012-01-01")
        if rng.random() < 0.5 and p.birth < "2001-01-01":
            e(f"f{i}b", p, "OAI_RES", agency, "2013-01-01")
    _write(out / "enrolment.csv", "enrolment", enrol)
    _write(out / "employer.csv", "employer", [
        [EMPLOYER_GD, "深圳某科技有限公司", "440305", "I", "small", "40"],
        [EMPLOYER_BJ, "北京某公司", "110105", "C", "medium", "120"]])
    _write(out / "employment.csv", "employment", [
        [pp["gd_citizen"].id_number, pp["gd_citizen"].name, EMPLOYER_GD, "employee",
         "2008-01-01", ""]])
    _write(out / "survey.csv", "survey", [
        ["s1", "2017-06-01", pp["gd_uninsured"].id_number, pp["gd_uninsured"].name, "1",
         pp["gd_uninsured"].birth, "440305", "flexible", "unaware", "E1"]])
    return out


# Records that contradict their ID number and go to clerical review, with the person they
# point at. Linkage decides whether a record lands in review (and linkage evolves), so after
# the build the fixture makes sure these two are in the review queue, as the linker would.
REVIEWS = (("r1", "gd_citizen"), ("r2", "bj_multi"))


def _ensure_reviews(registry: Path) -> None:
    from unireg.pipeline.workspace import connect

    con = connect(registry, read_only=False)
    try:
        for row_ref, who in REVIEWS:
            if con.execute("SELECT 1 FROM review_queue WHERE source = 'enrolment' AND row_ref = ?",
                           [row_ref]).fetchall():
                continue
            key = con.execute("SELECT person_key FROM links WHERE source = 'enrolment' AND "
                              "row_ref = ?", [row_ref]).fetchall()
            con.execute("INSERT INTO review_queue (source, row_ref, kind, provisional_key, "
                        "candidate_key, reason, state) VALUES ('enrolment', ?, 'enrolment', ?, ?, "
                        "'birth date or sex disagree with the ID number', 'open')",
                        [row_ref, key[0][0] if key else None, PEOPLE[who].id_number])
    finally:
        con.close()


def build_fixture(workspace: Path, delivery: Path | None = None) -> Path:
    """Write the delivery next to ``workspace`` and build it; return the workspace.

    ``UNIREGTEST_FIXTURE_WS`` (a workspace built from this delivery) is copied
    instead of building: a convenience while the pipeline itself is being changed.
    """
    import os
    import shutil

    from unireg.config import load_settings
    from unireg.pipeline.build import build

    prebuilt = os.environ.get("UNIREGTEST_FIXTURE_WS")
    if prebuilt:
        shutil.copytree(prebuilt, workspace)
        write_delivery(delivery or workspace.parent / (workspace.name + "-delivery"))
        return workspace
    delivery = write_delivery(delivery or workspace.parent / (workspace.name + "-delivery"))
    build(delivery, workspace, load_settings(env={}, file=None, reference_date=REF))
    _ensure_reviews(workspace / "registry.duckdb")
    return workspace
