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
``province`` (the chunked run).
"""

from unireg.generate.noise import CATALOGUE, ErrorRates
from unireg.generate.province import REFERENCE_DATE, GenerateResult, generate

__all__ = ["CATALOGUE", "REFERENCE_DATE", "ErrorRates", "GenerateResult", "generate"]
