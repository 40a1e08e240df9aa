WITH t AS (
  SELECT person_key, scheme, seq, _file, _row FROM event_applicable
  WHERE event_type = 'transfer'
), closed AS (
  SELECT u.person_key, c.close_seq AS seq, greatest(0, CASE WHEN u.status = 'suspended' AND u.last_paid IS NOT NULL THEN least((TRY_CAST(substr(u.last_paid, 1, 4) AS INTEGER) * 12 + TRY_CAST(substr(u.last_paid, 6, 2) AS INTEGER) - 1), (year(CAST(c.close_date - INTERVAL 1 DAY AS DATE)) * 12 + month(CAST(c.close_date - INTERVAL 1 DAY AS DATE)) - 1)) ELSE (year(CAST(c.close_date - INTERVAL 1 DAY AS DATE)) * 12 + month(CAST(c.close_date - INTERVAL 1 DAY AS DATE)) - 1) END - (year(u.start_date) * 12 + month(u.start_date) - 1) + 1) AS own,
         CASE WHEN u.open_type = 'transfer' THEN 1 ELSE 0 END AS chained
  FROM event_enrol_closes c
  JOIN event_enrol_units u ON u._file = c._file AND u._row = c._row
  WHERE c.close_type = 'transfer'
), per AS (
  SELECT person_key, seq, sum(own) AS own, max(chained) AS chained
  FROM closed GROUP BY person_key, seq
), chain AS (
  SELECT t.person_key, t.scheme, t.seq, t._file, t._row, coalesce(per.own, 0) AS own,
         sum(1 - coalesce(per.chained, 0)) OVER (
           PARTITION BY t.person_key, t.scheme ORDER BY t.seq
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS link
  FROM t LEFT JOIN per ON per.person_key = t.person_key AND per.seq = t.seq
)
SELECT person_key, scheme, seq, _file, _row,
       CAST(sum(own) OVER (PARTITION BY person_key, scheme, link ORDER BY seq
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT)
         AS carried_months
FROM chain
