"""Outcome rules on hand-made candidate scores (a real DuckDB, no model)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from unireg.engine import Step
from unireg.engine.duckdb_engine import DuckDBEngine
from unireg.link import decisions, outcomes

N = 1000       # persons with a valid ID
RHO = 0.95
UPPER, LOWER = 0.995, 0.80

# record -> (claimed valid ID or None, [(person, log2 Bayes factor)])
CASES = {
    "one_clear": (None, [("A", 40.0)]),
    "twins": (None, [("B1", 40.0), ("B2", 40.0)]),
    "claims_other": ("C", [("C", -10.0), ("D", 40.0)]),
    "claims_self": ("E", [("E", 40.0)]),
    "clerk_distinct": (None, [("F", 40.0)]),
    "weak": (None, [("G", 5.0)]),
    "between": (None, [("H", 9.2)]),
    "clerk_link": (None, [("I", 2.0)]),
    "no_candidate": (None, []),
}


@pytest.fixture()
def engine():  # type: ignore[no-untyped-def]
    e = DuckDBEngine()
    names = list(CASES)
    e.register_arrow("link_unresolved", pa.table({
        "uid": [f"1:f.csv:{i}" for i in range(len(names))],
        "kind": ["enrolment"] * len(names), "kind_order": [1] * len(names),
        "_source": ["src"] * len(names), "_file": ["f.csv"] * len(names),
        "_row": list(range(len(names))), "_row_ref": names,
        "exact_method": ["review" if CASES[n][0] else "provisional" for n in names],
        "claimed_id": [CASES[n][0] for n in names],
    }))
    persons = sorted({p for _, cands in CASES.values() for p, _ in cands})
    e.register_arrow("link_known", pa.table({"uid": persons, "person_key": persons}))
    pairs = [(f"1:f.csv:{i}", p, w) for i, n in enumerate(names) for p, w in CASES[n][1]]
    e.register_arrow("link_pairs", pa.table({
        "uid_l": [p[1] for p in pairs], "uid_r": [p[0] for p in pairs],  # either side works
        "log2_bf": [p[2] for p in pairs]}))
    now = dt.datetime(2018, 1, 5, 9, 30)
    dec = decisions.empty_table().to_pylist()
    for row_ref, person, what in (("clerk_distinct", "F", "distinct"), ("clerk_link", "I", "link")):
        dec.append({**dict.fromkeys(decisions.SCHEMA.names), "decision_id": f"C-{row_ref}",
                    "source": "src", "row_ref": row_ref, "kind": "enrolment",
                    "person_key": person, "decision": what, "method": "clerical",
                    "decided_by": "tester", "decided_at": now, "reason": "test"})
    e.register_arrow("link_decisions", pa.Table.from_pylist(dec, decisions.SCHEMA))
    e.run(outcomes.candidates_step(RHO, N))
    e.run(outcomes.outcomes_step(UPPER, LOWER))
    yield e
    e.close()


def outcome(engine, row_ref: str) -> dict:  # type: ignore[no-untyped-def]
    rows = engine.con.sql(f"SELECT * FROM link_outcomes WHERE _row_ref = '{row_ref}'")
    return dict(zip(rows.columns, rows.fetchall()[0], strict=True))


def test_one_clear_candidate_is_linked(engine) -> None:  # type: ignore[no-untyped-def]
    o = outcome(engine, "one_clear")
    assert (o["method"], o["person_key"]) == ("probabilistic", "A")
    assert o["score"] > UPPER


def test_twins_are_never_chosen_between(engine) -> None:  # type: ignore[no-untyped-def]
    o = outcome(engine, "twins")
    assert o["method"] == "review" and o["person_key"] is None
    assert o["strong_persons"] == 2
    assert o["best_score"] == pytest.approx(0.5, abs=0.01)


def test_a_valid_id_is_never_overruled_automatically(engine) -> None:  # type: ignore[no-untyped-def]
    o = outcome(engine, "claims_other")
    assert o["method"] == "review" and o["person_key"] is None
    assert o["best_key"] == "D"


def test_a_record_may_join_the_person_its_own_valid_id_names(engine) -> None:  # type: ignore[no-untyped-def]
    o = outcome(engine, "claims_self")
    assert (o["method"], o["person_key"]) == ("probabilistic", "E")


def test_clerk_decisions_win(engine) -> None:  # type: ignore[no-untyped-def]
    assert outcome(engine, "clerk_distinct")["method"] == "provisional"
    o = outcome(engine, "clerk_link")
    assert (o["method"], o["person_key"]) == ("clerical", "I")


def test_weak_between_and_none(engine) -> None:  # type: ignore[no-untyped-def]
    assert outcome(engine, "weak")["method"] == "provisional"
    between = outcome(engine, "between")
    assert between["method"] == "review"
    assert LOWER <= between["best_score"] < UPPER
    assert outcome(engine, "no_candidate")["method"] == "provisional"


def test_scores_of_one_record_sum_to_at_most_one(engine) -> None:  # type: ignore[no-untyped-def]
    worst = engine.con.sql("SELECT max(s) FROM (SELECT uid, sum(score) AS s FROM link_candidates "
                           "GROUP BY uid)").fetchall()[0][0]
    assert worst <= 1.0


def test_records_in_place_gives_the_rows_of_the_rewrite(tmp_path: Path) -> None:
    """DuckDB puts the set-aside records' outcomes into ``link_records`` in place (their rows
    deleted and appended again); Spark rewrites the table. Both leave the same rows, and
    the records without an outcome untouched."""
    records = """
SELECT 'population' AS kind, 0 AS kind_order, 'pop' AS _source, 'p.csv' AS _file,
       range AS _row, CAST(range AS VARCHAR) AS _row_ref,
       CASE WHEN range % 4 = 0 THEN 'x' || range END AS _id18_unlinked,
       CASE WHEN range % 4 = 0 THEN 'id.checksum' END AS _id_issue,
       'name' || range AS name, '1' AS sex, '1980-01-01' AS birth_date,
       CASE WHEN range % 4 = 0 THEN 'provisional' ELSE 'id' END AS method,
       CAST(CASE WHEN range % 4 = 0 THEN NULL ELSE 1.0 END AS DOUBLE) AS score,
       CASE WHEN range % 4 = 0 THEN 'P' || range ELSE 'K' || range END AS person_key
FROM range(1, 2001)"""
    changed = """
SELECT 'p.csv' AS _file, _row, 'probabilistic' AS method, CAST(0.97 AS DOUBLE) AS score,
       'K' || (_row + 1) AS person_key
FROM (SELECT range * 4 AS _row FROM range(1, 251))"""
    rows = []
    for in_place in (True, False):
        engine = DuckDBEngine(tmp_path / f"r{in_place}.duckdb")
        engine.updates_in_place = in_place
        try:
            engine.run(Step("t.records", records, "link_records", "t"))
            engine.run(Step("t.outcomes", changed, "link_record_outcomes", "t", temp=True))
            engine.run(outcomes.records_step())
            rows.append(engine.con.execute("SELECT * FROM link_records ORDER BY _row").fetchall())
            columns = [r[0] for r in engine.con.execute("DESCRIBE link_records").fetchall()]
        finally:
            engine.close()
    assert rows[0] == rows[1]
    assert columns == list(outcomes.RECORD_COLUMNS)
    assert len(rows[0]) == 2000
    by_row = {r[4]: r for r in rows[0]}
    assert by_row[8][11:] == ("probabilistic", 0.97, "K9")
    assert by_row[1999][11:] == ("id", 1.0, "K1999")
    assert by_row[2000][11:] == ("provisional", None, "P2000")
