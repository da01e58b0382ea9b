"""The projector and the facilitator page in headless Chromium at 1920×1080.

The projector shows one question per slide, moves with the arrow key and with its button,
reveals on command (here, from the facilitator's own page, in another browser), shows no
app navigation, and every visible text is at least 24 px. The facilitator page never shows
the private link until asked; its room report opens and holds the count and each question.
"""

from __future__ import annotations

import io
import random
import re
import secrets

import pytest

import fixtures
from adoption.store import WorkshopStore, make_engine
from adoption.workshop import participant_scores, presenter_link
from adoption_ui import slides
from browser import EXCEPTION, painted, settle

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
QUESTIONS = ["q_genai", "q_strategy", "q_kpi"]
# Every visible text node's font size; hidden helpers (a 1 px skip link) do not count.
SMALL_TEXTS = """(least) => {
  const small = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    if (box.bottom < 0 || box.top > innerHeight || el.closest("[aria-hidden=true]")) continue;
    const size = parseFloat(style.fontSize);
    if (size < least - 0.05) small.push(size + "px: " + node.textContent.trim().slice(0, 40));
  }
  return small;
}"""


@pytest.fixture
def room(workshop_db_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(workshop_db_url)
    store = WorkshopStore(engine)
    store.init_schema()
    questionnaire = fixtures.questionnaire()
    created = store.create_session("Projected room", "en", QUESTIONS)
    for answer in ["yes", "yes", "yes", "no", "no", "yes"]:
        answers = {"q_genai": answer, "q_strategy": "no"}
        store.submit(
            created.info.code,
            secrets.token_urlsafe(16),
            answers,
            scores=participant_scores(questionnaire, answers, QUESTIONS),
        )
    yield store, created
    engine.dispose()


def big_enough(tab, least: float = 24) -> None:  # type: ignore[no-untyped-def]
    small = tab.evaluate(SMALL_TEXTS, least)
    assert not small, f"text under {least:g} px on the projector: {small[:8]}"


def test_the_projector_runs_the_session(browser, app_url: str, room) -> None:  # type: ignore[no-untyped-def]
    store, created = room
    code, secret = created.info.code, created.secret
    context = browser.new_context(viewport=PROJECTOR, locale="en-GB")
    screen = context.new_page()
    manage_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        screen.goto(presenter_link(app_url, code, secret, "en"))  # as the facilitator opens it
        settle(screen)
        assert screen.locator(EXCEPTION).count() == 0
        assert (
            screen.locator('[data-testid="stNavigation"], header nav, [role="navigation"]')
            .filter(has_text="Explore")
            .count()
            == 0
        ), "no app navigation on the projector"
        # Nothing of Streamlit's own top bar either (its ⋮ button is named "Main menu").
        screen.get_by_role("button", name="Next").wait_for(timeout=15_000)
        assert screen.get_by_role("button", name="Main menu").count() == 0
        assert screen.get_by_text("Key figures").count() == 0
        assert screen.get_by_text("then type the code").first.is_visible()
        assert screen.get_by_text(f"{code[:3]}-{code[3:]}").first.is_visible()
        big_enough(screen)

        screen.keyboard.press("ArrowRight")  # the keyboard moves the deck
        screen.get_by_text("Question 1 of 3").first.wait_for(timeout=15_000)
        assert screen.get_by_text("The room's answer appears when").first.is_visible()
        assert screen.get_by_text("67%", exact=True).count() == 0, "hidden until revealed"
        assert screen.get_by_text("Question 2 of 3").count() == 0, "one question per slide"
        big_enough(screen)

        # The facilitator reveals from their own page, in another browser.
        manage = manage_context.new_page()
        manage.goto(f"{app_url}/workshop?code={code}&key={secret}&lang=en")
        settle(manage)
        manage.get_by_role("button", name="Reveal").click()
        settle(manage)
        screen.get_by_text("67%", exact=True).first.wait_for(timeout=15_000)  # 4 of 6
        assert screen.get_by_text("This room").first.is_visible()
        assert screen.get_by_text("31%", exact=True).first.is_visible()  # the published figure
        size = screen.get_by_text("67%", exact=True).first.evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert size >= 64, f"the room's number is {size} px"
        big_enough(screen)

        screen.get_by_role("button", name="Next").click()  # the on-screen button
        screen.get_by_text("Question 2 of 3").first.wait_for(timeout=15_000)
        assert store.get_session(code).slide == 2
        assert screen.locator(EXCEPTION).count() == 0
    finally:
        manage_context.close()
        context.close()


def test_the_facilitator_page_keeps_the_secret_and_gives_the_report(  # type: ignore[no-untyped-def]
    browser, app_url: str, room
) -> None:
    from pypdf import PdfReader

    _store, created = room
    code, secret = created.info.code, created.secret
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True
    )
    try:
        tab = context.new_page()
        tab.goto(f"{app_url}/workshop?code={code}&key={secret}&lang=en")
        settle(tab)
        assert tab.locator(EXCEPTION).count() == 0
        body = tab.locator('[data-testid="stMain"]').inner_text()
        assert secret not in body, "the private link stays hidden until asked for"
        tab.get_by_role("button", name="Show my private link").click()
        tab.get_by_role("button", name="Hide my private link").wait_for(timeout=30_000)
        settle(tab)
        assert secret in tab.locator('[data-testid="stMain"]').inner_text()

        with tab.expect_download(timeout=60_000) as download:
            tab.get_by_role("button", name="Room report (PDF)").click()
        pdf = download.value.path().read_bytes()
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        flat = " ".join(text.split())
        assert re.search(r"\b6 participants\b", flat)
        questionnaire = fixtures.questionnaire()
        for question in questionnaire.questions:
            if question.id in QUESTIONS:
                assert " ".join(question.label("en").split())[:40] in flat
    finally:
        context.close()


# How far the slide scrolls past the screen (the slide, the app's keyed container, fills the
# screen and scrolls itself; the document must not scroll sideways either).
OVERFLOW = f"""() => {{
  const deck = document.querySelector('.st-key-{slides.DECK_KEY}');
  return [deck.scrollHeight - deck.clientHeight,
          Math.max(deck.scrollWidth - deck.clientWidth,
                   document.documentElement.scrollWidth - innerWidth)];
}}"""


@pytest.mark.parametrize("screen_size", [(1280, 720), (1024, 768), (1920, 1080), (390, 844)])
def test_every_slide_fits_a_smaller_projector(  # type: ignore[no-untyped-def]
    browser, app_url: str, workshop_db_url: str, screen_size: tuple[int, int]
) -> None:
    """A 1280×720 or 4:3 projector shows each slide whole, buttons included, scaled as a
    deck is: the text keeps its share of the screen (24 px at 1080 lines → 16 px at 720)."""
    width, height = screen_size
    questionnaire = fixtures.questionnaire()
    engine = make_engine(workshop_db_url)
    store = WorkshopStore(engine)
    store.init_schema()  # the first test of a run may reach the database before the app
    created = store.create_session("Tout le questionnaire, salle comble", "fr")
    code, secret = created.info.code, created.secret
    chance = random.Random(7)  # noqa: S311 - made-up answers
    for _ in range(6):
        answers = {q.id: chance.choice(q.codes) for q in questionnaire.questions}
        answers["q_agency"] = "yes"
        scores = participant_scores(questionnaire, answers)
        store.submit(code, secrets.token_urlsafe(16), answers, scores=scores)
    total = len(questionnaire.questions) + 2
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    screen = context.new_page()
    # A phone (the presenter link opened there) gets the slide at half size, its floor:
    # readable, never sideways, but it may scroll down.
    phone = width < 1024
    least = 24 * max(0.5, min(height / 1080, width / 1920))
    try:
        screen.goto(presenter_link(app_url, code, secret, "fr"))
        settle(screen)
        for slide in range(total):
            store.set_slide(code, secret, slide, True)
            if slide:
                marker = (
                    f"Question {slide} sur {total - 2}"
                    if slide < total - 1
                    else "pilier par pilier"
                )
                screen.get_by_text(marker).first.wait_for(timeout=15_000)
            settle(screen)  # the slide's run is over, its media loaded
            screen.wait_for_function(  # every chart on it drawn (Plotly draws after the run)
                "() => [...document.querySelectorAll('.js-plotly-plot')]"
                ".every(plot => plot.querySelector('.main-svg'))",
                timeout=30_000,
            )
            screen.locator(f".st-key-{slides.CONTROLS_KEY} button").last.wait_for()  # drawn
            painted(screen)  # the slide's scale for this screen is applied
            assert screen.locator(EXCEPTION).count() == 0
            down, across = screen.evaluate(OVERFLOW)
            assert across <= 1, f"slide {slide} scrolls sideways by {across} px"
            assert phone or down <= 1, f"slide {slide} overflows by {down} px"
            big_enough(screen, least)
    finally:
        context.close()
        engine.dispose()
