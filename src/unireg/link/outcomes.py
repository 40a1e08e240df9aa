"""From scored pairs to one outcome per record, as SQL steps (pure: no database needed).

**The score of a candidate.** Splink gives each (record, person) pair a Bayes
factor ``bf`` (how much likelier the comparisons are for the same person than
for two people). A record is one person's or nobody's in the registry, so the
candidates of one record compete; the score of candidate j is the posterior
probability that j, among all N persons, is the record's person:

    score_j = ρ·bf_j / (ρ·Σ_k bf_k + N·(1 − ρ + ρ·c))

ρ is the share of set-aside records whose person is in the registry
(estimated from the data by :func:`estimate_rho`, no labels), c the share of
true pairs blocking misses (:data:`BLOCKING_MISS`). Two look-alike candidates
(twins sharing name and birth date) split the score and neither is linked; one
clear candidate among millions is linked even when its name is common.

**The outcome of a record** (thresholds ``link_upper`` and ``link_lower`` of
the settings):

- ``clerical``: a clerk linked it (``link_decisions``), to a person that exists;
- ``probabilistic``: best score >= upper, no clerk said "distinct" for that
  person, no two persons with valid IDs each match it pairwise above upper
  (that would join two valid IDs: flagged for review instead), and the record
  carries no valid ID of somebody else (a record's valid ID is never
  overruled automatically);
- ``review``: the candidates together score >= lower, or a valid ID the record
  contradicts and no clerk has decided: queued with its candidates;
- ``provisional``: a new person (records of one new person are grouped by
  :func:`clusters_step`).

>>> candidates_step(0.9, 1000, 0.01).output
'link_candidates'
>>> outcomes_step(0.995, 0.8).output
'link_outcomes'
"""

from __future__ import annotations

import math

import numpy as np

from unireg.engine import Step

BLOCKING_MISS = 0.01    # c: share of true (record, person) pairs no blocking rule finds
RHO_START = 0.9         # first guess of ρ; the estimate moves from here
RHO_BOUNDS = (0.05, 0.995)
MAX_CANDIDATES = 3      # candidates shown per review case
MIN_SHOWN = 0.01        # ... with at least this score


def estimate_rho(totals: np.ndarray, n_records: int, n_persons: int,
                 c: float = BLOCKING_MISS, iterations: int = 200) -> float:
    """ρ, the share of records whose person is among the ``n_persons``, by EM.

    ``totals`` holds Σ_k bf_k for each record that has candidates (records
    without any contribute nothing). Each step sets ρ to the mean over records of
    the probability that the record's person is among its candidates.

    >>> round(estimate_rho(np.array([1e9] * 90 + [1e-3] * 10), 100, 10**6), 2)
    0.9
    """
    if n_records == 0:
        return RHO_START
    rho = RHO_START
    t = np.asarray(totals, dtype=float)
    for _ in range(iterations):
        p = rho * t / (rho * t + n_persons * (1 - rho + rho * c))
        new = float(p.sum()) / n_records
        new = min(max(new, RHO_BOUNDS[0]), RHO_BOUNDS[1])
        if abs(new - rho) < 1e-9:
            rho = new
            break
        rho = new
    return round(rho, 9)  # fewer digits than float noise: the same inputs give the same ρ


def _is_record(col: str) -> str:
    return f"strpos({col}, ':') > 0"


def candidates_step(rho: float, n_persons: int, c: float = BLOCKING_MISS,
                    table: str = "link_pairs") -> Step:
    """``link_candidates``: (record uid, person_key) with score, pairwise probability, rank."""
    lam = rho / max(n_persons, 1)
    denom_rest = n_persons * (1 - rho + rho * c)
    sql = f"""
WITH p AS (
  SELECT CASE WHEN {_is_record('uid_l')} THEN uid_l ELSE uid_r END AS uid,
         CASE WHEN {_is_record('uid_l')} THEN uid_r ELSE uid_l END AS person_key,
         max(log2_bf) AS log2_bf
  FROM {table} GROUP BY 1, 2
), b AS (
  SELECT uid, person_key, log2_bf, pow(2.0, log2_bf) AS bf FROM p
), s AS (
  SELECT uid, sum(bf) AS total FROM b GROUP BY uid
), scored AS (
  SELECT b.uid, b.person_key, b.log2_bf,
         {rho!r} * b.bf / ({rho!r} * s.total + {denom_rest!r}) AS score,
         b.bf * {lam!r} / (b.bf * {lam!r} + 1 - {lam!r}) AS pair_probability
  FROM b JOIN s ON s.uid = b.uid
)
SELECT uid, person_key, log2_bf, score, pair_probability,
       ROW_NUMBER() OVER (PARTITION BY uid ORDER BY score DESC, person_key) AS rank
FROM scored"""
    return Step("link.candidates", sql.strip(), "link_candidates", "link")


def _decisions_cte() -> str:
    """The clerk's standing decisions: the latest per (record, person), unrevoked."""
    return """
dec AS (
  SELECT source, row_ref, person_key, decision, decided_at, decision_id FROM (
    SELECT d.*, ROW_NUMBER() OVER (PARTITION BY source, row_ref, person_key
                                   ORDER BY decided_at DESC, decision_id DESC) AS rn
    FROM link_decisions d
    WHERE method IN ('clerical', 'unmerge') AND revoked_at IS NULL
  ) WHERE rn = 1
)"""


def outcomes_step(upper: float, lower: float) -> Step:
    """``link_outcomes``: one row per set-aside record: method, person_key (NULL: new), score."""
    sql = f"""
WITH {_decisions_cte().strip()},
u AS (SELECT * FROM link_unresolved),
c AS (
  SELECT c.*, dec.decision
  FROM link_candidates c JOIN u ON u.uid = c.uid
  LEFT JOIN dec ON dec.source = u._source AND dec.row_ref = u._row_ref
               AND dec.person_key = c.person_key
),
agg AS (
  SELECT uid,
         sum(CASE WHEN coalesce(decision, '') <> 'distinct' THEN score ELSE 0 END) AS open_score,
         sum(CASE WHEN pair_probability >= {upper!r} THEN 1 ELSE 0 END) AS strong_persons
  FROM c GROUP BY uid
),
best AS (
  SELECT uid, person_key, score FROM (
    SELECT uid, person_key, score,
           ROW_NUMBER() OVER (PARTITION BY uid ORDER BY score DESC, person_key) AS r
    FROM c WHERE coalesce(decision, '') <> 'distinct'
  ) WHERE r = 1
),
clerk AS (
  SELECT u.uid, dec.person_key FROM (
    SELECT dec.*, ROW_NUMBER() OVER (PARTITION BY source, row_ref
                                     ORDER BY decided_at DESC, decision_id DESC) AS r
    FROM dec WHERE decision = 'link'
  ) dec
  JOIN u ON u._source = dec.source AND u._row_ref = dec.row_ref
  JOIN link_known k ON k.person_key = dec.person_key
  WHERE dec.r = 1
),
decided AS (
  SELECT DISTINCT u.uid FROM dec JOIN u ON u._source = dec.source AND u._row_ref = dec.row_ref
),
o AS (
  SELECT u.uid, u.kind, u.kind_order, u._source, u._file, u._row, u._row_ref,
         u.exact_method, u.claimed_id,
         CASE
           WHEN clerk.uid IS NOT NULL THEN 'clerical'
           WHEN best.score >= {upper!r}
                AND (u.claimed_id IS NULL OR u.claimed_id = best.person_key)
                AND coalesce(agg.strong_persons, 0) <= 1 THEN 'probabilistic'
           WHEN u.exact_method = 'review' AND decided.uid IS NULL THEN 'review'
           WHEN coalesce(agg.open_score, 0) >= {lower!r} THEN 'review'
           WHEN coalesce(agg.strong_persons, 0) >= 2 AND decided.uid IS NULL THEN 'review'
           ELSE 'provisional'
         END AS method,
         clerk.person_key AS clerk_key, best.person_key AS best_key, best.score AS best_score,
         coalesce(agg.strong_persons, 0) AS strong_persons,
         coalesce(agg.open_score, 0) AS open_score
  FROM u
  LEFT JOIN agg ON agg.uid = u.uid
  LEFT JOIN best ON best.uid = u.uid
  LEFT JOIN clerk ON clerk.uid = u.uid
  LEFT JOIN decided ON decided.uid = u.uid
)
SELECT o.*,
       CASE WHEN method = 'clerical' THEN clerk_key
            WHEN method = 'probabilistic' THEN best_key END AS person_key,
       CASE WHEN method = 'clerical' THEN (SELECT max(c.score) FROM c
                                            WHERE c.uid = o.uid AND c.person_key = o.clerk_key)
            ELSE best_score END AS score
FROM o"""
    return Step("link.outcomes", sql.strip(), "link_outcomes", "link")


def clusters_step(table: str = "link_clusters_in") -> Step:
    """``link_new_persons``: each set-aside record not linked to a known person, and the
    record (its first in delivery order) that heads its new person.

    ``table`` holds the (uid, head) pairs found by grouping the ``provisional`` records
    (``probabilistic.py``); every other unlinked record heads its own new person.
    """
    sql = f"""
SELECT o.uid, o.method, coalesce(g.head, o.uid) AS head
FROM link_outcomes o LEFT JOIN {table} g ON g.uid = o.uid
WHERE o.person_key IS NULL"""
    return Step("link.new_persons", sql.strip(), "link_new_persons", "link")


def record_outcomes_step() -> Step:
    """``link_record_outcomes``: the new ``method``, ``score`` and ``person_key`` of each
    set-aside record, by ``_file`` and ``_row`` (what :func:`records_step` puts in place).

    A new person's key is ``P`` + nine digits, numbered in the delivery order of
    the record heading it, so the same inputs give the same keys.
    """
    sql = """
WITH heads AS (
  SELECT DISTINCT n.head, u.kind_order, u._file, u._row
  FROM link_new_persons n JOIN link_unresolved u ON u.uid = n.head
), keys AS (
  SELECT head, 'P' || lpad(CAST(ROW_NUMBER() OVER (ORDER BY kind_order, _file, _row)
                              AS VARCHAR), 9, '0') AS new_key
  FROM heads
)
SELECT u._file, u._row, o.method, CAST(round(o.score, 6) AS DOUBLE) AS score,
       coalesce(o.person_key, k.new_key) AS person_key
FROM link_outcomes o
JOIN link_unresolved u ON u.uid = o.uid
LEFT JOIN link_new_persons n ON n.uid = o.uid
LEFT JOIN keys k ON k.head = n.head"""
    return Step("link.record_outcomes", sql.strip(), "link_record_outcomes", "link", temp=True)


# ``link_records``' columns, in order; the three an outcome sets, and how.
RECORD_COLUMNS = ("kind", "kind_order", "_source", "_file", "_row", "_row_ref",
                  "_id18_unlinked", "_id_issue", "name", "sex", "birth_date", "method", "score",
                  "person_key")
OUTCOME_COLUMNS = {"method": "coalesce(o.method, l.method)",
                   "score": "CASE WHEN o._file IS NULL THEN l.score ELSE o.score END",
                   "person_key": "coalesce(o.person_key, l.person_key)"}


def records_step() -> Step:
    """``link_records`` with ``link_record_outcomes`` in place: the same columns.

    Engines that update tables in place (DuckDB) run :func:`records_update_sql`,
    which changes the same rows; the others (Spark) rewrite the table.
    """
    cols = ",\n       ".join(f"{OUTCOME_COLUMNS[c]} AS {c}" if c in OUTCOME_COLUMNS
                              else f"l.{c}" for c in RECORD_COLUMNS)
    sql = f"""
SELECT {cols}
FROM link_records l LEFT JOIN link_record_outcomes o ON o._file = l._file AND o._row = l._row"""
    return Step("link.records", sql.strip(), "link_records", "link",
                in_place=records_update_sql().strip())


def records_update_sql() -> str:
    """:func:`records_step` in place: the set-aside records' rows deleted and appended again
    with their outcomes, in one transaction (the same rows; their place in the table is
    not relied on by any step, as Spark keeps none).

    Rewriting every record to change the few set aside took 42 s of a 10M build
    (41M rows, a third of a percent of them changed). An ``UPDATE`` of those rows took
    15 s, 11 of them the checkpoint its commit started: the 98k changed rows lay in every
    row group, so three columns of all 41M rows were written again. Deleted rows are only
    marked, and the appended ones fill one new row group.

    Both joins look only at the records the ID did not link (``method <> 'id'``: an outcome
    is one of those, ``link_unresolved``): DuckDB tests that on the ``method`` column alone
    and reads the other columns of the 0.3% of rows that pass, instead of all 14 columns
    of 41M rows, twice (3.3 s -> 0.7 s on its own at 10M).
    """
    cols = ", ".join(RECORD_COLUMNS)
    picked = ", ".join(f"o.{c}" if c in OUTCOME_COLUMNS else f"l.{c}" for c in RECORD_COLUMNS)
    return f"""
CREATE OR REPLACE TEMP TABLE link_records_changed AS
SELECT {picked}
FROM link_records l JOIN link_record_outcomes o ON o._file = l._file AND o._row = l._row
WHERE l.method <> 'id';
BEGIN TRANSACTION;
DELETE FROM link_records USING link_record_outcomes o
WHERE link_records.method <> 'id' AND link_records._file = o._file
  AND link_records._row = o._row;
INSERT INTO link_records ({cols}) SELECT {cols} FROM link_records_changed;
COMMIT;
DROP TABLE temp.main.link_records_changed"""


def review_candidates_step() -> Step:
    """``review_candidates``: each open case's candidates, best first (what a clerk compares).

    A case is a record in review (``case_id`` = ``source:row_ref``). Its candidates
    are the persons scoring at least :data:`MIN_SHOWN` (at most
    :data:`MAX_CANDIDATES`), and the person its valid ID names, if it has one;
    persons a clerk has declared distinct are left out.
    """
    sql = f"""
WITH o AS (
  SELECT o.* FROM link_outcomes o WHERE o.method = 'review'
), dec AS (
  SELECT DISTINCT source, row_ref, person_key FROM link_decisions
  WHERE method IN ('clerical', 'unmerge') AND revoked_at IS NULL AND decision = 'distinct'
), shown AS (
  SELECT c.uid, c.person_key, c.score FROM link_candidates c
  JOIN o ON o.uid = c.uid
  LEFT JOIN dec ON dec.source = o._source AND dec.row_ref = o._row_ref
               AND dec.person_key = c.person_key
  WHERE dec.person_key IS NULL
    AND ((c.rank <= {MAX_CANDIDATES} AND c.score >= {MIN_SHOWN!r}) OR c.person_key = o.claimed_id)
), cand AS (
  SELECT uid, person_key, score FROM shown
  UNION ALL
  SELECT o.uid, o.claimed_id, CAST(NULL AS DOUBLE) FROM o
  WHERE o.claimed_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM shown s WHERE s.uid = o.uid AND s.person_key = o.claimed_id)
)
SELECT o._source || ':' || o._row_ref AS case_id, o.uid, cand.person_key AS candidate_key,
       CAST(round(cand.score, 6) AS DOUBLE) AS score,
       cand.person_key = o.claimed_id AS named_by_id,
       ROW_NUMBER() OVER (PARTITION BY o.uid ORDER BY cand.score DESC NULLS LAST,
                          cand.person_key) AS candidate_rank
FROM o JOIN cand ON cand.uid = o.uid"""
    return Step("link.review_candidates", sql.strip(), "review_candidates", "link")


def review_queue_step() -> Step:
    """``review_queue``: one row per open case, with its best candidate.

    The first columns are those of exact linkage's queue (data-standard exports);
    ``reason`` says why the case is open, ``flags`` has ``joins_valid_ids`` when
    linking the record would join persons with two valid IDs, ``candidates``
    counts the rows of ``review_candidates``.
    """
    sql = """
WITH o AS (
  SELECT o.*, l.person_key AS provisional_key
  FROM link_outcomes o JOIN link_unresolved u ON u.uid = o.uid
  JOIN link_records l ON l._file = u._file AND l._row = u._row
  WHERE o.method = 'review'
), n AS (
  SELECT uid, count(*) AS candidates FROM review_candidates GROUP BY uid
)
SELECT o._source AS source, o._row_ref AS row_ref, o.kind, o.provisional_key,
       c.candidate_key,
       CASE
         WHEN o.strong_persons >= 2 THEN 'matches several persons with valid IDs'
         WHEN o.claimed_id IS NOT NULL AND c.named_by_id
           THEN 'birth date or sex disagree with the ID number'
         WHEN o.claimed_id IS NOT NULL
           THEN 'matches a person other than the one its valid ID names'
         WHEN c.candidate_key IS NULL THEN 'no candidate scores above the threshold'
         ELSE 'match score between the thresholds'
       END AS reason,
       'open' AS state,
       o._source || ':' || o._row_ref AS case_id,
       c.score,
       CASE WHEN o.strong_persons >= 2 THEN 'joins_valid_ids' ELSE '' END AS flags,
       coalesce(n.candidates, 0) AS candidates
FROM o
LEFT JOIN review_candidates c ON c.uid = o.uid AND c.candidate_rank = 1
LEFT JOIN n ON n.uid = o.uid"""
    return Step("link.review_queue", sql.strip(), "review_queue", "link")


def prior_weight(prior: float) -> float:
    return math.log2(prior / (1 - prior))
