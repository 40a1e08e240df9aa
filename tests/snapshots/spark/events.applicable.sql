SELECT
  v.*
FROM event_valid AS v
LEFT JOIN event_person_rejects AS r
  ON r._file = v._file AND r._row = v._row
WHERE
  r._row IS NULL
