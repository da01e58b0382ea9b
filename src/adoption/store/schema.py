"""The tables and their size limits: each fact of a workshop is stored once, and the pool of
anonymous answers firms chose to add.

A session is a row of ``workshop_sessions``. A participant's send is a row of
``workshop_submissions`` (profile, times, revision), one row per answered question in
``workshop_answers`` and one per pillar score in ``workshop_scores``. The room's counts and
averages are grouped from those rows when asked, never kept beside them. Creating and
upgrading the tables is :mod:`adoption.store.migrations`; ``workshop_schema`` records which
version a database is at.

The pool (:mod:`adoption.store.pool_store`) is three tables with nothing in common with a
room: ``pool_contributions`` (one row per contribution: the month, where it came from, the
size band, sector, country and answers, and nothing else: no key, no device, no session, no
time), ``pool_devices`` (this month's keyed hashes of the devices that contributed, to keep
one contribution per device and month) and ``pool_keys`` (this month's random key for those
hashes). The last two hold only the current month: they are emptied when a month ends.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

__all__ = [
    "ANSWER_MAX",
    "CODE_LENGTH",
    "COUNTRY_MAX",
    "LANGS",
    "MAX_ANSWERS",
    "MAX_CAPACITY",
    "MAX_PROFILE",
    "MAX_QUESTIONS",
    "MONTH_LENGTH",
    "POOL_BANDS",
    "POOL_ORIGINS",
    "PROFILE_VALUE_MAX",
    "ROOM_TABLES",
    "TITLE_MAX",
    "UTCDateTime",
    "admissions_table",
    "answers_table",
    "metadata",
    "pool_devices_table",
    "pool_keys_table",
    "pool_table",
    "scores_table",
    "sessions_table",
    "submissions_table",
    "versions_table",
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
COUNTRY_MAX = 2  # a country's geo code: "FR", "EL"
MONTH_LENGTH = 7  # "2026-11"
# The pool's size bands: Eurostat's size classes, with the micro firms as one band (a
# finer band would make small groups, and the peers' groups exist only at this grain).
POOL_BANDS = ("0-9", "10-49", "50-249", "250+")
POOL_ORIGINS = ("benchmark", "workshop")


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
    # The room's country, a geo code such as "FR" (None: not set): the default of each
    # participant's country and the population the slides compare the room with.
    sa.Column("country", sa.String(COUNTRY_MAX), nullable=True),
    # Whether the facilitator lets participants add their answers to the pool (0/1); each
    # participant still chooses on the phone.
    sa.Column("pool_allowed", sa.Integer, nullable=False, server_default="0"),
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
    sa.Column("profile", sa.Text, nullable=False),  # a JSON object: profile key → value
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
# transaction: the only place an answer is kept. The index serves the room's counts, grouped
# by question and answer within a session, from the index alone.
answers_table = sa.Table(
    "workshop_answers",
    metadata,
    *_per_participant(),
    sa.Column("question_id", sa.String(ANSWER_MAX), primary_key=True),
    sa.Column("answer", sa.String(ANSWER_MAX), nullable=False),
    sa.Index("ix_workshop_answers_tally", "session_code", "question_id", "answer"),
)

# Each participant's maturity score per pillar (0–100), computed by the page that sends the
# answers (the store does not know the questionnaire): the score the phone showed, kept as
# it was then; the room's averages are grouped from these rows.
scores_table = sa.Table(
    "workshop_scores",
    metadata,
    *_per_participant(),
    sa.Column("pillar", sa.String(ANSWER_MAX), primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
)

# The devices that joined from the code projected in the room (the join slide's rotating
# link), as opposed to a typed code or a forwarded link: the room's minimum group counts
# them, so a few scripted devices from outside cannot make up the group.
admissions_table = sa.Table(
    "workshop_admissions",
    metadata,
    *_per_participant(),
    sa.Column("admitted_at", UTCDateTime, nullable=False),
)

# Every table with rows per session, children first: what deleting a session deletes.
ROOM_TABLES = (answers_table, scores_table, admissions_table, submissions_table)

# One row per schema version applied to this database (see :mod:`adoption.store.migrations`).
versions_table = sa.Table(
    "workshop_schema",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

# The pool of anonymous answers (see the module docstring). A contribution row has no key:
# nothing in it tells one contribution from another, or from when in the month it came.
pool_table = sa.Table(
    "pool_contributions",
    metadata,
    sa.Column("month", sa.String(MONTH_LENGTH), nullable=False),
    sa.Column("origin", sa.String(9), nullable=False),
    sa.Column("size_band", sa.String(6), nullable=False),
    sa.Column("sector", sa.String(ANSWER_MAX), nullable=True),
    sa.Column("country", sa.String(COUNTRY_MAX), nullable=True),
    sa.Column("answers", sa.Text, nullable=False),  # a JSON object: question id → answer code
    sa.CheckConstraint("origin IN ('benchmark', 'workshop')", name="ck_pool_contributions_origin"),
    sa.Index("ix_pool_contributions_month", "month", "origin"),
)

# This month's devices that contributed, as HMAC-SHA256 of their token under this month's
# key; SQLite keeps it without a rowid, so not even the order of insertion is kept.
pool_devices_table = sa.Table(
    "pool_devices",
    metadata,
    sa.Column("month", sa.String(MONTH_LENGTH), primary_key=True),
    sa.Column("device", sa.String(64), primary_key=True),
    sqlite_with_rowid=False,
)

# This month's random HMAC key (64 hex characters), deleted with the month's device hashes.
pool_keys_table = sa.Table(
    "pool_keys",
    metadata,
    sa.Column("month", sa.String(MONTH_LENGTH), primary_key=True),
    sa.Column("secret", sa.String(64), nullable=False),
)
