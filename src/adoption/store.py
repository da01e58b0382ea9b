"""Workshop storage: sessions a facilitator opens and the answers participants send to them.

A facilitator creates a session and gets a short join code to read aloud plus a secret that
only they keep (the database holds its SHA-256 hash). Participants answer from their phones;
each participant is an opaque random token, so a second submit from the same phone updates
the same row instead of counting twice.

The store runs on SQLite (one file, fine for one app process) or PostgreSQL (needed when the
app is hosted, since Streamlit Community Cloud's disk does not persist). All SQL goes through
SQLAlchemy Core with bound parameters. Every database failure surfaces as `StoreUnavailable`
with the URL's password masked, so the UI can show one clear message.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeGuard, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CreatedSession",
    "Forbidden",
    "InvalidInput",
    "SessionClosed",
    "SessionInfo",
    "StoreError",
    "StoreUnavailable",
    "Submission",
    "UnknownSession",
    "WorkshopStore",
    "default_database_url",
    "generate_code",
    "is_participant",
    "make_engine",
    "metadata",
    "new_participant",
    "normalize_code",
    "sessions_table",
    "submissions_table",
    "url_from_connection",
    "utcnow",
]

T = TypeVar("T")

# Read aloud in a noisy room and typed on a phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
CODE_LENGTH = 6
LANGS = ("fr", "en")
TITLE_MAX = 120
MAX_QUESTIONS = 40
MAX_ANSWERS = 40
ANSWER_MAX = 40
MAX_PROFILE = 40
PROFILE_VALUE_MAX = 80
SQLITE_BUSY_TIMEOUT_S = 15
DATABASE_URL_ENV = "ADOPTION_DATABASE_URL"

_CODE_RE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_PARTICIPANT_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Phones autocorrect "-" into typographic dashes; accept them all as separators.
_CODE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")
# Unicode control, surrogate and line/paragraph separator categories: never in stored text.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_CODE_ATTEMPTS = 20
_TX_ATTEMPTS = 5
_RETRY_BUDGET_S = 2.0
# Arbitrary constant shared by every app replica so they serialise schema creation.
_SCHEMA_LOCK_KEY = 0x41444F50  # "ADOP"
_SQLITE_WRITE = "adoption_sqlite_write"
# SQLSTATEs worth retrying on PostgreSQL: serialization failure, deadlock.
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (the store's default clock)."""
    return datetime.now(UTC)


# --------------------------------------------------------------------------- errors


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


class Forbidden(StoreError):
    """The facilitator secret does not match this session."""

    code = "forbidden"


class InvalidInput(StoreError):
    """A value is out of bounds; `field` names which one (e.g. "title", "answers")."""

    code = "invalid_input"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class _CodeCollision(Exception):
    """Internal: the generated join code is taken; the caller draws another."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class SessionInfo:
    """Public facts about a session; holds nothing secret."""

    code: str
    title: str
    lang: str
    question_ids: tuple[str, ...]
    status: str
    created_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        """True while participants may still submit or change answers."""
        return self.status == "open"


@dataclass(frozen=True)
class CreatedSession:
    """A new session and its facilitator secret, which is returned this once only."""

    info: SessionInfo
    secret: str = field(repr=False)


@dataclass(frozen=True)
class Submission:
    """One participant's answers to one session."""

    session_code: str
    # The token lets its holder change these answers: keep it out of logs and reprs.
    participant: str = field(repr=False)
    answers: dict[str, str]
    profile: dict[str, str]
    submitted_at: datetime
    updated_at: datetime
    revision: int


# --------------------------------------------------------------------------- schema


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, whatever the back end keeps.

    SQLite has no time zones, so values are stored there as naive UTC; PostgreSQL gets a
    `timestamptz`. Comparisons stay correct because every value is UTC before it is bound.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the workshop store; use UTC-aware values")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = sa.MetaData()

sessions_table = sa.Table(
    "workshop_sessions",
    metadata,
    sa.Column("code", sa.String(CODE_LENGTH), primary_key=True),
    sa.Column("title", sa.String(TITLE_MAX), nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("question_ids", sa.Text, nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(6), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    sa.CheckConstraint("status IN ('open', 'closed')", name="ck_workshop_sessions_status"),
    sa.CheckConstraint("lang IN ('fr', 'en')", name="ck_workshop_sessions_lang"),
)

submissions_table = sa.Table(
    "workshop_submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "session_code",
        sa.String(CODE_LENGTH),
        sa.ForeignKey("workshop_sessions.code", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("participant", sa.String(64), nullable=False),
    sa.Column("answers", sa.Text, nullable=False),
    sa.Column("profile", sa.Text, nullable=False),
    sa.Column("submitted_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    # The upsert in `submit` relies on this constraint to stay race-safe.
    sa.UniqueConstraint("session_code", "participant", name="uq_workshop_submissions_participant"),
)


# --------------------------------------------------------------------------- engine


def default_database_url() -> str:
    """Return `$ADOPTION_DATABASE_URL`, else a SQLite file under `<project root>/var/`."""
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if from_env:
        return from_env
    root = Path(__file__).resolve().parents[2]
    return f"sqlite:///{(root / 'var' / 'workshop.sqlite3').as_posix()}"


def url_from_connection(settings: Mapping[str, Any]) -> str | None:
    """The database URL in a ``[connections.<name>]`` secrets section, or None if it has none.

    Read the way ``st.connection(name, type="sql")`` reads it: ``url``, else ``dialect``
    (plus ``driver``), ``username``, ``password``, ``host``, ``port``, ``database`` and
    ``query``. Only ``dialect`` is required (a SQLite file needs no host). Raises
    `StoreUnavailable`, without the password, when the keys cannot make a URL.
    """
    url = settings.get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    dialect = settings.get("dialect")
    if not (isinstance(dialect, str) and dialect.strip()):
        return None
    driver = settings.get("driver")
    port = settings.get("port")
    try:
        built = sa.URL.create(
            drivername=f"{dialect.strip()}+{driver}" if driver else dialect.strip(),
            username=settings.get("username"),
            password=settings.get("password"),
            host=settings.get("host"),
            port=int(port) if port not in (None, "") else None,
            database=settings.get("database"),
            query=dict(settings.get("query") or {}),
        )
    except (TypeError, ValueError) as err:
        raise StoreUnavailable(
            f"The workshop connection settings cannot make a database URL: {type(err).__name__}"
        ) from None
    return built.render_as_string(hide_password=False)


def make_engine(
    url: str | sa.URL | None = None, *, connect_args: Mapping[str, Any] | None = None
) -> Engine:
    """Build an engine for the workshop store from a URL (default: `default_database_url()`).

    `postgresql://` and `postgres://` URLs are switched to the psycopg 3 driver. SQLite files
    get their folder created, WAL, a busy timeout and foreign keys. `connect_args` is passed
    to the driver (tests use it to pin a PostgreSQL `search_path`).
    Raises `StoreUnavailable` for a URL that cannot be parsed or a folder that cannot be made.
    """
    raw = default_database_url() if url is None else url
    try:
        parsed = sa.make_url(raw)
    except (exc.ArgumentError, ValueError) as err:
        raise StoreUnavailable(
            f"The workshop database URL is invalid: {_scrub(str(err))}"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    safe_url = parsed.render_as_string(hide_password=True)
    args: dict[str, Any] = {}
    kwargs: dict[str, Any] = {}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        _ensure_sqlite_folder(parsed, safe_url)
    elif backend == "postgresql":
        kwargs["pool_pre_ping"] = True
        # A black-holed host would otherwise hang a page for minutes.
        if "connect_timeout" not in parsed.query:
            args["connect_timeout"] = 10
    args.update(connect_args or {})
    try:
        engine = sa.create_engine(parsed, connect_args=args, **kwargs)
    except (exc.ArgumentError, ImportError, ValueError, TypeError) as err:
        raise StoreUnavailable(
            f"The workshop database is misconfigured ({safe_url}): {_scrub(str(err))}"
        ) from err
    if backend == "sqlite":
        _configure_sqlite(engine)
    return engine


def _ensure_sqlite_folder(url: sa.URL, safe_url: str) -> None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreUnavailable(
            f"The workshop database folder cannot be created ({safe_url}): {err.strerror or err}"
        ) from err


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (see `_on_sqlite_begin`); pysqlite's own handling
    # would start write transactions as DEFERRED, which fail at once under contention.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000:d}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    # IMMEDIATE takes the write lock up front, so the busy timeout queues writers instead
    # of failing a DEFERRED transaction that tries to upgrade while another one writes.
    if conn.get_execution_options().get(_SQLITE_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _configure_sqlite(engine: Engine) -> None:
    if not event.contains(engine, "connect", _on_sqlite_connect):
        event.listen(engine, "connect", _on_sqlite_connect)
    if not event.contains(engine, "begin", _on_sqlite_begin):
        event.listen(engine, "begin", _on_sqlite_begin)


_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def _scrub(message: str) -> str:
    """Mask anything that looks like a password inside a URL in an error message."""
    return _PASSWORD_IN_URL.sub(r"\1***@", message)


# --------------------------------------------------------------------------- validation


def generate_code() -> str:
    """Draw a random join code from `CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: object) -> str:
    """Turn what someone typed ("  acd-e3f ") into a join code ("ACDE3F").

    Raises `UnknownSession` when the result cannot be a join code.
    """
    if not isinstance(raw, str) or len(raw) > 64:
        raise UnknownSession("This session code does not exist.")
    code = _CODE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)).upper()
    if not _CODE_RE.fullmatch(code):
        raise UnknownSession("This session code does not exist.")
    return code


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _bad_char(text: str) -> bool:
    return any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in text)


def _clean_title(title: object) -> str:
    if not isinstance(title, str):
        raise InvalidInput("The title must be text.", field="title")
    title = title.strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise InvalidInput(f"The title must have 1 to {TITLE_MAX} characters.", field="title")
    if _bad_char(title):
        raise InvalidInput("The title contains control characters.", field="title")
    return title


def _clean_lang(lang: object) -> str:
    if lang not in LANGS:
        raise InvalidInput("The language must be 'fr' or 'en'.", field="lang")
    return str(lang)


def _clean_question_ids(question_ids: object) -> tuple[str, ...]:
    # A bare string is a Sequence[str] too; iterating it would store one id per letter.
    if isinstance(question_ids, str | bytes) or not isinstance(question_ids, Sequence):
        raise InvalidInput("The question ids must be a list of ids.", field="question_ids")
    if len(question_ids) > MAX_QUESTIONS:
        raise InvalidInput(f"At most {MAX_QUESTIONS} questions.", field="question_ids")
    ids: list[str] = []
    for qid in question_ids:
        if not isinstance(qid, str) or not _ID_RE.fullmatch(qid):
            raise InvalidInput("A question id is malformed.", field="question_ids")
        if qid not in ids:
            ids.append(qid)
    return tuple(ids)


def new_participant() -> str:
    """A fresh random participant token (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


def is_participant(token: object) -> TypeGuard[str]:
    """True when ``token`` has the shape the store accepts as a participant token."""
    return isinstance(token, str) and _PARTICIPANT_RE.fullmatch(token) is not None


def _clean_participant(participant: object) -> str:
    if not is_participant(participant):
        raise InvalidInput(
            "The participant token must have 16 to 64 URL-safe characters.", field="participant"
        )
    return participant


def _clean_mapping(values: object, *, field: str, max_items: int, max_len: int) -> dict[str, str]:
    if not isinstance(values, Mapping):
        raise InvalidInput(f"The {field} must be a mapping of id to text.", field=field)
    if len(values) > max_items:
        raise InvalidInput(f"At most {max_items} {field} entries.", field=field)
    clean: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not _ID_RE.fullmatch(key):
            raise InvalidInput(f"An id in the {field} is malformed.", field=field)
        if not isinstance(value, str) or len(value) > max_len or _bad_char(value):
            raise InvalidInput(
                f"Each {field} value must be text of at most {max_len} characters "
                "without control characters.",
                field=field,
            )
        clean[key] = value
    return clean


def _dump(values: Mapping[str, str]) -> str:
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True)


def _load(text: str) -> dict[str, str]:
    loaded = json.loads(text)
    return {str(k): str(v) for k, v in loaded.items()}


# --------------------------------------------------------------------------- store


class WorkshopStore:
    """Sessions and submissions on one SQLAlchemy engine (SQLite or PostgreSQL).

    Thread-safe: share one instance per engine across Streamlit sessions. Each public
    method runs in its own short transaction.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        retention_days: int = 30,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if isinstance(retention_days, bool) or not isinstance(retention_days, int):
            raise TypeError("retention_days must be an int")
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self._engine = engine
        self._retention = timedelta(days=retention_days)
        self._clock = clock
        self._backend = engine.dialect.name
        if self._backend not in ("sqlite", "postgresql"):
            raise StoreUnavailable(
                f"The workshop store supports SQLite and PostgreSQL, not {self._backend}.",
                code="unsupported_database",
            )
        if self._backend == "sqlite":
            # Engines built outside `make_engine` still get WAL and BEGIN IMMEDIATE.
            _configure_sqlite(engine)
        self._safe_url = engine.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"WorkshopStore({self._safe_url!r}, retention_days={self._retention.days})"

    # ----------------------------------------------------------------- plumbing

    def _now(self) -> datetime:
        now = self._clock()
        return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)

    def _unavailable(self, err: BaseException) -> StoreUnavailable:
        orig = getattr(err, "orig", None)
        detail = str(orig if orig is not None else err).strip()
        # Driver messages run over several lines and carry hints; the first line says it.
        reason = (detail.splitlines() or [type(err).__name__])[0][:300]
        password = self._engine.url.password
        if password:
            reason = reason.replace(str(password), "***")
        reason = _scrub(reason)
        if isinstance(err, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
            what = "cannot be reached"
        else:
            what = "is not usable"
        return StoreUnavailable(f"The workshop database {what} ({self._safe_url}): {reason}")

    def _transient(self, err: exc.DBAPIError) -> bool:
        # Dropped connections are not retried here: pool_pre_ping already replaces stale
        # ones, and retrying an unreachable host would multiply its connect timeout.
        if self._backend == "sqlite":
            text = str(err.orig).lower()
            return "database is locked" in text or "database is busy" in text
        return getattr(err.orig, "sqlstate", None) in _RETRY_SQLSTATES

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        """Run `work` in one transaction, retrying briefly on lock contention."""
        # Retries are for contention that fails fast; once SQLite's busy timeout has been
        # waited out, trying again would only keep the page hanging.
        deadline = time.monotonic() + _RETRY_BUDGET_S
        for attempt in itertools.count(1):
            try:
                with self._engine.connect() as conn:
                    if write and self._backend == "sqlite":
                        conn.execution_options(**{_SQLITE_WRITE: True})
                    with conn.begin():
                        return work(conn)
            except exc.DBAPIError as err:
                retry = attempt < _TX_ATTEMPTS and time.monotonic() < deadline
                if retry and self._transient(err):
                    # Jitter so retried writers do not collide again; not security related.
                    time.sleep(0.02 * attempt + random.random() * 0.05)  # noqa: S311
                    continue
                raise self._unavailable(err) from err
            except exc.SQLAlchemyError as err:
                raise self._unavailable(err) from err
        raise AssertionError("unreachable")  # pragma: no cover

    def _row_to_info(self, row: sa.Row[Any]) -> SessionInfo:
        return SessionInfo(
            code=row.code,
            title=row.title,
            lang=row.lang,
            question_ids=tuple(json.loads(row.question_ids)),
            status=row.status,
            created_at=row.created_at,
            closed_at=row.closed_at,
        )

    @staticmethod
    def _row_to_submission(row: sa.Row[Any]) -> Submission:
        return Submission(
            session_code=row.session_code,
            participant=row.participant,
            answers=_load(row.answers),
            profile=_load(row.profile),
            submitted_at=row.submitted_at,
            updated_at=row.updated_at,
            revision=row.revision,
        )

    def _load_session(self, conn: Connection, code: str, *, share_lock: bool = False) -> sa.Row:
        query = sa.select(sessions_table).where(sessions_table.c.code == code)
        if share_lock:
            # PostgreSQL: `close`/`delete` wait for submits in flight (SQLite ignores this;
            # its writers are serialised by BEGIN IMMEDIATE anyway).
            query = query.with_for_update(read=True)
        row = conn.execute(query).first()
        if row is None or row.created_at < self._now() - self._retention:
            raise UnknownSession("This session code does not exist.")
        return row

    def _authorised(self, conn: Connection, code: str, secret: object) -> sa.Row:
        row = self._load_session(conn, code)
        given = _hash_secret(secret) if isinstance(secret, str) else ""
        if not hmac.compare_digest(given, row.secret_hash):
            raise Forbidden("This facilitator key does not match the session.")
        return row

    # ----------------------------------------------------------------- public API

    def init_schema(self) -> None:
        """Create the tables if missing; safe to call from several replicas at once."""

        def work(conn: Connection) -> None:
            if self._backend == "postgresql":
                # Two replicas both seeing "no table" would both CREATE and one would fail.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK_KEY)))
            metadata.create_all(conn, checkfirst=True)

        self._run(work, write=True)

    def create_session(
        self, title: str, lang: str, question_ids: Sequence[str] = ()
    ) -> CreatedSession:
        """Open a session and return it with its facilitator secret (shown once)."""
        clean_title = _clean_title(title)
        clean_lang = _clean_lang(lang)
        ids = _clean_question_ids(question_ids)
        secret = secrets.token_urlsafe(24)
        secret_hash = _hash_secret(secret)

        for _ in range(_CODE_ATTEMPTS):
            info = SessionInfo(
                code=generate_code(),
                title=clean_title,
                lang=clean_lang,
                question_ids=ids,
                status="open",
                created_at=self._now(),
                closed_at=None,
            )

            def work(conn: Connection, info: SessionInfo = info) -> None:
                taken = conn.execute(
                    sa.select(sessions_table.c.code).where(sessions_table.c.code == info.code)
                ).first()
                if taken is not None:
                    raise _CodeCollision
                try:
                    conn.execute(
                        sessions_table.insert().values(
                            code=info.code,
                            title=info.title,
                            lang=info.lang,
                            question_ids=json.dumps(list(info.question_ids)),
                            secret_hash=secret_hash,
                            status=info.status,
                            created_at=info.created_at,
                            closed_at=None,
                        )
                    )
                except exc.IntegrityError as err:
                    # Another replica took the same code between the check and the insert.
                    raise _CodeCollision from err

            try:
                self._run(work, write=True)
            except _CodeCollision:
                continue
            return CreatedSession(info=info, secret=secret)
        raise StoreError("Could not find a free session code; try again.", code="code_exhausted")

    def get_session(self, code: str) -> SessionInfo:
        """Look a session up by its (possibly sloppily typed) join code."""
        clean = normalize_code(code)
        return self._run(
            lambda conn: self._row_to_info(self._load_session(conn, clean)), write=False
        )

    def submit(
        self,
        code: str,
        participant: str,
        answers: Mapping[str, str],
        profile: Mapping[str, str] | None = None,
    ) -> Submission:
        """Record or update one participant's answers while the session is open."""
        clean = normalize_code(code)
        token = _clean_participant(participant)
        clean_answers = _clean_mapping(
            answers, field="answers", max_items=MAX_ANSWERS, max_len=ANSWER_MAX
        )
        clean_profile = _clean_mapping(
            {} if profile is None else profile,
            field="profile",
            max_items=MAX_PROFILE,
            max_len=PROFILE_VALUE_MAX,
        )
        answers_json = _dump(clean_answers)
        profile_json = _dump(clean_profile)
        upsert_insert = (
            pg_dialect.insert if self._backend == "postgresql" else sqlite_dialect.insert
        )

        def work(conn: Connection) -> Submission:
            session = self._load_session(conn, clean, share_lock=True)
            if session.status != "open":
                raise SessionClosed("This session is closed.")
            now = self._now()
            table = submissions_table
            stmt = upsert_insert(table).values(
                session_code=clean,
                participant=token,
                answers=answers_json,
                profile=profile_json,
                submitted_at=now,
                updated_at=now,
                revision=1,
            )
            # ON CONFLICT makes concurrent first submits from one phone a single row.
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.session_code, table.c.participant],
                set_={
                    "answers": stmt.excluded.answers,
                    "profile": stmt.excluded.profile,
                    "updated_at": stmt.excluded.updated_at,
                    "revision": table.c.revision + 1,
                },
            ).returning(*table.c)
            return self._row_to_submission(conn.execute(stmt).one())

        return self._run(work, write=True)

    def get_submission(self, code: str, participant: str) -> Submission | None:
        """Return this participant's answers, or None if they have not answered yet."""
        clean = normalize_code(code)
        token = _clean_participant(participant)

        def work(conn: Connection) -> Submission | None:
            self._load_session(conn, clean)
            row = conn.execute(
                sa.select(submissions_table).where(
                    submissions_table.c.session_code == clean,
                    submissions_table.c.participant == token,
                )
            ).first()
            return None if row is None else self._row_to_submission(row)

        return self._run(work, write=False)

    def count(self, code: str) -> int:
        """Number of participants who answered (public: shown on the room screen)."""
        clean = normalize_code(code)

        def work(conn: Connection) -> int:
            self._load_session(conn, clean)
            return int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(submissions_table)
                    .where(submissions_table.c.session_code == clean)
                ).scalar_one()
            )

        return self._run(work, write=False)

    def room_answers(self, code: str, secret: str) -> list[Submission]:
        """Every submission of the session, oldest first; facilitator only."""
        clean = normalize_code(code)

        def work(conn: Connection) -> list[Submission]:
            self._authorised(conn, clean, secret)
            rows = conn.execute(
                sa.select(submissions_table)
                .where(submissions_table.c.session_code == clean)
                .order_by(submissions_table.c.submitted_at, submissions_table.c.id)
            ).all()
            return [self._row_to_submission(row) for row in rows]

        return self._run(work, write=False)

    def close(self, code: str, secret: str) -> SessionInfo:
        """Stop accepting answers; closing a closed session changes nothing."""
        clean = normalize_code(code)

        def work(conn: Connection) -> SessionInfo:
            self._authorised(conn, clean, secret)
            conn.execute(
                sessions_table.update()
                .where(sessions_table.c.code == clean, sessions_table.c.status == "open")
                .values(status="closed", closed_at=self._now())
            )
            return self._row_to_info(self._load_session(conn, clean))

        return self._run(work, write=True)

    def delete(self, code: str, secret: str) -> None:
        """Delete the session and all its answers."""
        clean = normalize_code(code)

        def work(conn: Connection) -> None:
            self._authorised(conn, clean, secret)
            # Explicit, not only ON DELETE CASCADE: a SQLite connection opened elsewhere
            # may not have foreign keys switched on.
            conn.execute(
                submissions_table.delete().where(submissions_table.c.session_code == clean)
            )
            conn.execute(sessions_table.delete().where(sessions_table.c.code == clean))

        self._run(work, write=True)

    def check_secret(self, code: str, secret: str) -> SessionInfo:
        """Return the session if `secret` is its facilitator key, else raise `Forbidden`."""
        clean = normalize_code(code)
        return self._run(
            lambda conn: self._row_to_info(self._authorised(conn, clean, secret)), write=False
        )

    def purge_expired(self) -> int:
        """Delete sessions created more than `retention_days` ago, with their answers."""

        def work(conn: Connection) -> int:
            cutoff = self._now() - self._retention
            expired = sa.select(sessions_table.c.code).where(sessions_table.c.created_at < cutoff)
            conn.execute(
                submissions_table.delete().where(submissions_table.c.session_code.in_(expired))
            )
            result = conn.execute(
                sessions_table.delete().where(sessions_table.c.created_at < cutoff)
            )
            return int(result.rowcount)

        return self._run(work, write=True)
