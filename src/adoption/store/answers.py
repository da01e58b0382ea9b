"""Answers: a participant submits (or changes) theirs while the session is open; the room
count, one participant's own answers, and every answer for the facilitator.

A participant is a device (its token): one row per device and session, so a phone that
sends twice, or from two tabs, counts once. When the facilitator gave an expected room
size, a device beyond it is refused (and counted as refused); devices already in may
still change their answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection

from adoption.store import tallies
from adoption.store.errors import InvalidInput, SessionClosed, SessionFull, UnknownSession
from adoption.store.records import RoomTally, SessionInfo, Submission
from adoption.store.schema import (
    ANSWER_MAX,
    MAX_ANSWERS,
    MAX_PROFILE,
    PROFILE_VALUE_MAX,
    answers_table,
    decoded,
    scores_table,
    sessions_table,
    submissions_table,
)
from adoption.store.sessions import authorised, load_session, row_to_info
from adoption.store.transactions import Database
from adoption.store.validation import (
    clean_mapping,
    clean_participant,
    dump,
    load,
    normalize_code,
)

__all__ = [
    "backfill_scores",
    "count",
    "get_submission",
    "participant_view",
    "room_answers",
    "row_to_submission",
    "submit",
    "tally",
]


def row_to_submission(row: sa.Row[Any]) -> Submission:
    return Submission(
        session_code=row.session_code,
        participant=row.participant,
        answers=load(row.answers),
        profile=load(row.profile),
        submitted_at=row.submitted_at,
        updated_at=row.updated_at,
        revision=row.revision,
    )


def submit(
    db: Database,
    code: str,
    participant: str,
    answers: Mapping[str, str],
    profile: Mapping[str, str] | None = None,
    scores: Mapping[str, float] | None = None,
) -> Submission:
    """Record or update one participant's answers while the session is open.

    One transaction: the submission row (upserted), then this participant's rows in the
    answers and scores tables replaced, so the room's counts never see half a send, and
    sending the same answers again leaves everything as it was."""
    clean = normalize_code(code)
    token = clean_participant(participant)
    clean_answers = clean_mapping(
        answers, field="answers", max_items=MAX_ANSWERS, max_len=ANSWER_MAX
    )
    clean_profile = clean_mapping(
        {} if profile is None else profile,
        field="profile",
        max_items=MAX_PROFILE,
        max_len=PROFILE_VALUE_MAX,
    )
    clean_scores = _clean_scores(scores)
    answers_json = dump(clean_answers)
    profile_json = dump(clean_profile)
    upsert_insert = pg_dialect.insert if db.backend == "postgresql" else sqlite_dialect.insert

    def work(conn: Connection) -> Submission | None:
        session = load_session(db, conn, clean, lock=True)
        if session.status != "open":
            raise SessionClosed("This session is closed.")
        if _full_for(conn, session, token):
            # Counted in this transaction; the refusal is raised once it is committed.
            conn.execute(
                sessions_table.update()
                .where(sessions_table.c.code == clean)
                .values(refused_full=sessions_table.c.refused_full + 1)
            )
            return None
        now = db.now()
        table = submissions_table
        stmt = upsert_insert(table).values(
            session_code=clean,
            participant=token,
            answers=answers_json,
            profile=profile_json,
            submitted_at=now,
            updated_at=now,
            revision=1,
        )
        # ON CONFLICT makes concurrent first submits from one phone a single row.
        upsert = stmt.on_conflict_do_update(
            index_elements=[table.c.session_code, table.c.participant],
            set_={
                "answers": stmt.excluded.answers,
                "profile": stmt.excluded.profile,
                "updated_at": stmt.excluded.updated_at,
                "revision": table.c.revision + 1,
            },
        ).returning(*table.c)
        stored = row_to_submission(conn.execute(upsert).one())
        _replace_rows(conn, db.backend, clean, token, clean_answers, clean_scores)
        return stored

    stored = db.run(work, write=True)
    if stored is None:
        raise SessionFull("This session already has every participant it expected.")
    return stored


def _clean_scores(scores: Mapping[str, float] | None) -> dict[str, float]:
    clean: dict[str, float] = {}
    for pillar, value in (scores or {}).items():
        if not isinstance(pillar, str) or not 0 < len(pillar) <= ANSWER_MAX:
            raise InvalidInput("A score's pillar is malformed.", field="scores")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput("A score must be a number.", field="scores")
        number = float(value)
        if not 0 <= number <= 100:
            raise InvalidInput("A score must be between 0 and 100.", field="scores")
        clean[pillar] = number
    if len(clean) > MAX_ANSWERS:
        raise InvalidInput(f"At most {MAX_ANSWERS} scores.", field="scores")
    return clean


def _replace_rows(
    conn: Connection,
    backend: str,
    code: str,
    token: str,
    answers: Mapping[str, str],
    scores: Mapping[str, float],
) -> None:
    """This participant's rows in the answers and scores tables replaced by these, and the
    room's tally moved by the difference (the old rows come back from their DELETE)."""
    ans, sco = answers_table, scores_table
    old_answers = {
        question: answer
        for question, answer in conn.execute(
            ans.delete()
            .where(ans.c.session_code == code, ans.c.participant == token)
            .returning(ans.c.question_id, ans.c.answer)
        )
    }
    old_scores = {
        pillar: float(value)
        for pillar, value in conn.execute(
            sco.delete()
            .where(sco.c.session_code == code, sco.c.participant == token)
            .returning(sco.c.pillar, sco.c.value)
        )
    }
    tallies.apply(
        conn,
        backend,
        code,
        old_answers=old_answers,
        new_answers=answers,
        old_scores=old_scores,
        new_scores=scores,
    )
    if answers:
        rows = [{"question_id": q, "answer": a} for q, a in answers.items()]
        conn.execute(answers_table.insert().values(session_code=code, participant=token), rows)
    if scores:
        rows_s = [{"pillar": p, "value": v} for p, v in scores.items()]
        conn.execute(scores_table.insert().values(session_code=code, participant=token), rows_s)


Scorer = Callable[[Mapping[str, str], Sequence[str]], Mapping[str, float]]


def backfill_scores(db: Database, scorer: Scorer) -> int:
    """Give pillar scores to the submissions that have none; how many got some.

    Answers sent before scores were stored (an older version of the app) would otherwise be
    left out of the room's averages while being in its counts. The store does not know the
    questionnaire: ``scorer(answers, session question ids)`` does the scoring. A submission
    whose answers score nothing stays without rows and is looked at again next time.
    """
    sub, sco = submissions_table, scores_table
    has_scores = (
        sa.select(sco.c.participant)
        .where(sco.c.session_code == sub.c.session_code, sco.c.participant == sub.c.participant)
        .exists()
    )

    def work(conn: Connection) -> int:
        codes = conn.execute(sa.select(sub.c.session_code).where(~has_scores).distinct())
        scored = 0
        for code in sorted(c for (c,) in codes):
            # The session's row lock, as a send takes it: a send to this room waits for the
            # scores written here (and its tally moves from them), never the other way.
            try:
                session = load_session(db, conn, code, lock=True)
            except UnknownSession:
                continue  # expired: the purge deletes it
            try:
                asked = [str(q) for q in json.loads(session.question_ids)]
            except (TypeError, ValueError):
                asked = []
            missing = conn.execute(
                sa.select(sub.c.participant, sub.c.answers).where(
                    sub.c.session_code == code, ~has_scores
                )
            )
            for participant, answers in missing.all():
                scores = _clean_scores(scorer(decoded(answers), asked))
                if not scores:
                    continue
                conn.execute(
                    sco.insert().values(session_code=code, participant=participant),
                    [{"pillar": pillar, "value": value} for pillar, value in scores.items()],
                )
                tallies.apply(
                    conn,
                    db.backend,
                    code,
                    old_answers={},
                    new_answers={},
                    old_scores={},
                    new_scores=scores,
                )
                scored += 1
        return scored

    return db.run(work, write=True)


def _full_for(conn: Connection, session: sa.Row[Any], token: str) -> bool:
    """True when this device is new and the session already has its expected size."""
    if session.capacity is None:
        return False
    table = submissions_table
    known = conn.execute(
        sa.select(table.c.id).where(
            table.c.session_code == session.code, table.c.participant == token
        )
    ).first()
    return known is None and _devices(conn, session.code) >= session.capacity


def _devices(conn: Connection, code: str) -> int:
    table = submissions_table
    query = sa.select(sa.func.count()).select_from(table).where(table.c.session_code == code)
    return int(conn.execute(query).scalar_one())


def _own_row(conn: Connection, code: str, token: str) -> Submission | None:
    row = conn.execute(
        sa.select(submissions_table).where(
            submissions_table.c.session_code == code,
            submissions_table.c.participant == token,
        )
    ).first()
    return None if row is None else row_to_submission(row)


def participant_view(
    db: Database, code: str, participant: str
) -> tuple[SessionInfo, Submission | None]:
    """The session and this participant's answers (None if not sent yet), read together:
    a participant's page costs one round trip, which matters when the database is slow."""
    clean = normalize_code(code)
    token = clean_participant(participant)

    def work(conn: Connection) -> tuple[SessionInfo, Submission | None]:
        info = row_to_info(load_session(db, conn, clean))
        return info, _own_row(conn, clean, token)

    return db.run(work, write=False)


def get_submission(db: Database, code: str, participant: str) -> Submission | None:
    """Return this participant's answers, or None if they have not answered yet."""
    clean = normalize_code(code)
    token = clean_participant(participant)

    def work(conn: Connection) -> Submission | None:
        load_session(db, conn, clean)
        return _own_row(conn, clean, token)

    return db.run(work, write=False)


def count(db: Database, code: str) -> int:
    """Number of participants who answered (public: shown on the room screen)."""
    clean = normalize_code(code)

    def work(conn: Connection) -> int:
        load_session(db, conn, clean)
        return _devices(conn, clean)

    return db.run(work, write=False)


def room_answers(db: Database, code: str, secret: str) -> list[Submission]:
    """Every submission of the session, oldest first; facilitator only."""
    clean = normalize_code(code)

    def work(conn: Connection) -> list[Submission]:
        authorised(db, conn, clean, secret)
        rows = conn.execute(
            sa.select(submissions_table)
            .where(submissions_table.c.session_code == clean)
            .order_by(submissions_table.c.submitted_at, submissions_table.c.id)
        ).all()
        return [row_to_submission(row) for row in rows]

    return db.run(work, write=False)


def tally(db: Database, code: str, secret: str) -> RoomTally:
    """The session (facilitator only) and the room in numbers, in one read.

    The counts of each answer and the pillars' sums come from the tally every send keeps
    (:mod:`adoption.store.tallies`): a few rows whatever the room's size. The number of
    participants, and of those scored, are counts on an index. No row is decoded.
    """
    clean = normalize_code(code)
    sco = scores_table

    def work(conn: Connection) -> RoomTally:
        info = row_to_info(authorised(db, conn, clean, secret))
        respondents = _devices(conn, clean)
        counts, pillars = tallies.read(conn, clean)
        scored = conn.execute(
            sa.select(sa.func.count(sa.distinct(sco.c.participant))).where(
                sco.c.session_code == clean
            )
        ).scalar_one()
        return RoomTally(info, respondents, counts, pillars, int(scored))

    return db.run(work, write=False)
