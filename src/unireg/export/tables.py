"""What each export holds: its source query and its sort order (for byte-identical files).

Columns are those of data-standard §5, first and in that order, then extras.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Export:
    name: str
    sql: str
    order_by: str


EXPORTS: tuple[Export, ...] = (
    Export("persons",
           "SELECT person_key, id_number, name, sex, birth_date, hukou_region, residence_region, "
           "hukou_type, status, in_frame, status_date, id_valid FROM persons",
           "person_key"),
    Export("coverage",
           "SELECT person_key, scheme_group, insured, schemes, agency_regions, in_target "
           "FROM coverage", "person_key, scheme_group"),
    Export("multiple_affiliation",
           "SELECT case_id, person_key, scheme_group, rule, record_refs, keep_ref, enrolments "
           "FROM multiple_affiliation", "case_id"),
    Export("deceased_active",
           "SELECT person_key, death_date, record_refs, enrolments, receiving FROM deceased_active",
           "person_key"),
    Export("uninsured",
           "SELECT person_key, scheme_group, reason, evidence FROM uninsured",
           "person_key, scheme_group"),
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
    Export("links",
           "SELECT source, row_ref, person_key, method, score, kind FROM links",
           "kind, _file, _row"),
    Export("review_queue",
           "SELECT source, row_ref, kind, provisional_key, candidate_key, reason, state "
           "FROM review_queue", "source, row_ref"),
    Export("reconciliation",
           "SELECT file, kind, source, rows_read, accepted, quarantined, redelivered, balanced "
           "FROM reconciliation", "file"),
)
