"""In Chromium against ``streamlit run``: with a pool of 200 generated answers seeded by the
test, a German firm of 300 sees where it stands among German firms of 250+ (or the group it
falls back to, named); with an empty pool the result says how many more answers are needed
and shows no peer figure. Each server has its own database (the empty one is what a fresh
install has: an empty local SQLite file)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import fixtures
from adoption.benchmark import Profile
from adoption.i18n import t, tn
from adoption.peers import peer_lines, peers
from adoption.store import PoolStore, make_engine
from adoption.urlstate import State, encode
from browser import DESKTOP, EXCEPTION, PHONE, settle
from conftest import serving
from pool_seed import seed_pool

pytestmark = pytest.mark.browser

QUESTIONNAIRE = fixtures.questionnaire()
BLOCK = ".st-key-bench_peers"


def complete(choice: int = 1) -> dict[str, str]:
    return fixtures.complete(QUESTIONNAIRE, choice)


def plain(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", text).strip()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Any], str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'workshop.sqlite3'}"
    entries = seed_pool(url, QUESTIONNAIRE, 200)
    # The test's browser stands behind a proxy on this machine: each context says which
    # address it forwards for, so each test has its own rate-limit bucket.
    env = {"ADOPTION_DATABASE_URL": url, "ADOPTION_TRUSTED_PROXIES": "127.0.0.1"}
    with serving(env) as app:
        yield app, entries, url


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('empty')) / 'workshop.sqlite3'}"
    with serving({"ADOPTION_DATABASE_URL": url}) as app:
        yield app


def open_result(context: Any, app: str, token: str, lang: str) -> Any:
    """A tab on the result a share link opens, settled, its answers intact."""
    page = context.new_page()
    page.goto(f"{app}/benchmark?lang={lang}&b={token}&view=result")
    settle(page)
    page.locator(BLOCK).wait_for()
    settle(page)
    assert page.locator(EXCEPTION).count() == 0
    assert f"b={token}&" in page.url, "the link's answers are all still there"
    return page


def peer_block(
    browser: Any, app: str, profile: Profile, lang: str, viewport: dict[str, int]
) -> str:
    """The result's peers block, as the reader sees it, for ``profile`` from a share link."""
    token = encode(State(complete(), profile), QUESTIONNAIRE)
    context = browser.new_context(viewport=viewport, locale="en-GB")
    try:
        page = open_result(context, app, token, lang)
        return plain(page.locator(BLOCK).inner_text())
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("sector", ["industry", "trade"])
def test_a_german_firm_of_300_sees_where_it_stands_among_german_firms_of_250_plus(
    browser: Any, seeded: tuple[str, list[Any], str], lang: str, sector: str
) -> None:
    app, entries, _ = seeded
    firm = Profile(size="250-4999", sector=sector, country="DE")
    expected = peers(QUESTIONNAIRE, entries, firm, complete(), today=datetime.now(UTC).date())
    # The seeded pool has enough German 250+ answers; in trade too few of their own.
    assert expected.group is not None and expected.group[:2] == ("250+", "DE")
    lines = peer_lines(expected, QUESTIONNAIRE, lang)
    shown = peer_block(browser, app, firm, lang, DESKTOP)
    assert lines.group is not None and plain(lines.group) in shown
    assert plain(lines.caveat) in shown
    for line in lines.standings:
        assert plain(line) in shown, line
    if sector == "trade":
        assert expected.group == ("250+", "DE")
        assert lines.fallback is not None and plain(lines.fallback) in shown
    else:
        assert lines.fallback is None


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_empty_pool_says_how_many_more_answers_and_shows_no_peer_figure(
    browser: Any, empty: str, lang: str, viewport: dict[str, int]
) -> None:
    firm = Profile(size="250-4999", sector="industry", country="DE")
    shown = peer_block(browser, empty, firm, lang, viewport)
    assert plain(tn("peers.waiting", 10, lang, k=10)) in shown
    assert "/100" not in shown, "no score is placed among peers"
    assert "%" not in shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_opt_in_adds_the_links_answers_once_per_device(
    browser: Any, seeded: tuple[str, list[Any], str], lang: str
) -> None:
    """Turned on, the switch adds exactly the answers and profile on screen; a second tab
    of the same browser is the same device and is told it already added them. (Each
    language forwards for its own address through the trusted proxy: sharing one, the
    second language's tries would be the address's 3rd and 4th, and be refused.)"""
    app, _, url = seeded
    firm = Profile(size="50-249", sector="ict", country="FR" if lang == "fr" else "IT")
    token = encode(State(complete(0), firm), QUESTIONNAIRE)
    before = len(entries_of(url))
    forwarded = {"X-Forwarded-For": "198.51.100.1" if lang == "en" else "198.51.100.2"}
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", extra_http_headers=forwarded)
    try:
        label = t("peers.optin.label", lang)
        for expected in ("peers.optin.added", "peers.optin.already"):
            page = open_result(context, app, token, lang)
            page.get_by_text(label).click()
            # Its words up to the first placeholder or French spaced punctuation.
            message = re.split(r"[§\u202f]", t(expected, lang, month="§"))[0].strip()
            page.locator(".st-key-bench_pool_choice").get_by_text(message).wait_for()
            settle(page)
            assert f"b={token}&" in page.url
            page.close()
    finally:
        context.close()
    added = entries_of(url)[before:]
    assert [(e.size_band, e.sector, e.country, e.answers) for e in added] == [
        ("50-249", "ict", firm.country, complete(0))
    ]


def entries_of(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        return [e for e in PoolStore(engine).entries() if e.month == this_month()]
    finally:
        engine.dispose()


def this_month() -> str:
    return datetime.now(UTC).strftime("%Y-%m")
