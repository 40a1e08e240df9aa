WITH q AS (
  SELECT _file, count(DISTINCT _row) AS n FROM (
    SELECT _file, _row FROM event_problems UNION ALL SELECT _file, _row FROM event_rejects
  ) x GROUP BY _file
)
SELECT r.kind, r.file, r.source, r.rows_staged, r.redelivered,
       r.quarantined + coalesce(q.n, 0) AS quarantined,
       r.accepted - coalesce(q.n, 0) AS accepted
FROM reconciliation_records r LEFT JOIN q ON r.kind = 'events' AND q._file = r.file
