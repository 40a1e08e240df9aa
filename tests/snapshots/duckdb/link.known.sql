SELECT f.person_key AS uid, f.person_key, f._f.name AS name,
       coalesce(CASE WHEN f._f.sex IN ('1', '2') THEN f._f.sex END, CASE WHEN TRY_CAST(substr(f.person_key, 17, 1) AS INTEGER) % 2 = 1 THEN '1' ELSE '2' END) AS sex,
       coalesce(f._f.birth_date, CAST(TRY_CAST(substr(f.person_key, 7, 4) || '-' || substr(f.person_key, 11, 2) || '-' || substr(f.person_key, 13, 2) AS DATE) AS VARCHAR)) AS birth_date
FROM (SELECT person_key, arg_min(struct_pack(name := name, sex := sex, birth_date := birth_date), struct_pack(b := birth_date IS NULL, k := kind_order, f := _file, r := _row)) AS _f FROM link_records WHERE method = 'id'
      GROUP BY person_key) f
