"""Matching a file's header to the standard fields of its kind.

Readers expose a file's columns by position (``c0``, ``c1``, …) next to the
header text; this module decides which position feeds which standard field.
A field is found under the header its profile gives it (``columns:``), else
under its standard name (case and surrounding spaces ignored). A field with a
profile constant needs no column. Fields found nowhere are *missing* (staged
as NULL); header columns no field uses are *extra* (ignored). Both are
reported, never silent.

>>> plan = plan_columns("enrolment.csv", "employer", ["Employer_ID", "name", "note"], None)
>>> plan.positions, plan.missing, plan.extra
({'employer_id': 0, 'name': 1}, ('region', 'industry', 'size', 'employees'), ('note',))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from unireg.errors import IngestError
from unireg.ingest.kinds import KINDS
from unireg.ingest.profiles import Profile


@dataclass(frozen=True)
class ColumnPlan:
    """Which header position feeds each standard field of a file."""

    kind: str
    positions: dict[str, int]     # standard field -> 0-based header position
    missing: tuple[str, ...]      # standard fields with no column (and no constant)
    extra: tuple[str, ...]        # header names no field uses


def column_label(header: Sequence[str], i: int) -> str:
    """How a header column is named in reports: its text, or its position when blank."""
    text = header[i].strip()
    return text if text else f"(column {i + 1}, no header)"


def plan_columns(file_name: str, kind: str, header: Sequence[str],
                 profile: Profile | None) -> ColumnPlan:
    """Match ``header`` (the file's header cells, in order) to the fields of ``kind``.

    Raises IngestError when the header holds no standard column at all (the
    file is probably of another kind, or needs a profile), or when one field
    would be fed by two columns.
    """
    renames = profile.columns if profile else {}
    constants = profile.constants if profile else {}
    exact: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    for i, cell in enumerate(header):
        exact.setdefault(cell.strip(), []).append(i)
        folded.setdefault(cell.strip().lower(), []).append(i)
    positions: dict[str, int] = {}
    for f in KINDS[kind]:
        if f in constants:
            continue
        hits = exact.get(renames[f].strip(), []) if f in renames else []
        if not hits:
            hits = folded.get(f, [])
        if len(hits) > 1:
            raise IngestError(
                f"{file_name}: field {f!r} is given by {len(hits)} columns (positions "
                f"{', '.join(str(h + 1) for h in hits)}); keep one, or rename the others")
        if hits:
            positions[f] = hits[0]
    if not positions:
        expected = ", ".join(renames.get(f, f) for f in KINDS[kind])
        raise IngestError(
            f"{file_name}: the header has none of the {kind} columns; expected some of: "
            f"{expected}. Is the file of another kind, or does it need a mapping profile "
            "in sources.yaml (see docs/mapping-profiles.md)?")
    used = set(positions.values())
    missing = tuple(f for f in KINDS[kind] if f not in positions and f not in constants)
    extra = tuple(column_label(header, i) for i in range(len(header)) if i not in used)
    return ColumnPlan(kind=kind, positions=positions, missing=missing, extra=extra)
