"""Explore filters: applied correctly, carried in the URL, and safe against tampering."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoption.dataset import Dataset
from adoption.explore import (
    SORTS,
    Filters,
    apply_filters,
    download_frame,
    export_frame,
    filters_to_params,
    parse_filters,
    provenance_table,
    sort_rows,
)
from adoption.exports import to_csv_bytes


def test_no_filter_keeps_every_figure(dataset: Dataset) -> None:
    assert len(apply_filters(dataset, Filters())) == len(dataset.figures)


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        (Filters(themes=("risk",)), {"not_ready_risks"}),
        (Filters(geos=("BE",)), {"be_skills_shortage"}),
        (Filters(sources=("ia_info",)), {"agency_disappointed"}),
        (Filters(themes=("strategy",), grades=("primary",)), {"ai_survival_issue", "has_ai_strategy"}),
            (Filters(themes=("strategy",), grades=("derived",)), {"no_ai_strategy"}),
            (Filters(themes=("strategy",), grades=("article_claim",)), {"no_ai_strategy_article"}),
        (Filters(search="japon"), {"oecd_genai_sme", "oecd_genai_sme_japan"}),
        (Filters(search="JAPAN"), {"oecd_genai_sme", "oecd_genai_sme_japan"}),
        (Filters(themes=("risk",), geos=("BE",)), set()),
    ],
)  # fmt: skip
def test_filters_select_the_right_rows(
    dataset: Dataset, filters: Filters, expected_ids: set[str]
) -> None:
    assert set(apply_filters(dataset, filters)["id"]) == expected_ids


def test_url_round_trip(dataset: Dataset) -> None:
    filters = Filters(
        themes=("adoption", "skills"), grades=("primary",), geos=("FR",), search="PME"
    )
    parsed = parse_filters(filters_to_params(filters), dataset)
    assert parsed.filters == filters
    assert parsed.rejected == ()


@pytest.mark.parametrize(
    ("params", "kept", "rejected"),
    [
        ({"theme": "adoption,nonsense"}, Filters(themes=("adoption",)), ("theme",)),
        ({"grade": "<script>alert(1)</script>"}, Filters(), ("grade",)),
        ({"q": "<img src=x onerror=alert(1)>"}, Filters(), ("q",)),
        ({"q": "x" * 5000}, Filters(), ("q",)),
        ({"source": "ia_info," * 400}, Filters(sources=("ia_info",)), ("source",)),
        ({"geo": "FR,FR,BE"}, Filters(geos=("FR", "BE")), ()),
        ({"unrelated": "1"}, Filters(), ()),
    ],
)
def test_tampered_params_are_dropped_and_reported(
    dataset: Dataset, params: dict[str, str], kept: Filters, rejected: tuple[str, ...]
) -> None:
    parsed = parse_filters(params, dataset)
    assert parsed.filters == kept
    assert parsed.rejected == rejected


@given(
    st.dictionaries(st.sampled_from(["theme", "source", "grade", "geo", "q", "lang"]), st.text())
)
def test_parse_filters_never_raises(dataset: Dataset, params: dict[str, str]) -> None:
    parsed = parse_filters(params, dataset)
    assert set(parsed.rejected) <= {"theme", "source", "grade", "geo", "q"}


def test_provenance_table_names_publisher_and_grade_in_the_language(dataset: Dataset) -> None:
    rows = apply_filters(dataset, Filters(sources=("bpi_lab_aube",)))
    fr = provenance_table(rows, dataset, "fr").set_index("id")
    en = provenance_table(rows, dataset, "en").set_index("id")
    assert fr.loc["ai_survival_issue", "attributed_to"].startswith("Bpifrance Le Lab, étude")
    assert en.loc["ai_survival_issue", "attributed_to"].startswith('Bpifrance Le Lab, "dawn')
    # Articles are named, never by their internal id.
    assert "art_" not in fr.loc["ai_survival_issue", "cited_in"]
    assert fr.loc["ai_survival_issue", "grade"] == "Vérifié à la source"
    assert en.loc["ai_survival_issue", "grade"] == "Checked at source"
    assert fr.loc["ai_survival_issue", "value_text"] == "58\u202f%"
    # Only the publisher's home page is known, not the study's address: no link.
    assert en.loc["ai_survival_issue", "url"] is None
    assert en.loc["ai_survival_issue", "data_as_of"] == "Jun 2025"  # the study's date


def test_export_is_exactly_the_selection_with_provenance(dataset: Dataset) -> None:
    rows = apply_filters(dataset, Filters(themes=("skills",)))
    out = export_frame(rows, dataset)
    assert list(out["id"]) == list(rows["id"])
    assert {
        "attributed_to",
        "attributed_to_name_fr",
        "attributed_to_name_en",
        "grade",
        "cited_in",
        "label_fr",
        "label_en",
    } <= set(out.columns)
    assert out.set_index("id").loc["need_training", "cited_in"] == "art_002"


def test_sort_travels_in_the_url_and_a_bad_one_is_reported(dataset: Dataset) -> None:
    for sort in SORTS:
        parsed = parse_filters(filters_to_params(Filters(sort=sort)), dataset)
        assert parsed.filters.sort == sort and parsed.rejected == ()
    assert "sort" not in filters_to_params(Filters())
    parsed = parse_filters({"sort": "<b>"}, dataset)
    assert parsed.filters.sort == SORTS[0] and parsed.rejected == ("sort",)


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_orders_the_rows(dataset: Dataset, sort: str) -> None:
    rows = sort_rows(apply_filters(dataset, Filters()), dataset, sort, "en")
    assert len(rows) == len(dataset.figures)
    if sort == "value_desc":
        assert list(rows["value"]) == sorted(rows["value"], reverse=True)
    elif sort == "period_desc":
        stated = [p for p in rows["period"] if p != "not_stated"]
        assert stated == sorted(stated, reverse=True)
        assert set(rows["period"].iloc[len(stated) :]) <= {"not_stated"}


def test_the_csv_speaks_the_language_and_names_sources(dataset: Dataset) -> None:
    rows = apply_filters(dataset, Filters(themes=("adoption",)))
    frame = download_frame(rows, dataset, "fr")
    assert list(frame.columns)[:2] == ["Chiffre", "Valeur (%)"]
    assert frame["Valeur (%)"].dtype.kind == "f"
    ids = set(dataset.sources["id"])
    for column in ("Mesuré par", "Publication d'origine", "Cité dans"):
        assert not set(frame[column]) & ids, column  # names and titles, never ids
    data = to_csv_bytes(frame, lang="fr")
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back["Valeur (%)"]) == pytest.approx(list(frame["Valeur (%)"]))
    decimals = [v for v in frame["Valeur (%)"] if v != int(v)]
    assert decimals, "the theme has a value with decimals"
    assert f"{decimals[0]}".replace(".", ",") in data.decode("utf-8-sig")
