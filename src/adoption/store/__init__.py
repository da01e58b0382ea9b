"""Workshop storage: sessions a facilitator opens and the answers participants send to them.

A facilitator creates a session and gets a short join code to read aloud plus a secret that
only they keep (the database holds its SHA-256 hash). Participants answer from their phones;
each participant is an opaque random token, so a second submit from the same phone updates
the same row instead of counting twice.

The store runs on SQLite (one file, fine for one app process) or PostgreSQL (needed when the
app is hosted, since Streamlit Community Cloud's disk does not persist). All SQL goes through
SQLAlchemy Core with bound parameters. Every database failure surfaces as `StoreUnavailable`
with the URL's password masked, so the UI can show one clear message.

The package is split by concern; :class:`WorkshopStore` (:mod:`~adoption.store.facade`) is
the one door to it:

- :mod:`~adoption.store.engine`: the database URL and an engine set up for it, with a
  bounded pool and time limits;
- :mod:`~adoption.store.shared`: one engine per URL per process, out of clients' reach;
- :mod:`~adoption.store.schema`: the tables (sessions, submissions, each participant's
  answers and scores, and the room's tally), their limits, creating and upgrading them;
- :mod:`~adoption.store.tallies`: the room's tally, moved by every send;
- :mod:`~adoption.store.transactions`: one retried transaction per call, clean errors;
- :mod:`~adoption.store.validation`: join codes, participant tokens, what input is accepted;
- :mod:`~adoption.store.sessions`, :mod:`~adoption.store.answers`,
  :mod:`~adoption.store.retention`: what the store does.
"""

from __future__ import annotations

from adoption.store.engine import (
    DATABASE_URL_ENV,
    SQLITE_BUSY_TIMEOUT_S,
    default_database_url,
    make_engine,
    url_from_connection,
)
from adoption.store.errors import (
    Forbidden,
    InvalidInput,
    SessionClosed,
    SessionFull,
    StoreError,
    StoreUnavailable,
    UnknownSession,
)
from adoption.store.facade import WorkshopStore
from adoption.store.records import CreatedSession, RoomTally, SessionInfo, Submission
from adoption.store.schema import (
    ANSWER_MAX,
    CODE_LENGTH,
    LANGS,
    MAX_ANSWERS,
    MAX_CAPACITY,
    MAX_PROFILE,
    MAX_QUESTIONS,
    PROFILE_VALUE_MAX,
    TITLE_MAX,
    UTCDateTime,
    answers_table,
    counts_table,
    metadata,
    pillar_sums_table,
    scores_table,
    sessions_table,
    submissions_table,
)
from adoption.store.shared import dispose_all, shared_store
from adoption.store.transactions import utcnow
from adoption.store.validation import (
    CODE_ALPHABET,
    generate_code,
    is_participant,
    new_participant,
    normalize_code,
)

__all__ = [
    "ANSWER_MAX",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DATABASE_URL_ENV",
    "LANGS",
    "MAX_ANSWERS",
    "MAX_CAPACITY",
    "MAX_PROFILE",
    "MAX_QUESTIONS",
    "PROFILE_VALUE_MAX",
    "SQLITE_BUSY_TIMEOUT_S",
    "TITLE_MAX",
    "CreatedSession",
    "Forbidden",
    "InvalidInput",
    "RoomTally",
    "SessionClosed",
    "SessionFull",
    "SessionInfo",
    "StoreError",
    "StoreUnavailable",
    "Submission",
    "UTCDateTime",
    "UnknownSession",
    "WorkshopStore",
    "answers_table",
    "counts_table",
    "default_database_url",
    "dispose_all",
    "generate_code",
    "is_participant",
    "make_engine",
    "metadata",
    "new_participant",
    "normalize_code",
    "pillar_sums_table",
    "scores_table",
    "sessions_table",
    "shared_store",
    "submissions_table",
    "url_from_connection",
    "utcnow",
]
