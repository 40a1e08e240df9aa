"""Backends behind one narrow interface (style.md #5).

The pipeline is SQL produced by small pure functions (``Step``), written once
in DuckDB's dialect. An engine only has to run a step into a named table,
register an Arrow table, tell whether a table exists and return a result as
Arrow. DuckDB is the embedded default; Spark runs the same steps after
sqlglot transpiles them.
"""

from unireg.engine.base import Engine, Step

__all__ = ["Engine", "Step", "open_engine"]


def open_engine(name: str, **kwargs: object) -> Engine:
    """An engine by name: ``duckdb`` (default) or ``spark``."""
    if name == "duckdb":
        from unireg.engine.duckdb_engine import DuckDBEngine

        return DuckDBEngine(**kwargs)  # type: ignore[arg-type]
    if name == "spark":
        from unireg.engine.spark_engine import SparkEngine

        return SparkEngine(**kwargs)  # type: ignore[arg-type]
    from unireg.errors import ConfigError

    raise ConfigError(f"engine = {name!r}: expected duckdb or spark")
