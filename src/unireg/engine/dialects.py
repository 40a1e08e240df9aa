"""What differs between DuckDB SQL and the other engines, as lookup tables (style.md #5).

The pipeline's SQL is written once, in DuckDB's dialect. sqlglot transpiles it;
where sqlglot's output would *run* on Spark but give a different answer, a
rewrite in :data:`SPARK_REWRITES` (keyed by sqlglot expression class) replaces
the node with Spark SQL that gives DuckDB's answer. Where no exact rewrite
exists the difference is a declared gap (:data:`SPARK_GAPS`): either the
translator refuses the construct (:class:`TranslationError`, loud), or the
pipeline never reaches it, and a test shows the difference (style.md #17).

>>> print(transpile("SELECT regexp_full_match(x, '[0-9]{4}') AS ok FROM t", "spark", pretty=False))
SELECT x RLIKE '(?d)^(?:[0-9]{4})\\\\z' AS ok FROM t
>>> print(transpile("SELECT substr(x, 0, 3) AS s FROM t", "spark", pretty=False))
SELECT SUBSTRING(x, 1, 2) AS s FROM t
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.annotate_types import annotate_types

from unireg.errors import UniregError

if TYPE_CHECKING:  # sqlglot >= 30 types its trees as Expr; older ones as Expression
    from sqlglot.expressions import Expr as Node
else:
    Node = Any

SOURCE_DIALECT = "duckdb"
_TREE: type = getattr(exp, "Expr", exp.Expression)  # the base class of every tree node


class TranslationError(UniregError):
    """SQL uses a construct the target engine cannot run with DuckDB's meaning."""


# --------------------------------------------------------------------------
# Declared gaps: what Spark does differently and how unireg lives with it.
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    construct: str
    duckdb: str
    spark: str
    handling: str


SPARK_GAPS: dict[str, Gap] = {g.construct: g for g in [
    Gap("division by zero",
        "x / 0 is ±inf or NaN (x // 0 and x % 0 raise)",
        "raises DIVIDE_BY_ZERO (ANSI mode)",
        "every division in the steps is guarded (CASE WHEN d > 0, or d = count(*) >= 1)"),
    Gap("CAST(double AS VARCHAR)",
        "shortest round-trip text: 1e+20",
        "Java's text: 1.0E20",
        "the steps cast only integers and dates to text"),
    Gap("non-decimal number text",
        "TRY_CAST('0x1F' AS INTEGER) = 31 and '1_000' reads as 1000",
        "NULL",
        "number fields are validated with a decimal regex before any cast"),
    Gap("date text other than Y-M-D",
        "reads '2017/01/05', '2017 01 05', '2017-01-05 10:00', BC dates and 'infinity'",
        "NULL (TRY_CAST) or an error (CAST): the translation lets through only "
        "[blanks]YYYY-M-D[blanks], because Spark alone would read '2017' or '2017-05' "
        "as dates",
        "date fields are validated as YYYY-MM-DD before any cast"),
    Gap("date minus date of columns",
        "DATE - DATE is a number of days (BIGINT)",
        "an INTERVAL DAY",
        "rewritten to DATEDIFF where both sides are known to be dates (literals, casts); "
        "sqlglot cannot see a column's type, and the steps subtract no dates"),
    Gap("hash() values",
        "hash(x) is a UBIGINT from DuckDB's own hash function",
        "XXHASH64 of the values and their NULL flags (a BIGINT)",
        "the steps use hash() only to find rows that are equal, which agrees"),
    Gap("RE2-only regex syntax",
        r"\b is an ASCII word boundary, (?U) is ungreedy, \C is one byte",
        r"\b is Unicode-aware, (?U) means Unicode classes, no \C",
        "the translator refuses such patterns (TranslationError), as it refuses "
        "patterns that are not literals"),
]}


# --------------------------------------------------------------------------
# Regular expressions: DuckDB uses RE2, Spark uses java.util.regex.
# --------------------------------------------------------------------------
# RE2 POSIX classes and their java.util.regex spelling (both ASCII-only).
POSIX_CLASSES: dict[str, str] = {
    "alnum": r"\p{Alnum}", "alpha": r"\p{Alpha}", "ascii": r"\p{ASCII}",
    "blank": r"\p{Blank}", "cntrl": r"\p{Cntrl}", "digit": r"\p{Digit}",
    "graph": r"\p{Graph}", "lower": r"\p{Lower}", "print": r"\p{Print}",
    "punct": r"\p{Punct}", "space": r"\p{Space}", "upper": r"\p{Upper}",
    "word": r"\w", "xdigit": r"\p{XDigit}",
}
# Escapes whose meaning differs between RE2 and Java: refused, not guessed.
REGEX_REFUSED: dict[str, str] = {
    r"\b": "word boundary is ASCII in RE2, Unicode-aware in Java",
    r"\B": "word boundary is ASCII in RE2, Unicode-aware in Java",
    r"\C": "RE2 matches one byte, Java has no equivalent",
    r"\Z": "RE2 has no \\Z; Java's allows a final line terminator",
}
# DuckDB regexp options and the inline flags that give them in Java.
REGEX_OPTIONS: dict[str, str] = {"c": "", "i": "(?iu)", "g": ""}
# RE2 without (?m): '$' is end of text and '.' excludes only '\n'. Java's '$'
# also matches before a final line terminator and '.' excludes \r, \u0085,
# \u2028, \u2029: UNIX_LINES (?d) makes '\n' the only terminator and '\z'
# replaces '$'.
JAVA_PREFIX = "(?d)"
# RE2 matches code points; Java tries positions in UTF-16 units, so a global replace of
# a pattern that can match the empty string would split an emoji's surrogate pair.
NOT_MID_PAIR = r"(?![\uDC00-\uDFFF])"
# RE2's global replace refuses an empty match where the previous match ended ('x*' on
# 'x' gives '#', not Java's '##'); \G is that position (not at the start of the text).
NOT_AFTER_MATCH = r"(?<!(?<!\A)\G)"


def java_regex(pattern: str) -> str:
    r"""An RE2 pattern as a java.util.regex pattern with the same matches.

    >>> java_regex('^[0-9]{15}$')
    '(?d)^[0-9]{15}\\z'
    >>> java_regex('[[:digit:]&]+')
    '(?d)[\\p{Digit}\\&]+'
    >>> java_regex('(?P<y>[0-9]{4})')
    '(?d)(?<y>[0-9]{4})'
    """
    if re.search(r"\(\?[a-zA-Z]*U", pattern):
        raise TranslationError(f"regex {pattern!r}: (?U) means ungreedy in RE2 but "
                               "Unicode classes in Java")
    multiline = re.search(r"\(\?[a-zA-Z]*m", pattern) is not None
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            esc = pattern[i:i + 2]
            if esc in REGEX_REFUSED:
                raise TranslationError(f"regex {pattern!r}: {esc} — {REGEX_REFUSED[esc]}")
            out.append(esc)
            i += 2
            continue
        if in_class:
            m = re.match(r"\[:(\^?)([a-z]+):\]", pattern[i:])
            if m:
                if m.group(2) not in POSIX_CLASSES:
                    raise TranslationError(f"regex {pattern!r}: unknown class {m.group(0)}")
                java = POSIX_CLASSES[m.group(2)]
                if m.group(1):  # negated POSIX class
                    java = java.replace(r"\p", r"\P") if java.startswith(r"\p") else r"\W"
                out.append(java)
                i += len(m.group(0))
                continue
            if c == "]":
                in_class = False
                out.append(c)
            elif c in "[&":  # nested class and intersection are Java-only syntax
                out.append("\\" + c)
            else:
                out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":  # a leading ']' is literal
                out.append(r"\]")
                i += 1
            continue
        if c == "$" and not multiline:
            out.append(r"\z")
        elif pattern.startswith("(?P<", i):
            out.append("(?<")
            i += 4
            continue
        else:
            out.append(c)
        i += 1
    return JAVA_PREFIX + "".join(out)


def java_replacement(text: str, shift: int = 0) -> str:
    r"""An RE2 rewrite string (``\1`` groups) as a Java one (``$1``), groups moved by ``shift``.

    >>> java_replacement(r'\2-\1 costs $5')
    '$2-$1 costs \\$5'
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt.isdigit():
                out.append(f"${int(nxt) + shift}" if nxt != "0" else "$0")
            elif nxt == "\\":
                out.append("\\\\")
            else:
                raise TranslationError(f"replacement {text!r}: \\{nxt} is no RE2 rewrite")
            i += 2
            continue
        out.append("\\$" if c == "$" else "\\\\" if c == "\\" else c)
        i += 1
    return "".join(out)


def _literal_text(node: Node | None, what: str) -> str:
    if not isinstance(node, exp.Literal) or not node.is_string:
        raise TranslationError(f"{what} must be a string literal to be translated, "
                               f"got {node.sql(SOURCE_DIALECT) if node else 'nothing'}")
    return str(node.this)


def _options(node: Node | None) -> tuple[str, bool]:
    """DuckDB regexp options as a Java inline-flag prefix and whether 'g' was given."""
    opts = _literal_text(node, "regexp options") if node is not None else ""
    for o in opts:
        if o not in REGEX_OPTIONS:
            raise TranslationError(f"regexp option {o!r} has no translation "
                                   f"(supported: {', '.join(REGEX_OPTIONS)})")
    return "".join(dict.fromkeys(REGEX_OPTIONS[o] for o in opts)), "g" in opts


def _rlike(subject: Node, pattern: str) -> Node:
    return exp.RegexpLike(this=subject, expression=exp.Literal.string(pattern))


def _regexp_matches(node: Node) -> Node:
    flags, _ = _options(node.args.get("flag"))
    pattern = java_regex(_literal_text(node.expression, "regexp pattern"))
    return _rlike(node.this, flags + pattern)


def _full_match(subject: Node, re2: str, flags: str = "") -> Node:
    """``subject`` matches the RE2 pattern ``re2`` as a whole, as an anchored RLIKE."""
    inner = java_regex(re2)[len(JAVA_PREFIX):]
    return _rlike(subject, f"{flags}{JAVA_PREFIX}^(?:{inner})\\z")


def _regexp_full_match(node: Node) -> Node:
    flags, _ = _options(node.args.get("options"))
    return _full_match(node.this, _literal_text(node.expression, "regexp pattern"), flags)


def glob_regex(pattern: str) -> str:
    r"""A GLOB pattern of ASCII literals and bracket classes as an RE2 pattern (whole text).

    Only that much is translated (the steps use GLOB for fixed shapes such as
    ``[0-9][0-9]-[0-9]``, 3x cheaper than a regexp in DuckDB): ``*``, ``?``, a negated
    class and non-ASCII text are refused, not guessed.

    >>> glob_regex('[0-9][0-9]-[0-9A-Z]')
    '[0-9][0-9]\\-[0-9A-Z]'
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if not c.isascii() or c in "*?\\]":
            raise TranslationError(f"GLOB {pattern!r}: {c!r} is not translated")
        if c == "[":
            end = pattern.find("]", i + 1)
            body = pattern[i + 1:end]
            if end < 0 or not body or body[0] in "!^" or not re.fullmatch(r"[0-9A-Za-z-]+", body):
                raise TranslationError(f"GLOB {pattern!r}: only plain classes are translated")
            out.append(f"[{body}]")
            i = end + 1
            continue
        out.append(re.escape(c))
        i += 1
    return "".join(out)


def _glob(node: Node) -> Node:
    return _full_match(node.this, glob_regex(_literal_text(node.expression, "GLOB pattern")))


def _regexp_replace(node: Node) -> Node:
    """DuckDB replaces the first match unless 'g' is given; Spark always replaces all."""
    for arg in ("position", "occurrence"):
        if node.args.get(arg) is not None:
            raise TranslationError(f"regexp_replace with {arg} has no translation")
    flags, global_ = _options(node.args.get("modifiers"))
    pattern = java_regex(_literal_text(node.expression, "regexp pattern"))[len(JAVA_PREFIX):]
    text = _literal_text(node.args.get("replacement"), "regexp replacement")
    if global_:  # after an empty match Java steps one UTF-16 unit, into a surrogate pair
        java = f"{flags}{JAVA_PREFIX}{NOT_MID_PAIR}(?:{pattern}){NOT_AFTER_MATCH}"
        rep = java_replacement(text)
    else:  # anchor a lazy prefix so only the leftmost match is replaced
        java = f"{flags}{JAVA_PREFIX}\\A((?s:.*?))(?:{pattern})"
        rep = "$1" + java_replacement(text, shift=1)
    return exp.Anonymous(this="REGEXP_REPLACE", expressions=[
        node.this, exp.Literal.string(java), exp.Literal.string(rep)])


# --------------------------------------------------------------------------
# Casts: DuckDB rounds to integers and reads text differently from Spark.
# --------------------------------------------------------------------------
INTEGRAL = {exp.DataType.Type.TINYINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.INT,
            exp.DataType.Type.BIGINT}
FLOATING = {exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE}
# Decimal text with ASCII digits: Java's BigDecimal would also read '١٢' and '１２'.
NUMBER_TEXT = r"^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*\z"
# Text both engines read as the same value (anything else: NULL on Spark, see SPARK_GAPS).
TEXT_GUARDS: dict[Any, str] = {
    exp.DataType.Type.DATE: r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*\z",
    exp.DataType.Type.DOUBLE:
        r"(?i)^\s*[+-]?(inf|infinity|nan|([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?)\s*\z",
    exp.DataType.Type.FLOAT:
        r"(?i)^\s*[+-]?(inf|infinity|nan|([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?)\s*\z",
}


def _operand_kind(node: Node) -> str:
    """'text', 'integer', 'float', 'exact' (decimal), 'other' or 'unknown' (e.g. a column)."""
    if isinstance(node, exp.Literal):
        if node.is_string:
            return "text"
        text = str(node.this)
        return "float" if "e" in text.lower() else "exact" if "." in text else "integer"
    if isinstance(node, exp.Null):
        return "other"
    t = annotate_types(node.copy(), dialect=SOURCE_DIALECT).type
    if t is None or t.is_type(exp.DataType.Type.UNKNOWN):
        return "unknown"
    if t.is_type(*exp.DataType.TEXT_TYPES):
        return "text"
    if t.is_type(*exp.DataType.INTEGER_TYPES, exp.DataType.Type.BOOLEAN):
        return "integer"
    if t.this in FLOATING:
        return "float"
    if t.is_type(*exp.DataType.REAL_TYPES):
        return "exact"
    return "other"


def _cast(node: Node, to: exp.DataType | str, safe: bool) -> Node:
    to = exp.DataType.build(to) if isinstance(to, str) else to.copy()
    if safe:
        return exp.TryCast(this=node.copy(), to=to, safe=True)
    return exp.Cast(this=node.copy(), to=to)


def _typeof_is(node: Node, *names: str) -> Node:
    return exp.In(this=exp.Anonymous(this="TYPEOF", expressions=[node.copy()]),
                  expressions=[exp.Literal.string(n) for n in names])


def _to_integral(node: exp.Cast, safe: bool) -> Node:
    """DuckDB rounds text and DECIMAL half away from zero, DOUBLE half to even; Spark truncates.

    Text goes through DECIMAL(38, 0) (HALF_UP, reads '1e3' as DuckDB does) once it is
    known to be decimal text in ASCII digits.
    """
    x, to, kind = node.this, node.to, _operand_kind(node.this)
    if kind in ("integer", "other"):
        return node
    if safe and isinstance(x, exp.Substring) and _int_literal(x.args.get("length")) == 1:
        # One character (a digit of an ID number): DuckDB reads exactly '0'..'9'.
        digit = exp.Between(this=x.copy(), low=exp.Literal.string("0"),
                            high=exp.Literal.string("9"))
        value = exp.Sub(this=exp.Anonymous(this="ASCII", expressions=[x.copy()]),
                        expression=exp.Literal.number(48))
        return exp.case().when(digit, _cast(value, to, False))
    by_decimal = _cast(_cast(x, "DECIMAL(38, 0)", safe), to, safe)
    by_bround = _cast(exp.Anonymous(this="BROUND", expressions=[
        _cast(x, "DOUBLE", safe), exp.Literal.number(0)]), to, safe)  # HALF_EVEN
    if kind == "exact":
        return by_decimal
    if kind == "float":
        return by_bround
    if isinstance(x, exp.Literal):  # text known now
        if re.search(NUMBER_TEXT.replace(r"\z", r"\Z"), str(x.this)):
            return by_decimal
        return exp.Null() if safe else _raise(to)  # DuckDB fails when it runs, so does Spark
    subject = x.copy() if kind == "text" else _cast(x, "STRING", False)
    ok: Node = exp.RegexpLike(this=subject,
                                        expression=exp.Literal.string(NUMBER_TEXT))
    if kind == "unknown":
        ok = exp.or_(exp.Not(this=exp.Like(
            this=exp.Anonymous(this="TYPEOF", expressions=[x.copy()]),
            expression=exp.Literal.string("string%"))), ok)
    if safe:
        text = exp.case().when(ok, by_decimal)
    else:
        text = exp.case().when(exp.Not(this=exp.paren(ok)), _raise(to)).else_(by_decimal)
    if kind == "text":
        return text
    return exp.case().when(_typeof_is(x, "double", "float"), by_bround).else_(text)


def _raise(to: exp.DataType) -> Node:
    return _cast(exp.Anonymous(this="RAISE_ERROR", expressions=[exp.Literal.string(
        f"CAST to {to.sql('spark')}: text that DuckDB would not read the same way")]), to, False)


def _guarded(node: exp.Cast, safe: bool) -> Node:
    """Text → DATE/DOUBLE only where both engines read the text the same way."""
    x, to, kind = node.this, node.to, _operand_kind(node.this)
    guard = TEXT_GUARDS[to.this]
    if kind not in ("text", "unknown"):
        return _cast(x, to, safe)
    if isinstance(x, exp.Literal):  # decide now
        if re.search(guard.replace(r"\z", r"\Z"), str(x.this)):  # Python spells it \Z
            return _cast(x, to, safe)
        return exp.Null() if safe else _raise(to)  # DuckDB fails when it runs, so does Spark
    subject = x.copy() if kind == "text" else _cast(x, "STRING", False)
    ok: Node = exp.RegexpLike(this=subject,
                                        expression=exp.Literal.string(guard))
    if kind == "unknown":  # a column: only text needs the guard (typeof folds at planning)
        ok = exp.or_(exp.Not(this=exp.Like(
            this=exp.Anonymous(this="TYPEOF", expressions=[x.copy()]),
            expression=exp.Literal.string("string%"))), ok)
    if safe:
        return exp.case().when(ok, _cast(x, to, True))
    return exp.case().when(exp.Not(this=exp.paren(ok)), _raise(to)).else_(_cast(x, to, False))


def _cast_rewrite(node: Node) -> Node:
    assert isinstance(node, exp.Cast)
    safe = isinstance(node, exp.TryCast)
    if node.to.this in INTEGRAL:
        return _to_integral(node, safe)
    if node.to.this in TEXT_GUARDS:
        return _guarded(node, safe)
    return node


def _date_minus_date(node: Node) -> Node:
    """DuckDB: DATE - DATE is a number of days; Spark: an interval (declared gap for columns)."""
    def is_date(e: Node) -> bool:
        t = annotate_types(e.copy(), dialect=SOURCE_DIALECT).type
        return t is not None and t.is_type(exp.DataType.Type.DATE)

    if is_date(node.this) and is_date(node.expression):
        return exp.Anonymous(this="DATEDIFF", expressions=[node.this, node.expression])
    return node


def _dedupe_projections(node: Node) -> Node:
    """DuckDB renames a repeated output name (a, a_1, A_2); Spark keeps both and then
    calls a reference to it ambiguous."""
    seen: dict[str, int] = {}
    for i, e in enumerate(node.expressions):
        if isinstance(e, exp.Star) or (isinstance(e, exp.Column) and isinstance(e.this, exp.Star)):
            continue  # names unknown here (the engine renames the final columns)
        if not isinstance(e, exp.Alias | exp.Column):
            continue  # DuckDB names other expressions by their text: no clash to expect
        name = e.alias_or_name
        if not name:
            continue
        n = seen.get(name.lower())
        seen[name.lower()] = 0 if n is None else n + 1
        if n is not None:
            inner = e.this if isinstance(e, exp.Alias) else e
            node.expressions[i] = exp.alias_(inner, f"{name}_{n + 1}")
    return node


def _cte_hint(node: Node) -> Node:
    """``WITH k AS [NOT] MATERIALIZED (...)`` is a plan hint to DuckDB (materialise a CTE
    read several times, or inline it in each reader); Spark has no such syntax and
    plans CTEs itself. The rows are the same either way."""
    if node.args.get("materialized") is not None:
        node.set("materialized", None)
    return node


def _hash(node: Node) -> Node:
    """DuckDB's hash() is 64-bit and tells (x, NULL) from (NULL, x); Spark's hash() is
    32-bit Murmur3 (collisions at a few 10^5 rows) and skips NULLs. The values differ
    anyway (a declared gap): what must agree is which rows share one."""
    args: list[Node] = []
    for a in node.expressions:
        args += [a, exp.Is(this=a.copy(), expression=exp.Null())]
    return exp.Anonymous(this="XXHASH64", expressions=args)


# Functions sqlglot leaves as they are (exp.Anonymous), by lower-case name.
SPARK_FUNCTIONS: dict[str, Callable[[Node], Node]] = {
    "hash": _hash,
}


def _anonymous(node: Node) -> Node:
    rewrite = SPARK_FUNCTIONS.get(str(node.this).lower())
    return rewrite(node) if rewrite else node


# --------------------------------------------------------------------------
# Lists and substrings.
# --------------------------------------------------------------------------
def _enclosing_select(node: Node) -> exp.Select | None:
    p = node.parent
    while p is not None and not isinstance(p, exp.Select):
        if isinstance(p, exp.Window):
            return None
        p = p.parent
    return p


def _array_agg(node: Node) -> Node:
    """``list(x)``: DuckDB keeps NULL elements and gives NULL for no rows; collect_list
    does neither."""
    inner = node.this
    if isinstance(node.parent, exp.ArrayDistinct):  # NULLs would be dropped anyway
        agg: Node = exp.Anonymous(this="COLLECT_LIST", expressions=[inner])
        agg.meta["no_nulls"] = True
    else:  # keep NULLs: collect non-null structs, then unwrap
        struct = exp.Anonymous(this="NAMED_STRUCT", expressions=[exp.Literal.string("v"), inner])
        lam = exp.Lambda(this=exp.Dot(this=exp.column("s"), expression=exp.to_identifier("v")),
                         expressions=[exp.to_identifier("s")])
        agg = exp.Anonymous(this="TRANSFORM", expressions=[
            exp.Anonymous(this="COLLECT_LIST", expressions=[struct]), lam])
    select = _enclosing_select(node)
    if select is not None and not select.args.get("group"):  # a global aggregate
        empty = exp.EQ(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(0))
        no_nulls = agg.meta.get("no_nulls", False)
        agg = exp.case().when(empty, exp.Null()).else_(agg)
        agg.meta["no_nulls"] = no_nulls
    return agg


def _array_distinct(node: Node) -> Node:
    """DuckDB's list_distinct drops NULLs; Spark's array_distinct keeps one."""
    if node.this.meta.get("no_nulls"):
        return node  # collect_list has no NULLs to drop
    return exp.Anonymous(this="ARRAY_COMPACT", expressions=[
        exp.Anonymous(this="ARRAY_DISTINCT", expressions=[node.this])])


def _int_literal(node: Node | None) -> int | None:
    if isinstance(node, exp.Literal) and not node.is_string:
        try:
            return int(node.this)
        except ValueError:
            return None
    if isinstance(node, exp.Neg):
        inner = _int_literal(node.this)
        return None if inner is None else -inner
    return None


def _substring(node: Node) -> Node:
    """DuckDB: start 0 is before the first character and a negative length counts back.

    Spark agrees for start >= 1 or < 0 with a length >= 0 (and without a length).
    """
    start, length = node.args.get("start"), node.args.get("length")
    if length is None or start is None:
        return node
    s, n = _int_literal(start), _int_literal(length)
    if s is not None and n is not None:
        if s != 0 and n >= 0:
            return node
        if s >= 0:  # fold: characters [lo, hi) of 1..len(x)
            lo, hi = (s, s + n) if n >= 0 else (s + n, s)
            first = max(lo, 1)
            return exp.Substring(this=node.this, start=exp.Literal.number(first),
                                 length=exp.Literal.number(max(hi - first, 0)))
    x = node.this
    if n is not None and n >= 0:  # only start 0 differs: DuckDB then gives n - 1 characters
        shorter = exp.case().when(exp.EQ(this=start.copy(), expression=exp.Literal.number(0)),
                                  exp.Literal.number(1)).else_(exp.Literal.number(0))
        return exp.Substring(this=x, start=start,
                             length=exp.Sub(this=length, expression=shorter))
    s1 = exp.case().when(exp.LT(this=start.copy(), expression=exp.Literal.number(0)),
                         exp.Add(this=exp.Add(this=exp.Length(this=x.copy()),
                                              expression=start.copy()),
                                 expression=exp.Literal.number(1))).else_(start.copy())
    neg = exp.LT(this=length.copy(), expression=exp.Literal.number(0))
    lo_ = exp.case().when(neg, exp.Add(this=s1.copy(), expression=length.copy())).else_(s1.copy())
    hi_ = exp.case().when(neg, s1.copy()).else_(exp.Add(this=s1.copy(), expression=length.copy()))
    lo1 = exp.Greatest(this=lo_, expressions=[exp.Literal.number(1)])
    span = exp.Greatest(this=exp.Sub(this=hi_, expression=lo1.copy()),
                        expressions=[exp.Literal.number(0)])
    body = exp.Substring(this=x.copy(), start=lo1, length=span)
    nulls = exp.or_(exp.Is(this=start.copy(), expression=exp.Null()),
                    exp.Is(this=length.copy(), expression=exp.Null()))
    return exp.case().when(nulls, exp.Null()).else_(body)


# --------------------------------------------------------------------------
# Case mapping: DuckDB (utf8proc) maps one code point to one; Spark (ICU/Java)
# uses full case mapping (upper('ß') = 'SS') and a newer Unicode table. The
# engine defines SQL functions that agree with DuckDB (SPARK_SESSION_FUNCTIONS);
# DUCKDB_UPPER/DUCKDB_LOWER (end of this module) list every code point where
# the two differ, with DuckDB's answer; a test recomputes them over all of Unicode.
# --------------------------------------------------------------------------
def _case_function(name: str) -> Callable[[Node], Node]:
    def rewrite(node: Node) -> Node:
        return exp.Anonymous(this=name, expressions=[node.this])
    return rewrite


def _spark_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _case_function_sql(name: str, builtin: str, table: dict[str, str]) -> str:
    """A Spark SQL function: ``builtin`` except on the code points of ``table``."""
    char_class = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in table) + "]"
    pairs = ", ".join(f"{_spark_string(k)}, {_spark_string(v)}" for k, v in table.items())
    return (f"CREATE OR REPLACE TEMPORARY FUNCTION {name}(x STRING) RETURNS STRING RETURN "
            f"CASE WHEN x RLIKE {_spark_string(char_class)} THEN array_join(transform("
            f"regexp_extract_all(x, '(?s)(.)', 1), c -> coalesce(try_element_at(map({pairs}), c), "
            f"{builtin}(c))), '') ELSE {builtin}(x) END")


# --------------------------------------------------------------------------
# The lookup table and the translator.
# --------------------------------------------------------------------------
Rewrite = Callable[[Node], Node]

SPARK_REWRITES: dict[type[Node], Rewrite] = {
    exp.RegexpLike: _regexp_matches,          # regexp_matches: RE2 → Java syntax
    exp.RegexpReplace: _regexp_replace,       # first match only unless 'g'
    exp.Glob: _glob,                          # no GLOB in Spark
    exp.TryCast: _cast_rewrite,               # rounding, text formats
    exp.Cast: _cast_rewrite,
    exp.ArrayAgg: _array_agg,                 # NULL elements, no rows
    exp.ArrayDistinct: _array_distinct,       # NULL elements
    exp.Substring: _substring,                # start 0, negative length
    exp.Sub: _date_minus_date,                # DATE - DATE is days, not an interval
    exp.Select: _dedupe_projections,          # repeated output names
    exp.Anonymous: _anonymous,                # SPARK_FUNCTIONS: hash()
    exp.CTE: _cte_hint,                       # [NOT] MATERIALIZED: DuckDB's plan hint
    exp.Upper: _case_function("UNIREG_UPPER"),  # one code point to one, DuckDB's table
    exp.Lower: _case_function("UNIREG_LOWER"),
}
if hasattr(exp, "RegexpFullMatch"):  # sqlglot >= 27 parses it; no such function in Spark
    SPARK_REWRITES[exp.RegexpFullMatch] = _regexp_full_match

REWRITES: dict[str, dict[type[Node], Rewrite]] = {
    "duckdb": {},
    "spark": SPARK_REWRITES,
}


def _apply(node: Node, table: dict[type[Node], Rewrite]) -> Node:
    """Rewrite bottom-up: children first, so a rewrite sees its ancestors unchanged."""
    def is_tree(v: Any) -> bool:
        return isinstance(v, _TREE)

    for key, value in list(node.args.items()):
        if is_tree(value):
            new = _apply(value, table)
            if new is not value:
                node.set(key, new)
        elif isinstance(value, list) and any(is_tree(v) for v in value):
            node.set(key, [_apply(v, table) if is_tree(v) else v for v in value])
    rewrite = table.get(type(node))
    return rewrite(node) if rewrite else node


@lru_cache(maxsize=256)
def transpile(sql: str, dialect: str, pretty: bool = True) -> str:
    """DuckDB-dialect SQL as ``dialect`` SQL with DuckDB's results (identity for duckdb)."""
    if dialect == SOURCE_DIALECT:
        return sql
    if dialect not in REWRITES:
        raise TranslationError(f"no translation to {dialect!r}; known: {', '.join(REWRITES)}")
    trees = sqlglot.parse(sql, read=SOURCE_DIALECT)
    out = []
    for tree in trees:
        if tree is None:
            continue
        out.append(_apply(tree, REWRITES[dialect]).sql(dialect=dialect, pretty=pretty,
                                                        unsupported_level=sqlglot.ErrorLevel.RAISE))
    return ";\n".join(out)


def spark_session_functions() -> dict[str, str]:
    """SQL functions the translated SQL calls, as Spark ``CREATE`` statements (Spark >= 4.0)."""
    return {
        "unireg_upper": _case_function_sql("unireg_upper", "upper", DUCKDB_UPPER),
        "unireg_lower": _case_function_sql("unireg_lower", "lower", DUCKDB_LOWER),
    }


# --------------------------------------------------------------------------
# Code points whose case mapping differs, with DuckDB's answer (DuckDB 2.0 /
# Spark 4.x; test_case_tables_are_current recomputes them). Upper: Spark expands
# 102 of them to several characters. Lower: also Σ, which Spark lowers to ς at
# the end of a word and DuckDB always to σ.
# --------------------------------------------------------------------------
DUCKDB_UPPER: dict[str, str] = {
    "\u00df": "\u1e9e", "\u0149": "\u0149", "\u019b": "\u019b", "\u01f0": "\u01f0",
    "\u0264": "\u0264", "\u0390": "\u0390", "\u03b0": "\u03b0", "\u0587": "\u0587",
    "\u1c8a": "\u1c8a", "\u1e96": "\u1e96", "\u1e97": "\u1e97", "\u1e98": "\u1e98",
    "\u1e99": "\u1e99", "\u1e9a": "\u1e9a", "\u1f50": "\u1f50", "\u1f52": "\u1f52",
    "\u1f54": "\u1f54", "\u1f56": "\u1f56", "\u1f80": "\u1f88", "\u1f81": "\u1f89",
    "\u1f82": "\u1f8a", "\u1f83": "\u1f8b", "\u1f84": "\u1f8c", "\u1f85": "\u1f8d",
    "\u1f86": "\u1f8e", "\u1f87": "\u1f8f", "\u1f88": "\u1f88", "\u1f89": "\u1f89",
    "\u1f8a": "\u1f8a", "\u1f8b": "\u1f8b", "\u1f8c": "\u1f8c", "\u1f8d": "\u1f8d",
    "\u1f8e": "\u1f8e", "\u1f8f": "\u1f8f", "\u1f90": "\u1f98", "\u1f91": "\u1f99",
    "\u1f92": "\u1f9a", "\u1f93": "\u1f9b", "\u1f94": "\u1f9c", "\u1f95": "\u1f9d",
    "\u1f96": "\u1f9e", "\u1f97": "\u1f9f", "\u1f98": "\u1f98", "\u1f99": "\u1f99",
    "\u1f9a": "\u1f9a", "\u1f9b": "\u1f9b", "\u1f9c": "\u1f9c", "\u1f9d": "\u1f9d",
    "\u1f9e": "\u1f9e", "\u1f9f": "\u1f9f", "\u1fa0": "\u1fa8", "\u1fa1": "\u1fa9",
    "\u1fa2": "\u1faa", "\u1fa3": "\u1fab", "\u1fa4": "\u1fac", "\u1fa5": "\u1fad",
    "\u1fa6": "\u1fae", "\u1fa7": "\u1faf", "\u1fa8": "\u1fa8", "\u1fa9": "\u1fa9",
    "\u1faa": "\u1faa", "\u1fab": "\u1fab", "\u1fac": "\u1fac", "\u1fad": "\u1fad",
    "\u1fae": "\u1fae", "\u1faf": "\u1faf", "\u1fb2": "\u1fb2", "\u1fb3": "\u1fbc",
    "\u1fb4": "\u1fb4", "\u1fb6": "\u1fb6", "\u1fb7": "\u1fb7", "\u1fbc": "\u1fbc",
    "\u1fc2": "\u1fc2", "\u1fc3": "\u1fcc", "\u1fc4": "\u1fc4", "\u1fc6": "\u1fc6",
    "\u1fc7": "\u1fc7", "\u1fcc": "\u1fcc", "\u1fd2": "\u1fd2", "\u1fd3": "\u1fd3",
    "\u1fd6": "\u1fd6", "\u1fd7": "\u1fd7", "\u1fe2": "\u1fe2", "\u1fe3": "\u1fe3",
    "\u1fe4": "\u1fe4", "\u1fe6": "\u1fe6", "\u1fe7": "\u1fe7", "\u1ff2": "\u1ff2",
    "\u1ff3": "\u1ffc", "\u1ff4": "\u1ff4", "\u1ff6": "\u1ff6", "\u1ff7": "\u1ff7",
    "\u1ffc": "\u1ffc", "\ua7cd": "\ua7cd", "\ua7cf": "\ua7cf", "\ua7d3": "\ua7d3",
    "\ua7d5": "\ua7d5", "\ua7db": "\ua7db", "\ufb00": "\ufb00", "\ufb01": "\ufb01",
    "\ufb02": "\ufb02", "\ufb03": "\ufb03", "\ufb04": "\ufb04", "\ufb05": "\ufb05",
    "\ufb06": "\ufb06", "\ufb13": "\ufb13", "\ufb14": "\ufb14", "\ufb15": "\ufb15",
    "\ufb16": "\ufb16", "\ufb17": "\ufb17", "\U00010d70": "\U00010d70",
    "\U00010d71": "\U00010d71", "\U00010d72": "\U00010d72", "\U00010d73": "\U00010d73",
    "\U00010d74": "\U00010d74", "\U00010d75": "\U00010d75", "\U00010d76": "\U00010d76",
    "\U00010d77": "\U00010d77", "\U00010d78": "\U00010d78", "\U00010d79": "\U00010d79",
    "\U00010d7a": "\U00010d7a", "\U00010d7b": "\U00010d7b", "\U00010d7c": "\U00010d7c",
    "\U00010d7d": "\U00010d7d", "\U00010d7e": "\U00010d7e", "\U00010d7f": "\U00010d7f",
    "\U00010d80": "\U00010d80", "\U00010d81": "\U00010d81", "\U00010d82": "\U00010d82",
    "\U00010d83": "\U00010d83", "\U00010d84": "\U00010d84", "\U00010d85": "\U00010d85",
    "\U00016ebb": "\U00016ebb", "\U00016ebc": "\U00016ebc", "\U00016ebd": "\U00016ebd",
    "\U00016ebe": "\U00016ebe", "\U00016ebf": "\U00016ebf", "\U00016ec0": "\U00016ec0",
    "\U00016ec1": "\U00016ec1", "\U00016ec2": "\U00016ec2", "\U00016ec3": "\U00016ec3",
    "\U00016ec4": "\U00016ec4", "\U00016ec5": "\U00016ec5", "\U00016ec6": "\U00016ec6",
    "\U00016ec7": "\U00016ec7", "\U00016ec8": "\U00016ec8", "\U00016ec9": "\U00016ec9",
    "\U00016eca": "\U00016eca", "\U00016ecb": "\U00016ecb", "\U00016ecc": "\U00016ecc",
    "\U00016ecd": "\U00016ecd", "\U00016ece": "\U00016ece", "\U00016ecf": "\U00016ecf",
    "\U00016ed0": "\U00016ed0", "\U00016ed1": "\U00016ed1", "\U00016ed2": "\U00016ed2",
    "\U00016ed3": "\U00016ed3",
}

DUCKDB_LOWER: dict[str, str] = {
    "\u03a3": "\u03c3",
    "\u0130": "\u0069", "\u1c89": "\u1c89", "\ua7cb": "\ua7cb", "\ua7cc": "\ua7cc",
    "\ua7ce": "\ua7ce", "\ua7d2": "\ua7d2", "\ua7d4": "\ua7d4", "\ua7da": "\ua7da",
    "\ua7dc": "\ua7dc", "\U00010d50": "\U00010d50", "\U00010d51": "\U00010d51",
    "\U00010d52": "\U00010d52", "\U00010d53": "\U00010d53", "\U00010d54": "\U00010d54",
    "\U00010d55": "\U00010d55", "\U00010d56": "\U00010d56", "\U00010d57": "\U00010d57",
    "\U00010d58": "\U00010d58", "\U00010d59": "\U00010d59", "\U00010d5a": "\U00010d5a",
    "\U00010d5b": "\U00010d5b", "\U00010d5c": "\U00010d5c", "\U00010d5d": "\U00010d5d",
    "\U00010d5e": "\U00010d5e", "\U00010d5f": "\U00010d5f", "\U00010d60": "\U00010d60",
    "\U00010d61": "\U00010d61", "\U00010d62": "\U00010d62", "\U00010d63": "\U00010d63",
    "\U00010d64": "\U00010d64", "\U00010d65": "\U00010d65", "\U00016ea0": "\U00016ea0",
    "\U00016ea1": "\U00016ea1", "\U00016ea2": "\U00016ea2", "\U00016ea3": "\U00016ea3",
    "\U00016ea4": "\U00016ea4", "\U00016ea5": "\U00016ea5", "\U00016ea6": "\U00016ea6",
    "\U00016ea7": "\U00016ea7", "\U00016ea8": "\U00016ea8", "\U00016ea9": "\U00016ea9",
    "\U00016eaa": "\U00016eaa", "\U00016eab": "\U00016eab", "\U00016eac": "\U00016eac",
    "\U00016ead": "\U00016ead", "\U00016eae": "\U00016eae", "\U00016eaf": "\U00016eaf",
    "\U00016eb0": "\U00016eb0", "\U00016eb1": "\U00016eb1", "\U00016eb2": "\U00016eb2",
    "\U00016eb3": "\U00016eb3", "\U00016eb4": "\U00016eb4", "\U00016eb5": "\U00016eb5",
    "\U00016eb6": "\U00016eb6", "\U00016eb7": "\U00016eb7", "\U00016eb8": "\U00016eb8",
}
