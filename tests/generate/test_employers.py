"""Employer codes and sizes."""

from __future__ import annotations

import numpy as np

from unireg.generate.employers import uscc_codes
from unireg.rules import employer


def test_uscc_codes_are_valid_and_unique() -> None:
    n = 5000
    rng = np.random.default_rng(7)
    dept = rng.choice(np.array([91, 92, 11, 12]), n)
    region = rng.choice(np.array([440305, 440106, 441900]), n)
    codes = uscc_codes(dept, region, np.arange(10_000, 10_000 + n)).to_pylist()
    assert all(employer.check(c) == () for c in codes)
    assert len(set(c[8:17] for c in codes)) == n  # organisation codes unique
    assert codes[0][:8] == f"{dept[0]}{region[0]}"
    # the same through the rule module's own constructor
    assert employer.make(codes[1][:17]) == codes[1]
