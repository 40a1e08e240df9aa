"""Employer codes: the unified social credit code (GB 32100-2015).

Validation is python-stdnum's ``cn.uscc``, wrapped to give unireg's stable
failure codes: 18 characters; the first 8 (registration department, entity
type, GB/T 2260 region) digits; the other 10 from the 31-character alphabet
``0-9`` and capitals without I, O, S, V, Z; and the final MOD 31 check
character. Not checked: that the region code exists (like ID numbers, a code
may be abolished since) or the organisation code's own check digit.
Separators (spaces, hyphens) and lower case are tolerated.

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
    "employer.format": ("a unified social credit code is 8 digits, then 10 digits or capital "
                        "letters except I, O, S, V, Z"),
    "employer.checksum": "the check character of the employer code does not match",
}


_TRANS = str.maketrans("０１２３４５６７８９", "0123456789", " -")


def normalise(raw: str | None) -> str:
    """Separators (space, hyphen) removed, full-width digits made ASCII, upper case.

    The SQL twin is :func:`unireg.rules.employer_sql.sql_normalise`.

    >>> normalise(" 9111-0000-６０００３７３４１l ")
    '91110000600037341L'
    """
    return raw.translate(_TRANS).upper() if raw else ""


def check(raw: str | None) -> tuple[str, ...]:
    """Failure codes for one employer code (at most one); empty when valid."""
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
    """Complete 17 characters with their check character (used by the generator).

    >>> make("91110000600037341")
    '91110000600037341L'
    """
    return body17 + uscc.calc_check_digit(body17)
