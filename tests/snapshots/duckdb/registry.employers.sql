SELECT CASE WHEN regexp_matches(employer_id, '^[0-9A-Z]*$') THEN employer_id ELSE upper(translate(employer_id, '０１２３４５６７８９ -', '0123456789')) END AS employer_id, name, region, industry, size,
       TRY_CAST(employees AS BIGINT) AS employees, _source AS source, _row_ref AS row_ref
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY CASE WHEN regexp_matches(employer_id, '^[0-9A-Z]*$') THEN employer_id ELSE upper(translate(employer_id, '０１２３４５６７８９ -', '0123456789')) END ORDER BY _file, _row) AS rn
      FROM acc_employer) WHERE rn = 1
