"""The record kinds of the data standard (data-standard.md §3) and their fields.

A delivery file holds one kind of record; its standard columns are the fields
listed here, in the standard's order. Every field is staged as text: reading
a value as a date, a number or a code is validation's job, not ingest's.

>>> KINDS["employer"]
('employer_id', 'name', 'region', 'industry', 'size', 'employees')
>>> ROW_REF_FIELD["enrolment"], ROW_REF_FIELD.get("population")
('record_id', None)
"""

from __future__ import annotations

KINDS: dict[str, tuple[str, ...]] = {
    "population": ("id_number", "name", "sex", "birth_date", "hukou_region", "hukou_type",
                   "residence_region", "status", "status_date"),
    "enrolment": ("record_id", "id_number", "name", "sex", "birth_date", "scheme",
                  "agency_region", "employer_id", "start_date", "end_date", "status",
                  "last_paid", "contribution_base"),
    "employer": ("employer_id", "name", "region", "industry", "size", "employees"),
    "employment": ("id_number", "name", "employer_id", "employment_type", "start_date",
                   "end_date"),
    "survey": ("survey_id", "visit_date", "id_number", "name", "sex", "birth_date",
               "residence_region", "employment_type", "reason_uninsured", "enumerator"),
    "events": ("event_id", "event_type", "event_date", "id_number", "name", "sex",
               "birth_date", "region", "scheme", "employer_id", "status", "detail"),
}

# The field that names a record within its source; without it (or when empty)
# a record is named by its row number.
ROW_REF_FIELD: dict[str, str] = {
    "enrolment": "record_id", "survey": "survey_id", "events": "event_id"}

# Fields holding a day (YYYY-MM-DD) or a month (YYYY-MM): a mapping profile's
# `dates` / `months` formats are applied to these.
DATE_FIELDS = frozenset({"birth_date", "start_date", "end_date", "status_date",
                         "visit_date", "event_date"})
MONTH_FIELDS = frozenset({"last_paid"})

ALL_FIELDS = frozenset(f for fields in KINDS.values() for f in fields)

# File formats a delivery may hold, by file extension.
FORMATS: dict[str, str] = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
