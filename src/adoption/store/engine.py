"""The database behind the store: its URL (environment, secrets section, default SQLite
file) and an engine set up for it (psycopg 3 for PostgreSQL; WAL, a busy timeout, foreign
keys and BEGIN IMMEDIATE for SQLite)."""

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
    "DATABASE_URL_ENV",
    "SQLITE_BUSY_TIMEOUT_S",
    "configure_sqlite",
    "default_database_url",
    "make_engine",
    "scrub",
    "url_from_connection",
]

SQLITE_BUSY_TIMEOUT_S = 15
DATABASE_URL_ENV = "ADOPTION_DATABASE_URL"
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

    `postgresql://` and `postgres://` URLs are switched to the psycopg 3 driver. SQLite files
    get their folder created, WAL, a busy timeout and foreign keys. `connect_args` is passed
    to the driver (tests use it to pin a PostgreSQL `search_path`).
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
            f"The workshop database is misconfigured ({safe_url}): {scrub(str(err))}"
        ) from err
    if backend == "sqlite":
        configure_sqlite(engine)
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
