"""Creating the tables and upgrading a database from any earlier version, in order.

``workshop_schema`` holds one row per version applied to a database. :func:`migrate` reads
the highest and applies the :data:`MIGRATIONS` above it, oldest first, then records them.
A new database is created at :data:`SCHEMA_VERSION` straight from
:mod:`adoption.store.schema`. A database from before versions were recorded (it has
sessions but no ``workshop_schema``) is at version 0.

Everything runs in one transaction that one replica at a time may hold (PostgreSQL's
advisory lock, SQLite's BEGIN IMMEDIATE; both roll DDL back): the second replica to start
waits, finds the versions recorded and does nothing, and a failed upgrade leaves the
database as it was. A database that a newer version of the app upgraded is refused rather
than written to in a layout this version does not know.

A released migration is frozen: it spells its DDL out as it was at its version, never
through the live tables in :mod:`~adoption.store.schema`, which later versions change.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from adoption.store.errors import StoreUnavailable
from adoption.store.schema import metadata, sessions_table, versions_table
from adoption.store.transactions import Database

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate", "schema_version"]

# Arbitrary constant shared by every app replica so they serialise schema changes.
_SCHEMA_LOCK_KEY = 0x41444F50  # "ADOP"

Migration = Callable[[Connection], None]


def _columns(conn: Connection, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(conn).get_columns(table)}


def _decoded(raw: str) -> dict[str, str]:
    """A stored JSON object of strings; what cannot be read counts as empty."""
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


# Added to the sessions and tables of the first release before versions were recorded.
_V1_SESSION_COLUMNS = (
    ("capacity", "INTEGER"),
    ("refused_full", "INTEGER DEFAULT 0 NOT NULL"),
    ("refused_throttled", "INTEGER DEFAULT 0 NOT NULL"),
    ("slide", "INTEGER DEFAULT 0 NOT NULL"),
    ("revealed", "INTEGER DEFAULT 0 NOT NULL"),
)
_V1_TABLES = (
    """CREATE TABLE IF NOT EXISTS workshop_answers (
        session_code VARCHAR(6) NOT NULL
            REFERENCES workshop_sessions (code) ON DELETE CASCADE,
        participant VARCHAR(64) NOT NULL,
        question_id VARCHAR(40) NOT NULL,
        answer VARCHAR(40) NOT NULL,
        PRIMARY KEY (session_code, participant, question_id)
    )""",
    """CREATE TABLE IF NOT EXISTS workshop_scores (
        session_code VARCHAR(6) NOT NULL
            REFERENCES workshop_sessions (code) ON DELETE CASCADE,
        participant VARCHAR(64) NOT NULL,
        pillar VARCHAR(40) NOT NULL,
        value FLOAT NOT NULL,
        PRIMARY KEY (session_code, participant, pillar)
    )""",
)


def _v1_layout_before_versions(conn: Connection) -> None:
    """The layout the app reached before it recorded versions, from whichever earlier one
    the database has: the first release had sessions and submissions only (answers as JSON
    in the submission); later ones added the session columns and the answers and scores
    tables, and upgraded by looking at what was there, as this step still does. (Their
    tally tables, if present, are left for version 2 to drop.)"""
    present = _columns(conn, "workshop_sessions")
    for name, kind in _V1_SESSION_COLUMNS:
        if name not in present:
            conn.exec_driver_sql(f"ALTER TABLE workshop_sessions ADD COLUMN {name} {kind}")
    for ddl in _V1_TABLES:
        conn.exec_driver_sql(ddl)
    # Submissions sent before the answers table existed get their rows in it; one that has
    # rows there already has all of them (both were written in one transaction).
    submissions = sa.table(
        "workshop_submissions",
        sa.column("session_code"),
        sa.column("participant"),
        sa.column("answers"),
    )
    answers = sa.table(
        "workshop_answers",
        sa.column("session_code"),
        sa.column("participant"),
        sa.column("question_id"),
        sa.column("answer"),
    )
    has_rows = (
        sa.select(answers.c.participant)
        .where(
            answers.c.session_code == submissions.c.session_code,
            answers.c.participant == submissions.c.participant,
        )
        .exists()
    )
    missing = conn.execute(
        sa.select(
            submissions.c.session_code, submissions.c.participant, submissions.c.answers
        ).where(~has_rows)
    ).all()
    rows = [
        {"session_code": code, "participant": who, "question_id": q, "answer": a}
        for code, who, raw in missing
        for q, a in _decoded(raw).items()
    ]
    if rows:
        conn.execute(answers.insert(), rows)


def _v2_each_answer_once(conn: Connection) -> None:
    """The answers table becomes the only copy of an answer: the submission's JSON copy
    and the tally tables kept beside it go (the app wrote all three in one transaction, so
    they agree); the room's counts are grouped from the answer rows on a new index."""
    conn.exec_driver_sql("DROP TABLE IF EXISTS workshop_counts")
    conn.exec_driver_sql("DROP TABLE IF EXISTS workshop_pillar_sums")
    conn.exec_driver_sql("ALTER TABLE workshop_submissions DROP COLUMN answers")
    conn.exec_driver_sql(
        "CREATE INDEX ix_workshop_answers_tally"
        " ON workshop_answers (session_code, question_id, answer)"
    )


def _v3_room_country(conn: Connection) -> None:
    """Sessions gain the room's country (a two-letter geo code, None where not set)."""
    conn.exec_driver_sql("ALTER TABLE workshop_sessions ADD COLUMN country VARCHAR(2)")


def _v4_peer_pool(conn: Connection) -> None:
    """The pool of anonymous answers firms chose to add (peers from real answers): the
    contributions, this month's device hashes and this month's key for them."""
    conn.exec_driver_sql(
        """CREATE TABLE pool_contributions (
            month VARCHAR(7) NOT NULL,
            origin VARCHAR(9) NOT NULL,
            size_band VARCHAR(6) NOT NULL,
            sector VARCHAR(40),
            country VARCHAR(2),
            answers TEXT NOT NULL,
            CONSTRAINT ck_pool_contributions_origin CHECK (origin IN ('benchmark', 'workshop'))
        )"""
    )
    conn.exec_driver_sql(
        "CREATE INDEX ix_pool_contributions_month ON pool_contributions (month, origin)"
    )
    no_rowid = " WITHOUT ROWID" if conn.dialect.name == "sqlite" else ""
    conn.exec_driver_sql(
        """CREATE TABLE pool_devices (
            month VARCHAR(7) NOT NULL,
            device VARCHAR(64) NOT NULL,
            PRIMARY KEY (month, device)
        )"""
        + no_rowid
    )
    conn.exec_driver_sql(
        """CREATE TABLE pool_keys (
            month VARCHAR(7) NOT NULL,
            secret VARCHAR(64) NOT NULL,
            PRIMARY KEY (month)
        )"""
    )


def _v5_admissions_and_pool_consent(conn: Connection) -> None:
    """Sessions gain the facilitator's consent to the pool; the devices that joined from
    the projected code get a table of their own."""
    conn.exec_driver_sql(
        "ALTER TABLE workshop_sessions ADD COLUMN pool_allowed INTEGER DEFAULT 0 NOT NULL"
    )
    conn.exec_driver_sql(
        """CREATE TABLE workshop_admissions (
            session_code VARCHAR(6) NOT NULL
                REFERENCES workshop_sessions (code) ON DELETE CASCADE,
            participant VARCHAR(64) NOT NULL,
            admitted_at %s NOT NULL,
            PRIMARY KEY (session_code, participant)
        )"""
        % ("TIMESTAMP WITH TIME ZONE" if conn.dialect.name == "postgresql" else "DATETIME")
    )


# (version, what it does): append only, never edit a released one.
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, _v1_layout_before_versions),
    (2, _v2_each_answer_once),
    (3, _v3_room_country),
    (4, _v4_peer_pool),
    (5, _v5_admissions_and_pool_consent),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def schema_version(conn: Connection) -> int | None:
    """The version this database is at: None when it has no tables yet, 0 when it predates
    recorded versions."""
    tables = set(sa.inspect(conn).get_table_names())
    if versions_table.name in tables:
        found = conn.execute(sa.select(sa.func.max(versions_table.c.version))).scalar_one()
        return 0 if found is None else int(found)
    return 0 if sessions_table.name in tables else None


def migrate(db: Database) -> None:
    """Bring the database to :data:`SCHEMA_VERSION`: create it, or apply the migrations it
    lacks in order. Safe to call from several replicas at once, and again and again."""

    def work(conn: Connection) -> None:
        if db.backend == "postgresql":
            # Two replicas both seeing "version 1" would both upgrade and one would fail.
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK_KEY)))
        current = schema_version(conn)
        if current is None:
            metadata.create_all(conn)
            applied = [SCHEMA_VERSION]
        elif current > SCHEMA_VERSION:
            raise StoreUnavailable(
                f"The workshop database is at schema version {current}, newer than this "
                f"version of the app knows ({SCHEMA_VERSION}): upgrade the app.",
                code="schema_too_new",
            )
        else:
            versions_table.create(conn, checkfirst=True)
            applied = []
            for version, step in MIGRATIONS:
                if version > current:
                    step(conn)
                    applied.append(version)
        if applied:
            now = db.now()
            conn.execute(
                versions_table.insert(), [{"version": v, "applied_at": now} for v in applied]
            )

    db.run(work, write=True)
