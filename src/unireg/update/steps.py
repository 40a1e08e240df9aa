"""The events stage of the build as an ordered list of named SQL steps (pure).

It runs after the registry steps (which give the state the deliveries
describe: ``persons_base``, ``enrolments_base``, ``employment_base``) and
before coverage. The incremental update (:mod:`unireg.update.incremental`)
runs the very same steps on the touched persons only.

>>> from unireg.rules.profile import load_profile
>>> [s.name for s in event_steps(load_profile("cn"))][:3]
['events.records', 'events.problems', 'events.valid']
"""

from __future__ import annotations

import dataclasses

from unireg.engine import Step
from unireg.rules.profile import CountryProfile
from unireg.update import employment, enrolments, outcomes, persons, records

# Tables the events stage leaves in the registry.
EVENT_TABLES = (
    "event_records", "event_problems", "event_rejects", "event_applied",
    "person_history", "persons", "enrolment_history", "enrolments", "employment",
)
# Tables only later steps of the stage read: temporary, not in the registry (an update
# computes them again for the persons it touches).
EVENT_INTERMEDIATES = (
    "event_valid", "event_person_rejects", "event_applicable", "event_enrol_units",
    "event_enrol_closes", "event_transfers", "event_enrol_rejects", "event_job_units",
    "event_job_closes", "event_job_rejects",
)


def application_steps(profile: CountryProfile) -> list[Step]:
    """From ``event_valid`` to the current state and history of the persons it touches."""
    return [
        persons.person_checks_step(),
        persons.applicable_step(),
        *enrolments.enrolment_steps(),
        *employment.employment_steps(profile),
        outcomes.rejects_step(),
        outcomes.applied_step(),
        persons.person_history_step(profile),
        persons.persons_step(),
    ]


def outcome_steps() -> list[Step]:
    """Quarantine, reconciliation and links with the events' outcomes in them."""
    return [outcomes.quarantine_step(), outcomes.reconciliation_step(), outcomes.links_step()]


def event_steps(profile: CountryProfile) -> list[Step]:
    """Every step of the events stage, in order."""
    steps = [*records.record_steps(), *application_steps(profile), *outcome_steps()]
    return [dataclasses.replace(s, temp=True) if s.output in EVENT_INTERMEDIATES else s
            for s in steps]
