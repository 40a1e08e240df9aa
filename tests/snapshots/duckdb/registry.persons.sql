WITH frame AS (
  SELECT l.person_key, arg_min(struct_pack(name := p.name, sex := p.sex, birth_date := p.birth_date, hukou_region := p.hukou_region, residence_region := coalesce(p.residence_region, p.hukou_region), hukou_type := p.hukou_type, status := p.status, status_date := p.status_date), struct_pack(f := p._file, r := p._row)) AS _f
  FROM stage_population p
  JOIN link_records l ON l.kind = 'population' AND l._file = p._file AND l._row = p._row
  GROUP BY l.person_key
), f AS (
  SELECT person_key, _f.name AS name, _f.sex AS sex, _f.birth_date AS birth_date, _f.hukou_region AS hukou_region, _f.residence_region AS residence_region, _f.hukou_type AS hukou_type, _f.status AS status, _f.status_date AS status_date FROM frame
), k AS (
  SELECT person_key, TRUE AS has_id FROM link_known
  UNION ALL
  SELECT DISTINCT l.person_key, FALSE AS has_id FROM link_records l
  WHERE l.method <> 'id' AND l.person_key NOT IN (SELECT person_key FROM link_known)
), need AS (
  -- the persons for whom the first record fills in something
  SELECT k.person_key FROM k LEFT JOIN f ON f.person_key = k.person_key
  WHERE NOT k.has_id OR f.name IS NULL OR f.sex IS NULL OR TRY_CAST(f.birth_date AS DATE) IS NULL
), firstrec AS (
  SELECT l.person_key, arg_min(struct_pack(name := name, sex := sex, birth_date := birth_date, _id18_unlinked := _id18_unlinked), struct_pack(f := l._file, r := l._row)) AS _r
  FROM link_records l SEMI JOIN need n ON n.person_key = l.person_key
  GROUP BY l.person_key
), r AS (
  SELECT person_key, _r.name AS name, _r.sex AS sex, _r.birth_date AS birth_date, _r._id18_unlinked AS _id18_unlinked FROM firstrec
)
SELECT k.person_key,
       CASE WHEN k.has_id THEN k.person_key ELSE r._id18_unlinked END AS id_number,
       coalesce(f.name, r.name) AS name,
       coalesce(f.sex, r.sex, CASE WHEN k.has_id THEN CASE WHEN TRY_CAST(substr(k.person_key, 17, 1) AS INTEGER) % 2 = 1 THEN '1' ELSE '2' END END)
         AS sex,
       coalesce(TRY_CAST(f.birth_date AS DATE), TRY_CAST(r.birth_date AS DATE), CASE WHEN k.has_id THEN TRY_CAST(substr(k.person_key, 7, 4) || '-' || substr(k.person_key, 11, 2) || '-' || substr(k.person_key, 13, 2) AS DATE) END) AS birth_date,
       f.hukou_region, f.residence_region, f.hukou_type, f.status,
       TRY_CAST(f.status_date AS DATE) AS status_date,
       f.person_key IS NOT NULL AS in_frame,
       k.has_id AS id_valid
FROM k
LEFT JOIN f ON f.person_key = k.person_key
LEFT JOIN r ON r.person_key = k.person_key
