"""Chinese names: frequencies, typos, GBK."""

from __future__ import annotations

import numpy as np

from unireg.generate.names import CONFUSIONS, FEMALE_CHARS, MALE_CHARS, SURNAMES, make_names, typo


def test_every_character_has_a_confusion_and_is_gbk() -> None:
    for ch in MALE_CHARS + FEMALE_CHARS:
        assert ch in CONFUSIONS, ch
    for s, *_ in SURNAMES:
        assert any(ch in CONFUSIONS for ch in s), s
    text = "".join(CONFUSIONS) + "".join(CONFUSIONS.values()) + "".join(s for s, *_ in SURNAMES)
    text.encode("gbk")  # raises if any character is not in GBK
    assert all(k != v for k, v in CONFUSIONS.items())


def test_names_follow_surname_frequencies() -> None:
    rng = np.random.default_rng(6)
    n = 20_000
    sex = rng.integers(1, 3, n)
    national = make_names(rng, sex, np.zeros(n, dtype=bool)).to_pylist()
    gd = make_names(rng, sex, np.ones(n, dtype=bool)).to_pylist()

    def share(names: list[str], s: str) -> float:
        return sum(x.startswith(s) for x in names) / n

    assert 0.06 < share(national, "王") < 0.11
    assert share(gd, "陈") > share(gd, "王") * 2
    assert all(2 <= len(x) <= 4 for x in national)


def test_typo_changes_one_character() -> None:
    for name in ("陈伟", "欧阳娜", "李静怡"):
        for pick in range(5):
            t = typo(name, pick)
            assert len(t) == len(name)
            assert sum(a != b for a, b in zip(t, name, strict=True)) == 1
