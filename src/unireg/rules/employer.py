"""Employer codes: the unified social credit code (GB 32100-2015).

Validation is python-stdnum's ``cn.uscc`` (18 characters, registration
department and type, GB/T 2260 region, organisation code check, final
MOD 31 check character), wrapped to give unireg's stable failure codes.

>>> check("91110000600037341L")
()
>>> check("91110000600037341M")
('employer.checksum',)
"""

from __future__ import annotations

from stdnum import exceptions as stdnum_exc
from stdnum.cn import uscc

MESSAGES = {
    "employer.missing": "no employer code given",
    "employer.length": "a unified social credit code has 18 characters",
    "employer.format": "a unified social credit code uses digits and capital letters except I, O, S, V, Z",
    "employer.checksum": "the check character of the employer code does not match",
}


def normalise(raw: str | None) -> str:
    """Upper-case, white space and separators removed."""
    return uscc.compact(raw) if raw else ""


def check(raw: str | None) -> tuple[str, ...]:
    """Failure codes for one employer code; empty when valid."""
    code = normalise(raw)
    if not code:
        return ("employer.missing",)
    try:
        uscc.validate(code)
    except stdnum_exc.InvalidLength:
        return ("employer.length",)
    except stdnum_exc.InvalidChecksum:
        return ("employer.checksum",)
    except stdnum_exc.ValidationError:
        return ("employer.format",)
    return ()


def make(body17: str) -> str:
    """Complete 17 characters with their check character (used by the generator)."""
    return body17 + uscc.calc_check_digit(body17)
