"""The model's samples and scoring give what the plain, slower forms give (real DuckDB,
the heavy province's registry)."""

from __future__ import annotations

import math
import shutil

import pyarrow as pa
import pytest

from unireg.engine import Step
from unireg.engine.duckdb_engine import DuckDBEngine
from unireg.link import inputs
from unireg.link import model as m
from unireg.link.features import scheme_for_country
from unireg.link.io import count, fetch
from unireg.link.probabilistic import MIN_PAIR_RATIO, name_features
from unireg.pipeline.workspace import DELIVERED, attach_delivered, delivered_path


@pytest.fixture(scope="module")
def splink_inputs(heavy_build, tmp_path_factory):  # type: ignore[no-untyped-def]
    """An engine on a copy of the heavy build's registry, with the model's inputs made
    again from its ``link_unresolved`` and ``link_known`` as the build makes them: the
    persons the model reads (``link_needed``), with their regions (``link_splink_rows``).

    And, to compare with, ``every_person``: every person's row with their regions (what
    the model read before it read only the persons it needs), and ``needed_everyone``,
    which names them all, with the same u sample.

    The EM samples are made smaller than a build's (which takes every person of a province
    this small), so that they leave persons out here too.
    """
    patch = pytest.MonkeyPatch()
    patch.setattr(m, "EM_PERSONS", 1000)
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
    n = count(engine, "link_splink_persons")
    con = engine.con
    # every person's regions: the regions step with everyone needed
    con.execute("CREATE TEMP TABLE link_needed AS SELECT uid FROM link_splink_persons")
    con.execute(f"CREATE TEMP TABLE every_regions AS {inputs.known_regions_step().sql}")
    con.execute("""CREATE TEMP TABLE every_person AS
        SELECT p.* REPLACE (r.regions AS regions, r.regions4 AS regions4,
                            r.regions2 AS regions2)
        FROM link_splink_persons p LEFT JOIN every_regions r ON r.person_key = p.uid""")
    con.execute(f"""CREATE TEMP TABLE needed_everyone AS
        SELECT uid, TRUE AS reach, uid IN ({m._nth_uids_sql('every_person', n, m.U_PERSONS)})
               AS u FROM every_person""")
    con.execute("DROP TABLE temp.main.link_needed")
    # as the build does
    engine.run(Step("link.needed", m.needed_sql("link_splink_records", "link_splink_persons", n),
                    "link_needed", "link", temp=True))
    engine.run(inputs.known_regions_step())
    engine.run(inputs.splink_rows_step())
    yield engine
    engine.close()
    patch.undo()


@pytest.fixture(scope="module")
def model(splink_inputs) -> m.Model:  # type: ignore[no-untyped-def]
    engine = splink_inputs
    return m.train(engine, "link_splink_records", "link_splink_rows", "link_needed",
                   n_records=count(engine, "link_splink_records"),
                   n_persons=count(engine, "link_splink_persons"), max_name_edits=1)


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
    """Splink over every person (with their regions), its own name frequencies: what
    ``score`` did before it kept only the persons a rule can pair with a record."""
    from splink import Linker

    db_api = m.splink_api(engine)
    try:
        left = db_api.register("link_splink_records", table_name="r__splink")
        right = db_api.register("every_person", table_name="p__splink")
        linker = Linker([left, right], model.settings_for("duckdb"), log_level=None)
        pred = linker.inference.predict()
        return m._pairs(engine, pred.physical_name, min_log2_bf, model.prior_weight)
    finally:
        m._cleanup(db_api)


def test_the_model_reads_the_rows_of_every_person_it_needs(splink_inputs) -> None:  # type: ignore[no-untyped-def]
    engine = splink_inputs
    persons = count(engine, "link_splink_persons")
    needed = count(engine, "link_needed")
    # The restriction is real: many persons are neither paired with a record nor sampled
    # (this province has many damaged records; a 10M one needs 2M of its 10M persons).
    assert 0 < needed < 0.8 * persons
    assert count(engine, "link_splink_rows") == needed

    def diff(a: str, b: str) -> int:
        return int(engine.con.execute(f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL "
                                      f"SELECT * FROM {b})").fetchall()[0][0])

    # their rows, regions included, are those every person's rows give
    mine = "(SELECT * FROM every_person WHERE uid IN (SELECT uid FROM link_needed))"
    assert diff("link_splink_rows", mine) == 0 and diff(mine, "link_splink_rows") == 0
    # and regions are there: the persons' own lists, not empty ones
    with_regions = engine.con.execute(
        "SELECT count(*) FROM link_splink_rows WHERE len(regions) > 0").fetchall()[0][0]
    assert with_regions == needed
    # the u sample is every nth person of all of them, not of the needed ones
    u = engine.con.execute("SELECT uid FROM link_needed WHERE u ORDER BY uid").fetchall()
    assert [r[0] for r in u] == [r[0] for r in engine.con.execute(
        "SELECT uid FROM needed_everyone WHERE u ORDER BY uid").fetchall()]


def test_training_on_the_needed_persons_gives_the_model_of_all(splink_inputs, model) -> None:  # type: ignore[no-untyped-def]
    engine = splink_inputs
    every = m.train(engine, "link_splink_records", "every_person", "needed_everyone",
                    n_records=count(engine, "link_splink_records"),
                    n_persons=count(engine, "link_splink_persons"), max_name_edits=1)
    assert model.training == every.training
    assert model.training["u_persons"] > 0 and model.training["em_persons"] > 0
    def params(mod: m.Model) -> dict:  # type: ignore[type-arg]
        return {k: v for k, v in mod.settings.items() if k != "linker_uid"}  # a random name

    assert params(model) == params(every)
    assert params(model)["comparisons"]


def test_scoring_the_reachable_persons_gives_the_pairs_of_all(splink_inputs, model) -> None:  # type: ignore[no-untyped-def]
    engine = splink_inputs
    persons = count(engine, "link_splink_persons")
    reach = engine.con.execute("SELECT count(*) FROM link_needed WHERE reach").fetchall()[0][0]
    assert 0 < reach < persons / 2
    floor = math.log2(MIN_PAIR_RATIO * persons)
    got = m.score(engine, model, "link_splink_records", "link_splink_persons",
                  "link_splink_rows", "link_needed", min_log2_bf=floor)
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
