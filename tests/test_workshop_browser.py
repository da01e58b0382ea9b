"""A whole workshop in a real browser: `streamlit run` + headless Chromium.

A facilitator creates a session; five phones (390×844, each its own browser context, so
its own Streamlit session) join by the link and send their answers; the projector
(1280×800), opened before anyone answered, counts them and shows the room against the
published figure without being reloaded; the CSV export holds five rows; no participant
page ever holds the facilitator's key.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import fixtures
from browser import (
    ANSWERS,
    DESKTOP,
    EXCEPTION,
    FACILITATOR_ZONE,
    PHONE,
    create_session,
    join_and_answer,
    settle,
)

pytestmark = pytest.mark.browser


def test_a_room_answers_and_the_projector_follows_live(browser, app_url: str) -> None:
    facilitator, manage, code, secret = create_session(browser, app_url, "Browser workshop")
    assert manage.locator(EXCEPTION).count() == 0
    assert manage.get_by_text(f"{code[:3]}-{code[3:]}").first.is_visible()

    projector = browser.new_context(viewport=DESKTOP, locale="en-GB")
    screen = projector.new_page()
    screen.goto(f"{app_url}/presenter?code={code}&key={secret}&lang=en")
    settle(screen)
    assert screen.get_by_text("then type the code").first.is_visible()
    # Anything set on `window` survives only as long as the page is not reloaded.
    screen.evaluate("window.__notReloaded = true")

    for answer in ANSWERS:
        join_and_answer(browser, app_url, code, secret, answer)

    # The fragment timer (1.5 s) brings the count in; nobody reloads the projector tab.
    screen.locator('[data-testid="stHtml"]', has_text="participants have answered").filter(
        has_text="5"
    ).first.wait_for(timeout=20_000)
    screen.keyboard.press("ArrowRight")  # the first question
    screen.get_by_text("Question 1 of").first.wait_for(timeout=15_000)
    screen.keyboard.press("ArrowRight")  # its answer, revealed
    screen.get_by_text("This room").first.wait_for(timeout=20_000)
    screen.get_by_text("60%", exact=True).first.wait_for(timeout=10_000)
    assert screen.get_by_text("31%", exact=True).first.is_visible()  # the published figure
    assert screen.evaluate("window.__notReloaded === true"), "the projector page was reloaded"
    assert screen.locator(EXCEPTION).count() == 0

    # The facilitator exports the five answers.
    manage.reload()
    settle(manage)
    with manage.expect_download(timeout=30_000) as download_info:
        manage.get_by_role("button", name="Export the answers (CSV)").click()
    body = download_info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == len(ANSWERS)
    # Headed by the question's text, answered in words, with each participant's score, and
    # sent at a time of the facilitator's zone, its offset written.
    question = fixtures.questionnaire().question("q_genai")
    assert sorted(row[question.label("en")] for row in rows) == sorted(ANSWERS)
    assert all(row["Overall score (out of 100)"].isdigit() for row in rows)
    offset = datetime.now(ZoneInfo(FACILITATOR_ZONE)).strftime("%z")
    sent = [row[f"Sent ({FACILITATOR_ZONE})"] for row in rows]
    assert all(value.endswith(f"{offset[:3]}:{offset[3:]}") for value in sent), sent
    assert secret not in body
    projector.close()
    facilitator.close()


def test_a_participant_page_never_holds_the_key(browser, app_url: str) -> None:
    facilitator, _manage, code, secret = create_session(browser, app_url, "Key check")
    facilitator.close()
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    tab = context.new_page()
    try:
        # The facilitator pasted their own private link into the room's chat by mistake.
        tab.goto(f"{app_url}/join?code={code}&key={secret}&lang=fr")
        settle(tab)
        assert tab.locator(EXCEPTION).count() == 0
        assert "key=" not in tab.url
        assert secret not in tab.content()
    finally:
        context.close()


def test_the_projector_refuses_a_forged_key(browser, app_url: str) -> None:
    facilitator, _manage, code, _secret = create_session(browser, app_url, "Forged")
    facilitator.close()
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/presenter?code={code}&key=not-the-key&lang=en")
        settle(tab)
        assert tab.locator(EXCEPTION).count() == 0
        assert tab.get_by_text("This facilitator link is not valid").first.is_visible()
        assert tab.get_by_text("Forged").count() == 0
    finally:
        context.close()


def test_taps_stay_on_the_phone_and_survive_a_reload(
    browser, app_url: str, workshop_db_url: str
) -> None:
    """Taps store nothing: the conditional question appears as soon as its condition is
    tapped, the phone keeps a draft of what is on screen that a language switch and a
    reload bring back (profile included), and Send stores exactly what was on screen."""
    from adoption.store import WorkshopStore, make_engine

    facilitator, _manage, code, secret = create_session(browser, app_url, "Taps room")
    facilitator.close()
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    tab = context.new_page()
    stored = f"JSON.parse(window.localStorage.getItem('adoption.draft.{code}') || 'null')"
    try:
        tab.goto(f"{app_url}/join?code={code}&lang=en")
        # The device probe has reported (its one message: the token it keeps) and the run
        # that message started is over.
        tab.wait_for_function(
            "() => window.localStorage.getItem('adoption.device') !== null", timeout=30_000
        )
        settle(tab)
        # The browser has reported its token and the page keeps the (empty) draft.
        tab.wait_for_function(f"{stored} !== null", timeout=30_000)

        def option(question: str, nth: int):  # type: ignore[no-untyped-def]
            return tab.locator(f'.st-key-wsj_{code}_{question} [role="radio"]').nth(nth)

        satisfaction = tab.locator(f".st-key-wsj_{code}_q_satisfaction_box")
        assert not satisfaction.is_visible(), "asked only after Yes to the agency question"
        option("q_genai", 0).click()
        option("q_strategy", 1).click()
        option("q_agency", 0).click()
        satisfaction.wait_for(state="visible", timeout=15_000)
        option("q_satisfaction", 3).click()
        size = tab.locator(f".st-key-wsj_{code}_size input")
        size.click()
        size.press("ArrowDown")
        size.press("Enter")
        tab.wait_for_function(
            f"{stored}?.profile?.size_class && {stored}?.answers?.q_satisfaction === '4'",
            timeout=30_000,
        )
        assert tab.evaluate(f"{stored}.answers") == {
            "q_genai": "yes",
            "q_strategy": "no",
            "q_agency": "yes",
            "q_satisfaction": "4",
        }
        chosen_size = size.input_value()
        sizes = fixtures.questionnaire().profile_options("size")
        french_size = next(c.label("fr") for c in sizes if c.label("en") == chosen_size)

        # A language switch relabels the form: the answers stay.
        tapped = (("q_genai", 0), ("q_strategy", 1), ("q_agency", 0), ("q_satisfaction", 3))
        all_back = f"""(label) => {[list(t) for t in tapped]!r}.every(([q, n]) =>
              document.querySelectorAll(`.st-key-wsj_{code}_${{q}} [role="radio"]`)[n]
                ?.getAttribute("aria-checked") === "true")
            && document.querySelector('.st-key-wsj_{code}_size input')?.value === label"""
        tab.get_by_role("radio", name="FR", exact=True).click()
        tab.get_by_text("Rejoindre l'atelier").first.wait_for(timeout=30_000)
        tab.wait_for_function(all_back, arg=french_size, timeout=30_000)
        tab.get_by_role("radio", name="EN", exact=True).click()
        tab.get_by_text("Join the workshop").first.wait_for(timeout=30_000)
        tab.wait_for_function(all_back, arg=chosen_size, timeout=30_000)

        tab.reload()  # the phone drops the tab before Send: the answers and size come back
        settle(tab)
        tab.wait_for_function(all_back, arg=chosen_size, timeout=30_000)
        assert satisfaction.is_visible()

        tab.get_by_role("button", name="Send my answers").click()
        tab.get_by_text("Answers saved.").wait_for(timeout=30_000)
        assert tab.locator(EXCEPTION).count() == 0
    finally:
        context.close()
    engine = make_engine(workshop_db_url)
    try:
        rows = WorkshopStore(engine).room_answers(code, secret)
    finally:
        engine.dispose()
    assert len(rows) == 1
    assert rows[0].answers == {
        "q_genai": "yes",
        "q_strategy": "no",
        "q_agency": "yes",
        "q_satisfaction": "4",
    }
    assert rows[0].profile.get("size_class"), "the size chosen before the reload is stored"
