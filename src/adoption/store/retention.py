"""Retention: sessions older than the retention period are deleted with their answers."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from adoption.store.schema import ROOM_TABLES, sessions_table
from adoption.store.transactions import Database

__all__ = ["purge_expired"]


def purge_expired(db: Database) -> int:
    """Delete sessions created more than `retention_days` ago, with their answers."""

    def work(conn: Connection) -> int:
        cutoff = db.now() - db.retention
        expired = sa.select(sessions_table.c.code).where(sessions_table.c.created_at < cutoff)
        for table in ROOM_TABLES:
            conn.execute(table.delete().where(table.c.session_code.in_(expired)))
        result = conn.execute(sessions_table.delete().where(sessions_table.c.created_at < cutoff))
        return int(result.rowcount)

    return db.run(work, write=True)
