"""Tests for the workshop store against real SQLite and PostgreSQL databases.

Each test gets a fresh database: a SQLite file in `tmp_path`, or its own PostgreSQL schema
(dropped afterwards). PostgreSQL tests skip when the server is down, except in CI
(`CI=true`), where they must run.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from adoption import store as store_module
from adoption.store import (
    CODE_ALPHABET,
    CODE_LENGTH,
    SCHEMA_VERSION,
    SQLITE_BUSY_TIMEOUT_S,
    CreatedSession,
    Forbidden,
    InvalidInput,
    SessionClosed,
    SessionFull,
    StoreError,
    StoreUnavailable,
    UnknownSession,
    WorkshopStore,
    answers_table,
    default_database_url,
    generate_code,
    is_participant,
    make_engine,
    new_participant,
    normalize_code,
    scores_table,
    submissions_table,
    url_from_connection,
)
from adoption.store.schema import versions_table
from adoption.view_token import ViewToken
from conftest import PG_URL, ROOT, empty_database, hold_lock, pg_schema
from tcp_proxy import FreezableProxy, freezable_proxy

START = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
AMBIGUOUS = set("0O1IL2Z5S8BUV")
UNREACHABLE_URL = "postgresql+psycopg://nobody:hunter2@127.0.0.1:1/x"


# --------------------------------------------------------------------------- fixtures


class Clock:
    """A settable clock injected into the store, so tests can jump weeks ahead."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A bare engine on an empty database (no tables yet)."""
    sqlite_file = tmp_path / "db" / "workshop.sqlite3"
    with empty_database(request, request.param, sqlite_file, "test_store") as eng:
        yield eng


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(engine: Engine, clock: Clock) -> WorkshopStore:
    workshop = WorkshopStore(engine, retention_days=30, clock=clock)
    workshop.init_schema()
    return workshop


@pytest.fixture
def session(store: WorkshopStore) -> CreatedSession:
    return store.create_session("Atelier IA", "fr", ["q_use", "q_budget"])


def token() -> str:
    return secrets.token_urlsafe(16)


def submission_rows(engine: Engine, code: str | None = None) -> list[sa.Row]:
    query = sa.select(submissions_table)
    if code is not None:
        query = query.where(submissions_table.c.session_code == code)
    with engine.connect() as conn:
        return list(conn.execute(query).all())


def run_together(count: int, work: Callable[[int], object]) -> list[BaseException]:
    """Run `work(i)` in `count` threads released at once; return the errors raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(index: int) -> None:
        barrier.wait()
        try:
            work(index)
        except BaseException as err:  # collected and asserted on by the caller
            with lock:
                errors.append(err)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


# --------------------------------------------------------------------------- sessions


def test_create_and_get_session(store: WorkshopStore, clock: Clock) -> None:
    created = store.create_session("  Atelier IA — Lyon  ", "fr", ["q_use", "q_budget"])
    info = created.info
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", info.code)
    assert info.title == "Atelier IA — Lyon"
    assert info.lang == "fr"
    assert info.question_ids == ("q_use", "q_budget")
    assert info.status == "open" and info.is_open
    assert info.created_at == clock.now and info.created_at.tzinfo is not None
    assert info.closed_at is None
    assert len(created.secret) >= 32
    assert store.get_session(info.code) == info


def test_empty_question_ids_means_all(store: WorkshopStore) -> None:
    info = store.create_session("Tout", "en").info
    assert info.question_ids == ()
    assert store.get_session(info.code).question_ids == ()


def test_codes_and_secrets_differ_between_sessions(store: WorkshopStore) -> None:
    created = [store.create_session(f"S{i}", "en") for i in range(5)]
    assert len({c.info.code for c in created}) == 5
    assert len({c.secret for c in created}) == 5


@pytest.mark.parametrize(
    "sloppy",
    [
        lambda code: code.lower(),
        lambda code: f"  {code[:3].lower()}-{code[3:].lower()} ",
        lambda code: f"{code[:3]} {code[3:]}",
        lambda code: f"\t{code[:2]}–{code[2:4]}—{code[4:]}\n",
        lambda code: code.lower().replace(code[0].lower(), code[0].lower() + " ", 1),
    ],
    ids=["lower", "dash-and-spaces", "space", "typographic-dashes", "inner-space"],
)
def test_join_by_sloppy_code(
    store: WorkshopStore, session: CreatedSession, sloppy: Callable[[str], str]
) -> None:
    assert store.get_session(sloppy(session.info.code)) == session.info


def test_code_collision_draws_again(
    store: WorkshopStore, session: CreatedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = next(c for c in ("AAAAAA", "CCCCCC") if c != session.info.code)
    drawn = iter([session.info.code, session.info.code, fresh])
    monkeypatch.setattr(store_module.workshop_store, "generate_code", lambda: next(drawn))
    assert store.create_session("Second", "en").info.code == fresh
    assert store.get_session(session.info.code) == session.info


@pytest.mark.parametrize(
    ("title", "stored"),
    [
        ("<script>alert('x')</script>", "<script>alert('x')</script>"),
        ("  Atelier  ", "Atelier"),
        ("é" * 120, "é" * 120),
        ("Café & IA 🤖", "Café & IA 🤖"),
    ],
    ids=["script-verbatim", "stripped", "120-chars", "unicode"],
)
def test_titles_are_stored_verbatim(store: WorkshopStore, title: str, stored: str) -> None:
    info = store.create_session(title, "en").info
    assert info.title == stored
    assert store.get_session(info.code).title == stored


@pytest.mark.parametrize(
    "title",
    [
        "",
        "   ",
        "x" * 121,
        "<script>" + "x" * 120 + "</script>",
        "a\x00b",
        "a\nb",
        "a\tb",
        "\x1b[31mred",
        "a\u2028b",
        "a\ud800b",
        None,
        42,
    ],
    ids=[
        "empty",
        "blank",
        "121-chars",
        "long-script",
        "nul",
        "newline",
        "tab",
        "escape",
        "line-separator",
        "surrogate",
        "none",
        "int",
    ],
)
def test_bad_titles_are_refused(store: WorkshopStore, title: object) -> None:
    with pytest.raises(InvalidInput) as info:
        store.create_session(title, "en")  # type: ignore[arg-type]
    assert info.value.field == "title"
    assert info.value.code == "invalid_input"


@pytest.mark.parametrize("lang", ["de", "FR", "", None, "fr-FR"])
def test_bad_lang_is_refused(store: WorkshopStore, lang: object) -> None:
    with pytest.raises(InvalidInput) as info:
        store.create_session("T", lang)  # type: ignore[arg-type]
    assert info.value.field == "lang"


@pytest.mark.parametrize(
    "question_ids",
    [
        ["Q1"],
        ["1q"],
        ["q-1"],
        ["q" * 41],
        [f"q{i}" for i in range(41)],
        [3],
        "q_use",
        None,
    ],
    ids=["upper", "digit-first", "dash", "too-long", "too-many", "int", "bare-string", "none"],
)
def test_bad_question_ids_are_refused(store: WorkshopStore, question_ids: object) -> None:
    with pytest.raises(InvalidInput) as info:
        store.create_session("T", "en", question_ids)  # type: ignore[arg-type]
    assert info.value.field == "question_ids"


def test_forty_question_ids_are_accepted(store: WorkshopStore) -> None:
    ids = tuple(f"q{i}" for i in range(40))
    assert store.create_session("T", "en", ids).info.question_ids == ids


# --------------------------------------------------------------------------- submissions


def test_submit_and_read_back(store: WorkshopStore, session: CreatedSession) -> None:
    code, person = session.info.code, token()
    assert store.count(code) == 0
    assert store.get_submission(code, person) is None
    sub = store.submit(code, person, {"q_use": "daily"}, {"sector": "C", "country": "FR"})
    assert sub.revision == 1
    assert sub.answers == {"q_use": "daily"}
    assert sub.profile == {"sector": "C", "country": "FR"}
    assert sub.session_code == code and sub.participant == person
    assert store.get_submission(code, person) == sub
    assert store.count(code) == 1


def test_changing_an_answer_updates_the_same_row(
    store: WorkshopStore, session: CreatedSession, clock: Clock, engine: Engine
) -> None:
    code, person = session.info.code, token()
    first = store.submit(code, person, {"q_use": "never"})
    clock.advance(minutes=2)
    second = store.submit(f" {code.lower()} ", person, {"q_use": "daily", "q_budget": "low"})
    assert second.revision == 2
    assert second.answers == {"q_use": "daily", "q_budget": "low"}
    assert second.submitted_at == first.submitted_at
    assert second.updated_at == clock.now
    assert store.count(code) == 1
    assert len(submission_rows(engine, code)) == 1


def test_closed_session_refuses_answers(store: WorkshopStore, session: CreatedSession) -> None:
    code, person = session.info.code, token()
    store.submit(code, person, {"q_use": "never"})
    closed = store.close(code, session.secret)
    assert closed.status == "closed" and not closed.is_open
    assert closed.closed_at is not None
    assert store.get_session(code) == closed
    for who in (person, token()):
        with pytest.raises(SessionClosed) as info:
            store.submit(code, who, {"q_use": "daily"})
        assert info.value.code == "session_closed"
    assert store.get_submission(code, person).answers == {"q_use": "never"}  # type: ignore[union-attr]
    assert store.count(code) == 1
    # Closing again is harmless and keeps the first closing time.
    assert store.close(code, session.secret) == closed
    assert [s.answers for s in store.room_answers(code, session.secret)] == [{"q_use": "never"}]


def test_room_answers_oldest_first(
    store: WorkshopStore, session: CreatedSession, clock: Clock
) -> None:
    people = [token() for _ in range(3)]
    for index, person in enumerate(people):
        clock.advance(seconds=1)
        store.submit(session.info.code, person, {"q_use": str(index)})
    room = store.room_answers(session.info.code, session.secret)
    assert [s.participant for s in room] == people
    assert store.check_secret(session.info.code, session.secret) == session.info


BAD_PARTICIPANTS = pytest.mark.parametrize(
    "participant",
    ["short", "x" * 15, "x" * 65, "has space in it!!", "ünïcödé-ünïcödé-x", "a/b" * 8, None, 7],
    ids=["short", "15", "65", "space", "non-ascii", "slash", "none", "int"],
)


@BAD_PARTICIPANTS
def test_bad_participant_is_refused(
    store: WorkshopStore, session: CreatedSession, participant: object
) -> None:
    assert not is_participant(participant)
    with pytest.raises(InvalidInput) as info:
        store.submit(session.info.code, participant, {"q_use": "x"})  # type: ignore[arg-type]
    assert info.value.field == "participant"


def test_a_new_participant_token_is_accepted(store: WorkshopStore, session: CreatedSession) -> None:
    tokens = {new_participant() for _ in range(50)}
    assert len(tokens) == 50
    assert all(is_participant(token) for token in tokens)
    token = tokens.pop()
    assert store.submit(session.info.code, token, {"q_use": "x"}).participant == token


@pytest.mark.parametrize(
    ("answers", "profile", "field"),
    [
        ({"Bad": "x"}, None, "answers"),
        ({"1q": "x"}, None, "answers"),
        ({"q-1": "x"}, None, "answers"),
        ({"q" * 41: "x"}, None, "answers"),
        ({"q": "x" * 41}, None, "answers"),
        ({"q": 3}, None, "answers"),
        ({"q": None}, None, "answers"),
        ({"q": "a\x00b"}, None, "answers"),
        ({f"q{i}": "x" for i in range(41)}, None, "answers"),
        ([("q", "x")], None, "answers"),
        ({"q": "x"}, {"Sector": "C"}, "profile"),
        ({"q": "x"}, {"sector": "x" * 81}, "profile"),
        ({"q": "x"}, {"sector": "\x07"}, "profile"),
        ({"q": "x"}, "sector=C", "profile"),
    ],
    ids=[
        "upper-id",
        "digit-id",
        "dash-id",
        "long-id",
        "long-value",
        "int-value",
        "none-value",
        "nul-value",
        "too-many",
        "not-a-mapping",
        "profile-upper-id",
        "profile-long-value",
        "profile-bell",
        "profile-string",
    ],
)
def test_bad_answers_are_refused(
    store: WorkshopStore,
    session: CreatedSession,
    engine: Engine,
    answers: object,
    profile: object,
    field: str,
) -> None:
    with pytest.raises(InvalidInput) as info:
        store.submit(session.info.code, token(), answers, profile)  # type: ignore[arg-type]
    assert info.value.field == field
    assert submission_rows(engine) == []


def test_answer_bounds_are_inclusive(store: WorkshopStore, session: CreatedSession) -> None:
    answers = {f"q{i}": "é" * 40 for i in range(40)}
    sub = store.submit(session.info.code, "t" * 64, answers, {"sector": "x" * 80})
    assert sub.answers == answers
    assert store.submit(session.info.code, "u" * 16, {}).answers == {}


# --------------------------------------------------------------------------- facilitator secret

FACILITATOR_CALLS: dict[str, Callable[[WorkshopStore, str, str], object]] = {
    "room_answers": lambda s, code, secret: s.room_answers(code, secret),
    "close": lambda s, code, secret: s.close(code, secret),
    "delete": lambda s, code, secret: s.delete(code, secret),
    "check_secret": lambda s, code, secret: s.check_secret(code, secret),
    "set_pool_allowed": lambda s, code, secret: s.set_pool_allowed(code, secret, True),
    "room_scores": lambda s, code, secret: s.room_scores(code, secret),
}


@pytest.mark.parametrize("call", FACILITATOR_CALLS.values(), ids=FACILITATOR_CALLS.keys())
@pytest.mark.parametrize("which", ["wrong", "other-session", "empty", "hash", "none"])
def test_facilitator_calls_refuse_a_bad_secret(
    store: WorkshopStore,
    session: CreatedSession,
    engine: Engine,
    call: Callable[[WorkshopStore, str, str], object],
    which: str,
) -> None:
    other = store.create_session("Other", "en")
    person = token()
    store.submit(session.info.code, person, {"q_use": "daily"})
    bad = {
        "wrong": secrets.token_urlsafe(24),
        "other-session": other.secret,
        "empty": "",
        "hash": store_module.validation.hash_secret(session.secret),
        "none": None,
    }[which]
    with pytest.raises(Forbidden) as info:
        call(store, session.info.code, bad)  # type: ignore[arg-type]
    assert info.value.code == "forbidden"
    for secret in (session.secret, other.secret):
        assert secret not in str(info.value) and secret not in repr(info.value)
    # Nothing changed.
    assert store.get_session(session.info.code) == session.info
    assert len(submission_rows(engine, session.info.code)) == 1
    assert store.check_secret(other.info.code, other.secret) == other.info


# --------------------------------------------------------------------------- presenter token

PROJECTOR_CALLS: dict[str, Callable[[WorkshopStore, str, ViewToken], object]] = {
    "check_view": lambda s, code, view: s.check_view(code, view),
    "tally": lambda s, code, view: s.tally(code, view),
    "set_slide": lambda s, code, view: s.set_slide(code, view, 2, True),
}
# What a presenter token must never do, given as the token object or as its bare text.
KEY_ONLY_CALLS: dict[str, Callable[[WorkshopStore, str, object], object]] = {
    "close": lambda s, code, view: s.close(code, view),
    "delete": lambda s, code, view: s.delete(code, view),
    "export": lambda s, code, view: s.room_answers(code, view),
    "capacity": lambda s, code, view: s.set_capacity(code, view, 3),
    "pool_consent": lambda s, code, view: s.set_pool_allowed(code, view, True),
    "check_secret": lambda s, code, view: s.check_secret(code, view),
    "new_token": lambda s, code, view: s.presenter_token(code, view),
}


def test_a_presenter_token_shows_and_moves_the_slides(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    view = ViewToken(store.presenter_token(code, session.secret))
    store.submit(code, token(), {"q_use": "daily"})
    assert store.check_view(code, view) == session.info
    assert store.tally(code, view).respondents == 1
    moved = store.set_slide(code, view, 2, True)
    assert (moved.slide, moved.revealed) == (2, True)
    assert store.check_view(code, session.secret).slide == 2, "the key shows them too"
    assert session.secret not in view.value


@pytest.mark.parametrize("call", KEY_ONLY_CALLS.values(), ids=KEY_ONLY_CALLS.keys())
@pytest.mark.parametrize("form", ["token", "text"])
def test_a_presenter_token_cannot_close_export_or_delete(
    store: WorkshopStore,
    session: CreatedSession,
    engine: Engine,
    call: Callable[[WorkshopStore, str, object], object],
    form: str,
) -> None:
    code = session.info.code
    text = store.presenter_token(code, session.secret)
    store.submit(code, token(), {"q_use": "daily"})
    with pytest.raises(Forbidden):
        call(store, code, ViewToken(text) if form == "token" else text)
    assert store.check_secret(code, session.secret) == session.info, "nothing changed"
    assert len(submission_rows(engine, code)) == 1


@pytest.mark.parametrize("call", PROJECTOR_CALLS.values(), ids=PROJECTOR_CALLS.keys())
@pytest.mark.parametrize("which", ["expired", "tampered", "other-session", "deleted", "bare"])
def test_a_bad_presenter_token_is_refused(
    store: WorkshopStore,
    session: CreatedSession,
    clock: Clock,
    call: Callable[[WorkshopStore, str, ViewToken], object],
    which: str,
) -> None:
    code = session.info.code
    text = store.presenter_token(code, session.secret)
    other = store.create_session("Other", "en")
    if which == "expired":
        clock.advance(hours=25)
        view = ViewToken(text)
    elif which == "tampered":
        view = ViewToken(text[:-2] + ("xy" if not text.endswith("xy") else "yz"))
    elif which == "other-session":
        view = ViewToken(store.presenter_token(other.info.code, other.secret))
    elif which == "deleted":  # the same code created again would have another key hash
        store.delete(code, session.secret)
        view = ViewToken(text)
    else:  # the token's text where the key goes
        view = text  # type: ignore[assignment]
    with pytest.raises((Forbidden, UnknownSession)):
        call(store, code, view)
    if which != "deleted":
        assert store.check_secret(code, session.secret).slide == 0, "nothing moved"


def test_a_presenter_token_still_shows_a_closed_session(
    store: WorkshopStore, session: CreatedSession, clock: Clock
) -> None:
    code = session.info.code
    view = ViewToken(store.presenter_token(code, session.secret))
    store.close(code, session.secret)
    clock.advance(hours=23)
    assert not store.check_view(code, view).is_open


def test_secret_never_shown(store: WorkshopStore, session: CreatedSession) -> None:
    shown = [repr(session), str(session), repr(session.info), str(session.info), repr(store)]
    sub = store.submit(session.info.code, token(), {"q_use": "x"})
    shown += [repr(sub), str(sub)]
    for text in shown:
        assert session.secret not in text
    assert sub.participant not in repr(sub)
    assert session.secret == session.secret.strip() and len(session.secret) == 32


def test_only_the_secret_hash_is_stored(
    store: WorkshopStore, session: CreatedSession, engine: Engine
) -> None:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(store_module.sessions_table)).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert session.secret not in stored


# --------------------------------------------------------------------------- unknown codes

PUBLIC_CALLS: dict[str, Callable[[WorkshopStore, str], object]] = {
    "get_session": lambda s, code: s.get_session(code),
    "submit": lambda s, code: s.submit(code, "p" * 20, {"q": "x"}),
    "get_submission": lambda s, code: s.get_submission(code, "p" * 20),
    "count": lambda s, code: s.count(code),
    "room_answers": lambda s, code: s.room_answers(code, "s" * 32),
    "close": lambda s, code: s.close(code, "s" * 32),
    "delete": lambda s, code: s.delete(code, "s" * 32),
    "check_secret": lambda s, code: s.check_secret(code, "s" * 32),
}


@pytest.mark.parametrize("call", PUBLIC_CALLS.values(), ids=PUBLIC_CALLS.keys())
@pytest.mark.parametrize(
    "code",
    ["AAAAAA", "", "ACD", "ACDEFGH", "ACDEF0", "BBBBBB", "ÀCDEFG", "x" * 1000, None, 123456],
    ids=[
        "absent",
        "empty",
        "short",
        "long",
        "zero",
        "ambiguous",
        "accent",
        "huge",
        "none",
        "int",
    ],
)
def test_unknown_or_malformed_codes(
    store: WorkshopStore, call: Callable[[WorkshopStore, object], object], code: object
) -> None:
    with pytest.raises(UnknownSession) as info:
        call(store, code)
    assert info.value.code == "unknown_session"


def test_deleted_session_is_gone_with_its_answers(
    store: WorkshopStore, session: CreatedSession, engine: Engine
) -> None:
    other = store.create_session("Keep me", "en")
    for _ in range(3):
        store.submit(session.info.code, token(), {"q_use": "x"})
    store.submit(other.info.code, token(), {"q_use": "y"})
    store.delete(session.info.code, session.secret)
    with pytest.raises(UnknownSession):
        store.get_session(session.info.code)
    assert submission_rows(engine, session.info.code) == []
    assert store.count(other.info.code) == 1
    with pytest.raises(UnknownSession):
        store.delete(session.info.code, session.secret)


# --------------------------------------------------------------------------- retention


@pytest.mark.parametrize(("days", "purged"), [(29, 0), (31, 1)])
def test_purge_expired(
    store: WorkshopStore,
    session: CreatedSession,
    clock: Clock,
    engine: Engine,
    days: int,
    purged: int,
) -> None:
    store.submit(session.info.code, token(), {"q_use": "x"})
    clock.advance(days=days)
    fresh = store.create_session("Fresh", "en")
    store.submit(fresh.info.code, token(), {"q_use": "y"})
    assert store.purge_expired() == purged
    assert store.count(fresh.info.code) == 1
    assert len(submission_rows(engine, session.info.code)) == 1 - purged
    if purged:
        with pytest.raises(UnknownSession):
            store.get_session(session.info.code)
    else:
        assert store.get_session(session.info.code) == session.info


def test_expired_session_is_unknown_before_the_purge(
    store: WorkshopStore, session: CreatedSession, clock: Clock
) -> None:
    clock.advance(days=31)
    for call in PUBLIC_CALLS.values():
        with pytest.raises(UnknownSession):
            call(store, session.info.code)
    with pytest.raises(UnknownSession):
        store.check_secret(session.info.code, session.secret)


@pytest.mark.parametrize("days", [0, -1])
def test_retention_must_be_positive(engine: Engine, days: int) -> None:
    with pytest.raises(ValueError, match="retention_days"):
        WorkshopStore(engine, retention_days=days)


# --------------------------------------------------------------------------- schema and engine


def test_init_schema_twice_is_harmless(store: WorkshopStore, session: CreatedSession) -> None:
    store.submit(session.info.code, token(), {"q_use": "x"})
    store.init_schema()
    store.init_schema()
    assert store.count(session.info.code) == 1


def test_init_schema_from_several_replicas_at_once(engine: Engine) -> None:
    replicas = [WorkshopStore(engine) for _ in range(4)]
    assert run_together(4, lambda i: replicas[i].init_schema()) == []
    created = replicas[0].create_session("After", "en")
    assert replicas[3].get_session(created.info.code) == created.info


def test_missing_schema_is_reported_as_unavailable(engine: Engine) -> None:
    with pytest.raises(StoreUnavailable) as info:
        WorkshopStore(engine).get_session("AAAAAA")
    assert "workshop_sessions" in str(info.value)


def test_sqlite_engine_settings(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a' / 'b' / 'w.sqlite3'}")
    try:
        with engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys")
            }
        busy = SQLITE_BUSY_TIMEOUT_S * 1000
        assert pragma == {"journal_mode": "wal", "busy_timeout": busy, "foreign_keys": 1}
        assert (tmp_path / "a" / "b" / "w.sqlite3").exists()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:pw@db.example:5432/app",
        "postgres://u:pw@db.example:5432/app",
        "postgresql+psycopg://u:pw@db.example:5432/app",
    ],
)
def test_postgres_urls_use_psycopg(url: str) -> None:
    engine = make_engine(url)
    assert engine.url.drivername == "postgresql+psycopg"
    assert engine.url.host == "db.example"
    # No pre-ping: it would run outside the call's deadline (see test_a_frozen_server_*).
    assert not engine.pool._pre_ping  # type: ignore[attr-defined]
    assert engine.pool._recycle == 1800  # type: ignore[attr-defined]


def test_default_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADOPTION_DATABASE_URL", raising=False)
    root = ROOT
    assert default_database_url() == f"sqlite:///{(root / 'var' / 'workshop.sqlite3').as_posix()}"
    assert (root / "pyproject.toml").exists()
    monkeypatch.setenv("ADOPTION_DATABASE_URL", "postgresql://u@h/db")
    assert default_database_url() == "postgresql://u@h/db"


def test_default_engine_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADOPTION_DATABASE_URL", f"sqlite:///{tmp_path / 'env' / 'w.sqlite3'}")
    engine = make_engine()
    try:
        WorkshopStore(engine).init_schema()
        assert (tmp_path / "env" / "w.sqlite3").exists()
    finally:
        engine.dispose()


UNAVAILABLE_CALLS: dict[str, Callable[[WorkshopStore], object]] = {
    "init_schema": lambda s: s.init_schema(),
    "create_session": lambda s: s.create_session("T", "en"),
    "purge_expired": lambda s: s.purge_expired(),
    **{name: (lambda s, call=call: call(s, "ACDEFG")) for name, call in PUBLIC_CALLS.items()},
}


@pytest.mark.parametrize("call", UNAVAILABLE_CALLS.values(), ids=UNAVAILABLE_CALLS.keys())
def test_unreachable_database(call: Callable[[WorkshopStore], object]) -> None:
    engine = make_engine(UNREACHABLE_URL)
    try:
        with pytest.raises(StoreUnavailable) as info:
            call(WorkshopStore(engine))
    finally:
        engine.dispose()
    message = str(info.value)
    assert "hunter2" not in message and "hunter2" not in repr(info.value)
    assert "cannot be reached" in message
    assert "postgresql+psycopg://nobody:***@127.0.0.1:1/x" in message
    assert info.value.code == "store_unavailable"
    assert isinstance(info.value, StoreError)


def test_sqlite_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreUnavailable) as info:
        make_engine(f"sqlite:///{blocker / 'sub' / 'workshop.sqlite3'}")
    assert "cannot be created" in str(info.value)


def test_sqlite_file_that_cannot_be_opened(tmp_path: Path) -> None:
    # The folder exists but the database path is itself a folder.
    (tmp_path / "db.sqlite3").mkdir()
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with pytest.raises(StoreUnavailable, match="cannot be reached"):
            WorkshopStore(engine).init_schema()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "nosuchdb://u:hunter2@h/db",
        "postgresql+nosuchdriver://u:hunter2@h/db",
        "postgresql+psycopg://u:hunter2@h:notaport/db",
    ],
)
def test_bad_urls_are_unavailable_without_password(url: str) -> None:
    with pytest.raises(StoreUnavailable) as info:
        make_engine(url)
    assert "hunter2" not in str(info.value)


# --------------------------------------------------------------------------- concurrency


def test_fifty_participants_at_once(
    store: WorkshopStore, session: CreatedSession, engine: Engine
) -> None:
    people = [token() for _ in range(50)]
    errors = run_together(
        50, lambda i: store.submit(session.info.code, people[i], {"q_use": str(i)})
    )
    assert errors == []
    rows = submission_rows(engine, session.info.code)
    assert len(rows) == 50
    assert sorted(row.participant for row in rows) == sorted(people)
    assert store.count(session.info.code) == 50
    assert {row.revision for row in rows} == {1}


def test_one_participant_from_ten_threads(
    store: WorkshopStore, session: CreatedSession, engine: Engine
) -> None:
    person = token()
    errors = run_together(10, lambda i: store.submit(session.info.code, person, {"q_use": str(i)}))
    assert errors == []
    rows = submission_rows(engine, session.info.code)
    assert len(rows) == 1
    assert rows[0].revision == 10
    assert store.count(session.info.code) == 1


def test_close_while_participants_submit(store: WorkshopStore, session: CreatedSession) -> None:
    """Every submit either lands before the close or is refused: none is lost silently."""
    people = [token() for _ in range(20)]
    accepted: list[str] = []

    def work(i: int) -> None:
        if i == 20:
            store.close(session.info.code, session.secret)
            return
        try:
            store.submit(session.info.code, people[i], {"q_use": "x"})
        except SessionClosed:
            return
        accepted.append(people[i])

    assert run_together(21, work) == []
    room = store.room_answers(session.info.code, session.secret)
    assert sorted(s.participant for s in room) == sorted(accepted)


def test_sqlite_writer_waits_for_a_held_lock(tmp_path: Path) -> None:
    """A write lock held elsewhere (a backup, another process) delays a submit, no error."""
    path = tmp_path / "w.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        workshop = WorkshopStore(engine)
        workshop.init_schema()
        created = workshop.create_session("Locked", "en")
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.5, other.commit)
        release.start()
        try:
            sub = workshop.submit(created.info.code, token(), {"q": "x"})
        finally:
            release.join()
            other.close()
        assert sub.revision == 1
        assert workshop.count(created.info.code) == 1
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- join codes

sloppy_separators = st.lists(
    st.sampled_from([" ", "-", "  ", "\t", "–", "\u00a0", "_", "."]), max_size=2
).map("".join)


@given(
    chars=st.lists(st.sampled_from(CODE_ALPHABET), min_size=CODE_LENGTH, max_size=CODE_LENGTH),
    lower=st.lists(st.booleans(), min_size=CODE_LENGTH, max_size=CODE_LENGTH),
    gaps=st.lists(sloppy_separators, min_size=CODE_LENGTH + 1, max_size=CODE_LENGTH + 1),
)
def test_sloppy_codes_normalise_back(chars: list[str], lower: list[bool], gaps: list[str]) -> None:
    code = "".join(chars)
    typed = gaps[0] + "".join(
        (ch.lower() if low else ch) + gap
        for ch, low, gap in zip(chars, lower, gaps[1:], strict=True)
    )
    assert normalize_code(typed) == code


def test_generated_codes_round_trip_and_avoid_ambiguous_characters() -> None:
    codes = {generate_code() for _ in range(2000)}
    assert len(codes) > 1990  # 23**6 possible codes: collisions are rare
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert not AMBIGUOUS & set(code)
        assert normalize_code(code) == code
        assert normalize_code(f" {code.lower()[:3]}-{code[3:]} ") == code


@given(st.text(max_size=12))
def test_normaliser_output_is_always_a_valid_code(raw: str) -> None:
    try:
        code = normalize_code(raw)
    except UnknownSession:
        return
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)


def test_alphabet_has_no_ambiguous_characters() -> None:
    assert not AMBIGUOUS & set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)


# --------------------------------------------------------------------------- connection settings


@pytest.mark.parametrize(
    ("settings", "url"),
    [
        ({"url": " postgresql://u:p@db:5432/w "}, "postgresql://u:p@db:5432/w"),
        ({"url": "sqlite:///x.db", "dialect": "postgresql"}, "sqlite:///x.db"),
        (
            {"dialect": "postgresql", "host": "db", "port": 5433, "database": "w",
             "username": "u", "password": "p@ss"},
            "postgresql://u:p%40ss@db:5433/w",
        ),
        (
            {"dialect": "postgresql", "driver": "psycopg", "host": "db", "username": "u",
             "port": "5432", "query": {"sslmode": "require"}},
            "postgresql+psycopg://u@db:5432?sslmode=require",
        ),
        ({"dialect": "sqlite", "database": "/srv/w.sqlite3"}, "sqlite:////srv/w.sqlite3"),
        ({}, None),
        ({"host": "db"}, None),
        ({"url": "  "}, None),
    ],
)  # fmt: skip
def test_url_from_connection_reads_st_connection_keys(
    settings: dict[str, object], url: str | None
) -> None:
    assert url_from_connection(settings) == url


def test_url_from_connection_refuses_bad_keys_without_the_password() -> None:
    with pytest.raises(StoreUnavailable) as info:
        url_from_connection({"dialect": "postgresql", "port": "x", "password": "hunter2"})
    assert "hunter2" not in str(info.value)


# --------------------------------------------------------------------------- limits and outages


def test_postgres_engines_carry_time_limits_and_a_name() -> None:
    engine = make_engine("postgresql://u:pw@db.example/app?options=-csearch_path%3Dx")
    engine.dispose()
    settings = store_module.engine._postgres_args(engine.url, {"application_name": "mine"})
    assert settings["connect_timeout"] == store_module.engine.CONNECT_TIMEOUT_S
    assert "application_name" not in settings, "a name the caller gives is kept"
    options = store_module.engine._postgres_options(engine.url, {})
    assert options.startswith("-csearch_path=x"), "the URL's own options come first"
    assert f"-c statement_timeout={store_module.engine.STATEMENT_TIMEOUT_MS}" in options
    assert f"-c lock_timeout={store_module.engine.LOCK_TIMEOUT_MS}" in options
    kept = store_module.engine._postgres_options(engine.url, {"options": "-c lock_timeout=1"})
    assert kept.count("lock_timeout") == 1


@pytest.mark.parametrize("url", ["postgresql://u@db.example/app", "sqlite:///{tmp}/w.sqlite3"])
def test_every_engine_has_a_bounded_pool(url: str, tmp_path: Path) -> None:
    engine = make_engine(url.format(tmp=tmp_path))
    try:
        pool = engine.pool
        assert pool.size() == store_module.engine.POOL_SIZE  # type: ignore[attr-defined]
        assert pool._max_overflow == store_module.engine.POOL_OVERFLOW  # type: ignore[attr-defined]
        assert pool._timeout == store_module.engine.POOL_TIMEOUT_S  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_shared_store_is_one_engine_per_url_disposed_when_replaced(tmp_path: Path) -> None:
    from adoption.store import shared

    shared.dispose_all()
    urls = [f"sqlite:///{tmp_path / f'w{i}.sqlite3'}" for i in range(shared.MAX_ENGINES + 1)]
    first = shared.shared_store(urls[0], retention_days=30)
    assert shared.shared_store(urls[0], retention_days=30) is first
    assert shared.shared_store(urls[0], retention_days=7)._db.engine is first._db.engine
    disposed: list[Engine] = []
    sa.event.listen(first._db.engine, "engine_disposed", disposed.append)
    for url in urls[1:]:
        shared.shared_store(url, retention_days=30)
    assert shared.engine_count() == shared.MAX_ENGINES
    assert disposed == [first._db.engine], "the replaced engine is closed, not dropped"
    shared.dispose_all()
    assert shared.engine_count() == 0


def test_a_failing_score_backfill_never_closes_the_room(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Scoring old answers is best effort: a scorer that fails is logged, and the store
    opens and takes answers as usual."""
    from adoption.store import shared

    shared.dispose_all()
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = WorkshopStore(make_engine(url))
    old.init_schema()
    created = old.create_session("Avant", "fr")
    old.submit(created.info.code, token(), {"q_use": "yes"})  # no scores

    def broken(_answers: Mapping[str, str], _asked: Sequence[str]) -> dict[str, float]:
        raise ValueError("a questionnaire that cannot score")

    with caplog.at_level("ERROR", logger="adoption.store"):
        opened = shared.shared_store(url, retention_days=30, scorer=broken)
    assert "Scoring answers stored without scores failed" in caplog.text
    opened.submit(created.info.code, token(), {"q_use": "no"}, scores={"usage": 0.0})
    assert opened.count(created.info.code) == 2
    shared.dispose_all()


def test_shared_store_does_not_hammer_a_database_that_is_down() -> None:
    from adoption.store import shared

    shared.dispose_all()
    attempts: list[float] = []
    real = WorkshopStore.init_schema

    def counted(self: WorkshopStore) -> None:
        attempts.append(1)
        real(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WorkshopStore, "init_schema", counted)
        for _ in range(20):
            with pytest.raises(StoreUnavailable):
                shared.shared_store(UNREACHABLE_URL, retention_days=30)
    assert len(attempts) == 1, "calls within RETRY_AFTER_S fail at once with the same error"
    shared.dispose_all()


def test_an_outage_is_logged_once_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine(UNREACHABLE_URL)
    workshop = WorkshopStore(engine)
    try:
        with caplog.at_level("WARNING", logger="adoption.store"):
            for _ in range(3):
                with pytest.raises(StoreUnavailable):
                    workshop.count("ACDEFG")
    finally:
        engine.dispose()
    records = [r for r in caplog.records if r.name == "adoption.store"]
    assert len(records) == 1, "repeats within LOG_EVERY_S are counted, not logged"
    message = records[0].getMessage()
    assert "127.0.0.1:1" in message and "hunter2" not in message


@pytest.mark.slow  # waits out the time limit on purpose
def test_a_frozen_database_answers_within_the_time_limit(
    store: WorkshopStore, session: CreatedSession, engine: Engine
) -> None:
    release = hold_lock(engine, engine.dialect.name)
    started = time.monotonic()
    try:
        with pytest.raises(StoreUnavailable):
            store.submit(session.info.code, token(), {"q_use": "x"})
    finally:
        waited = time.monotonic() - started
        release()
    limit = max(store_module.engine.LOCK_TIMEOUT_MS / 1000, SQLITE_BUSY_TIMEOUT_S)
    assert waited < limit + 2, f"waited {waited:.1f} s"
    assert store.count(session.info.code) == 0
    store.submit(session.info.code, token(), {"q_use": "x"})  # and works once released


@pytest.fixture
def behind_proxy(pg_admin: Engine) -> Iterator[tuple[WorkshopStore, FreezableProxy, Engine]]:
    """A store on PostgreSQL through a TCP proxy the test can freeze."""
    with pg_schema(pg_admin, "test_frozen") as schema, freezable_proxy() as proxy:
        url = sa.make_url(PG_URL).set(port=proxy.port)
        eng = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
        shop = WorkshopStore(eng)
        shop.init_schema()
        try:
            yield shop, proxy, eng
        finally:
            eng.dispose()


@pytest.mark.slow  # waits out the call's deadline on purpose
@pytest.mark.postgres
def test_a_frozen_server_answers_every_waiting_caller_within_the_deadline(
    behind_proxy: tuple[WorkshopStore, FreezableProxy, Engine],
) -> None:
    """A server that accepts and acknowledges but never answers (SIGSTOP, a black hole):
    12 participants sending at once, more than the pool holds, are each told within the
    deadline plus the pool's wait; nothing is stored twice once the server is back."""
    shop, proxy, _ = behind_proxy
    created = shop.create_session("Frozen", "en")
    code = created.info.code
    people = [token() for _ in range(12)]
    shop.submit(code, people[0], {"q_use": "before"})  # pooled connections exist
    proxy.freeze()
    took: list[float] = [0.0] * 12

    def send(i: int) -> None:
        started = time.monotonic()
        try:
            shop.submit(code, people[i], {"q_use": "during"})
        finally:
            took[i] = time.monotonic() - started

    errors = run_together(12, send)
    assert len(errors) == 12 and all(isinstance(e, StoreUnavailable) for e in errors)
    limit = store_module.engine.CALL_DEADLINE_S + store_module.engine.POOL_TIMEOUT_S
    assert max(took) < limit + 1, sorted(round(t, 1) for t in took)
    assert any("not answering" in str(e) for e in errors)
    proxy.thaw()
    shop.submit(code, people[1], {"q_use": "after"})
    answers = {s.participant: s.answers for s in shop.room_answers(code, created.secret)}
    assert answers == {people[0]: {"q_use": "before"}, people[1]: {"q_use": "after"}}


@pytest.mark.postgres
def test_pooled_connections_the_server_dropped_are_replaced_without_an_error(
    pg_admin: Engine,
) -> None:
    """The server restarted (its connections were terminated): the next call is stored, on
    a new connection, with no error shown to anyone."""
    name = f"adoption-test-{secrets.token_hex(4)}"  # only this test's connections are ended
    with pg_schema(pg_admin, "test_dropped") as schema:
        eng = make_engine(
            PG_URL, connect_args={"options": f"-csearch_path={schema}", "application_name": name}
        )
        try:
            shop = WorkshopStore(eng)
            shop.init_schema()
            created = shop.create_session("Restart", "en")
            shop.submit(created.info.code, token(), {"q_use": "a"})
            with pg_admin.connect() as conn:
                ended = conn.execute(
                    sa.text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE application_name = :name"
                    ),
                    {"name": name},
                ).scalar_one()
            assert ended >= 1
            shop.submit(created.info.code, token(), {"q_use": "b"})
            assert shop.count(created.info.code) == 2
        finally:
            eng.dispose()


# --------------------------------------------------------------------------- honest rooms


def admitted(store: WorkshopStore, created: CreatedSession) -> str:
    """A new device that joined from the session's projected code (a capped session's seats
    are for those, see test_store_admissions.py)."""
    device = token()
    assert store.admit(
        created.info.code, device, store.join_token(created.info.code, created.secret)
    )
    return device


def test_a_capped_session_refuses_new_devices_and_counts_them(store: WorkshopStore) -> None:
    created = store.create_session("Capped", "en", capacity=2)
    code = created.info.code
    assert created.info.capacity == 2
    first, second = admitted(store, created), admitted(store, created)
    store.submit(code, first, {"q_use": "a"})
    store.submit(code, second, {"q_use": "b"})
    for _ in range(3):
        with pytest.raises(SessionFull):
            store.submit(code, admitted(store, created), {"q_use": "c"})
    assert store.submit(code, first, {"q_use": "z"}).revision == 2, "a device in may change"
    info = store.get_session(code)
    assert (store.count(code), info.refused_full) == (2, 3)
    assert store.set_capacity(code, created.secret, 3).capacity == 3
    store.submit(code, admitted(store, created), {"q_use": "c"})
    assert store.count(code) == 3
    assert store.set_capacity(code, created.secret, None).capacity is None
    with pytest.raises(Forbidden):
        store.set_capacity(code, "forged", 1)


def test_concurrent_new_devices_never_exceed_the_cap(store: WorkshopStore, engine: Engine) -> None:
    created = store.create_session("Race", "en", capacity=10)
    people = [admitted(store, created) for _ in range(25)]
    errors = run_together(25, lambda i: store.submit(created.info.code, people[i], {"q_use": "x"}))
    assert len(errors) == 15 and all(isinstance(e, SessionFull) for e in errors)
    assert len(submission_rows(engine, created.info.code)) == 10
    assert store.get_session(created.info.code).refused_full == 15


@pytest.mark.parametrize("capacity", [0, -1, 1001, 2.5, "10", True])
def test_bad_capacities_are_refused(store: WorkshopStore, capacity: object) -> None:
    with pytest.raises(InvalidInput) as info:
        store.create_session("T", "en", capacity=capacity)  # type: ignore[arg-type]
    assert info.value.field == "capacity"


def pool_column(engine: Engine, code: str) -> object:
    table = store_module.sessions_table
    with engine.connect() as conn:
        query = sa.select(table.c.pool_allowed).where(table.c.code == code)
        return conn.execute(query).scalar_one()


def test_the_pool_is_allowed_only_by_the_facilitator(store: WorkshopStore, engine: Engine) -> None:
    plain = store.create_session("Sans pool", "fr")
    assert plain.info.pool_allowed is False and pool_column(engine, plain.info.code) == 0
    assert store.get_session(plain.info.code).pool_allowed is False
    allowed = store.create_session("Avec pool", "fr", pool_allowed=True)
    code = allowed.info.code
    assert allowed.info.pool_allowed is True and pool_column(engine, code) == 1
    assert store.get_session(code) == allowed.info
    assert store.set_pool_allowed(code, allowed.secret, False).pool_allowed is False
    assert pool_column(engine, code) == 0
    for forged in ("forged", plain.secret, ""):
        with pytest.raises(Forbidden):
            store.set_pool_allowed(code, forged, True)
    assert pool_column(engine, code) == 0, "a wrong key changed nothing"
    assert store.set_pool_allowed(code, allowed.secret, True).pool_allowed is True
    assert store.get_session(code).pool_allowed is True
    assert pool_column(engine, plain.info.code) == 0, "the other session is untouched"


@pytest.mark.parametrize("allowed", [1, 0, "yes", None])
def test_the_pools_consent_must_be_a_bool(store: WorkshopStore, allowed: object) -> None:
    with pytest.raises(InvalidInput) as info:
        store.create_session("T", "en", pool_allowed=allowed)  # type: ignore[arg-type]
    assert info.value.field == "pool_allowed"
    created = store.create_session("T", "en")
    with pytest.raises(InvalidInput):
        store.set_pool_allowed(created.info.code, created.secret, allowed)  # type: ignore[arg-type]
    assert store.get_session(created.info.code).pool_allowed is False


def test_room_scores_give_each_participant_s_pillars_and_no_token(store: WorkshopStore) -> None:
    created = store.create_session("Scores", "en")
    code, people = created.info.code, [token() for _ in range(3)]
    store.submit(code, people[0], {"q_use": "a"}, scores={"strategy": 40.0, "usage": 60.0})
    store.submit(code, people[1], {"q_use": "b"}, scores={"strategy": 80.0})
    store.submit(code, people[2], {"q_use": "c"})  # no score: not in
    scores = store.room_scores(code, created.secret)
    assert sorted(scores, key=len) == [{"strategy": 80.0}, {"strategy": 40.0, "usage": 60.0}]
    assert not any(person in repr(scores) for person in people)


def test_a_session_keeps_the_room_country_its_facilitator_set(store: WorkshopStore) -> None:
    created = store.create_session("Lyon", "fr", country="FR")
    assert created.info.country == "FR"
    assert store.get_session(created.info.code).country == "FR"
    assert store.get_session(store.create_session("Anywhere", "en").info.code).country is None
    assert store.create_session("Blank", "en", country="").info.country is None


@pytest.mark.parametrize("country", ["fr", "FRA", "F", "EU27_2020", 33, "F1"])
def test_bad_countries_are_refused(store: WorkshopStore, country: object) -> None:
    with pytest.raises(InvalidInput) as info:
        store.create_session("T", "en", country=country)  # type: ignore[arg-type]
    assert info.value.field == "country"


def test_refusals_are_counted_for_the_projector(
    store: WorkshopStore, session: CreatedSession
) -> None:
    store.add_refusals(session.info.code, throttled=4)
    store.add_refusals(session.info.code, full=1, throttled=2)
    info = store.get_session(session.info.code)
    assert (info.refused_full, info.refused_throttled) == (1, 6)


def test_participant_view_reads_session_and_own_answers_together(
    store: WorkshopStore, session: CreatedSession
) -> None:
    me = token()
    info, mine = store.participant_view(session.info.code, me)
    assert info == session.info and mine is None
    store.submit(session.info.code, me, {"q_use": "x"})
    info, mine = store.participant_view(session.info.code, me)
    assert mine is not None and mine.answers == {"q_use": "x"}
    with pytest.raises(UnknownSession):
        store.participant_view("QQQQQQ", me)


# --------------------------------------------------------------------------- room tally


def test_tally_counts_answers_and_averages_scores(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code, secret = session.info.code, session.secret
    people = [token() for _ in range(4)]
    store.submit(code, people[0], {"q_use": "yes", "q_budget": "up"}, scores={"use": 100.0})
    store.submit(code, people[1], {"q_use": "yes"}, scores={"use": 50.0, "skills": 20.0})
    store.submit(code, people[2], {"q_use": "no"}, scores={"use": 0.0})
    store.submit(code, people[3], {"q_budget": "down"})
    room = store.tally(code, secret)
    assert room.info == store.get_session(code)
    assert room.respondents == 4
    assert room.counts == {"q_use": {"yes": 2, "no": 1}, "q_budget": {"up": 1, "down": 1}}
    assert room.pillars == {"use": (50.0, 3), "skills": (20.0, 1)}
    assert room.scored == 3


def test_the_tally_groups_the_profiles_the_room_gave(
    store: WorkshopStore, session: CreatedSession
) -> None:
    """Who the room is (for the figure each slide picks): each distinct profile once, with
    how many gave it; a changed profile moves, as a changed answer does."""
    code, secret = session.info.code, session.secret
    small = {"size_class": "10-19", "country": "FR"}
    store.submit(code, token(), {"q_use": "yes"}, profile=small)
    store.submit(code, token(), {"q_use": "no"}, profile=small)
    mover = token()
    store.submit(code, mover, {}, profile={"size_class": "250-4999"})
    store.submit(code, mover, {}, profile={"size_class": "50-249", "sector": "trade"})
    store.submit(code, token(), {"q_use": "no"})
    room = store.tally(code, secret)
    assert room.respondents == 4
    assert sorted(room.profiles, key=lambda p: sorted(p[0].items())) == [
        ({}, 1),
        ({"country": "FR", "size_class": "10-19"}, 2),
        ({"sector": "trade", "size_class": "50-249"}, 1),
    ]


def test_a_changed_answer_moves_in_the_tally_and_a_resend_changes_nothing(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code, secret, person = session.info.code, session.secret, token()
    store.submit(code, person, {"q_use": "yes", "q_budget": "up"}, scores={"use": 80.0})
    store.submit(code, person, {"q_use": "no"}, scores={"use": 10.0})
    store.submit(code, person, {"q_use": "no"}, scores={"use": 10.0})  # the same, sent again
    room = store.tally(code, secret)
    assert room.respondents == 1
    assert room.counts == {"q_use": {"no": 1}}
    assert room.pillars == {"use": (10.0, 1)}


def test_the_tally_is_for_the_facilitator_only(
    store: WorkshopStore, session: CreatedSession
) -> None:
    with pytest.raises(Forbidden):
        store.tally(session.info.code, "not-the-secret")


@pytest.mark.parametrize("scores", [{"use": 101.0}, {"use": -1}, {"use": "high"}, {"": 3.0}])
def test_bad_scores_are_refused(
    store: WorkshopStore, session: CreatedSession, scores: dict[str, object]
) -> None:
    with pytest.raises(InvalidInput):
        store.submit(session.info.code, token(), {"q_use": "yes"}, scores=scores)  # type: ignore[arg-type]
    assert store.count(session.info.code) == 0, "nothing half-stored"


def test_deleting_a_session_removes_its_counts(
    engine: Engine, store: WorkshopStore, session: CreatedSession
) -> None:
    store.submit(session.info.code, token(), {"q_use": "yes"}, scores={"use": 1.0})
    store.delete(session.info.code, session.secret)
    with engine.connect() as conn:
        for table in (answers_table, scores_table):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0


def test_fifty_sends_at_once_are_each_counted_once(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    people = [token() for _ in range(50)]

    def send(i: int) -> None:
        answer = "yes" if i % 5 else "no"
        store.submit(code, people[i], {"q_use": answer}, scores={"use": float(i)})
        store.submit(code, people[i], {"q_use": answer}, scores={"use": float(i)})

    assert run_together(50, send) == []
    room = store.tally(code, session.secret)
    assert room.respondents == 50
    assert room.counts == {"q_use": {"yes": 40, "no": 10}}
    assert room.pillars["use"] == (pytest.approx(24.5), 50)


def test_the_slide_is_kept_for_the_projector(store: WorkshopStore, session: CreatedSession) -> None:
    assert (session.info.slide, session.info.revealed) == (0, False)
    moved = store.set_slide(session.info.code, session.secret, 3, True)
    assert (moved.slide, moved.revealed) == (3, True)
    assert store.get_session(session.info.code).slide == 3
    with pytest.raises(Forbidden):
        store.set_slide(session.info.code, "wrong", 1, False)
    for bad in (-1, 10_000, True):
        with pytest.raises(InvalidInput):
            store.set_slide(session.info.code, session.secret, bad, False)  # type: ignore[arg-type]


def test_answers_stored_without_scores_are_scored_once(engine: Engine) -> None:
    """Answers an older version stored without pillar scores get them from a scorer, with
    the session's own question list, so the room's averages include them; a second pass,
    or a submission that scores nothing, adds nothing."""
    shop = WorkshopStore(engine)
    shop.init_schema()
    created = shop.create_session("Before scores", "en", ["q_use", "q_budget"])
    code, secret = created.info.code, created.secret
    for answer in ("yes", "yes", "no"):
        shop.submit(code, token(), {"q_use": answer})  # no scores, as before
    shop.submit(code, token(), {"q_budget": "none"})  # scores nothing below
    shop.submit(code, token(), {"q_use": "yes"}, scores={"usage": 50.0})  # already scored
    seen: list[tuple[dict[str, str], tuple[str, ...]]] = []

    def scorer(answers: Mapping[str, str], asked: Sequence[str]) -> dict[str, float]:
        seen.append((dict(answers), tuple(asked)))
        return (
            {"usage": 100.0}
            if answers.get("q_use") == "yes"
            else ({"usage": 0.0} if "q_use" in answers else {})
        )

    assert shop.backfill_scores(scorer) == 3
    assert {asked for _answers, asked in seen} == {("q_use", "q_budget")}
    assert len(seen) == 4, "the scored submission is left alone"
    room = shop.tally(code, secret)
    assert room.scored == 4
    mean, n = room.pillars["usage"]
    assert n == 4 and mean == pytest.approx((100 + 100 + 0 + 50) / 4)
    seen.clear()
    assert shop.backfill_scores(scorer) == 0
    assert len(seen) == 1, "only the submission that scores nothing is looked at again"
    assert shop.tally(code, secret).pillars["usage"] == (mean, 4)


room_sends = st.lists(
    st.tuples(
        st.integers(0, 3),  # which of four phones sends
        st.dictionaries(
            st.sampled_from(["q_use", "q_budget", "q_kpi"]),
            st.sampled_from(["yes", "no", "maybe"]),
            max_size=3,
        ),
        st.dictionaries(
            st.sampled_from(["usage", "strategy"]),
            st.floats(0, 100, allow_nan=False),
            max_size=2,
        ),
    ),
    max_size=10,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sends=room_sends)
def test_the_room_is_what_each_phone_sent_last(
    store: WorkshopStore, sends: list[tuple[int, dict[str, str], dict[str, float]]]
) -> None:
    """Whatever the phones send, resend or change, the room's answers, counts and averages
    are those of each phone's last send, counted once."""
    created = store.create_session("Tally", "fr")
    code, secret = created.info.code, created.secret
    phones = [token() for _ in range(4)]
    last: dict[str, tuple[dict[str, str], dict[str, float]]] = {}
    for phone, answers, scores in sends:
        store.submit(code, phones[phone], answers, scores=scores)
        last[phones[phone]] = (answers, scores)
    counts: dict[str, dict[str, int]] = {}
    values: dict[str, list[float]] = {}
    for answers, scores in last.values():
        for question, answer in answers.items():
            counts.setdefault(question, {}).setdefault(answer, 0)
            counts[question][answer] += 1
        for pillar, value in scores.items():
            values.setdefault(pillar, []).append(value)
    room = store.tally(code, secret)
    assert room.respondents == len(last)
    assert room.counts == counts
    assert room.pillars == {
        pillar: (pytest.approx(sum(v) / len(v), abs=1e-9), len(v)) for pillar, v in values.items()
    }
    assert room.scored == sum(1 for _answers, scores in last.values() if scores)
    sent = {s.participant: s.answers for s in store.room_answers(code, secret)}
    assert sent == {phone: answers for phone, (answers, _scores) in last.items()}


# --------------------------------------------------------------------------- schema versions

# The layouts older versions of the app created, as their SQL spelled them, frozen here:
# the migrations must upgrade exactly these. ``{ts}`` and ``{serial}`` are the column types
# SQLAlchemy chose on each back end.
_SESSIONS = """CREATE TABLE workshop_sessions (
    code VARCHAR(6) NOT NULL, title VARCHAR(120) NOT NULL, lang VARCHAR(2) NOT NULL,
    question_ids TEXT NOT NULL, secret_hash VARCHAR(64) NOT NULL, status VARCHAR(6) NOT NULL,
    created_at {ts} NOT NULL, closed_at {ts},{later}
    PRIMARY KEY (code),
    CONSTRAINT ck_workshop_sessions_status CHECK (status IN ('open', 'closed')),
    CONSTRAINT ck_workshop_sessions_lang CHECK (lang IN ('fr', 'en'))
)"""
_LATER_SESSION_COLUMNS = """
    capacity INTEGER, refused_full INTEGER DEFAULT '0' NOT NULL,
    refused_throttled INTEGER DEFAULT '0' NOT NULL, slide INTEGER DEFAULT '0' NOT NULL,
    revealed INTEGER DEFAULT '0' NOT NULL,"""
_SESSIONS_INDEX = "CREATE INDEX ix_workshop_sessions_created_at ON workshop_sessions (created_at)"
_SUBMISSIONS = """CREATE TABLE workshop_submissions (
    id {serial} NOT NULL, session_code VARCHAR(6) NOT NULL, participant VARCHAR(64) NOT NULL,
    answers TEXT NOT NULL, profile TEXT NOT NULL, submitted_at {ts} NOT NULL,
    updated_at {ts} NOT NULL, revision INTEGER NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_workshop_submissions_participant UNIQUE (session_code, participant),
    FOREIGN KEY(session_code) REFERENCES workshop_sessions (code) ON DELETE CASCADE
)"""
_PER_SESSION = "FOREIGN KEY(session_code) REFERENCES workshop_sessions (code) ON DELETE CASCADE"
_ROWS = (
    f"""CREATE TABLE workshop_answers (
    session_code VARCHAR(6) NOT NULL, participant VARCHAR(64) NOT NULL,
    question_id VARCHAR(40) NOT NULL, answer VARCHAR(40) NOT NULL,
    PRIMARY KEY (session_code, participant, question_id), {_PER_SESSION})""",
    f"""CREATE TABLE workshop_scores (
    session_code VARCHAR(6) NOT NULL, participant VARCHAR(64) NOT NULL,
    pillar VARCHAR(40) NOT NULL, value FLOAT NOT NULL,
    PRIMARY KEY (session_code, participant, pillar), {_PER_SESSION})""",
    f"""CREATE TABLE workshop_counts (
    session_code VARCHAR(6) NOT NULL, question_id VARCHAR(40) NOT NULL,
    answer VARCHAR(40) NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (session_code, question_id, answer), {_PER_SESSION})""",
    f"""CREATE TABLE workshop_pillar_sums (
    session_code VARCHAR(6) NOT NULL, pillar VARCHAR(40) NOT NULL, total FLOAT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (session_code, pillar), {_PER_SESSION})""",
)
LAYOUTS = {
    # 09c2fbe: sessions and submissions, each submission's answers as JSON.
    "first release": (_SESSIONS.replace("{later}", ""), _SESSIONS_INDEX, _SUBMISSIONS),
    # f3265e8 to this change: the answers three ways (JSON, rows, counts), two score tables.
    "before versions": (
        _SESSIONS.replace("{later}", _LATER_SESSION_COLUMNS),
        _SESSIONS_INDEX,
        _SUBMISSIONS,
        *_ROWS,
    ),
}
OLD_CODE, OLD_SECRET = "ACDEFG", "the facilitator's secret"
# What the room had sent: participant → (answers, profile, scores, revision).
OLD_ROOM = {
    "p" * 22: ({"q_budget": "up", "q_use": "yes"}, {"size_class": "10-19"}, {"usage": 80.0}, 2),
    "q" * 22: ({"q_use": "yes"}, {}, {"strategy": 10.0, "usage": 40.0}, 1),
    "r" * 22: ({"q_use": "no"}, {"country": "FR"}, {}, 3),
    "s" * 22: ({}, {}, {}, 1),
}


def old_database(engine: Engine, layout: str) -> None:
    """A database as ``layout``'s version left it, holding :data:`OLD_ROOM` as that
    version wrote it (answers, scores and tally only where it had those tables)."""
    postgres = engine.dialect.name == "postgresql"
    types = {"ts": "TIMESTAMP WITH TIME ZONE" if postgres else "DATETIME"}
    types["serial"] = "SERIAL" if postgres else "INTEGER"
    ts = store_module.UTCDateTime
    sessions = sa.table(
        "workshop_sessions",
        *(sa.column(c) for c in ("code", "title", "lang", "question_ids", "secret_hash")),
        sa.column("status"),
        sa.column("created_at", ts),
    )
    submissions = sa.table(
        "workshop_submissions",
        *(sa.column(c) for c in ("session_code", "participant", "answers", "profile")),
        sa.column("submitted_at", ts),
        sa.column("updated_at", ts),
        sa.column("revision"),
    )
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for ddl in LAYOUTS[layout]:
            conn.exec_driver_sql(ddl.format(**types))
        conn.execute(
            sessions.insert().values(
                code=OLD_CODE,
                title="Avant",
                lang="fr",
                question_ids='["q_use", "q_budget"]',
                secret_hash=store_module.validation.hash_secret(OLD_SECRET),
                status="open",
                created_at=now,
            )
        )
        for minute, (who, (answers, profile, _scores, revision)) in enumerate(OLD_ROOM.items()):
            conn.execute(
                submissions.insert().values(
                    session_code=OLD_CODE,
                    participant=who,
                    answers=json.dumps(answers, sort_keys=True),
                    profile=json.dumps(profile, sort_keys=True),
                    submitted_at=now - timedelta(minutes=10 - minute),
                    updated_at=now,
                    revision=revision,
                )
            )
        if layout == "first release":
            return
        for who, (answers, _profile, scores, _revision) in OLD_ROOM.items():
            for question, answer in answers.items():
                conn.execute(
                    sa.text("INSERT INTO workshop_answers VALUES (:c, :p, :q, :a)"),
                    {"c": OLD_CODE, "p": who, "q": question, "a": answer},
                )
            for pillar, value in scores.items():
                conn.execute(
                    sa.text("INSERT INTO workshop_scores VALUES (:c, :p, :k, :v)"),
                    {"c": OLD_CODE, "p": who, "k": pillar, "v": value},
                )
        for (question, answer), n in {
            ("q_use", "yes"): 2,
            ("q_use", "no"): 1,
            ("q_budget", "up"): 1,
        }.items():
            conn.execute(
                sa.text("INSERT INTO workshop_counts VALUES (:c, :q, :a, :n)"),
                {"c": OLD_CODE, "q": question, "a": answer, "n": n},
            )
        for pillar, total, n in (("usage", 120.0, 2), ("strategy", 10.0, 1)):
            conn.execute(
                sa.text("INSERT INTO workshop_pillar_sums VALUES (:c, :k, :t, :n)"),
                {"c": OLD_CODE, "k": pillar, "t": total, "n": n},
            )


def versions(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(versions_table.c.version).order_by("version")).scalars())


def layout_of(engine: Engine) -> dict[str, object]:
    """Every table's columns (name, type, nullable), key, unique constraints and indexes."""
    with engine.connect() as conn:
        seen = sa.inspect(conn)
        return {
            table: (
                sorted((c["name"], str(c["type"]), c["nullable"]) for c in seen.get_columns(table)),
                seen.get_pk_constraint(table)["constrained_columns"],
                sorted(str(u["column_names"]) for u in seen.get_unique_constraints(table)),
                sorted((i["name"], str(i["column_names"])) for i in seen.get_indexes(table)),
                sorted(str(f["constrained_columns"]) for f in seen.get_foreign_keys(table)),
            )
            for table in seen.get_table_names()
        }


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_old_database_is_upgraded_in_place_with_every_answer(
    engine: Engine, layout: str
) -> None:
    """Opening a database an older version made brings it to the current version: the
    same answers, profiles and revisions, the same room counts and averages, each answer
    now stored once; a second start changes nothing, and the room goes on."""
    old_database(engine, layout)
    shop = WorkshopStore(engine)
    shop.init_schema()
    assert versions(engine) == [1, 2, 3, 4, 5] == list(range(1, SCHEMA_VERSION + 1))
    assert shop.get_session(OLD_CODE).country is None, "an old session has no room country"
    sent = shop.room_answers(OLD_CODE, OLD_SECRET)
    assert [s.participant for s in sent] == list(OLD_ROOM), "oldest first, as before"
    assert {s.participant: (s.answers, s.profile, s.revision) for s in sent} == {
        who: (answers, profile, revision)
        for who, (answers, profile, _scores, revision) in OLD_ROOM.items()
    }
    room = shop.tally(OLD_CODE, OLD_SECRET)
    assert room.respondents == 4
    assert room.counts == {"q_use": {"yes": 2, "no": 1}, "q_budget": {"up": 1}}
    if layout == "before versions":
        assert room.pillars == {"usage": (60.0, 2), "strategy": (10.0, 1)}
        assert room.scored == 2
    else:
        assert (room.pillars, room.scored) == ({}, 0), "scores come from backfill_scores"
    shop.init_schema()  # a second start
    assert versions(engine) == [1, 2, 3, 4, 5]
    assert shop.tally(OLD_CODE, OLD_SECRET) == room
    shop.submit(OLD_CODE, "r" * 22, {"q_use": "yes"})
    assert shop.tally(OLD_CODE, OLD_SECRET).counts["q_use"] == {"yes": 3}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_upgraded_database_has_the_layout_of_a_new_one(
    engine: Engine, tmp_path: Path, layout: str
) -> None:
    """The migrations end where creating the tables from scratch starts: same tables,
    columns, keys and indexes."""
    old_database(engine, layout)
    WorkshopStore(engine).init_schema()
    if engine.dialect.name == "sqlite":
        fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        WorkshopStore(fresh).init_schema()
        expected = layout_of(fresh)
        fresh.dispose()
    else:
        with pg_schema(engine, "test_store_fresh") as schema:
            fresh = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
            WorkshopStore(fresh).init_schema()
            expected = layout_of(fresh)
            fresh.dispose()
    assert layout_of(engine) == expected
    assert versions(engine) == [1, 2, 3, 4, 5]


def test_a_new_database_starts_at_the_current_version(store: WorkshopStore, engine: Engine) -> None:
    assert versions(engine) == [SCHEMA_VERSION]
    store.init_schema()
    assert versions(engine) == [SCHEMA_VERSION]


def test_replicas_starting_together_upgrade_an_old_database_once(engine: Engine) -> None:
    old_database(engine, "before versions")
    replicas = [WorkshopStore(engine) for _ in range(4)]
    assert run_together(4, lambda i: replicas[i].init_schema()) == []
    assert versions(engine) == [1, 2, 3, 4, 5]
    assert replicas[2].tally(OLD_CODE, OLD_SECRET).counts["q_use"] == {"yes": 2, "no": 1}


def test_a_database_from_a_newer_version_is_refused(store: WorkshopStore, engine: Engine) -> None:
    """A version of the app older than the database's schema would write rows the newer
    layout does not expect: it stops instead, and leaves the database alone."""
    with engine.begin() as conn:
        conn.execute(versions_table.insert().values(version=SCHEMA_VERSION + 1, applied_at=START))
    with pytest.raises(StoreUnavailable) as info:
        store.init_schema()
    assert info.value.code == "schema_too_new"
    assert versions(engine) == [SCHEMA_VERSION, SCHEMA_VERSION + 1]


def test_a_failed_upgrade_leaves_the_old_database_as_it_was(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every step runs in one transaction: a step that fails takes the earlier ones back,
    and the next start tries again from the same place."""
    from adoption.store import migrations

    old_database(engine, "before versions")
    before = layout_of(engine)

    def broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("SELECT no_such_column FROM workshop_sessions")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:1], (2, broken)))
    with pytest.raises(StoreUnavailable):
        WorkshopStore(engine).init_schema()
    assert layout_of(engine) == before
    monkeypatch.undo()
    WorkshopStore(engine).init_schema()
    assert versions(engine) == [1, 2, 3, 4, 5]
