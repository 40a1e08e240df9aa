"""The linkage report: counts per outcome and, with the generator's truth, measured accuracy.

:func:`linkage_report` reads a built registry (a DuckDB connection) and
returns plain numbers (JSON-ready), for the build summary and ``unireg link
report``:

- ``records``: accepted person records by link method (``id``,
  ``probabilistic``, ``clerical``, ``review``, ``provisional``);
- ``unresolved``: records exact linkage set aside, by their outcome;
- ``review_cases`` and ``joins_valid_ids`` (cases that would join two valid
  IDs), ``new_persons`` (provisional persons), ``frame_duplicates`` by rule,
  ``clerical_decisions`` standing, ``rho`` (the estimated share of set-aside
  records whose person is known);
- with ``truth`` (a generator's ``truth/`` folder), ``accuracy`` on the records
  that needed probabilistic linkage, per group: ``no_usable_id`` (ID missing
  or damaged: the acceptance measure), ``other_persons_id`` (a valid ID of
  someone else: never linked automatically, so recall is 0 by design and the
  clerk's view is measured: ``true_person_first`` = share of cases whose
  best candidate is the true person) and ``all``. A record's link is correct
  when it names its true person; a record whose true person has no record
  with a valid ID should become a new person, and new persons are measured as
  pairs (two records, one new person).

Precision = correct links / links; recall = correct links / records whose
true person is known; F1 their harmonic mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unireg.engine.sql import literal


def _table_exists(con: Any, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_name = ?", [name]).fetchall()[0][0])


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None
    return round(2 * p * r / (p + r), 6)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 6) if b else None


def linkage_report(con: Any, truth: Path | str | None = None) -> dict[str, Any]:
    """Linkage figures of the registry open on ``con`` (DuckDB); accuracy if ``truth`` is given.

    >>> # linkage_report(duckdb.connect("W/registry.duckdb"), truth="delivery/truth")
    """
    def rows(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in con.execute(sql, params or []).fetchall()]

    out: dict[str, Any] = {
        "records": dict(rows("SELECT method, count(*) FROM link_records GROUP BY 1 ORDER BY 1")),
    }
    if not _table_exists(con, "link_outcomes"):
        return out
    out["unresolved"] = dict(rows("SELECT method, count(*) FROM link_outcomes "
                                  "GROUP BY 1 ORDER BY 1"))
    out["unresolved_total"] = sum(out["unresolved"].values())
    out["review_cases"] = rows("SELECT count(*) FROM review_queue")[0][0]
    out["joins_valid_ids"] = rows("SELECT count(*) FROM review_queue "
                                  "WHERE flags = 'joins_valid_ids'")[0][0]
    out["new_persons"] = rows("SELECT count(DISTINCT person_key) FROM link_records "
                              "WHERE method IN ('provisional', 'review')")[0][0]
    out["clerical_decisions"] = dict(rows(
        "SELECT decision, count(*) FROM link_decisions WHERE method IN ('clerical', 'unmerge') "
        "AND revoked_at IS NULL GROUP BY 1 ORDER BY 1"))
    if _table_exists(con, "frame_duplicates"):
        out["frame_duplicates"] = dict(rows("SELECT rule, count(*) FROM frame_duplicates "
                                            "GROUP BY 1 ORDER BY 1"))
    if _table_exists(con, "link_model"):
        m = rows("SELECT rho, pairs FROM link_model")
        if m:
            out["rho"], out["pairs_scored"] = m[0]
    if truth is not None:
        path = Path(truth) / "records.parquet"
        if path.exists():
            out["accuracy"] = _accuracy(con, path)
    return out


def _accuracy(con: Any, records: Path) -> dict[str, Any]:
    base = f"""
WITH t AS (SELECT source, row_ref, person_key AS true_key
           FROM read_parquet({literal(str(records))})),
r AS (
  SELECT u.uid, u.exact_method, l.method, l.person_key, t.true_key,
         k.uid IS NOT NULL AS known,
         l.method IN ('probabilistic', 'clerical') AS linked
  FROM link_unresolved u
  JOIN link_records l ON l._file = u._file AND l._row = u._row
  JOIN t ON t.source = u._source AND t.row_ref = u._row_ref
  LEFT JOIN link_known k ON k.uid = t.true_key
)"""
    groups = {"no_usable_id": "exact_method = 'provisional'",
              "other_persons_id": "exact_method = 'review'", "all": "TRUE"}
    acc: dict[str, Any] = {}
    for name, where in groups.items():
        n, links, correct, known = con.execute(f"""{base}
SELECT count(*), coalesce(sum(CAST(linked AS INT)), 0),
       coalesce(sum(CAST(linked AND person_key = true_key AS INT)), 0),
       coalesce(sum(CAST(known AS INT)), 0)
FROM r WHERE {where}""").fetchall()[0]
        p, rc = _ratio(correct, links), _ratio(correct, known)
        acc[name] = {"records": n, "links": links, "correct_links": correct,
                     "wrong_links": links - correct, "true_person_known": known,
                     "precision": p, "recall": rc, "f1": _f1(p, rc)}
    # New persons: pairs of unlinked records put in one new person, against the truth.
    same_new, same_true, both = con.execute(f"""{base},
n AS (SELECT * FROM r WHERE exact_method = 'provisional' AND NOT linked AND NOT known),
pairs AS (
  SELECT a.person_key = b.person_key AS same_new, a.true_key = b.true_key AS same_true
  FROM n a JOIN n b ON a.uid < b.uid
   AND (a.person_key = b.person_key OR a.true_key = b.true_key)
)
SELECT coalesce(sum(CAST(same_new AS INT)), 0), coalesce(sum(CAST(same_true AS INT)), 0),
       coalesce(sum(CAST(same_new AND same_true AS INT)), 0) FROM pairs""").fetchall()[0]
    p, rc = _ratio(both, same_new), _ratio(both, same_true)
    acc["new_person_pairs"] = {"grouped": same_new, "true": same_true, "correct": both,
                               "precision": p, "recall": rc, "f1": _f1(p, rc)}
    if _table_exists(con, "review_candidates"):
        first, cases = con.execute(f"""{base}
SELECT coalesce(sum(CAST(c.candidate_key = r.true_key AS INT)), 0), count(*)
FROM r JOIN review_candidates c ON c.uid = r.uid AND c.candidate_rank = 1
WHERE r.method = 'review' AND r.known""").fetchall()[0]
        acc["review_true_person_first"] = _ratio(first, cases)
    return acc
