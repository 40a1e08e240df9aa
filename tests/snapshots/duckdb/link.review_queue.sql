SELECT _source AS source, _row_ref AS row_ref, kind, person_key AS provisional_key,
       _id18_unlinked AS candidate_key,
       'birth date or sex disagree with the ID number' AS reason,
       'open' AS state
FROM link_records WHERE method = 'review'
