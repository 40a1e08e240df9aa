"""What each event type does and needs (data-standard §3 ``events``; docs/updates.md).

Data, not logic: the SQL steps of :mod:`unireg.update` read these tables.

>>> REQUIRED["transfer"]
('scheme', 'region')
>>> sorted(t for t in EVENT_TYPES if t in PERSON_TYPES)
['birth', 'correction', 'death', 'emigration', 'migration']
"""

from __future__ import annotations

EVENT_TYPES = ("birth", "death", "emigration", "migration", "enrolment_start", "enrolment_end",
               "transfer", "employment_start", "employment_end", "correction")

# Fields an event of the type cannot be applied without (beyond event_id, event_type,
# event_date and a usable ID number, which every event needs).
REQUIRED: dict[str, tuple[str, ...]] = {
    "birth": ("name", "sex", "region"),
    "migration": ("region",),
    "enrolment_start": ("scheme", "region"),
    "enrolment_end": ("scheme",),
    "transfer": ("scheme", "region"),
    "employment_start": ("employer_id",),
}
# A correction gives at least one of these; each one given replaces the person's value
# (``region`` is the hukou region: a move of residence is a migration).
CORRECTABLE = ("name", "sex", "birth_date", "region")

# Types that make a new version of the person.
PERSON_TYPES = ("birth", "death", "emigration", "migration", "correction")
# Types that open or close enrolments (a death closes every enrolment open on its day).
OPENS_ENROLMENT = ("enrolment_start", "transfer")
CLOSES_ENROLMENT = ("enrolment_end", "transfer", "death")
# Types that open or close jobs.
OPENS_JOB = ("employment_start",)
CLOSES_JOB = ("employment_end",)
# The person status a type sets (with the event date as status date, except a birth).
SETS_STATUS = {"birth": "living", "death": "deceased", "emigration": "emigrated"}
# Statuses an enrolment can be opened with (default: contributing).
OPEN_STATUSES = ("contributing", "suspended", "receiving")
