"""The store's errors: one base class with a stable `code` the UI translates."""

from __future__ import annotations

__all__ = [
    "Forbidden",
    "InvalidInput",
    "NotAdmitted",
    "SessionClosed",
    "SessionFull",
    "StoreError",
    "StoreUnavailable",
    "UnknownSession",
]


class StoreError(Exception):
    """Base of every error the store raises; `code` is stable, the UI translates it."""

    code = "store_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class StoreUnavailable(StoreError):
    """The database cannot be reached or is misconfigured (message has no password)."""

    code = "store_unavailable"


class UnknownSession(StoreError):
    """No session with this code (malformed, never existed, deleted or expired)."""

    code = "unknown_session"


class SessionClosed(StoreError):
    """The facilitator closed the session: answers can no longer be sent or changed."""

    code = "session_closed"


class SessionFull(StoreError):
    """The session has as many participants as the facilitator expected: a new device is
    refused (one already counted may still change its answers)."""

    code = "session_full"


class NotAdmitted(SessionFull):
    """The session has a cap and this device did not join from the code projected in the
    room (the join slide's QR code): its seats are the room's."""

    code = "not_admitted"


class Forbidden(StoreError):
    """The facilitator secret does not match this session."""

    code = "forbidden"


class InvalidInput(StoreError):
    """A value is out of bounds; `field` names which one (e.g. "title", "answers")."""

    code = "invalid_input"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
