"""What each export holds: its source query and its sort order (for byte-identical files).

Columns are those of data-standard §5, first and in that order, then extras.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A person key is a valid ID number (17 digits and a check character, 0-9 or X) or a new
# person's P and nine digits (link.exact). For keys of these shapes, this BIGINT sorts as
# the text does: the 17 digits, then the check character ('X' after every digit), and the P
# keys after every number ('P' sorts after the digits). Sorting the 47M rows of coverage at
# 10M by it and the group took 11.0 s, by the text 18.4 s: DuckDB compares 18-character
# keys that share their first 12 characters (region and birth month) in memory apart.
PERSON_KEY_SHAPE = "[0-9]{17}[0-9X]|P[0-9]{9}"


def person_sort_key(col: str) -> str:
    """SQL: a BIGINT that sorts as the person key ``col`` does (keys of PERSON_KEY_SHAPE).

    >>> import duckdb
    >>> keys = ["11010419900307803X", "110104199003078039", "P000000002", "P000000010",
    ...         "010104199003078039"]
    >>> q = f"SELECT k FROM (SELECT unnest(?) AS k) ORDER BY {person_sort_key('k')}"
    >>> [r[0] for r in duckdb.execute(q, [keys]).fetchall()] == sorted(keys)
    True
    """
    return (f"CASE WHEN substr({col}, 1, 1) = 'P' "
            f"THEN 1100000000000000000 + CAST(substr({col}, 2) AS BIGINT) "
            f"ELSE CAST(substr({col}, 1, 17) AS BIGINT) * 11 "
            f"+ CASE WHEN substr({col}, 18, 1) = 'X' THEN 10 "
            f"ELSE CAST(substr({col}, 18, 1) AS BIGINT) END END")


# A scheme group's place among the groups of ``ref_groups`` in text order: sorts as the
# group code does, as an integer (a second text key cost 5 s more in coverage's sort).
GROUP_RANK = ("list_position((SELECT list(scheme_group ORDER BY scheme_group) FROM ref_groups), "
              "scheme_group)")


@dataclass(frozen=True)
class Export:
    name: str
    sql: str
    order_by: str
    # A column (the first of order_by) whose every change of value starts a row group: the
    # links of the delivered records, which an update never changes, then sit in row groups
    # of their own on both sides of the events' links, and an update's merge copies them as
    # bytes (export.merge) instead of encoding again the 10M population records' links that
    # follow the events' (whose count changes) at 10M persons.
    breaks: str | None = None
    # The rows in the order of ``order_by``, quicker to sort, when every person key has the
    # shape PERSON_KEY_SHAPE and every scheme group is in ref_groups (``writer.fast_orders``).
    fast_order: str | None = None

    @property
    def sorted_by(self) -> tuple[str, ...]:
        """The columns of ``order_by`` named as they stand (not an expression of them): the
        ones whose Parquet statistics tell row groups apart (``export.writer``)."""
        return tuple(part.strip() for part in self.order_by.split(",")
                     if re.fullmatch(r"[a-z_]+", part.strip()))


EXPORTS: tuple[Export, ...] = (
    Export("persons",
           "SELECT person_key, id_number, name, sex, birth_date, hukou_region, residence_region, "
           "hukou_type, status, in_frame, status_date, id_valid FROM persons",
           "person_key", fast_order=person_sort_key("person_key")),
    Export("coverage",
           "SELECT person_key, scheme_group, insured, schemes, agency_regions, in_target "
           "FROM coverage", "person_key, scheme_group",
           fast_order=f"{person_sort_key('person_key')}, {GROUP_RANK}"),
    Export("multiple_affiliation",
           "SELECT case_id, person_key, scheme_group, rule, record_refs, keep_ref, enrolments "
           "FROM multiple_affiliation", "case_id"),
    Export("deceased_active",
           "SELECT person_key, death_date, record_refs, enrolments, receiving FROM deceased_active",
           "person_key", fast_order=person_sort_key("person_key")),
    Export("uninsured",
           "SELECT person_key, scheme_group, reason, evidence FROM uninsured",
           "person_key, scheme_group",
           fast_order=f"{person_sort_key('person_key')}, {GROUP_RANK}"),
    Export("quarantine",
           "SELECT source, row_ref, field, rule, message, kind, _file AS file, _row AS row "
           "FROM quarantine", "file, row, field, rule"),
    Export("coverage_summary",
           "SELECT region, scheme_group, in_scope, insured, rate, level, region_name, target, "
           "target_insured, target_rate FROM coverage_summary",
           "CASE level WHEN 'nation' THEN 0 WHEN 'province' THEN 1 WHEN 'prefecture' THEN 2 "
           "ELSE 3 END, region, scheme_group"),
    Export("coverage_cuts",
           "SELECT cut, value, scheme_group, in_scope, insured, rate, target, target_insured, "
           "target_rate FROM coverage_cuts", "cut, value, scheme_group"),
    Export("links",  # file and row: the record's place in the delivery, the export's order
           "SELECT source, row_ref, person_key, method, score, kind, _file AS file, _row AS row "
           "FROM links", "kind, file, row", breaks="kind"),
    Export("review_queue",
           "SELECT source, row_ref, kind, provisional_key, candidate_key, reason, state "
           "FROM review_queue", "source, row_ref"),
    Export("reconciliation",
           "SELECT file, kind, source, rows_read, accepted, quarantined, redelivered, balanced "
           "FROM reconciliation", "file"),
    # Events and history (docs/updates.md): what became of each event, and every version of
    # each person and enrolment an event changed.
    Export("events",
           "SELECT r._source AS source, r._row_ref AS row_ref, r.event_id, r.event_type, "
           "r.event_date, coalesce(l.person_key, CASE WHEN r._id_issue IS NULL THEN r._id18 END) "
           "AS person_key, CASE WHEN r._dup_rank > 1 THEN 'redelivered' "
           "WHEN q._row IS NOT NULL THEN 'quarantined' ELSE 'applied' END AS outcome, "
           "q.rules, r._file AS file, r._row AS row "
           "FROM rec_events r "
           "LEFT JOIN (SELECT _file, _row, list_sort(list_distinct(list(rule))) AS rules "
           "FROM quarantine WHERE kind = 'events' GROUP BY _file, _row) q "
           "ON q._file = r._file AND q._row = r._row "
           "LEFT JOIN links l ON l.kind = 'events' AND l._file = r._file AND l._row = r._row",
           "file, row"),
    Export("person_history",
           "SELECT person_key, version, valid_from, valid_to, change_ref, change_type, id_number, "
           "name, sex, birth_date, hukou_region, residence_region, hukou_type, status, "
           "status_date, in_frame FROM person_history", "person_key, version",
           fast_order=f"{person_sort_key('person_key')}, version"),
    Export("enrolment_history",
           "SELECT ref, version, valid_from, valid_to, change_ref, change_type, person_key, "
           "scheme, agency_region, employer_id, start_date, end_date, status, last_paid, "
           "carried_months, opened_by, closed_by, close_reason, status_at_close, _file AS file, "
           "_row AS row FROM enrolment_history", "file, row, version"),
)
