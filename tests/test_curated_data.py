"""Checks of the real curated data in ``data/``, apart from the code tests.

The code tests read their own frozen copy (``tests/fixtures/data/``), so a curator who
corrects a figure changes no code test; this module is where the curated content itself is
held to account: it loads and is valid, the fixture still has its shape, and the values
the brief, the articles and Eurostat give are the ones in the tables. A curator who
changes a quoted value changes it here too, on purpose. Marker ``curated``; part of the
fast tier (``make check``).

Provenance as Our World in Data keeps it: every Eurostat source under Eurostat's licence
and dated by the releases the updater records; no publication address that is only a
publisher's home page.
"""

from __future__ import annotations

import csv
import json
import socket
from pathlib import Path
from urllib.parse import urlsplit

import frictionless
import pandas as pd
import pytest

import fixtures
from adoption.dataset import DATA_DIR, Dataset, load_dataset
from adoption.eurostat_view import rank_among
from adoption.questionnaire import load_questionnaire
from adoption.sources import source_details

pytestmark = pytest.mark.curated

CURATED_DIR = DATA_DIR  # the bundled data/, whatever ADOPTION_DATA_DIR says


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The curated dataset (this module's ``dataset`` is data/, not the fixture)."""
    return load_dataset(CURATED_DIR)


# --- it loads, and other tools read it the same way ------------------------------------


def test_the_questionnaire_loads_from_the_curated_data(dataset: Dataset) -> None:
    questionnaire = load_questionnaire(dataset)
    mapped = {fid for q in questionnaire.questions for fid in q.figure_ids}
    assert set(dataset.headlines()["id"]) <= mapped, "every headline figure is asked"


def test_frictionless_finds_the_curated_package_valid(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"frictionless tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    report = frictionless.validate(CURATED_DIR / "datapackage.json")
    assert report.valid, report.flatten(["name", "rowNumber", "fieldName", "type", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows == {name: len(r.frame) for name, r in dataset.resources.items()}


# --- the code tests' fixture keeps the curated shape ------------------------------------
# Its values may drift from data/; its descriptor and columns may not, or the code tests
# would test a package the app no longer reads.


def test_the_fixture_has_the_curated_descriptor() -> None:
    curated = json.loads((CURATED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    fixture = json.loads((fixtures.FIXTURE_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert fixture == curated, "copy data/datapackage.json to tests/fixtures/data/"


def test_every_fixture_table_has_the_curated_columns(dataset: Dataset) -> None:
    for name, resource in dataset.resources.items():
        fixture = fixtures.dataset().resources[name]
        assert list(fixture.frame.columns) == list(resource.frame.columns), name


# --- what the brief requires (moved from test_dataset.py) --------------------------------

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


# --- Eurostat: France among the EU27 -----------------------------------------------------


def test_france_is_15th_of_27_in_2025_not_on_the_podium(dataset: Dataset) -> None:
    # Issue 19: the articles' "European podium" does not hold.
    rank = rank_among(dataset, "FR")
    assert (rank.rank, rank.count, rank.year) == (15, 27, 2025)
    assert (rank.value, rank.group_value) == (18.16, 19.95)
    assert [geo for geo, _ in rank.leaders] == ["DK", "FI", "SE"]


# --- provenance, as Our World in Data keeps it ---------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SOURCES = _rows("sources.csv")
RELEASES = _rows("eurostat_releases.csv")


def _bare(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


@pytest.mark.parametrize(
    "row", [r for r in SOURCES if r["organisation"] == "Eurostat"], ids=lambda r: r["id"]
)
def test_every_eurostat_source_is_cc_by_4(row: dict[str, str]) -> None:
    assert row["licence"] == "CC BY 4.0"


@pytest.mark.parametrize("row", [r for r in SOURCES if r["dataset"]], ids=lambda r: r["id"])
def test_a_eurostat_datasets_dates_are_its_releases(dataset: Dataset, row: dict[str, str]) -> None:
    own = [r for r in RELEASES if r["dataset"] == row["dataset"]]
    assert own, row["dataset"]
    details = source_details(dataset)[row["id"]]
    assert details.last_update == max(r["last_update"] for r in own)
    assert details.accessed == max(r["retrieved"] for r in own)
    assert details.licence == {r["licence"] for r in own}.pop()


def test_eurostat_isoc_eb_ai_is_as_of_its_june_2026_update(dataset: Dataset) -> None:
    details = source_details(dataset)["eurostat_isoc"]
    assert (details.last_update, details.accessed) == ("2026-06-15", "2026-10-01")


@pytest.mark.parametrize("row", SOURCES, ids=lambda r: r["id"])
def test_no_publication_address_is_a_home_page(row: dict[str, str]) -> None:
    if row["url"]:
        assert not _bare(row["url"]), f"{row['id']}: {row['url']} is a home page"
    if row["publisher_site"]:
        assert _bare(row["publisher_site"])
        assert not row["url"], "a publisher's site stands in only for an unknown address"


def test_the_home_pages_once_given_as_publications_are_the_publishers_sites() -> None:
    by_id = {r["id"]: r for r in SOURCES}
    for source in ("bpi_lab_aube", "francenum_baro", "insee_tic", "oecd_genai_sme"):
        assert by_id[source]["url"] == "" and by_id[source]["publisher_site"], source


def test_only_eurostat_states_a_licence() -> None:
    """Nothing in the sources we read states another publisher's licence: it stays empty
    (shown "not stated"), never assumed."""
    stated = {r["id"] for r in SOURCES if r["licence"]}
    assert stated == {r["id"] for r in SOURCES if r["organisation"] == "Eurostat"}


@pytest.mark.parametrize("row", [r for r in SOURCES if r["title"]], ids=lambda r: r["id"])
def test_a_citation_quotes_the_exact_title(dataset: Dataset, row: dict[str, str]) -> None:
    text = source_details(dataset)[row["id"]].citation
    assert row["title"] in text and row["organisation"] in text
    if row["date"]:
        assert f"({row['date'][:4]})" in text
