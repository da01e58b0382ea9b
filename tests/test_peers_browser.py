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
from adoption.i18n import tn
from adoption.peers import peer_lines, peers
from adoption.urlstate import State, encode
from browser import DESKTOP, EXCEPTION, PHONE, settle
from conftest import serving
from pool_seed import seed_pool

pytestmark = pytest.mark.browser

QUESTIONNAIRE = fixtures.questionnaire()
BLOCK = ".st-key-bench_peers"


def complete(choice: int = 1) -> dict[str, str]:
    answers: dict[str, str] = {}
    for question in QUESTIONNAIRE.questions:
        if question.applies(answers):
            answers[question.id] = question.codes[min(choice, len(question.codes) - 1)]
    return answers


def plain(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", text).strip()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Any]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'workshop.sqlite3'}"
    entries = seed_pool(url, QUESTIONNAIRE, 200)
    with serving({"ADOPTION_DATABASE_URL": url}) as app:
        yield app, entries


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('empty')) / 'workshop.sqlite3'}"
    with serving({"ADOPTION_DATABASE_URL": url}) as app:
        yield app


def peer_block(
    browser: Any, app: str, profile: Profile, lang: str, viewport: dict[str, int]
) -> str:
    """The result's peers block, as the reader sees it, for ``profile`` from a share link."""
    token = encode(State(complete(), profile), QUESTIONNAIRE)
    context = browser.new_context(viewport=viewport, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{app}/benchmark?lang={lang}&b={token}&view=result")
        settle(page)
        page.locator(BLOCK).wait_for()
        settle(page)
        assert page.locator(EXCEPTION).count() == 0
        return plain(page.locator(BLOCK).inner_text())
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("sector", ["industry", "trade"])
def test_a_german_firm_of_300_sees_where_it_stands_among_german_firms_of_250_plus(
    browser: Any, seeded: tuple[str, list[Any]], lang: str, sector: str
) -> None:
    app, entries = seeded
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
