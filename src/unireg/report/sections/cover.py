"""Cover: what the report is of (reference date, build, inputs) and the headline figures."""

from __future__ import annotations

from unireg.report.model import Column, Section, Table, Text
from unireg.report.sections import Context


def inputs_rows(ctx: Context) -> list[dict[str, object]]:
    """One row per delivered file: kind, source, sha256 prefix and its reconciliation."""
    return ctx.reg.rows("""
SELECT f._file AS file, f.kind, f._source AS source, left(f.sha256, 12) AS sha256,
       f.rows_read, CAST(coalesce(r.accepted, 0) AS BIGINT) AS accepted,
       CAST(coalesce(r.quarantined, 0) AS BIGINT) AS quarantined,
       CAST(coalesce(r.redelivered, 0) AS BIGINT) AS redelivered
FROM stage_files f LEFT JOIN reconciliation r ON r.file = f._file
ORDER BY f._file""")


def headline_rows(ctx: Context) -> list[dict[str, object]]:
    """National coverage per scheme group (``coverage_summary`` at level ``nation``)."""
    rows = ctx.reg.rows("""
SELECT scheme_group, in_scope, insured, rate, target, target_insured, target_rate
FROM coverage_summary WHERE level = 'nation'""")
    order = [g for g, _ in ctx.groups]
    rows.sort(key=lambda r: order.index(r["scheme_group"]) if r["scheme_group"] in order else 99)
    for r in rows:
        r["group"] = ctx.t(str(r["scheme_group"]))
    return rows


def counts(ctx: Context) -> dict[str, int]:
    """Registry-wide counts shown on the cover."""
    one = ctx.reg.one
    return {
        "persons": int(one("SELECT count(*) FROM persons")),
        "in_frame": int(one("SELECT count(*) FROM persons WHERE in_frame")),
        "in_scope": int(one("SELECT count(*) FROM person_scope")),
        "rows_read": int(one("SELECT coalesce(sum(rows_read), 0) FROM reconciliation")),
        "accepted": int(one("SELECT coalesce(sum(accepted), 0) FROM reconciliation")),
        "quarantined": int(one("SELECT coalesce(sum(quarantined), 0) FROM reconciliation")),
        "multiple_affiliation": int(one("SELECT count(*) FROM multiple_affiliation")),
        "deceased_active": int(one("SELECT count(*) FROM deceased_active")),
        "uninsured": int(one("SELECT count(*) FROM uninsured")),
    }


def build(ctx: Context) -> Section:
    t, reg = ctx.t, ctx.reg
    meta = [
        ("reference_date", reg.reference_date.isoformat()), ("build_id", reg.build_id),
        ("engine", reg.engine), ("version", reg.version), ("profile", reg.profile.code),
        ("generated", ctx.generated),
    ]
    dl = "".join(f'<div class="meta"><span>{ctx.esc(t(k))}</span>'
                 f'<b data-figure="meta.{k}">{ctx.esc(v)}</b></div>' for k, v in meta)
    sec = Section("cover", t("report_title"))
    sec.add(Text(f'<div class="metas">{dl}</div>'))
    sec.add(Table(
        [Column("group", t("group")), Column("in_scope", t("in_scope"), "int"),
         Column("insured", t("insured"), "int"), Column("rate", t("rate"), "pct"),
         Column("target", t("target"), "int"),
         Column("target_insured", t("target_insured"), "int"),
         Column("target_rate", t("target_rate"), "pct")],
        headline_rows(ctx), caption=t("headline"), figure="nation.{scheme_group}.{col}",
        name="headline", inline=True))
    c = counts(ctx)
    sec.add(Table(
        [Column("what", ""), Column("n", t("count"), "int")],
        [{"what": t(k) if k != "in_frame" else t("frame"), "n": v, "key": k}
         for k, v in c.items()], figure="count.{key}", name="counts", inline=True))
    sec.add(Table(
        [Column("file", t("file")), Column("kind", t("kind")), Column("source", t("source")),
         Column("sha256", t("sha256")), Column("rows_read", t("rows_read"), "int"),
         Column("accepted", t("accepted"), "int"), Column("quarantined", t("quarantined"), "int"),
         Column("redelivered", t("redelivered"), "int")],
        inputs_rows(ctx), caption=t("inputs"), figure="input.{file}.{col}", name="inputs"))
    return sec
