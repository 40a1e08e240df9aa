"""Probabilistic linkage of the records exact linkage set aside (the build's link hook).

The build calls :func:`link_unresolved` right after exact linkage
(``pipeline.build.LINK_HOOK``), on the engine the build runs on. It:

1. describes both sides (``inputs.py``): the set-aside records and the persons
   with a valid ID, with name features made in Python (``features.py``); the
   persons' regions only for those the model reads (``model.needed_sql``);
2. trains a Splink model without labels on fixed samples of them, and scores
   the blocked pairs on the build's engine (``model.py``, ``comparisons.py``,
   ``blocking.py``);
3. turns pair scores into one outcome per record (``outcomes.py``): link,
   clerical review, or new provisional person, with the thresholds of the
   settings and the safety rules (two valid IDs are never joined
   automatically; a record's valid ID is never overruled automatically);
4. groups the records of one new person, renumbers new persons, rewrites
   ``link_records`` (same columns) and ``review_queue``, records every
   decision in ``link_decisions`` (``decisions.py``);
5. checks the frame for persons registered twice (``frame_duplicates.py``).

Every table it keeps is listed in :data:`TABLES`. The same inputs give the
same tables, on DuckDB and on Spark: the model is trained the same way from
the same samples, parameters and scores are rounded.

>>> # link_unresolved(engine, settings, load_profile("cn"), dt.date(2017, 12, 31))
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from unireg.config import Settings
from unireg.engine import Engine, Step
from unireg.link import decisions, frame_duplicates, inputs, outcomes
from unireg.link.features import FEATURE_COLUMNS, NameScheme, scheme_for_country
from unireg.link.io import count, fetch, table_exists
from unireg.link.model import Model, name_bucket, needed_sql, score, score_within, train

log = logging.getLogger("unireg.link")

MIN_PAIR_RATIO = 1e-7   # pairs whose bf / N is below this cannot move any score: dropped
# Tables this hook leaves (beyond rewriting link_records and review_queue) that the
# registry keeps: on Spark they must be exported to DuckDB with the build's outputs.
# (``link_known``, which it reads, is the build's: ``exact.linkage_steps``.)
TABLES = ("link_unresolved", "link_known_regions", "link_candidates", "link_outcomes",
          "review_candidates", "link_decisions", "link_model", "frame_duplicates")
PAIRS_SCHEMA = pa.schema([("uid_l", pa.string()), ("uid_r", pa.string()),
                          ("log2_bf", pa.float64())])


@dataclass
class LinkRun:
    """What one run did: sizes, the estimated ρ, timings (for the build log and report)."""

    records: int = 0
    persons: int = 0
    pairs: int = 0
    rho: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def name_features(names: pa.Table, scheme: NameScheme) -> pa.Table:
    """``link_name_features``: the name scheme's columns for each distinct raw name."""
    raw = names.column("name").to_pylist()
    cols: list[list[str | None]] = [[] for _ in FEATURE_COLUMNS]
    for n in raw:
        for i, v in enumerate(scheme.features(n)):
            cols[i].append(v)
    return pa.table({"raw_name": pa.array(raw, pa.string()),
                     **{c: pa.array(v, pa.string()) for c, v in zip(FEATURE_COLUMNS, cols,
                                                                     strict=True)},
                     "name_bucket": pa.array([name_bucket(n) for n in cols[0]], pa.int32())})


def _group_new_persons(engine: Engine, model: Model | None, upper: float,
                       n_persons: int) -> pa.Table:
    """(uid, head): records of one new person, found among the ``provisional`` outcomes.

    Two such records belong together when their pairwise match probability
    (prior 1/N) reaches ``link_upper``; groups are connected components; a group
    is headed by its first record in delivery order.
    """
    empty = pa.table({"uid": pa.array([], pa.string()), "head": pa.array([], pa.string())})
    engine.run(Step("link.leftover", """
SELECT s.* FROM link_splink_records s
JOIN link_outcomes o ON o.uid = s.uid
WHERE o.method = 'provisional' AND o.claimed_id IS NULL""", "link_leftover", "link"))
    if model is None or count(engine, "link_leftover") < 2:
        return empty
    upper = min(upper, 1 - 1e-12)
    prior = 1.0 / max(n_persons, 2)
    min_log2_bf = math.log2(upper / (1 - upper)) - math.log2(prior / (1 - prior))
    pairs = score_within(engine, model, "link_leftover", n_persons=n_persons,
                         min_log2_bf=min_log2_bf)
    if pairs.num_rows == 0:
        return empty
    order = fetch(engine,
        "SELECT u.uid FROM link_leftover l JOIN link_unresolved u ON u.uid = l.uid "
        "ORDER BY u.kind_order, u._file, u._row").column("uid").to_pylist()
    rank = {u: i for i, u in enumerate(order)}
    parent = list(range(len(order)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(pairs.column("uid_l").to_pylist(), pairs.column("uid_r").to_pylist(),
                    strict=True):
        ra, rb = find(rank[a]), find(rank[b])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the earlier record heads the group
    uids, heads = [], []
    for u, i in rank.items():
        h = find(i)
        if h != i:
            uids.append(u)
            heads.append(order[h])
    return pa.table({"uid": pa.array(uids, pa.string()), "head": pa.array(heads, pa.string())})


def _model_table(model: Model | None, run: LinkRun, settings: Settings) -> pa.Table:
    """``link_model``: one row with the trained parameters, for the report and audits.
    Without Splink's ``linker_uid``, a random name: the same data give the same row."""
    import json

    params = ({k: v for k, v in model.settings.items() if k != "linker_uid"}
              if model else None)
    return pa.table({
        "rho": [run.rho], "records": [run.records], "persons": [run.persons],
        "pairs": [run.pairs], "link_upper": [settings.link_upper],
        "link_lower": [settings.link_lower],
        "settings_json": [json.dumps(params, sort_keys=True) if params else None],
        "training_json": [json.dumps(model.training, sort_keys=True) if model else None],
    })


def score_and_decide(engine: Engine, scheme: NameScheme, upper: float, lower: float,
                     run: LinkRun, known_regions: Step | None = None) -> Model | None:
    """The machinery every country shares, from ``link_unresolved`` and ``link_known``
    (and ``link_decisions``) to ``link_outcomes`` and ``link_new_persons``.

    Name features, the Splink model (trained on these data), candidate scores, one
    outcome per record, and the grouping of new persons. ``known_regions`` makes
    ``link_known_regions`` for the persons of ``link_needed``; without it, the caller
    has registered that table (for every person).
    """
    t0 = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        run.seconds[name] = round(now - t0, 3)
        t0 = now

    run.records = count(engine, "link_unresolved")
    run.persons = count(engine, "link_known")
    engine.run(inputs.names_step())
    names = fetch(engine, "SELECT name FROM link_names ORDER BY name")
    engine.register_arrow("link_name_features", name_features(names, scheme))
    engine.run(inputs.splink_input_step("records"))
    engine.run(inputs.splink_input_step("persons"))
    lap("inputs")

    model: Model | None = None
    pairs = PAIRS_SCHEMA.empty_table()
    # The persons the model reads whole (none without records or persons), and only theirs
    # with their regions.
    needed = (needed_sql("link_splink_records", "link_splink_persons", run.persons)
              if run.records and run.persons else
              "SELECT uid, TRUE AS reach, TRUE AS u FROM link_splink_persons WHERE FALSE")
    engine.run(Step("link.needed", needed, "link_needed", "link", temp=True))
    if known_regions is not None:
        engine.run(known_regions)
    engine.run(inputs.splink_rows_step())
    lap("needed persons")
    if run.records and run.persons:
        min_log2_bf = math.log2(MIN_PAIR_RATIO * run.persons)
        model = train(engine, "link_splink_records", "link_splink_rows", "link_needed",
                      n_records=run.records, n_persons=run.persons,
                      max_name_edits=scheme.max_edits)
        lap("training")
        pairs = score(engine, model, "link_splink_records", "link_splink_persons",
                      "link_splink_rows", "link_needed", min_log2_bf=min_log2_bf)
        pairs = pairs.select(PAIRS_SCHEMA.names).cast(PAIRS_SCHEMA)
    run.pairs = pairs.num_rows
    engine.register_arrow("link_pairs", pairs)
    lap("scoring")

    totals = fetch(engine,
        "SELECT CASE WHEN strpos(uid_l, ':') > 0 THEN uid_l ELSE uid_r END AS uid, "
        "sum(pow(2.0, log2_bf)) AS total FROM link_pairs GROUP BY 1 ORDER BY 1")
    run.rho = outcomes.estimate_rho(
        np.asarray(totals.column("total").to_numpy(zero_copy_only=False), dtype=float),
        run.records, max(run.persons, 1))
    engine.run(outcomes.candidates_step(run.rho, max(run.persons, 1)))
    engine.run(outcomes.outcomes_step(upper, lower))
    lap("outcomes")

    engine.register_arrow("link_clusters_in",
                          _group_new_persons(engine, model, upper, max(run.persons, 1)))
    engine.run(outcomes.clusters_step())
    counts = fetch(engine, "SELECT method, count(*) AS n FROM link_outcomes "
                           "GROUP BY method ORDER BY method")
    run.outcomes = dict(zip(counts.column("method").to_pylist(),
                            counts.column("n").to_pylist(), strict=True))
    lap("new persons")
    return model


def link_unresolved(engine: Engine, settings: Settings, profile: Any,
                    ref: dt.date | None = None) -> LinkRun:
    """Link the records exact linkage set aside; rewrite ``link_records`` and ``review_queue``.

    ``profile`` is the country profile (its country code picks the name scheme,
    its ID scheme what a valid number states); ``ref`` the reference date
    (unused: linkage does not depend on it).
    """
    run = LinkRun()
    scheme = scheme_for_country(getattr(profile, "code", "CN"))
    if not table_exists(engine, "link_decisions"):
        engine.register_arrow("link_decisions", decisions.empty_table())
    engine.run(inputs.unresolved_step())  # link_known: the build's step (exact.linkage_steps)
    model = score_and_decide(engine, scheme, settings.link_upper, settings.link_lower, run,
                             known_regions=inputs.known_regions_step())

    t0 = time.perf_counter()
    engine.run(outcomes.record_outcomes_step())
    engine.run(outcomes.records_step())  # in place where the engine can: 0.3% of rows change
    engine.run(outcomes.review_candidates_step())
    engine.run(outcomes.review_queue_step())
    engine.run(decisions.decisions_step())
    engine.run(frame_duplicates.frame_duplicates_step())
    engine.register_arrow("link_model", _model_table(model, run, settings))
    # The model's inputs, temporary steps (10M rows at 10M): their memory for later steps.
    for step in (inputs.names_step(), inputs.splink_input_step("records"),
                 inputs.splink_input_step("persons"), inputs.splink_rows_step()):
        engine.drop_temp(step.output)
    engine.drop_temp("link_needed")
    run.seconds["records"] = round(time.perf_counter() - t0, 3)
    log.info("probabilistic linkage: %d records, %d persons, %d pairs, rho %.4f, %s",
             run.records, run.persons, run.pairs, run.rho, run.outcomes)
    return run


def run_summary(run: LinkRun) -> dict[str, Any]:
    return asdict(run)
