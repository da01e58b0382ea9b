"""Sessions: open one (with its join code and facilitator secret), look it up, check the
secret, close it, delete it with its answers."""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection

from adoption.store.errors import Forbidden, InvalidInput, StoreError, UnknownSession
from adoption.store.records import CreatedSession, SessionInfo
from adoption.store.schema import (
    MAX_QUESTIONS,
    ROOM_TABLES,
    sessions_table,
)
from adoption.store.transactions import Database
from adoption.store.validation import (
    clean_capacity,
    clean_lang,
    clean_question_ids,
    clean_title,
    generate_code,
    hash_secret,
    normalize_code,
)

__all__ = [
    "add_refusals",
    "authorised",
    "check_secret",
    "close",
    "create_session",
    "delete",
    "get_session",
    "load_session",
    "row_to_info",
    "set_capacity",
    "set_slide",
]

_CODE_ATTEMPTS = 20
MAX_SLIDE = 2 + 2 * MAX_QUESTIONS  # join slide, the questions, the closing slide, and room


class _CodeCollision(Exception):
    """The generated join code is taken; the caller draws another."""


def row_to_info(row: sa.Row[Any]) -> SessionInfo:
    return SessionInfo(
        code=row.code,
        title=row.title,
        lang=row.lang,
        question_ids=tuple(json.loads(row.question_ids)),
        status=row.status,
        created_at=row.created_at,
        closed_at=row.closed_at,
        capacity=row.capacity,
        refused_full=row.refused_full,
        refused_throttled=row.refused_throttled,
        slide=row.slide,
        revealed=bool(row.revealed),
    )


def load_session(db: Database, conn: Connection, code: str, *, lock: bool = False) -> sa.Row[Any]:
    """The session's row; `UnknownSession` if it does not exist or has expired."""
    query = sa.select(sessions_table).where(sessions_table.c.code == code)
    if lock:
        # PostgreSQL: `close`/`delete` wait for submits in flight, and submits to one
        # session take turns, so that two new devices cannot both take the last place
        # (SQLite ignores this; its writers are serialised by BEGIN IMMEDIATE anyway).
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None or row.created_at < db.now() - db.retention:
        raise UnknownSession("This session code does not exist.")
    return row


def authorised(db: Database, conn: Connection, code: str, secret: object) -> sa.Row[Any]:
    """The session's row if `secret` is its facilitator key, else `Forbidden`."""
    row = load_session(db, conn, code)
    given = hash_secret(secret) if isinstance(secret, str) else ""
    if not hmac.compare_digest(given, row.secret_hash):
        raise Forbidden("This facilitator key does not match the session.")
    return row


def create_session(
    db: Database,
    title: str,
    lang: str,
    question_ids: Sequence[str] = (),
    capacity: int | None = None,
) -> CreatedSession:
    """Open a session and return it with its facilitator secret (shown once)."""
    valid_title = clean_title(title)
    valid_lang = clean_lang(lang)
    ids = clean_question_ids(question_ids)
    cap = clean_capacity(capacity)
    secret = secrets.token_urlsafe(24)
    secret_hash = hash_secret(secret)

    for _ in range(_CODE_ATTEMPTS):
        info = SessionInfo(
            code=generate_code(),
            title=valid_title,
            lang=valid_lang,
            question_ids=ids,
            status="open",
            created_at=db.now(),
            closed_at=None,
            capacity=cap,
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
                        capacity=info.capacity,
                    )
                )
            except exc.IntegrityError as err:
                # Another replica took the same code between the check and the insert.
                raise _CodeCollision from err

        try:
            db.run(work, write=True)
        except _CodeCollision:
            continue
        return CreatedSession(info=info, secret=secret)
    raise StoreError("Could not find a free session code; try again.", code="code_exhausted")


def get_session(db: Database, code: str) -> SessionInfo:
    """Look a session up by its (possibly sloppily typed) join code."""
    clean = normalize_code(code)
    return db.run(lambda conn: row_to_info(load_session(db, conn, clean)), write=False)


def check_secret(db: Database, code: str, secret: str) -> SessionInfo:
    """Return the session if `secret` is its facilitator key, else raise `Forbidden`."""
    clean = normalize_code(code)
    return db.run(lambda conn: row_to_info(authorised(db, conn, clean, secret)), write=False)


def close(db: Database, code: str, secret: str) -> SessionInfo:
    """Stop accepting answers; closing a closed session changes nothing."""
    clean = normalize_code(code)

    def work(conn: Connection) -> SessionInfo:
        authorised(db, conn, clean, secret)
        conn.execute(
            sessions_table.update()
            .where(sessions_table.c.code == clean, sessions_table.c.status == "open")
            .values(status="closed", closed_at=db.now())
        )
        return row_to_info(load_session(db, conn, clean))

    return db.run(work, write=True)


def delete(db: Database, code: str, secret: str) -> None:
    """Delete the session and all its answers."""
    clean = normalize_code(code)

    def work(conn: Connection) -> None:
        authorised(db, conn, clean, secret)
        # Explicit, not only ON DELETE CASCADE: a SQLite connection opened elsewhere
        # may not have foreign keys switched on.
        for table in ROOM_TABLES:
            conn.execute(table.delete().where(table.c.session_code == clean))
        conn.execute(sessions_table.delete().where(sessions_table.c.code == clean))

    db.run(work, write=True)


def set_capacity(db: Database, code: str, secret: str, capacity: int | None) -> SessionInfo:
    """Change the expected room size (None: no cap); answers already in are kept."""
    clean = normalize_code(code)
    cap = clean_capacity(capacity)

    def work(conn: Connection) -> SessionInfo:
        authorised(db, conn, clean, secret)
        conn.execute(
            sessions_table.update().where(sessions_table.c.code == clean).values(capacity=cap)
        )
        return row_to_info(load_session(db, conn, clean))

    return db.run(work, write=True)


def set_slide(db: Database, code: str, secret: str, slide: int, revealed: bool) -> SessionInfo:
    """Put ``slide`` on the projector, its answer revealed or not (the projector follows)."""
    clean = normalize_code(code)
    if isinstance(slide, bool) or not isinstance(slide, int) or not 0 <= slide <= MAX_SLIDE:
        raise InvalidInput("The slide must be a small non-negative integer.", field="slide")

    def work(conn: Connection) -> SessionInfo:
        authorised(db, conn, clean, secret)
        conn.execute(
            sessions_table.update()
            .where(sessions_table.c.code == clean)
            .values(slide=slide, revealed=int(bool(revealed)))
        )
        return row_to_info(load_session(db, conn, clean))

    return db.run(work, write=True)


def add_refusals(db: Database, code: str, *, full: int = 0, throttled: int = 0) -> None:
    """Count attempts turned away, so the projector can say the room is not all there."""
    clean = normalize_code(code)
    if full < 0 or throttled < 0:
        raise ValueError("refusal counts cannot be negative")
    if not (full or throttled):
        return
    table = sessions_table

    def work(conn: Connection) -> None:
        conn.execute(
            table.update()
            .where(table.c.code == clean)
            .values(
                refused_full=table.c.refused_full + full,
                refused_throttled=table.c.refused_throttled + throttled,
            )
        )

    db.run(work, write=True)
