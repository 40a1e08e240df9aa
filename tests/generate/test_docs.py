"""docs/generator.md lists every error with its rate in each profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from unireg.generate.noise import ErrorRates

DOC = (Path(__file__).parents[2] / "docs" / "generator.md").read_text(encoding="utf-8")


def _pct(x: float) -> str:
    return f"{x * 100:.3f}".rstrip("0").rstrip(".") + "%"


@pytest.mark.parametrize("name", ErrorRates.names())
def test_error_documented_with_its_rates(name: str) -> None:
    rows = [ln for ln in DOC.splitlines() if ln.startswith(f"| `{name}` | ")
            and ln.split("|")[2].strip().endswith("%")]
    assert len(rows) == 1, name
    cells = [c.strip() for c in rows[0].split("|")[2:5]]
    assert cells == [_pct(getattr(ErrorRates.profile(p), name))
                     for p in ("none", "default", "heavy")], name
