"""A built workspace opened for reading: the registry, its build identity and profile.

Plans and reports only read the registry; they never write into it (one
writer owns a DuckDB file, style.md #8). Their own outputs go beside it:
``W/plans/<year>/`` and ``W/reports/``.

>>> # with open_workspace(Path("W")) as reg: reg.rows("SELECT count(*) AS n FROM persons")
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from unireg.errors import UniregError
from unireg.pipeline.workspace import Workspace, attach_registry, connect
from unireg.rules.profile import CountryProfile, load_profile


class WorkspaceError(UniregError):
    """The workspace has no finished build to plan or report on."""


@dataclass
class RegistryView:
    """Read-only access to a workspace's registry and what identifies its build."""

    root: Path
    con: duckdb.DuckDBPyConnection
    build_id: str
    reference_date: dt.date
    engine: str
    version: str
    profile: CountryProfile
    summary: dict[str, Any] = field(default_factory=dict)

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """The result of ``sql`` as a list of dicts (column name -> value)."""
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def one(self, sql: str, params: list[Any] | None = None) -> Any:
        """The first column of the first row of ``sql`` (None when there is no row)."""
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        return self.con.execute(sql, params or []).to_arrow_table()

    def has_table(self, name: str) -> bool:
        return bool(self.one("SELECT count(*) FROM information_schema.tables "
                             "WHERE table_name = ?", [name]))

    def close(self) -> None:
        self.con.close()


@contextmanager
def open_workspace(root: Path, as_of: dt.date | None = None) -> Iterator[RegistryView]:
    """Open ``root``'s registry read-only; raise :class:`WorkspaceError` if there is none.

    ``as_of``: the registry's state on that date instead, from its history
    (``unireg coverage --as-of``, made here when ``W/as-of/DATE`` does not hold
    it yet): persons, enrolments, coverage, cases and summaries as they were on
    that date; the rest (inputs, quarantine, links) as the registry has them.
    Its ``build_id`` is the build's with ``-as-of-DATE``.
    """
    ws = Workspace(Path(root))
    if not ws.registry.exists():
        raise WorkspaceError(f"{root}: no registry here; build one first with "
                             f"`unireg build DELIVERY --workspace {root}` or `unireg demo {root}`")
    if as_of is not None:
        folder = ws.root / "as-of" / as_of.isoformat()
        if not (folder / "as-of.json").is_file():
            from unireg.config import load_settings
            from unireg.update.asof import coverage_as_of

            coverage_as_of(ws.root, as_of, load_settings(), folder)
        con = duckdb.connect(str(folder / "as-of.duckdb"), read_only=True)
        attach_registry(con, ws.registry)
    else:
        con = connect(ws.registry)
    try:
        info = con.execute("SELECT build_id, reference_date, engine, version, profile "
                           "FROM build_info").fetchone()
        if info is not None and as_of is not None:
            info = (f"{info[0]}-as-of-{as_of.isoformat()}", as_of, *info[2:])
    except duckdb.Error:
        info = None
    if info is None:
        con.close()
        raise WorkspaceError(f"{ws.registry}: the build did not finish (no build_info); "
                             "run `unireg build` again")
    summary: dict[str, Any] = {}
    if ws.summary.exists():
        summary = json.loads(ws.summary.read_text(encoding="utf-8"))
    view = RegistryView(root=Path(root), con=con, build_id=info[0], reference_date=info[1],
                        engine=info[2], version=info[3], profile=load_profile(info[4]),
                        summary=summary)
    try:
        yield view
    finally:
        view.close()
