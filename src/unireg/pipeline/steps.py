"""The whole build as an ordered list of named SQL steps (pure: no database needed).

>>> from unireg.rules.profile import load_profile
>>> import datetime as dt
>>> names = [s.name for s in build_steps(load_profile("cn"), dt.date(2017, 12, 31))]
>>> names[0], names[-1]
('validate.id_checks', 'coverage.cuts')
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from unireg.coverage.deceased_active import deceased_active_step
from unireg.coverage.insured import coverage_step, valid_enrolments_step
from unireg.coverage.multiple_affiliation import multiple_affiliation_step
from unireg.coverage.scope import scope_step
from unireg.coverage.summary import cuts_step, summary_step
from unireg.coverage.uninsured import uninsured_step
from unireg.engine import Step
from unireg.link.exact import linkage_steps
from unireg.registry.steps import registry_steps
from unireg.rules.profile import CountryProfile
from unireg.update.steps import EVENT_TABLES, event_steps
from unireg.validate.steps import validation_steps

# Tables the build leaves in the registry (beyond staging and reference tables). The
# events stage completes three tables earlier stages start: ``quarantine`` (from
# ``quarantine_records``), ``reconciliation_staged`` (from ``reconciliation_records``)
# and ``links`` (from ``record_links``).
OUTPUT_TABLES = (
    "quarantine_records", "reconciliation_records", "record_links",
    "quarantine", "reconciliation_staged", "link_records", "link_known", "review_queue", "links",
    "persons_base", "enrolments_base", "employment_base", "employers", "surveys",
    "rec_events", "problems_events", "acc_events", *EVENT_TABLES,
    "person_scope", "valid_enrolments", "coverage", "multiple_affiliation", "deceased_active",
    "uninsured", "coverage_summary", "coverage_cuts",
)
# Outputs of earlier stages that the events stage completes (step name -> table).
RENAMED = {"validate.quarantine": "quarantine_records",
           "validate.reconciliation": "reconciliation_records",
           "link.links": "record_links"}


def _renamed(steps: list[Step]) -> list[Step]:
    return [dataclasses.replace(s, output=RENAMED[s.name]) if s.name in RENAMED else s
            for s in steps]


def coverage_steps(profile: CountryProfile, ref: dt.date) -> list[Step]:
    """Coverage on ``ref``, from the registry's state on that day (``coverage.asof``)."""
    return [
        scope_step(profile, ref),
        valid_enrolments_step(ref),
        coverage_step(profile),
        multiple_affiliation_step(),
        deceased_active_step(profile, ref),
        uninsured_step(ref),
    ]


def build_steps(profile: CountryProfile, ref: dt.date) -> list[Step]:
    return [
        *_renamed(validation_steps(profile, ref)),
        *_renamed(linkage_steps(profile.id_scheme)),
        *registry_steps(),
        *event_steps(profile),
        *coverage_steps(profile, ref),
        summary_step(),
        cuts_step(),
    ]
