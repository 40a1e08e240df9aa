"""Ingest: read every file of a delivery folder into DuckDB staging tables.

The first stage of the pipeline (data-standard.md §1). A delivery folder's
files are discovered (:mod:`.discover`), matched to their kind's standard
fields, mapped through a profile when they do not follow the standard
(:mod:`.profiles`, documented in ``docs/mapping-profiles.md``), and appended
to ``stage_<kind>`` tables with their origin; rows that cannot be read go to
``stage_rejects``. Nothing is dropped silently.

>>> sorted(KINDS)
['employer', 'employment', 'enrolment', 'events', 'population', 'survey']
"""

from unireg.ingest.discover import DeliveryFile, discover
from unireg.ingest.kinds import KINDS
from unireg.ingest.stage import (
    StagedFile,
    append_scratch,
    create_stage_tables,
    stage_delivery,
    stage_file,
    stage_files,
    stage_to_scratch,
)

__all__ = ["KINDS", "DeliveryFile", "StagedFile", "append_scratch", "create_stage_tables",
           "discover", "stage_delivery", "stage_file", "stage_files", "stage_to_scratch"]
