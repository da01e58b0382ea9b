"""The room's join token against scripts, on a real server with protocol-level phones.

- A script with the plain link (the typed code) against a capped session cannot take the
  room's seats: the phone that scanned the projected code still answers.
- Four scripted devices with the plain link and one real participant with the token: the
  projector shows nothing of that participant's answer (the minimum group counts devices
  that joined from the projected code).
- A rotated ``X-Forwarded-For`` from a peer that is not a trusted proxy does not escape the
  per-address join limit.
- 200 phones joining with the token from one address are never refused (slow).
- 30 phones with the token behind one address, during a database outage: each gets the
  form at its first try once the database is back (PostgreSQL behind a proxy the test
  takes down).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from adoption.i18n import t, tn
from adoption.store import CreatedSession, WorkshopStore, make_engine
from adoption.workshop import MIN_GROUP
from conftest import pg_schema, pg_schema_url, serving
from room_phones import Page, Phone, in_thread, with_phone
from streamlit_client import StreamlitClient
from tcp_proxy import FreezableProxy, freezable_proxy

QUESTION = "q_genai"  # a yes/no question of the questionnaire
BUSY = t("ws.join.busy", "en")
SENT = t("ws.join.sent", "en")
UNTRUSTED = "127.0.0.2"  # a peer that is no proxy (see test_a_rotated_forwarded_for_…)
# Loopback is a trusted proxy by default; these servers trust nobody, as on the Internet.
NO_PROXY = {"ADOPTION_TRUSTED_PROXIES": ""}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The database URL one app server and the test share."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('room') / 'room.sqlite3'}"
        return
    admin: Engine = request.getfixturevalue("pg_admin")
    with pg_schema(admin, "test_room") as schema:
        yield pg_schema_url(schema).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def store(database: str) -> Iterator[WorkshopStore]:
    engine = make_engine(database)
    made = WorkshopStore(engine)
    made.init_schema()
    yield made
    engine.dispose()


@pytest.fixture(scope="module")
def app_url(database: str, store: WorkshopStore) -> Iterator[str]:
    with serving({"ADOPTION_DATABASE_URL": database, **NO_PROXY}) as url:
        yield url


def session(store: WorkshopStore, capacity: int | None = None) -> CreatedSession:
    return store.create_session("Room", "en", [QUESTION], capacity=capacity)


def pick(label: str) -> object:
    return lambda options: next(o for o in options if o.lower() == label)


async def script(app_url: str, code: str) -> Page:
    """What a script does with the plain link: join, and send whenever it gets a form."""

    async def work(phone: Phone) -> Page:
        page = await phone.run()
        return await phone.answer(pick("no")) if page.has_form else page  # type: ignore[arg-type]

    return await with_phone(app_url, code, None, work)


async def participant(app_url: str, code: str, token: str, answer: str = "yes") -> Page:
    """A phone that scanned the projected code: join, answer, send."""

    async def work(phone: Phone) -> Page:
        page = await phone.run()
        assert page.has_form, "a phone that scanned the code gets the questions"
        return await phone.answer(pick(answer))  # type: ignore[arg-type]

    return await with_phone(app_url, code, token, work)


def test_a_script_with_the_plain_link_cannot_take_a_capped_rooms_seats(
    app_url: str, store: WorkshopStore
) -> None:
    created = session(store, capacity=3)
    code = created.info.code

    async def room() -> tuple[list[Page], Page]:
        scripts = await asyncio.gather(*(script(app_url, code) for _ in range(6)))
        real = await participant(app_url, code, store.join_token(code, created.secret))
        return list(scripts), real

    scripts, real = in_thread(room())
    # No form to send (a browser is told to scan the screen, see test_workshop_pages.py).
    assert not any(page.has_form for page in scripts)
    assert real.says(SENT), "the real participant's answer is taken"
    assert store.count(code) == 1
    assert store.room_answers(code, created.secret)[0].answers == {QUESTION: "yes"}


def test_four_fakes_and_one_real_participant_reveal_nothing_on_the_projector(
    app_url: str, store: WorkshopStore
) -> None:
    created = session(store)
    code = created.info.code
    fakes = MIN_GROUP - 1

    async def room() -> Page:
        await asyncio.gather(*(script(app_url, code) for _ in range(fakes)))
        return await participant(app_url, code, store.join_token(code, created.secret))

    assert in_thread(room()).says(SENT)
    assert store.count(code) == MIN_GROUP, "every send is stored; only the screen is held back"
    store.set_slide(code, created.secret, 1, True)  # the question, its answer revealed

    async def projector() -> list[str]:
        async with StreamlitClient(app_url) as client:
            query = f"code={code}&key={created.secret}&lang=en"
            return (await client.run_page("presenter", query)).texts

    slide = "\n".join(in_thread(projector()))
    # Four more answers from phones that scanned the code, and no share of the room's.
    assert tn("ws.slides.too_few", fakes, "en") in slide
    assert "100%" not in slide.replace("\\u202f", "").replace(" ", "")
    assert "80%" not in slide.replace("\\u202f", "").replace(" ", "")
    tally = store.tally(code, created.secret)
    assert (tally.admissions, tally.admitted_counts) == (1, {QUESTION: 1})


@pytest.mark.slow  # 100 joins on a server of its own
def test_a_rotated_forwarded_for_from_an_untrusted_peer_keeps_its_address_limit(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'xff.sqlite3'}"
    engine = make_engine(url)
    try:
        own = WorkshopStore(engine)
        own.init_schema()
        code = own.create_session("Room", "en", [QUESTION]).info.code
        # The address's bucket holds 60 and gains one every two seconds; the joins it lets
        # in take a while on a small machine, so well over 60 are sent.
        joins = 100

        with serving({"ADOPTION_DATABASE_URL": url, **NO_PROXY}) as app:
            pages = in_thread(forged_joins(app, code, joins))
        refused = sum(page.says(BUSY) for page in pages)
        assert refused >= 10, f"{refused} of {joins} refused: the header chose the bucket"
        assert all(page.says(BUSY) != page.has_form for page in pages)
    finally:
        engine.dispose()


async def forged_joins(app: str, code: str, joins: int) -> list[Page]:
    """``joins`` sessions open the plain link at once, each claiming another address."""

    async def join(index: int) -> Page:
        headers = {"X-Forwarded-For": f"198.51.{index // 250}.{index % 250 + 1}"}
        # From 127.0.0.2: neither uvicorn (which believes 127.0.0.1) nor the app trusts it.
        return await with_phone(app, code, None, lambda phone: phone.run(), headers, UNTRUSTED)

    return list(await asyncio.gather(*(join(i) for i in range(joins))))


@pytest.mark.slow  # 200 websocket sessions joining and sending on one server
def test_two_hundred_phones_with_the_token_from_one_address_are_never_refused(
    app_url: str, store: WorkshopStore
) -> None:
    created = session(store)
    code = created.info.code
    phones = 200

    async def one(index: int, token: str, gate: asyncio.Semaphore) -> Page:
        async with gate:
            return await participant(app_url, code, token, "yes" if index % 2 else "no")

    async def room() -> list[Page]:
        gate = asyncio.Semaphore(50)  # 50 sessions at a time: the room arriving in waves
        token = store.join_token(code, created.secret)
        return list(await asyncio.gather(*(one(i, token, gate) for i in range(phones))))

    pages = in_thread(room())
    assert sum(page.says(SENT) for page in pages) == phones
    assert not any(page.says(BUSY) for page in pages)
    assert store.count(code) == phones
    info = store.get_session(code)
    assert (info.refused_throttled, info.refused_full) == (0, 0)


@pytest.mark.postgres
def test_thirty_phones_behind_one_address_get_the_form_at_once_after_an_outage(
    pg_admin: Engine,
) -> None:
    phones, tries_during_outage = 30, 3  # 90 joins from one address while it is down
    with pg_schema(pg_admin, "test_outage") as schema, freezable_proxy() as proxy:
        direct = pg_schema_url(schema)
        via_proxy = direct.set(port=proxy.port).render_as_string(hide_password=False)
        engine = make_engine(direct)
        try:
            own = WorkshopStore(engine)
            own.init_schema()
            created = own.create_session("Room", "en", [QUESTION])
            code, token = created.info.code, own.join_token(created.info.code, created.secret)
            with serving({"ADOPTION_DATABASE_URL": via_proxy, **NO_PROXY}) as app:
                pages = in_thread(
                    outage_then_back(app, code, token, phones, tries_during_outage, proxy)
                )
        finally:
            engine.dispose()
    assert not any(page.says(BUSY) for page in pages)
    assert all(page.has_form for page in pages), "every phone has the form at its first try"


async def outage_then_back(
    app: str, code: str, token: str, phones: int, tries: int, proxy: FreezableProxy
) -> list[Page]:
    """``phones`` sessions open the join link (with the token) while the database is down,
    each ``tries`` times (a reload, "Try again"); then it comes back and each tries once."""
    clients = [StreamlitClient(app) for _ in range(phones)]
    for client in clients:
        await client.__aenter__()
    try:
        room = [Phone(client, code, token) for client in clients]
        proxy.take_down()

        async def during(phone: Phone) -> None:
            for _ in range(tries):
                page = await phone.run()
                assert not page.has_form and not page.says(BUSY)

        await asyncio.gather(*(during(phone) for phone in room))
        proxy.bring_back()
        # The store tries a failed database again at most every second (store.shared).
        await asyncio.sleep(1.5)
        return list(await asyncio.gather(*(phone.run() for phone in room)))
    finally:
        for client in clients:
            await client.__aexit__()
