"""The generator's events mode: reproducible, realistic in kind, broken only when asked."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from unireg.generate import generate_events


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_same_inputs_same_bytes(province: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p"
    shutil.copytree(province, copy, ignore=shutil.ignore_patterns("events"))
    result = generate_events(copy, 2018)
    for name in ("events-2018.csv", "truth/events-2018.parquet", "truth/persons-2018.parquet",
                 "truth/enrolments-2018.parquet"):
        assert _sha(copy / "events" / name) == _sha(province / "events" / name), name
    assert {"birth", "death", "migration", "transfer", "employment_start", "employment_end",
            "enrolment_start", "enrolment_end", "emigration"} <= set(result.by_type)


def test_without_errors(province: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p"
    shutil.copytree(province, copy, ignore=shutil.ignore_patterns("events"))
    result = generate_events(copy, 2018, errors=False)
    assert result.noise == {}
    truth = pq.read_table(copy / "events" / "truth" / "events-2018.parquet").to_pylist()
    # only what happens on its own: events sent about someone already dead
    assert {t["expected_rule"] for t in truth} <= {None, "event.after_death"}
