"""Error rates and the injection of record errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from unireg.errors import ConfigError
from unireg.generate.noise import (
    CATALOGUE,
    FIELDS,
    NOISE_NAMES,
    RULES,
    ErrorRates,
    RowFacts,
    inject,
)
from unireg.rules import employer, idnumber
from unireg.validate.catalogue import RULES as CATALOGUE_RULES


def test_profiles() -> None:
    none, default, heavy = (ErrorRates.profile(p) for p in ("none", "default", "heavy"))
    for t in CATALOGUE:
        assert getattr(none, t.name) == 0.0
        assert 0 < getattr(default, t.name) < getattr(heavy, t.name)
    # Findings are facts to find, not data errors: a clean province has them too.
    assert none.double_oai == default.double_oai > 0
    with pytest.raises(ConfigError, match="expected none, default, heavy"):
        ErrorRates.profile("extreme")


def test_rates_are_checked() -> None:
    with pytest.raises(ConfigError, match="id_typo = 2"):
        ErrorRates(id_typo=2)
    with pytest.raises(ConfigError, match="add up to"):
        ErrorRates(id_typo=0.6, id_checksum=0.6)
    with pytest.raises(ConfigError, match="unknown error rate"):
        ErrorRates().with_rates(id_tpyo=0.1)


def test_yaml_rates(tmp_path: Path) -> None:
    f = tmp_path / "rates.yaml"
    f.write_text("base: default\nrates:\n  id_typo: 0.25\nname_typo: 0.1\n", encoding="utf-8")
    r = ErrorRates.load(str(f))
    assert (r.id_typo, r.name_typo) == (0.25, 0.1)
    assert r.id_checksum == ErrorRates.profile("default").id_checksum
    f.write_text("rates: {nope: 1}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nope"):
        ErrorRates.load(str(f))
    with pytest.raises(ConfigError, match="no such YAML file"):
        ErrorRates.load(str(tmp_path / "missing.yaml"))


def test_outcomes_use_catalogue_rules() -> None:
    assert set(RULES) <= set(CATALOGUE_RULES)
    for t in CATALOGUE:
        for kind in t.fields:
            rule = t.outcome(kind)
            assert rule is None or CATALOGUE_RULES[rule].action == "quarantine"
    assert "id_number" in FIELDS and len(set(NOISE_NAMES)) == len(NOISE_NAMES)


def _valid_id(body16: str, want_x: bool) -> str:
    """A valid ID from 16 digits plus a sequence digit chosen for (or against) a final X."""
    for d in "0123456789":
        c = idnumber.check_char(body16 + d)
        if (c == "X") == want_x:
            return body16 + d + c
    raise AssertionError(body16)  # pragma: no cover


ID_X = _valid_id("4403051990030730", True)
ID_DIGIT = _valid_id("1101041990030780", False)
OTHER = _valid_id("4401061985061210", False)


def _enrolments(n: int) -> dict[str, pa.Array]:
    ids = [ID_X if i % 2 else ID_DIGIT for i in range(n)]
    return {
        "record_id": pa.array([f"R{i}" for i in range(n)]), "id_number": pa.array(ids),
        "name": pa.array(["陈伟"] * n), "sex": pa.array(["1"] * n),
        "birth_date": pa.array(["1990-03-07"] * n), "scheme": pa.array(["OAI_EMP"] * n),
        "agency_region": pa.array(["440300"] * n),
        "employer_id": pa.array(["91110000600037341L"] * n),
        "start_date": pa.array(["2015-06-01"] * n), "end_date": pa.array([None] * n, pa.string()),
        "status": pa.array(["contributing"] * n), "last_paid": pa.array(["2017-12"] * n),
        "contribution_base": pa.array(["5000"] * n),
    }


@pytest.mark.parametrize("name", [t.name for t in CATALOGUE if "enrolment" in t.fields])
def test_each_error_does_what_it_says(name: str) -> None:
    n = 400
    cols = _enrolments(n)
    facts = RowFacts(born_1900s=np.ones(n, bool), id_x=np.arange(n) % 2 == 1,
                     finding=np.zeros(n, np.int8), person=np.arange(n),
                     other_id=lambda rows, r: [OTHER] * rows.size)
    rates = ErrorRates().with_rates(**{name: 0.5})
    got = inject("enrolment", cols, facts, rates, np.random.default_rng(9),
                 unknown_regions=("449999",))
    hit = np.flatnonzero(got.noise > 0)
    assert got.counts[name][1] == hit.size > 0
    assert (got.noise[hit] == NOISE_NAMES.index(name) + 1).all()
    for i in hit.tolist():
        new = {k: v[i].as_py() for k, v in got.columns.items()}
        old = {k: v[i].as_py() for k, v in cols.items()}
        changed = {k for k in new if new[k] != old[k]}
        assert changed, (name, i)
        rule = RULES[got.rule[i]] if got.rule[i] >= 0 else None
        field = FIELDS[got.field[i]] if got.field[i] >= 0 else None
        ident = idnumber.check(new["id_number"]) if new["id_number"] else None
        if name.startswith("id_"):
            assert changed == {"id_number"} and rule is None
            if name in ("id_checksum", "id_typo"):
                assert ident is not None and "id.checksum" in ident.errors
            elif name in ("id_missing",):
                assert ident is None
            else:
                assert ident is not None and ident.valid
        elif name == "identity_missing":
            assert changed == {"id_number", "name"} and (field, rule) == ("id_number",
                                                                         "identity.missing")
        elif name.startswith("employer_"):
            assert (field, rule) == ("employer_id", name.replace("_", "."))
            assert employer.check(new["employer_id"]) == (rule,)
        elif name == "end_before_start":
            assert (field, rule) == ("end_date", "date.order")
            assert new["end_date"] < new["start_date"]
        elif name == "name_typo":
            assert changed == {"name"} and rule is None
        else:
            assert changed == {field} and rule is not None
    untouched = np.flatnonzero(got.noise == 0)
    for k in cols:
        assert got.columns[k].take(pa.array(untouched)) == cols[k].take(pa.array(untouched))


def test_findings_and_unlisted_kinds_are_left_alone() -> None:
    n = 200
    cols = _enrolments(n)
    facts = RowFacts(born_1900s=np.ones(n, bool), id_x=np.ones(n, bool),
                     finding=np.ones(n, np.int8))
    got = inject("enrolment", cols, facts, ErrorRates.profile("heavy"),
                 np.random.default_rng(10))
    assert (got.noise == 0).all()
    facts.finding[:] = 0
    got = inject("enrolment", cols, facts, ErrorRates.profile("heavy"),
                 np.random.default_rng(10), quarantine=False)
    assert (got.rule < 0).all() and (got.noise > 0).any()
