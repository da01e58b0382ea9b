"""The projector and the facilitator page in headless Chromium.

The projector shows one question per slide and nothing a click could act on: the arrow keys
and a clicker's Page Down move it, the facilitator reveals from their own page in another
browser, a click on the slide draws no focus frame. At 1920×1080, 1280×720 and 1024×768
every slide stays whole, every visible text is at least 32 px scaled to the screen, no
button or other control sits in the slide area, and each question slide shows the published
figure for the room's population with 0, 4 and 5 answers. The closing slide counts who took
part and its QR code decodes to the join link, where each phone finds its own result. The
facilitator page never shows the private link until asked; its room report opens and holds
the count and each question.
"""

from __future__ import annotations

import io
import random
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

import fixtures
from adoption.store import CreatedSession, WorkshopStore, make_engine
from adoption.workshop import (
    MIN_GROUP,
    join_link,
    participant_scores,
    presenter_link,
    room_figure,
    room_population,
    short_join,
)
from adoption_ui import slides
from browser import EXCEPTION, SMALL_TEXTS, painted, settle

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
QUESTIONS = ["q_genai", "q_strategy", "q_kpi"]
# Every control a person could click or tab to that is drawn over the slide: buttons,
# links, fields, anything focusable. The page's own scrolling regions that hold the slide
# (Streamlit's main area) are containers, not controls on it.
CONTROLS_ON_SLIDE = f"""() => {{
  const deck = document.querySelector('.st-key-{slides.DECK_KEY}');
  const area = deck.getBoundingClientRect();
  const found = [];
  const selector = 'button, a[href], input, select, textarea, summary, [role=button], ' +
    '[role=link], [role=slider], [contenteditable=true], [tabindex]:not([tabindex="-1"])';
  for (const el of document.querySelectorAll(selector)) {{
    if (el.contains(deck)) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width < 1 || box.height < 1 || style.visibility === 'hidden') continue;
    if (style.display === 'none' || parseFloat(style.opacity) === 0) continue;
    const inside = box.right > area.left && box.left < area.right &&
      box.bottom > area.top && box.top < area.bottom;
    if (inside) found.push(el.tagName + ' ' + (el.innerText || el.getAttribute('aria-label') || ''));
  }}
  return found;
}}"""
# A focus ring drawn anywhere: the focused element's outline or shadow, or any element the
# browser marks as keyboard-focused.
FOCUS_RINGS = """() => {
  const rings = [];
  const drawn = (el) => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || (style.boxShadow && style.boxShadow !== 'none');
  };
  const active = document.activeElement;
  if (active && active !== document.body && drawn(active)) rings.push(active.tagName);
  for (const el of document.querySelectorAll(':focus-visible')) {
    if (drawn(el)) rings.push(el.tagName + ':focus-visible');
  }
  return rings;
}"""


def scale(width: int, height: int) -> float:
    """The slide's scale on a screen (see adoption_ui.slides.u): 1 at 1920×1080."""
    return max(0.5, min(height / 1080, width / 1920))


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


def big_enough(tab, least: float = slides.MIN_TEXT_PX) -> None:  # type: ignore[no-untyped-def]
    small = tab.evaluate(SMALL_TEXTS, least)
    assert not small, f"text under {least:g} px on the projector: {small[:8]}"


def nothing_to_click(tab) -> None:  # type: ignore[no-untyped-def]
    controls = tab.evaluate(CONTROLS_ON_SLIDE)
    assert not controls, f"controls in the slide area: {controls[:8]}"


def test_the_projector_runs_the_session(browser, app_url: str, room) -> None:  # type: ignore[no-untyped-def]
    store, created = room
    code, secret = created.info.code, created.secret
    context = browser.new_context(viewport=PROJECTOR, locale="en-GB")
    screen = context.new_page()
    manage_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        # As the facilitator opens it: a presenter token, never the key.
        screen.goto(presenter_link(app_url, code, store.presenter_token(code, secret), "en"))
        settle(screen)
        assert screen.locator(EXCEPTION).count() == 0
        assert (
            screen.locator('[data-testid="stNavigation"], header nav, [role="navigation"]')
            .filter(has_text="Explore")
            .count()
            == 0
        ), "no app navigation on the projector"
        screen.get_by_text("then type the code").first.wait_for(timeout=15_000)
        # Nothing of Streamlit's own top bar either (its ⋮ button is named "Main menu").
        assert screen.get_by_role("button", name="Main menu").count() == 0
        assert screen.get_by_role("button").count() == 0, "no button on the projector"
        assert screen.get_by_text("Key figures").count() == 0
        assert screen.get_by_text(f"{code[:3]}-{code[3:]}").first.is_visible()
        big_enough(screen)

        # A click on the slide (to bring the window forward) moves no focus: the key pressed
        # next draws no frame across the slide, and it still moves the deck.
        screen.mouse.click(PROJECTOR["width"] // 3, 60)
        screen.keyboard.press("ArrowRight")
        screen.get_by_text("Question 1 of 3").first.wait_for(timeout=15_000)
        settle(screen)
        painted(screen)
        assert screen.evaluate(FOCUS_RINGS) == [], "a focus frame on the slide"
        assert screen.get_by_text("The room's answer appears when").first.is_visible()
        assert screen.get_by_text("67%", exact=True).count() == 0, "hidden until revealed"
        assert screen.get_by_text("31%", exact=True).first.is_visible(), "the figure is not"
        assert screen.get_by_text("Question 2 of 3").count() == 0, "one question per slide"
        big_enough(screen)
        nothing_to_click(screen)

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
        assert size >= slides.NUMBER_PX, f"the room's number is {size} px"
        big_enough(screen)

        screen.keyboard.press("PageDown")  # what a presentation clicker sends
        screen.get_by_text("Question 2 of 3").first.wait_for(timeout=15_000)
        assert store.get_session(code).slide == 2
        assert screen.locator(EXCEPTION).count() == 0
        assert screen.evaluate(FOCUS_RINGS) == []
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
# screen; the document must not scroll sideways either).
OVERFLOW = f"""() => {{
  const deck = document.querySelector('.st-key-{slides.DECK_KEY}');
  return [deck.scrollHeight - deck.clientHeight,
          Math.max(deck.scrollWidth - deck.clientWidth,
                   document.documentElement.scrollWidth - innerWidth)];
}}"""
# A French room of five SME leaders: who they are decides each slide's figure.
PROFILES = [
    {"size_class": "10-19", "sector": "industry"},
    {"size_class": "20-49", "sector": "trade"},
    {"size_class": "20-49", "sector": "industry"},
    {"size_class": "10-19", "sector": "trade"},
    {"size_class": "20-49", "sector": "industry"},
]


def french_room(store: WorkshopStore, answered: int) -> CreatedSession:
    """A French session of the whole questionnaire with ``answered`` participants."""
    questionnaire = fixtures.questionnaire()
    created = store.create_session("Dirigeants de PME, Lyon", "fr", country="FR")
    chance = random.Random(7)  # noqa: S311 - made-up answers
    for i in range(answered):
        answers = {q.id: chance.choice(q.codes) for q in questionnaire.questions}
        answers["q_agency"] = "yes"
        scores = participant_scores(questionnaire, answers)
        profile = PROFILES[i % len(PROFILES)]
        store.submit(created.info.code, secrets.token_urlsafe(16), answers, profile, scores)
    return created


def expected_figures(answered: int) -> dict[int, str]:
    """The published figure's value each question slide must show, by slide number: the
    engine's choice for the room (its profiles count from MIN_GROUP participants)."""
    questionnaire = fixtures.questionnaire()
    profiles = [(p, 1) for p in (PROFILES * 2)[:answered]]
    room = room_population(questionnaire, "FR", profiles)
    found = {}
    for slide, question in enumerate(questionnaire.questions, start=1):
        figure = room_figure(fixtures.dataset(), question, room, "fr")
        if figure is not None:
            found[slide] = figure.value_text
    return found


@pytest.fixture
def store(workshop_db_url: str) -> Iterator[WorkshopStore]:
    engine = make_engine(workshop_db_url)
    shop = WorkshopStore(engine)
    shop.init_schema()  # the first test of a run may reach the database before the app
    yield shop
    engine.dispose()


def walk_the_deck(screen: Any, store: WorkshopStore, created: CreatedSession) -> Iterator[int]:
    """Put each slide on the projector in turn, revealed, and yield it once it is drawn."""
    code, secret = created.info.code, created.secret
    total = len(fixtures.questionnaire().questions) + 2
    for slide in range(total):
        store.set_slide(code, secret, slide, True)
        if slide:
            marker = (
                f"Question {slide} sur {total - 2}" if slide < total - 1 else "pilier par pilier"
            )
            screen.get_by_text(marker).first.wait_for(timeout=15_000)
        settle(screen)  # the slide's run is over, its media loaded
        painted(screen)  # the slide's scale for this screen is applied
        yield slide


@pytest.mark.parametrize(
    ("screen_size", "answered"),
    [
        ((1920, 1080), MIN_GROUP),
        ((1280, 720), MIN_GROUP),
        ((1024, 768), MIN_GROUP),
        ((390, 844), MIN_GROUP),
        ((1920, 1080), MIN_GROUP - 1),
        ((1920, 1080), 0),
    ],
    ids=lambda value: "x".join(map(str, value)) if isinstance(value, tuple) else f"{value}answers",
)
def test_every_slide_reads_from_the_back_of_the_room(  # type: ignore[no-untyped-def]
    browser, app_url: str, store: WorkshopStore, screen_size: tuple[int, int], answered: int
) -> None:
    """Each slide, revealed: whole on the screen (a 1280×720 or 4:3 projector shows it
    scaled, as a deck does), every text at least 32 px at 1080 lines (21 px at 720), no
    control in the slide area, and the published figure on every question that has one,
    whether 0, 4 or 5 people answered."""
    width, height = screen_size
    created = french_room(store, answered)
    figures = expected_figures(answered)
    assert len(figures) >= 8, "most questions have a published figure"
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    screen = context.new_page()
    # A phone (the presenter link opened there) gets the slide at half size, its floor:
    # readable, never sideways, but it may scroll down.
    phone = width < 1024
    least = slides.MIN_TEXT_PX * scale(width, height)
    try:
        code = created.info.code
        screen.goto(
            presenter_link(app_url, code, store.presenter_token(code, created.secret), "fr")
        )
        settle(screen)
        for slide in walk_the_deck(screen, store, created):
            assert screen.locator(EXCEPTION).count() == 0
            down, across = screen.evaluate(OVERFLOW)
            assert across <= 1, f"slide {slide} scrolls sideways by {across} px"
            assert phone or down <= 1, f"slide {slide} overflows by {down} px"
            big_enough(screen, least)
            nothing_to_click(screen)
            if slide in figures:
                deck = screen.locator(f".st-key-{slides.DECK_KEY}")
                shown = deck.get_by_text(figures[slide], exact=True)
                assert shown.count() >= 1, f"slide {slide}: no published figure"
                assert shown.first.is_visible() or phone
    finally:
        context.close()


def test_the_closing_slide_counts_the_room_and_leads_back_to_each_result(  # type: ignore[no-untyped-def]
    browser, app_url: str, store: WorkshopStore
) -> None:
    import zxingcpp
    from PIL import Image

    created = french_room(store, MIN_GROUP)
    code, secret = created.info.code, created.secret
    last = len(fixtures.questionnaire().questions) + 1
    store.set_slide(code, secret, last, False)
    context = browser.new_context(viewport=PROJECTOR, locale="fr-FR")
    screen = context.new_page()
    try:
        screen.goto(presenter_link(app_url, code, store.presenter_token(code, secret), "fr"))
        screen.get_by_text("pilier par pilier").first.wait_for(timeout=30_000)
        settle(screen)
        screen.get_by_role("img", name=re.compile("QR code")).last.wait_for()
        painted(screen)
        deck = screen.locator(f".st-key-{slides.DECK_KEY}")
        count = deck.get_by_text(str(MIN_GROUP), exact=True)
        assert count.first.is_visible(), "the closing slide says how many took part"
        assert deck.get_by_text("participants ont répondu").first.is_visible()
        link = join_link(app_url, code, "fr")
        assert deck.get_by_text(short_join(link), exact=True).first.is_visible()
        # The QR code as the room sees it: decoded from a screenshot of the projector.
        shot = Image.open(io.BytesIO(screen.screenshot()))
        decoded = [found.text for found in zxingcpp.read_barcodes(shot)]
        assert decoded == [link], decoded
        big_enough(screen)
        nothing_to_click(screen)
    finally:
        context.close()
