SELECT upper(translate(employer_id, '０１２３４５６７８９ -', '0123456789')) AS employer_id, name, region, industry, size,
       TRY_CAST(employees AS BIGINT) AS employees, _source AS source, _row_ref AS row_ref
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY upper(translate(employer_id, '０１２３４５６７８９ -', '0123456789')) ORDER BY _file, _row) AS rn
      FROM acc_employer) WHERE rn = 1
