"""The worked example of docs/linkage.md: another country's person file (Latin names, Luhn IDs).

The example's code block is run as written; the test then measures it against
the truth the example's tiny generator keeps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).parents[2] / "docs" / "linkage.md"


def example_code() -> str:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- worked-example -->\s*```python\n(.*?)```", text, re.S)
    assert m, "docs/linkage.md lost its worked example"
    return m.group(1)


@pytest.fixture(scope="module")
def example() -> dict:  # type: ignore[type-arg]
    ns: dict = {"__name__": "linkage_example"}  # type: ignore[type-arg]
    exec(compile(example_code(), str(DOC), "exec"), ns)  # noqa: S102 - our own documentation
    return ns


def test_example_links_without_usable_numbers_precisely(example: dict) -> None:  # type: ignore[type-arg]
    res, truth = example["result"].to_pylist(), example["truth"]
    links = [r for r in res if r["method"] == "probabilistic"]
    correct = sum(r["person_id"] == truth[r["record_id"]] for r in links)
    needing = [r for r in res if r["method"] != "id" and truth[r["record_id"]] is not None
               and r["record_id"] not in example["borrowed"]]
    assert len(links) > 300
    assert correct / len(links) >= 0.995
    assert correct / len(needing) >= 0.97


def test_example_never_overrules_a_valid_number(example: dict) -> None:  # type: ignore[type-arg]
    res = {r["record_id"]: r for r in example["result"].to_pylist()}
    for rid in example["borrowed"]:
        assert res[rid]["method"] in ("review", "id")


def test_example_never_links_people_the_register_lacks(example: dict) -> None:  # type: ignore[type-arg]
    """They become new persons (``N…``), or go to review when a namesake born the same day
    lives in the same district; they are never linked."""
    res, truth = example["result"].to_pylist(), example["truth"]
    new = [r for r in res if truth[r["record_id"]] is None]
    assert new and all(r["method"] in ("provisional", "review") for r in new)
    assert all(r["person_id"].startswith("N") for r in new if r["method"] == "provisional")
    assert sum(r["method"] == "provisional" for r in new) >= 0.9 * len(new)
