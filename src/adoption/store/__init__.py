"""Workshop storage: sessions a facilitator opens and the answers participants send to them.

A facilitator creates a session and gets a short join code to read aloud plus a secret that
only they keep (the database holds its SHA-256 hash). Participants answer from their phones;
each participant is an opaque random token, so a second submit from the same phone updates
the same row instead of counting twice.

The store runs on SQLite (one file, fine for one app process) or PostgreSQL (needed when the
app is hosted, since Streamlit Community Cloud's disk does not persist). All SQL goes through
SQLAlchemy Core with bound parameters. Every database failure surfaces as `StoreUnavailable`
with the URL's password masked, so the UI can show one clear message.

Each fact is stored once: an answer is one row, and the room's counts and averages are
grouped from the rows when asked. The package is split by concern:

- :mod:`~adoption.store.workshop_store`: :class:`WorkshopStore`, what the store does;
- :mod:`~adoption.store.pool_store`: :class:`PoolStore`, the pool of anonymous answers
  firms chose to add (peers from real answers), one per device and month;
- :mod:`~adoption.store.limits`: rate limits per client, and the client's address;
- :mod:`~adoption.store.engine`: the database URL and an engine set up for it, with a
  bounded pool and time limits;
- :mod:`~adoption.store.shared`: one engine per URL per process, out of clients' reach;
- :mod:`~adoption.store.schema`: the tables (sessions, submissions, each participant's
  answers and scores, the schema's version) and their limits;
- :mod:`~adoption.store.migrations`: creating the tables and upgrading an older database,
  one recorded version after another;
- :mod:`~adoption.store.transactions`: one retried transaction per call, clean errors;
- :mod:`~adoption.store.validation`: join codes, participant tokens, what input is accepted.
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
    NotAdmitted,
    SessionClosed,
    SessionFull,
    StoreError,
    StoreUnavailable,
    UnknownSession,
)
from adoption.store.migrations import SCHEMA_VERSION
from adoption.store.pool_store import DEFAULT_RETENTION_MONTHS, PoolStore
from adoption.store.records import (
    CreatedSession,
    PoolAnswers,
    PoolEntry,
    RoomTally,
    SessionInfo,
    Submission,
)
from adoption.store.schema import (
    ANSWER_MAX,
    CODE_LENGTH,
    LANGS,
    MAX_ANSWERS,
    MAX_CAPACITY,
    MAX_PROFILE,
    MAX_QUESTIONS,
    POOL_BANDS,
    POOL_ORIGINS,
    PROFILE_VALUE_MAX,
    TITLE_MAX,
    UTCDateTime,
    answers_table,
    metadata,
    pool_devices_table,
    pool_keys_table,
    pool_table,
    scores_table,
    sessions_table,
    submissions_table,
)
from adoption.store.shared import dispose_all, shared_pool, shared_store
from adoption.store.transactions import utcnow
from adoption.store.validation import (
    CODE_ALPHABET,
    generate_code,
    is_participant,
    month_index,
    month_of,
    new_participant,
    normalize_code,
)
from adoption.store.workshop_store import WorkshopStore

__all__ = [
    "ANSWER_MAX",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DATABASE_URL_ENV",
    "DEFAULT_RETENTION_MONTHS",
    "LANGS",
    "MAX_ANSWERS",
    "MAX_CAPACITY",
    "MAX_PROFILE",
    "MAX_QUESTIONS",
    "POOL_BANDS",
    "POOL_ORIGINS",
    "PROFILE_VALUE_MAX",
    "SCHEMA_VERSION",
    "SQLITE_BUSY_TIMEOUT_S",
    "TITLE_MAX",
    "CreatedSession",
    "Forbidden",
    "InvalidInput",
    "NotAdmitted",
    "PoolAnswers",
    "PoolEntry",
    "PoolStore",
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
    "default_database_url",
    "dispose_all",
    "generate_code",
    "is_participant",
    "make_engine",
    "metadata",
    "month_index",
    "month_of",
    "new_participant",
    "normalize_code",
    "pool_devices_table",
    "pool_keys_table",
    "pool_table",
    "scores_table",
    "sessions_table",
    "shared_pool",
    "shared_store",
    "submissions_table",
    "url_from_connection",
    "utcnow",
]
