SELECT 'population' AS kind, r._file AS file, r._source AS source,
       count(*) AS rows_staged,
       count(*) FILTER (WHERE r._dup_rank > 1) AS redelivered,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NOT NULL) AS quarantined,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_population r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_population) p ON p._file = r._file AND p._row = r._row
GROUP BY r._file, r._source
UNION ALL

SELECT 'enrolment' AS kind, r._file AS file, r._source AS source,
       count(*) AS rows_staged,
       count(*) FILTER (WHERE r._dup_rank > 1) AS redelivered,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NOT NULL) AS quarantined,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_enrolment r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_enrolment) p ON p._file = r._file AND p._row = r._row
GROUP BY r._file, r._source
UNION ALL

SELECT 'employer' AS kind, r._file AS file, r._source AS source,
       count(*) AS rows_staged,
       count(*) FILTER (WHERE r._dup_rank > 1) AS redelivered,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NOT NULL) AS quarantined,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_employer r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_employer) p ON p._file = r._file AND p._row = r._row
GROUP BY r._file, r._source
UNION ALL

SELECT 'employment' AS kind, r._file AS file, r._source AS source,
       count(*) AS rows_staged,
       count(*) FILTER (WHERE r._dup_rank > 1) AS redelivered,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NOT NULL) AS quarantined,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_employment r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_employment) p ON p._file = r._file AND p._row = r._row
GROUP BY r._file, r._source
UNION ALL

SELECT 'survey' AS kind, r._file AS file, r._source AS source,
       count(*) AS rows_staged,
       count(*) FILTER (WHERE r._dup_rank > 1) AS redelivered,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NOT NULL) AS quarantined,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_survey r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_survey) p ON p._file = r._file AND p._row = r._row
GROUP BY r._file, r._source
UNION ALL

SELECT 'events' AS kind, r._file AS file, r._source AS source,
       count(*) AS rows_staged,
       count(*) FILTER (WHERE r._dup_rank > 1) AS redelivered,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NOT NULL) AS quarantined,
       count(*) FILTER (WHERE r._dup_rank = 1 AND p._row IS NULL) AS accepted
FROM rec_events r
LEFT JOIN (SELECT DISTINCT _file, _row FROM problems_events) p ON p._file = r._file AND p._row = r._row
GROUP BY r._file, r._source
