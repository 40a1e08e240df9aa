"""Linkage against the generator's truth (issue 4 acceptance): heavy ID errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from unireg.link.report import linkage_report

from .conftest import digests


def test_precision_and_recall_on_records_without_usable_ids(heavy_province: Path,
                                                            registry) -> None:  # type: ignore[no-untyped-def]
    acc = linkage_report(registry, heavy_province / "truth")["accuracy"]["no_usable_id"]
    assert acc["records"] > 300            # enough set-aside records to measure
    assert acc["precision"] >= 0.995, acc
    assert acc["recall"] >= 0.97, acc


def test_records_with_someone_elses_id_go_to_review_with_the_true_person_first(
        heavy_province: Path, registry) -> None:  # type: ignore[no-untyped-def]
    rep = linkage_report(registry, heavy_province / "truth")
    other = rep["accuracy"]["other_persons_id"]
    assert other["records"] > 20
    assert other["links"] == 0             # a valid ID is never overruled automatically
    assert rep["accuracy"]["review_true_person_first"] >= 0.95


def test_no_person_holds_two_valid_ids(registry) -> None:  # type: ignore[no-untyped-def]
    """Zero automatic merges of distinct valid IDs: every record carrying a valid ID belongs
    to the person of that ID, or is in review on its own."""
    # each record's checked ID from the validation views: link_records keeps it only for the
    # records the ID did not link (``_id18_unlinked``)
    checked = " UNION ALL ".join(f"SELECT _file, _row, _id18 FROM rec_{k}"
                                 for k in ("population", "enrolment", "employment", "survey"))
    links = f"""(SELECT l.*, r._id18 FROM link_records l
                 JOIN ({checked}) r ON r._file = l._file AND r._row = l._row)"""
    bad = registry.sql(f"""
        SELECT person_key, count(DISTINCT _id18) FROM {links}
        WHERE _id_issue IS NULL AND _id18 IS NOT NULL AND method <> 'review'
        GROUP BY person_key HAVING count(DISTINCT _id18) > 1 OR any_value(_id18) <> person_key
    """).fetchall()
    assert bad == []
    linked_elsewhere = registry.sql(f"""
        SELECT count(*) FROM {links} WHERE method = 'probabilistic'
        AND _id_issue IS NULL AND _id18 IS NOT NULL AND _id18 <> person_key""").fetchall()
    assert linked_elsewhere == [(0,)]
    # the ID is kept apart only where it did not link the record
    assert registry.sql(f"""
        SELECT count(*) FROM {links} WHERE _id18_unlinked IS DISTINCT FROM
          CASE WHEN method = 'id' THEN NULL ELSE _id18 END""").fetchall() == [(0,)]


def test_a_person_known_by_a_valid_id_keeps_it_whatever_record_comes_first(
        registry) -> None:  # type: ignore[no-untyped-def]
    """data-standard §5: ``person_key`` is the person's valid ID number. A person's first
    record (by file and row) may be one linked to them by name and birth date, with a
    damaged number: the person still has the valid one (and may use the citizen service)."""
    first_linked_otherwise = registry.sql("""
        SELECT count(*) FROM (
          SELECT person_key, arg_min(method, struct_pack(f := _file, r := _row)) AS first,
                 bool_or(method = 'id') AS has_id
          FROM link_records GROUP BY person_key)
        WHERE has_id AND first <> 'id'""").fetchall()[0][0]
    assert first_linked_otherwise > 10  # the case arises in this province
    bad = registry.sql("""
        SELECT count(*) FROM persons p
        WHERE EXISTS (SELECT 1 FROM link_records l
                      WHERE l.person_key = p.person_key AND l.method = 'id')
          AND (p.id_number IS DISTINCT FROM p.person_key OR NOT p.id_valid)""").fetchall()[0][0]
    assert bad == 0
    # and the others (new persons) have no valid ID
    assert registry.sql("SELECT count(*) FROM persons WHERE person_key LIKE 'P%' AND id_valid"
                        ).fetchall()[0][0] == 0


def test_link_records_keeps_its_columns(registry) -> None:  # type: ignore[no-untyped-def]
    cols = [r[0] for r in registry.sql("DESCRIBE link_records").fetchall()]
    assert cols == ["kind", "kind_order", "_source", "_file", "_row", "_row_ref",
                    "_id18_unlinked", "_id_issue", "name", "sex", "birth_date", "method", "score",
                    "person_key"]
    methods = {r[0] for r in registry.sql("SELECT DISTINCT method FROM link_records").fetchall()}
    assert methods <= {"id", "probabilistic", "clerical", "review", "provisional"}
    assert "probabilistic" in methods


def test_new_persons_are_numbered_in_delivery_order(registry) -> None:  # type: ignore[no-untyped-def]
    """P keys are contiguous, and numbered by each new person's first record."""
    rows = registry.sql("""
        SELECT person_key FROM link_records WHERE person_key LIKE 'P%'
        ORDER BY kind_order, _file, _row""").fetchall()
    firsts = list(dict.fromkeys(k for (k,) in rows))
    assert firsts == [f"P{i:09d}" for i in range(1, len(firsts) + 1)]


def test_report_counts_agree_with_the_links(heavy_build, registry) -> None:  # type: ignore[no-untyped-def]
    _, summary = heavy_build
    rep = linkage_report(registry)
    assert rep["records"].get("review", 0) == summary.review == rep["review_cases"]
    assert rep["records"].get("provisional", 0) == summary.provisional
    assert sum(rep["unresolved"].values()) == rep["unresolved_total"]
    assert 0.5 < rep["rho"] <= 1


@pytest.mark.slow
def test_same_inputs_same_links(heavy_province: Path, heavy_build, tmp_path: Path,
                                settings) -> None:  # type: ignore[no-untyped-def]
    from unireg.pipeline.build import build

    ws, _ = heavy_build
    build(heavy_province, tmp_path / "again", settings)
    assert digests(tmp_path / "again/exports") == digests(ws / "exports")
