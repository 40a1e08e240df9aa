SELECT v.* FROM event_valid v
LEFT JOIN event_person_rejects r ON r._file = v._file AND r._row = v._row
WHERE r._row IS NULL
