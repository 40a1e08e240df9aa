"""Events applied to persons: who can no longer have events, and every version of a person.

- ``event_person_rejects``: events dated after the person's death
  (``event.after_death``; the death date is the earliest of the frame's and of
  the death events'; a correction is never rejected for it), and births of a
  person already in the frame, or born twice (``event.exists``);
- ``event_applicable``: the valid events without such a rejection;
- ``person_history``: every version of every person an applied event changed
  (or created), from the version the deliveries describe (version 0,
  ``valid_from`` NULL) to the current one (``valid_to`` NULL);
- ``persons``: the current version of every person.

A person version is made by each ``birth``, ``death``, ``emigration``,
``migration`` and ``correction``, and, for a person the deliveries do not
know, by the first event applied to them. Each field takes the value of the
last event (in the person's order, ``seq``) that sets it, else the
deliveries' value. The "last value that was set" is found with two window
passes (a running count of setters, then the setter's value within each
count), which every engine runs alike.
"""

from __future__ import annotations

from unireg.coverage.asof import PERSON_COLUMNS
from unireg.engine import Step
from unireg.engine.sql import in_list, literal
from unireg.rules import idnumber as idn
from unireg.rules.profile import CountryProfile
from unireg.update.event_types import PERSON_TYPES, SETS_STATUS


def person_checks_step() -> Step:
    """``event_person_rejects``: events the person's death or frame entry rules out."""
    sql = """
WITH pk AS (SELECT DISTINCT person_key FROM event_valid),
deaths AS (
  SELECT person_key, min(d) AS death_date FROM (
    SELECT person_key, event_date AS d FROM event_valid WHERE event_type = 'death'
    UNION ALL
    SELECT b.person_key, b.status_date AS d FROM persons_base b
    JOIN pk ON pk.person_key = b.person_key
    WHERE b.status = 'deceased' AND b.status_date IS NOT NULL
  ) x GROUP BY person_key
), after_death AS (
  SELECT v.person_key, v._source, v._row_ref, v._file, v._row, 'event_date' AS field,
         'event.after_death' AS rule, 'event_date: after the death of the person' AS message
  FROM event_valid v JOIN deaths d ON d.person_key = v.person_key
  WHERE v.event_type <> 'correction' AND v.event_date > d.death_date
), births AS (
  SELECT v.person_key, v._source, v._row_ref, v._file, v._row,
         coalesce(b.in_frame, FALSE) AS in_frame,
         ROW_NUMBER() OVER (PARTITION BY v.person_key ORDER BY v.seq) AS nth
  FROM event_valid v
  LEFT JOIN persons_base b ON b.person_key = v.person_key
  LEFT JOIN after_death a ON a._file = v._file AND a._row = v._row
  WHERE v.event_type = 'birth' AND a._row IS NULL
)
SELECT person_key, _source, _row_ref, _file, _row, field, rule, message FROM after_death
UNION ALL
SELECT person_key, _source, _row_ref, _file, _row, 'id_number' AS field, 'event.exists' AS rule,
       CASE WHEN in_frame THEN 'id_number: the person is already in the frame'
            ELSE 'id_number: the person was born in an earlier event' END AS message
FROM births WHERE in_frame OR nth > 1"""
    return Step("events.person_checks", sql.strip(), "event_person_rejects", "events")


def applicable_step() -> Step:
    """``event_applicable``: valid events that the person's death or frame entry allow."""
    sql = """
SELECT v.* FROM event_valid v
LEFT JOIN event_person_rejects r ON r._file = v._file AND r._row = v._row
WHERE r._row IS NULL"""
    return Step("events.applicable", sql.strip(), "event_applicable", "events")


# (field, value of an event that sets it, condition under which the event sets it)
def _setters(profile: CountryProfile) -> list[tuple[str, str, str]]:
    identity = "(event_type IN ('birth', 'correction') OR creates)"
    hukou_type = f"CASE WHEN {in_list('detail', profile.codes_of('hukou_type'))} THEN detail END"
    return [
        ("name", "name", f"name IS NOT NULL AND {identity}"),
        ("sex", "sex", f"sex IS NOT NULL AND {identity}"),
        ("birth_date", "birth_date", f"birth_date IS NOT NULL AND {identity}"),
        ("hukou_region", "region", "region IS NOT NULL AND event_type IN ('birth', 'correction')"),
        ("residence_region", "region",
         "region IS NOT NULL AND event_type IN ('birth', 'migration')"),
        ("hukou_type", hukou_type, "event_type = 'birth'"),
    ]


def person_history_step(profile: CountryProfile) -> Step:
    """``person_history``: every version of the persons applied events changed or created."""
    setters = _setters(profile)
    status = " ".join(f"WHEN {literal(t)} THEN {literal(s)}" for t, s in SETS_STATUS.items())
    running = "OVER (PARTITION BY person_key ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING " \
              "AND CURRENT ROW)"
    flags = ",\n         ".join(f"CASE WHEN {cond} THEN 1 ELSE 0 END AS set_{f}"
                                for f, _, cond in setters)
    counts = ",\n         ".join(f"sum(set_{f}) {running} AS n_{f}" for f, _, _ in setters)
    values = ",\n         ".join(
        f"max(CASE WHEN set_{f} = 1 THEN {v} END) OVER (PARTITION BY person_key, n_{f}) AS v_{f}"
        for f, v, _ in setters)
    pick = {f: f"CASE WHEN n_{f} > 0 THEN v_{f} ELSE b.{f} END" for f, _, _ in setters}
    pick["sex"] = (f"CASE WHEN n_sex > 0 THEN v_sex "
                   f"ELSE coalesce(b.sex, {idn.sql_sex('e.person_key')}) END")
    pick["birth_date"] = (f"CASE WHEN n_birth_date > 0 THEN v_birth_date ELSE "
                          f"coalesce(b.birth_date, {idn.sql_birth_date('e.person_key')}) END")
    chosen = {
        "person_key": "e.person_key",
        "id_number": "coalesce(b.id_number, e.person_key)",
        **pick,
        "status": "CASE WHEN n_status > 0 THEN v_status ELSE b.status END",
        "status_date": "CASE WHEN n_status > 0 THEN v_status_date ELSE b.status_date END",
        "in_frame": "(coalesce(b.in_frame, FALSE) OR n_frame > 0)",
        "id_valid": "coalesce(b.id_valid, TRUE)",
    }
    version_cols = ",\n       ".join(f"{chosen[c]} AS {c}" for c in PERSON_COLUMNS)
    base_cols = ", ".join(f"b.{c}" for c in PERSON_COLUMNS)
    sql = f"""
WITH a AS (SELECT * FROM event_applied),
pk AS (SELECT person_key, min(seq) AS first_seq FROM a GROUP BY person_key),
b0 AS (SELECT b.* FROM persons_base b JOIN pk ON pk.person_key = b.person_key),
pv AS (
  SELECT a.*, (b0.person_key IS NULL AND a.seq = pk.first_seq) AS creates
  FROM a JOIN pk ON pk.person_key = a.person_key
  LEFT JOIN b0 ON b0.person_key = a.person_key
  WHERE {in_list('a.event_type', PERSON_TYPES)} OR (b0.person_key IS NULL AND a.seq = pk.first_seq)
), s AS (
  SELECT pv.*,
         {flags},
         CASE WHEN event_type IN ({', '.join(literal(t) for t in SETS_STATUS)}) THEN 1 ELSE 0 END
           AS set_status,
         CASE event_type {status} END AS new_status,
         CASE WHEN event_type IN ('death', 'emigration') THEN event_date END AS new_status_date,
         CASE WHEN event_type = 'birth' THEN 1 ELSE 0 END AS set_frame
  FROM pv
), n AS (
  SELECT s.*,
         ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY seq) AS version,
         {counts},
         sum(set_status) {running} AS n_status,
         sum(set_frame) {running} AS n_frame
  FROM s
), e AS (
  SELECT n.*,
         {values},
         max(CASE WHEN set_status = 1 THEN new_status END)
           OVER (PARTITION BY person_key, n_status) AS v_status,
         max(CASE WHEN set_status = 1 THEN new_status_date END)
           OVER (PARTITION BY person_key, n_status) AS v_status_date
  FROM n
), versions AS (
  SELECT e.person_key, CAST(e.version AS BIGINT) AS version, e.event_date AS valid_from,
         e.ref AS change_ref, e.event_type AS change_type,
       {version_cols}
  FROM e LEFT JOIN b0 b ON b.person_key = e.person_key
  UNION ALL
  SELECT b.person_key, CAST(0 AS BIGINT) AS version, CAST(NULL AS DATE) AS valid_from,
         CAST(NULL AS VARCHAR) AS change_ref, CAST(NULL AS VARCHAR) AS change_type, {base_cols}
  FROM b0 b WHERE b.person_key IN (SELECT person_key FROM pv)
)
SELECT person_key, version, valid_from,
       LEAD(valid_from) OVER (PARTITION BY person_key ORDER BY version) AS valid_to,
       change_ref, change_type, {', '.join(c for c in PERSON_COLUMNS if c != 'person_key')}
FROM versions"""
    return Step("events.person_history", sql.strip(), "person_history", "events")


def persons_step() -> Step:
    """``persons``: the current version of every person (``valid_from``: since when)."""
    cols = ", ".join(PERSON_COLUMNS)
    sql = f"""
SELECT {', '.join('b.' + c for c in PERSON_COLUMNS)}, CAST(NULL AS DATE) AS valid_from
FROM persons_base b
LEFT JOIN (SELECT DISTINCT person_key FROM person_history) h ON h.person_key = b.person_key
WHERE h.person_key IS NULL
UNION ALL
SELECT {cols}, valid_from FROM person_history WHERE valid_to IS NULL"""
    # A view, as enrolments (update.enrolments.enrolments_step): it follows person_history.
    return Step("events.persons", sql.strip(), "persons", "events", view=True)
