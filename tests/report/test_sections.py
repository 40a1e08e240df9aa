"""The report's figures equal SQL over the exports (data functions of unireg.report.sections)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from unireg.plan.workspace import open_workspace
from unireg.report import charts, geo, labels, model
from unireg.report.labels import LABELS, Labels
from unireg.report.sections import Context, cases, cover, coverage, frame, pyramid, quality
from unireg.report.sections import uninsured as unins

REF = "DATE '2017-12-31'"
IN_SCOPE = (f"p.in_frame AND p.birth_date <= {REF} AND "
            f"(coalesce(p.status, 'living') = 'living' OR p.status_date > {REF})")


@pytest.fixture(scope="module")
def ctx(ws2017: Path):  # type: ignore[no-untyped-def]
    with open_workspace(ws2017) as reg:
        t = Labels("en", reg.profile)
        yield Context(reg=reg, t=t, groups=[(g, t(g)) for g in reg.profile.groups],
                      focus=["440000"])


@pytest.fixture(scope="module")
def ex(ws2017: Path, open_exports):  # type: ignore[no-untyped-def]
    return open_exports(ws2017)


@pytest.mark.parametrize("module", [model, labels, charts, geo])
def test_doctests(module) -> None:  # type: ignore[no-untyped-def]
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def test_headline_and_counts(ctx, ex) -> None:  # type: ignore[no-untyped-def]
    got = {r["scheme_group"]: (r["in_scope"], r["insured"], r["target"], r["target_insured"],
                               round(r["target_rate"], 9)) for r in cover.headline_rows(ctx)}
    want = {g: (a, b, c, d, round(e, 9)) for g, a, b, c, d, e in ex.execute(
        "SELECT scheme_group, in_scope, insured, target, target_insured, target_rate "
        "FROM coverage_summary WHERE level = 'nation'").fetchall()}
    assert got == want and len(got) == 5
    c = cover.counts(ctx)
    one = lambda sql: ex.execute(sql).fetchone()[0]  # noqa: E731
    assert c["quarantined"] == one("SELECT sum(quarantined) FROM reconciliation") > 0
    assert c["rows_read"] == one("SELECT sum(rows_read) FROM reconciliation")
    assert c["persons"] == one("SELECT count(*) FROM persons")
    assert c["in_scope"] == one(f"SELECT count(*) FROM persons p WHERE {IN_SCOPE}")
    assert c["multiple_affiliation"] == one("SELECT count(*) FROM multiple_affiliation") > 0
    assert c["deceased_active"] == one("SELECT count(*) FROM deceased_active") > 0
    assert c["uninsured"] == one("SELECT count(*) FROM uninsured")
    files = {r["file"]: (r["rows_read"], r["accepted"], r["quarantined"])
             for r in cover.inputs_rows(ctx)}
    assert files == {f: (a, b, c) for f, a, b, c in ex.execute(
        "SELECT file, rows_read, accepted, quarantined FROM reconciliation").fetchall()}
    assert all(len(r["sha256"]) == 12 for r in cover.inputs_rows(ctx))


@pytest.mark.parametrize("level", ["province", "prefecture", "county"])
def test_coverage_by_level(ctx, ex, level: str) -> None:  # type: ignore[no-untyped-def]
    got = {(r["region"], r["scheme_group"]): (r["target"], r["target_insured"])
           for r in coverage.level_rows(ctx, level)}
    want = {(r, g): (t, i) for r, g, t, i in ex.execute(
        "SELECT region, scheme_group, target, target_insured FROM coverage_summary "
        "WHERE level = ?", [level]).fetchall()}
    assert got == want and got


def test_frame(ctx, ex) -> None:  # type: ignore[no-untyped-def]
    rows = {r["province"]: r for r in frame.frame_rows(ctx)}
    want = ex.execute(f"""
        SELECT substr(p.residence_region, 1, 2) || '0000', count(*),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM links l WHERE l.person_key = p.person_key
                   AND l.kind IN ('enrolment', 'employment', 'survey')))
        FROM persons p WHERE {IN_SCOPE} GROUP BY 1""").fetchall()
    assert want
    for prov, n, registered in want:
        assert (rows[prov]["frame"], rows[prov]["registered"]) == (n, registered)
        assert rows[prov]["registered_rate"] == pytest.approx(registered / n)
    outside = ex.execute("SELECT count(*) FROM persons WHERE NOT in_frame").fetchone()[0]
    assert sum(r["outside_frame"] for r in rows.values()) == outside


def test_pyramid(ctx, ex) -> None:  # type: ignore[no-untyped-def]
    got: dict[tuple[str, str, str], int] = {}
    for r in pyramid.pyramid_rows(ctx):
        key = (r["scheme_group"], r["sex"], r["status"])
        got[key] = got.get(key, 0) + r["n"]
    want = {(g, s, "insured" if i else "uninsured"): n for g, s, i, n in ex.execute("""
        SELECT c.scheme_group, p.sex, c.insured, count(*) FROM coverage c
        JOIN persons p USING (person_key) WHERE c.in_target AND p.sex IN ('1', '2')
        GROUP BY ALL""").fetchall()}
    assert got == want
    bands = {r["band"] for r in pyramid.pyramid_rows(ctx)}
    assert bands <= set(pyramid.BANDS) and "85+" in pyramid.BANDS


def test_uninsured(ctx, ex) -> None:  # type: ignore[no-untyped-def]
    got = {(r["scheme_group"], r["reason"]): r["n"] for r in unins.reason_rows(ctx)}
    want = dict(((g, r), n) for g, r, n in ex.execute(
        "SELECT scheme_group, reason, count(*) FROM uninsured GROUP BY ALL").fetchall())
    assert got == want
    tg = {(r["target_group"], r["scheme_group"]): r["n"] for r in unins.target_group_rows(ctx)}
    for name, cond in (("migrant", "p.residence_region <> p.hukou_region"),
                       ("rural", "p.hukou_type = 'rural'")):
        for g, n in ex.execute(f"""SELECT u.scheme_group, count(*) FROM uninsured u
                                   JOIN persons p USING (person_key) WHERE {cond}
                                   GROUP BY ALL""").fetchall():
            assert tg[(name, g)] == n, (name, g)
    assert sum(tg.values()) > 0


def test_cases(ctx, ex) -> None:  # type: ignore[no-untyped-def]
    got = {(r["rule"], r["scheme_group"]): r["n"] for r in cases.rule_rows(ctx)}
    assert got == dict(((r, g), n) for r, g, n in ex.execute(
        "SELECT rule, scheme_group, count(*) FROM multiple_affiliation GROUP BY ALL").fetchall())
    regions = {r["region"]: r for r in cases.region_rows(ctx)}
    for region, n in ex.execute("""
        SELECT coalesce(substr(p.residence_region, 1, 4) || '00', 'unknown'), count(*)
        FROM deceased_active d JOIN persons p USING (person_key) GROUP BY 1""").fetchall():
        assert regions[region]["deceased_active"] == n
    top = cases.top_multiple(ctx)
    assert top and all("*" in r["person"] or r["person"].startswith("*") for r in top)
    assert [r["enrolments"] for r in top] == sorted((r["enrolments"] for r in top),
                                                    reverse=True)
    keys = {k for (k,) in ex.execute("SELECT person_key FROM persons").fetchall()}
    assert not any(r["person"] in keys for r in top + cases.top_deceased(ctx))


def test_quality(ctx, ex) -> None:  # type: ignore[no-untyped-def]
    got = {r["source"]: (r["rows_read"], r["accepted"], r["quarantined"])
           for r in quality.source_rows(ctx)}
    want = {s: (a, b, c) for s, a, b, c in ex.execute(
        "SELECT source, sum(rows_read), sum(accepted), sum(quarantined) FROM reconciliation "
        "GROUP BY source").fetchall()}
    assert got == want
    rates = [r["load_rate"] for r in quality.source_rows(ctx)]
    assert rates == sorted(rates)
    by_rule = {(r["source"], r["rule"]): r["n"] for r in quality.rule_rows(ctx)}
    for s, rule, n in ex.execute(
            "SELECT source, rule, count(*) FROM quarantine GROUP BY ALL").fetchall():
        assert by_rule[(s, rule)] >= n  # plus rows that could not be read at all
    provinces = quality.province_rows(ctx)
    total_rows, total_q = ex.execute(
        "SELECT sum(rows_read), sum(quarantined) FROM reconciliation").fetchone()
    assert sum(r["rows_read"] for r in provinces) == total_rows
    assert sum(r["quarantined"] for r in provinces) == total_q
    comp = quality.completeness_rows(ctx)
    assert comp and all(0 <= r["completeness"] <= 1 for r in comp)


def test_every_label_used_has_both_languages() -> None:
    src = Path(quality.__file__).parent
    used = set()
    for p in [*src.glob("*.py"), src.parent / "__init__.py"]:
        used |= set(re.findall(r"\bt\(\"([a-z_]+)\"\)", p.read_text(encoding="utf-8")))
        used |= set(re.findall(r"labels\(\"([a-z_]+)\"\)", p.read_text(encoding="utf-8")))
    assert len(used) > 40
    missing = sorted(k for k in used if k not in LABELS)
    assert not missing, missing
    assert all(en and zh and en != zh for en, zh in (LABELS[k] for k in used if k in LABELS)
               if not en.isascii() or not zh.isascii())


def test_boundaries_are_small_and_cover_the_province(ctx) -> None:  # type: ignore[no-untyped-def]
    files = list(Path(geo.__file__).parent.glob("*.geojson.gz"))
    assert len(files) == 3 and sum(p.stat().st_size for p in files) < 3_000_000
    counties = {r["region"] for r in coverage.level_rows(ctx, "county")}
    shaped = counties & geo.codes("county")
    assert len(shaped) >= 0.9 * len(counties), sorted(counties - shaped)
    prefectures = {r["region"] for r in coverage.level_rows(ctx, "prefecture")}
    assert prefectures <= geo.codes("prefecture")
