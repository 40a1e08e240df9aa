WITH h AS (
  SELECT _file, _row, hash(event_id, event_type, event_date, id_number, name, sex, birth_date, region, scheme, employer_id, status, detail) AS _h FROM "stage_events"
), r AS (
  SELECT _file, _row, _h, ROW_NUMBER() OVER (PARTITION BY _h ORDER BY _file, _row) AS _hr
  FROM h WHERE _h IN (SELECT _h FROM h GROUP BY _h HAVING count(*) > 1)
)
SELECT d._file, d._row
FROM r
JOIN r r1 ON r1._h = r._h AND r1._hr = 1
JOIN "stage_events" d ON d._file = r._file AND d._row = r._row
JOIN "stage_events" f ON f._file = r1._file AND f._row = r1._row
WHERE r._hr > 1 AND d.event_id IS NOT DISTINCT FROM f.event_id AND d.event_type IS NOT DISTINCT FROM f.event_type AND d.event_date IS NOT DISTINCT FROM f.event_date AND d.id_number IS NOT DISTINCT FROM f.id_number AND d.name IS NOT DISTINCT FROM f.name AND d.sex IS NOT DISTINCT FROM f.sex AND d.birth_date IS NOT DISTINCT FROM f.birth_date AND d.region IS NOT DISTINCT FROM f.region AND d.scheme IS NOT DISTINCT FROM f.scheme AND d.employer_id IS NOT DISTINCT FROM f.employer_id AND d.status IS NOT DISTINCT FROM f.status AND d.detail IS NOT DISTINCT FROM f.detail
