"""The whole build as an ordered list of named SQL steps (pure: no database needed).

>>> from unireg.rules.profile import load_profile
>>> import datetime as dt
>>> names = [s.name for s in build_steps(load_profile("cn"), dt.date(2017, 12, 31))]
>>> names[0], names[-1]
('validate.records.population', 'coverage.cuts')
"""

from __future__ import annotations

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
from unireg.validate.steps import validation_steps

# Tables the build leaves in the registry (beyond staging and reference tables).
OUTPUT_TABLES = (
    "quarantine", "reconciliation_staged", "link_records", "review_queue", "links",
    "persons", "enrolments", "employers", "employment", "surveys", "person_scope",
    "valid_enrolments", "coverage", "multiple_affiliation", "deceased_active", "uninsured",
    "coverage_summary", "coverage_cuts",
)


def build_steps(profile: CountryProfile, ref: dt.date) -> list[Step]:
    return [
        *validation_steps(profile, ref),
        *linkage_steps(),
        *registry_steps(),
        scope_step(profile, ref),
        valid_enrolments_step(ref),
        coverage_step(profile),
        multiple_affiliation_step(),
        deceased_active_step(profile),
        uninsured_step(ref),
        summary_step(),
        cuts_step(),
    ]
