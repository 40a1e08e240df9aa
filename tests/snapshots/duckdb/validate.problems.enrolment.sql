SELECT _source, _file, _row, _row_ref, 'scheme' AS field, 'required' AS rule, 'scheme: required, but empty' AS message FROM checks_enrolment WHERE c0
UNION ALL
SELECT _source, _file, _row, _row_ref, 'agency_region' AS field, 'required' AS rule, 'agency_region: required, but empty' AS message FROM checks_enrolment WHERE c1
UNION ALL
SELECT _source, _file, _row, _row_ref, 'start_date' AS field, 'required' AS rule, 'start_date: required, but empty' AS message FROM checks_enrolment WHERE c2
UNION ALL
SELECT _source, _file, _row, _row_ref, 'status' AS field, 'required' AS rule, 'status: required, but empty' AS message FROM checks_enrolment WHERE c3
UNION ALL
SELECT _source, _file, _row, _row_ref, 'sex' AS field, 'code' AS rule, 'sex: ' || sex || ' is not in the code list' AS message FROM checks_enrolment WHERE c4
UNION ALL
SELECT _source, _file, _row, _row_ref, 'scheme' AS field, 'code' AS rule, 'scheme: ' || scheme || ' is not in the code list' AS message FROM checks_enrolment WHERE c5
UNION ALL
SELECT _source, _file, _row, _row_ref, 'status' AS field, 'code' AS rule, 'status: ' || status || ' is not in the code list' AS message FROM checks_enrolment WHERE c6
UNION ALL
SELECT _source, _file, _row, _row_ref, 'birth_date' AS field, 'date' AS rule, 'birth_date: not a real date in YYYY-MM-DD' AS message FROM checks_enrolment WHERE c7
UNION ALL
SELECT _source, _file, _row, _row_ref, 'start_date' AS field, 'date' AS rule, 'start_date: not a real date in YYYY-MM-DD' AS message FROM checks_enrolment WHERE c8
UNION ALL
SELECT _source, _file, _row, _row_ref, 'end_date' AS field, 'date' AS rule, 'end_date: not a real date in YYYY-MM-DD' AS message FROM checks_enrolment WHERE c9
UNION ALL
SELECT _source, _file, _row, _row_ref, 'last_paid' AS field, 'date' AS rule, 'last_paid: not a month in YYYY-MM' AS message FROM checks_enrolment WHERE c10
UNION ALL
SELECT _source, _file, _row, _row_ref, 'agency_region' AS field, 'region' AS rule, 'agency_region: ' || agency_region || ' is not a GB/T 2260 region code' AS message FROM checks_enrolment WHERE c11
UNION ALL
SELECT _source, _file, _row, _row_ref, 'employer_id' AS field, 'employer.length' AS rule, 'employer_id: is not 18 characters long' AS message FROM checks_enrolment WHERE c12
UNION ALL
SELECT _source, _file, _row, _row_ref, 'employer_id' AS field, 'employer.format' AS rule, 'employer_id: has characters GB 32100 does not allow' AS message FROM checks_enrolment WHERE c13
UNION ALL
SELECT _source, _file, _row, _row_ref, 'employer_id' AS field, 'employer.checksum' AS rule, 'employer_id: has a wrong check character' AS message FROM checks_enrolment WHERE c14
UNION ALL
SELECT _source, _file, _row, _row_ref, 'contribution_base' AS field, 'number' AS rule, 'contribution_base: not a non-negative number' AS message FROM checks_enrolment WHERE c15
UNION ALL
SELECT _source, _file, _row, _row_ref, 'end_date' AS field, 'date.order' AS rule, 'end_date: before start_date' AS message FROM checks_enrolment WHERE c16
UNION ALL
SELECT _source, _file, _row, _row_ref, 'id_number' AS field, 'identity.missing' AS rule, 'id_number: ' || _id_issue || ', and too little (name, birth date, sex) to find the person' AS message FROM checks_enrolment WHERE c17
