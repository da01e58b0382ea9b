"""The store's one door: :class:`WorkshopStore`, sessions and answers on one engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from adoption.store import answers as _answers
from adoption.store import retention, sessions
from adoption.store.records import CreatedSession, RoomTally, SessionInfo, Submission
from adoption.store.schema import init_schema
from adoption.store.transactions import Database, utcnow

__all__ = ["WorkshopStore"]


class WorkshopStore:
    """Sessions and submissions on one SQLAlchemy engine (SQLite or PostgreSQL).

    Thread-safe: share one instance per engine across Streamlit sessions. Each public
    method runs in its own short transaction.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        retention_days: int = 30,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if isinstance(retention_days, bool) or not isinstance(retention_days, int):
            raise TypeError("retention_days must be an int")
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self._db = Database(engine, retention=timedelta(days=retention_days), clock=clock)

    def __repr__(self) -> str:
        days = self._db.retention.days
        return f"WorkshopStore({self._db.safe_url!r}, retention_days={days})"

    def init_schema(self) -> None:
        """Create the tables if missing; safe to call from several replicas at once."""
        init_schema(self._db)

    # ----------------------------------------------------------------- sessions

    def create_session(
        self,
        title: str,
        lang: str,
        question_ids: Sequence[str] = (),
        capacity: int | None = None,
    ) -> CreatedSession:
        """Open a session and return it with its facilitator secret (shown once).

        ``capacity`` is the room size the facilitator expects: devices beyond it are
        refused with `SessionFull`. None: no cap.
        """
        return sessions.create_session(self._db, title, lang, question_ids, capacity)

    def get_session(self, code: str) -> SessionInfo:
        """Look a session up by its (possibly sloppily typed) join code."""
        return sessions.get_session(self._db, code)

    def check_secret(self, code: str, secret: str) -> SessionInfo:
        """Return the session if `secret` is its facilitator key, else raise `Forbidden`."""
        return sessions.check_secret(self._db, code, secret)

    def close(self, code: str, secret: str) -> SessionInfo:
        """Stop accepting answers; closing a closed session changes nothing."""
        return sessions.close(self._db, code, secret)

    def set_capacity(self, code: str, secret: str, capacity: int | None) -> SessionInfo:
        """Change the expected room size (None: no cap); answers already in are kept."""
        return sessions.set_capacity(self._db, code, secret, capacity)

    def set_slide(self, code: str, secret: str, slide: int, revealed: bool) -> SessionInfo:
        """What the projector shows: ``slide`` (0: join), its answer ``revealed`` or not."""
        return sessions.set_slide(self._db, code, secret, slide, revealed)

    def add_refusals(self, code: str, *, full: int = 0, throttled: int = 0) -> None:
        """Count attempts turned away (shown on the projector next to the count)."""
        sessions.add_refusals(self._db, code, full=full, throttled=throttled)

    def delete(self, code: str, secret: str) -> None:
        """Delete the session and all its answers."""
        sessions.delete(self._db, code, secret)

    # ----------------------------------------------------------------- answers

    def submit(
        self,
        code: str,
        participant: str,
        answers: Mapping[str, str],
        profile: Mapping[str, str] | None = None,
        scores: Mapping[str, float] | None = None,
    ) -> Submission:
        """Record or update one participant's answers while the session is open.

        ``scores`` (pillar → 0–100) is the participant's maturity score, kept for the
        room's averages (:meth:`tally`).

        Raises `SessionClosed` once the session is closed, `SessionFull` for a new device
        when the session has as many participants as expected.
        """
        return _answers.submit(self._db, code, participant, answers, profile, scores)

    def participant_view(
        self, code: str, participant: str
    ) -> tuple[SessionInfo, Submission | None]:
        """The session and this participant's answers (None if not sent), in one read."""
        return _answers.participant_view(self._db, code, participant)

    def get_submission(self, code: str, participant: str) -> Submission | None:
        """Return this participant's answers, or None if they have not answered yet."""
        return _answers.get_submission(self._db, code, participant)

    def count(self, code: str) -> int:
        """Number of participants who answered (public: shown on the room screen)."""
        return _answers.count(self._db, code)

    def backfill_scores(self, scorer: _answers.Scorer) -> int:
        """Score the submissions stored without pillar scores (by an older version), with
        ``scorer(answers, session question ids)``; how many got scores."""
        return _answers.backfill_scores(self._db, scorer)

    def room_answers(self, code: str, secret: str) -> list[Submission]:
        """Every submission of the session, oldest first; facilitator only."""
        return _answers.room_answers(self._db, code, secret)

    def tally(self, code: str, secret: str) -> RoomTally:
        """The session and the room's counts and averages, read from the tally every send
        keeps (:mod:`adoption.store.tallies`); facilitator only. A few rows whether 5 or
        500 answered (only the two head counts are index counts that grow with the room)."""
        return _answers.tally(self._db, code, secret)

    # ----------------------------------------------------------------- retention

    def purge_expired(self) -> int:
        """Delete sessions created more than `retention_days` ago, with their answers."""
        return retention.purge_expired(self._db)
