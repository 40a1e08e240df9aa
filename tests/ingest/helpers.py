"""Helpers shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from unireg.ingest import StagedFile, stage_delivery

ENROLMENT_HEADER = ("record_id,id_number,name,sex,birth_date,scheme,agency_region,employer_id,"
                    "start_date,end_date,status,last_paid,contribution_base")


def stage(delivery: Path, con: duckdb.DuckDBPyConnection, **kw: Any) -> list[StagedFile]:
    """Stage a delivery with a temp folder beside it."""
    return stage_delivery(delivery, con, tmp_dir=delivery.parent / "tmp", **kw)


def rows(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return con.execute(sql, list(params) or None).fetchall()


def enrolment_row(i: int, **overrides: str) -> list[str]:
    """A standard enrolment row (as CSV fields) numbered i."""
    row = {"record_id": f"R{i}", "id_number": "440305198503123018", "name": "张伟", "sex": "1",
           "birth_date": "1985-03-12", "scheme": "OAI_EMP", "agency_region": "440305",
           "employer_id": "", "start_date": "2008-07-01", "end_date": "",
           "status": "contributing", "last_paid": "2024-05", "contribution_base": "6500"}
    row.update(overrides)
    return list(row.values())
