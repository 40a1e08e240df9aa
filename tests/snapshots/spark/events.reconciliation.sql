WITH q AS (
  SELECT
    _file,
    COUNT(DISTINCT _row) AS n
  FROM (
    SELECT
      _file,
      _row
    FROM event_problems
    UNION ALL
    SELECT
      _file,
      _row
    FROM event_rejects
  ) AS x
  GROUP BY
    _file
)
SELECT
  r.kind,
  r.file,
  r.source,
  r.rows_staged,
  r.redelivered,
  r.quarantined + COALESCE(q.n, 0) AS quarantined,
  r.accepted - COALESCE(q.n, 0) AS accepted
FROM reconciliation_records AS r
LEFT JOIN q
  ON r.kind = 'events' AND q._file = r.file
