"""The Benchmark page through AppTest: answering updates the result and the URL, and the
URL alone reopens the same result; tampered links open with a notice, never a crash."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from adoption.benchmark import Profile, score
from adoption.dataset import Dataset
from adoption.i18n import fmt_pct, format_date, t
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption.report import build_pdf
from adoption.urlstate import DAY_PARAM, EARLIER_DAY_PARAM, PARAM, State, encode
from apptest import html_texts, open_app
from claims import OUTSIDE_CASES, assert_no_claim_about, membership_claims, pdf_claims

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


def show_result(at: AppTest) -> None:
    """Click the "Your result" tab (AppTest sets the tab's state, as a click does)."""
    lang = at.query_params["lang"]
    lang = lang[0] if isinstance(lang, list) else lang
    at.session_state[f"bench_tab_{lang}"] = t("benchpage.result", lang)
    at.run()


def shown_score(at: AppTest) -> str:
    scores = [m for body in html_texts(at) for m in re.findall(r">(\d{1,3}/100)<", body)]
    assert scores, "no score on the page"
    return scores[0]


def test_empty_page_invites_to_answer() -> None:
    at = open_app(PAGE, lang="en")
    show_result(at)
    assert not at.exception
    assert any(i.value == t("benchpage.empty", "en") for i in at.info)
    assert PARAM not in at.query_params


def test_answering_updates_result_and_url(dataset: Dataset, questionnaire: Questionnaire) -> None:
    at = open_app(PAGE, lang="en")
    answer(at, "q_genai_self", "yes")
    answer(at, "q_strategy", "yes")
    answer(at, "q_any_ai", "no")
    at.selectbox(key=PREFIX + "size").set_value("50-249")
    at.selectbox(key=PREFIX + "sector").set_value("trade")
    at.selectbox(key=PREFIX + "country").set_value("FR").run()
    show_result(at)
    assert not at.exception
    answers = {"q_genai_self": "yes", "q_strategy": "yes", "q_any_ai": "no"}
    expected = score(questionnaire, answers)
    assert shown_score(at) == f"{expected.overall}/100"
    token = at.query_params[PARAM]
    token = token[0] if isinstance(token, list) else token
    profile = Profile(size="50-249", sector="trade", country="FR")
    assert token == encode(State(answers, profile), questionnaire)
    sentences = " ".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes
    # French TPE-PME leaders (0–249) contain this firm: the latest wave is stated (55 %,
    # end 2025), the earlier ones only in its series line.
    assert "You are among the 55% of leaders who use generative AI themselves" in sentences
    assert "You are among the 31%" not in sentences
    assert "31% (end 2024) → 55% (end 2025)" in sentences
    # "Uses AI": official statistics for its own size class and country come first.
    cell = dataset.eurostat_cells()[("E_AI_TANY", "50-249", "C10-S951_X_K", "FR", "PC_ENT")][0]
    assert f"not among the {fmt_pct(cell['value'], 'en')} that use at least one AI tool" in (
        sentences
    )
    assert at.get("plotly_chart"), "the own-population chart"
    at.toggle(key="bench_method").set_value(True).run()
    at.toggle(key="bench_references").set_value(True).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2, "own population and pillars"
    assert [d for d in at.get("download_button")], "the PDF report"


@OUTSIDE_CASES
def test_no_statement_about_a_population_the_firm_is_not_in(
    dataset: Dataset, questionnaire: Questionnaire, profile: Profile, outside: tuple[str, ...]
) -> None:
    answers = {q.id: q.codes[0] for q in questionnaire.questions}  # "yes" to everything
    state = State(answers, profile)
    at = open_app(PAGE, lang="en", view="result", **{PARAM: encode(state, questionnaire)})
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes
    assert_no_claim_about(membership_claims(shown), outside)
    # The same holds in the PDF report.
    pdf = build_pdf(dataset, questionnaire, state.answers, profile, "en", "https://x.test")
    assert_no_claim_about(pdf_claims(pdf), outside)


def test_the_link_alone_reopens_the_same_result(questionnaire: Questionnaire) -> None:
    answers = {q.id: q.codes[-1] for q in questionnaire.questions}
    state = State(answers, Profile(size="10-19", sector="industry", country="BE"))
    at = open_app(PAGE, lang="fr", view="result", **{PARAM: encode(state, questionnaire)})
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


def test_start_again_asks_first_then_can_be_undone(questionnaire: Questionnaire) -> None:
    state = State({"q_genai": "yes", "q_policy": "no"}, Profile(size="10-19", country="FR"))
    token = encode(state, questionnaire)
    at = open_app(PAGE, lang="en", **{PARAM: token})
    next(b for b in at.button if b.label == t("benchpage.restart", "en")).click().run()
    assert at.query_params[PARAM] in (token, [token]), "nothing erased before confirming"
    next(b for b in at.button if b.label == t("benchpage.restart_no", "en")).click().run()
    assert at.query_params[PARAM] in (token, [token]), "cancel keeps everything"

    next(b for b in at.button if b.label == t("benchpage.restart", "en")).click().run()
    next(b for b in at.button if b.label == t("benchpage.restart_yes", "en")).click().run()
    assert not at.exception
    assert PARAM not in at.query_params
    assert at.selectbox(key=PREFIX + "country").value is None
    show_result(at)
    assert any(i.value == t("benchpage.empty", "en") for i in at.info)

    next(b for b in at.button if b.label == t("benchpage.undo", "en")).click().run()
    assert at.query_params[PARAM] in (token, [token]), "undo brings back every answer"
    assert at.selectbox(key=PREFIX + "country").value == "FR"


def test_a_share_link_opens_on_the_result_and_the_language_keeps_the_view(
    questionnaire: Questionnaire,
) -> None:
    state = State({"q_genai": "yes", "q_strategy": "no"}, Profile(size="20-49", country="FR"))
    at = open_app(PAGE, lang="fr", view="result", **{PARAM: encode(state, questionnaire)})
    assert shown_score(at) == f"{score(questionnaire, state.answers).overall}/100"
    at.segmented_control(key="lang_choice").set_value("en").run()
    assert not at.exception
    assert shown_score(at) == f"{score(questionnaire, state.answers).overall}/100"
    assert any(t("bench.pillar.strategy", "en") in body for body in html_texts(at))
    # Without view=result (a link copied while answering) the questionnaire comes first.
    at = open_app(PAGE, lang="fr", **{PARAM: encode(state, questionnaire)})
    assert not [b for b in html_texts(at) if "/100<" in b]


def test_a_cut_link_keeps_what_it_can_and_names_what_it_lost(
    questionnaire: Questionnaire,
) -> None:
    answers = {q.id: q.codes[0] for q in questionnaire.questions}
    token = encode(State(answers, Profile(size="20-49", country="FR")), questionnaire)
    cut = token[: len("3.") + 10]  # the link was cut after ten answers
    at = open_app(PAGE, lang="en", view="result", **{PARAM: cut})
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    for question in questionnaire.questions:
        assert (question.label("en") in notices) == (question.slot >= 10), question.id
    kept = {q.id: q.codes[0] for q in questionnaire.questions if q.slot < 10}
    assert shown_score(at) == f"{score(questionnaire, kept).overall}/100"


def test_an_earlier_link_shows_the_progress_and_travels_in_the_share_link(
    questionnaire: Questionnaire,
) -> None:
    profile = Profile(size="20-49", country="FR")
    before = State({"q_strategy": "no", "q_policy": "no"}, profile)
    today = State({"q_strategy": "yes", "q_policy": "yes", "q_kpi": "yes"}, profile)
    at = open_app(PAGE, lang="en", view="result", **{PARAM: encode(today, questionnaire)})
    at.toggle(key="bench_progress").set_value(True).run()
    earlier_link = f"https://x.test/benchmark?lang=en&b={encode(before, questionnaire)}"
    at.text_input(key="bench_earlier_input").input(earlier_link).run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    old, new = score(questionnaire, before.answers), score(questionnaire, today.answers)
    assert f"Overall score: {old.overall} → {new.overall}" in shown
    assert questionnaire.question("q_policy").label("en") + ": No → Yes" in shown
    b0 = at.query_params["b0"]
    assert (b0[0] if isinstance(b0, list) else b0) == encode(before, questionnaire)
    assert "&b0=" in at.code[-1].value, "the share link carries both results"

    # The link with both opens the same comparison, with nothing stored on the server.
    both = {PARAM: encode(today, questionnaire), "b0": encode(before, questionnaire)}
    again = open_app(PAGE, lang="en", view="result", **both)
    shown = " ".join(m.value for m in again.markdown).replace("\\", "")
    assert f"Overall score: {old.overall} → {new.overall}" in shown


def test_a_broken_earlier_link_is_explained(questionnaire: Questionnaire) -> None:
    today = State({"q_strategy": "yes"}, Profile())
    at = open_app(
        PAGE, lang="en", view="result", b0="nonsense", **{PARAM: encode(today, questionnaire)}
    )
    assert not at.exception
    assert "b0" not in at.query_params
    assert any(w.value == t("bench.url.format", "en") for w in at.warning)


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_a_result_keeps_its_date_until_an_answer_changes(questionnaire: Questionnaire) -> None:
    state = State({"q_genai": "yes"}, Profile(size="20-49", country="FR"))
    token = encode(state, questionnaire)
    at = open_app(PAGE, lang="en", view="result", d="2026-11-03", **{PARAM: token})
    assert not at.exception and not at.warning
    assert t("benchpage.dated", "en", date="3\u00a0Nov\u00a02026") in _captions(at)
    assert at.query_params[DAY_PARAM] in ("2026-11-03", ["2026-11-03"])
    assert f"&{DAY_PARAM}=2026-11-03" in at.code[-1].value, "the share link keeps the date"
    # The same answers reopened later keep their day; a changed answer is today's.
    answer(at, "q_strategy", "yes")
    today = date.today().isoformat()
    assert at.query_params[DAY_PARAM] in (today, [today])
    assert t("benchpage.dated", "en", date=format_date(date.today(), "en")) in _captions(at)


@pytest.mark.parametrize("day", ["2999-01-01", "yesterday", "2026-13-40", "1999-01-01", "x" * 500])
def test_a_tampered_date_is_ignored_with_a_notice(questionnaire: Questionnaire, day: str) -> None:
    token = encode(State({"q_genai": "yes"}, Profile()), questionnaire)
    at = open_app(PAGE, lang="en", view="result", d=day, **{PARAM: token})
    assert not at.exception
    assert any(w.value == t("app.bad_param", "en", name=DAY_PARAM) for w in at.warning)
    today = date.today().isoformat()
    assert at.query_params[DAY_PARAM] in (today, [today])


def test_progress_shows_both_dates_and_a_before_after_chart(questionnaire: Questionnaire) -> None:
    profile = Profile(size="20-49", country="FR")
    before = State({"q_strategy": "no", "q_policy": "no"}, profile)
    today = State({"q_strategy": "yes", "q_policy": "yes", "q_kpi": "yes"}, profile)
    token = encode(today, questionnaire)
    at = open_app(PAGE, lang="fr", view="result", d="2026-12-01", **{PARAM: token})
    at.toggle(key="bench_progress").set_value(True).run()
    earlier = f"https://x.test/benchmark?lang=fr&b={encode(before, questionnaire)}&d=2026-10-05"
    at.text_input(key="bench_earlier_input").input(earlier).run()
    assert not at.exception
    dates = t(
        "bench.progress.dates",
        "fr",
        before="5\u00a0oct.\u00a02026",
        after="1er\u00a0déc.\u00a02026",
    )
    assert dates in " ".join(m.value for m in at.markdown)
    charts = [c for c in at.get("plotly_chart") if "bench_progress_chart" in str(c.proto.id)]
    assert charts, "the before/after chart"
    names = [trace["name"] for trace in json.loads(charts[0].proto.spec)["data"]]
    assert names == [  # each side's legend has its day
        t("bench.progress.before", "fr", date="5\u00a0oct.\u00a02026"),
        t("bench.progress.after", "fr", date="1er\u00a0déc.\u00a02026"),
    ]
    assert at.query_params[EARLIER_DAY_PARAM] in ("2026-10-05", ["2026-10-05"])
    assert f"&{EARLIER_DAY_PARAM}=2026-10-05" in at.code[-1].value

    # The share link with both results opens the same comparison, both days included.
    again = open_app(
        PAGE,
        lang="fr",
        view="result",
        d="2026-12-01",
        b0=encode(before, questionnaire),
        d0="2026-10-05",
        **{PARAM: token},
    )
    assert not again.exception
    assert dates in " ".join(m.value for m in again.markdown)


def test_undo_brings_back_the_answers_with_their_day(questionnaire: Questionnaire) -> None:
    state = State({"q_genai": "yes", "q_policy": "no"}, Profile(size="10-19", country="FR"))
    at = open_app(PAGE, lang="en", d="2026-11-03", **{PARAM: encode(state, questionnaire)})
    next(b for b in at.button if b.label == t("benchpage.restart", "en")).click().run()
    next(b for b in at.button if b.label == t("benchpage.restart_yes", "en")).click().run()
    next(b for b in at.button if b.label == t("benchpage.undo", "en")).click().run()
    assert at.query_params[DAY_PARAM] in ("2026-11-03", ["2026-11-03"])


@pytest.mark.parametrize("earlier_day", ["2999-01-01", "2026-12-02", "nonsense"])
def test_an_earlier_day_after_this_result_or_not_a_day_is_ignored_with_a_notice(
    questionnaire: Questionnaire, earlier_day: str
) -> None:
    profile = Profile(size="20-49", country="FR")
    before = State({"q_strategy": "no"}, profile)
    today = State({"q_strategy": "yes"}, profile)
    at = open_app(
        PAGE,
        lang="en",
        view="result",
        d="2026-12-01",
        b0=encode(before, questionnaire),
        d0=earlier_day,
        **{PARAM: encode(today, questionnaire)},
    )
    assert not at.exception
    assert any(w.value == t("app.bad_param", "en", name=EARLIER_DAY_PARAM) for w in at.warning)
    undated = t("bench.progress.dates_undated", "en", after=format_date(date(2026, 12, 1), "en"))
    assert undated in " ".join(m.value for m in at.markdown)
    assert EARLIER_DAY_PARAM not in at.query_params
