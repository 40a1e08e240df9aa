"""Multiple affiliation: one person enrolled twice in one scheme group on the reference date.

Rules (docs/build-rules.md), one case per person, group and rule:
- ``multi_scheme``: valid enrolments in two or more schemes of the group;
- ``multi_agency``: one scheme valid at two or more agencies;
- ``duplicate_enrolment``: one scheme at one agency under two record ids.

Each case lists the enrolments involved and recommends the one to keep:
employee (and public) schemes before resident ones, then contributions that
are current (``contributing``/``receiving`` before ``suspended``), then the
latest paid month, the latest start, and the record reference.
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.engine.sql import sorted_set


def multiple_affiliation_step() -> Step:
    # Every case needs two valid enrolments or more in one (person, group): a scheme decides
    # its group. Those groups (0.45M of 23.5M at 10M) are found with one aggregate, and the
    # rules look only at their enrolments; each rule grouping every enrolment took ~10 s.
    # Two distinct values or more: the least is not the greatest (NULLs count in neither).
    sql = f"""
WITH c AS (
  SELECT person_key, scheme_group FROM valid_enrolments
  GROUP BY person_key, scheme_group HAVING count(*) > 1
), v AS MATERIALIZED (
  SELECT e.* FROM valid_enrolments e
  SEMI JOIN c ON c.person_key = e.person_key AND c.scheme_group = e.scheme_group
), g AS (
  SELECT person_key, scheme_group FROM v
  GROUP BY person_key, scheme_group HAVING min(scheme) <> max(scheme)
), a AS (
  SELECT person_key, scheme FROM v
  GROUP BY person_key, scheme HAVING min(agency_region) <> max(agency_region)
), d AS (
  SELECT person_key, scheme, agency_region FROM v
  GROUP BY person_key, scheme, agency_region HAVING count(*) > 1
), involved AS (
  SELECT 'multi_scheme' AS rule, v.* FROM v
    JOIN g ON g.person_key = v.person_key AND g.scheme_group = v.scheme_group
  UNION ALL
  SELECT 'multi_agency' AS rule, v.* FROM v
    JOIN a ON a.person_key = v.person_key AND a.scheme = v.scheme
  UNION ALL
  SELECT 'duplicate_enrolment' AS rule, v.* FROM v
    JOIN d ON d.person_key = v.person_key AND d.scheme = v.scheme
          AND d.agency_region = v.agency_region
), ranked AS (
  SELECT involved.*, ROW_NUMBER() OVER (
           PARTITION BY person_key, scheme_group, rule
           ORDER BY CASE scheme_kind WHEN 'resident' THEN 1 ELSE 0 END,
                    CASE status WHEN 'suspended' THEN 1 ELSE 0 END,
                    last_paid DESC NULLS LAST, start_date DESC, ref) AS keep_rank
  FROM involved
), cases AS (
  SELECT person_key, scheme_group, rule,
         {sorted_set('ref')} AS record_refs,
         max(CASE WHEN keep_rank = 1 THEN ref END) AS keep_ref,
         count(*) AS enrolments
  FROM ranked GROUP BY person_key, scheme_group, rule
)
SELECT 'MA' || lpad(CAST(ROW_NUMBER() OVER (ORDER BY person_key, scheme_group, rule) AS VARCHAR),
                    8, '0') AS case_id,
       person_key, scheme_group, rule, record_refs, keep_ref, enrolments
FROM cases"""
    return Step("coverage.multiple_affiliation", sql.strip(), "multiple_affiliation", "coverage")
