"""How the store talks to its engine: one short transaction per call, retried briefly on
lock contention, every database failure turned into `StoreUnavailable` without the password.

Outages are logged on the server (logger ``adoption.store``): the first failure as a
warning with the reason and the database (password masked), repeats at most every
:data:`LOG_EVERY_S` with their count, and the recovery with how long it lasted. Pages show
participants none of this."""

from __future__ import annotations

import itertools
import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from adoption.store.engine import CALL_DEADLINE_S, SQLITE_WRITE, configure_sqlite, scrub
from adoption.store.errors import StoreUnavailable

__all__ = ["Database", "utcnow"]

T = TypeVar("T")

LOGGER = logging.getLogger("adoption.store")
LOG_EVERY_S = 30.0

_TX_ATTEMPTS = 5
_RETRY_BUDGET_S = 2.0
# SQLSTATEs worth retrying on PostgreSQL: serialization failure, deadlock.
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (the store's default clock)."""
    return datetime.now(UTC)


class Database:
    """One engine (SQLite or PostgreSQL), the store's clock and its retention period."""

    def __init__(
        self, engine: Engine, *, retention: timedelta, clock: Callable[[], datetime]
    ) -> None:
        self.engine = engine
        self.retention = retention
        self._clock = clock
        self.backend = engine.dialect.name
        if self.backend not in ("sqlite", "postgresql"):
            raise StoreUnavailable(
                f"The workshop store supports SQLite and PostgreSQL, not {self.backend}.",
                code="unsupported_database",
            )
        if self.backend == "sqlite":
            # Engines built outside `make_engine` still get WAL and BEGIN IMMEDIATE.
            configure_sqlite(engine)
        self.safe_url = engine.url.render_as_string(hide_password=True)
        self._health = _Health(self.safe_url)

    def now(self) -> datetime:
        now = self._clock()
        return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)

    def unavailable(self, err: BaseException) -> StoreUnavailable:
        orig = getattr(err, "orig", None)
        detail = str(orig if orig is not None else err).strip()
        # Driver messages run over several lines and carry hints; the first line says it.
        reason = (detail.splitlines() or [type(err).__name__])[0][:300]
        password = self.engine.url.password
        if password:
            reason = reason.replace(str(password), "***")
        reason = scrub(reason)
        if isinstance(err, _TimedOut):
            what = "is not answering"
        elif isinstance(err, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
            what = "cannot be reached"
        else:
            what = "is not usable"
        return StoreUnavailable(f"The workshop database {what} ({self.safe_url}): {reason}")

    def transient(self, err: exc.DBAPIError) -> bool:
        # Dropped connections are not retried here (`run` tries a stale pooled one once
        # more): retrying an unreachable host would multiply its connect timeout.
        if self.backend == "sqlite":
            text = str(err.orig).lower()
            return "database is locked" in text or "database is busy" in text
        return getattr(err.orig, "sqlstate", None) in _RETRY_SQLSTATES

    def run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        """Run `work` in one transaction, retrying briefly on lock contention, within
        :data:`~adoption.store.engine.CALL_DEADLINE_S` whatever the server does."""
        # Retries are for contention that fails fast; once SQLite's busy timeout has been
        # waited out, trying again would only keep the page hanging.
        started = time.monotonic()
        deadline = started + _RETRY_BUDGET_S
        stale_retried = False
        for attempt in itertools.count(1):
            left = CALL_DEADLINE_S - (time.monotonic() - started)
            guard = _Deadline(max(left, 0.1))
            try:
                with self.engine.connect() as conn:
                    guard.watch(conn)
                    if write and self.backend == "sqlite":
                        conn.execution_options(**{SQLITE_WRITE: True})
                    with conn.begin():
                        result = work(conn)
            except exc.DBAPIError as err:
                if guard.cut:
                    raise self._failed(_TimedOut(CALL_DEADLINE_S)) from err
                if err.connection_invalidated and not stale_retried and not may_have_committed(err):
                    # A pooled connection the server dropped (it restarted): once more,
                    # on a new connection.
                    stale_retried = True
                    continue
                retry = attempt < _TX_ATTEMPTS and time.monotonic() < deadline
                if retry and self.transient(err):
                    # Jitter so retried writers do not collide again; not security related.
                    time.sleep(0.02 * attempt + random.random() * 0.05)  # noqa: S311
                    continue
                raise self._failed(err) from err
            except exc.SQLAlchemyError as err:
                if guard.cut:
                    raise self._failed(_TimedOut(CALL_DEADLINE_S)) from err
                raise self._failed(err) from err
            finally:
                guard.cancel()
            if guard.cut:  # cut while returning the connection: the work itself was done
                LOGGER.warning("Workshop database call outlived its deadline after its work")
            self._health.up()
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _failed(self, err: BaseException) -> StoreUnavailable:
        error = self.unavailable(err)
        self._health.down(str(error))
        return error


class _TimedOut(Exception):
    """A store call outlived the client's deadline (the server stopped answering)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no answer within {seconds:.0f} s; the connection was cut")


def may_have_committed(err: exc.DBAPIError) -> bool:
    """Whether a call whose connection dropped may have been stored all the same.

    A transaction whose connection drops before COMMIT is rolled back by the server, so
    trying the call again stores it once; one that drops during COMMIT may have been
    committed, and SQLAlchemy reports those (and failures to connect) with no statement."""
    return not (err.statement or "").strip()


class _Deadline:
    """Cuts the connection of a call that outlives ``seconds``: its socket is shut down
    (PostgreSQL) or its statement interrupted (SQLite), so the driver's wait ends with an
    error and SQLAlchemy discards the connection. Until :meth:`watch` is given the
    connection (connecting, waiting for the pool) the engine's own limits apply."""

    def __init__(self, seconds: float) -> None:
        self.cut = False
        self._lock = threading.Lock()
        self._connection: Any = None
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, conn: Connection) -> None:
        with self._lock:
            self._connection = conn.connection.dbapi_connection

    def cancel(self) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            target = self._connection
            if target is None:
                return
            self.cut = True
        pgconn = getattr(target, "pgconn", None)
        if pgconn is not None:  # psycopg: end the wait on the socket
            try:
                fd = pgconn.socket
                with socket.socket(fileno=os.dup(fd)) as sock:
                    sock.shutdown(socket.SHUT_RDWR)
            except (OSError, ValueError, AttributeError) as err:  # already closed
                LOGGER.debug("cutting a connection: %s", err)
        elif hasattr(target, "interrupt"):  # sqlite3
            target.interrupt()


class _Health:
    """Logs an outage once when it starts, then a reminder now and then, then its end."""

    def __init__(self, safe_url: str) -> None:
        self._url = safe_url
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._failures = 0
        self._logged_at = 0.0

    def down(self, reason: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures += 1
            first = self._down_since is None
            if first:
                self._down_since = now
            if not first and now - self._logged_at < LOG_EVERY_S:
                return
            self._logged_at = now
            failures, since = self._failures, now - (self._down_since or now)
        if first:
            LOGGER.warning("Workshop database failure: %s", reason)
        else:
            LOGGER.warning(
                "Workshop database still failing after %.0f s (%d failed calls): %s",
                since,
                failures,
                reason,
            )

    def up(self) -> None:
        if self._down_since is None:  # the usual case, read without the lock
            return
        with self._lock:
            if self._down_since is None:
                return
            lasted, failures = time.monotonic() - self._down_since, self._failures
            self._down_since, self._failures = None, 0
        LOGGER.warning(
            "Workshop database %s answers again after %.1f s (%d failed calls)",
            self._url,
            lasted,
            failures,
        )
