SELECT p.person_key, p.status_date AS death_date,
       list_sort(list_distinct(list(e.ref))) AS record_refs,
       count(*) AS enrolments,
       bool_or(coalesce(e.status_at_close, e.status) = 'receiving') AS receiving
FROM (SELECT person_key, id_number, name, sex, birth_date, hukou_region, residence_region, hukou_type, status, status_date, in_frame, id_valid FROM persons WHERE valid_from IS NULL OR valid_from <= DATE '2017-12-31'
UNION ALL
SELECT person_key, id_number, name, sex, birth_date, hukou_region, residence_region, hukou_type, status, status_date, in_frame, id_valid FROM person_history WHERE valid_to IS NOT NULL AND valid_to > DATE '2017-12-31' AND (valid_from IS NULL OR valid_from <= DATE '2017-12-31')) p
JOIN (SELECT person_key, scheme, scheme_group, scheme_kind, agency_region, employer_id, start_date, end_date, status, last_paid, contribution_base, source, row_ref, ref, _file, _row, carried_months, opened_by, closed_by, close_reason, status_at_close FROM enrolments WHERE valid_from IS NULL OR valid_from <= DATE '2017-12-31'
UNION ALL
SELECT person_key, scheme, scheme_group, scheme_kind, agency_region, employer_id, start_date, end_date, status, last_paid, contribution_base, source, row_ref, ref, _file, _row, carried_months, opened_by, closed_by, close_reason, status_at_close FROM enrolment_history WHERE valid_to IS NOT NULL AND valid_to > DATE '2017-12-31' AND (valid_from IS NULL OR valid_from <= DATE '2017-12-31')) e ON e.person_key = p.person_key
WHERE p.status = 'deceased' AND p.status_date IS NOT NULL
  AND ((e.status IN ('contributing', 'receiving') AND (e.end_date IS NULL OR e.end_date > p.status_date))
       OR (e.close_reason = 'death'
           AND (e.status_at_close = 'receiving'
                OR e.last_paid > substr(CAST(p.status_date AS VARCHAR), 1, 7))))
GROUP BY p.person_key, p.status_date
