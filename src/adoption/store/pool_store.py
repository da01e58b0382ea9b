"""The pool of anonymous answers: what firms chose to add so others can see where they stand
among "firms like yours who answered here".

What a contribution keeps is one row of ``pool_contributions``: the month (``2026-11``), its
origin (``benchmark`` or ``workshop``), the size band, the sector and the country (None when
not given) and the answers (question id → answer code). Nothing else: no device token, no
session code, no address, no time finer than the month, no row key.

One contribution per device and month. The device's token is never stored: ``pool_devices``
keeps HMAC-SHA256(token) under a random 256-bit key drawn for the month (``pool_keys``), and
both are deleted once the month is over, so that after the month nothing is left that could
be matched against a phone's token, even by someone holding the database and the phone. The
key lives in the database rather than in a server setting so that every replica shares it
with no configuration to keep in step; a token is 128 random bits, so the hash cannot be
reversed by trying tokens, key or no key. The device table holds no link to the contribution
(no shared key; SQLite keeps it without rowid, ordered by hash).

Rows older than the retention (:data:`DEFAULT_RETENTION_MONTHS` months, the current month
counting as the first) are deleted by :meth:`PoolStore.purge_expired` and never read.
Rate limits are the caller's (:mod:`adoption.pool`): the store counts nothing per address.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine

from adoption.store.errors import InvalidInput
from adoption.store.migrations import migrate
from adoption.store.records import PoolAnswers, PoolEntry
from adoption.store.schema import (
    ANSWER_MAX,
    MAX_ANSWERS,
    POOL_BANDS,
    POOL_ORIGINS,
    pool_devices_table,
    pool_keys_table,
    pool_table,
)
from adoption.store.transactions import Database, utcnow
from adoption.store.validation import (
    clean_country,
    clean_mapping,
    clean_month,
    clean_participant,
    month_at,
    month_index,
    month_of,
)

__all__ = ["DEFAULT_RETENTION_MONTHS", "MAX_RETENTION_MONTHS", "PoolStore"]

DEFAULT_RETENTION_MONTHS = 24
MAX_RETENTION_MONTHS = 120
_SECTOR = re.compile(r"[a-z][a-z0-9_]{0,39}")


class PoolStore:
    """The pool on one SQLAlchemy engine (SQLite or PostgreSQL); thread-safe, one short
    transaction per call. ``clock`` gives the month (tests move it)."""

    def __init__(
        self,
        engine: Engine,
        *,
        retention_months: int = DEFAULT_RETENTION_MONTHS,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if isinstance(retention_months, bool) or not isinstance(retention_months, int):
            raise TypeError("retention_months must be an int")
        if not 1 <= retention_months <= MAX_RETENTION_MONTHS:
            raise ValueError(f"retention_months must be 1 to {MAX_RETENTION_MONTHS}")
        self.retention_months = retention_months
        # The rooms' retention (in days) does not apply: the pool counts its own in months.
        self._db = Database(engine, retention=timedelta(0), clock=clock)

    def __repr__(self) -> str:
        return f"PoolStore({self._db.safe_url!r}, retention_months={self.retention_months})"

    def init_schema(self) -> None:
        """Create or upgrade the tables (the pool shares the workshop's migrations)."""
        migrate(self._db)

    def current_month(self) -> str:
        """The month a contribution made now is kept under."""
        return month_of(self._db.now())

    def oldest_month(self) -> str:
        """The oldest month the retention keeps."""
        return month_at(month_index(self.current_month()) - self.retention_months + 1)

    # ----------------------------------------------------------------- writing

    def contribute(self, given: PoolAnswers, device: str) -> bool:
        """Add ``given`` to the pool under this month: True when added, False when this
        device already added answers this month (the pool then stays as it was).

        ``device`` is the browser's token; only its keyed hash is kept, for this month.
        """
        row = _clean(given)
        token = clean_participant(device)
        insert = pg_dialect.insert if self._db.backend == "postgresql" else sqlite_dialect.insert

        def work(conn: Connection) -> bool:
            month = self.current_month()
            _forget_past_devices(conn, month)
            conn.execute(
                insert(pool_keys_table)
                .values(month=month, secret=secrets.token_hex(32))
                .on_conflict_do_nothing(index_elements=[pool_keys_table.c.month])
            )
            secret = conn.execute(
                sa.select(pool_keys_table.c.secret).where(pool_keys_table.c.month == month)
            ).scalar_one()
            digest = hmac.new(bytes.fromhex(secret), token.encode("ascii"), hashlib.sha256)
            # RETURNING says whether the row went in (rowcount is -1 through psycopg here).
            fresh = conn.execute(
                insert(pool_devices_table)
                .values(month=month, device=digest.hexdigest())
                .on_conflict_do_nothing(
                    index_elements=[pool_devices_table.c.month, pool_devices_table.c.device]
                )
                .returning(pool_devices_table.c.month)
            ).first()
            if fresh is None:
                return False
            conn.execute(pool_table.insert().values(month=month, **row))
            return True

        return self._db.run(work, write=True)

    # ----------------------------------------------------------------- reading

    def entries(self) -> list[PoolEntry]:
        """Every contribution the retention keeps, oldest month first (the order within a
        month is the database's and means nothing)."""
        table = pool_table

        def work(conn: Connection) -> list[PoolEntry]:
            rows = conn.execute(
                sa.select(table)
                .where(table.c.month >= self.oldest_month())
                .order_by(table.c.month, table.c.origin)
            ).all()
            return [_entry(row) for row in rows]

        return self._db.run(work, write=False)

    def counts(self) -> dict[tuple[str, str], int]:
        """How many contributions each (month, origin) holds: what the operator may delete."""
        table = pool_table

        def work(conn: Connection) -> dict[tuple[str, str], int]:
            query = (
                sa.select(table.c.month, table.c.origin, sa.func.count())
                .group_by(table.c.month, table.c.origin)
                .order_by(table.c.month, table.c.origin)
            )
            return {(month, origin): int(n) for month, origin, n in conn.execute(query)}

        return self._db.run(work, write=False)

    # ----------------------------------------------------------------- deleting

    def delete(self, *, month: str | None = None, origin: str | None = None) -> int:
        """Delete the contributions of ``month``, of ``origin``, or of both (at least one
        must be given); how many rows went."""
        if month is None and origin is None:
            raise InvalidInput("Give a month, an origin or both.", field="month")
        where = []
        if month is not None:
            where.append(pool_table.c.month == clean_month(month))
        if origin is not None:
            where.append(pool_table.c.origin == _clean_origin(origin))

        def work(conn: Connection) -> int:
            return int(conn.execute(pool_table.delete().where(*where)).rowcount)

        return self._db.run(work, write=True)

    def purge_expired(self) -> int:
        """Delete the contributions older than the retention, and the device hashes and key
        of every month but this one; how many contributions went."""

        def work(conn: Connection) -> int:
            _forget_past_devices(conn, self.current_month())
            gone = conn.execute(pool_table.delete().where(pool_table.c.month < self.oldest_month()))
            return int(gone.rowcount)

        return self._db.run(work, write=True)


def _forget_past_devices(conn: Connection, month: str) -> None:
    """Only this month's device hashes and key are kept (one contribution per device and
    month needs nothing older)."""
    conn.execute(pool_devices_table.delete().where(pool_devices_table.c.month != month))
    conn.execute(pool_keys_table.delete().where(pool_keys_table.c.month != month))


def _clean_origin(origin: object) -> str:
    if origin not in POOL_ORIGINS:
        raise InvalidInput(f"The origin must be one of {', '.join(POOL_ORIGINS)}.", field="origin")
    return str(origin)


def _clean_sector(sector: object) -> str | None:
    if sector is None or sector == "":
        return None
    if not isinstance(sector, str) or not _SECTOR.fullmatch(sector):
        raise InvalidInput("The sector must be a sector code such as trade.", field="sector")
    return sector


def _clean(given: PoolAnswers) -> dict[str, object]:
    """The row's values, checked: exactly the fields a contribution keeps, but the month."""
    if given.size_band not in POOL_BANDS:
        raise InvalidInput(
            f"The size band must be one of {', '.join(POOL_BANDS)}.", field="size_band"
        )
    answers = clean_mapping(
        given.answers, field="answers", max_items=MAX_ANSWERS, max_len=ANSWER_MAX
    )
    if not answers:
        raise InvalidInput("A contribution needs answers.", field="answers")
    return {
        "origin": _clean_origin(given.origin),
        "size_band": given.size_band,
        "sector": _clean_sector(given.sector),
        "country": clean_country(given.country),
        "answers": json.dumps(answers, sort_keys=True),
    }


def _entry(row: sa.Row[object]) -> PoolEntry:
    try:
        loaded = json.loads(str(row.answers))
    except ValueError:
        loaded = {}
    answers = (
        {str(k): str(v) for k, v in loaded.items() if isinstance(v, str)}
        if isinstance(loaded, dict)
        else {}
    )
    return PoolEntry(
        month=str(row.month),
        origin=str(row.origin),
        size_band=str(row.size_band),
        sector=None if row.sector is None else str(row.sector),
        country=None if row.country is None else str(row.country),
        answers=answers,
    )
