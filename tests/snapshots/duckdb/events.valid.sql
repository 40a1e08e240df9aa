SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.person_key
                               ORDER BY r.event_date, r.event_id) AS seq
FROM event_records r
LEFT JOIN (SELECT DISTINCT _file, _row FROM event_problems) q
  ON q._file = r._file AND q._row = r._row
WHERE q._row IS NULL
