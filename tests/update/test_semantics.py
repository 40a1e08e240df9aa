"""What each event does (docs/updates.md), on hand-written events against a small registry."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from unireg.ingest.kinds import KINDS
from unireg.pipeline.build import build
from unireg.pipeline.workspace import connect
from unireg.update.asof import coverage_as_of
from unireg.update.incremental import update

from .helpers import REF, YEAR_END, settings_on

D = dt.date


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry of 800 persons at the end of 2018, before any event."""
    from unireg.generate import generate

    root = tmp_path_factory.mktemp("sem")
    generate(root / "delivery", persons=800, seed=31, reference_date=REF, errors="none")
    build(root / "delivery", root / "ws", settings_on(YEAR_END))
    return root / "ws"


def _ws(base: Path, tmp: Path) -> Path:
    shutil.copytree(base, tmp / "ws")
    return tmp / "ws"


def _events(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, KINDS["events"], lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else str(v)) for k, v in r.items()})
    return path


def _q(ws: Path, sql: str, params: list[Any] | None = None) -> list[tuple]:
    con = connect(ws / "registry.duckdb")
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _one_open(base: Path, scheme: str, status: str = "contributing") -> tuple:
    rows = _q(base, """
SELECT e.person_key, e.agency_region, e.start_date, e.ref FROM enrolments e
JOIN persons p USING (person_key)
WHERE e.scheme = ? AND e.status = ? AND e.end_date IS NULL AND p.in_frame
  AND p.status = 'living' AND e.start_date < DATE '2017-01-01'
  AND (SELECT count(*) FROM enrolments x WHERE x.person_key = e.person_key
       AND x.scheme = e.scheme) = 1
ORDER BY e.person_key LIMIT 1""", [scheme, status])
    assert rows, scheme
    return rows[0]


def _quarantined(ws: Path, source: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for ref, rule in _q(ws, "SELECT row_ref, rule FROM quarantine WHERE source = ?", [source]):
        out.setdefault(ref, set()).add(rule)
    return out


def test_transfers_close_carry_and_never_overlap(base: Path, tmp_path: Path) -> None:
    key, agency, start, ref = _one_open(base, "OAI_EMP")
    a2, a3 = ("440100", "440300") if agency != "440100" else ("440300", "440600")
    # The later transfer is listed first: order of arrival never matters.
    ev = _events(tmp_path / "events-t.csv", [
        {"event_id": "T2", "event_type": "transfer", "event_date": "2018-09-01",
         "id_number": key, "scheme": "OAI_EMP", "region": a3},
        {"event_id": "T1", "event_type": "transfer", "event_date": "2018-03-15",
         "id_number": key, "scheme": "OAI_EMP", "region": a2},
    ])
    ws = _ws(base, tmp_path)
    update(ws, [ev], settings_on(YEAR_END))
    rows = _q(ws, "SELECT ref, agency_region, start_date, end_date, status, carried_months "
                  "FROM enrolments WHERE person_key = ? AND scheme = 'OAI_EMP' "
                  "ORDER BY start_date", [key])
    own = (2018 * 12 + 3) - (start.year * 12 + start.month) + 1  # start month .. March 2018
    assert rows == [
        (ref, agency, start, D(2018, 3, 14), "terminated", 0),
        ("events-t:T1", a2, D(2018, 3, 15), D(2018, 8, 31), "terminated", own),
        ("events-t:T2", a3, D(2018, 9, 1), None, "contributing", own + 6),
    ]
    for day in (D(2018, 3, 14), D(2018, 3, 15), D(2018, 8, 31), D(2018, 9, 1)):
        valid = [r for r in rows if r[2] <= day and (r[3] is None or r[3] >= day)]
        assert len(valid) == 1, day  # never two open
    hist = _q(ws, "SELECT ref, version, valid_from, valid_to, status FROM enrolment_history "
                  "WHERE person_key = ? ORDER BY ref, version", [key])
    assert (ref, 0, None, D(2018, 3, 15), "contributing") in hist
    assert (ref, 1, D(2018, 3, 15), None, "terminated") in hist


def test_death_ends_enrolments_flags_payments_and_later_events(base: Path,
                                                               tmp_path: Path) -> None:
    key, *_ = _one_open(base, "OAI_EMP", "receiving")
    ev = _events(tmp_path / "events-d.csv", [
        # registered late: died in October 2017, benefits recorded as paid after it
        {"event_id": "D1", "event_type": "death", "event_date": "2017-10-15", "id_number": key},
        {"event_id": "M1", "event_type": "migration", "event_date": "2018-02-01",
         "id_number": key, "region": "440103"},
        {"event_id": "E1", "event_type": "enrolment_end", "event_date": "2017-09-01",
         "id_number": key, "scheme": "UI"},
    ])
    ws = _ws(base, tmp_path)
    update(ws, [ev], settings_on(YEAR_END))
    assert _q(ws, "SELECT status, status_date FROM persons WHERE person_key = ?",
              [key]) == [("deceased", D(2017, 10, 15))]
    open_after = _q(ws, "SELECT count(*) FROM enrolments WHERE person_key = ? AND "
                        "status <> 'terminated' AND start_date <= DATE '2017-10-15' AND "
                        "(end_date IS NULL OR end_date > DATE '2017-10-15')", [key])
    assert open_after == [(0,)]
    ended = _q(ws, "SELECT status_at_close FROM enrolments WHERE person_key = ? AND "
                   "close_reason = 'death' AND end_date = DATE '2017-10-15'", [key])
    assert ("receiving",) in ended
    # the pension in payment is flagged: the agency must stop it and recover what it paid
    assert _q(ws, "SELECT death_date, receiving FROM deceased_active WHERE person_key = ?",
              [key]) == [(D(2017, 10, 15), True)]
    q = _quarantined(ws, "events-d")
    assert q == {"M1": {"event.after_death"}, "E1": {"event.no_enrolment"}}


def test_migration_history_and_coverage_as_of(base: Path, tmp_path: Path) -> None:
    key, *_ = _one_open(base, "OAI_EMP")
    before = _q(base, "SELECT residence_region FROM persons WHERE person_key = ?", [key])[0][0]
    new = "440103" if before != "440103" else "440104"
    ev = _events(tmp_path / "events-m.csv", [
        {"event_id": "M1", "event_type": "migration", "event_date": "2018-06-01",
         "id_number": key, "region": new},
        {"event_id": "C1", "event_type": "correction", "event_date": "2018-07-01",
         "id_number": key, "name": "王小明"},
    ])
    ws = _ws(base, tmp_path)
    update(ws, [ev], settings_on(YEAR_END))
    hist = _q(ws, "SELECT version, valid_from, valid_to, change_type, residence_region, name "
                  "FROM person_history WHERE person_key = ? ORDER BY version", [key])
    assert [h[:4] for h in hist] == [(0, None, D(2018, 6, 1), None),
                                     (1, D(2018, 6, 1), D(2018, 7, 1), "migration"),
                                     (2, D(2018, 7, 1), None, "correction")]
    assert [h[4] for h in hist] == [before, new, new] and hist[2][5] == "王小明"
    may = coverage_as_of(ws, D(2018, 5, 31), settings_on(None), tmp_path / "may")
    june = coverage_as_of(ws, D(2018, 6, 1), settings_on(None), tmp_path / "june")
    for out, region in ((may, before), (june, new)):
        con = duckdb.connect(str(Path(out.out) / "as-of.duckdb"), read_only=True)
        assert con.execute("SELECT residence_region FROM main.person_scope WHERE "
                           "person_key = ?", [key]).fetchall() == [(region,)]
        con.close()


def test_birth_then_enrolment_and_conflicts(base: Path, tmp_path: Path) -> None:
    from unireg.rules.idnumber import check_char

    body = "44010320180510001"  # a boy born 10 May 2018 in 越秀区
    baby = body + check_char(body)
    birth = {"event_id": "B1", "event_type": "birth", "event_date": "2018-05-20",
             "id_number": baby, "name": "陈小宝", "sex": "1", "birth_date": "2018-05-10",
             "region": "440104", "detail": "urban"}
    ev = _events(tmp_path / "events-b.csv", [
        {"event_id": "S1", "event_type": "enrolment_start", "event_date": "2018-06-01",
         "id_number": baby, "scheme": "MI_RES", "region": "440104"},
        birth,
        dict(birth),                                      # sent twice: a re-delivery
        {**birth, "event_id": "S1", "name": "陈大宝"},     # S1 again, other contents
        {**birth, "event_id": "B2"},                     # born again: already in the frame
    ])
    ws = _ws(base, tmp_path)
    result = update(ws, [ev], settings_on(YEAR_END))
    assert (result.applied, result.quarantined, result.redelivered) == (2, 2, 1)
    assert _q(ws, "SELECT name, in_frame, residence_region, hukou_type FROM persons WHERE "
                  "person_key = ?", [baby]) == [("陈小宝", True, "440104", "urban")]
    assert _q(ws, "SELECT insured FROM coverage WHERE person_key = ? AND "
                  "scheme_group = 'medical'", [baby]) == [(True,)]
    assert _quarantined(ws, "events-b") == {"S1": {"event.conflict"}, "B2": {"event.exists"}}
