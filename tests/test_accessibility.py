"""Accessibility in a real browser: axe-core on every page, both languages, desktop and
phone; the document's language; no interface word of the other language; heading order."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

import fixtures
from a11y import BLOCKING, Visit, visit_all
from adoption.i18n import t

pytestmark = pytest.mark.browser

# Interface words that must never show on a French page, and French interface words that
# must never show on an English one. Data titles are quoted as published, so the French list
# holds interface words only.
ENGLISH = (
    "Skip to main content", "Help for", "Clear value", "Clear all", "Select all", "Search",
    "Fullscreen", "Download", "Copy to clipboard", "Choose an option", "Link to heading",
    "Main menu", "Selected values", "Remove ", "Decrement", "Increment", "App pages",
    "Show/hide", "No results", "Expand sidebar", "publisher not named",
    "consultancy blog", "online press", "answer(s)", "Your result", "Start again",
)  # fmt: skip
# Streamlit's own interface words, which exist only in English and which the app leaves as
# Streamlit writes them (README, "Streamlit's own words"): each is the exact text of one of
# Streamlit's elements (a whole text or accessible name), or its fixed start before the
# app's words ("Help for <the app's label>"). Only that text is set aside before the check,
# so the same word written by the app, or the app's words after the prefix, still fail it.
STREAMLIT_OWN = (
    "Skip to main content",  # the skip link, shown only to the keyboard
    "App pages",  # the name of the top navigation
    "Main menu",  # the ⋮ button of the top bar
    "Expand sidebar",  # on a phone, the button that opens the navigation
    "Link to heading",  # the anchor link beside a heading
    "Clear value",  # a select box's clear button
    "Clear all",  # a multiselect's clear button (Explore's filters)
    "Selected values",  # the name of a multiselect's chosen options
    "Copy to clipboard",  # the copy button of a code block (the share link)
    "Decrement",  # the − and + buttons of a number input
    "Increment",
    "Fullscreen",  # the toolbar of an image (the QR code) or a table
    "Download as CSV",  # a table's toolbar (Sources)
    "Search",
    "Show/hide columns",
)
STREAMLIT_PREFIXES = (
    "Help for ",  # a help icon, then the widget's label
    "Fullscreen: ",  # an image's full-screen button, then its description
    "Remove ",  # a multiselect's chosen option's button, then the option
    "Download as CSV: ",  # a table's toolbar, then the table's name
    "Search: ",
    "Show/hide columns: ",
)


def app_words(text: str) -> str:
    """A page's text without Streamlit's own words (see STREAMLIT_OWN): one text or
    accessible name a line, as ``a11y.TEXT_JS`` gives them."""
    kept = []
    for line in text.split("\n"):
        plain = line.strip()
        if plain in STREAMLIT_OWN:
            continue
        for prefix in STREAMLIT_PREFIXES:
            if plain.startswith(prefix):
                plain = plain.removeprefix(prefix)
        kept.append(plain)
    return "\n".join(kept)


def test_app_words_sets_aside_only_streamlits_own_text() -> None:
    text = "Skip to main content\nHelp for Effectif\nSearch the figures\nHelp for Download"
    assert app_words(text) == "Effectif\nSearch the figures\nDownload"


FRENCH = (
    "Aller au contenu", "Aide :", "Effacer", "Tout sélectionner", "Rechercher", "Plein écran",
    "Télécharger", "Choisissez", "Lien vers ce titre", "Menu principal", "Valeurs choisies",
    "Retirer ", "Diminuer", "Augmenter", "Votre résultat", "Tout effacer", "réponse(s)",
    "Trier par", "Prochaines étapes", "éditeur non nommé",
)  # fmt: skip


@pytest.fixture(scope="module")
def visits(browser, app_url: str, workshop_db_url: str) -> list[Visit]:
    """Every page × language × width, visited once for all the checks below."""
    return list(visit_all(browser, app_url, workshop_db_url))


def test_every_page_state_was_visited(visits: list[Visit]) -> None:
    assert len({(v.page, v.lang, v.width) for v in visits}) == len(visits) >= 52


def test_no_critical_or_serious_violation_anywhere(visits: list[Visit]) -> None:
    found = [v for visit in visits for v in visit.violations]
    report = [f"{v.page} {v.lang} {v.width}: {v.impact} {v.rule} {v.targets[:2]}" for v in found]
    assert not found, "\n".join(report)


def test_the_document_is_in_the_page_language(visits: list[Visit]) -> None:
    wrong = [f"{v.page} {v.lang}: {v.document_lang}" for v in visits if v.document_lang != v.lang]
    assert not wrong, wrong


def test_pages_speak_one_language(visits: list[Visit]) -> None:
    leaks = [
        f"{v.page} {v.lang} {v.width}: {word!r}"
        for v in visits
        for word in (ENGLISH if v.lang == "fr" else FRENCH)
        if word in (app_words(v.text) if v.lang == "fr" else v.text)
    ]
    assert not leaks, leaks


def test_headings_never_skip_a_level(visits: list[Visit]) -> None:
    skipped = [
        f"{v.page} {v.lang} {v.width}: h{before} → h{after}"
        for v in visits
        for before, after in zip([0, *v.headings], v.headings, strict=False)
        if after > before + 1
    ]
    assert not skipped, skipped


def test_the_document_language_follows_the_switch(browser, app_url: str) -> None:
    from browser import settle

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{app_url}/?lang=fr")
    settle(page)
    page.wait_for_function("document.documentElement.lang === 'fr'", timeout=10_000)
    assert page.get_by_role("heading", level=1).first.inner_text() == t("home.title", "fr")
    page.get_by_role("radio", name="EN", exact=True).click()
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=20_000)
    settle(page)
    assert page.get_by_role("heading", level=1).first.inner_text() == t("home.title", "en")
    context.close()


# What has the keyboard focus: a first answer of a question not answered yet?
FOCUS_JS = """() => {
  const e = document.activeElement;
  if (!e) { return "none"; }
  if (e.getAttribute("role") === "tab") { return "tab:" + e.textContent; }
  const group = e.closest('[role="radiogroup"]');
  if (!group) { return "other"; }
  const chosen = group.querySelector('[aria-checked="true"], input:checked');
  return chosen ? "answered" : "unanswered";
}"""


def test_the_benchmark_can_be_completed_with_the_keyboard_alone(browser, app_url: str) -> None:
    from browser import settle

    questionnaire = fixtures.questionnaire()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/benchmark?lang=en")
    settle(page)
    keys = 0

    def press(key: str) -> str:
        nonlocal keys
        keys += 1
        page.keyboard.press(key)
        if key in ("Space", "Enter"):
            settle(page)
        return str(page.evaluate(FOCUS_JS))

    # Tab through the page; the first answer of each question not answered yet is taken.
    state = press("Tab")
    while keys < 400:
        if state == "unanswered":
            press("Space")
        state = press("Tab")
        answered = page.evaluate(
            "() => [...document.querySelectorAll('[role=radiogroup]')]"
            ".filter(g => g.querySelector('[aria-checked=true], input:checked')).length"
        )
        if answered >= len(questionnaire.questions) + 1:  # and the language switch
            break
    # Back up to the tabs, then across to the result.
    while not state.startswith("tab:") and keys < 500:
        state = press("Shift+Tab")
    press("ArrowRight")
    press("Enter")
    score = page.get_by_text(re.compile(r"^\d{1,3}/100$")).first
    score.wait_for(timeout=30_000)
    print(f"benchmark completed with {keys} keys, score {score.inner_text()}")
    assert "b=3." in page.url and "view=result" in page.url
    assert keys < 400
    context.close()


def test_a_workshop_answer_can_be_sent_with_the_keyboard_alone(
    browser, app_url: str, workshop_db_url: str
) -> None:
    from a11y import session_links
    from browser import settle

    session = session_links(workshop_db_url)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{app_url}/join?lang=en&code={session['code']}")
    settle(page)
    keys = 0
    state = ""
    # Tab to the first question not answered yet, take its first answer, then on to Send.
    while keys < 200:
        keys += 1
        page.keyboard.press("Tab")
        state = str(page.evaluate(FOCUS_JS))
        if state == "unanswered":
            keys += 1
            page.keyboard.press("Space")
            settle(page)
            break
    send = t("ws.join.submit", "en")
    while keys < 300:
        keys += 1
        page.keyboard.press("Tab")
        focused = str(page.evaluate("() => (document.activeElement.textContent || '').trim()"))
        if focused.endswith(send):  # after the button's icon
            break
    keys += 1
    page.keyboard.press("Enter")
    page.get_by_text("Answers saved.").wait_for(timeout=30_000)
    print(f"workshop answer sent with {keys} keys")
    assert keys < 300
    # The join page after sending (the participant's result) is clean too.
    settle(page)
    results = Axe().run(page).response
    blocking = [v["id"] for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, blocking
    context.close()
