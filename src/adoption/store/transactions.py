"""How the store talks to its engine: one short transaction per call, retried briefly on
lock contention, every database failure turned into `StoreUnavailable` without the password.

Outages are logged on the server (logger ``adoption.store``): the first failure as a
warning with the reason and the database (password masked), repeats at most every
:data:`LOG_EVERY_S` with their count, and the recovery with how long it lasted. Pages show
participants none of this."""

from __future__ import annotations

import itertools
import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from adoption.store.engine import SQLITE_WRITE, configure_sqlite, scrub
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
        if isinstance(err, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
            what = "cannot be reached"
        else:
            what = "is not usable"
        return StoreUnavailable(f"The workshop database {what} ({self.safe_url}): {reason}")

    def transient(self, err: exc.DBAPIError) -> bool:
        # Dropped connections are not retried here: pool_pre_ping already replaces stale
        # ones, and retrying an unreachable host would multiply its connect timeout.
        if self.backend == "sqlite":
            text = str(err.orig).lower()
            return "database is locked" in text or "database is busy" in text
        return getattr(err.orig, "sqlstate", None) in _RETRY_SQLSTATES

    def run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        """Run `work` in one transaction, retrying briefly on lock contention."""
        # Retries are for contention that fails fast; once SQLite's busy timeout has been
        # waited out, trying again would only keep the page hanging.
        deadline = time.monotonic() + _RETRY_BUDGET_S
        for attempt in itertools.count(1):
            try:
                with self.engine.connect() as conn:
                    if write and self.backend == "sqlite":
                        conn.execution_options(**{SQLITE_WRITE: True})
                    with conn.begin():
                        result = work(conn)
            except exc.DBAPIError as err:
                retry = attempt < _TX_ATTEMPTS and time.monotonic() < deadline
                if retry and self.transient(err):
                    # Jitter so retried writers do not collide again; not security related.
                    time.sleep(0.02 * attempt + random.random() * 0.05)  # noqa: S311
                    continue
                raise self._failed(err) from err
            except exc.SQLAlchemyError as err:
                raise self._failed(err) from err
            self._health.up()
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _failed(self, err: BaseException) -> StoreUnavailable:
        error = self.unavailable(err)
        self._health.down(str(error))
        return error


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
