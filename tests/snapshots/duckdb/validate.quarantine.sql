SELECT * FROM (
SELECT 'population' AS kind, _source AS source, _row_ref AS row_ref, field, rule, message, _file, _row FROM problems_population
UNION ALL
SELECT 'enrolment' AS kind, _source AS source, _row_ref AS row_ref, field, rule, message, _file, _row FROM problems_enrolment
UNION ALL
SELECT 'employer' AS kind, _source AS source, _row_ref AS row_ref, field, rule, message, _file, _row FROM problems_employer
UNION ALL
SELECT 'employment' AS kind, _source AS source, _row_ref AS row_ref, field, rule, message, _file, _row FROM problems_employment
UNION ALL
SELECT 'survey' AS kind, _source AS source, _row_ref AS row_ref, field, rule, message, _file, _row FROM problems_survey
UNION ALL
SELECT 'events' AS kind, _source AS source, _row_ref AS row_ref, field, rule, message, _file, _row FROM problems_events
UNION ALL
SELECT f.kind, r._source AS source, r._row_ref AS row_ref, r.field, r.rule, r.message, r._file, r._row FROM stage_rejects r LEFT JOIN stage_files f ON f._file = r._file
) q
