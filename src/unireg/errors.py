"""One exception root, one subclass per stage (style.md #10).

Messages never carry unmasked personal data: callers mask ID numbers with
``unireg.rules.idnumber.mask`` before building a message.
"""

from __future__ import annotations


class UniregError(Exception):
    """Root of every error unireg raises on purpose."""


class ConfigError(UniregError):
    """A setting, profile or mapping is wrong; the message names the key and the value."""


class IngestError(UniregError):
    """A delivery cannot be read; the message names the file (and row/field when known)."""


class ValidationError(UniregError):
    """Raised only when validation itself cannot run; bad records are quarantined, not raised."""


class LinkageError(UniregError):
    """Record linkage failed."""


class BuildError(UniregError):
    """The registry build failed; the previous registry is left in place."""


class ReconciliationError(BuildError):
    """Rows read != accepted + quarantined + re-delivered for some file."""


class EngineError(UniregError):
    """A backend failed while running a named step; carries the step name and its SQL."""

    def __init__(self, step: str, sql: str, cause: BaseException) -> None:
        self.step, self.sql, self.cause = step, sql, cause
        super().__init__(f"step {step!r} failed: {cause}\n--- SQL ---\n{sql}")
