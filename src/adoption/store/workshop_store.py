"""The workshop store: sessions a facilitator opens and the answers participants send.

A participant is a device (its token): one submission per device and session, so a phone
that sends twice, or from two tabs, counts once. When the facilitator gave an expected
room size, a device beyond it is refused (and counted as refused); devices already in may
still change their answers.

Each answer is stored once, as a row of the answers table; a submission's answers, the
export and the room's counts are all read from those rows (see
:mod:`adoption.store.schema`). Every public method is one short transaction
(:class:`~adoption.store.transactions.Database`).
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine

from adoption import join_token
from adoption.store.errors import (
    Forbidden,
    InvalidInput,
    NotAdmitted,
    SessionClosed,
    SessionFull,
    StoreError,
    UnknownSession,
)
from adoption.store.migrations import migrate
from adoption.store.records import CreatedSession, RoomTally, SessionInfo, Submission
from adoption.store.schema import (
    ANSWER_MAX,
    MAX_ANSWERS,
    MAX_PROFILE,
    MAX_QUESTIONS,
    PROFILE_VALUE_MAX,
    ROOM_TABLES,
    admissions_table,
    answers_table,
    scores_table,
    sessions_table,
    submissions_table,
)
from adoption.store.transactions import Database, utcnow
from adoption.store.validation import (
    clean_capacity,
    clean_country,
    clean_lang,
    clean_mapping,
    clean_participant,
    clean_question_ids,
    clean_title,
    dump,
    generate_code,
    hash_secret,
    load,
    normalize_code,
)
from adoption.view_token import ViewToken, check_view_token, make_view_token

__all__ = ["Scorer", "WorkshopStore"]

# ``scorer(answers, session question ids)`` → pillar → 0–100; the store does not know the
# questionnaire, so the page that does hands this in (see `WorkshopStore.backfill_scores`).
Scorer = Callable[[Mapping[str, str], Sequence[str]], Mapping[str, float]]

_CODE_ATTEMPTS = 20
MAX_SLIDE = 2 + 2 * MAX_QUESTIONS  # join slide, the questions, the closing slide, and room


class _CodeCollision(Exception):
    """The generated join code is taken; the caller draws another."""


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
        # Session code → its join token key (see adoption.join_token): it never changes, so
        # checking a phone's token costs no database read once the session is known here.
        self._keys: dict[str, bytes] = {}
        self._keys_lock = threading.Lock()

    def __repr__(self) -> str:
        days = self._db.retention.days
        return f"WorkshopStore({self._db.safe_url!r}, retention_days={days})"

    def init_schema(self) -> None:
        """Create the tables, or upgrade them from an older version; safe to call from
        several replicas at once (see :mod:`adoption.store.migrations`)."""
        migrate(self._db)

    # ----------------------------------------------------------------- sessions

    def create_session(
        self,
        title: str,
        lang: str,
        question_ids: Sequence[str] = (),
        capacity: int | None = None,
        country: str | None = None,
        pool_allowed: bool = False,
    ) -> CreatedSession:
        """Open a session and return it with its facilitator secret (shown once).

        ``capacity`` is the room size the facilitator expects: devices beyond it are
        refused with `SessionFull`. None: no cap. ``country``: the room's country, a geo
        code (None: not set). ``pool_allowed``: participants are offered to add their
        answers to the pool of peers (each still chooses on the phone).
        """
        valid_title = clean_title(title)
        valid_lang = clean_lang(lang)
        ids = clean_question_ids(question_ids)
        cap = clean_capacity(capacity)
        room_country = clean_country(country)
        allowed = _clean_allowed(pool_allowed)
        secret = secrets.token_urlsafe(24)
        secret_hash = hash_secret(secret)

        for _ in range(_CODE_ATTEMPTS):
            info = SessionInfo(
                code=generate_code(),
                title=valid_title,
                lang=valid_lang,
                question_ids=ids,
                status="open",
                created_at=self._db.now(),
                closed_at=None,
                capacity=cap,
                country=room_country,
                pool_allowed=allowed,
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
                            country=info.country,
                            pool_allowed=int(info.pool_allowed),
                        )
                    )
                except exc.IntegrityError as err:
                    # Another replica took the same code between the check and the insert.
                    raise _CodeCollision from err

            try:
                self._db.run(work, write=True)
            except _CodeCollision:
                continue
            return CreatedSession(info=info, secret=secret)
        raise StoreError("Could not find a free session code; try again.", code="code_exhausted")

    def get_session(self, code: str) -> SessionInfo:
        """Look a session up by its (possibly sloppily typed) join code."""
        clean = normalize_code(code)
        return self._db.run(lambda conn: _info(self._session(conn, clean)), write=False)

    def check_secret(self, code: str, secret: str) -> SessionInfo:
        """Return the session if `secret` is its facilitator key, else raise `Forbidden`."""
        clean = normalize_code(code)
        return self._db.run(lambda conn: _info(self._authorised(conn, clean, secret)), write=False)

    def presenter_token(self, code: str, secret: str) -> str:
        """A presenter token for the session (see :mod:`adoption.view_token`), for the
        holder of its facilitator key: it shows and moves the slides, nothing else."""
        clean = normalize_code(code)

        def work(conn: Connection) -> str:
            row = self._authorised(conn, clean, secret)
            return make_view_token(row.secret_hash, clean, self._db.now())

        return self._db.run(work, write=False)

    def check_view(self, code: str, credential: str | ViewToken) -> SessionInfo:
        """The session for its projector: ``credential`` is a presenter token (or the
        facilitator key); else `Forbidden`, an expired token included."""
        clean = normalize_code(code)
        return self._db.run(lambda conn: _info(self._viewer(conn, clean, credential)), write=False)

    def close(self, code: str, secret: str) -> SessionInfo:
        """Stop accepting answers; closing a closed session changes nothing."""
        table = sessions_table
        return self._update_session(
            code,
            secret,
            (table.c.status == "open",),
            {"status": "closed", "closed_at": self._db.now()},
        )

    def set_capacity(self, code: str, secret: str, capacity: int | None) -> SessionInfo:
        """Change the expected room size (None: no cap); answers already in are kept."""
        return self._update_session(code, secret, (), {"capacity": clean_capacity(capacity)})

    def set_pool_allowed(self, code: str, secret: str, allowed: bool) -> SessionInfo:
        """Allow (or no longer allow) participants to add their answers to the pool; what
        was already added stays (it is anonymous: nothing links it to the session)."""
        return self._update_session(
            code, secret, (), {"pool_allowed": int(_clean_allowed(allowed))}
        )

    def set_slide(
        self, code: str, secret: str | ViewToken, slide: int, revealed: bool
    ) -> SessionInfo:
        """What the projector shows: ``slide`` (0: join), its answer ``revealed`` or not.
        The facilitator key or a presenter token may move the slides."""
        if isinstance(slide, bool) or not isinstance(slide, int) or not 0 <= slide <= MAX_SLIDE:
            raise InvalidInput("The slide must be a small non-negative integer.", field="slide")
        return self._update_session(
            code, secret, (), {"slide": slide, "revealed": int(bool(revealed))}, viewer=True
        )

    def add_refusals(self, code: str, *, full: int = 0, throttled: int = 0) -> None:
        """Count attempts turned away (shown on the projector next to the count)."""
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

        self._db.run(work, write=True)

    def delete(self, code: str, secret: str) -> None:
        """Delete the session and all its answers."""
        clean = normalize_code(code)

        def work(conn: Connection) -> None:
            self._authorised(conn, clean, secret)
            # Explicit, not only ON DELETE CASCADE: a SQLite connection opened elsewhere
            # may not have foreign keys switched on.
            for table in ROOM_TABLES:
                conn.execute(table.delete().where(table.c.session_code == clean))
            conn.execute(sessions_table.delete().where(sessions_table.c.code == clean))

        self._db.run(work, write=True)

    # ----------------------------------------------------------------- the join token

    def join_token(self, code: str, secret: str) -> str:
        """The token the projected join link carries now (facilitator or projector only);
        it changes every :data:`adoption.join_token.WINDOW_S` seconds."""
        clean = normalize_code(code)
        row = self._db.run(lambda conn: self._authorised(conn, clean, secret), write=False)
        return self._token_now(clean, self._key_of(clean, row.secret_hash))

    def join_token_valid(self, code: str, token: object) -> bool:
        """Whether ``token`` is one the session's join slide showed in the last two minutes.

        Read from memory once this process has seen the session; raises `UnknownSession`
        for a code that does not exist (and `StoreUnavailable` when it had to ask the
        database, which did not answer).
        """
        clean = normalize_code(code)
        if not join_token.is_token(token):
            return False
        key = self._keys.get(clean)
        if key is None:
            row = self._db.run(lambda conn: self._session(conn, clean), write=False)
            key = self._key_of(clean, row.secret_hash)
        return join_token.token_valid(key, clean, token, self._db.now().timestamp())

    def admit(self, code: str, participant: str, token: object = None) -> bool:
        """Whether this device joined from the projected code: admitted now, with a valid
        ``token``, or earlier (a reload, another tab, a restarted server). Admitting twice
        changes nothing; an invalid or expired token admits nobody."""
        clean = normalize_code(code)
        device = clean_participant(participant)
        valid = self.join_token_valid(clean, token)  # also: UnknownSession for a bad code
        table = admissions_table
        mine = (table.c.session_code == clean, table.c.participant == device)

        def work(conn: Connection) -> bool:
            known = conn.execute(sa.select(table.c.participant).where(*mine)).first()
            if known is not None:
                return True
            if not valid:
                return False
            self._session(conn, clean)  # not deleted meanwhile
            stmt = self._upsert(table).values(
                session_code=clean, participant=device, admitted_at=self._db.now()
            )
            conn.execute(stmt.on_conflict_do_nothing())
            return True

        return self._db.run(work, write=valid)

    def _key_of(self, code: str, secret_hash: str) -> bytes:
        key = join_token.derive_key(secret_hash)
        with self._keys_lock:
            if len(self._keys) >= 10_000:  # bounded: sessions come and go
                self._keys.clear()
            self._keys[code] = key
        return key

    def _token_now(self, code: str, key: bytes) -> str:
        window = join_token.window_of(self._db.now().timestamp())
        return join_token.make_token(key, code, window)

    def _upsert(self, table: sa.Table) -> Any:
        """``INSERT … ON CONFLICT`` for this database's dialect."""
        insert = pg_dialect.insert if self._db.backend == "postgresql" else sqlite_dialect.insert
        return insert(table)

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
        room's averages (:meth:`tally`). One transaction: the submission row (upserted),
        then this participant's answer and score rows replaced, so the room never sees half
        a send, and sending the same answers again leaves everything as it was.

        Raises `SessionClosed` once the session is closed, `SessionFull` for a new device
        when the session has as many participants as expected, and `NotAdmitted` (a kind of
        `SessionFull`) for a new device that did not join from the projected code of a
        session with a cap: the room's seats are counted on admitted devices only.
        """
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
        profile_json = dump(clean_profile)
        upsert_insert = (
            pg_dialect.insert if self._db.backend == "postgresql" else sqlite_dialect.insert
        )

        def work(conn: Connection) -> Submission | str:
            session = self._session(conn, clean, lock=True)
            if session.status != "open":
                raise SessionClosed("This session is closed.")
            refused = _refusal_for(conn, session, token)
            if refused:
                # Counted in this transaction; the refusal is raised once it is committed.
                conn.execute(
                    sessions_table.update()
                    .where(sessions_table.c.code == clean)
                    .values(refused_full=sessions_table.c.refused_full + 1)
                )
                return refused
            now = self._db.now()
            table = submissions_table
            stmt = upsert_insert(table).values(
                session_code=clean,
                participant=token,
                profile=profile_json,
                submitted_at=now,
                updated_at=now,
                revision=1,
            )
            # ON CONFLICT makes concurrent first submits from one phone a single row.
            upsert = stmt.on_conflict_do_update(
                index_elements=[table.c.session_code, table.c.participant],
                set_={
                    "profile": stmt.excluded.profile,
                    "updated_at": stmt.excluded.updated_at,
                    "revision": table.c.revision + 1,
                },
            ).returning(*table.c)
            row = conn.execute(upsert).one()
            _replace(conn, answers_table, clean, token, "question_id", "answer", clean_answers)
            _replace(conn, scores_table, clean, token, "pillar", "value", clean_scores)
            return _submission(row, clean_answers)

        stored = self._db.run(work, write=True)
        if stored == "not_admitted":
            raise NotAdmitted("This session's seats are for devices that scanned its code.")
        if isinstance(stored, str):
            raise SessionFull("This session already has every participant it expected.")
        return stored

    def participant_view(
        self, code: str, participant: str
    ) -> tuple[SessionInfo, Submission | None]:
        """The session and this participant's answers (None if not sent yet), read
        together: a participant's page costs one round trip, which matters when the
        database is slow."""
        clean = normalize_code(code)
        token = clean_participant(participant)

        def work(conn: Connection) -> tuple[SessionInfo, Submission | None]:
            info = _info(self._session(conn, clean))
            return info, _own_submission(conn, clean, token)

        return self._db.run(work, write=False)

    def get_submission(self, code: str, participant: str) -> Submission | None:
        """Return this participant's answers, or None if they have not answered yet."""
        clean = normalize_code(code)
        token = clean_participant(participant)

        def work(conn: Connection) -> Submission | None:
            self._session(conn, clean)
            return _own_submission(conn, clean, token)

        return self._db.run(work, write=False)

    def count(self, code: str) -> int:
        """Number of participants who answered (public: shown on the room screen)."""
        clean = normalize_code(code)

        def work(conn: Connection) -> int:
            self._session(conn, clean)
            return _devices(conn, clean)

        return self._db.run(work, write=False)

    def room_answers(self, code: str, secret: str) -> list[Submission]:
        """Every submission of the session, oldest first; facilitator only."""
        clean = normalize_code(code)

        def work(conn: Connection) -> list[Submission]:
            self._authorised(conn, clean, secret)
            answers = _answers_by_participant(conn, clean)
            rows = conn.execute(
                sa.select(submissions_table)
                .where(submissions_table.c.session_code == clean)
                .order_by(submissions_table.c.submitted_at, submissions_table.c.id)
            ).all()
            return [_submission(row, answers.get(row.participant, {})) for row in rows]

        return self._db.run(work, write=False)

    def tally(self, code: str, secret: str | ViewToken) -> RoomTally:
        """The session (facilitator key or presenter token) and the room in numbers, in one
        read.

        Grouped from the answer and score rows on each call, so it can never disagree with
        them: on an index (session, question, answer) for the counts, a few milliseconds
        for a room of hundreds. No answer is decoded; only each distinct profile is, once
        (a room holds a few dozen at most: size class × sector × country).
        """
        clean = normalize_code(code)
        ans, sco = answers_table, scores_table

        def work(conn: Connection) -> RoomTally:
            row = self._viewer(conn, clean, secret)
            info = _info(row)
            counts: dict[str, dict[str, int]] = {}
            for question, answer, n in conn.execute(
                sa.select(ans.c.question_id, ans.c.answer, sa.func.count())
                .where(ans.c.session_code == clean)
                .group_by(ans.c.question_id, ans.c.answer)
                .order_by(ans.c.question_id, ans.c.answer)
            ):
                counts.setdefault(question, {})[answer] = int(n)
            pillars = {
                pillar: (float(mean), int(n))
                for pillar, mean, n in conn.execute(
                    sa.select(sco.c.pillar, sa.func.avg(sco.c.value), sa.func.count())
                    .where(sco.c.session_code == clean)
                    .group_by(sco.c.pillar)
                    .order_by(sco.c.pillar)
                )
            }
            scored = conn.execute(
                sa.select(sa.func.count(sa.distinct(sco.c.participant))).where(
                    sco.c.session_code == clean
                )
            ).scalar_one()
            sub = submissions_table
            profiles = tuple(
                (load(str(profile)), int(n))
                for profile, n in conn.execute(
                    sa.select(sub.c.profile, sa.func.count())
                    .where(sub.c.session_code == clean)
                    .group_by(sub.c.profile)
                    .order_by(sub.c.profile)
                )
            )
            respondents = sum(n for _, n in profiles)
            return RoomTally(
                info,
                respondents,
                counts,
                pillars,
                int(scored),
                profiles,
                **_admitted_counts(conn, clean),
                join_token=self._token_now(clean, self._key_of(clean, row.secret_hash)),
            )

        return self._db.run(work, write=False)

    def room_scores(self, code: str, secret: str | ViewToken) -> list[dict[str, float]]:
        """Each scored participant's pillar scores (facilitator key or presenter token: the
        closing slide's median), in no particular order and without tokens: what the
        room's median needs and nothing more."""
        clean = normalize_code(code)
        sco = scores_table

        def work(conn: Connection) -> list[dict[str, float]]:
            self._viewer(conn, clean, secret)
            by_participant: dict[str, dict[str, float]] = {}
            for participant, pillar, value in conn.execute(
                sa.select(sco.c.participant, sco.c.pillar, sco.c.value)
                .where(sco.c.session_code == clean)
                .order_by(sco.c.participant, sco.c.pillar)
            ):
                by_participant.setdefault(participant, {})[pillar] = float(value)
            return list(by_participant.values())

        return self._db.run(work, write=False)

    def backfill_scores(self, scorer: Scorer) -> int:
        """Give pillar scores to the submissions that have none; how many got some.

        Answers sent before scores were stored (an older version of the app) would
        otherwise be left out of the room's averages while being in its counts.
        ``scorer(answers, session question ids)`` does the scoring. A submission whose
        answers score nothing stays without rows and is looked at again next time.
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
                # The session's row lock, as a send takes it: a send to this room waits for
                # the scores written here, never the other way.
                try:
                    session = self._session(conn, code, lock=True)
                except UnknownSession:
                    continue  # expired: the purge deletes it
                try:
                    asked = [str(q) for q in json.loads(session.question_ids)]
                except (TypeError, ValueError):
                    asked = []
                answers = _answers_by_participant(conn, code)
                missing = conn.execute(
                    sa.select(sub.c.participant).where(sub.c.session_code == code, ~has_scores)
                )
                for (participant,) in missing.all():
                    scores = _clean_scores(scorer(answers.get(participant, {}), asked))
                    if scores:
                        _replace(conn, sco, code, participant, "pillar", "value", scores)
                        scored += 1
            return scored

        return self._db.run(work, write=True)

    # ----------------------------------------------------------------- retention

    def purge_expired(self) -> int:
        """Delete sessions created more than `retention_days` ago, with their answers."""

        def work(conn: Connection) -> int:
            cutoff = self._db.now() - self._db.retention
            expired = sa.select(sessions_table.c.code).where(sessions_table.c.created_at < cutoff)
            for table in ROOM_TABLES:
                conn.execute(table.delete().where(table.c.session_code.in_(expired)))
            result = conn.execute(
                sessions_table.delete().where(sessions_table.c.created_at < cutoff)
            )
            return int(result.rowcount)

        return self._db.run(work, write=True)

    # ----------------------------------------------------------------- helpers

    def _session(self, conn: Connection, code: str, *, lock: bool = False) -> sa.Row[Any]:
        """The session's row; `UnknownSession` if it does not exist or has expired."""
        query = sa.select(sessions_table).where(sessions_table.c.code == code)
        if lock:
            # PostgreSQL: `close`/`delete` wait for submits in flight, and submits to one
            # session take turns, so that two new devices cannot both take the last place
            # (SQLite ignores this; its writers are serialised by BEGIN IMMEDIATE anyway).
            query = query.with_for_update()
        row = conn.execute(query).first()
        if row is None or row.created_at < self._db.now() - self._db.retention:
            raise UnknownSession("This session code does not exist.")
        return row

    def _authorised(self, conn: Connection, code: str, secret: object) -> sa.Row[Any]:
        """The session's row if `secret` is its facilitator key, else `Forbidden`."""
        row = self._session(conn, code)
        given = hash_secret(secret) if isinstance(secret, str) else ""
        if not hmac.compare_digest(given, row.secret_hash):
            raise Forbidden("This facilitator key does not match the session.")
        return row

    def _viewer(self, conn: Connection, code: str, credential: object) -> sa.Row[Any]:
        """The session's row for its projector: ``credential`` is a :class:`ViewToken`
        made for it and not expired, or the facilitator key; else `Forbidden`."""
        if not isinstance(credential, ViewToken):
            return self._authorised(conn, code, credential)
        row = self._session(conn, code)
        verdict = check_view_token(row.secret_hash, code, credential.value, self._db.now())
        if verdict != "ok":
            raise Forbidden(f"This presenter link is {verdict}.")
        return row

    def _update_session(
        self,
        code: str,
        secret: str | ViewToken,
        where: tuple[sa.ColumnElement[bool], ...],
        values: Mapping[str, object],
        *,
        viewer: bool = False,
    ) -> SessionInfo:
        """A change to the session's row (where ``where`` holds) by its facilitator, or
        also by its projector when ``viewer``; the session as it is afterwards."""
        clean = normalize_code(code)

        def work(conn: Connection) -> SessionInfo:
            if viewer:
                self._viewer(conn, clean, secret)
            else:
                self._authorised(conn, clean, secret)
            conn.execute(
                sessions_table.update()
                .where(sessions_table.c.code == clean, *where)
                .values(**values)
            )
            return _info(self._session(conn, clean))

        return self._db.run(work, write=True)


def _info(row: sa.Row[Any]) -> SessionInfo:
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
        country=row.country,
        pool_allowed=bool(row.pool_allowed),
    )


def _submission(row: sa.Row[Any], answers: Mapping[str, str]) -> Submission:
    """A submission from its row and its answers (read from, or just written to, the
    answers table), the answers in question id order as the table returns them."""
    return Submission(
        session_code=row.session_code,
        participant=row.participant,
        answers=dict(sorted(answers.items())),
        profile=load(row.profile),
        submitted_at=row.submitted_at,
        updated_at=row.updated_at,
        revision=row.revision,
    )


def _clean_allowed(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput("The pool's consent must be true or false.", field="pool_allowed")
    return value


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


def _replace(
    conn: Connection,
    table: sa.Table,
    code: str,
    token: str,
    key: str,
    value: str,
    items: Mapping[str, object],
) -> None:
    """This participant's rows of ``table`` (answers or scores) replaced by ``items``."""
    mine = (table.c.session_code == code, table.c.participant == token)
    conn.execute(table.delete().where(*mine))
    if items:
        rows = [{key: k, value: v} for k, v in items.items()]
        conn.execute(table.insert().values(session_code=code, participant=token), rows)


def _answers_by_participant(conn: Connection, code: str) -> dict[str, dict[str, str]]:
    """Every answer of the session: participant → question → answer."""
    ans = answers_table
    answers: dict[str, dict[str, str]] = {}
    for participant, question, answer in conn.execute(
        sa.select(ans.c.participant, ans.c.question_id, ans.c.answer)
        .where(ans.c.session_code == code)
        .order_by(ans.c.participant, ans.c.question_id)
    ):
        answers.setdefault(participant, {})[question] = answer
    return answers


def _own_submission(conn: Connection, code: str, token: str) -> Submission | None:
    sub, ans = submissions_table, answers_table
    row = conn.execute(
        sa.select(sub).where(sub.c.session_code == code, sub.c.participant == token)
    ).first()
    if row is None:
        return None
    answers = conn.execute(
        sa.select(ans.c.question_id, ans.c.answer).where(
            ans.c.session_code == code, ans.c.participant == token
        )
    )
    return _submission(row, {question: answer for question, answer in answers})


def _refusal_for(conn: Connection, session: sa.Row[Any], token: str) -> str:
    """Why a send from this device is refused ("" when it is not): in a session with a cap,
    a new device that did not join from the projected code (``not_admitted``), or one that
    finds every seat taken (``full``), seats being the admitted devices that answered."""
    if session.capacity is None:
        return ""
    table, adm = submissions_table, admissions_table
    known = conn.execute(
        sa.select(table.c.id).where(
            table.c.session_code == session.code, table.c.participant == token
        )
    ).first()
    if known is not None:
        return ""
    admitted = conn.execute(
        sa.select(adm.c.participant).where(
            adm.c.session_code == session.code, adm.c.participant == token
        )
    ).first()
    if admitted is None:
        return "not_admitted"
    seats = (
        sa.select(sa.func.count())
        .select_from(table.join(adm, _same_device(table, adm)))
        .where(table.c.session_code == session.code)
    )
    return "full" if int(conn.execute(seats).scalar_one()) >= session.capacity else ""


def _same_device(table: sa.Table, adm: sa.Table) -> sa.ColumnElement[bool]:
    return sa.and_(
        table.c.session_code == adm.c.session_code, table.c.participant == adm.c.participant
    )


def _admitted_counts(conn: Connection, code: str) -> dict[str, Any]:
    """The admitted devices of the session, and how many of them answered each question,
    have a score, sent anything (the :class:`RoomTally` fields of the same names)."""
    adm, ans, sco, sub = admissions_table, answers_table, scores_table, submissions_table
    admissions = int(
        conn.execute(
            sa.select(sa.func.count()).select_from(adm).where(adm.c.session_code == code)
        ).scalar_one()
    )
    if not admissions:
        return {"admissions": 0}
    per_question = {
        str(question): int(n)
        for question, n in conn.execute(
            sa.select(ans.c.question_id, sa.func.count())
            .select_from(ans.join(adm, _same_device(ans, adm)))
            .where(ans.c.session_code == code)
            .group_by(ans.c.question_id)
        )
    }
    scored = conn.execute(
        sa.select(sa.func.count(sa.distinct(sco.c.participant)))
        .select_from(sco.join(adm, _same_device(sco, adm)))
        .where(sco.c.session_code == code)
    ).scalar_one()
    respondents = conn.execute(
        sa.select(sa.func.count())
        .select_from(sub.join(adm, _same_device(sub, adm)))
        .where(sub.c.session_code == code)
    ).scalar_one()
    return {
        "admissions": admissions,
        "admitted_counts": per_question,
        "admitted_scored": int(scored),
        "admitted_respondents": int(respondents),
    }


def _devices(conn: Connection, code: str) -> int:
    table = submissions_table
    query = sa.select(sa.func.count()).select_from(table).where(table.c.session_code == code)
    return int(conn.execute(query).scalar_one())
