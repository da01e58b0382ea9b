"""The database behind the store: its URL (environment, secrets section, default SQLite
file) and an engine set up for it (psycopg 3 for PostgreSQL; WAL, a busy timeout, foreign
keys and BEGIN IMMEDIATE for SQLite).

Every engine has a bounded pool and time limits on both back ends, so that a database that
is down or frozen answers a participant within about ten seconds instead of never:
connecting, waiting for a pooled connection, waiting for a lock and running a statement
each have a limit. PostgreSQL connections carry an ``application_name`` so an operator can
count them in ``pg_stat_activity``."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from adoption.store.errors import StoreUnavailable

__all__ = [
    "APPLICATION_NAME",
    "CALL_DEADLINE_S",
    "CONNECT_TIMEOUT_S",
    "DATABASE_URL_ENV",
    "LOCK_TIMEOUT_MS",
    "POOL_OVERFLOW",
    "POOL_SIZE",
    "POOL_TIMEOUT_S",
    "SQLITE_BUSY_TIMEOUT_S",
    "STATEMENT_TIMEOUT_MS",
    "configure_sqlite",
    "default_database_url",
    "make_engine",
    "scrub",
    "url_from_connection",
]

DATABASE_URL_ENV = "ADOPTION_DATABASE_URL"
# A participant waits at most about ten seconds before being told: every limit below is
# under that, and they do not add up (a call spends its time in one of them).
SQLITE_BUSY_TIMEOUT_S = 8
CONNECT_TIMEOUT_S = 5
POOL_SIZE = 5
POOL_OVERFLOW = 5
POOL_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 8_000
# The client's own limit on one store call (checkout, statements, commit, the connection's
# return): a frozen server or a black-holed network acknowledges packets and answers
# nothing, so no server-side timeout or TCP setting ends the wait. Past it the call's
# connection is cut (see adoption.store.transactions) and the participant is told.
CALL_DEADLINE_S = 9.0
LOCK_TIMEOUT_MS = 5_000
# A transaction left open by a stuck client must not hold its locks for ever.
IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000
APPLICATION_NAME = "adoption-workshop"
# Execution option a write transaction carries, so SQLite begins it IMMEDIATE.
SQLITE_WRITE = "adoption_sqlite_write"


def default_database_url() -> str:
    """Return `$ADOPTION_DATABASE_URL`, else a SQLite file under `<project root>/var/`."""
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if from_env:
        return from_env
    root = Path(__file__).resolve().parents[3]
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

    `postgresql://` and `postgres://` URLs are switched to the psycopg 3 driver and get a
    connect timeout, server-side statement, lock and idle-transaction timeouts (added to any
    ``options`` already given), TCP keepalives and ``application_name`` (unless the URL sets
    one). SQLite files get their folder created, WAL, a busy timeout and foreign keys. Both
    get a pool of at most ``POOL_SIZE + POOL_OVERFLOW`` connections that a caller waits for
    at most ``POOL_TIMEOUT_S``. `connect_args` is passed to the driver (tests use it to pin
    a PostgreSQL `search_path`).
    Raises `StoreUnavailable` for a URL that cannot be parsed or a folder that cannot be made.
    """
    raw = default_database_url() if url is None else url
    try:
        parsed = sa.make_url(raw)
    except (exc.ArgumentError, ValueError) as err:
        raise StoreUnavailable(f"The workshop database URL is invalid: {scrub(str(err))}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    safe_url = parsed.render_as_string(hide_password=True)
    given = dict(connect_args or {})
    args: dict[str, Any] = {}
    kwargs: dict[str, Any] = {
        "pool_size": POOL_SIZE,
        "max_overflow": POOL_OVERFLOW,
        "pool_timeout": POOL_TIMEOUT_S,
    }
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        _ensure_sqlite_folder(parsed, safe_url)
        if _sqlite_in_memory(parsed):
            kwargs = {}  # one shared in-memory connection: SQLAlchemy picks its own pool
        args["timeout"] = SQLITE_BUSY_TIMEOUT_S
    elif backend == "postgresql":
        # No pool_pre_ping: its ping runs inside the checkout, out of reach of the call's
        # deadline, and hangs on a frozen server. A stale connection (the server restarted)
        # fails on its first statement instead, and the call is tried once more.
        kwargs["pool_recycle"] = 1800
        args.update(_postgres_args(parsed, given))
    args.update(given)
    if backend == "postgresql":
        args["options"] = _postgres_options(parsed, given)
    try:
        engine = sa.create_engine(parsed, connect_args=args, **kwargs)
    except (exc.ArgumentError, ImportError, ValueError, TypeError) as err:
        raise StoreUnavailable(
            f"The workshop database is misconfigured ({safe_url}): {scrub(str(err))}"
        ) from err
    if backend == "sqlite":
        configure_sqlite(engine)
    return engine


def _query_value(url: sa.URL, name: str) -> str | None:
    value = url.query.get(name)
    if isinstance(value, tuple):
        value = value[-1] if value else None
    return value


def _postgres_args(url: sa.URL, given: Mapping[str, Any]) -> dict[str, Any]:
    """Client-side limits: what the URL or the caller already sets is left alone."""
    defaults: dict[str, Any] = {
        # A black-holed host would otherwise hang a page for minutes.
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": APPLICATION_NAME,
        # A server that vanished from the network is noticed instead of waited on.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }
    return {
        name: value
        for name, value in defaults.items()
        if name not in given and _query_value(url, name) is None
    }


def _postgres_options(url: sa.URL, given: Mapping[str, Any]) -> str:
    """The server settings sent at connect time: the caller's, then the store's limits.

    A limit the caller already set (``-c lock_timeout=...``) is kept as given.
    """
    base = str(given.get("options") or _query_value(url, "options") or "").strip()
    limits = {
        "statement_timeout": STATEMENT_TIMEOUT_MS,
        "lock_timeout": LOCK_TIMEOUT_MS,
        "idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION_TIMEOUT_MS,
    }
    extra = [f"-c {name}={value}" for name, value in limits.items() if name not in base]
    return " ".join([base, *extra]).strip()


def _sqlite_in_memory(url: sa.URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database


def _ensure_sqlite_folder(url: sa.URL, safe_url: str) -> None:
    database = url.database or ""
    if _sqlite_in_memory(url) or database.startswith("file:"):
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
    if conn.get_execution_options().get(SQLITE_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def configure_sqlite(engine: Engine) -> None:
    if not event.contains(engine, "connect", _on_sqlite_connect):
        event.listen(engine, "connect", _on_sqlite_connect)
    if not event.contains(engine, "begin", _on_sqlite_begin):
        event.listen(engine, "begin", _on_sqlite_begin)


_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def scrub(message: str) -> str:
    """Mask anything that looks like a password inside a URL in an error message."""
    return _PASSWORD_IN_URL.sub(r"\1***@", message)
