"""The frame checked for one person registered twice: flagged for review, never merged.

A household register can hold one person under two registrations: a legacy
15-digit number next to the 18-digit one issued later (after a region was
re-coded, the two differ in their first six digits), or two registrations
after a move. Both numbers are valid, so linkage never joins them; this check
lists them for a registrar to resolve at the source.

``frame_duplicates`` has one row per pair of frame registrations (population
records linked to persons), with the rule that found it, strongest first:

| rule | the two registrations |
| --- | --- |
| ``registered_twice`` | one number (or one linked probabilistically to it), one hukou region |
| ``moved`` | one number in two hukou regions; or two numbers, same name, birth date and sex, different regions (of the number or the hukou) |
| ``legacy_and_new`` | two numbers, same name, birth date and sex, the same sequence digits (15-17), one delivered as a 15-digit number |
| ``same_identity`` | two numbers, same name, birth date, sex and region (twins given one name look the same: a registrar tells) |

``same_number`` tells the two kinds apart. For two numbers,
``expected_by_chance`` is how many pairs of different people with this name
and sex sharing a birth date the frame would hold by chance (pairs of people
with the name and sex × the chance that two people of that sex share a birth
date): well below 1, a double registration is the likely story; near 1 or
more, namesakes are. Cases are listed by rule, then by it.

Pairs are found by an equality join on (birth date, sex, name), so the check
stays near-linear. Different people share birth date and sequence digits
often (a sequence is unique only within one region), so the digits alone
prove nothing: the name must agree too.

>>> frame_duplicates_step().output
'frame_duplicates'
"""

from __future__ import annotations

from unireg.engine import Step
from unireg.rules import idnumber as idn

RULES = ("registered_twice", "moved", "legacy_and_new", "same_identity")


def _persons_by(name: str, keys: str, count: str = "k") -> str:
    """CTE ``name``: the number of distinct persons (``count``) per value of ``keys`` among
    the frame records ``f``, from ``one`` (the persons with one frame record: counted as
    rows) and ``more`` (the others: deduplicated)."""
    return f"""{name} AS (SELECT {keys}, sum(k) AS {count} FROM (
  SELECT {keys}, count(*) AS k FROM one GROUP BY {keys}
  UNION ALL
  SELECT {keys}, count(DISTINCT person_key) AS k FROM more GROUP BY {keys}) x
GROUP BY {keys})"""


def frame_duplicates_step() -> Step:
    # Delivered as 15 digits (normalising every one of 9.6M frame numbers took 8 CPU-s at
    # 10M; most are in the standard's shape, their own normal form)
    legacy = f"length({idn.sql_normal_form('p.id_number')}) = 15"
    sql = f"""
WITH f AS (
  SELECT l.person_key, l._source, l._row_ref, l._file, l._row,
         p.name, p.sex, p.birth_date, p.hukou_region,
         coalesce({legacy}, FALSE) AS legacy,
         CASE WHEN length(l.person_key) = 18 THEN substr(l.person_key, 15, 3) END AS seq
  FROM link_records l
  -- stage_population: link_records holds the accepted records only (acc_population's rows),
  -- whose staged fields are what is read here
  JOIN stage_population p ON l.kind = 'population' AND p._file = l._file AND p._row = l._row
  WHERE l.method IN ('id', 'probabilistic', 'clerical')
),
-- Persons are counted once per value: a person with one frame record (nearly all) counts
-- where that record is, only the few with more are deduplicated (a distinct over every
-- record, for each of the three counts below, was half of this step at 10M).
multi AS (SELECT person_key FROM f GROUP BY person_key HAVING count(*) > 1),
one AS (SELECT * FROM f ANTI JOIN multi m ON m.person_key = f.person_key),
more AS (SELECT * FROM f SEMI JOIN multi m ON m.person_key = f.person_key),
{_persons_by("n", "sex", "n")},
{_persons_by("by_name", "name, sex")},
{_persons_by("by_day", "birth_date, sex")},
q AS (SELECT d.sex, sum(CAST(d.k AS DOUBLE) * d.k) / (max(n.n) * max(n.n)) AS q
      FROM by_day d JOIN n ON n.sex = d.sex GROUP BY d.sex),
same_number AS (
  SELECT person_key AS person_key_a, person_key AS person_key_b,
         CASE WHEN count(DISTINCT hukou_region) > 1 THEN 'moved' ELSE 'registered_twice' END
           AS rule,
         TRUE AS same_number, CAST(NULL AS DOUBLE) AS expected_by_chance,
         list_sort(list(_source || ':' || _row_ref)) AS record_refs
  -- the few persons with two frame records or more, found first: lists for every person
  -- were most of this aggregate's time
  FROM more GROUP BY person_key
),
cand AS (
  SELECT x.person_key AS a, y.person_key AS b, x._source || ':' || x._row_ref AS ref_a,
         y._source || ':' || y._row_ref AS ref_b,
         (x.legacy OR y.legacy) AND x.seq = y.seq AS legacy_pair,
         substr(x.person_key, 1, 6) <> substr(y.person_key, 1, 6)
           OR coalesce(x.hukou_region <> y.hukou_region, FALSE) AS other_region,
         CAST(bn.k AS DOUBLE) * (bn.k - 1) / 2 * q.q AS expected
  FROM f x JOIN f y ON x.birth_date = y.birth_date AND x.sex = y.sex AND x.name = y.name
  JOIN by_name bn ON bn.name = x.name AND bn.sex = x.sex
  JOIN q ON q.sex = x.sex
  WHERE x.person_key < y.person_key
),
pairs AS (
  SELECT a AS person_key_a, b AS person_key_b,
         CASE WHEN legacy_pair THEN 'legacy_and_new'
              WHEN other_region THEN 'moved'
              ELSE 'same_identity' END AS rule,
         FALSE AS same_number, CAST(round(max(expected), 6) AS DOUBLE) AS expected_by_chance,
         list_sort(list_distinct(list_concat(list(ref_a), list(ref_b)))) AS record_refs
  FROM cand GROUP BY a, b, legacy_pair, other_region
),
allp AS (SELECT * FROM same_number UNION ALL SELECT * FROM pairs)
SELECT 'F' || lpad(CAST(ROW_NUMBER() OVER (
         ORDER BY CASE rule WHEN 'registered_twice' THEN 0 WHEN 'legacy_and_new' THEN 1
                            WHEN 'moved' THEN 2 ELSE 3 END,
                  same_number DESC, expected_by_chance, person_key_a, person_key_b)
         AS VARCHAR), 7, '0') AS case_id,
       person_key_a, person_key_b, rule, same_number, expected_by_chance, record_refs,
       'open' AS state
FROM allp"""
    return Step("link.frame_duplicates", sql.strip(), "frame_duplicates", "link")
