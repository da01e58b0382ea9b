"""Tests for adoption.questionnaire: the questionnaire loads, and broken CSVs fail clearly."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import fixtures
from adoption.datapackage import DataError
from adoption.dataset import load_dataset
from adoption.questionnaire import PILLARS, Questionnaire, load_questionnaire

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return fixtures.questionnaire()


def test_questionnaire_shape(questionnaire: Questionnaire) -> None:
    assert 12 <= len(questionnaire.questions) <= 18  # "about 14 questions, under 3 minutes"
    assert len(set(questionnaire.ids)) == len(questionnaire.ids)
    assert len({q.slot for q in questionnaire.questions}) == len(questionnaire.questions)
    orders = [q.order for q in questionnaire.questions]
    assert orders == sorted(orders)
    for pillar in PILLARS:
        assert [q for q in questionnaire.by_pillar(pillar) if q.scored]


def test_headline_figures_are_all_asked() -> None:
    dataset = fixtures.dataset()
    questionnaire = fixtures.questionnaire()
    mapped = {fid for q in questionnaire.questions for fid in q.figure_ids}
    assert set(dataset.headlines()["id"]) <= mapped


@pytest.mark.parametrize(
    "topic_figure",
    [
        "genai_use_tpe_pme_2024",
        "any_ai_tool_dfm",
        "agency_disappointed",
        "impact_not_reached",
        "ai_survival_issue",
        "has_ai_strategy",
        "transversal_weekly",
        "need_training",
        "not_ready_risks",
        "raise_investment",
        "francenum_ai_2025_50_249",
        "insee_ai_2024_50_249",
        "oecd_genai_sme",
    ],
)
def test_issue_topics_are_covered(questionnaire: Questionnaire, topic_figure: str) -> None:
    assert any(topic_figure in q.figure_ids for q in questionnaire.questions)


def test_eurostat_comparisons_come_from_the_table(questionnaire: Questionnaire) -> None:
    # Eurostat's values by size, country and sector are read from data/eurostat_ai.csv.
    assert questionnaire.question("q_any_ai").eurostat_indicator == "E_AI_TANY"


def test_conditional_question_opens_on_its_condition(questionnaire: Questionnaire) -> None:
    satisfaction = questionnaire.question("q_satisfaction")
    assert satisfaction.asked_if == ("q_agency", frozenset({"yes"}))
    assert not satisfaction.applies({})
    assert not satisfaction.applies({"q_agency": "no"})
    assert satisfaction.applies({"q_agency": "yes"})
    assert questionnaire.valid_answers({"q_agency": "no", "q_satisfaction": "2"}) == {
        "q_agency": "no"
    }
    assert "q_satisfaction" not in {q.id for q in questionnaire.asked({})}


@pytest.mark.parametrize(
    ("qid", "code"),
    [("q_impact", "none"), ("q_licences", "no_tools"), ("q_trained_staff", "no_users")],
)
def test_not_applicable_answers_are_declared(
    questionnaire: Questionnaire, qid: str, code: str
) -> None:
    assert code in questionnaire.question(qid).not_applicable


@pytest.mark.parametrize("qid", ["q_kpi", "q_pilot", "q_policy", "q_trained_staff"])
def test_practice_questions_exist(questionnaire: Questionnaire, qid: str) -> None:
    assert questionnaire.question(qid).scored


def test_every_label_in_both_languages(questionnaire: Questionnaire) -> None:
    for question in questionnaire.questions:
        assert question.label("fr") and question.label("en")
        assert question.label("fr") != question.label("en")
        for option in question.options:
            assert option.label("fr") and option.label("en")
    for practice in questionnaire.practices:
        assert practice.text("fr") and practice.text("en")
        assert practice.name("fr") and practice.name("en")


def test_profile_options(questionnaire: Questionnaire) -> None:
    # Fine enough to pick every published band exactly (France Num, INSEE, Eurostat,
    # PME-ETI 10–4,999).
    assert [c.code for c in questionnaire.sizes] == [
        "0", "1-4", "5-9", "10-19", "20-49", "50-249", "250-4999", "5000+",
    ]  # fmt: skip
    assert 6 <= len(questionnaire.sectors) <= 16
    assert questionnaire.sector_nace("construction") == "F"
    assert questionnaire.sector_nace("other") is None
    codes = [c.code for c in questionnaire.countries]
    assert codes[:2] == ["FR", "BE"]
    assert codes[-1] == "other"
    assert "EU27_2020" not in codes


def test_points_and_codes(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("q_frequency")
    assert question.points_for(None) == 0
    assert question.points_for("not-a-code") == 0
    assert question.points_for(question.codes[-1]) == question.max_points
    assert not questionnaire.question("q_training_need").scored


def test_valid_answers_drops_junk(questionnaire: Questionnaire) -> None:
    clean = questionnaire.valid_answers(
        {"q_genai": "yes", "q_nope": "yes", "q_kpi": "maybe", 3: "x"}
    )
    assert clean == {"q_genai": "yes"}


# --------------------------------------------------------------------------- broken data


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(fixtures.FIXTURE_DIR, target)
    return target


def _edit(path: Path, change: Callable[[Rows], None]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(row_id: str, column: str, value: str) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        for row in rows:
            if row.get("id") == row_id:
                row[column] = value

    return change


def _row_of(rows_file: Path, row_id: str) -> int:
    with rows_file.open(encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    return ids.index(row_id) + 2


def _governance_to_use(rows: Rows) -> None:
    for row in rows:
        if row["pillar"] == "governance":
            row["pillar"] = "use"


def _set_choice(list_name: str, code: str, new: str) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        for row in rows:
            if row["list"] == list_name and row["code"] == code:
                row["code"] = new

    return change


def _drop_size_list(rows: Rows) -> None:
    rows[:] = [row for row in rows if row["list"] != "size"]


BROKEN = [
    # (case, file edited, change, row id or None, expected field)
    (
        "in_group not an answer",
        "questions.csv",
        _set("q_genai", "in_group", "maybe"),
        "q_genai",
        "in_group",
    ),
    (
        "unknown figure id",
        "questions.csv",
        _set("q_strategy", "figure_ids", "has_ai_strategy;no_such_fig"),
        "q_strategy",
        "figure_ids",
    ),
    ("points count", "questions.csv", _set("q_kpi", "points", "100"), "q_kpi", "points"),
    ("points over 100", "questions.csv", _set("q_kpi", "points", "100;150"), "q_kpi", "points"),
    (
        "unknown placeholder",
        "questions.csv",
        _set("q_genai", "statement_in_fr", "{valeur} {population}"),
        "q_genai",
        "statement_in_fr",
    ),
    (
        "malformed placeholder",
        "questions.csv",
        _set("q_genai", "statement_out_en", "{value"),
        "q_genai",
        "statement_out_en",
    ),
    (
        "missing statement",
        "questions.csv",
        _set("q_genai", "statement_in_en", ""),
        "q_genai",
        "statement_in_en",
    ),
    (
        "choice without list",
        "questions.csv",
        _set("q_frequency", "options", ""),
        "q_frequency",
        "options",
    ),
    (
        "unknown options list",
        "questions.csv",
        _set("q_frequency", "options", "nolist"),
        "q_frequency",
        "options",
    ),
    (
        "bad answer type",
        "questions.csv",
        _set("q_genai", "answer_type", "free_text"),
        "q_genai",
        "answer_type",
    ),
    ("bad pillar", "questions.csv", _set("q_genai", "pillar", "vibes"), "q_genai", "pillar"),
    (
        "figures without in_group",
        "questions.csv",
        _set("q_genai", "in_group", ""),
        "q_genai",
        "in_group",
    ),
    ("pillar too thin", "questions.csv", _governance_to_use, None, "pillar"),
    (
        "practice trigger answer",
        "practices.csv",
        _set("p_kpi", "trigger_answers", "perhaps"),
        "p_kpi",
        "trigger_answers",
    ),
    (
        "practice unknown question",
        "practices.csv",
        _set("p_kpi", "trigger_question", "q_nope"),
        "p_kpi",
        "trigger_question",
    ),
    (
        "practice unknown source",
        "practices.csv",
        _set("p_kpi", "source", "art_999"),
        "p_kpi",
        "source",
    ),
    ("size list missing", "choices.csv", _drop_size_list, None, "list"),
    ("size not a range", "choices.csv", _set_choice("size", "5-9", "5-to-9"), None, "code"),
    ("sizes overlap", "choices.csv", _set_choice("size", "5-9", "3-9"), None, "code"),
    (
        "condition on a later question",
        "questions.csv",
        _set("q_agency", "asked_if", "q_satisfaction=1"),
        "q_agency",
        "asked_if",
    ),
    (
        "condition on an unknown answer",
        "questions.csv",
        _set("q_satisfaction", "asked_if", "q_agency=perhaps"),
        "q_satisfaction",
        "asked_if",
    ),
    (
        "not applicable is not an answer",
        "questions.csv",
        _set("q_impact", "not_applicable", "never"),
        "q_impact",
        "not_applicable",
    ),
    (
        "condition answer not an answer of its question",
        "conditions.csv",
        _set("adopted_agency", "answers", "perhaps"),
        "adopted_agency",
        "answers",
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "row_id", "field"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_file_names_file_row_field(
    tmp_path: Path, file: str, change: Callable[[Rows], None], row_id: str | None, field: str
) -> None:
    data = _copy_data(tmp_path)
    expected_row = _row_of(data / file, row_id) if row_id else None
    _edit(data / file, change)
    with pytest.raises(DataError) as caught:
        load_questionnaire(load_dataset(data))
    error = caught.value
    assert error.file == file
    assert error.field == field
    assert error.row == expected_row
    assert file in str(error)


def test_missing_resource_is_a_data_error(tmp_path: Path) -> None:
    dataset = fixtures.dataset()
    resources = {k: v for k, v in dataset.resources.items() if k != "practices"}
    # Every other table as loaded: a new table in the data package changes nothing here.
    stripped = dataclasses.replace(dataset, resources=resources)
    with pytest.raises(DataError, match="practices"):
        load_questionnaire(stripped)
