"""The store's side of the room's join token (:meth:`WorkshopStore.join_token`,
``join_token_valid``, ``admit``), the seats of a capped session, and the admitted devices'
counts in the room's tally; on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adoption.join_token import ACCEPTED_WINDOWS, WINDOW_S
from adoption.store import (
    CreatedSession,
    Forbidden,
    NotAdmitted,
    SessionFull,
    UnknownSession,
    WorkshopStore,
)
from adoption.store.schema import admissions_table
from conftest import empty_database

START = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with empty_database(request, request.param, tmp_path / "adm.sqlite3", "test_adm") as eng:
        yield eng


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(engine: Engine, clock: Clock) -> WorkshopStore:
    made = WorkshopStore(engine, clock=clock)
    made.init_schema()
    return made


@pytest.fixture
def room(store: WorkshopStore) -> CreatedSession:
    return store.create_session("Room", "en", ["q_use", "q_budget"])


def device() -> str:
    return secrets.token_urlsafe(16)


def admissions(engine: Engine, code: str) -> int:
    query = sa.select(sa.func.count()).where(admissions_table.c.session_code == code)
    with engine.connect() as conn:
        return int(conn.execute(query.select_from(admissions_table)).scalar_one())


def test_the_token_is_for_the_facilitator_and_rotates(
    store: WorkshopStore, room: CreatedSession, clock: Clock
) -> None:
    code = room.info.code
    first = store.join_token(code, room.secret)
    assert store.join_token(code, room.secret) == first, "the same within a window"
    with pytest.raises(Forbidden):
        store.join_token(code, "forged")
    clock.now += timedelta(seconds=WINDOW_S)
    assert store.join_token(code, room.secret) != first
    assert store.tally(code, room.secret).join_token == store.join_token(code, room.secret)


def test_a_token_is_valid_for_two_minutes_and_for_its_session_only(
    store: WorkshopStore, room: CreatedSession, clock: Clock
) -> None:
    code = room.info.code
    other = store.create_session("Other", "en")
    shown = store.join_token(code, room.secret)
    assert store.join_token_valid(code, shown)
    assert not store.join_token_valid(other.info.code, shown)
    assert not store.join_token_valid(code, store.join_token(other.info.code, other.secret))
    clock.now += timedelta(seconds=WINDOW_S * (ACCEPTED_WINDOWS - 1))
    assert store.join_token_valid(code, shown), "a slow phone still gets in"
    clock.now += timedelta(seconds=WINDOW_S)
    assert not store.join_token_valid(code, shown), "expired"
    for bad in (None, "", "x" * 16, shown[:-1], 42):
        assert not store.join_token_valid(code, bad)
    with pytest.raises(UnknownSession):
        store.join_token_valid("ZZZZZZ", shown)


def test_the_token_check_is_answered_from_memory_once_the_session_is_known(
    engine: Engine, clock: Clock
) -> None:
    """A second store on the same database (another replica) makes the same tokens; once
    a store has seen a session, a check costs no database read."""
    one, two = WorkshopStore(engine, clock=clock), WorkshopStore(engine, clock=clock)
    one.init_schema()
    created = one.create_session("Room", "en")
    shown = one.join_token(created.info.code, created.secret)
    assert two.join_token_valid(created.info.code, shown)
    reads: list[object] = []

    def count(*args: object) -> None:
        reads.append(args[2])

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert two.join_token_valid(created.info.code, shown)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert reads == []


def test_admission_is_idempotent_and_outlives_the_token(
    store: WorkshopStore, room: CreatedSession, engine: Engine, clock: Clock
) -> None:
    code, phone = room.info.code, device()
    shown = store.join_token(code, room.secret)
    assert not store.admit(code, phone), "no token, never admitted"
    assert not store.admit(code, phone, "forged-token-abc")
    assert store.admit(code, phone, shown)
    assert store.admit(code, phone, shown), "twice: the same row"
    assert admissions(engine, code) == 1
    clock.now += timedelta(hours=1)
    assert store.admit(code, phone), "a reload without the token, an hour later"
    late = device()
    assert not store.admit(code, late, shown), "an expired token admits nobody"
    assert admissions(engine, code) == 1
    with pytest.raises(UnknownSession):
        store.admit("ZZZZZZ", phone, shown)


def test_a_capped_session_keeps_its_seats_for_the_room(
    store: WorkshopStore, engine: Engine
) -> None:
    created = store.create_session("Capped", "en", ["q_use"], capacity=2)
    code = created.info.code
    scripts = [device() for _ in range(5)]
    for script in scripts:  # the typed code or a forwarded link: no token
        with pytest.raises(NotAdmitted):
            store.submit(code, script, {"q_use": "yes"})
    assert store.count(code) == 0 and store.get_session(code).refused_full == 5
    real = [device() for _ in range(3)]
    for phone in real:
        assert store.admit(code, phone, store.join_token(code, created.secret))
    store.submit(code, real[0], {"q_use": "yes"})
    store.submit(code, real[1], {"q_use": "no"})
    with pytest.raises(SessionFull) as full:
        store.submit(code, real[2], {"q_use": "no"})
    assert not isinstance(full.value, NotAdmitted), "admitted, refused for the cap alone"
    # Without a cap, a linked device is accepted as before.
    open_room = store.create_session("Open", "en", ["q_use"])
    store.submit(open_room.info.code, scripts[0], {"q_use": "yes"})
    assert store.count(open_room.info.code) == 1


def test_a_device_in_before_the_cap_may_still_change_its_answers(store: WorkshopStore) -> None:
    created = store.create_session("Later cap", "en", ["q_use"])
    code, early = created.info.code, device()
    store.submit(code, early, {"q_use": "yes"})
    store.set_capacity(code, created.secret, 5)
    assert store.submit(code, early, {"q_use": "no"}).revision == 2


def test_the_tally_counts_admitted_respondents_apart(
    store: WorkshopStore, room: CreatedSession
) -> None:
    code = room.info.code
    empty = store.tally(code, room.secret)
    assert (empty.admissions, empty.admitted_counts, empty.admitted_respondents) == (0, {}, 0)
    fakes = [device() for _ in range(4)]
    for fake in fakes:
        store.submit(code, fake, {"q_use": "no", "q_budget": "no"}, scores={"strategy": 10})
    real = device()
    assert store.admit(code, real, store.join_token(code, room.secret))
    store.submit(code, real, {"q_use": "yes"}, scores={"strategy": 90})
    scanned_silent = device()  # scanned, never answered
    assert store.admit(code, scanned_silent, store.join_token(code, room.secret))
    tally = store.tally(code, room.secret)
    assert tally.respondents == 5 and tally.counts["q_use"] == {"no": 4, "yes": 1}
    assert tally.admissions == 2
    assert tally.admitted_counts == {"q_use": 1}
    assert (tally.admitted_scored, tally.admitted_respondents) == (1, 1)


def test_deleting_a_session_deletes_its_admissions(
    store: WorkshopStore, room: CreatedSession, engine: Engine
) -> None:
    code = room.info.code
    assert store.admit(code, device(), store.join_token(code, room.secret))
    store.delete(code, room.secret)
    assert admissions(engine, code) == 0
