SELECT l.person_key, CASE WHEN regexp_matches(e.employer_id, '^[0-9A-Z]*$') THEN e.employer_id ELSE upper(translate(e.employer_id, '０１２３４５６７８９ -', '0123456789')) END AS employer_id, e.employment_type,
       TRY_CAST(e.start_date AS DATE) AS start_date, TRY_CAST(e.end_date AS DATE) AS end_date,
       e._source AS source, e._row_ref AS row_ref, e._file, e._row
FROM stage_employment e
JOIN link_records l ON l.kind = 'employment' AND l._file = e._file AND l._row = e._row
