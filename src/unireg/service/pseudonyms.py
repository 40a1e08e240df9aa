"""Pseudonyms: the stable, opaque references that stand for persons and records.

URLs, logs and the audit trail carry these instead of ID numbers or names.
A pseudonym is a keyed SHA-256 (the key is the service's secret, kept in the
state store), so it cannot be reversed or recomputed without the secret. The
same definition exists as SQL (:func:`sql_pseudonym`) so the registry index is
built in one query.

>>> pseudonym("s3cret", "p", "440305199003073080")
'2aa2c0066a1018d848ac203c'
>>> len(pseudonym("s3cret", "p", "x"))
24
"""

from __future__ import annotations

import hashlib
import re

LENGTH = 24
SHAPE = re.compile(r"[0-9a-f]{24}")


def pseudonym(secret: str, kind: str, key: str) -> str:
    """``kind`` separates name spaces: ``p`` persons, ``q`` quarantined records, ``r`` reviews."""
    return hashlib.sha256(f"{secret}|{kind}|{key}".encode()).hexdigest()[:LENGTH]


def sql_pseudonym(secret_param: str, kind: str, key_expr: str) -> str:
    """SQL twin of :func:`pseudonym` (``secret_param`` is a placeholder, e.g. ``$secret``)."""
    return f"substr(sha256({secret_param} || '|{kind}|' || {key_expr}), 1, {LENGTH})"


def looks_like(value: str) -> bool:
    return bool(SHAPE.fullmatch(value))
