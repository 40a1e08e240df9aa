"""True ID numbers: check characters, unique sequences across chunks, legacy form."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from unireg.generate.identity import (
    IdentityError,
    SequenceAllocator,
    body17,
    check_index,
    id_strings,
    legacy15,
)
from unireg.rules import idnumber


def test_check_index_agrees_with_the_rule_module() -> None:
    rng = np.random.default_rng(1)
    bodies = rng.integers(10**16, 10**17, 2000, dtype=np.int64)
    got = [idnumber.CHECK_CHARS[i] for i in check_index(bodies)]
    want = [idnumber.check_char(str(b)) for b in bodies.tolist()]
    assert got == want


def _day(d: str) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def test_allocator_is_unique_across_chunks_and_keeps_sex_parity() -> None:
    alloc = SequenceAllocator(np.random.default_rng(2))
    region = np.full(300, 440305, dtype=np.int32)
    birth = np.full(300, _day("1990-03-07"), dtype=np.int32)
    sex = np.tile(np.array([1, 2], dtype=np.int8), 150)
    ids: list[str] = []
    for _ in range(3):  # the same 300 keys in three chunks: 900 numbers, 450 per sex
        seq = alloc.allocate(region, birth, sex)
        assert ((seq % 2 == 1) == (sex == 1)).all()
        assert seq.min() >= 1 and seq.max() <= 999
        body = body17(region, birth, seq)
        ids += id_strings(body, check_index(body)).to_pylist()
    assert len(set(ids)) == 900
    ref = dt.date(2017, 12, 31)
    assert all(idnumber.check(i, ref).valid for i in ids)
    checked = idnumber.check(ids[0], ref)
    assert checked.birth_date == dt.date(1990, 3, 7) and checked.region == "440305"


def test_allocator_refuses_to_reuse_numbers() -> None:
    alloc = SequenceAllocator(np.random.default_rng(3))
    region = np.full(499, 440305, dtype=np.int32)
    birth = np.full(499, _day("1990-03-07"), dtype=np.int32)
    seq = alloc.allocate(region, birth, np.full(499, 2, dtype=np.int8))  # 499 even numbers
    assert len(set(seq.tolist())) == 499
    with pytest.raises(IdentityError):
        alloc.allocate(region[:1], birth[:1], np.full(1, 2, dtype=np.int8))


def test_sequences_vary_between_keys() -> None:
    alloc = SequenceAllocator(np.random.default_rng(4))
    days = np.arange(_day("1980-01-01"), _day("1980-01-01") + 400).astype(np.int32)
    seq = alloc.allocate(np.full(days.size, 440305, np.int32), days, np.ones(days.size, np.int8))
    assert len(set(seq.tolist())) > 200  # not one "first" sequence for everyone


def test_legacy15_upgrades_back() -> None:
    assert idnumber.upgrade15(legacy15("110104199003078039")) == "110104199003078039"
