"""The synthetic province: a delivery in the data-standard format with its ground truth.

``generate(out, persons, seed)`` simulates the people of a province (real
GB/T 2260 regions, a 2017 age pyramid, migrants, employers, enrolments in the
eight schemes), writes what its agencies would deliver, with errors injected
at configurable rates, and writes in ``out/truth/`` what a perfect registry
must conclude from it. See docs/generator.md.

Module map (the order the data flows): ``model`` (the realism model as data)
→ ``geography``, ``names``, ``identity`` → ``population`` → ``employers`` →
``enrolment`` → ``activity`` (employment, survey) → ``deliveries`` (files and
text columns) → ``noise`` (injected errors) → ``writers`` → ``truth`` →
``province`` (the chunked run). ``events`` writes a year of events for a
generated province, with their truth (``generate_events``; docs/updates.md).
"""

from unireg.generate.events import EventRates, EventsResult, generate_events
from unireg.generate.noise import CATALOGUE, ErrorRates
from unireg.generate.province import REFERENCE_DATE, GenerateResult, generate

__all__ = ["CATALOGUE", "REFERENCE_DATE", "ErrorRates", "EventRates", "EventsResult",
           "GenerateResult", "generate", "generate_events"]
