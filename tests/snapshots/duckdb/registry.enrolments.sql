SELECT l.person_key, e.scheme, s.scheme_group, s.kind AS scheme_kind, e.agency_region,
       CASE WHEN regexp_matches(e.employer_id, '^[0-9A-Z]*$') THEN e.employer_id ELSE upper(translate(e.employer_id, '０１２３４５６７８９ -', '0123456789')) END AS employer_id,
       TRY_CAST(e.start_date AS DATE) AS start_date, TRY_CAST(e.end_date AS DATE) AS end_date,
       e.status, e.last_paid, TRY_CAST(e.contribution_base AS DOUBLE) AS contribution_base,
       e._source AS source, e._row_ref AS row_ref, e._source || ':' || e._row_ref AS ref,
       e._file, e._row
FROM stage_enrolment e
JOIN link_records l ON l.kind = 'enrolment' AND l._file = e._file AND l._row = e._row
JOIN ref_schemes s ON s.scheme = e.scheme
