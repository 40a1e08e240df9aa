"""Injected errors: what can go wrong in a delivered record, how often, and what must follow.

Two families, each at a configurable rate (:class:`ErrorRates`):

- **record errors** change one field (or two) of one delivered record. Each
  has the one outcome the registry must reach (:data:`CATALOGUE`): accepted
  (``rule`` None: a problem of the ID number alone, or a name typo; the record
  is linked another way) or quarantined with one rule on one field. A record
  gets at most one error, and only errors whose outcome is unambiguous are made.
- **findings** are facts the registry exists to find (double affiliation,
  duplicate enrolment, deceased still active). They are made by the
  simulation (:mod:`unireg.generate.enrolment`), are valid records, and stay
  at their default rates in the ``none`` profile: a clean province still has
  them (set a rate to 0 to switch one off).

A record error's rate is the probability that a record *it applies to* gets it
(``id_lowercase_x`` applies to IDs ending in X, ``id_legacy15`` to births in
the 1900s, ``end_before_start`` to kinds with both dates...), so rates are
comparable across kinds; meta.json reports, per error, how many records were
eligible and how many got it.

>>> ErrorRates.profile("none").id_checksum, ErrorRates.profile("none").double_oai > 0
(0.0, True)
>>> ErrorRates.profile("default").with_rates(id_typo=0.5).id_typo
0.5
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from unireg.errors import ConfigError
from unireg.generate.enrolment import FINDINGS
from unireg.generate.names import typo

PROFILES = ("none", "default", "heavy")
PERSON_KINDS = ("population", "enrolment", "employment", "survey")


@dataclass(frozen=True)
class NoiseType:
    """One record error: the kinds (and fields) it hits and the outcome it must have."""

    name: str
    fields: Mapping[str, tuple[str, ...]]  # kind -> fields it may change (one is chosen)
    rule: str | None                       # quarantine rule, None: the record is accepted
    meaning: str
    # An unusable ID: a kind without name, birth date and sex (employment) is quarantined
    # with identity.missing instead of being linked another way.
    unusable_id: bool = False

    def outcome(self, kind: str) -> str | None:
        if self.unusable_id and kind == "employment":
            return "identity.missing"
        return self.rule


_ID = {k: ("id_number",) for k in PERSON_KINDS}
_ID_LINKABLE = {"enrolment": ("id_number",), "survey": ("id_number",)}
CATALOGUE: tuple[NoiseType, ...] = (
    NoiseType("id_checksum", _ID, None, "the ID's check character is wrong", unusable_id=True),
    NoiseType("id_typo", _ID, None, "one digit of the ID is mistyped (the check fails)",
              unusable_id=True),
    NoiseType("id_legacy15", _ID, None,
              "the legacy 15-digit form of the ID (births 1900-1999 only)"),
    NoiseType("id_fullwidth", _ID, None, "the ID in full-width digits (０-９)"),
    NoiseType("id_lowercase_x", _ID, None, "a final check character X written as x"),
    NoiseType("id_spaces", _ID, None, "the ID padded with spaces"),
    NoiseType("id_missing", _ID_LINKABLE, None, "no ID (name, birth date and sex remain)"),
    NoiseType("id_other_person", _ID_LINKABLE, None,
              "the valid ID of another person (birth date or sex disagree)"),
    NoiseType("name_typo", {"enrolment": ("name",), "employment": ("name",),
                            "survey": ("name",)}, None,
              "one character of the name replaced by a look-alike or sound-alike"),
    NoiseType("identity_missing", {"enrolment": ("id_number",), "survey": ("id_number",)},
              "identity.missing", "no ID and no name (enrolment) or birth date (survey)"),
    NoiseType("required_missing", {"population": ("hukou_region",),
                                   "enrolment": ("scheme", "agency_region", "start_date",
                                                 "status"),
                                   "employment": ("employment_type",),
                                   "survey": ("visit_date",), "employer": ("employer_id",)},
              "required", "a required field left empty"),
    NoiseType("date_invalid", {"population": ("birth_date",),
                               "enrolment": ("start_date", "end_date", "last_paid"),
                               "employment": ("start_date",), "survey": ("visit_date",)},
              "date", "an impossible date (2017-02-30, 2017-13-01) or month (2017-13)"),
    NoiseType("code_unknown", {"population": ("sex",), "enrolment": ("scheme", "status", "sex"),
                               "employment": ("employment_type",), "survey": ("sex",),
                               "employer": ("size",)},
              "code", "a value outside the code list (OAI_XXX, paused, sex 3, casual, huge)"),
    NoiseType("region_unknown", {"enrolment": ("agency_region",), "employer": ("region",)},
              "region", "a six-digit region code that never existed"),
    NoiseType("employer_checksum", {"enrolment": ("employer_id",),
                                    "employment": ("employer_id",),
                                    "employer": ("employer_id",)},
              "employer.checksum", "the employer code's check character is wrong"),
    NoiseType("employer_length", {"enrolment": ("employer_id",), "employment": ("employer_id",),
                                  "employer": ("employer_id",)},
              "employer.length", "the employer code one character short or long"),
    NoiseType("employer_format", {"enrolment": ("employer_id",), "employment": ("employer_id",),
                                  "employer": ("employer_id",)},
              "employer.format", "a letter GB 32100 does not use (I, O, S, V, Z) in the code"),
    NoiseType("end_before_start", {"enrolment": ("end_date",), "employment": ("end_date",)},
              "date.order", "an end date before the start date"),
    NoiseType("number_invalid", {"enrolment": ("contribution_base",), "employer": ("employees",)},
              "number", "a negative number"),
)
NOISE = {t.name: t for t in CATALOGUE}
# Names of every injected thing a truth record can carry, as stored in records.parquet.
NOISE_NAMES = (*NOISE, *FINDINGS, "redelivery")
RULES = tuple(sorted({r for t in CATALOGUE for k in t.fields if (r := t.outcome(k))}))
FIELDS = tuple(sorted({f for t in CATALOGUE for fs in t.fields.values() for f in fs}))

_DEFAULT = {
    "id_checksum": 0.001, "id_typo": 0.001, "id_legacy15": 0.01, "id_fullwidth": 0.002,
    "id_lowercase_x": 0.05, "id_spaces": 0.003, "id_missing": 0.0005,
    "id_other_person": 0.0005, "name_typo": 0.005, "identity_missing": 0.0003,
    "required_missing": 0.0005, "date_invalid": 0.0005, "code_unknown": 0.0005,
    "region_unknown": 0.0003, "employer_checksum": 0.001, "employer_length": 0.0005,
    "employer_format": 0.0005, "end_before_start": 0.0005, "number_invalid": 0.0005,
    "double_oai": 0.03, "double_med": 0.04, "double_mi_res": 0.08,
    "duplicate_enrolment": 0.002, "deceased_active": 0.08,
}
_HEAVY = {
    "id_checksum": 0.02, "id_typo": 0.02, "id_legacy15": 0.10, "id_fullwidth": 0.02,
    "id_lowercase_x": 0.30, "id_spaces": 0.02, "id_missing": 0.01, "id_other_person": 0.01,
    "name_typo": 0.04, "identity_missing": 0.005, "required_missing": 0.01,
    "date_invalid": 0.01, "code_unknown": 0.01, "region_unknown": 0.01,
    "employer_checksum": 0.02, "employer_length": 0.01, "employer_format": 0.01,
    "end_before_start": 0.01, "number_invalid": 0.01,
    "double_oai": 0.08, "double_med": 0.10, "double_mi_res": 0.20,
    "duplicate_enrolment": 0.01, "deceased_active": 0.20,
}


@dataclass(frozen=True)
class ErrorRates:
    """The rate of every record error and finding (see the module docstring)."""

    id_checksum: float = 0.0
    id_typo: float = 0.0
    id_legacy15: float = 0.0
    id_fullwidth: float = 0.0
    id_lowercase_x: float = 0.0
    id_spaces: float = 0.0
    id_missing: float = 0.0
    id_other_person: float = 0.0
    name_typo: float = 0.0
    identity_missing: float = 0.0
    required_missing: float = 0.0
    date_invalid: float = 0.0
    code_unknown: float = 0.0
    region_unknown: float = 0.0
    employer_checksum: float = 0.0
    employer_length: float = 0.0
    employer_format: float = 0.0
    end_before_start: float = 0.0
    number_invalid: float = 0.0
    double_oai: float = _DEFAULT["double_oai"]
    double_med: float = _DEFAULT["double_med"]
    double_mi_res: float = _DEFAULT["double_mi_res"]
    duplicate_enrolment: float = _DEFAULT["duplicate_enrolment"]
    deceased_active: float = _DEFAULT["deceased_active"]

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0.0 <= v <= 1.0:
                raise ConfigError(f"error rate {f.name} = {v!r}: expected a number from 0 to 1")
        for kind in ("population", "enrolment", "employment", "survey", "employer"):
            total = sum(getattr(self, t.name) for t in CATALOGUE if kind in t.fields)
            if total > 1.0:
                raise ConfigError(f"error rates for {kind} records add up to {total:.3f}; a "
                                  "record gets at most one error, so they must add up to 1 "
                                  "or less")

    @classmethod
    def profile(cls, name: str) -> ErrorRates:
        """A named profile: ``none`` (no record errors), ``default`` or ``heavy``."""
        if name == "none":
            return cls()
        if name == "default":
            return cls(**_DEFAULT)
        if name == "heavy":
            return cls(**_HEAVY)
        raise ConfigError(f"errors = {name!r}: expected none, default, heavy or a YAML file "
                          "of rates")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def with_rates(self, **rates: float) -> ErrorRates:
        """A copy with some rates replaced; unknown names are an error that lists the known."""
        unknown = sorted(set(rates) - set(self.names()))
        if unknown:
            raise ConfigError(f"unknown error rate(s) {', '.join(unknown)}; known: "
                              f"{', '.join(self.names())}")
        return dataclasses.replace(self, **rates)

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def load(cls, spec: str | Path | ErrorRates) -> ErrorRates:
        """A profile name, or a YAML file: ``{base: default, rates: {name: rate, ...}}``.

        ``base`` (a profile, default ``none``) gives the rates not listed; a file may also
        list rates at its top level instead of under ``rates``.
        """
        if isinstance(spec, ErrorRates):
            return spec
        if str(spec) in PROFILES:
            return cls.profile(str(spec))
        path = Path(spec)
        if not path.is_file():
            raise ConfigError(f"errors = {str(spec)!r}: not none, default or heavy, and no "
                              "such YAML file")
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ConfigError(f"{path}: not valid YAML: {e}") from None
        if not isinstance(doc, dict):
            raise ConfigError(f"{path}: expected a mapping of error names to rates")
        base = str(doc.pop("base", "none"))
        rates: Any = doc.pop("rates", {})
        if not isinstance(rates, dict):
            raise ConfigError(f"{path}: rates: expected a mapping of error names to rates")
        rates = {**doc, **rates}
        try:
            return cls.profile(base).with_rates(**{str(k): v for k, v in rates.items()})
        except ConfigError as e:
            raise ConfigError(f"{path}: {e}") from None


# ---------------------------------------------------------------------------------------------
# Injection

_FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_BAD_CODES = {"scheme": "OAI_XXX", "status": "paused", "sex": "3", "employment_type": "casual",
              "size": "huge"}


@dataclass
class Injected:
    """The delivered columns of a table after injection, and what was done to each row."""

    columns: dict[str, pa.Array]
    noise: np.ndarray  # index into NOISE_NAMES + 1, 0 for none
    field: np.ndarray  # index into FIELDS, -1 for none (expected quarantine field)
    rule: np.ndarray   # index into RULES, -1 for none
    counts: dict[str, list[int]]


@dataclass
class RowFacts:
    """What the injector needs to know about each row to decide what applies."""

    born_1900s: np.ndarray
    id_x: np.ndarray           # the true ID ends in X
    finding: np.ndarray        # rows carrying a finding are left alone
    person: np.ndarray | None = None     # chunk person index (for id_other_person)
    other_id: Callable[[np.ndarray, random.Random], list[str]] | None = None


def _bad_date(v: str, r: random.Random) -> str:
    y, mo = v[:4], v[5:7]
    if len(v) == 7:  # a month
        return f"{y}-{r.choice(('13', '00'))}"
    d = v[8:10]
    return r.choice((f"{y}-02-30", f"{y}-13-{d}", f"{y}-04-31", f"{y}-00-{d}", f"{y}-{mo}-32"))


def _bad_employer(name: str, v: str, r: random.Random) -> str:
    if name == "employer_checksum":
        return v[:-1] + r.choice([c for c in _USCC if c != v[-1]])
    if name == "employer_length":
        return v[:-1] if r.random() < 0.5 else v + r.choice(_USCC)
    i = r.randrange(8, 17)
    return v[:i] + r.choice("IOSVZ") + v[i + 1:]


def _day_before(v: str, r: random.Random) -> str:
    d = np.datetime64(v, "D") - r.randint(1, 400)
    return str(d)


def inject(kind: str, columns: dict[str, pa.Array], facts: RowFacts, rates: ErrorRates,
           rng: np.random.Generator, *, quarantine: bool = True,
           unknown_regions: tuple[str, ...] = ("449999",)) -> Injected:
    """Give some rows of one delivered table one error each, at ``rates``.

    ``quarantine`` False allows only errors that leave the record accepted (used for
    the file that is re-sent and for the non-standard feed).
    """
    n = len(next(iter(columns.values())))
    types = [t for t in CATALOGUE if kind in t.fields
             and (quarantine or t.outcome(kind) is None)]
    rate = np.array([getattr(rates, t.name) for t in types])
    cum = np.cumsum(rate)
    u = rng.random(n)
    choice = np.searchsorted(cum, u, side="right")
    r = random.Random(int(rng.integers(0, 2**63)))
    noise = np.zeros(n, dtype=np.int16)
    field_i = np.full(n, -1, dtype=np.int16)
    rule_i = np.full(n, -1, dtype=np.int16)
    counts: dict[str, list[int]] = {}
    changes: dict[str, dict[int, str | None]] = {}
    free = facts.finding == 0

    def present(f: str) -> np.ndarray:
        col = columns.get(f)
        if col is None:
            return np.zeros(n, dtype=bool)
        return np.asarray(pc.is_valid(col).to_numpy(zero_copy_only=False))

    for k, t in enumerate(types):
        fs = t.fields[kind]
        # end_before_start writes an end date where there was none as well.
        avail = np.stack([present("start_date" if t.name == "end_before_start" else f)
                          for f in fs], axis=1)
        ok = free & avail.any(axis=1)
        if t.name == "id_legacy15":
            ok &= facts.born_1900s
        elif t.name == "id_lowercase_x":
            ok &= facts.id_x
        elif t.name == "id_other_person":
            ok &= facts.other_id is not None
        counts[t.name] = [int(ok.sum()), 0]
        rows = np.flatnonzero(ok & (choice == k))
        if rows.size == 0:
            continue
        counts[t.name][1] = int(rows.size)
        # Which field each row's error hits (among those the row has).
        if len(fs) == 1:
            targets = [fs[0]] * rows.size
        else:
            sub = avail[rows]
            kth = np.floor(rng.random(rows.size) * sub.sum(axis=1)).astype(np.int64)
            pick = (np.cumsum(sub, axis=1) <= kth[:, None]).sum(axis=1)
            targets = [fs[j] for j in pick.tolist()]
        outcome = t.outcome(kind)
        noise[rows] = NOISE_NAMES.index(t.name) + 1
        if outcome is not None:
            rule_i[rows] = RULES.index(outcome)
            expected = ["id_number" if outcome == "identity.missing" else f for f in targets]
            field_i[rows] = [FIELDS.index(f) for f in expected]
        _apply(t.name, kind, rows, targets, columns, changes, r, facts, unknown_regions)

    out = dict(columns)
    for col, ch in changes.items():
        mask = np.zeros(n, dtype=bool)
        idx = np.fromiter(ch.keys(), dtype=np.int64, count=len(ch))
        order = np.argsort(idx)
        mask[idx] = True
        vals = [ch[int(i)] for i in idx[order]]
        out[col] = pc.replace_with_mask(columns[col], pa.array(mask),
                                        pa.array(vals, type=pa.string()))
    return Injected(out, noise, field_i, rule_i, counts)


def _apply(name: str, kind: str, rows: np.ndarray, targets: list[str],
           columns: dict[str, pa.Array], changes: dict[str, dict[int, str | None]],
           r: random.Random, facts: RowFacts, unknown_regions: tuple[str, ...]) -> None:
    def old(col: str) -> list[Any]:
        return columns[col].take(pa.array(rows)).to_pylist()

    def put(col: str, values: Sequence[str | None]) -> None:
        ch = changes.setdefault(col, {})
        for i, v in zip(rows.tolist(), values, strict=True):
            ch[i] = v

    if name == "id_other_person":
        if facts.other_id is None:  # pragma: no cover - inject() checks applicability
            raise AssertionError("id_other_person needs donors")
        put("id_number", facts.other_id(rows, r))
        return
    if name == "identity_missing":
        put("id_number", [None] * rows.size)
        put("name" if kind == "enrolment" else "birth_date", [None] * rows.size)
        return
    if name == "end_before_start":
        put("end_date", [_day_before(v, r) for v in old("start_date")])
        return
    # Errors that change the one target field of each row.
    by_field: dict[str, list[int]] = {}
    for j, f in enumerate(targets):
        by_field.setdefault(f, []).append(j)
    for f, js in by_field.items():
        sub = rows[js]
        vals = columns[f].take(pa.array(sub)).to_pylist()
        new: list[str | None]
        if name == "id_checksum":
            new = [v[:-1] + r.choice([c for c in "0123456789X" if c != v[-1]]) for v in vals]
        elif name == "id_typo":
            new = []
            for v in vals:
                i = r.randrange(17)
                new.append(v[:i] + str((int(v[i]) + 1 + r.randrange(9)) % 10) + v[i + 1:])
        elif name == "id_legacy15":
            new = [v[:6] + v[8:17] for v in vals]
        elif name == "id_fullwidth":
            new = [v.translate(_FULLWIDTH) for v in vals]
        elif name == "id_lowercase_x":
            new = [v[:-1] + "x" for v in vals]
        elif name == "id_spaces":
            new = [r.choice((" " + v, v + " ", "  " + v + " ")) for v in vals]
        elif name in ("id_missing", "required_missing"):
            new = [None] * len(vals)
        elif name == "name_typo":
            new = [typo(v, r.randrange(1000)) for v in vals]
        elif name == "date_invalid":
            new = [_bad_date(v, r) for v in vals]
        elif name == "code_unknown":
            new = [_BAD_CODES[f]] * len(vals)
        elif name == "region_unknown":
            new = [r.choice(unknown_regions) for _ in vals]
        elif name.startswith("employer_"):
            new = [_bad_employer(name, v, r) for v in vals]
        elif name == "number_invalid":
            new = ["-" + v for v in vals]
        else:  # pragma: no cover - every catalogue entry is handled above
            raise AssertionError(name)
        ch = changes.setdefault(f, {})
        for i, v in zip(sub.tolist(), new, strict=True):
            ch[i] = v
