"""The registry's events against the generator's one-event-at-a-time truth.

``unireg.generate.events.apply_events`` applies events one by one, as
docs/updates.md says; the registry applies them with set-based SQL. On a clean
province they must agree on every touched person, every enrolment (dates,
status, carried contribution months) and every event's outcome.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from unireg.pipeline.workspace import connect

PERSON = ["person_key", "id_number", "name", "sex", "birth_date", "hukou_region",
          "residence_region", "hukou_type", "status", "status_date", "in_frame"]
ENROLMENT = ["person_key", "ref", "scheme", "agency_region", "employer_id", "start_date",
             "end_date", "status", "carried_months", "opened_by", "closed_by", "close_reason",
             "status_at_close"]


def _truth(province: Path, name: str) -> list[dict]:
    return pq.read_table(province / "events" / "truth" / f"{name}-2018.parquet").to_pylist()


def test_persons_after_the_events(province: Path, full_build) -> None:
    ws, _ = full_build
    want = {tuple(r[c] for c in PERSON) for r in _truth(province, "persons")}
    keys = [k for k, *_ in want]
    con = connect(ws / "registry.duckdb")
    got = set(con.execute(f"SELECT {', '.join(PERSON)} FROM persons "
                          "WHERE person_key IN (SELECT unnest(?))", [keys]).fetchall())
    assert len(want) > 100
    assert got == want
    births = con.execute("SELECT count(*) FROM person_history WHERE change_type = 'birth'"
                         ).fetchall()[0][0]
    assert births > 10


def test_enrolments_after_the_events(province: Path, full_build) -> None:
    ws, _ = full_build
    truth = _truth(province, "enrolments")
    want = {tuple(r[c] for c in ENROLMENT) for r in truth}
    keys = sorted({r["person_key"] for r in truth})
    con = connect(ws / "registry.duckdb")
    got = set(con.execute(f"SELECT {', '.join(ENROLMENT)} FROM enrolments "
                          "WHERE person_key IN (SELECT unnest(?))", [keys]).fetchall())
    assert got == want
    reasons = {r["close_reason"] for r in truth}
    assert {"transfer", "death", "enrolment_end"} <= reasons
    assert any(r["carried_months"] > 0 for r in truth)


def test_every_event_has_its_outcome(province: Path, full_build) -> None:
    ws, _ = full_build
    truth = _truth(province, "events")
    got = {r["row"]: r for r in pq.read_table(ws / "exports" / "events.parquet").to_pylist()}
    assert len(got) == len(truth)
    for t in truth:
        g = got[t["row"]]
        assert g["outcome"] == t["outcome"], (t, g)
        if t["expected_rule"]:
            assert t["expected_rule"] in g["rules"], (t, g)
    outcomes = {t["outcome"] for t in truth}
    rules = {t["expected_rule"] for t in truth}
    assert outcomes == {"applied", "quarantined", "redelivered"}
    assert {"code", "date", "required", "event.identity", "event.conflict", "event.exists",
            "event.no_enrolment", "event.after_death"} <= rules
