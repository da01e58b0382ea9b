"""The dataset loader: frames as the app reads them, and a broken file gives one clear
message naming the file, row and field. (What the curated data/ holds is checked in
test_curated_data.py.)"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

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
