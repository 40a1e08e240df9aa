"""The model's samples and scoring give what the plain, slower forms give (real DuckDB,
the heavy province's registry)."""

from __future__ import annotations

import math
import shutil

import pyarrow as pa
import pytest

from unireg.engine.duckdb_engine import DuckDBEngine
from unireg.link import inputs
from unireg.link import model as m
from unireg.link.features import scheme_for_country
from unireg.link.io import count, fetch
from unireg.link.probabilistic import MIN_PAIR_RATIO, name_features
from unireg.pipeline.workspace import DELIVERED, attach_delivered, delivered_path


@pytest.fixture(scope="module")
def splink_inputs(heavy_build, tmp_path_factory):  # type: ignore[no-untyped-def]
    """An engine on a copy of the heavy build's registry, with the model's two inputs made
    again from its ``link_unresolved`` and ``link_known``."""
    ws, _ = heavy_build
    copy = tmp_path_factory.mktemp("model") / "registry.duckdb"
    shutil.copy(ws / "registry.duckdb", copy)
    shutil.copy(delivered_path(ws / "registry.duckdb"), delivered_path(copy))
    engine = DuckDBEngine(copy)
    attach_delivered(engine.con, copy, read_only=False)
    engine.placement = {"link_known": DELIVERED}
    engine.run(inputs.names_step())
    names = fetch(engine, "SELECT name FROM link_names ORDER BY name")
    engine.register_arrow("link_name_features", name_features(names, scheme_for_country("CN")))
    engine.run(inputs.splink_input_step("records"))
    engine.run(inputs.splink_input_step("persons"))
    yield engine
    engine.close()


def test_the_u_sample_is_every_nth_row_by_uid(splink_inputs) -> None:  # type: ignore[no-untyped-def]
    engine = splink_inputs
    n = count(engine, "link_splink_persons")
    got = m._every_nth(engine, "link_splink_persons", n, 50)
    uids = sorted(r[0] for r in engine.con.execute("SELECT uid FROM link_splink_persons")
                  .fetchall())
    step = n // 50
    assert got.column("uid").to_pylist() == uids[step - 1::step]
    # whole rows, every column of the model's layout
    assert got.column_names == list(inputs.SPLINK_COLUMNS)
    first = engine.con.execute("SELECT * FROM link_splink_persons WHERE uid = ?",
                               [uids[step - 1]]).fetchall()[0]
    assert tuple(got.slice(0, 1).to_pylist()[0].values()) == first


def _score_against_every_person(engine, model: m.Model, min_log2_bf: float) -> pa.Table:  # type: ignore[no-untyped-def]
    """Splink over all the persons, its own name frequencies: what ``score`` did before it
    kept only the persons a rule can pair with a record."""
    from splink import Linker

    db_api = m.splink_api(engine)
    try:
        left = db_api.register("link_splink_records", table_name="r__splink")
        right = db_api.register("link_splink_persons", table_name="p__splink")
        linker = Linker([left, right], model.settings_for("duckdb"), log_level=None)
        pred = linker.inference.predict()
        return m._pairs(engine, pred.physical_name, min_log2_bf, model.prior_weight)
    finally:
        m._cleanup(db_api)


def test_scoring_the_reachable_persons_gives_the_pairs_of_all(splink_inputs) -> None:  # type: ignore[no-untyped-def]
    engine = splink_inputs
    records, persons = count(engine, "link_splink_records"), count(engine, "link_splink_persons")
    model = m.train(engine, "link_splink_records", "link_splink_persons", n_records=records,
                    n_persons=persons, max_name_edits=1)
    # The restriction is real: most persons share no blocking key with any record.
    reach = engine.con.execute(
        f"SELECT count(*) FROM ({m.reach_sql('link_splink_records', 'link_splink_persons')})"
    ).fetchall()[0][0]
    assert 0 < reach < persons / 2
    floor = math.log2(MIN_PAIR_RATIO * persons)
    got = m.score(engine, model, "link_splink_records", "link_splink_persons",
                  min_log2_bf=floor)
    want = _score_against_every_person(engine, model, floor)
    order = [("uid_l", "ascending"), ("uid_r", "ascending")]
    scored = got.slice(0, want.num_rows).sort_by(order)  # then the claimed IDs' weak pairs
    assert want.num_rows > 100
    assert scored.column("uid_l").to_pylist() == want.sort_by(order).column("uid_l").to_pylist()
    assert scored.column("uid_r").to_pylist() == want.sort_by(order).column("uid_r").to_pylist()
    # the same Bayes factors: name frequencies counted over every person, as before
    assert scored.column("log2_bf").to_pylist() == want.sort_by(order).column(
        "log2_bf").to_pylist()
    assert not engine.table_exists("link_splink_persons_reach")
