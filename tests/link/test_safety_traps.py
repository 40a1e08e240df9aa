"""Traps set deliberately: twins, namesakes, borrowed and damaged numbers, double registrations.

A province with heavy ID errors plus two trap files; the registry must keep
every valid ID its own person, send every doubtful record to review, and flag
(never merge) the frame's double registrations.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from unireg.pipeline.workspace import connect
from unireg.rules.idnumber import check_char, upgrade15


def id18(region: str, birth: str, seq: int) -> str:
    body = f"{region}{birth}{seq:03d}"
    return body + check_char(body)


A = id18("440305", "19880314", 11)   # twins: one name, one birth date, one region
B = id18("440305", "19880314", 13)
C = id18("440106", "19750601", 22)   # namesakes in two districts
D = id18("440103", "19750601", 48)
OLD15 = "440106650912035"            # a legacy number and the newer one after a move
NEW18 = id18("440305", "19650912", 35)
X = id18("440305", "19900120", 64)
Y = id18("440305", "19820707", 84)

POPULATION = [
    (A, "诸葛明亮", "1", "1988-03-14", "440305"),
    (B, "诸葛明亮", "1", "1988-03-14", "440305"),
    (C, "诸葛秀英", "2", "1975-06-01", "440106"),
    (D, "诸葛秀英", "2", "1975-06-01", "440103"),
    (OLD15, "诸葛建国", "1", "1965-09-12", "440106"),
    (NEW18, "诸葛建国", "1", "1965-09-12", "440305"),
    (X, "诸葛文华", "2", "1990-01-20", "440305"),
    (Y, "诸葛丽娟", "2", "1982-07-07", "440305"),
]
# record_id -> (id_number, name, sex, birth_date, agency_region)
ENROLMENT = {
    "TR01": ("", "诸葛明亮", "1", "1988-03-14", "440305"),        # no ID: one of the twins
    "TR02": (A, "诸葛明亮", "1", "1988-03-15", "440305"),         # twin A's ID, birth date off
    "TR03": (A[:15] + str((int(A[15]) + 1) % 10) + A[16:], "诸葛明亮", "1", "1988-03-14",
             "440305"),                                           # twin A's ID, one digit off
    "TR04": (X, "诸葛丽娟", "2", "1982-07-07", "440305"),         # X's number, Y's identity
    "TR05": ("", "诸葛丽娟", "2", "1982-07-07", "440305"),        # no ID: clearly Y
    "TR06": ("", "诸葛秀英", "2", "1975-06-01", "440106"),        # no ID: a namesake
    "TR07": (A[:16] + B[16] + A[17], "诸葛明亮", "1", "1988-03-14",
             "440305"),                                           # one slip from either twin
}
assert A[16] != B[16] and A[17] != B[17]  # so TR07 is one edit from A and one from B


@pytest.fixture(scope="module")
def trapped(heavy_province: Path, tmp_path_factory: pytest.TempPathFactory, settings):  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    d = tmp_path_factory.mktemp("traps") / "delivery"
    shutil.copytree(heavy_province, d, ignore=shutil.ignore_patterns("truth"))
    with (d / "population-traps.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id_number", "name", "sex", "birth_date", "hukou_region", "hukou_type",
                    "residence_region", "status", "status_date"])
        for number, name, sex, birth, region in POPULATION:
            w.writerow([number, name, sex, birth, region, "urban", "", "living", ""])
    with (d / "enrolment-traps.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "id_number", "name", "sex", "birth_date", "scheme",
                    "agency_region", "employer_id", "start_date", "end_date", "status",
                    "last_paid", "contribution_base"])
        for rid, (number, name, sex, birth, region) in ENROLMENT.items():
            w.writerow([rid, number, name, sex, birth, "OAI_RES", region, "", "2015-01-01", "",
                        "contributing", "2017-11", ""])
    ws = tmp_path_factory.mktemp("ws-traps")
    build(d, ws, settings)
    con = connect(ws / "registry.duckdb")
    yield con
    con.close()


def record(con, rid: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    row = con.execute("SELECT method, person_key FROM link_records WHERE _source = "
                      "'enrolment-traps' AND _row_ref = ?", [rid]).fetchone()
    assert row is not None, rid
    return row[0], row[1]


def case(con, rid: str) -> dict:  # type: ignore[no-untyped-def]
    rows = con.execute("SELECT reason, flags, candidate_key FROM review_queue WHERE source = "
                       "'enrolment-traps' AND row_ref = ?", [rid]).fetchall()
    assert len(rows) == 1, (rid, rows)
    return dict(zip(("reason", "flags", "candidate_key"), rows[0], strict=True))


def test_every_valid_id_stays_its_own_person(trapped) -> None:  # type: ignore[no-untyped-def]
    keys = {k for (k,) in trapped.execute("SELECT person_key FROM persons").fetchall()}
    for number in (A, B, C, D, upgrade15(OLD15), NEW18, X, Y):
        assert number in keys, number
    # each record's checked ID from the validation views (link_records keeps it only for the
    # records it did not link by it)
    checked = " UNION ALL ".join(f"SELECT _file, _row, _id18 FROM rec_{k}"
                                 for k in ("population", "enrolment", "employment", "survey"))
    holders = trapped.execute(f"""
        SELECT l.person_key, list(DISTINCT r._id18) FROM link_records l
        JOIN ({checked}) r ON r._file = l._file AND r._row = l._row
        WHERE r._id18 IN {tuple(sorted({A, B, C, D, NEW18, X, Y}))} AND l._id_issue IS NULL
          AND l.method <> 'review'
        GROUP BY l.person_key""").fetchall()
    assert all(ids == [key] for key, ids in holders), holders


def test_a_record_without_id_matching_twins_is_reviewed_and_flagged(trapped) -> None:  # type: ignore[no-untyped-def]
    assert record(trapped, "TR01")[0] == "review"
    c = case(trapped, "TR01")
    assert c["flags"] == "joins_valid_ids"
    assert c["candidate_key"] in (A, B)


def test_a_twins_id_with_a_wrong_birth_date_is_not_given_to_the_other_twin(trapped) -> None:  # type: ignore[no-untyped-def]
    method, key = record(trapped, "TR02")
    assert key != B
    assert method in ("review", "probabilistic")
    if method == "probabilistic":
        assert key == A


def test_a_damaged_twin_id_is_not_given_to_the_other_twin(trapped) -> None:  # type: ignore[no-untyped-def]
    """One digit off twin A's number and further from B's: the surviving digits tell."""
    method, key = record(trapped, "TR03")
    assert key != B
    assert (method, key) == ("probabilistic", A) or method == "review"


def test_a_damaged_id_as_close_to_either_twin_is_reviewed_and_flagged(trapped) -> None:  # type: ignore[no-untyped-def]
    method, key = record(trapped, "TR07")
    assert method == "review" and key not in (A, B)
    assert case(trapped, "TR07")["flags"] == "joins_valid_ids"


def test_someone_elses_valid_id_goes_to_review_with_the_right_person_first(trapped) -> None:  # type: ignore[no-untyped-def]
    method, key = record(trapped, "TR04")
    assert method == "review" and key.startswith("P")
    c = case(trapped, "TR04")
    assert c["candidate_key"] == Y
    assert c["reason"] == "matches a person other than the one its valid ID names"
    named = trapped.execute("SELECT candidate_key FROM review_candidates WHERE case_id = "
                            "'enrolment-traps:TR04' AND named_by_id").fetchall()
    assert named == [(X,)]


def test_a_clear_record_without_id_is_linked(trapped) -> None:  # type: ignore[no-untyped-def]
    assert record(trapped, "TR05") == ("probabilistic", Y)


def test_a_namesake_elsewhere_is_not_chosen(trapped) -> None:  # type: ignore[no-untyped-def]
    method, key = record(trapped, "TR06")
    assert key != D
    assert method in ("review", "probabilistic")


def test_double_registrations_are_flagged_not_merged(trapped) -> None:  # type: ignore[no-untyped-def]
    flagged = {(a, b): rule for a, b, rule in trapped.execute(
        "SELECT person_key_a, person_key_b, rule FROM frame_duplicates").fetchall()}
    assert flagged[tuple(sorted((upgrade15(OLD15), NEW18)))] == "legacy_and_new"
    assert flagged[tuple(sorted((C, D)))] == "moved"
    assert flagged[tuple(sorted((A, B)))] == "same_identity"
    persons = trapped.execute("SELECT count(*) FROM persons WHERE person_key IN (?, ?)",
                              [upgrade15(OLD15), NEW18]).fetchone()
    assert persons == (2,)
