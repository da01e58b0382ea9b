"""The two tables, their size limits, and creating them (safely from several replicas)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from adoption.store.transactions import Database

__all__ = [
    "ANSWER_MAX",
    "CODE_LENGTH",
    "LANGS",
    "MAX_ANSWERS",
    "MAX_CAPACITY",
    "MAX_PROFILE",
    "MAX_QUESTIONS",
    "PROFILE_VALUE_MAX",
    "TITLE_MAX",
    "UTCDateTime",
    "init_schema",
    "metadata",
    "sessions_table",
    "submissions_table",
]

CODE_LENGTH = 6
LANGS = ("fr", "en")
TITLE_MAX = 120
MAX_QUESTIONS = 40
MAX_ANSWERS = 40
ANSWER_MAX = 40
MAX_PROFILE = 40
PROFILE_VALUE_MAX = 80
MAX_CAPACITY = 1000  # the largest room a facilitator may announce
# Arbitrary constant shared by every app replica so they serialise schema creation.
_SCHEMA_LOCK_KEY = 0x41444F50  # "ADOP"


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
    # The room size the facilitator expects: devices beyond it are refused (None: no cap).
    sa.Column("capacity", sa.Integer, nullable=True),
    # Refused attempts, for the projector to say the count is not the whole story.
    sa.Column("refused_full", sa.Integer, nullable=False, server_default="0"),
    sa.Column("refused_throttled", sa.Integer, nullable=False, server_default="0"),
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


# Columns added after the first release: a database created before them gets them on start.
_ADDED_COLUMNS = ("capacity", "refused_full", "refused_throttled")


def init_schema(db: Database) -> None:
    """Create the tables if missing, add columns a newer version needs; safe to call from
    several replicas at once."""

    def work(conn: Connection) -> None:
        if db.backend == "postgresql":
            # Two replicas both seeing "no table" would both CREATE and one would fail.
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK_KEY)))
        metadata.create_all(conn, checkfirst=True)
        present = {c["name"] for c in sa.inspect(conn).get_columns(sessions_table.name)}
        for name in _ADDED_COLUMNS:
            if name not in present:
                _add_column(conn, sessions_table.c[name])

    db.run(work, write=True)


def _add_column(conn: Connection, column: sa.Column[object]) -> None:
    preparer = conn.dialect.identifier_preparer
    kind = column.type.compile(dialect=conn.dialect)
    table, name = preparer.format_table(column.table), preparer.quote(column.name)
    ddl = f"ALTER TABLE {table} ADD COLUMN {name} {kind}"
    if column.server_default is not None:
        default = column.server_default.arg  # type: ignore[attr-defined]
        ddl += f" DEFAULT {default} NOT NULL"
    conn.exec_driver_sql(ddl)
