WITH frame AS (
  SELECT l.person_key, p.name, p.sex, p.birth_date, p.hukou_region,
         coalesce(p.residence_region, p.hukou_region) AS residence_region,
         p.hukou_type, p.status, p.status_date,
         ROW_NUMBER() OVER (PARTITION BY l.person_key ORDER BY p._file, p._row) AS rn
  FROM rec_population p
  JOIN link_records l ON l.kind = 'population' AND l._file = p._file AND l._row = p._row
), firstrec AS (
  SELECT l.person_key, l.method, l.name, l.sex, l.birth_date,
         CASE WHEN l.method = 'id' THEN TRY_CAST(substr(l.person_key, 7, 4) || '-' || substr(l.person_key, 11, 2) || '-' || substr(l.person_key, 13, 2) AS DATE) END AS id_birth,
         CASE WHEN l.method = 'id' THEN CASE WHEN TRY_CAST(substr(l.person_key, 17, 1) AS INTEGER) % 2 = 1 THEN '1' ELSE '2' END END AS id_sex,
         CASE WHEN l.method = 'id' THEN l.person_key ELSE l._id18 END AS id_number,
         ROW_NUMBER() OVER (PARTITION BY l.person_key ORDER BY l._file, l._row) AS rn
  FROM link_records l
)
SELECT r.person_key,
       r.id_number,
       coalesce(f.name, r.name) AS name,
       coalesce(f.sex, r.sex, r.id_sex) AS sex,
       coalesce(TRY_CAST(f.birth_date AS DATE), TRY_CAST(r.birth_date AS DATE), r.id_birth) AS birth_date,
       f.hukou_region, f.residence_region, f.hukou_type, f.status,
       TRY_CAST(f.status_date AS DATE) AS status_date,
       f.person_key IS NOT NULL AS in_frame,
       r.method = 'id' AS id_valid
FROM firstrec r
LEFT JOIN frame f ON f.person_key = r.person_key AND f.rn = 1
WHERE r.rn = 1
