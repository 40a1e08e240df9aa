"""The audit trail: one row per read of personal data, append-only and hash-chained.

Each row's hash covers its own fields and the previous row's hash, so editing,
deleting or re-ordering any row breaks every later link. :func:`verify` walks
the chain and names the first row that does not hold.

>>> from unireg.service.models import AuditEntry
>>> e = AuditEntry("li", "county_officer", "440305", "person.view", "ok", persons=("p1",))
>>> r1 = chain(1, "2018-01-02T03:04:05.000000Z", e, GENESIS)
>>> r2 = chain(2, "2018-01-02T03:04:06.000000Z", e, r1.row_hash)
>>> verify([r1, r2]).ok
True
>>> import dataclasses
>>> forged = dataclasses.replace(r1, entry=dataclasses.replace(e, actor="wang"))
>>> verify([forged, r2]).first_bad
1
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from unireg.service.models import AuditEntry, AuditRecord

GENESIS = "0" * 64


def timestamp(now: dt.datetime) -> str:
    """The audit's time format: ISO 8601 UTC with microseconds, fixed width."""
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(seq: int, at: str, e: AuditEntry) -> bytes:
    """The exact bytes a row's hash covers (key order and spacing fixed)."""
    doc = [seq, at, e.actor, e.role, e.scope, e.action, e.outcome, e.purpose,
           list(e.persons), e.detail, e.client]
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(prev_hash: str, seq: int, at: str, e: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(seq, at, e)).hexdigest()


def chain(seq: int, at: str, e: AuditEntry, prev_hash: str) -> AuditRecord:
    """The record for ``e`` as row ``seq`` after a row whose hash is ``prev_hash``."""
    return AuditRecord(seq, at, e, prev_hash, row_hash(prev_hash, seq, at, e))


@dataclass(frozen=True)
class Verification:
    ok: bool
    rows: int                 # rows checked
    head: str                 # hash of the last good row (record it elsewhere to catch truncation)
    first_bad: int | None = None
    problem: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "rows": self.rows, "head": self.head,
                "first_bad": self.first_bad, "problem": self.problem}


def verify(records: Iterable[AuditRecord]) -> Verification:
    """Check every link of the chain, in sequence order."""
    prev, expected, n = GENESIS, 1, 0
    for r in records:
        if r.seq != expected:
            return Verification(False, n, prev, r.seq,
                                f"row {r.seq} follows row {expected - 1}: rows missing or moved")
        if r.prev_hash != prev:
            return Verification(False, n, prev, r.seq,
                                f"row {r.seq} does not point at the hash of row {r.seq - 1}")
        if row_hash(prev, r.seq, r.at, r.entry) != r.row_hash:
            return Verification(False, n, prev, r.seq,
                                f"row {r.seq} was changed after it was written")
        prev, expected, n = r.row_hash, expected + 1, n + 1
    return Verification(True, n, prev)


class AuditWriter:
    """Group commit: many requests' audit rows chained and stored in one transaction.

    ``write`` returns only once the row is stored (a read of personal data is
    never answered before its audit row exists); under load, the rows that
    arrive while one transaction commits go into the next one together.
    """

    def __init__(self, store: Any, max_batch: int = 500) -> None:
        self._store = store
        self._max = max_batch
        self._queue: queue.Queue[tuple[AuditEntry, Future[AuditRecord]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def write(self, entry: AuditEntry, timeout: float = 30.0) -> AuditRecord:
        fut: Future[AuditRecord] = Future()
        self._queue.put((entry, fut))
        return fut.result(timeout=timeout)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self._max:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            try:
                records = self._store.append_audit_many([e for e, _ in batch])
            except BaseException as exc:  # every waiting request learns of the failure
                for _, fut in batch:
                    fut.set_exception(exc)
            else:
                for (_, fut), rec in zip(batch, records, strict=True):
                    fut.set_result(rec)
            if stop:
                return

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)
