"""The tables, their size limits, and creating and upgrading them (safely from several
replicas)."""

from __future__ import annotations

import json
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
    "ROOM_TABLES",
    "TITLE_MAX",
    "UTCDateTime",
    "answers_table",
    "counts_table",
    "decoded",
    "init_schema",
    "metadata",
    "pillar_sums_table",
    "scores_table",
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
    # What the projector shows, set by the facilitator from any browser: the slide (0 is
    # the join slide) and whether the room's answer on it is revealed (0/1, an integer so
    # that adding the column to an old database is the same on both back ends).
    sa.Column("slide", sa.Integer, nullable=False, server_default="0"),
    sa.Column("revealed", sa.Integer, nullable=False, server_default="0"),
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


def _per_session() -> sa.Column[str]:
    """The first key column of a table with rows per session."""
    return sa.Column(
        "session_code",
        sa.String(CODE_LENGTH),
        sa.ForeignKey("workshop_sessions.code", ondelete="CASCADE"),
        primary_key=True,
    )


def _per_participant() -> tuple[sa.Column[str], sa.Column[str]]:
    """The key columns of a table with rows per participant of a session."""
    return (_per_session(), sa.Column("participant", sa.String(64), primary_key=True))


# One row per participant and answered question, written with the submission in the same
# transaction: a resend finds here what to take out of the room's tally, and the export
# and the tally's rebuild read answers without decoding every submission.
answers_table = sa.Table(
    "workshop_answers",
    metadata,
    *_per_participant(),
    sa.Column("question_id", sa.String(ANSWER_MAX), primary_key=True),
    sa.Column("answer", sa.String(ANSWER_MAX), nullable=False),
)

# Each participant's maturity score per pillar (0–100), computed by the page that sends the
# answers (the store does not know the questionnaire); the room's averages come from the
# tally below.
scores_table = sa.Table(
    "workshop_scores",
    metadata,
    *_per_participant(),
    sa.Column("pillar", sa.String(ANSWER_MAX), primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
)


# The room's tally, kept up to date by every send in the same transaction (see
# :mod:`adoption.store.tallies`): how many gave each answer to each question, and each
# pillar's sum and number of scores. The projector reads these few rows (at most one per
# question and option, one per pillar) whether 5 or 500 answered.
counts_table = sa.Table(
    "workshop_counts",
    metadata,
    _per_session(),
    sa.Column("question_id", sa.String(ANSWER_MAX), primary_key=True),
    sa.Column("answer", sa.String(ANSWER_MAX), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
pillar_sums_table = sa.Table(
    "workshop_pillar_sums",
    metadata,
    _per_session(),
    sa.Column("pillar", sa.String(ANSWER_MAX), primary_key=True),
    sa.Column("total", sa.Float, nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
)

# Every table with rows per session, children first: what deleting a session deletes.
ROOM_TABLES = (answers_table, scores_table, counts_table, pillar_sums_table, submissions_table)

# Columns added after the first release: a database created before them gets them on start.
_ADDED_COLUMNS = ("capacity", "refused_full", "refused_throttled", "slide", "revealed")


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
        _backfill_answers(conn)
        _build_missing_tallies(conn)

    db.run(work, write=True)


def _backfill_answers(conn: Connection) -> None:
    """Answers sent before the answers table existed get their rows in it (once: a
    submission that has rows there is skipped). Scores need the questionnaire: see
    :func:`adoption.store.answers.backfill_scores`."""
    sub, ans = submissions_table, answers_table
    has_rows = (
        sa.select(ans.c.participant)
        .where(ans.c.session_code == sub.c.session_code, ans.c.participant == sub.c.participant)
        .exists()
    )
    missing = conn.execute(
        sa.select(sub.c.session_code, sub.c.participant, sub.c.answers).where(~has_rows)
    ).all()
    rows = [
        {
            "session_code": r.session_code,
            "participant": r.participant,
            "question_id": q,
            "answer": a,
        }
        for r in missing
        for q, a in decoded(r.answers).items()
    ]
    if rows:
        conn.execute(ans.insert(), rows)


def _build_missing_tallies(conn: Connection) -> None:
    """Build the tally (see :mod:`adoption.store.tallies`) of every session that has
    answer or score rows but none: rooms answered before the tally tables existed."""
    ans, sco = answers_table, scores_table
    no_counts = (
        ~sa.select(counts_table.c.session_code)
        .where(counts_table.c.session_code == ans.c.session_code)
        .exists()
    )
    conn.execute(
        counts_table.insert().from_select(
            ["session_code", "question_id", "answer", "n"],
            sa.select(ans.c.session_code, ans.c.question_id, ans.c.answer, sa.func.count())
            .where(no_counts)
            .group_by(ans.c.session_code, ans.c.question_id, ans.c.answer),
        )
    )
    no_sums = (
        ~sa.select(pillar_sums_table.c.session_code)
        .where(pillar_sums_table.c.session_code == sco.c.session_code)
        .exists()
    )
    conn.execute(
        pillar_sums_table.insert().from_select(
            ["session_code", "pillar", "total", "n"],
            sa.select(sco.c.session_code, sco.c.pillar, sa.func.sum(sco.c.value), sa.func.count())
            .where(no_sums)
            .group_by(sco.c.session_code, sco.c.pillar),
        )
    )


def decoded(raw: str) -> dict[str, str]:
    """A stored JSON object of strings; what cannot be read counts as empty."""
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


def _add_column(conn: Connection, column: sa.Column[object]) -> None:
    preparer = conn.dialect.identifier_preparer
    kind = column.type.compile(dialect=conn.dialect)
    table, name = preparer.format_table(column.table), preparer.quote(column.name)
    ddl = f"ALTER TABLE {table} ADD COLUMN {name} {kind}"
    if column.server_default is not None:
        default = column.server_default.arg  # type: ignore[attr-defined]
        ddl += f" DEFAULT {default} NOT NULL"
    conn.exec_driver_sql(ddl)
