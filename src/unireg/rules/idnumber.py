"""Citizen identity numbers, GB 11643-1999: normalise, validate, upgrade, describe, mask.

An 18-character number is ``RRRRRR YYYYMMDD SSS C``: region code (GB/T 2260,
the one in force where it was issued), birth date, sequence (odd = male), and a
MOD 11-2 (ISO 7064) check character. Legacy 15-digit numbers (``YYMMDD``, no
check character) are upgraded to 18.

Each rule exists twice, from the same constants: as Python here (for the
CLI, the service and the generator) and as SQL (``sql_*`` functions, for the
pipeline), and a property test keeps the two in agreement.

>>> check("11010419900307803x").errors
('id.checksum',)
>>> check("110104199003078039").errors
()
>>> upgrade15("110104900307803")
'110104199003078039'
>>> mask("440305199003073080")
'440305********3080'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from unireg.rules.regions import region_table

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # indexed by (sum of digit * weight) mod 11
FULLWIDTH = "０１２３４５６７８９Ｘｘ"
HALFWIDTH = "0123456789XX"
WHITESPACE = " \t\r\n\u3000\u00a0"  # removed anywhere: ASCII blanks, ideographic space, NBSP
EARLIEST_BIRTH = dt.date(1900, 1, 1)

# The shapes, as regular expressions both Python and every SQL engine read alike:
# ``[0-9]`` is ASCII only (str.isdigit() would also accept "٣" or "²").
SHAPE15 = "[0-9]{15}"
SHAPE18 = "[0-9]{17}[0-9X]"

_TRANS = str.maketrans(FULLWIDTH + "x", HALFWIDTH + "X", WHITESPACE)
_SHAPE15 = re.compile(SHAPE15)
_SHAPE18 = re.compile(SHAPE18)

# Stable failure codes (data: the quarantine and the CLI show them).
MESSAGES = {
    "id.missing": "no ID number given",
    "id.length": "an ID number has 18 characters (or 15 for a legacy number)",
    "id.chars": "an ID number is digits with a final check character 0-9 or X",
    "id.birth_date": "the birth date in the number is not a real date between 1900 and today",
    "id.region": "the region code in the number was never a GB/T 2260 code",
    "id.checksum": "the check character does not match the other 17 (a mistyped digit?)",
}


@dataclass(frozen=True)
class IdCheck:
    """The verdict on one ID number."""

    number: str  # normalised, upgraded to 18 when it was a valid-looking 15
    errors: tuple[str, ...]  # failure codes, empty when valid
    birth_date: dt.date | None = None
    sex: str | None = None  # "1" male, "2" female (GB/T 2261.1)
    region: str | None = None
    upgraded: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors


def normalise(raw: str | None) -> str:
    """Remove white space, turn full-width digits and ``x`` into ASCII ``0-9X``.

    >>> normalise(" ４４０３０５１９９００３０７３０８ｘ ")
    '44030519900307308X'
    """
    if raw is None:
        return ""
    return raw.translate(_TRANS)


def check_char(body17: str) -> str:
    """The MOD 11-2 check character for 17 digits."""
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(body17, WEIGHTS, strict=True)) % 11]


def upgrade15(number15: str) -> str:
    """A legacy 15-digit number as its 18-digit form (births in the 1900s)."""
    body = number15[:6] + "19" + number15[6:15]
    return body + check_char(body)


def _birth(digits8: str, today: dt.date) -> dt.date | None:
    try:
        d = dt.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None
    return d if EARLIEST_BIRTH <= d <= today else None


def check(raw: str | None, today: dt.date | None = None) -> IdCheck:
    """Validate one ID number, collecting every failure.

    ``today`` bounds the birth date (defaults to the real date); tests and
    builds pass their reference date.
    """
    today = today or dt.date.today()
    n = normalise(raw)
    if not n:
        return IdCheck(n, ("id.missing",))
    if len(n) not in (15, 18):
        return IdCheck(n, ("id.length",))
    if len(n) == 15:
        if not _SHAPE15.fullmatch(n):
            return IdCheck(n, ("id.chars",))
        n, upgraded = upgrade15(n), True
    else:
        if not _SHAPE18.fullmatch(n):
            return IdCheck(n, ("id.chars",))
        upgraded = False
    errors = []
    birth = _birth(n[6:14], today)
    if birth is None:
        errors.append("id.birth_date")
    if n[:6] not in region_table():
        errors.append("id.region")
    if n[17] != check_char(n[:17]):
        errors.append("id.checksum")
    sex = "1" if int(n[16]) % 2 else "2"
    return IdCheck(n, tuple(errors), birth, sex, n[:6], upgraded)


def mask(value: str | None) -> str:
    """Mask an ID number (or anything that may be one) for display and logs.

    Keeps the region code and the last four characters of an 18-character
    value; shorter values keep less. Never returns the middle digits.

    >>> mask("110104900307803")
    '110104*****7803'
    >>> mask("12345")
    '*****'
    """
    if not value:
        return ""
    v = normalise(value)
    if len(v) >= 14:
        return v[:6] + "*" * (len(v) - 10) + v[-4:]
    return "*" * len(v)


def message(code: str) -> str:
    return MESSAGES[code]


# ---------------------------------------------------------------------------
# The same rules as SQL expressions (portable: DuckDB dialect, transpiled by
# sqlglot for Spark). ``col``/``n``/``n18`` are already quoted expressions.
#
# Portability choices (each one fixed a real disagreement, see docs/id-numbers.md):
# - full matches are ``length(x) = N AND regexp_matches(x, '^...$')``: sqlglot turns
#   that into Spark ``RLIKE`` / PostgreSQL ``~``, whereas DuckDB's ``regexp_full_match``
#   is passed through unchanged and does not exist in Spark; the length test stops
#   Java's ``$`` from matching before a final line break;
# - digits are read with ``TRY_CAST`` so that no row can make the query fail (DuckDB,
#   and Spark in ANSI mode, raise on ``CAST('a' AS INTEGER)``);
# - the birth date is ``TRY_CAST('YYYY-MM-DD' AS DATE)``, NULL for 1990-02-30, where
#   DuckDB's ``make_date`` raises;
# - normalisation is one ``translate`` (the extra ``from`` characters are deleted in
#   DuckDB, Spark and PostgreSQL alike) and no ``upper()``: Python upper-cases only
#   ``x``, and Spark's upper() turns "ß" into "SS".


def _digit(s: str, pos: int) -> str:
    return f"TRY_CAST(substr({s}, {pos}, 1) AS INTEGER)"


def _int(s: str, pos: int, length: int) -> str:
    return f"TRY_CAST(substr({s}, {pos}, {length}) AS INTEGER)"


def sql_normalise(col: str) -> str:
    """SQL twin of :func:`normalise` (NULL stays NULL, where Python gives ``""``)."""
    return f"translate({col}, '{FULLWIDTH}x{WHITESPACE}', '{HALFWIDTH}X')"


def sql_normal_form(col: str) -> str:
    """SQL: :func:`sql_normalise` of ``col``, where a number already in the standard's shape
    (most of them) is taken as it stands: it is its own normal form, and the translate
    costs about 0.8 µs a value."""
    return f"CASE WHEN {sql_shape_ok(col)} THEN {col} ELSE {sql_normalise(col)} END"


def _check_char_of(digits: Iterable[str]) -> str:
    """SQL: the MOD 11-2 check character of 17 digit expressions (NULL if one is NULL)."""
    terms = " + ".join(f"{d} * {w}" for d, w in zip(digits, WEIGHTS, strict=True))
    return f"substr('{CHECK_CHARS}', (({terms}) % 11) + 1, 1)"


def sql_check_char(body17: str) -> str:
    """SQL: the MOD 11-2 check character of a 17-digit string expression (NULL if not digits)."""
    return _check_char_of(_digit(body17, i + 1) for i in range(len(WEIGHTS)))


def sql_body_number(n: str) -> str:
    """SQL: the first 17 characters of ``n`` as a BIGINT when they are 17 ASCII digits
    (else NULL): a column to compute once, for :func:`sql_checksum_ok` and
    :func:`sql_birth_ok` over many numbers (``validate.id_checks``)."""
    body = f"substr({n}, 1, 17)"
    return (f"TRY_CAST(CASE WHEN length({body}) = 17 AND regexp_matches({body}, '^[0-9]{{17}}$') "
            f"THEN {body} END AS BIGINT)")


def _number_digits(number: str, first: int, count: int) -> str:
    """SQL: ``count`` digits from position ``first`` (1-based) of a :func:`sql_body_number`."""
    return f"(({number} // {10 ** (17 - first - count + 1)}) % {10 ** count})"


def sql_upgrade(n: str) -> str:
    """SQL twin of :func:`upgrade15`: 15 digits are upgraded, anything else passes through."""
    body = f"(substr({n}, 1, 6) || '19' || substr({n}, 7, 9))"
    return (
        f"CASE WHEN length({n}) = 15 AND regexp_matches({n}, '^{SHAPE15}$') "
        f"THEN {body} || {sql_check_char(body)} ELSE {n} END"
    )


def sql_shape_ok(n18: str) -> str:
    """SQL: 17 ASCII digits and a check character 0-9 or X (NULL for NULL)."""
    return f"(length({n18}) = 18 AND regexp_matches({n18}, '^{SHAPE18}$'))"


def sql_birth_ok(n18: str, today: str, number: str | None = None) -> str:
    """SQL: the 8 birth-date digits are a real date in [1900-01-01, today].

    ``today`` is an SQL expression for the reference date as ``'YYYYMMDD'`` text,
    e.g. ``"'20240131'"``. Meaningful where :func:`sql_shape_ok` holds; elsewhere it
    is false or NULL, never an error. ``number``: as for :func:`sql_checksum_ok`.
    """
    if number is None:
        y, m, d = _int(n18, 7, 4), _int(n18, 11, 2), _int(n18, 13, 2)
    else:  # a column holding sql_body_number(n18): the same values where they are digits
        y, m, d = (_number_digits(number, 7, 4), _number_digits(number, 11, 2),
                   _number_digits(number, 13, 2))
    leap = f"(({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0)"
    dim = (f"CASE WHEN {m} IN (1,3,5,7,8,10,12) THEN 31 WHEN {m} IN (4,6,9,11) THEN 30 "
           f"WHEN {leap} THEN 29 ELSE 28 END")
    ymd = f"substr({n18}, 7, 8)"
    return (f"({y} >= 1900 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {dim} "
            f"AND {ymd} <= {today})")


def sql_birth_date(n18: str) -> str:
    """SQL: the birth date in the number as a DATE; NULL when the digits are no calendar date.

    Meaningful where :func:`sql_birth_ok` holds (it does not apply the 1900..today bounds).
    """
    iso = f"substr({n18}, 7, 4) || '-' || substr({n18}, 11, 2) || '-' || substr({n18}, 13, 2)"
    return f"TRY_CAST({iso} AS DATE)"


def sql_sex(n18: str) -> str:
    """SQL: '1' male / '2' female from the 17th digit (meaningful where sql_shape_ok holds)."""
    return f"CASE WHEN {_digit(n18, 17)} % 2 = 1 THEN '1' ELSE '2' END"


def sql_checksum_ok(n18: str, number: str | None = None) -> str:
    """SQL: the 18th character is the check character of the first 17 (NULL if not digits).

    ``number``: a column holding :func:`sql_body_number` of ``n18``; the digits are then
    taken from it by arithmetic instead of 17 substrings cast one by one (half the CPU of
    checking 10.7M distinct numbers at 10M), with the same result.
    """
    if number is None:
        return f"substr({n18}, 18, 1) = {sql_check_char(f'substr({n18}, 1, 17)')}"
    digits = (_number_digits(number, i + 1, 1) for i in range(len(WEIGHTS)))
    return f"substr({n18}, 18, 1) = {_check_char_of(digits)}"


def sql_mask(col: str) -> str:
    """SQL twin of :func:`mask` for values already normalised (``sql_normalise``)."""
    return (f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' "
            f"WHEN length({col}) >= 14 THEN substr({col}, 1, 6) || "
            f"repeat('*', length({col}) - 10) || substr({col}, length({col}) - 3, 4) "
            f"ELSE repeat('*', length({col})) END")
