SELECT _source, _file, _row, _row_ref, 'name' AS field, 'required' AS rule, 'name: required, but empty' AS message FROM checks_population WHERE c0
UNION ALL
SELECT _source, _file, _row, _row_ref, 'sex' AS field, 'required' AS rule, 'sex: required, but empty' AS message FROM checks_population WHERE c1
UNION ALL
SELECT _source, _file, _row, _row_ref, 'birth_date' AS field, 'required' AS rule, 'birth_date: required, but empty' AS message FROM checks_population WHERE c2
UNION ALL
SELECT _source, _file, _row, _row_ref, 'hukou_region' AS field, 'required' AS rule, 'hukou_region: required, but empty' AS message FROM checks_population WHERE c3
UNION ALL
SELECT _source, _file, _row, _row_ref, 'sex' AS field, 'code' AS rule, 'sex: ' || sex || ' is not in the code list' AS message FROM checks_population WHERE c4
UNION ALL
SELECT _source, _file, _row, _row_ref, 'hukou_type' AS field, 'code' AS rule, 'hukou_type: ' || hukou_type || ' is not in the code list' AS message FROM checks_population WHERE c5
UNION ALL
SELECT _source, _file, _row, _row_ref, 'status' AS field, 'code' AS rule, 'status: ' || status || ' is not in the code list' AS message FROM checks_population WHERE c6
UNION ALL
SELECT _source, _file, _row, _row_ref, 'birth_date' AS field, 'date' AS rule, 'birth_date: not a real date in YYYY-MM-DD' AS message FROM checks_population WHERE c7
UNION ALL
SELECT _source, _file, _row, _row_ref, 'status_date' AS field, 'date' AS rule, 'status_date: not a real date in YYYY-MM-DD' AS message FROM checks_population WHERE c8
UNION ALL
SELECT _source, _file, _row, _row_ref, 'hukou_region' AS field, 'region' AS rule, 'hukou_region: is not a GB/T 2260 region code' AS message FROM checks_population WHERE c9
UNION ALL
SELECT _source, _file, _row, _row_ref, 'residence_region' AS field, 'region' AS rule, 'residence_region: is not a GB/T 2260 region code' AS message FROM checks_population WHERE c10
UNION ALL
SELECT _source, _file, _row, _row_ref, 'id_number' AS field, 'identity.missing' AS rule, 'id_number: ' || _id_issue || ', and too little (name, birth date, sex) to find the person' AS message FROM checks_population WHERE c11
