"""The Splink model: trained without labels on fixed samples, then used to score pairs.

**Training** takes small samples of both sides from the build's engine, chosen
by rules that give the same rows on every engine, and trains in an in-process
DuckDB (EM on one thread), so the same inputs give the same model on DuckDB and on
Spark, and training costs the same at any size:

1. u probabilities (how often two *different* people agree at each level):
   every pair of a uniform sample of records (:data:`U_RECORDS`) and persons
   (:data:`U_PERSONS`): a million pairs, counted exactly (no random draw);
2. m probabilities (how often the *same* person's records agree): expectation
   maximisation on two blocked samples: records and persons born on a fixed
   set of calendar days (blocked on birth date: trains name, sex, region, id),
   and records and persons whose name falls in a fixed set of name buckets
   (blocked on name and birth year: trains the birth date). Blocks are kept
   whole, so the pairs EM sees are those prediction sees;
3. where a sample is too small to train on, the prior m probabilities of
   ``comparisons.M_PRIORS`` stand.

**Scoring** runs Splink on the build's engine (``DuckDBAPI`` on the build's
connection, ``SparkAPI`` on its session) with the trained model. Names are
term-frequency adjusted with frequencies of the full data. It returns, for each
blocked pair (record, person), the log2 Bayes factor of all comparisons
(Splink's match weight minus its prior); ``outcomes.py`` decides from these.
Splink's working tables are dropped afterwards.
"""

from __future__ import annotations

import copy
import logging
import math
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from unireg.engine import Engine, Step
from unireg.errors import EngineError
from unireg.link.blocking import prediction_rules, training_rules
from unireg.link.comparisons import comparisons
from unireg.link.inputs import SPLINK_COLUMNS
from unireg.link.io import fetch

log = logging.getLogger("unireg.link")

SEED = 4242              # Splink's sampling seed (u uses every pair of its sample: unused)
U_RECORDS = 1000         # the u sample: every pair of these records and persons...
U_PERSONS = 1000         # ... a million pairs, counted exactly
EM_PERSONS = 200_000     # at most about this many persons in each EM sample
NAME_BUCKETS = 1000      # name_bucket = crc32(name) % NAME_BUCKETS (features, in Python)
PARAM_DIGITS = 12        # trained m and u rounded to this many significant digits


@dataclass
class Model:
    """A trained model: Splink's settings (with m, u) and the pairs' prior."""

    settings: dict[str, Any]
    prior: float                       # probability two random (record, person) pairs match
    training: dict[str, Any] = field(default_factory=dict)
    max_name_edits: int = 1

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def settings_for(self, dialect: str, link_type: str = "link_only",
                     prior: float | None = None) -> dict[str, Any]:
        """The trained model as Splink settings written in ``dialect`` (SQL in saved settings
        is DuckDB's: Spark reads double-quoted names as strings), m and u carried over."""
        out: dict[str, Any] = _settings(link_type, self.max_name_edits,
                                        self.prior if prior is None else prior
                                        ).create_settings_dict(dialect)
        for comp, trained in zip(out["comparisons"], self.settings["comparisons"], strict=True):
            for level, t in zip(comp["comparison_levels"], trained["comparison_levels"],
                                strict=True):
                for k in ("m_probability", "u_probability"):
                    if t.get(k) is not None:
                        level[k] = t[k]
        return out


def name_bucket(name: str | None) -> int | None:
    """A stable bucket of a normalised name (the same in every process and engine).

    >>> name_bucket("张伟") == name_bucket("张伟"), name_bucket(None)
    (True, None)
    """
    return None if name is None else zlib.crc32(name.encode("utf-8")) % NAME_BUCKETS


def sample_days(fraction: float) -> list[str]:
    """A fixed set of calendar days (MM-DD) covering about ``fraction`` of birthdays.

    >>> len(sample_days(1.0)), len(sample_days(0.0)), sample_days(0.01) == sample_days(0.01)
    (366, 1, True)
    """
    days = [f"{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 32)
            if d <= (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)]
    days.sort(key=lambda s: (zlib.crc32(s.encode()), s))
    return sorted(days[:max(1, math.ceil(len(days) * min(1.0, fraction)))])


def splink_api(engine: Engine) -> Any:
    """Splink's database API for the engine the build runs on."""
    if engine.name == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI(connection=engine.con)  # type: ignore[attr-defined]
    if engine.name == "spark":
        from splink import SparkAPI

        # Only native Spark functions are used (levenshtein, array_intersect): no UDF jar.
        return SparkAPI(spark_session=engine.spark,  # type: ignore[attr-defined]
                        register_udfs_automatically=False)
    raise EngineError("link.model", "", ValueError(
        f"engine {engine.name!r}: probabilistic linkage runs on duckdb or spark"))


@contextmanager
def _quiet() -> Iterator[None]:
    """Splink logs progress at INFO and hints at WARNING; the build logs its own counts."""
    lg = logging.getLogger("splink")
    level = lg.level
    lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        lg.setLevel(level)


def _settings(link_type: str, max_name_edits: int, prior: float) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]
        unique_id_column_name="uid",
        comparisons=list[Any](comparisons(max_name_edits)),
        blocking_rules_to_generate_predictions=list[Any](prediction_rules()),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
        max_iterations=50,
    )


def _cleanup(db_api: Any) -> None:
    try:
        db_api.delete_tables_created_by_splink_from_db()
    except Exception:
        log.debug("splink cleanup failed", exc_info=True)


def _round_params(settings: dict[str, Any]) -> dict[str, Any]:
    """m and u to :data:`PARAM_DIGITS` significant digits: float noise cannot move a link."""
    out = copy.deepcopy(settings)
    for comp in out["comparisons"]:
        for level in comp["comparison_levels"]:
            for k in ("m_probability", "u_probability"):
                v = level.get(k)
                if isinstance(v, float) and v > 0:
                    level[k] = float(f"{v:.{PARAM_DIGITS}g}")
    return out


def _sample(engine: Engine, table: str, where: str, extra: str = "") -> pa.Table:
    cols = ", ".join(SPLINK_COLUMNS)
    return fetch(engine, f"SELECT {cols}{extra} FROM {table} WHERE {where} ORDER BY uid",
                 f"link.model.sample.{table}")


def _nth_uids_sql(table: str, n_rows: int, want: int) -> str:
    """The uid of every ``n_rows // want``-th row of ``table`` by ``uid`` (unique on both
    sides): the u sample of that side."""
    step = max(1, n_rows // max(want, 1))
    return (f"SELECT uid FROM (SELECT uid, ROW_NUMBER() OVER (ORDER BY uid) AS rn "
            f"FROM {table}) WHERE rn % {step} = 0")


def _rows_of(engine: Engine, table: str, uids: str) -> pa.Table:
    """The rows of ``table`` whose uid the query ``uids`` gives, by uid (the u sample)."""
    cols = ", ".join(SPLINK_COLUMNS)
    return fetch(engine, f"SELECT {cols} FROM {table} WHERE uid IN (\n  {uids}\n) ORDER BY uid",
                 f"link.model.u_sample.{table}")


def _every_nth(engine: Engine, table: str, n_rows: int, want: int) -> pa.Table:
    """Every ``n_rows // want``-th row of ``table`` by ``uid`` (:func:`_nth_uids_sql`).

    Only the keys are ranked, and the rows they pick fetched: ranking every row with its
    16 columns (lists among them) took 5.7 s of 10M persons, the keys alone 1.5 s.
    """
    return _rows_of(engine, table, _nth_uids_sql(table, n_rows, want))


def _em_samples(n_persons: int) -> tuple[str, str, int, int]:
    """The EM samples (:func:`train`) as predicates over a side of the model's layout:
    persons born on a fixed set of days, and persons whose name is in a fixed set of
    buckets; with the number of days and of buckets."""
    fraction = min(1.0, EM_PERSONS / max(n_persons, 1))
    days = sample_days(fraction)
    buckets = max(1, math.ceil(NAME_BUCKETS * fraction))
    in_days = "birth_md IN (" + ", ".join(f"'{d}'" for d in days) + ")"
    return in_days, f"name_bucket < {buckets}", len(days), buckets


def _reach_uids(records: str, persons: str) -> str:
    """The uids of the ``persons`` some prediction rule blocks with a record of ``records``.

    Every pair prediction scores has its person here (a rule is an equality of both sides'
    values), so scoring against these persons gives the pairs and scores of scoring against
    all of them, once the name frequencies are those of all (:func:`score`).
    """
    rules = [r.create_blocking_rule_dict("duckdb")["blocking_rule"] for r in prediction_rules()]
    return "\nUNION\n".join(f"SELECT r.uid FROM {persons} r SEMI JOIN {records} l ON {rule}"
                             for rule in rules)


def needed_sql(records: str, persons: str, n_persons: int) -> str:
    """``uid, reach, u``: the ``persons`` (every person, in the model's layout, regions
    left out) that training and scoring read whole: ``reach``, those a prediction rule
    pairs with a record (the only ones :func:`score` scores); ``u``, the u sample; and the
    EM samples. Only these need their regions (``inputs.known_regions_step``).

    The samples are picked by the rules :func:`train` applies, among all the persons, so
    training on these rows gives the model of training on every person's.
    """
    in_days, in_buckets, _, _ = _em_samples(n_persons)
    return f"""
SELECT uid, bool_or(reach) AS reach, bool_or(u) AS u FROM (
  SELECT uid, TRUE AS reach, FALSE AS u FROM (
{_reach_uids(records, persons)}
  ) x
  UNION ALL
  SELECT uid, FALSE AS reach, FALSE AS u FROM {persons} WHERE {in_days} OR {in_buckets}
  UNION ALL
  SELECT uid, FALSE AS reach, TRUE AS u FROM (
    {_nth_uids_sql(persons, n_persons, U_PERSONS)}
  ) y
) z GROUP BY uid"""


def train(engine: Engine, records: str, persons: str, needed: str, *, n_records: int,
          n_persons: int, max_name_edits: int) -> Model:
    """Train on fixed samples of ``records`` and of the persons (tables on ``engine``).

    ``needed`` is :func:`needed_sql` over all ``n_persons`` persons, and ``persons`` the
    rows of the persons in it, with their regions: the samples are picked among them.
    """
    import duckdb
    from splink import DuckDBAPI, Linker

    prior = 1.0 / max(n_persons, 2)
    in_days, in_buckets, n_days, buckets = _em_samples(n_persons)
    em_flags = (f", CASE WHEN {in_days} THEN 1 ELSE 0 END AS em_days"
                f", CASE WHEN {in_buckets} THEN 1 ELSE 0 END AS em_names")
    samples = {
        "u_records": _every_nth(engine, records, n_records, U_RECORDS),
        "u_persons": _rows_of(engine, persons, f"SELECT uid FROM {needed} WHERE u"),
        "em_records": _sample(engine, records, f"{in_days} OR {in_buckets}", em_flags),
        "em_persons": _sample(engine, persons, f"{in_days} OR {in_buckets}", em_flags),
    }
    training: dict[str, Any] = {k: v.num_rows for k, v in samples.items()}
    training["days"], training["name_buckets"] = n_days, buckets
    con = duckdb.connect()
    try:
        for name, table in samples.items():
            con.register(f"__{name}", table)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM __{name}")
            con.unregister(f"__{name}")
        with _quiet():
            api = DuckDBAPI(connection=con)
            linker = Linker([api.register("u_records"), api.register("u_persons")],
                            _settings("link_only", max_name_edits, prior), log_level=None)
            if samples["u_records"].num_rows and samples["u_persons"].num_rows:
                pairs = samples["u_records"].num_rows * samples["u_persons"].num_rows
                linker.training.estimate_u_using_random_sampling(
                    max_pairs=pairs, seed=SEED, min_count_per_level=None, num_chunks=1)
            model = linker.misc.save_model_to_json()
            # u are counts (exact with any number of threads); EM sums fractions: one thread,
            # so they are summed in one order and the same inputs give the same model.
            con.execute("SET threads = 1")
            em = Linker([api.register("em_records"), api.register("em_persons")],
                        copy.deepcopy(model), log_level=None)
            sessions = []
            for rule in training_rules():
                sql = rule.create_blocking_rule_dict("duckdb")["blocking_rule"]
                before = em.misc.save_model_to_json()
                try:
                    em.training.estimate_parameters_using_expectation_maximisation(
                        rule, estimate_without_term_frequencies=True)
                    sessions.append({"blocking_rule": sql, "trained": True})
                except Exception as exc:
                    log.info("EM on %s not possible (%s): prior m probabilities stand",
                             sql, type(exc).__name__)
                    sessions.append({"blocking_rule": sql, "trained": False})
                    # A session that fails part-way leaves the linker's settings without
                    # the comparisons it blocked on (seen with a handful of records):
                    # carry on from the model as it was before the session.
                    em = Linker([api.register("em_records"), api.register("em_persons")],
                                before, log_level=None)
            training["em_sessions"] = sessions
            settings = _round_params(em.misc.save_model_to_json())
    finally:
        con.close()
    settings["probability_two_random_records_match"] = prior
    return Model(settings, prior, training, max_name_edits)


def _pairs(engine: Engine, physical: str, min_log2_bf: float, prior_weight: float) -> pa.Table:
    """(uid_l, uid_r, log2_bf) of the scored pairs worth keeping."""
    sql = (f"SELECT uid_l, uid_r, match_weight - ({prior_weight!r}) AS log2_bf "
           f"FROM {physical} WHERE match_weight - ({prior_weight!r}) >= {min_log2_bf!r}")
    return fetch(engine, sql, "link.model.pairs")


def score(engine: Engine, model: Model, records: str, persons: str, rows: str, needed: str,
          *, min_log2_bf: float) -> pa.Table:
    """Score the blocked pairs of ``records`` × ``persons`` on the build's engine.

    ``needed`` and ``rows`` are those of :func:`train`: only the persons a blocking rule
    pairs with a record (``reach``) are scored, from ``rows``; ``persons`` (all of them)
    give the name frequencies.

    Returns ``uid_l``, ``uid_r``, ``log2_bf`` for the pairs whose Bayes factor is at
    least 2**``min_log2_bf``, and, whatever its score, the pair of each record with
    the person its valid ID names (it goes to review with it).
    """
    from splink import Linker

    db_api = splink_api(engine)
    settings = model.settings_for(db_api.sql_dialect.sql_dialect_str)
    reach = f"{persons}_reach"
    try:
        with _quiet():
            left = db_api.register(records, table_name=f"{records}__splink")
            # Names are weighed by their frequency among all the persons (and records)...
            every = db_api.register(persons, table_name=f"{persons}__splink_all")
            tf = Linker([left, every], settings, log_level=None
                        ).table_management.compute_tf_table("name")
            # ... but only the persons a blocking rule pairs with a record are scored: the
            # same pairs, joined to those persons' rows (1.6M of 10M at 10M, docs/engines.md).
            engine.run(Step("link.reach", f"SELECT * FROM {rows} WHERE uid IN "
                                          f"(SELECT uid FROM {needed} WHERE reach)",
                            reach, "link", temp=True))
            right = db_api.register(reach, table_name=f"{persons}__splink")
            linker = Linker([left, right], settings, log_level=None)
            linker.table_management.register_term_frequency_lookup(tf, "name")
            pred = linker.inference.predict()
            pairs = _pairs(engine, pred.physical_name, min_log2_bf, model.prior_weight)
            w = f"p.match_weight - ({model.prior_weight!r})"
            claimed = fetch(engine, f"""
SELECT p.uid_l, p.uid_r, {w} AS log2_bf FROM {pred.physical_name} p
JOIN {records} r ON r.uid = p.uid_l AND r.claimed_id = p.uid_r WHERE {w} < {min_log2_bf!r}
UNION ALL
SELECT p.uid_l, p.uid_r, {w} AS log2_bf FROM {pred.physical_name} p
JOIN {records} r ON r.uid = p.uid_r AND r.claimed_id = p.uid_l WHERE {w} < {min_log2_bf!r}""",
                            "link.model.claimed")
    finally:
        _cleanup(db_api)
        engine.drop_temp(reach)
    return pa.concat_tables([pairs, claimed.cast(pairs.schema)])


def score_within(engine: Engine, model: Model, records: str, *, n_persons: int,
                 min_log2_bf: float) -> pa.Table:
    """Pairs among ``records`` (dedupe) scored with an already trained ``model``."""
    from splink import Linker

    db_api = splink_api(engine)
    settings = model.settings_for(db_api.sql_dialect.sql_dialect_str, "dedupe_only",
                                  1.0 / max(n_persons, 2))
    # Two damaged copies of one number are usually two edits apart (one slip each), where a
    # damaged copy and the true number are one apart: "two edits" counts as "one" here.
    for comp in settings["comparisons"]:
        if comp.get("output_column_name") == "id":
            levels = comp["comparison_levels"]
            if len(levels) >= 3 and levels[1].get("m_probability") is not None:
                levels[2]["m_probability"] = levels[1]["m_probability"]
    try:
        with _quiet():
            df = db_api.register(records, table_name=f"{records}__splink")
            linker = Linker(df, settings, log_level=None)
            pred = linker.inference.predict()
            prior_weight = math.log2(settings["probability_two_random_records_match"]
                                     / (1 - settings["probability_two_random_records_match"]))
            pairs = _pairs(engine, pred.physical_name, min_log2_bf, prior_weight)
    finally:
        _cleanup(db_api)
    return pairs
