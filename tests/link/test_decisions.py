"""Clerical decisions apply to every later build; unmerge restores the state before the link."""

from __future__ import annotations

from pathlib import Path

import pytest

from unireg.link.decisions import DecisionError, decide, rebuild, unmerge

from .conftest import digests, query


@pytest.fixture(scope="module")
def small_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from unireg.generate import generate

    from .conftest import REF

    out = tmp_path_factory.mktemp("link-small") / "delivery"
    generate(out, persons=2500, seed=43, reference_date=REF, errors="heavy")
    return out


@pytest.fixture()
def workspace(small_province: Path, tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    ws = tmp_path / "ws"
    build(small_province, ws, settings)
    return ws


@pytest.mark.slow
def test_clerical_link_then_unmerge_restores_every_export(workspace: Path, settings) -> None:  # type: ignore[no-untyped-def]
    before = digests(workspace / "exports")
    case_id, cand = query(workspace, """
        SELECT q.case_id, c.candidate_key FROM review_queue q
        JOIN review_candidates c ON c.case_id = q.case_id AND c.candidate_rank = 1
        WHERE c.candidate_key IS NOT NULL ORDER BY q.case_id LIMIT 1""")[0]
    source, row_ref = case_id.rsplit(":", 1)

    decide(workspace, case_id, "link", by="li.na", reason="same household address")
    rebuild(workspace, settings)
    assert query(workspace, "SELECT method, person_key FROM link_records WHERE _source = ? "
                            "AND _row_ref = ?", [source, row_ref]) == [("clerical", cand)]
    assert query(workspace, "SELECT count(*) FROM review_queue WHERE case_id = ?",
                 [case_id]) == [(0,)]
    linked = digests(workspace / "exports")
    assert linked["links.parquet"] != before["links.parquet"]

    rebuild(workspace, settings)                      # a later build keeps the decision
    assert digests(workspace / "exports") == linked

    rec = unmerge(workspace, record=case_id, by="li.na", reason="wrong person after all")
    assert rec.records == (case_id,)
    rebuild(workspace, settings)
    assert digests(workspace / "exports") == before   # exactly the state before the link
    who = query(workspace, "SELECT decided_by, reason, revoked_by, revoke_reason FROM "
                           "link_decisions WHERE method = 'clerical'")
    assert who == [("li.na", "same household address", "li.na", "wrong person after all")]


@pytest.mark.slow
def test_unmerging_an_automatic_link_keeps_it_undone(workspace: Path, settings) -> None:  # type: ignore[no-untyped-def]
    source, row_ref, key = query(workspace, """
        SELECT _source, _row_ref, person_key FROM link_records WHERE method = 'probabilistic'
        ORDER BY kind_order, _file, _row LIMIT 1""")[0]
    persons_before = query(workspace, "SELECT count(*) FROM persons")[0][0]
    unmerge(workspace, record=f"{source}:{row_ref}", by="wang.fang", reason="two people")
    rebuild(workspace, settings)
    method, new_key = query(workspace, "SELECT method, person_key FROM link_records WHERE "
                                       "_source = ? AND _row_ref = ?", [source, row_ref])[0]
    assert new_key != key and method in ("provisional", "review")
    # coverage recomputed: the record now stands for a person of its own
    assert query(workspace, "SELECT count(*) FROM persons")[0][0] == persons_before + 1
    rebuild(workspace, settings)
    assert query(workspace, "SELECT person_key <> ? FROM link_records WHERE _source = ? AND "
                            "_row_ref = ?", [key, source, row_ref]) == [(True,)]


@pytest.mark.slow
def test_distinct_closes_the_case(workspace: Path, settings) -> None:  # type: ignore[no-untyped-def]
    case_id = query(workspace, "SELECT case_id FROM review_queue WHERE candidate_key IS NOT NULL "
                               "AND candidates = 1 ORDER BY case_id LIMIT 1")[0][0]
    decide(workspace, case_id, "distinct", by="li.na", reason="different father's name")
    rebuild(workspace, settings)
    assert query(workspace, "SELECT count(*) FROM review_queue WHERE case_id = ?",
                 [case_id]) == [(0,)]


def test_bad_decisions_are_refused(workspace: Path) -> None:
    with pytest.raises(DecisionError, match="not an open review case"):
        decide(workspace, "nowhere:1", "link", by="x", reason="y")
    with pytest.raises(DecisionError, match="SOURCE:ROW_REF"):
        decide(workspace, "nocolon", "link", by="x", reason="y")
    with pytest.raises(DecisionError, match="--by"):
        decide(workspace, "a:1", "link", by=" ", reason="y")
    with pytest.raises(DecisionError, match="link or distinct"):
        decide(workspace, "a:1", "merge", by="x", reason="y")
    # a person every record of whom is linked by ID (not any 'id' row: its person may also
    # have a record linkage tied to it, which can be unmerged)
    key = query(workspace, "SELECT person_key FROM link_records GROUP BY person_key "
                           "HAVING bool_and(method = 'id') ORDER BY person_key LIMIT 1")[0][0]
    with pytest.raises(DecisionError, match="cannot be unmerged"):
        unmerge(workspace, person_key=key, by="x", reason="y")
    with pytest.raises(DecisionError, match="one record"):
        unmerge(workspace, by="x", reason="y")
