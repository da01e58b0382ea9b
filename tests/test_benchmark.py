"""Tests for adoption.benchmark: scoring, positioning against figures, next steps, charts."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption import i18n
from adoption.benchmark import (
    STAGES,
    Comparison,
    MaturityScore,
    Profile,
    breakdown,
    comparison_notes,
    method_text,
    next_stage,
    next_steps,
    position,
    primary_comparisons,
    score,
    stage_for,
    uncompared_questions,
)
from adoption.charts import breakdown_chart
from adoption.dataset import Dataset, load_dataset
from adoption.i18n import fmt_pct
from adoption.i18n import t as text
from adoption.population import REASONS
from adoption.questionnaire import PILLARS, Choice, Questionnaire, load_questionnaire

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
    "q_genai_self": "yes",
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
    "q_agency": "yes",
    "q_satisfaction": "4",
}
OPINIONS = {
    "q_genai": "yes",
    "q_genai_self": "yes",
    "q_any_ai": "yes",
    "q_essential": "5",
    "q_expert": "5",
    "q_risk_ready": "yes",
    "q_training_need": "no",
    "q_agency": "yes",
    "q_satisfaction": "5",
}
NOT_APPLICABLE = {
    "q_frequency": "never",
    "q_strategy": "yes",
    "q_invest": "yes",
    "q_trained_staff": "no_users",
    "q_policy": "yes",
    "q_licences": "no_tools",
    "q_kpi": "yes",
    "q_pilot": "yes",
    "q_impact": "none",
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
            # strategy (100+0)/150; use 70/100; skills 50/100; governance (0+50)/200;
            # measurement (100+0+100)/300; opinions (essential, expert, satisfied…) earn 0
            {"strategy": 67, "use": 70, "skills": 50, "governance": 25, "measurement": 67},
            56,
            "experimenting",  # 56 overall, but governance 25 < 50: uses are not framed yet
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
            {"strategy": 67, "use": 0, "skills": 0, "governance": 50, "measurement": 67},
            37,
            "exploring",  # no use at all: "uses exist" would not be true
            id="practices without use",
        ),
        pytest.param(
            OPINIONS,
            dict.fromkeys(PILLARS, 0),
            0,
            "exploring",
            id="opinions and feelings earn nothing",
        ),
        pytest.param(
            NOT_APPLICABLE,
            # skills: its only scored question is "not applicable", so no score at all;
            # licences and impact "not applicable" leave governance and measurement's
            # denominators; overall averages the four pillars that have a score.
            {"strategy": 100, "use": 0, "skills": None, "governance": 100, "measurement": 100},
            75,
            "exploring",  # 75 overall, but no AI use: no stage above exploring applies
            id="not applicable leaves the denominator",
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
    answers: dict[str, str], pillars: dict[str, int | None], overall: int, stage: str
) -> None:
    result = score(QUESTIONNAIRE, answers)
    assert result.pillars == pillars
    assert result.overall == overall
    assert result.stage == stage


def test_a_question_not_asked_is_not_counted() -> None:
    # The satisfaction question is only asked of firms that bought from an AI agency.
    without = score(QUESTIONNAIRE, {"q_satisfaction": "1"})
    assert without.answered == 0
    assert without.total == len(QUESTIONNAIRE.questions) - 1
    asked = score(QUESTIONNAIRE, {"q_agency": "yes", "q_satisfaction": "1"})
    assert asked.answered == 2
    assert asked.total == len(QUESTIONNAIRE.questions)


def test_no_fact_is_scored_twice() -> None:
    # "Do you use AI", "do you use generative AI" and "do you yourself" are the same fact
    # as the frequency of use: only the frequency scores. Opinions score nothing.
    scored = {q.id for q in QUESTIONNAIRE.questions if q.scored}
    assert "q_frequency" in scored
    assert not scored & {"q_genai", "q_genai_self", "q_any_ai"}
    for opinion in ("q_essential", "q_expert", "q_risk_ready", "q_satisfaction"):
        assert opinion not in scored


def test_answered_counts_only_valid_answers() -> None:
    assert score(QUESTIONNAIRE, MIXED).answered == len(MIXED)
    assert score(QUESTIONNAIRE, MIXED).total == len(QUESTIONNAIRE.questions)
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
    assert stage_for(overall, dict.fromkeys(PILLARS, 100)) == stage


@pytest.mark.parametrize(
    ("overall", "pillars", "stage", "missing"),
    [
        # Past the "structuring" threshold with no usage policy and no pilot.
        (
            60,
            {"strategy": 100, "use": 100, "skills": 100, "governance": 0, "measurement": 0},
            "experimenting",
            [("governance", 50), ("measurement", 50)],
        ),
        # A pillar that does not apply meets no minimum.
        (
            80,
            {"strategy": 100, "use": 100, "skills": None, "governance": 60, "measurement": 60},
            "structuring",
            [("skills", 50)],
        ),
        (
            30,
            dict.fromkeys(PILLARS, 30),
            "experimenting",
            [(None, 50), ("governance", 50), ("measurement", 50)],
        ),
        (90, dict.fromkeys(PILLARS, 90), "scaling", None),
    ],
)
def test_stages_ask_for_pillar_minimums(
    overall: int,
    pillars: dict[str, int | None],
    stage: str,
    missing: list[tuple[str | None, int]] | None,
) -> None:
    assert stage_for(overall, pillars) == stage
    upcoming = next_stage(MaturityScore(pillars, overall, stage, 1, 1))
    if missing is None:
        assert upcoming is None
        return
    assert upcoming is not None
    # The overall score is listed only when it falls short, then each pillar that does.
    assert [(need.pillar, need.needed) for need in upcoming.missing] == missing
    for need in upcoming.missing:
        now = overall if need.pillar is None else pillars[need.pillar]
        assert now is None or now < need.needed
    # What the page says names every missing requirement.
    sentence = upcoming.text("en")
    for need in upcoming.missing:
        if need.pillar is not None:
            assert text(f"bench.pillar.{need.pillar}", "en").lower() in sentence


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
    assert all(v is None or 0 <= v <= 100 for v in result.pillars.values())
    assert 0 <= result.overall <= 100
    assert result.stage in {name for name, _ in STAGES}
    assert result.answered == len(QUESTIONNAIRE.valid_answers(answers)) <= len(answers)


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
    # The method is for readers: no file names, and it says what earns no points.
    assert ".csv" not in method
    assert {"fr": "sans objet", "en": "not applicable"}[lang] in method


# --------------------------------------------------------------------------- positioning

# How a sentence reads when it is a reference to another population, never "you are among".
REFERENCE_OPENINGS = ("For reference", "Your answer:", "Pour référence", "Votre réponse")


def _find(comparisons: list[Comparison], figure_id: str) -> Comparison:
    matches = [c for c in comparisons if c.figure_id == figure_id]
    assert matches, f"{figure_id} not compared"
    return matches[0]


def _primary(comparisons: list[Comparison], question_id: str) -> Comparison:
    (found,) = [c for c in comparisons if c.question_id == question_id and c.primary]
    return found


FRENCH_40 = Profile(size="20-49", sector="construction", country="FR")


@pytest.mark.parametrize(
    ("question", "answer", "figure_id", "in_group"),
    [
        ("q_genai_self", "yes", "genai_use_tpe_pme_2024", True),
        ("q_genai_self", "no", "genai_use_tpe_pme_2024", False),
        ("q_genai_self", None, "genai_use_tpe_pme_2024", None),
        ("q_essential", "4", "ai_survival_issue", True),
        ("q_essential", "3", "ai_survival_issue", False),
        ("q_strategy", "yes", "has_ai_strategy", True),
        ("q_strategy", "no", "has_ai_strategy", False),
        ("q_any_ai", "yes", "pme_eti_use_ai", True),
        ("q_any_ai", "no", "francenum_ai_2025_20_49", False),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_member_sentences_carry_value_population_and_side(
    question: str, answer: str | None, figure_id: str, in_group: bool | None, lang: str
) -> None:
    answers = {} if answer is None else {question: answer}
    found = _find(position(DATASET, QUESTIONNAIRE, answers, FRENCH_40, lang), figure_id)
    figure = DATASET.figure(figure_id)
    assert found.member is True and found.reason is None
    assert found.in_group is in_group
    assert found.question_id == question
    assert found.value == figure["value"]
    assert found.grade == figure["grade"]
    assert found.source_id == figure["attributed_to"]
    assert found.value_text == fmt_pct(figure["value"], lang, kind=figure["value_kind"])
    assert found.value_text in found.sentence
    assert figure[f"population_{lang}"] in found.sentence
    assert "{" not in found.sentence
    assert not found.sentence.startswith(REFERENCE_OPENINGS)
    assert found.organisation


@pytest.mark.parametrize(
    ("profile", "answers", "figure_id", "reason"),
    [
        # A German firm of 300 is neither French nor under 250.
        (Profile("250-4999", "industry", "DE"), {"q_genai_self": "yes"}, "genai_use_tpe_pme_2024", "country"),
        (Profile("250-4999", "industry", "DE"), {"q_genai": "yes"}, "oecd_genai_sme_germany", "size"),
        (Profile("250-4999", "industry", "DE"), {"q_any_ai": "yes"}, "insee_ai_2024_250plus", "country"),
        # A French firm of 5 is not a PME-ETI (10 to 4,999 employees).
        (Profile("5-9", "trade", "FR"), {"q_any_ai": "yes"}, "pme_eti_use_ai", "size"),
        (Profile("5-9", "trade", "FR"), {"q_essential": "5"}, "ai_survival_issue", "size"),
        # France is not one of the OECD survey's seven countries.
        (Profile("20-49", "trade", "FR"), {"q_genai": "yes"}, "oecd_genai_sme", "country"),
        # The 84 % is about SMEs that bought from an AI agency, country not stated.
        (FRENCH_40, {"q_agency": "yes", "q_satisfaction": "1"}, "agency_disappointed", "geo_not_stated"),
        # Deployments and employees are not firms.
        (FRENCH_40, {"q_impact": "no"}, "impact_not_reached", "unit"),
        # Unknown profile: nothing can be claimed.
        (Profile(), {"q_genai_self": "yes"}, "genai_use_tpe_pme_2024", "country_unknown"),
        (Profile(country="FR"), {"q_genai_self": "yes"}, "genai_use_tpe_pme_2024", "size_unknown"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_populations_that_exclude_the_firm_are_references(
    profile: Profile, answers: dict[str, str], figure_id: str, reason: str, lang: str
) -> None:
    found = _find(position(DATASET, QUESTIONNAIRE, answers, profile, lang), figure_id)
    assert found.member is False
    assert found.reason == reason
    assert found.sentence.startswith(REFERENCE_OPENINGS)
    assert DATASET.figure(figure_id)[f"population_{lang}"] in found.sentence
    assert found.reason_text == text(f"bench.reason.{reason}", lang)


def test_german_firm_of_300_compares_with_german_large_enterprises() -> None:
    found = position(
        DATASET, QUESTIONNAIRE, {"q_any_ai": "yes"}, Profile("250-4999", "industry", "DE"), "en"
    )
    primary = _primary(found, "q_any_ai")
    cell = DATASET.eurostat_cells()[("E_AI_TANY", "GE250", "C10-S951_X_K", "DE", "PC_ENT")][0]
    assert primary.member is True
    assert primary.value == cell["value"] and primary.period == str(cell["year"])
    assert primary.source_id == "eurostat_isoc"
    assert "Germany" in primary.population and "250+" in primary.population
    assert primary.sentence.startswith("Your firm is among the")
    # Every membership statement made to this firm is about Germany or the EU, never France.
    for comparison in found:
        if comparison.member:
            assert "France" not in comparison.population and "French" not in comparison.population


def test_french_firm_of_40_compares_with_french_enterprises_of_10_to_49() -> None:
    found = position(DATASET, QUESTIONNAIRE, {"q_any_ai": "yes"}, FRENCH_40, "en")
    primary = _primary(found, "q_any_ai")
    assert primary.figure_id == "eurostat:E_AI_TANY:10-49:C10-S951_X_K:FR:2025"
    assert primary.value == 15.04
    assert primary.member and primary.in_group
    # Its sector is there too, as a second population that contains it.
    sector = _find(found, "eurostat:E_AI_TANY:GE10:F:FR:2025")
    assert sector.member and not sector.primary
    assert "construction" in sector.population


def test_french_firm_of_5_gets_only_populations_that_contain_it() -> None:
    profile = Profile("5-9", "trade", "FR")
    found = position(DATASET, QUESTIONNAIRE, MIXED, profile, "fr")
    members = {c.figure_id for c in found if c.member}
    # France Num covers 0–249 and Bpifrance's half-yearly survey TPE-PME (0–249).
    assert {"francenum_ai_2025", "genai_use_tpe_pme_2024"} <= members
    # No 10+ statistic, no PME-ETI study, no band that leaves out 5–9.
    for figure_id in members:
        assert not figure_id.startswith(("eurostat", "insee", "pme_eti"))
        assert figure_id not in {"ai_survival_issue", "has_ai_strategy", "francenum_ai_2025_1_4"}
    assert _primary(found, "q_any_ai").figure_id == "francenum_ai_2025"


def test_eurostat_value_not_published_falls_back_to_eu27_labelled_as_such() -> None:
    # Montenegro's 10–49 value for 2024 and 2025 is confidential (flag c).
    found = position(
        DATASET, QUESTIONNAIRE, {"q_any_ai": "yes"}, Profile("10-19", "trade", "ME"), "en"
    )
    ids = [c.figure_id for c in found if c.figure_id.startswith("eurostat:")]
    assert not [i for i in ids if i.startswith("eurostat:E_AI_TANY:10-49:C10-S951_X_K:ME")]
    eu = _find(found, "eurostat:E_AI_TANY:10-49:C10-S951_X_K:EU27_2020:2025")
    assert eu.member is False and eu.reason == "country"  # Montenegro is not in the EU27
    assert "European Union" in eu.population


def test_one_primary_comparison_per_question_asked() -> None:
    found = position(DATASET, QUESTIONNAIRE, MIXED, FRENCH_40, "en")
    compared = [q.id for q in QUESTIONNAIRE.questions if q.figure_ids or q.eurostat_indicator]
    assert [c.question_id for c in primary_comparisons(found)] == compared
    # Within a question the primary comes first, then the other members, then references.
    for question_id in compared:
        items = [c for c in found if c.question_id == question_id]
        assert items[0].primary
        members = [c.member for c in items[1:]]
        assert members == sorted(members, reverse=True)


def test_conditional_question_is_compared_only_when_asked() -> None:
    # Not asked: its answer is ignored, and its figure is only a reference.
    without = position(DATASET, QUESTIONNAIRE, {"q_satisfaction": "1"}, FRENCH_40, "en")
    unasked = _find(without, "agency_disappointed")
    assert unasked.in_group is None and unasked.member is False
    assert unasked.sentence.startswith("For reference")
    asked = position(
        DATASET, QUESTIONNAIRE, {"q_agency": "yes", "q_satisfaction": "1"}, FRENCH_40, "en"
    )
    assert _find(asked, "agency_disappointed").in_group is True


# --- the whole profile grid: no membership statement about a population that excludes the firm

ANSWER_SETS = (MIXED, _best(), _worst(), {})


def _oracle_contains(comparison: Comparison, profile: Profile) -> bool:
    """Does the figure's population contain the firm? Re-derived from the raw data, without
    adoption.population, so that the engine is checked against an independent reading."""
    bands = {
        "0": (0, 0), "1-4": (1, 4), "5-9": (5, 9), "10-19": (10, 19), "20-49": (20, 49),
        "50-249": (50, 249), "250-4999": (250, 4999), "5000+": (5000, 10**9),
    }  # fmt: skip
    if profile.size is None or profile.country in (None, "other"):
        return False
    low, high = bands[profile.size]
    nace = QUESTIONNAIRE.sector_nace(profile.sector)
    if comparison.figure_id.startswith("eurostat:"):
        _, _, size, scope, geo, _ = comparison.figure_id.split(":")
        ranges = {
            "10-49": (10, 49),
            "50-249": (50, 249),
            "GE250": (250, 10**9),
            "GE10": (10, 10**9),
        }
        f_low, f_high = ranges[size]
        sectors = set("CDEFGHIJLMN") if scope == "C10-S951_X_K" else {scope}
        counts, condition = "firms", ""
    else:
        row = DATASET.figure(comparison.figure_id)
        if pd.isna(row["size_min"]):
            return False
        geo, counts, condition = str(row["geo"]), str(row["counts"]), str(row["condition"])
        f_low = int(row["size_min"])
        f_high = 10**9 if pd.isna(row["size_max"]) else int(row["size_max"])
        sectors = set(row["sector"]) or None
    members = set(DATASET.geo_groups[DATASET.geo_groups["group"] == geo]["member"])
    in_place = profile.country == geo or profile.country in members
    in_size = f_low <= low and high <= f_high
    in_sector = sectors is None or nace in sectors
    return counts in ("firms", "leaders") and in_place and in_size and in_sector and not condition


GRID = [
    Profile(size.code, sector.code, country.code)
    for size in QUESTIONNAIRE.sizes
    for country in QUESTIONNAIRE.countries
    for sector in QUESTIONNAIRE.sectors
]


def test_no_membership_statement_about_a_population_that_excludes_the_firm() -> None:
    """Every headcount band × every country offered × every sector × four answer sets."""
    statements = false_claims = 0
    for profile in GRID:
        for answers in ANSWER_SETS:
            for comparison in position(DATASET, QUESTIONNAIRE, answers, profile, "en"):
                claims = not comparison.sentence.startswith(REFERENCE_OPENINGS)
                assert claims == comparison.member, comparison
                if comparison.member:
                    statements += 1
                    false_claims += not _oracle_contains(comparison, profile)
    assert statements > 10_000  # the grid really exercised membership
    assert false_claims == 0


@given(
    size=st.sampled_from([None, *QUESTIONNAIRE.sizes]),
    sector=st.sampled_from([None, *QUESTIONNAIRE.sectors]),
    country=st.sampled_from([None, *QUESTIONNAIRE.countries]),
    answers=_answer_sets(),
    lang=st.sampled_from(["fr", "en"]),
)
@settings(max_examples=300, deadline=None)
def test_every_comparison_names_its_population_and_claims_only_membership(
    size: Choice | None,
    sector: Choice | None,
    country: Choice | None,
    answers: dict[str, str],
    lang: str,
) -> None:
    profile = Profile(
        size.code if size else None,
        sector.code if sector else None,
        country.code if country else None,
    )
    for comparison in position(DATASET, QUESTIONNAIRE, answers, profile, lang):
        assert comparison.population in comparison.sentence
        assert comparison.value_text in comparison.sentence
        if comparison.member:
            assert _oracle_contains(comparison, profile)
            assert not comparison.sentence.startswith(REFERENCE_OPENINGS)
        else:
            assert comparison.sentence.startswith(REFERENCE_OPENINGS)
            assert comparison.reason in REASONS


def test_missing_profile_fields_are_explained() -> None:
    notes = comparison_notes(QUESTIONNAIRE, Profile(), "en")
    for key in ("no_country", "no_size", "no_sector"):
        assert text(f"bench.basis.{key}", "en") in notes
    assert comparison_notes(QUESTIONNAIRE, FRENCH_40, "en") == []


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
        pytest.param(
            {"q_agency": "yes", "q_satisfaction": "1"},
            "p_provider_roi",
            id="unhappy with providers",
        ),
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


# --------------------------------------------------------------------------- texts


def _bench_texts(lang: str) -> dict[str, list[str]]:
    """Every benchmark and report message of ``lang``'s catalog, in every plural form."""
    keys = sorted(k for k in i18n.messages(lang) if k.startswith(("bench.", "report.")))
    found = i18n.catalog(lang)

    def forms(key: str) -> list[str]:
        try:
            return [found.ngettext(key, key, 1), found.ngettext(key, key, 2)]
        except KeyError:  # not a plural message
            return [found.gettext(key)]

    return {key: forms(key) for key in keys}


def test_texts_are_bilingual_and_namespaced() -> None:
    # The benchmark's strings keep their namespaces; each language has its own text.
    assert all(re.fullmatch(r"[a-z_]+\.[A-Za-z0-9_.]+", key) for key in i18n.messages("fr"))
    namespaces = {key.split(".")[0] for key in i18n.messages("fr")}
    assert {"bench", "benchpage", "report", "ws"} <= namespaces
    assert i18n.messages("fr") == i18n.messages("en")
    fr, en = _bench_texts("fr"), _bench_texts("en")
    assert fr.keys() == en.keys() and len(fr) > 100
    for key in fr:
        assert all(fr[key]) and all(en[key]), key
    assert i18n.t("bench.member", "fr") != i18n.t("bench.member", "en")


def test_no_figure_value_is_hard_coded_in_texts() -> None:
    # Numbers reach sentences through {value}; a literal "31 %" would go stale.
    pattern = re.compile(r"\d\s?%")
    for lang in i18n.LANGS:
        for key, forms in _bench_texts(lang).items():
            for value in forms:
                assert not pattern.search(value), key
    for question in QUESTIONNAIRE.questions:
        for lang in ("fr", "en"):
            for side in (True, False):
                assert not pattern.search(question.statement(side, lang)), question.id


# --------------------------------------------------------------------------- firms like yours


def test_barriers_for_a_french_firm_are_the_eu27s_said_so() -> None:
    # France publishes no barrier data (see the Eurostat README): EU27 stands in, labelled.
    table = breakdown(DATASET, QUESTIONNAIRE, "barriers", FRENCH_40, "en")
    assert table is not None
    assert (table.place, table.size, table.year) == ("EU27_2020", "10-49", 2025)
    assert set(table.origins) == {"eu"}
    assert "France" in table.note and "EU27" in table.note
    assert table.like_yours  # France is in the EU27, 20–49 is in 10–49, construction in scope
    assert "European Union" in table.population and "do not use it" in table.population
    cell = DATASET.eurostat_cells()[
        ("E_AI_BLE", "10-49", "C10-S951_X_K", "EU27_2020", "PC_ENT_AI_EC")
    ]
    value = next(r["value"] for r in cell if r["year"] == 2025)
    assert table.labels[0] == DATASET.indicator_label("E_AI_BLE", "en")  # the most cited first
    assert table.values[0] == value
    assert list(table.values) == sorted(table.values, reverse=True)


def test_technologies_for_a_french_firm_are_frances() -> None:
    table = breakdown(DATASET, QUESTIONNAIRE, "technologies", FRENCH_40, "fr")
    assert table is not None
    assert (table.place, table.like_yours) == ("FR", True)
    assert "eu" not in table.origins and "country" in table.origins
    assert "France" in table.population


def test_a_country_that_publishes_some_values_keeps_them_value_by_value() -> None:
    # German 250+ barriers: Eurostat publishes some values, withholds the others.
    cells = DATASET.eurostat_cells()
    barriers = DATASET.eurostat_panel("barriers")
    profile = Profile("250-4999", "industry", "DE")
    table = breakdown(DATASET, QUESTIONNAIRE, "barriers", profile, "en")
    assert table is not None and table.place == "DE"
    for label, value, origin, shown in zip(
        table.labels, table.values, table.origins, table.value_texts, strict=True
    ):
        code = next(c for c in barriers if DATASET.indicator_label(c, "en") == label)
        german = cells.get((code, "GE250", "C10-S951_X_K", "DE", "PC_ENT_AI_EC"), [])
        german_value = next(
            (r["value"] for r in german if r["year"] == table.year and pd.notna(r["value"])), None
        )
        if german_value is not None:
            assert (origin, value) == ("country", german_value)
            assert "EU27" not in shown
        else:
            assert origin in ("eu", "none")
            if origin == "eu":
                assert "(EU27)" in shown
    mine = table.origins.count("country")
    assert 0 < mine < len(barriers)
    assert f"{mine} of these {len(barriers)}" in table.note


def test_a_micro_firm_gets_the_nearest_size_class_only_as_a_reference() -> None:
    table = breakdown(DATASET, QUESTIONNAIRE, "technologies", Profile("5-9", "trade", "BE"), "en")
    assert table is not None
    assert table.size == "10-49" and table.place == "BE"
    assert table.like_yours is False
    assert table.note.startswith(text("bench.breakdown.reference", "en"))
    fig = breakdown_chart(table, DATASET, "en").figure
    assert list(fig.data[0].y) == list(table.labels)


def test_a_withheld_value_is_not_published_never_zero() -> None:
    table = breakdown(
        DATASET, QUESTIONNAIRE, "technologies", Profile("250-4999", "industry", "DE"), "en"
    )
    assert table is not None
    withheld = [i for i, v in enumerate(table.values) if v is None]
    assert withheld  # image generation was not asked before 2025
    for index in withheld:
        assert table.value_texts[index] == text("chart.not_published", "en")
