"""One root for every error tamga raises on purpose, so each interface maps them in one place."""

from __future__ import annotations


class TamgaError(Exception):
    """Root of tamga's own errors. ``status`` is the HTTP status the API maps it to."""

    status: int = 400
    title: str = "Bad request"


class InvalidInput(TamgaError):
    """Input that cannot be accepted; names the record and the field."""

    status = 422
    title = "Invalid input"

    def __init__(self, message: str, *, record: str | None = None, field: str | None = None):
        self.record = record
        self.field = field
        self.reason = message
        where = ", ".join(
            p for p in (record and f"record {record}", field and f"field {field}") if p
        )
        super().__init__(f"{where}: {message}" if where else message)


class EventRejected(InvalidInput):
    """A ledger event that is refused (malformed, inconsistent, or conflicting)."""


class NotFound(TamgaError):
    status = 404
    title = "Not found"


class Conflict(TamgaError):
    status = 409
    title = "Conflict"


class PermissionDenied(TamgaError):
    status = 403
    title = "Forbidden"


class Unauthenticated(TamgaError):
    status = 401
    title = "Unauthorized"


class StoreError(TamgaError):
    status = 500
    title = "Store error"


class IntegrityError(TamgaError):
    """The tamper-evident log does not verify."""

    status = 500
    title = "Ledger integrity"
