"""The curated dataset loads, holds what the product brief lists, and a broken file gives
one clear message naming the file, row and field."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from adoption.datapackage import DataError
from adoption.dataset import Dataset, load_dataset
from conftest import Row, rewrite, set_field


def drop_column(field: str) -> Callable[[list[Row]], list[Row]]:
    return lambda rows: [{k: v for k, v in row.items() if k != field} for row in rows]


def row_of(path: Path, row_id: str) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        ids = [r["id"] for r in csv.DictReader(handle)]
    return ids.index(row_id) + 2


# --- what the brief requires ------------------------------------------------------------

HEADLINES = [
    ("genai_use_tpe_pme_2024", 31),
    ("agency_disappointed", 84),
    ("ai_survival_issue", 58),
    ("transversal_weekly", 16),
]


def test_headlines_are_the_four_of_the_brief_in_order(dataset: Dataset) -> None:
    got = [(r["id"], r["value"]) for _, r in dataset.headlines().iterrows()]
    assert got == HEADLINES


@pytest.mark.parametrize(
    ("figure_id", "value", "kind", "articles"),
    [
        ("genai_use_tpe_pme_2023", 15, "exact", ("art_000",)),
        ("genai_use_tpe_pme_2024", 31, "exact", ("art_000", "art_001")),
        ("any_ai_tool_dfm", 67, "approximate", ("art_000",)),
        ("agency_disappointed", 84, "exact", ("art_000",)),
        ("impact_not_reached", 80, "approximate", ("art_000",)),
        ("ai_survival_issue", 58, "exact", ("art_001", "art_003")),
        ("no_ai_strategy_article", 58, "approximate", ("art_003",)),
        ("transversal_weekly", 16, "exact", ("art_002",)),
        ("need_training", 95, "exact", ("art_002",)),
        ("self_declared_experts", 75, "approximate", ("art_002",)),
        ("not_ready_risks", 77, "exact", ("art_002",)),
        ("raise_investment", 75, "approximate", ("art_002",)),
        ("be_skills_shortage", 42, "exact", ("art_003",)),
        ("resistance_to_change", 25, "approximate", ("art_003",)),
        ("employees_more_productive", 73, "exact", ("art_003",)),
        ("employees_more_satisfied", 60, "exact", ("art_003",)),
        ("exec_time_searching", 20, "approximate", ("art_003",)),
        ("formula_success_support", 90, "exact", ("art_001",)),
        ("formula_recipe_technology", 10, "approximate", ("art_003",)),
        ("formula_recipe_people", 90, "approximate", ("art_003",)),
    ],
)
def test_every_article_figure_is_there_with_its_citation(
    dataset: Dataset, figure_id: str, value: float, kind: str, articles: tuple[str, ...]
) -> None:
    row = dataset.figure(figure_id)
    assert row["value"] == value
    assert row["value_kind"] == kind
    assert row["cited_in"] == articles


@pytest.mark.parametrize(
    ("figure_id", "value", "grade", "publisher"),
    [
        ("ai_survival_issue", 58, "primary", "bpi_lab_aube"),
        ("has_ai_strategy", 43, "primary", "bpi_lab_aube"),
        ("pme_eti_use_ai", 32, "primary", "bpi_lab_aube"),
        ("genai_use_tpe_pme_2025", 55, "relayed", "bpi_lab_conj"),
        ("francenum_ai_2025", 26, "relayed", "francenum_baro"),
        ("francenum_ai_2024", 13, "relayed", "francenum_baro"),
        ("francenum_ai_2025_1_4", 23, "relayed", "francenum_baro"),
        ("francenum_ai_2025_10_19", 31, "relayed", "francenum_baro"),
        ("francenum_ai_2025_20_49", 35, "relayed", "francenum_baro"),
        ("francenum_ai_2025_50_249", 42, "relayed", "francenum_baro"),
        ("insee_ai_2024_10plus", 10, "relayed", "insee_tic"),
        ("insee_ai_2024_10_49", 9, "relayed", "insee_tic"),
        ("insee_ai_2024_50_249", 15, "relayed", "insee_tic"),
        ("insee_ai_2024_250plus", 33, "relayed", "insee_tic"),
        ("eurostat_eu27_2025", 19.95, "primary", "eurostat_isoc"),
        ("eurostat_fr_2025", 18.16, "primary", "eurostat_isoc"),
        ("eurostat_eu27_large_2025", 55.03, "primary", "eurostat_se"),
        ("eurostat_eu27_large_2024", 41.17, "primary", "eurostat_se"),
        ("eurostat_eu27_2024", 13.48, "primary", "eurostat_se"),
        ("oecd_genai_sme", 31, "primary", "oecd_genai_sme"),
        ("oecd_genai_sme_japan", 24, "primary", "oecd_genai_sme"),
        ("oecd_genai_sme_germany", 39, "primary", "oecd_genai_sme"),
    ],
)
def test_publisher_facts_are_graded(
    dataset: Dataset, figure_id: str, value: float, grade: str, publisher: str
) -> None:
    row = dataset.figure(figure_id)
    assert (row["value"], row["grade"], row["original_source"]) == (value, grade, publisher)


def test_the_58_percent_misattribution_is_recorded(dataset: Dataset) -> None:
    note = dataset.notes.set_index("id").loc["misattrib_58"]
    assert note["kind"] == "misattribution"
    assert "ai_survival_issue" in note["figure_ids"]
    assert dataset.figure("ai_survival_issue")["attributed_to"] == "bpi_lab_aube"
    assert "France Num" in note["text_en"] and "Bpifrance Le Lab" in note["text_en"]


def test_derived_no_strategy_is_the_complement_of_has_strategy(dataset: Dataset) -> None:
    assert (
        dataset.figure("no_ai_strategy")["value"]
        == 100 - dataset.figure("has_ai_strategy")["value"]
    )


def test_range_note_quotes_the_real_min_and_max(dataset: Dataset) -> None:
    note = dataset.notes_of_kind("range").iloc[0]
    values = [dataset.figure(f)["value"] for f in note["figure_ids"]]
    low, high = f"{min(values):g}", f"{max(values):g}"
    assert f"{low}% to {high}%" in note["text_en"]
    assert f"{low}\u202f% à {high}\u202f%" in note["text_fr"]


def test_eurostat_table_matches_the_reference_extract_cell_by_cell(dataset: Dataset) -> None:
    # tests/data holds a copy of the 2025 GE10 extract the project was first built from
    # (see data/datapackage.json): every cell of it, flags included, is in data/.
    reference = pd.read_csv(Path(__file__).parent / "data/eurostat_isoc_eb_ai_2025_ge10.csv")
    ours = dataset.eurostat[
        (dataset.eurostat["size_emp"] == "GE10")
        & (dataset.eurostat["nace_r2"] == "C10-S951_X_K")
        & (dataset.eurostat["year"] == 2025)
        & (dataset.eurostat["unit"] == "PC_ENT")
    ]
    merged = reference.merge(ours, left_on=["indic_is", "geo"], right_on=["indicator", "geo"])
    assert len(merged) == len(reference) - int((reference["geo"] == "EA").sum())
    published = merged[merged["obs_flag"] != "u"]
    assert (published["obs_value"] == published["value"].astype(float)).all()
    withheld = merged[merged["obs_flag"] == "u"]
    assert not withheld.empty and withheld["value"].isna().all()
    assert (merged["obs_flag"].fillna("") == merged["flag"]).all()


@pytest.mark.parametrize(
    ("indicator", "size", "nace", "geo", "year", "value"),
    [
        ("E_AI_TANY", "10-49", "C10-S951_X_K", "FR", 2025, 15.04),  # the example
        ("E_AI_TANY", "GE250", "C10-S951_X_K", "EU27_2020", 2025, 55.03),  # Statistics Explained
        ("E_AI_TANY", "GE250", "C10-S951_X_K", "EU27_2020", 2024, 41.17),
        ("E_AI_TANY", "GE10", "C10-S951_X_K", "EU27_2020", 2024, 13.48),
    ],
)
def test_eurostat_spot_values(
    dataset: Dataset, indicator: str, size: str, nace: str, geo: str, year: int, value: float
) -> None:
    rows = dataset.eurostat_cells()[(indicator, size, nace, geo, "PC_ENT")]
    assert [r["value"] for r in rows if r["year"] == year] == [value]


def test_eurostat_withheld_values_are_empty_never_zero(dataset: Dataset) -> None:
    withheld = dataset.eurostat[dataset.eurostat["flag"].isin(["u", "c"])]
    assert len(withheld) >= 10
    assert withheld["value"].isna().all()
    assert not dataset.eurostat[~dataset.eurostat["flag"].isin(["u", "c"])]["value"].isna().any()


def test_every_label_exists_in_both_languages(dataset: Dataset) -> None:
    for column in ("label", "population"):
        for lang in ("fr", "en"):
            assert (dataset.figures[f"{column}_{lang}"].str.len() > 0).all()


def test_frames_use_pyarrow_dtypes(dataset: Dataset) -> None:
    assert str(dataset.figures["value"].dtype) == "double[pyarrow]"
    assert dataset.figures["id"].dtype.storage == "pyarrow"


# --- broken files ---------------------------------------------------------------------

BROKEN = [
    pytest.param(
        "figures.csv",
        drop_column("label_en"),
        "missing column(s): label_en",
        "label_en",
        False,
        id="missing-column",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "value", "140"),
        "above the maximum 100",
        "value",
        True,
        id="value-140",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "value", "-3"),
        "below the minimum 0",
        "value",
        True,
        id="value-negative",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "value", "beaucoup"),
        "not a number",
        "value",
        True,
        id="value-not-number",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "attributed_to", "nobody"),
        "'nobody' does not match any 'id' in sources.csv",
        "attributed_to",
        True,
        id="unknown-source-id",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "cited_in", "art_002;art_999"),
        "'art_999' does not match",
        "cited_in",
        True,
        id="unknown-article-in-list",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "label_en", ""),
        "required but empty",
        "label_en",
        True,
        id="missing-english-label",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "theme", "vibes"),
        "'vibes' is not one of",
        "theme",
        True,
        id="unknown-theme",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "id", "transversal_weekly"),
        "not unique",
        "id",
        True,
        id="duplicate-id",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "headline", "1"),
        "not unique",
        "headline",
        True,
        id="two-first-headlines",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "cited_in", "bpi_lab_aube"),
        "not an article",
        "cited_in",
        True,
        id="publisher-as-article",
    ),
    pytest.param(
        "figures.csv",
        set_field("francenum_ai_2025", "original_source", ""),
        "must name its original_source",
        "original_source",
        True,
        id="relayed-without-publisher",
    ),
    pytest.param(
        "sources.csv",
        set_field("dfm", "kind", "rumour"),
        "'rumour' is not one of",
        "kind",
        True,
        id="unknown-source-kind",
    ),
    pytest.param(
        "sources.csv",
        set_field("dfm", "url", "javascript:alert(1)"),
        "invalid format",
        "url",
        True,
        id="unsafe-url",
    ),
    # --- who a figure describes (populations as data)
    pytest.param(
        "figures.csv",
        set_field("oecd_genai_sme", "geo", "OECD9"),
        "'OECD9' does not match any 'code' in geo.csv",
        "geo",
        True,
        id="unknown-country-group",
    ),
    pytest.param(
        "figures.csv",
        set_field("ai_survival_issue", "size_min", "5000"),
        "size_min 5000 is above size_max 4999",
        "size_max",
        True,
        id="headcount-min-above-max",
    ),
    pytest.param(
        "figures.csv",
        set_field("ai_survival_issue", "size_min", ""),
        "size_max without size_min",
        "size_min",
        True,
        id="headcount-max-without-min",
    ),
    pytest.param(
        "figures.csv",
        set_field("agency_disappointed", "condition", "bought_a_boat"),
        "'bought_a_boat' does not match any 'id' in conditions.csv",
        "condition",
        True,
        id="condition-nobody-defines",
    ),
    pytest.param(
        "figures.csv",
        set_field("no_ai_strategy", "grade", "primary"),
        "graded 'derived'",
        "grade",
        True,
        id="derived-value-graded-primary",
    ),
    pytest.param(
        "figures.csv",
        set_field("has_ai_strategy", "value_kind", "derived"),
        "graded 'derived'",
        "grade",
        True,
        id="derived-kind-with-primary-grade",
    ),
    pytest.param(
        "figures.csv",
        set_field("transversal_weekly", "period", "2025"),
        "write 'not_stated'",
        "period",
        True,
        id="period-invented-for-article-claim",
    ),
    pytest.param(
        "figures.csv",
        set_field("transversal_weekly", "period", "sometime"),
        "invalid format",
        "period",
        True,
        id="period-not-a-period",
    ),
    pytest.param(
        "figures.csv",
        set_field("need_training", "counts", "vibes"),
        "'vibes' is not one of",
        "counts",
        True,
        id="unknown-unit-counted",
    ),
    pytest.param(
        "figures.csv",
        set_field("transversal_weekly", "grade", "relayed"),
        "must name its original_source",
        "original_source",
        True,
        id="article-claim-upgraded-without-publisher",
    ),
    pytest.param(
        "figures.csv",
        set_field("genai_use_tpe_pme_2024", "original_source", "art_000"),
        "not a press_article",
        "original_source",
        True,
        id="relayed-from-an-article",
    ),
    pytest.param(
        "sources.csv",
        set_field("ai_opportunity", "kind", "industry_survey"),
        "must name its publisher",
        "organisation",
        True,
        id="survey-without-publisher",
    ),
    pytest.param(
        "sources.csv",
        set_field("dfm", "kind", "industry_survey"),
        "must describe its sample",
        "sample_fr",
        True,
        id="survey-without-sample",
    ),
    pytest.param(
        "geo_groups.csv",
        lambda rows: [*rows, {"group": "FR", "member": "DE"}],
        "'FR' is not a group",
        "group",
        True,
        id="country-used-as-group",
    ),
    pytest.param(
        "geo.csv",
        lambda rows: [
            *rows,
            {"code": "NORDIC5", "kind": "group", "name_fr": "Pays nordiques", "name_en": "Nordics"},
        ],
        "group 'NORDIC5' has no member",
        "code",
        True,
        id="group-without-members",
    ),
    pytest.param(
        "conditions.csv",
        set_field("adopted_agency", "answers", ""),
        "needs the answers that meet it",
        "answers",
        True,
        id="condition-question-without-answers",
    ),
    pytest.param(
        "notes.csv",
        set_field("misattrib_58", "figure_ids", "ai_survival_issue;ghost"),
        "'ghost' does not match",
        "figure_ids",
        True,
        id="note-unknown-figure",
    ),
]


@pytest.mark.parametrize(("file", "change", "message", "field", "has_row"), BROKEN)
def test_a_broken_file_names_file_row_and_field(
    data_copy: Path, file: str, change: Callable[[list[Row]], list[Row]],
    message: str, field: str, has_row: bool,
) -> None:  # fmt: skip
    rewrite(data_copy / file, change)
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    error = caught.value
    assert error.file == file
    assert message in str(error)
    assert error.field == field
    assert (error.row is not None) == has_row
    assert str(error).startswith(file)


def test_the_row_number_is_the_spreadsheet_row(data_copy: Path) -> None:
    rewrite(data_copy / "figures.csv", set_field("need_training", "value", "140"))
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    assert caught.value.row == row_of(data_copy / "figures.csv", "need_training")


def test_eurostat_withheld_value_must_not_be_zero(data_copy: Path) -> None:
    path = data_copy / "eurostat_ai.csv"
    text = path.read_text(encoding="utf-8")
    row = "isoc_eb_ai,E_AI_ADOWN,GE10,C10-S951_X_K,FR,2025,PC_ENT,,u,ge10_2025"
    assert row in text
    path.write_text(text.replace(row, row.replace(",,u,", ",0,u,")), encoding="utf-8")
    with pytest.raises(DataError, match="flagged 'u' is withheld: leave it empty") as caught:
        load_dataset(data_copy)
    assert caught.value.field == "value"
    assert caught.value.file == "eurostat_ai.csv"
