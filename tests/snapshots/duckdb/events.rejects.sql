SELECT person_key, _source, _row_ref, _file, _row, field, rule, message FROM event_person_rejects
UNION ALL
SELECT person_key, _source, _row_ref, _file, _row, field, rule, message FROM event_enrol_rejects
UNION ALL
SELECT person_key, _source, _row_ref, _file, _row, field, rule, message FROM event_job_rejects
