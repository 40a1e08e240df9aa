"""Keeping the registry current: events applied to persons, enrolments and jobs, with history.

Events (data-standard §3 ``events``) are input like deliveries: validated,
tied to their person by ID number, and applied, per person, in the order of
their dates (then ``event_id``), whatever the order they arrived in. The full
build applies every event staged in the workspace (``steps.event_steps``);
``unireg update`` applies new event files to an existing registry, recomputing
only the persons they touch, with the same steps (``incremental.update``).
Coverage on any date is answered from the history (``coverage.asof``;
``asof.coverage_as_of``). See docs/updates.md.
"""
