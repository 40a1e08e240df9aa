"""The validation rule catalogue: stable codes, what they mean, and what happens.

Every problem found in a record has one of these codes, a field and a
message. ``quarantine`` rules send the record to quarantine (one row per
problem); ``link`` rules keep the record and route it to probabilistic
linkage or review instead (its ID is unusable, but it carries enough to be
matched on name, birth date and sex).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    action: str  # quarantine | link
    meaning: str


RULES: dict[str, Rule] = {r.code: r for r in [
    Rule("required", "quarantine", "a field the record cannot be used without is empty"),
    Rule("code", "quarantine", "a value that is not in the field's code list"),
    Rule("date", "quarantine", "not a real date in YYYY-MM-DD (or a month in YYYY-MM)"),
    Rule("date.order", "quarantine", "the end date is before the start date"),
    Rule("region", "quarantine", "a region code that was never a GB/T 2260 code"),
    Rule("number", "quarantine", "not a non-negative number"),
    Rule("employer.length", "quarantine", "an employer code that is not 18 characters"),
    Rule("employer.format", "quarantine", "an employer code with characters GB 32100 does not allow"),
    Rule("employer.checksum", "quarantine", "an employer code whose check character is wrong"),
    Rule("identity.missing", "quarantine",
         "no usable ID number and not enough (name, birth date, sex) to find the person"),
    Rule("csv.structure", "quarantine", "a row that cannot be read as a record of the file"),
    Rule("encoding", "quarantine", "bytes that are not text in the file's encoding"),
    # Events (docs/updates.md): what keeps an event from being applied.
    Rule("event.identity", "quarantine",
         "an event without a usable ID number, or whose birth date or sex disagree with it"),
    Rule("event.conflict", "quarantine",
         "an event_id already taken by an event with other contents (the earlier one stands)"),
    Rule("event.after_death", "quarantine", "an event dated after the person's death"),
    Rule("event.exists", "quarantine", "a birth of a person the frame already lists"),
    Rule("event.no_enrolment", "quarantine",
         "an enrolment_end with no enrolment open in the scheme (at the agency) on its date"),
    Rule("event.no_employment", "quarantine",
         "an employment_end with no job open (at the employer) on its date"),
    # Problems with the ID number alone: the record is kept and linked another way.
    Rule("id.missing", "link", "no ID number"),
    Rule("id.length", "link", "an ID number of the wrong length"),
    Rule("id.chars", "link", "an ID number with characters other than digits and a final X"),
    Rule("id.birth_date", "link", "an ID number whose birth date is not a real date"),
    Rule("id.region", "link", "an ID number whose region code never existed"),
    Rule("id.checksum", "link", "an ID number whose check character is wrong"),
]}
