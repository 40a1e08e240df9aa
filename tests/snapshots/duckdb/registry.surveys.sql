SELECT l.person_key, s.survey_id, TRY_CAST(s.visit_date AS DATE) AS visit_date, s.residence_region,
       s.employment_type, s.reason_uninsured, s.enumerator,
       s._source AS source, s._row_ref AS row_ref
FROM stage_survey s
JOIN link_records l ON l.kind = 'survey' AND l._file = s._file AND l._row = s._row
