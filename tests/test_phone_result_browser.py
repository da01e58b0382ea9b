"""Everyone in the room leaves with their own result: real Chromium phones, one live server.

A French session (the room's country France); five phones at 390×844, each its own browser
context (its own device token and Streamlit session), answer differently and send. Each
sees its own score (the benchmark engine's, for its answers) with France as its own
population, brought into view; downloads its PDF (a PDF, with that score in it); and its
share link opens /benchmark, in another browser, on the same score. Once the session is
closed, a phone that comes back finds its result first, then the notice.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

import fixtures
from adoption.benchmark import Profile
from adoption.i18n import t
from adoption.store import WorkshopStore, make_engine
from adoption.workshop import participant_result
from browser import EXCEPTION, PHONE, settle

pytestmark = pytest.mark.browser

DATASET = fixtures.dataset()
QUESTIONNAIRE = fixtures.questionnaire()
SCORE = re.compile(r"^\d{1,3}/100$")
# Five firms, five different scores (30, 0, 13, 10, 37 out of 100).
PHONES = [
    {"q_genai": "yes", "q_strategy": "yes", "q_policy": "yes", "q_kpi": "yes"},
    {"q_genai": "no", "q_strategy": "no"},
    {"q_genai": "yes", "q_strategy": "yes", "q_kpi": "no"},
    {"q_genai": "yes", "q_policy": "yes"},
    {"q_genai": "no", "q_strategy": "yes", "q_policy": "yes", "q_pilot": "yes", "q_kpi": "yes"},
]


def expected_score(answers: dict[str, str]) -> str:
    mine = participant_result(DATASET, QUESTIONNAIRE, answers, Profile(country="FR"), "fr")
    return f"{mine.score.overall}/100"


def answer_and_send(tab: Any, code: str, answers: dict[str, str]) -> None:
    tab.wait_for_function(
        "() => window.localStorage.getItem('adoption.device') !== null", timeout=30_000
    )
    settle(tab)
    for question, value in answers.items():
        index = QUESTIONNAIRE.question(question).codes.index(value)
        tab.locator(f'.st-key-wsj_{code}_{question} [role="radio"]').nth(index).click()
        settle(tab)
    tab.get_by_role("button", name=t("ws.join.submit", "fr")).click()
    tab.locator(".st-key-ws_result").get_by_text(t("ws.join.result", "fr")).wait_for(timeout=30_000)
    settle(tab)


def test_five_phones_each_leave_with_their_own_result(
    browser: Any, app_url: str, workshop_db_url: str
) -> None:
    engine = make_engine(workshop_db_url)
    try:
        store = WorkshopStore(engine)
        store.init_schema()  # as the app does on its first workshop page
        room = store.create_session("Club des dirigeants", "fr", country="FR")
    finally:
        engine.dispose()
    code = room.info.code
    scores = [expected_score(answers) for answers in PHONES]
    assert len(set(scores)) == len(PHONES), "five different firms"

    phones, links = [], []
    try:
        for answers, score in zip(PHONES, scores, strict=True):
            context = browser.new_context(viewport=PHONE, locale="fr-FR", accept_downloads=True)
            phones.append(context)
            tab = context.new_page()
            tab.goto(f"{app_url}/join?code={code}&lang=fr")
            settle(tab)
            answer_and_send(tab, code, answers)
            assert tab.locator(EXCEPTION).count() == 0

            # Its own score, brought into view, with France as its own population.
            result = tab.locator(".st-key-ws_result")
            box = result.bounding_box()
            assert box is not None and 0 <= box["y"] < PHONE["height"] / 2, box
            shown = tab.get_by_text(SCORE).first.inner_text()
            assert shown == score
            assert "France" in tab.locator(".st-key-bench_own").inner_text()
            steps = tab.locator(".st-key-bench_next_steps").inner_text()
            assert len(re.findall(r"^\d\. ", steps, flags=re.MULTILINE)) in (3, 4, 5)
            overflow = tab.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
            assert not overflow, "the phone page scrolls sideways"

            # Its PDF: a PDF, with its score.
            with tab.expect_download(timeout=30_000) as info:
                tab.get_by_role("button", name=t("benchpage.pdf", "fr")).click()
            pdf = info.value.path().read_bytes()
            assert pdf.startswith(b"%PDF")
            content = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
            assert score in content

            link = (
                tab.locator('[data-testid="stCode"]', has_text="/benchmark?").inner_text().strip()
            )
            assert re.search(r"[?&]b=3\.", link) and "lang=fr" in link
            assert room.secret not in link and room.secret not in tab.content()
            links.append(link)

        # Each link opens the benchmark page, in another browser, on the same score.
        for link, score in zip(links, scores, strict=True):
            other = browser.new_context(viewport=PHONE, locale="fr-FR")
            try:
                page = other.new_page()
                page.goto(link)
                settle(page)
                page.get_by_text(SCORE).first.wait_for(timeout=30_000)
                assert page.get_by_text(SCORE).first.inner_text() == score
                assert page.locator(EXCEPTION).count() == 0
            finally:
                other.close()

        # The facilitator closes the session; the first phone comes back to the link.
        engine = make_engine(workshop_db_url)
        try:
            WorkshopStore(engine).close(code, room.secret)
        finally:
            engine.dispose()
        tab = phones[0].pages[0]
        tab.goto(f"{app_url}/join?code={code}&lang=fr")
        settle(tab)
        notice = tab.get_by_text(t("ws.join.closed", "fr"))
        notice.wait_for(timeout=30_000)
        tab.locator(".st-key-ws_result").wait_for(timeout=30_000)
        settle(tab)
        assert tab.get_by_text(SCORE).first.inner_text() == scores[0]
        result_box = tab.locator(".st-key-ws_result").bounding_box()
        notice_box = notice.bounding_box()
        assert result_box is not None and notice_box is not None
        assert result_box["y"] < notice_box["y"], "the result first, then the notice"
        assert tab.locator(EXCEPTION).count() == 0
    finally:
        for context in phones:
            context.close()
