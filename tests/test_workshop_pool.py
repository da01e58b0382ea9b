"""The pool of peers, workshop side, through AppTest on a temporary SQLite file: the
facilitator's consent (creation form, management panel), each participant's own choice on
the phone (off by default, offered only where the session allows it, added once with
origin "workshop" and only the fields the pool keeps), and the closing slide against the
firms who answered here (with a seeded pool, with an empty one, for a subset session).

The room's answers are sent through the store (as the phone's Send does) and the phone then
opens its result, as a phone coming back does; the pool is seeded with
:func:`pool_seed.seed_pool` (last month's answers, so they count today).
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

import fixtures
from adoption.benchmark import Profile
from adoption.i18n import t
from adoption.join_flow import Device, JoinFlow
from adoption.peers import peer_lines, peers, release, room_among, room_lines
from adoption.store import CreatedSession, WorkshopStore, make_engine
from adoption.store.limits import Limit, RateLimiter
from adoption.workshop import MIN_GROUP, participant_scores, profile_to_store
from adoption_ui import pool_ui
from adoption_ui.join_page import KEY as JOIN_KEY
from apptest import APP, facilitator_key, html_texts
from pool_seed import seed_pool

QUESTIONNAIRE = fixtures.questionnaire()
GERMAN_300 = Profile(size="250-4999", sector="trade", country="DE")
KEPT = {"month", "origin", "size_band", "sector", "country", "answers"}


def complete(choice: int = 1) -> dict[str, str]:
    return fixtures.complete(QUESTIONNAIRE, choice)


def open_page(page: str, device: str | None = None, **params: str) -> AppTest:
    """``page`` through app.py; ``device`` is the token the phone's browser reported
    (AppTest runs no script)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if device is not None:
        at.session_state[JOIN_KEY] = JoinFlow(
            Device(provisional=device, reported=device),
            code=params.get("code", ""),
            kept_reported=True,
        )
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def send(
    store: WorkshopStore,
    code: str,
    answers: dict[str, str],
    profile: Profile = GERMAN_300,
    device: str | None = None,
) -> str:
    """One phone's Send, as the join page stores it; the device's token."""
    token = device or secrets.token_urlsafe(16)
    scores = participant_scores(QUESTIONNAIRE, answers)
    store.submit(code, token, answers, profile_to_store(profile), scores=scores)
    return token


def param(at: AppTest, name: str) -> str:
    value = at.query_params.get(name)
    return str(value[-1] if isinstance(value, list) else value)


def pool_rows(url: str) -> list[dict[str, object]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(sa.text("SELECT * FROM pool_contributions")).all()
            return [dict(row._mapping) for row in found]
    except sa.exc.OperationalError:
        return []  # the pool's tables are made when first used
    finally:
        engine.dispose()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.value for h in at.subheader]
    parts += [e.value for kind in ("info", "success", "warning") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def choice(at: AppTest, code: str) -> list[object]:
    return [w for w in at.toggle if w.key == f"ws_pool_optin_{code}"]


# --------------------------------------------------------------------------- facilitator


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_creation_form_offers_the_pool_off_and_creates_with_the_choice(
    store: WorkshopStore, lang: str
) -> None:
    at = open_page("pages/workshop.py", lang=lang)
    box = at.checkbox(key="ws_create_pool")
    assert box.value is False and box.label == t("ws.pool.allow", lang)
    assert t("ws.pool.allow_note", lang) in texts(at)
    at.text_input(key="ws_create_title").set_value("Sans pool")
    at.button[0].click().run()
    first = store.check_secret(param(at, "code"), facilitator_key(at, param(at, "code")))
    assert first.pool_allowed is False

    at = open_page("pages/workshop.py", lang=lang)
    at.text_input(key="ws_create_title").set_value("Avec pool")
    at.checkbox(key="ws_create_pool").check()
    at.button[0].click().run()
    assert not at.exception
    code = param(at, "code")
    key = facilitator_key(at, code)
    assert store.check_secret(code, key).pool_allowed is True
    # The management panel shows the same switch, and changes it.
    switch = at.toggle(key="ws_pool_allowed")
    assert switch.value is True and switch.label == t("ws.pool.allow", lang)
    switch.set_value(False).run()
    assert not at.exception
    assert store.check_secret(code, key).pool_allowed is False
    assert at.toggle(key="ws_pool_allowed").value is False
    at.toggle(key="ws_pool_allowed").set_value(True).run()
    assert store.check_secret(code, key).pool_allowed is True


# --------------------------------------------------------------------------- the phone


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_session_that_does_not_allow_the_pool_offers_no_choice(
    store: WorkshopStore, db_url: str, lang: str
) -> None:
    room = store.create_session("Sans pool", lang)
    code = room.info.code
    device = send(store, code, complete())
    at = open_page("pages/join.py", device=device, lang=lang, code=code)
    assert t("ws.join.result", lang) in [h.value for h in at.header], "the result is shown"
    assert not choice(at, code)
    assert t("ws.pool.heading", lang) not in texts(at)
    assert pool_rows(db_url) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_phone_adds_its_answers_only_when_ticked_and_only_once(
    store: WorkshopStore, db_url: str, lang: str
) -> None:
    room = store.create_session("Avec pool", lang, pool_allowed=True)
    code = room.info.code
    device = send(store, code, complete())
    at = open_page("pages/join.py", device=device, lang=lang, code=code)
    (toggle,) = choice(at, code)
    assert toggle.value is False and toggle.label == t("peers.optin.label", lang)
    assert t("ws.pool.kept", lang) in texts(at)
    at.run()
    assert pool_rows(db_url) == [], "nothing is added until the participant ticks it"

    toggle.set_value(True).run()
    assert not at.exception
    (row,) = pool_rows(db_url)
    assert set(row) == KEPT, "exactly the fields the pool keeps"
    assert (row["origin"], row["size_band"], row["sector"], row["country"]) == (
        "workshop",
        "250+",
        "trade",
        "DE",
    )
    assert json.loads(str(row["answers"])) == complete()
    assert row["month"] == datetime.now(UTC).strftime("%Y-%m")
    assert [s.icon for s in at.success].count(":material/check:") == 1, "it says so"
    assert choice(at, code)[0].disabled, "added: nothing more to switch"
    at.run()
    assert len(pool_rows(db_url)) == 1

    # The same phone, another visit this month: it may tick again, nothing is added twice.
    again = open_page("pages/join.py", device=device, lang=lang, code=code)
    choice(again, code)[0].set_value(True).run()
    assert not again.exception
    assert len(pool_rows(db_url)) == 1
    assert t("peers.optin.already", lang) in [i.value for i in again.info]


def test_the_choice_is_offered_on_a_closed_session_too(store: WorkshopStore, db_url: str) -> None:
    room = store.create_session("Close", "en", pool_allowed=True)
    code = room.info.code
    device = send(store, code, complete())
    store.close(code, room.secret)
    at = open_page("pages/join.py", device=device, lang="en", code=code)
    choice(at, code)[0].set_value(True).run()
    assert [r["origin"] for r in pool_rows(db_url)] == ["workshop"]


def test_a_phone_over_the_rooms_limit_is_told_and_nothing_is_kept(
    store: WorkshopStore, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent = RateLimiter()
    # AppTest has no socket: its client is the loopback (see workshop_ui.client_address).
    assert spent.allow(("pool:workshop:127.0.0.1", Limit(burst=1, per_s=0)))
    monkeypatch.setattr(pool_ui, "LIMITER", spent)
    monkeypatch.setitem(pool_ui.pool.PER_ADDRESS, "workshop", Limit(burst=1, per_s=0))
    room = store.create_session("Avec pool", "en", pool_allowed=True)
    code = room.info.code
    device = send(store, code, complete())
    at = open_page("pages/join.py", device=device, lang="en", code=code)
    choice(at, code)[0].set_value(True).run()
    assert not at.exception
    assert t("peers.optin.throttled", "en") in [w.value for w in at.warning]
    assert choice(at, code)[0].value is False, "off again: try later"
    assert pool_rows(db_url) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_profile_without_headcount_is_told_what_to_add(
    store: WorkshopStore, db_url: str, lang: str
) -> None:
    room = store.create_session("Avec pool", lang, pool_allowed=True)
    code = room.info.code
    device = send(store, code, complete(), Profile(sector="trade", country="DE"))
    at = open_page("pages/join.py", device=device, lang=lang, code=code)
    assert not choice(at, code)
    assert t("ws.pool.need_size", lang) in texts(at)
    store.close(code, room.secret)  # no more sending: the words change
    at = open_page("pages/join.py", device=device, lang=lang, code=code)
    assert t("ws.pool.incomplete_closed", lang) in texts(at)
    assert pool_rows(db_url) == []


def test_a_subset_session_says_the_pool_keeps_whole_questionnaires(
    store: WorkshopStore, db_url: str
) -> None:
    room = store.create_session(
        "Deux questions", "en", ("q_genai", "q_strategy"), pool_allowed=True
    )
    code = room.info.code
    device = send(store, code, {"q_genai": "yes", "q_strategy": "yes"})
    at = open_page("pages/join.py", device=device, lang="en", code=code)
    assert not choice(at, code)
    assert t("ws.pool.subset", "en") in texts(at)
    assert pool_rows(db_url) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_once_added_the_phone_shows_its_peers_when_the_pool_has_enough(
    store: WorkshopStore, db_url: str, lang: str
) -> None:
    entries = seed_pool(db_url, QUESTIONNAIRE)
    today = datetime.now(UTC).date()
    expected = peer_lines(
        peers(QUESTIONNAIRE, entries, GERMAN_300, complete(), today=today), QUESTIONNAIRE, lang
    )
    assert expected.group is not None
    room = store.create_session("Avec pool", lang, pool_allowed=True)
    code = room.info.code
    device = send(store, code, complete())
    at = open_page("pages/join.py", device=device, lang=lang, code=code)
    assert t("peers.title", lang) not in texts(at), "not before the participant chose"
    choice(at, code)[0].set_value(True).run()
    assert not at.exception
    shown = texts(at)
    assert t("peers.title", lang) in shown and t("peers.caveat", lang) in shown
    assert expected.group in shown and expected.standings[0] in shown, "its peers' figures"
    assert len(pool_rows(db_url)) == 201


# --------------------------------------------------------------------------- the slide


def closing(store: WorkshopStore, room: CreatedSession, lang: str = "en") -> str:
    slides = len(room.info.question_ids or QUESTIONNAIRE.ids) + 1
    store.set_slide(room.info.code, room.secret, slides, False)
    at = open_page("pages/presenter.py", lang=lang, code=room.info.code, key=room.secret)
    return "\n".join(html_texts(at))


def answered_room(store: WorkshopStore, size: int, **options: object) -> CreatedSession:
    room = store.create_session("Club", "en", **options)  # type: ignore[arg-type]
    for index in range(size):
        send(store, room.info.code, complete(index % 3))
    return room


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_closing_slide_sets_the_room_among_a_seeded_pool(
    store: WorkshopStore, db_url: str, lang: str
) -> None:
    entries = seed_pool(db_url, QUESTIONNAIRE)
    room = answered_room(store, MIN_GROUP + 1)
    expected = room_among(
        release(QUESTIONNAIRE, entries, datetime.now(UTC).date(), 10),
        store.room_scores(room.info.code, room.secret),
        MIN_GROUP,
    )
    assert expected is not None and expected.count == 200 and expected.respondents == 6
    body = closing(store, room, lang).replace("&#x27;", "'")
    for line in room_lines(expected, lang):
        assert line in body


def test_the_closing_slide_shows_nothing_of_an_empty_pool(store: WorkshopStore) -> None:
    room = answered_room(store, MIN_GROUP + 1)
    body = closing(store, room)
    assert t("ws.pres.overall_label", "en") in body, "the room's own averages are there"
    assert t("peers.room.title", "en") not in body


def test_the_closing_slide_compares_no_room_under_its_minimum_or_asked_a_subset(
    store: WorkshopStore, db_url: str
) -> None:
    seed_pool(db_url, QUESTIONNAIRE)
    small = answered_room(store, MIN_GROUP - 1)
    assert t("peers.room.title", "en") not in closing(store, small)
    subset = store.create_session("Deux", "en", ("q_genai", "q_strategy"))
    for _ in range(MIN_GROUP + 1):
        send(store, subset.info.code, {"q_genai": "yes", "q_strategy": "no"})
    body = closing(store, subset)
    assert t("ws.pres.overall_label", "en") in body
    assert t("peers.room.title", "en") not in body


def test_four_fakes_around_one_scanned_phone_set_no_room_among_the_pool(
    store: WorkshopStore, db_url: str
) -> None:
    """The room's median among the pool is held back with its averages while fewer than
    k of those who answered scanned the projected code (adoption.join_token)."""
    seed_pool(db_url, QUESTIONNAIRE)
    room = answered_room(store, MIN_GROUP - 1)  # typed the code: never admitted
    code = room.info.code
    phone = secrets.token_urlsafe(16)
    assert store.admit(code, phone, store.join_token(code, room.secret))
    send(store, code, complete(), device=phone)
    body = closing(store, room)
    assert t("peers.room.title", "en") not in body
    assert t("ws.pres.overall_label", "en") not in body, "nor the room's averages"
