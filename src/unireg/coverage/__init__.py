"""Coverage on the reference date (data-standard §4, docs/build-rules.md).

One module per question: who is in scope (``scope``), who is insured
(``insured``), who is enrolled twice (``multiple_affiliation``), who is dead
but still enrolled (``deceased_active``), who is uninsured and why
(``uninsured``), and the figures by region and group (``summary``).
"""
