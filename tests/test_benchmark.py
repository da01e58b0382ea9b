"""Tests for adoption.benchmark: scoring, positioning against figures, next steps, charts."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption import i18n
from adoption.benchmark import (
    STAGES,
    Profile,
    comparison_notes,
    method_text,
    next_steps,
    pillar_chart,
    position,
    position_caption,
    position_chart,
    score,
    stage_for,
    uncompared_questions,
)
from adoption.benchmark_texts import BENCH_TEXTS
from adoption.dataset import Dataset, load_dataset
from adoption.i18n import fmt_pct
from adoption.i18n import t as text
from adoption.questionnaire import PILLARS, Questionnaire, load_questionnaire

DATASET: Dataset = load_dataset()
QUESTIONNAIRE: Questionnaire = load_questionnaire(DATASET)


def _best() -> dict[str, str]:
    """For every scored question, the answer worth the most points."""
    answers = {}
    for q in QUESTIONNAIRE.questions:
        if q.scored:
            answers[q.id] = q.codes[q.points.index(q.max_points)]
    return answers


def _worst() -> dict[str, str]:
    answers = {}
    for q in QUESTIONNAIRE.questions:
        if q.scored:
            answers[q.id] = q.codes[q.points.index(min(q.points))]
    return answers


MIXED = {
    "q_genai": "yes",
    "q_any_ai": "yes",
    "q_frequency": "weekly_one",
    "q_essential": "5",
    "q_strategy": "yes",
    "q_invest": "no",
    "q_training_need": "yes",
    "q_expert": "3",
    "q_trained_staff": "some",
    "q_risk_ready": "yes",
    "q_policy": "no",
    "q_licences": "mixed",
    "q_kpi": "yes",
    "q_pilot": "no",
    "q_impact": "yes",
    "q_satisfaction": "4",
}


# --------------------------------------------------------------------------- score


@pytest.mark.parametrize(
    ("answers", "pillars", "overall", "stage"),
    [
        pytest.param({}, dict.fromkeys(PILLARS, 0), 0, "exploring", id="nothing answered"),
        pytest.param(_best(), dict.fromkeys(PILLARS, 100), 100, "scaling", id="best answers"),
        pytest.param(_worst(), dict.fromkeys(PILLARS, 0), 0, "exploring", id="worst answers"),
        pytest.param(
            MIXED,
            # use (100+100+70)/300; strategy (40+100+0)/190; skills (20+50)/140;
            # governance (100+0+50)/300; measurement (100+0+100+75)/400
            {"strategy": 74, "use": 90, "skills": 50, "governance": 50, "measurement": 69},
            67,
            "structuring",
            id="mixed",
        ),
        pytest.param(
            {"q_genai": "yes", "q_any_ai": "yes", "q_frequency": "weekly_many"},
            {"strategy": 0, "use": 100, "skills": 0, "governance": 0, "measurement": 0},
            20,
            "exploring",
            id="uses AI, nothing else",
        ),
        pytest.param(
            {"q_strategy": "yes", "q_policy": "yes", "q_kpi": "yes", "q_pilot": "yes"},
            {"strategy": 53, "use": 0, "skills": 0, "governance": 33, "measurement": 50},
            27,
            "experimenting",
            id="practices without use",
        ),
        pytest.param(
            {"q_training_need": "yes", "q_nope": "yes", "q_kpi": "banana"},
            dict.fromkeys(PILLARS, 0),
            0,
            "exploring",
            id="unscored and junk answers",
        ),
    ],
)
def test_score_table(
    answers: dict[str, str], pillars: dict[str, int], overall: int, stage: str
) -> None:
    result = score(QUESTIONNAIRE, answers)
    assert result.pillars == pillars
    assert result.overall == overall
    assert result.stage == stage
    assert result.total == len(QUESTIONNAIRE.questions)


def test_answered_counts_only_valid_answers() -> None:
    assert score(QUESTIONNAIRE, MIXED).answered == len(MIXED)
    assert score(QUESTIONNAIRE, {"q_genai": "yes", "q_x": "yes", "q_kpi": "?"}).answered == 1


@pytest.mark.parametrize(
    ("overall", "stage"),
    [
        (0, "exploring"),
        (24.9, "exploring"),
        (25, "experimenting"),
        (49, "experimenting"),
        (50, "structuring"),
        (74, "structuring"),
        (75, "scaling"),
        (100, "scaling"),
    ],
)
def test_stage_thresholds(overall: float, stage: str) -> None:
    assert stage_for(overall) == stage


def _answer_sets() -> st.SearchStrategy[dict[str, str]]:
    per_question = {
        q.id: st.one_of(st.none(), st.sampled_from(q.codes)) for q in QUESTIONNAIRE.questions
    }
    return st.fixed_dictionaries(per_question).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@given(_answer_sets())
@settings(max_examples=200, deadline=None)
def test_any_valid_answers_score_within_bounds(answers: dict[str, str]) -> None:
    result = score(QUESTIONNAIRE, answers)
    assert set(result.pillars) == set(PILLARS)
    assert all(0 <= v <= 100 for v in result.pillars.values())
    assert 0 <= result.overall <= 100
    assert result.stage in {name for name, _ in STAGES}
    assert result.answered == len(answers)


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=6), max_size=20))
@settings(max_examples=100, deadline=None)
def test_junk_answers_never_crash(answers: dict[str, str]) -> None:
    result = score(QUESTIONNAIRE, answers)
    assert 0 <= result.overall <= 100
    assert 3 <= len(next_steps(DATASET, QUESTIONNAIRE, answers, "en")) <= 5


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_method_text_states_thresholds(lang: str) -> None:
    method = method_text(lang)
    for _, threshold in STAGES[1:]:
        assert str(threshold) in method
    assert "questions.csv" in method


# --------------------------------------------------------------------------- positioning


def _find(positionings: list, figure_id: str):  # type: ignore[no-untyped-def]
    matches = [p for p in positionings if p.figure_id == figure_id]
    assert matches, f"{figure_id} not positioned"
    return matches[0]


@pytest.mark.parametrize(
    ("question", "answer", "figure_id", "in_group"),
    [
        ("q_genai", "yes", "genai_use_tpe_pme_2024", True),
        ("q_genai", "no", "genai_use_tpe_pme_2024", False),
        ("q_genai", None, "genai_use_tpe_pme_2024", None),
        ("q_satisfaction", "1", "agency_disappointed", True),
        ("q_satisfaction", "2", "agency_disappointed", True),
        ("q_satisfaction", "3", "agency_disappointed", False),
        ("q_satisfaction", "5", "agency_disappointed", False),
        ("q_frequency", "weekly_many", "transversal_weekly", True),
        ("q_frequency", "weekly_one", "transversal_weekly", False),
        ("q_essential", "4", "ai_survival_issue", True),
        ("q_essential", "3", "ai_survival_issue", False),
        ("q_strategy", "yes", "has_ai_strategy", True),
        ("q_strategy", "no", "has_ai_strategy", False),
        ("q_risk_ready", "no", "not_ready_risks", True),
        ("q_risk_ready", "yes", "not_ready_risks", False),
        ("q_impact", "no", "impact_not_reached", True),
        ("q_training_need", "yes", "need_training", True),
        ("q_invest", "yes", "raise_investment", True),
        ("q_expert", "5", "self_declared_experts", True),
        ("q_any_ai", "yes", "pme_eti_use_ai", True),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_in_group_flags_and_sentences(
    question: str, answer: str | None, figure_id: str, in_group: bool | None, lang: str
) -> None:
    answers = {} if answer is None else {question: answer}
    found = _find(position(DATASET, QUESTIONNAIRE, answers, Profile(), lang), figure_id)
    figure = DATASET.figure(figure_id)
    assert found.in_group is in_group
    assert found.question_id == question
    assert found.value == figure["value"]
    assert found.grade == figure["grade"]
    assert found.source_id == figure["attributed_to"]
    assert found.value_text == fmt_pct(figure["value"], lang, kind=figure["value_kind"])
    # The sentence shows the value and the population it describes, in our words.
    assert found.value_text in found.sentence
    assert figure[f"population_{lang}"] in found.sentence
    assert "{" not in found.sentence
    assert found.organisation


def test_headline_sentence_reads_as_in_the_issue() -> None:
    weekly = _find(
        position(DATASET, QUESTIONNAIRE, {"q_frequency": "weekly_many"}, Profile(), "en"),
        "transversal_weekly",
    )
    assert weekly.sentence.startswith("You are among the 16% who use AI every week")
    unhappy = _find(
        position(DATASET, QUESTIONNAIRE, {"q_satisfaction": "1"}, Profile(), "en"),
        "agency_disappointed",
    )
    assert unhappy.sentence.startswith("Like 84% of this group")
    assert unhappy.headline == 2


def _any_ai(size: str | None, country: str | None, lang: str = "en") -> list:
    return [
        p
        for p in position(
            DATASET, QUESTIONNAIRE, {"q_any_ai": "yes"}, Profile(size=size, country=country), lang
        )
        if p.question_id == "q_any_ai"
    ]


@pytest.mark.parametrize(
    ("size", "country", "first", "bases"),
    [
        (
            "50-249",
            "FR",
            ["francenum_ai_2025_50_249", "insee_ai_2024_50_249", "eurostat_fr_2025"],
            ["size", "size", "country"],
        ),
        (
            "10-49",
            "FR",
            ["insee_ai_2024_10_49", "francenum_ai_2025_10_19", "francenum_ai_2025_20_49"],
            ["size", "size_closest", "size_closest"],
        ),
        (
            "250+",
            "FR",
            ["insee_ai_2024_250plus", "eurostat_eu27_large_2025", "eurostat_fr_2025"],
            ["size", "size", "country"],
        ),
        ("1-9", "FR", ["francenum_ai_2025_1_4", "pme_eti_use_ai"], ["size_closest", "general"]),
        (None, "FR", ["francenum_ai_2025", "pme_eti_use_ai"], ["general", "general"]),
    ],
)
def test_size_and_country_figures_come_first(
    size: str | None, country: str, first: list[str], bases: list[str]
) -> None:
    found = _any_ai(size, country)
    assert [p.figure_id for p in found[: len(first)]] == first
    assert [p.basis for p in found[: len(bases)]] == bases


def test_50_249_shows_both_francenum_and_insee_with_populations() -> None:
    found = _any_ai("50-249", None, "fr")
    francenum, insee = found[0], found[1]
    assert (francenum.figure_id, insee.figure_id) == (
        "francenum_ai_2025_50_249",
        "insee_ai_2024_50_249",
    )
    for positioning in (francenum, insee):
        population = DATASET.figure(positioning.figure_id)["population_fr"]
        assert population in positioning.comparison_basis
        assert population in positioning.sentence
    # Once a publisher has a size-class figure, its all-sizes one is left out.
    ids = [p.figure_id for p in found]
    assert "francenum_ai_2025" not in ids
    assert "insee_ai_2024_10plus" not in ids
    # No country given: Eurostat's EU27 10+ figure is the general comparison.
    assert "eurostat_eu27_2025" in ids


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_micro_firm_gets_no_ten_plus_figure(lang: str) -> None:
    found = position(DATASET, QUESTIONNAIRE, MIXED, Profile(size="1-9", country="BE"), lang)
    size_classes = {
        DATASET.figure(p.figure_id)["size_class"]
        for p in found
        if p.figure_id in set(DATASET.figures["id"])
    }
    assert size_classes <= {"all", "1-4"}
    assert not [p for p in found if p.figure_id.startswith(("eurostat", "insee"))]
    closest = _find(found, "francenum_ai_2025_1_4")
    assert closest.basis == "size_closest"
    assert "1–9" in closest.comparison_basis
    assert DATASET.figure("francenum_ai_2025_1_4")[f"population_{lang}"] in closest.comparison_basis
    notes = comparison_notes(QUESTIONNAIRE, Profile(size="1-9"), lang)
    assert text("bench.basis.small_no_eurostat", lang) in notes


def test_country_from_eurostat_table() -> None:
    found = _any_ai("10-49", "BE", "fr")
    country = [p for p in found if p.basis == "country"]
    assert len(country) == 1
    table = DATASET.eurostat
    row = table[(table["indicator"] == "E_AI_TANY") & (table["geo"] == "BE")].iloc[0]
    assert country[0].value == row["value"]
    assert country[0].grade == "primary"
    assert "Belgique" in country[0].sentence
    assert "Belgique" in country[0].comparison_basis
    # Eurostat's own EU27 figure is dropped once the country one is there.
    assert "eurostat_eu27_2025" not in [p.figure_id for p in found]


@pytest.mark.parametrize("country", [None, "other", "ZZ"])
def test_no_country_figure_without_a_reporting_country(country: str | None) -> None:
    assert not [p for p in _any_ai("50-249", country) if p.basis == "country"]


def test_unknown_size_says_so() -> None:
    found = _any_ai(None, "FR")
    assert {p.basis for p in found} == {"general"}
    assert text("bench.basis.no_size", "en") in comparison_notes(QUESTIONNAIRE, Profile(), "en")


def test_sector_is_declared_unused() -> None:
    notes = comparison_notes(QUESTIONNAIRE, Profile(size="50-249", sector="trade"), "fr")
    assert text("bench.basis.no_sector", "fr") in notes


def test_every_question_without_figure_is_listed() -> None:
    ids = {q.id for q in uncompared_questions(QUESTIONNAIRE)}
    assert {"q_kpi", "q_pilot", "q_policy"} <= ids
    assert "q_genai" not in ids


# --------------------------------------------------------------------------- next steps


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param({}, None, id="nothing answered"),
        pytest.param(_best(), None, id="best answers"),
        pytest.param(_worst(), None, id="worst answers"),
        pytest.param({"q_policy": "no", "q_risk_ready": "no"}, "p_usage_policy", id="no policy"),
        pytest.param({"q_kpi": "no"}, "p_kpi", id="no kpi"),
        pytest.param({"q_satisfaction": "1"}, "p_provider_roi", id="unhappy with providers"),
        pytest.param({"q_licences": "personal"}, "p_pro_licences", id="free accounts"),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_next_steps(answers: dict[str, str], expected: str | None, lang: str) -> None:
    steps = next_steps(DATASET, QUESTIONNAIRE, answers, lang)
    assert 3 <= len(steps) <= 5
    assert len({s.practice_id for s in steps}) == len(steps)
    for step in steps:
        assert DATASET.source(step.source_id)["kind"] == "press_article"
        assert step.text and step.practice and step.source_title
        assert step.practice in step.attribution(lang)
    if expected is not None:
        assert steps[0].practice_id == expected


def test_next_steps_follow_the_weakest_pillar() -> None:
    answers = {**_best(), "q_policy": "no", "q_licences": "personal", "q_kpi": "no"}
    result = score(QUESTIONNAIRE, answers)
    steps = next_steps(DATASET, QUESTIONNAIRE, answers, "en")
    weakest = min(result.pillars, key=result.pillars.__getitem__)
    assert weakest == "governance"
    assert [s.practice_id for s in steps[:2]] == ["p_usage_policy", "p_pro_licences"]
    assert steps[2].practice_id == "p_kpi"


def test_at_most_two_steps_per_pillar_when_more_are_available() -> None:
    steps = next_steps(DATASET, QUESTIONNAIRE, _worst(), "en")
    assert len(steps) == 5
    for pillar in PILLARS:
        assert len([s for s in steps if s.pillar == pillar]) <= 2


# --------------------------------------------------------------------------- charts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pillar_chart(lang: str) -> None:
    fig = pillar_chart(score(QUESTIONNAIRE, MIXED), lang)
    (bar,) = fig.data
    assert list(bar.x) == [score(QUESTIONNAIRE, MIXED).pillars[p] for p in PILLARS]
    assert list(bar.y) == [text(f"bench.pillar.{p}", lang) for p in PILLARS]
    assert tuple(fig.layout.xaxis.range) == (0, 100)
    json.loads(fig.to_json())


def test_position_chart_uses_local_percent_format() -> None:
    positionings = position(
        DATASET, QUESTIONNAIRE, MIXED, Profile(size="50-249", country="FR"), "fr"
    )
    fig = position_chart(positionings, "fr")
    labels = [label for trace in fig.data for label in trace.text]
    assert f"31{i18n.NNBSP}%" in labels  # French: narrow no-break space before %
    assert len(labels) == len(positionings)
    names = {trace.name for trace in fig.data}
    assert names <= {
        text(k, "fr") for k in ("bench.legend.in", "bench.legend.out", "bench.legend.unanswered")
    }
    # Every bar is its own category, even when two figures share a label.
    assert len(set(fig.layout.yaxis.categoryarray)) == len(positionings)
    caption = position_caption(positionings, "fr")
    for organisation in {p.organisation for p in positionings}:
        assert organisation in caption


def test_position_chart_english_and_unanswered() -> None:
    positionings = position(DATASET, QUESTIONNAIRE, {}, Profile(), "en")
    fig = position_chart(positionings, "en")
    assert [trace.name for trace in fig.data] == [text("bench.legend.unanswered", "en")]
    assert "31%" in list(fig.data[0].text)


# --------------------------------------------------------------------------- texts


def test_texts_are_bilingual_and_namespaced() -> None:
    for key, entry in BENCH_TEXTS.items():
        assert key.startswith(("bench.", "report."))
        assert entry.get("fr") and entry.get("en"), key
        assert key not in i18n.TEXTS or i18n.TEXTS[key] == entry


def test_no_figure_value_is_hard_coded_in_texts() -> None:
    # Numbers reach sentences through {value}; a literal "31 %" would go stale.
    pattern = re.compile(r"\d\s?%")
    for key, entry in BENCH_TEXTS.items():
        for value in entry.values():
            assert not pattern.search(value), key
    for question in QUESTIONNAIRE.questions:
        for lang in ("fr", "en"):
            for side in (True, False):
                assert not pattern.search(question.statement(side, lang)), question.id
