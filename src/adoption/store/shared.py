"""One engine per database URL per process, held where no client can reset it.

Streamlit's ``st.cache_resource`` can be emptied by any browser (its "clear cache" message
is open to every websocket client): an engine kept there is rebuilt at a stranger's request
and the old one, never closed, keeps its connections. This registry is a plain module-level
dictionary behind a lock, so the app's pages share one engine per URL for the life of the
process, whatever clients send. An engine leaves the registry only when it is replaced
(more than :data:`MAX_ENGINES` URLs, e.g. a test suite going through many databases) or by
:func:`dispose_all`, and it is disposed when it leaves.

Opening a store also creates or upgrades its tables, purges expired sessions and scores
the answers an older version stored without scores (when given a scorer), once per engine.
A failure there is not remembered as success: the next call tries again, but at most once per
:data:`RETRY_AFTER_S` (calls in between fail at once with the same error), so a room full of
phones does not queue up behind a database that is down.

The pool of anonymous answers (:func:`shared_pool`) uses the same engine; opening it creates
or upgrades the tables and purges what its retention no longer keeps, once per engine.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from adoption.store.engine import make_engine
from adoption.store.errors import StoreUnavailable
from adoption.store.pool_store import PoolStore
from adoption.store.workshop_store import Scorer, WorkshopStore

__all__ = [
    "MAX_ENGINES",
    "RETRY_AFTER_S",
    "dispose_all",
    "engine_count",
    "shared_pool",
    "shared_store",
]

MAX_ENGINES = 4
LOG = logging.getLogger("adoption.store")
RETRY_AFTER_S = 1.0


@dataclass
class _Entry:
    engine: Engine
    stores: dict[int, WorkshopStore] = field(default_factory=dict)
    pools: dict[int, PoolStore] = field(default_factory=dict)
    ready: set[str] = field(default_factory=set)  # "store", "pool": their tables are made
    failure: StoreUnavailable | None = None
    failed_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


_LOCK = threading.Lock()
_ENTRIES: OrderedDict[str, _Entry] = OrderedDict()


def _entry(url: str) -> _Entry:
    with _LOCK:
        entry = _ENTRIES.get(url)
        if entry is not None:
            _ENTRIES.move_to_end(url)
            return entry
        # make_engine connects to nothing: building it under the lock is quick.
        entry = _ENTRIES[url] = _Entry(make_engine(url))
        replaced = []
        while len(_ENTRIES) > MAX_ENGINES:
            replaced.append(_ENTRIES.popitem(last=False)[1])
    for old in replaced:
        old.engine.dispose()
    return entry


def shared_store(url: str, *, retention_days: int, scorer: Scorer | None = None) -> WorkshopStore:
    """The process's store on ``url``, its tables created; `StoreUnavailable` if unusable.

    ``scorer`` (see :meth:`WorkshopStore.backfill_scores`) is used on the first open only.
    """
    entry = _entry(url)
    with entry.lock:
        store = entry.stores.get(retention_days)
        if store is None:
            store = entry.stores[retention_days] = WorkshopStore(
                entry.engine, retention_days=retention_days
            )

        def prepare() -> None:
            store.init_schema()
            store.purge_expired()
            if scorer is not None:
                _backfill(store, scorer)

        _ready_once(entry, "store", prepare)
        return store


def shared_pool(url: str, *, retention_months: int) -> PoolStore:
    """The process's pool on ``url``, its tables created and expired months purged;
    `StoreUnavailable` if unusable (a failure is retried at most every RETRY_AFTER_S)."""
    entry = _entry(url)
    with entry.lock:
        pool = entry.pools.get(retention_months)
        if pool is None:
            pool = entry.pools[retention_months] = PoolStore(
                entry.engine, retention_months=retention_months
            )

        def prepare() -> None:
            pool.init_schema()
            pool.purge_expired()

        _ready_once(entry, "pool", prepare)
        return pool


def _ready_once(entry: _Entry, part: str, prepare: Callable[[], None]) -> None:
    """Under ``entry.lock``: run ``prepare`` until it succeeds once for ``part``; after a
    failure, raise it again without trying for RETRY_AFTER_S (the database is the same)."""
    if part in entry.ready:
        return
    if entry.failure is not None and time.monotonic() - entry.failed_at < RETRY_AFTER_S:
        raise entry.failure
    try:
        prepare()
    except StoreUnavailable as error:
        entry.failure, entry.failed_at = error, time.monotonic()
        raise
    entry.ready.add(part)
    entry.failure = None


def _backfill(store: WorkshopStore, scorer: Scorer) -> None:
    """Score old answers if possible: a failure here costs some averages, never the room."""
    try:
        scored = store.backfill_scores(scorer)
    except Exception:  # logged; the workshop runs without those scores
        LOG.exception("Scoring answers stored without scores failed; the room's averages omit them")
        return
    if scored:
        LOG.info("Scored %d answers stored without scores by an older version", scored)


def engine_count() -> int:
    """How many engines this process holds (for tests and health checks)."""
    with _LOCK:
        return len(_ENTRIES)


def dispose_all() -> None:
    """Close every engine of the registry (tests, or a process that shuts down)."""
    with _LOCK:
        entries = list(_ENTRIES.values())
        _ENTRIES.clear()
    for entry in entries:
        entry.engine.dispose()
