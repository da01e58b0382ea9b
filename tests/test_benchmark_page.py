"""The Benchmark page through AppTest: answering updates the result and the URL, and the
URL alone reopens the same result; tampered links open with a notice, never a crash."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from adoption.benchmark import Profile, score
from adoption.dataset import Dataset
from adoption.i18n import t
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption.urlstate import PARAM, State, encode
from test_app import html_texts, open_app

PAGE = "pages/benchmark.py"
PREFIX = "bq_"


@pytest.fixture(scope="module")
def questionnaire(dataset: Dataset) -> Questionnaire:
    return load_questionnaire(dataset)


def answer(at: AppTest, question_id: str, code: str) -> None:
    key = PREFIX + question_id
    widgets = [w for w in (*at.get("segmented_control"), *at.radio) if w.key == key]
    assert widgets, f"no widget for {question_id}"
    widgets[0].set_value(code).run()


def shown_score(at: AppTest) -> str:
    scores = [m for body in html_texts(at) for m in re.findall(r">(\d{1,3}/100)<", body)]
    assert scores, "no score on the page"
    return scores[0]


def test_empty_page_invites_to_answer() -> None:
    at = open_app(PAGE, lang="en")
    assert not at.exception
    assert any(i.value == t("benchpage.empty", "en") for i in at.info)
    assert PARAM not in at.query_params


def test_answering_updates_result_and_url(questionnaire: Questionnaire) -> None:
    at = open_app(PAGE, lang="en")
    answer(at, "q_genai", "yes")
    answer(at, "q_strategy", "yes")
    answer(at, "q_any_ai", "no")
    at.selectbox(key=PREFIX + "size").set_value("50-249").run()
    assert not at.exception
    answers = {"q_genai": "yes", "q_strategy": "yes", "q_any_ai": "no"}
    expected = score(questionnaire, answers)
    assert shown_score(at) == f"{expected.overall}/100"
    token = at.query_params[PARAM]
    token = token[0] if isinstance(token, list) else token
    assert token == encode(State(answers, Profile(size="50-249")), questionnaire)
    sentences = " ".join(m.value for m in at.markdown)
    assert "31%" in sentences  # the generative-AI headline, from data
    assert "42%" in sentences  # France Num, 50–249 employees: the size class comes first
    assert "15%" in sentences  # INSEE, 50–249 employees
    assert at.get("plotly_chart"), "pillar and position charts"
    assert [d for d in at.get("download_button")], "the PDF report"


def test_the_link_alone_reopens_the_same_result(questionnaire: Questionnaire) -> None:
    answers = {q.id: q.codes[-1] for q in questionnaire.questions}
    state = State(answers, Profile(size="10-49", sector="industry", country="BE"))
    at = open_app(PAGE, lang="fr", **{PARAM: encode(state, questionnaire)})
    assert not at.exception
    assert not at.warning
    assert shown_score(at) == f"{score(questionnaire, answers).overall}/100"
    assert at.selectbox(key=PREFIX + "country").value == "BE"
    assert at.title[0].value == t("benchpage.title", "fr")


def test_clicks_are_not_overwritten_by_the_link(questionnaire: Questionnaire) -> None:
    state = State({"q_genai": "no"}, Profile())
    at = open_app(PAGE, lang="en", **{PARAM: encode(state, questionnaire)})
    answer(at, "q_genai", "yes")
    assert (
        next(w for w in at.get("segmented_control") if w.key == PREFIX + "q_genai").value == "yes"
    )


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "9.0000",
        "1." + "z" * 40,
        "<script>alert(1)</script>",
        "1.0.99.XX",
        "x" * 20_000,
        "1.\x00\x01",
    ],
    ids=[
        "garbage",
        "future-version",
        "out-of-range",
        "script",
        "bad-profile",
        "very-long",
        "control-chars",
    ],
)
def test_tampered_links_open_with_a_notice(token: str) -> None:
    at = open_app(PAGE, lang="en", **{PARAM: token})
    assert not at.exception
    assert at.warning, "a notice must say the link was (partly) ignored"
    assert "<script>" not in " ".join(w.value for w in at.warning)


def test_start_again_clears_answers_and_link() -> None:
    at = open_app(PAGE, lang="en")
    answer(at, "q_genai", "yes")
    at.button[0].click().run()
    assert not at.exception
    assert PARAM not in at.query_params
    assert any(i.value == t("benchpage.empty", "en") for i in at.info)
