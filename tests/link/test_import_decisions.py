"""Decisions officers took in the console come back through `unireg link import`.

The file is written in the service's own export layout (``LINKAGE_FIELDS``),
so a change on either side that breaks the hand-over fails here.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from unireg.cli import main
from unireg.link.decisions import DecisionError, import_decisions, rebuild
from unireg.service.events import LINKAGE_FIELDS

from .conftest import query


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, settings) -> Path:  # type: ignore[no-untyped-def]
    from unireg.generate import generate
    from unireg.pipeline.build import build

    from .conftest import REF

    root = tmp_path_factory.mktemp("import-decisions")
    generate(root / "delivery", persons=2500, seed=47, reference_date=REF, errors="heavy")
    build(root / "delivery", root / "ws", settings)
    return root / "ws"


@pytest.fixture()
def workspace(built: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(built, ws)
    return ws


def cases(ws: Path, n: int) -> list[tuple[str, str, str]]:
    """(source, row_ref, rank-1 candidate) of ``n`` open review cases."""
    return query(ws, f"""
        SELECT q.source, q.row_ref, c.candidate_key FROM review_queue q
        JOIN review_candidates c ON c.case_id = q.case_id AND c.candidate_rank = 1
        WHERE c.candidate_key IS NOT NULL ORDER BY q.case_id LIMIT {n}""")


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, LINKAGE_FIELDS)
        w.writeheader()
        w.writerows(rows)
    return path


def row(source: str, row_ref: str, key: str, decision: str, **kw: str) -> dict[str, str]:
    return {"source": source, "row_ref": row_ref, "person_key": key, "decision": decision,
            "decided_by": kw.get("by", "wang.fang"), "decided_at": "2018-01-05T09:30:00Z",
            "reason": kw.get("reason", "checked the household book")}


def test_imported_decisions_apply_and_are_not_repeated(workspace: Path, tmp_path: Path,
                                                       settings) -> None:  # type: ignore[no-untyped-def]
    (s1, r1, k1), (s2, r2, k2) = cases(workspace, 2)
    f = write(tmp_path / "linkage-decisions-20180105-093000.csv",
              [row(s1, r1, k1, "link"), row(s2, r2, k2, "distinct")])
    rec = import_decisions(workspace, [f])
    assert rec.records == (f"{s1}:{r1}", f"{s2}:{r2}") and rec.already == 0
    assert query(workspace, "SELECT source, row_ref, person_key, decision, decided_by, "
                            "CAST(decided_at AS VARCHAR) FROM link_decisions WHERE method = "
                            "'clerical' ORDER BY source, row_ref") == sorted([
        (s1, r1, k1, "link", "wang.fang", "2018-01-05 09:30:00"),
        (s2, r2, k2, "distinct", "wang.fang", "2018-01-05 09:30:00")])

    rebuild(workspace, settings)
    assert query(workspace, "SELECT method, person_key FROM link_records WHERE _source = ? "
                            "AND _row_ref = ?", [s1, r1]) == [("clerical", k1)]
    assert query(workspace, "SELECT person_key <> ? FROM link_records WHERE _source = ? "
                            "AND _row_ref = ?", [k2, s2, r2]) == [(True,)]

    again = import_decisions(workspace, [f])        # the service exports them whole each time
    assert again.decision_ids == () and again.already == 2


def test_one_bad_row_records_nothing_and_names_file_row_field(workspace: Path,
                                                              tmp_path: Path) -> None:
    (s1, r1, k1), (s2, r2, _) = cases(workspace, 2)
    stranger = query(workspace, "SELECT person_key FROM persons WHERE length(person_key) = 18 "
                                "AND person_key <> ? ORDER BY person_key DESC LIMIT 1",
                     [k1])[0][0]
    f = write(tmp_path / "linkage-decisions.csv",
              [row(s1, r1, k1, "link"), row(s2, r2, stranger, "link")])
    with pytest.raises(DecisionError) as err:
        import_decisions(workspace, [f])
    msg = str(err.value)
    assert f"{f}: row 3: person_key" in msg and "not a candidate" in msg
    assert stranger not in msg                      # the ID is masked
    assert query(workspace, "SELECT count(*) FROM link_decisions "
                            "WHERE method = 'clerical'") == [(0,)]

    f2 = write(tmp_path / "bad-date.csv", [{**row(s1, r1, k1, "link"), "decided_at": "5/1/2018"}])
    with pytest.raises(DecisionError, match=r"row 2: decided_at"):
        import_decisions(workspace, [f2])
    f3 = tmp_path / "no-header.csv"
    f3.write_text("source,row_ref\nx,y\n", encoding="utf-8")
    with pytest.raises(DecisionError, match=r"row 1 \(header\): missing column"):
        import_decisions(workspace, [f3])


def test_cli_import(workspace: Path, tmp_path: Path) -> None:
    (s1, r1, k1), = cases(workspace, 1)
    f = write(tmp_path / "d.csv", [row(s1, r1, k1, "link")])
    result = CliRunner().invoke(main, ["link", "import", "-w", str(workspace), str(f),
                                       "--no-rebuild", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"recorded": 1, "already": 0, "cases": [f"{s1}:{r1}"]}
