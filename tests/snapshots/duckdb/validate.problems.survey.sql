SELECT _source, _file, _row, _row_ref, 'visit_date' AS field, 'required' AS rule, 'visit_date: required, but empty' AS message FROM checks_survey WHERE c0
UNION ALL
SELECT _source, _file, _row, _row_ref, 'sex' AS field, 'code' AS rule, 'sex: ' || sex || ' is not in the code list' AS message FROM checks_survey WHERE c1
UNION ALL
SELECT _source, _file, _row, _row_ref, 'employment_type' AS field, 'code' AS rule, 'employment_type: ' || employment_type || ' is not in the code list' AS message FROM checks_survey WHERE c2
UNION ALL
SELECT _source, _file, _row, _row_ref, 'reason_uninsured' AS field, 'code' AS rule, 'reason_uninsured: ' || reason_uninsured || ' is not in the code list' AS message FROM checks_survey WHERE c3
UNION ALL
SELECT _source, _file, _row, _row_ref, 'visit_date' AS field, 'date' AS rule, 'visit_date: not a real date in YYYY-MM-DD' AS message FROM checks_survey WHERE c4
UNION ALL
SELECT _source, _file, _row, _row_ref, 'birth_date' AS field, 'date' AS rule, 'birth_date: not a real date in YYYY-MM-DD' AS message FROM checks_survey WHERE c5
UNION ALL
SELECT _source, _file, _row, _row_ref, 'residence_region' AS field, 'region' AS rule, 'residence_region: is not a GB/T 2260 region code' AS message FROM checks_survey WHERE c6
UNION ALL
SELECT _source, _file, _row, _row_ref, 'id_number' AS field, 'identity.missing' AS rule, 'id_number: ' || _id_issue || ', and too little (name, birth date, sex) to find the person' AS message FROM checks_survey WHERE c7
