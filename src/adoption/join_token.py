"""The room's join token: proof that a phone saw the code projected in the room.

The join slide's QR code carries ``/join?code=K7MQ4P&t=<token>``. The token is an HMAC of
the session code and a time window (:data:`WINDOW_S` seconds), under a key only the server
can derive (the store derives it from what it keeps of the facilitator's secret, see
:meth:`adoption.store.WorkshopStore.join_token`). The projector redraws the join slide every
few seconds, so the code on the screen changes each window; a token is accepted for
:data:`ACCEPTED_WINDOWS` windows (two minutes), so a phone that is slow to open the link
still gets in, and a link forwarded out of the room soon stops working.

What a token proves is only "someone saw the screen in the last two minutes": a person in
the room can still forward it, or scan it with a script. It keeps scripts that only know
the typed code (or an old link) out of the room's seats and out of its minimum group.

Pure functions, no Streamlit and no database: tested alone (``tests/test_join_token.py``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

__all__ = [
    "ACCEPTED_WINDOWS",
    "TOKEN_LENGTH",
    "WINDOW_S",
    "derive_key",
    "is_token",
    "make_token",
    "token_valid",
    "window_of",
]

WINDOW_S = 30  # the QR code changes this often while the join slide is up
ACCEPTED_WINDOWS = 4  # the current window and the three before: 90 to 120 s of grace
TOKEN_LENGTH = 16  # base64url characters: 96 bits of the HMAC, unguessable
_TOKEN = re.compile(rf"^[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}$")
_KEY_LABEL = b"adoption.join-token.v1"


def derive_key(secret_hash: str) -> bytes:
    """The session's token key from the stored hash of its facilitator secret: only the
    store knows it, and it is not the hash itself (a leaked token reveals nothing of it)."""
    return hmac.new(secret_hash.encode(), _KEY_LABEL, hashlib.sha256).digest()


def window_of(now_s: float) -> int:
    """The time window (a number) that ``now_s`` (Unix seconds) falls in."""
    return int(now_s // WINDOW_S)


def make_token(key: bytes, code: str, window: int) -> str:
    """The token of session ``code`` for ``window``."""
    digest = hmac.new(key, f"{code}.{window}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:TOKEN_LENGTH]


def is_token(value: object) -> bool:
    """Whether ``value`` has a token's shape (anything else is not worth an HMAC)."""
    return isinstance(value, str) and _TOKEN.match(value) is not None


def token_valid(key: bytes, code: str, token: object, now_s: float) -> bool:
    """Whether ``token`` was made for ``code`` in the current window or one of the
    :data:`ACCEPTED_WINDOWS` - 1 before it. A token from the future is refused too."""
    if not isinstance(token, str) or not is_token(token):
        return False
    current = window_of(now_s)
    matches = [
        hmac.compare_digest(make_token(key, code, current - back), token)
        for back in range(ACCEPTED_WINDOWS)
    ]
    return any(matches)
