"""The Benchmark result's "firms like yours who answered here" block and the choice to add
the firm's answers, through AppTest, in French and English: an empty pool says how many
more answers are needed and shows no figure; a seeded pool names the group it compares
with; the opt-in is off until turned on and adds the answers once; a database that is
down or a limit reached is said, never a traceback."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

import fixtures
from adoption.benchmark import Profile
from adoption.i18n import t, tn
from adoption.peers import peer_lines, peers
from adoption.store import dispose_all, make_engine, new_participant
from adoption.store.limits import Limit, RateLimiter
from adoption.urlstate import State, encode
from adoption_ui import pool_ui
from apptest import APP, open_app
from pool_seed import seed_pool

PAGE = "pages/benchmark.py"
QUESTIONNAIRE = fixtures.questionnaire()
GERMAN_300 = Profile(size="250-4999", sector="trade", country="DE")
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/x"


def complete(choice: int = 1) -> dict[str, str]:
    return fixtures.complete(QUESTIONNAIRE, choice)


def result(
    lang: str,
    profile: Profile = GERMAN_300,
    answers: dict[str, str] | None = None,
    device: str | None = None,
) -> AppTest:
    """The result page opened from a share link; ``device`` stands for the token the
    browser reports once asked (AppTest runs no browser script)."""
    token = encode(State(complete() if answers is None else answers, profile), QUESTIONNAIRE)
    at = AppTest.from_file(APP, default_timeout=60)
    if device is not None:
        at.session_state[pool_ui.DEVICE_KEY] = device
    for key, value in {"lang": lang, "b": token, "view": "result"}.items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in ("info", "success", "warning") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def rows(url: str) -> list[dict[str, object]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(sa.text("SELECT * FROM pool_contributions")).all()
            return [dict(row._mapping) for row in found]
    finally:
        engine.dispose()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_empty_pool_says_how_many_more_answers_and_shows_no_figure(
    db_url: str, lang: str
) -> None:
    at = result(lang)
    shown = texts(at)
    assert t("peers.title", lang) in [h.value for h in at.subheader]
    assert t("peers.caveat", lang) in shown
    assert tn("peers.waiting", 10, lang, k=10) in [i.value for i in at.info]
    assert "/100, " not in shown.split(t("peers.title", lang))[-1], "no peer figure"
    optin = at.toggle(key="bench_pool_optin")
    assert optin.value is False and optin.label == t("peers.optin.label", lang)
    assert t("peers.optin.kept", lang) in shown
    assert rows(db_url) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_german_firm_of_300_is_compared_with_the_group_the_engine_picks(
    db_url: str, lang: str
) -> None:
    entries = seed_pool(db_url, QUESTIONNAIRE)
    today = datetime.now(UTC).date()
    expected = peers(QUESTIONNAIRE, entries, GERMAN_300, complete(), today=today)
    assert expected.group is not None and expected.group[:2] == ("250+", "DE")
    lines = peer_lines(expected, QUESTIONNAIRE, lang)
    at = result(lang)
    shown = texts(at)
    assert lines.group is not None and lines.group in shown
    if lines.fallback is not None:
        assert lines.fallback in shown
    for line in lines.standings:
        assert line in shown
    assert t("peers.caveat", lang) in shown
    at.toggle(key="bench_peer_shares").set_value(True).run()
    assert lines.shares and all(line in texts(at) for line in lines.shares)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_opt_in_adds_the_answers_once_and_says_when_they_count(db_url: str, lang: str) -> None:
    at = result(lang, device=new_participant())
    at.toggle(key="bench_pool_optin").set_value(True).run()
    assert not at.exception
    (row,) = rows(db_url)
    assert set(row) == {"month", "origin", "size_band", "sector", "country", "answers"}
    assert (row["size_band"], row["sector"], row["country"], row["origin"]) == (
        "250+",
        "trade",
        "DE",
        "benchmark",
    )
    assert json.loads(str(row["answers"])) == complete()
    assert row["month"] == datetime.now(UTC).strftime("%Y-%m")
    assert len(at.success) == 1
    optin = at.toggle(key="bench_pool_optin")
    assert optin.value is True and optin.disabled
    at.toggle(key="bench_method").set_value(True).run()  # any rerun: nothing added again
    assert len(rows(db_url)) == 1
    assert tn("peers.waiting", 10, lang, k=10) not in [i.value for i in at.info], (
        "this month's answer counts towards what is needed"
    )
    assert tn("peers.waiting", 9, lang, k=10) in [i.value for i in at.info]


def test_nothing_is_added_before_the_browser_says_which_device_it_is(db_url: str) -> None:
    """The page asks the browser for its device only once the opt-in is on; until it has
    answered, nothing is kept, and turning the opt-in off withdraws the request."""
    at = result("en")
    assert pool_ui.DEVICE_KEY not in at.session_state, "not asked on loading the result"
    at.toggle(key="bench_pool_optin").set_value(True).run()
    assert t("peers.optin.asking", "en") in texts(at)
    assert rows(db_url) == []
    at.session_state[pool_ui.DEVICE_KEY] = new_participant()  # the browser's report
    at.run()
    assert len(rows(db_url)) == 1 and len(at.success) == 1
    again = result("en")
    again.toggle(key="bench_pool_optin").set_value(True).run()
    again.toggle(key="bench_pool_optin").set_value(False).run()
    again.session_state[pool_ui.DEVICE_KEY] = new_participant()
    again.run()
    assert len(rows(db_url)) == 1, "turned off before the browser answered: nothing added"


def test_the_same_device_adds_once_a_month(db_url: str) -> None:
    phone = new_participant()
    first = result("en", device=phone)
    first.toggle(key="bench_pool_optin").set_value(True).run()
    second = result("en", device=phone)  # another tab, or a reload
    second.toggle(key="bench_pool_optin").set_value(True).run()
    assert t("peers.optin.already", "en") in [i.value for i in second.info]
    assert second.toggle(key="bench_pool_optin").disabled
    assert len(rows(db_url)) == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_incomplete_benchmark_cannot_be_added(db_url: str, lang: str) -> None:
    partial = {"q_genai": "yes", "q_strategy": "no"}
    at = result(lang, answers=partial)
    assert t("peers.optin.incomplete", lang) in texts(at)
    assert not [w for w in at.toggle if w.key == "bench_pool_optin"]
    no_size = result(lang, profile=Profile(sector="trade", country="DE"))
    assert t("peers.optin.incomplete", lang) in texts(no_size)


def test_a_limit_reached_is_said_and_nothing_is_kept(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent = RateLimiter()
    # AppTest has no socket: its client is the loopback (see workshop_ui.client_address).
    assert spent.allow(("pool:benchmark:127.0.0.1", Limit(burst=1, per_s=0)))
    monkeypatch.setattr(pool_ui, "LIMITER", spent)
    monkeypatch.setitem(pool_ui.pool.PER_ADDRESS, "benchmark", Limit(burst=1, per_s=0))
    at = result("en", device=new_participant())
    at.toggle(key="bench_pool_optin").set_value(True).run()
    assert not at.exception
    assert t("peers.optin.throttled", "en") in [w.value for w in at.warning]
    assert at.toggle(key="bench_pool_optin").value is False, "off again: try later"
    assert rows(db_url) == []


def test_a_database_that_is_down_leaves_the_result_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTION_DATABASE_URL", UNREACHABLE)
    st.cache_resource.clear()
    try:
        at = result("en", device=new_participant())
        assert t("peers.unavailable", "en") in [i.value for i in at.info]
        assert t("bench.next_steps.title", "en") in [h.value for h in at.header]
        at.toggle(key="bench_pool_optin").set_value(True).run()
        assert not at.exception
        assert t("peers.optin.unavailable", "en") in [w.value for w in at.warning]
    finally:
        st.cache_resource.clear()
        dispose_all()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_sources_page_explains_the_pool(lang: str) -> None:
    at = open_app("pages/sources.py", lang=lang)
    assert not at.exception
    assert t("sources.pool", lang) in [h.value for h in at.header]
    body = " ".join(m.value for m in at.markdown)
    for key in ("sources.pool_what", "sources.pool_bias"):
        assert t(key, lang) in body
    assert t("sources.pool_groups", lang, k=10) in body
    assert t("sources.pool_retention", lang, months=24) in body
