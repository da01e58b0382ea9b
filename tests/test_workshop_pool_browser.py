"""In Chromium against ``streamlit run``: the closing slide with a pool of 200 generated
answers seeded by the test. At 1920×1080 and 1280×720 the room's median among the firms who
answered here is on the slide, whole (nothing cut at the top or the bottom), every text at
least 32 px at 1080 lines, and the room's own figures and QR code still there."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

import fixtures
from adoption.peers import release, room_among, room_lines
from adoption.store import CreatedSession, WorkshopStore, make_engine
from adoption.workshop import MIN_GROUP, participant_scores, presenter_link
from adoption_ui import slides
from browser import EXCEPTION, SMALL_TEXTS, painted, settle
from conftest import serving
from pool_seed import seed_pool

pytestmark = pytest.mark.browser

QUESTIONNAIRE = fixtures.questionnaire()
PROFILE = {"size_class": "50-249", "sector": "industry", "country": "FR"}
# Every text of the slide lies within the screen: a slide too tall for it is cut at both
# ends (it is centred, and the deck never scrolls on a projector).
OUTSIDE = f"""() => {{
  const deck = document.querySelector('.st-key-{slides.DECK_KEY}');
  const out = [];
  const walk = document.createTreeWalker(deck, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {{
    const node = walk.currentNode;
    if (!node.textContent.trim()) continue;
    const box = node.parentElement.getBoundingClientRect();
    if (box.top < -0.5 || box.bottom > innerHeight + 0.5 || box.right > innerWidth + 0.5) {{
      out.push(node.textContent.trim().slice(0, 40));
    }}
  }}
  return out;
}}"""


def plain(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", text).strip()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, list[Any]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pooled') / 'workshop.sqlite3'}"
    entries = seed_pool(url, QUESTIONNAIRE, 200)
    with serving({"ADOPTION_DATABASE_URL": url}) as app:
        yield app, url, entries


def closing_room(engine: Any, answered: int) -> tuple[WorkshopStore, CreatedSession]:
    store = WorkshopStore(engine)
    created = store.create_session("Dirigeants de PME, Lyon", "fr", country="FR")
    for index in range(answered):
        answers = fixtures.complete(QUESTIONNAIRE, index % 3)
        scores = participant_scores(QUESTIONNAIRE, answers)
        store.submit(created.info.code, secrets.token_urlsafe(16), answers, PROFILE, scores)
    store.set_slide(created.info.code, created.secret, len(QUESTIONNAIRE.questions) + 1, False)
    return store, created


@pytest.mark.parametrize("screen_size", [(1920, 1080), (1280, 720)], ids=["1920", "1280"])
def test_the_closing_slide_sets_the_room_among_the_pool_and_still_fits(  # type: ignore[no-untyped-def]
    browser, seeded: tuple[str, str, list[Any]], screen_size: tuple[int, int]
) -> None:
    app, url, entries = seeded
    engine = make_engine(url)
    store, created = closing_room(engine, MIN_GROUP + 1)
    expected = room_among(
        release(QUESTIONNAIRE, entries, datetime.now(UTC).date()),
        store.room_scores(created.info.code, created.secret),
        MIN_GROUP,
    )
    assert expected is not None
    width, height = screen_size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    screen = context.new_page()
    try:
        code = created.info.code
        screen.goto(presenter_link(app, code, store.presenter_token(code, created.secret), "fr"))
        screen.get_by_text("pilier par pilier").first.wait_for(timeout=30_000)
        settle(screen)
        painted(screen)
        assert screen.locator(EXCEPTION).count() == 0
        deck = screen.locator(f".st-key-{slides.DECK_KEY}")
        shown = plain(deck.inner_text())
        for line in room_lines(expected, "fr"):
            assert plain(line) in shown, line
        assert "moyenne générale" in shown, "the room's own averages are still there"
        assert deck.get_by_role("img", name=re.compile("QR code")).count() == 1
        outside = screen.evaluate(OUTSIDE)
        assert not outside, f"cut off the screen: {outside[:6]}"
        least = slides.MIN_TEXT_PX * min(height / 1080, width / 1920)
        small = screen.evaluate(SMALL_TEXTS, least)
        assert not small, f"text under {least:g} px: {small[:6]}"
    finally:
        context.close()
        engine.dispose()
