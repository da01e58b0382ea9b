"""Presenter tokens: a short-lived pass that shows a session's slides and nothing else.

The projector's address bar is on the wall for everyone to read (and photograph). It
therefore never holds the facilitator key, which closes, exports and deletes; it holds a
*view token* instead: ``<expiry>.<mac>``, where ``expiry`` is a Unix time in base 36 and
``mac`` an HMAC-SHA256 (128 bits kept) of the session code and that expiry. The HMAC's key
is derived from the hash of the facilitator key the store already keeps, so no new column is
needed, a token can be made only by the server (the hash never leaves the database), and
deleting the session voids every token made for it.

A token is checked in constant time (:func:`hmac.compare_digest`). It opens the session for
reading and moving slides only: the store accepts a :class:`ViewToken` in
:meth:`~adoption.store.WorkshopStore.tally` and
:meth:`~adoption.store.WorkshopStore.set_slide`, nowhere else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

__all__ = [
    "VALID_FOR",
    "Verdict",
    "ViewToken",
    "check_view_token",
    "make_view_token",
    "token_expiry",
]

VALID_FOR = timedelta(hours=24)  # a workshop day, with its rehearsal the evening before
_CONTEXT = b"adoption/presenter-view/v1"  # this key serves no other purpose
_MAC_BYTES = 16
_MAX_LENGTH = 64  # longer is never one of ours: refused before any work

Verdict = Literal["ok", "expired", "invalid"]


@dataclass(frozen=True)
class ViewToken:
    """A presenter token as handed to the store (a plain ``str`` there is a facilitator key)."""

    value: str = field(repr=False)


def _key(secret_hash: str) -> bytes:
    return hmac.new(secret_hash.encode("ascii", "replace"), _CONTEXT, hashlib.sha256).digest()


def _mac(secret_hash: str, code: str, expiry: str) -> str:
    message = f"{code}|{expiry}".encode("ascii", "replace")
    digest = hmac.new(_key(secret_hash), message, hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def make_view_token(
    secret_hash: str, code: str, now: datetime, valid_for: timedelta = VALID_FOR
) -> str:
    """A token for session ``code`` valid for ``valid_for`` from ``now``, rounded up to the
    next whole hour (so the link stays the same for an hour, and is never shorter-lived)."""
    end = now.astimezone(UTC) + valid_for
    if end != end.replace(minute=0, second=0, microsecond=0):
        end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    expiry = _base36(int(end.timestamp()))
    return f"{expiry}.{_mac(secret_hash, code, expiry)}"


def token_expiry(token: object) -> datetime | None:
    """When ``token`` says it expires (unchecked), or None when it is not shaped as one."""
    if not isinstance(token, str) or len(token) > _MAX_LENGTH or token.count(".") != 1:
        return None
    expiry = token.split(".")[0]
    if not expiry or not expiry.isascii() or not expiry.isalnum() or expiry != expiry.lower():
        return None
    try:
        return datetime.fromtimestamp(int(expiry, 36), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def check_view_token(secret_hash: str, code: str, token: object, now: datetime) -> Verdict:
    """``"ok"`` when ``token`` was made for session ``code`` with this key hash and has not
    expired at ``now``; ``"expired"`` when it was and has; ``"invalid"`` otherwise."""
    end = token_expiry(token)
    if end is None or not isinstance(token, str):
        return "invalid"
    expiry, given = token.split(".")
    expected = _mac(secret_hash, code, expiry).encode("ascii")
    if not hmac.compare_digest(given.encode("ascii", "replace"), expected):
        return "invalid"
    return "ok" if now.astimezone(UTC) < end else "expired"
