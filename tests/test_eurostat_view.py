"""Explore's Eurostat view and the headcount-band search: the domain functions, then the
page through AppTest. Expected values are recounted here from data/*.csv with the csv
module, independently of the code under test."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adoption.dataset import EUROSTAT_BUSINESS, Dataset
from adoption.eurostat_view import (
    EurostatFilters,
    eurostat_download_frame,
    eurostat_rows,
    parse_search,
    parse_view,
    rank_among,
    view_to_params,
)
from adoption.exports import to_csv_bytes
from adoption.i18n import NNBSP
from adoption.population import Headcount
from test_app import _shown, open_app

DATA = Path(__file__).resolve().parents[1] / "data"


def eurostat_csv() -> list[dict[str, str]]:
    with (DATA / "eurostat_ai.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def adoption_rows(geo: str) -> list[dict[str, str]]:
    """E_AI_TANY, all firms of 10+, business economy, % of firms: one geo, every year."""
    return [
        r
        for r in eurostat_csv()
        if r["indicator"] == "E_AI_TANY"
        and r["size_emp"] == "GE10"
        and r["nace_r2"] == EUROSTAT_BUSINESS
        and r["unit"] == "PC_ENT"
        and r["geo"] == geo
    ]


# --------------------------------------------------------------------------- domain


@pytest.mark.parametrize(
    "typed",
    ["10-49", "10–49", "10 — 49", "10 à 49", "de 10 à 49", "10 to 49", "10 TO 49", "10−49"],
)
def test_a_band_is_read_whatever_the_dash_or_the_words(typed: str) -> None:
    assert parse_search(typed) == parse_search("10-49")
    assert parse_search(typed).band == Headcount(10, 49)


@pytest.mark.parametrize(
    ("typed", "band"),
    [
        ("1 000 à 4 999", Headcount(1000, 4999)),
        ("1,000-4,999", Headcount(1000, 4999)),
        (f"1{NNBSP}000–4{NNBSP}999", Headcount(1000, 4999)),
        ("250+", Headcount(250)),
        ("250 or more", Headcount(250)),
        ("France", None),
    ],
)
def test_thousands_separators_and_open_bands(typed: str, band: Headcount | None) -> None:
    assert parse_search(typed).band == band


def test_a_number_with_thousands_separators_finds_the_population(dataset: Dataset) -> None:
    from adoption.explore import Filters, apply_filters

    ids = {
        frozenset(apply_filters(dataset, Filters(search=q))["id"])
        for q in ("4999", "4 999", "4,999")
    }
    assert len(ids) == 1 and "pme_eti_use_ai" in next(iter(ids))


def test_view_url_round_trip(dataset: Dataset) -> None:
    filters = EurostatFilters(
        geos=("FR", "DE"), sizes=("10-49",), naces=("C",), years=(2025, 2024), indicator="E_AI_TML"
    )
    parsed = parse_view(view_to_params("eurostat", filters, dataset), dataset)
    assert (parsed.view, parsed.filters, parsed.rejected) == ("eurostat", filters, ())
    assert view_to_params("figures", filters, dataset) == {}


def test_a_withheld_value_stays_empty_in_the_french_csv(dataset: Dataset) -> None:
    rows = eurostat_rows(dataset, EurostatFilters(geos=("FR",), years=(2025,)))
    withheld = eurostat_rows(dataset, EurostatFilters(geos=("MK",), years=(2021,)))
    withheld = withheld[withheld["flag"].isin(["u", "c"])]
    assert not withheld.empty
    frame = eurostat_download_frame(pd.concat([rows, withheld], ignore_index=True), dataset, "fr")
    data = to_csv_bytes(frame, lang="fr").decode("utf-8-sig")
    assert ";" in data.splitlines()[0]
    assert "15,04" in data and "15.04" not in data
    back = pd.read_csv(io.StringIO(data), sep=";", decimal=",")
    macedonia = back[back["Code pays"] == "MK"]
    assert macedonia["Valeur (%)"].isna().all(), "withheld means empty, never 0"


def test_rank_says_ties_and_leaves_withheld_members_out(dataset: Dataset) -> None:
    frame = dataset.eurostat.copy()
    latest = frame["year"] == frame["year"].max()
    cell = (
        latest
        & (frame["indicator"] == "E_AI_TANY")
        & (frame["size_emp"] == "GE10")
        & (frame["nace_r2"] == EUROSTAT_BUSINESS)
        & (frame["unit"] == "PC_ENT")
    )
    france = frame.loc[cell & (frame["geo"] == "FR"), "value"].iloc[0]
    frame.loc[cell & (frame["geo"] == "DE"), "value"] = france
    frame.loc[cell & (frame["geo"] == "DK"), "value"] = np.nan
    tampered = dataclasses.replace(dataset, eurostat=frame)
    result = rank_among(tampered, "FR")
    assert result.tied_with == ("DE",)
    assert result.unranked == ("DK",) and result.count == 26
    assert rank_among(tampered, "DE").rank == result.rank
    assert rank_among(tampered, "DK").rank is None


# --------------------------------------------------------------------------- the page


@pytest.mark.parametrize("typed", ["10-49", "10 à 49", "10 to 49"])
def test_france_10_49_typed_three_ways(typed: str) -> None:
    at = open_app("pages/explore.py", lang="en", geo="FR", q=typed)
    assert not at.exception
    figures = at.dataframe[0].value.set_index("id")
    # INSEE's 9 % on exactly 10–49.
    assert figures.loc["insee_ai_2024_10_49", "value"] == 9
    # Rule: a figure is listed when its population holds every firm of 10–49. France Num's
    # 0–249 band does; its 10–19 and 20–49 bands hold only part of it: listed apart.
    assert {"francenum_ai_2025", "francenum_ai_2024"} <= set(figures.index)
    assert not {"francenum_ai_2025_10_19", "francenum_ai_2025_20_49"} & set(figures.index)
    assert "francenum_ai_2025_1_4" not in figures.index
    partial = "\n".join(m.value for m in at.markdown)
    assert "French firms with 10–19 employees" in partial
    assert "French firms with 20–49 employees" in partial
    # Eurostat's France 10–49, latest year.
    cells = at.dataframe[1].value
    row = cells[(cells["geo"] == "France") & (cells["size"] == "10–49")]
    assert list(row["value_text"]) == ["15.04%"] and list(row["year"]) == [2025]


def test_eurostat_view_in_french_writes_the_value_the_french_way() -> None:
    at = open_app(
        "pages/explore.py", lang="fr", view="eurostat", egeo="FR", esize="10-49", eyear="2025"
    )
    assert not at.exception and not at.warning
    assert at.segmented_control(key="f_view").value == "eurostat"
    assert _shown(at, "value") == [f"15,04{NNBSP}%"]
    assert at.dataframe[0].value["value"].tolist() == [15.04]
    captions = [c.value for c in at.caption]
    assert f"Source{NNBSP}: Eurostat, isoc_eb_ai / isoc_eb_ain2, CC BY 4.0" in captions


def test_a_withheld_value_reads_not_published() -> None:
    at = open_app("pages/explore.py", lang="en", view="eurostat", egeo="MK", eyear="2021")
    assert not at.exception
    assert "not published" in _shown(at, "value")


def test_the_time_series_has_one_point_per_published_year() -> None:
    geos = ["FR", "DE", "EU27_2020"]
    at = open_app("pages/explore.py", lang="en", view="eurostat", egeo=",".join(geos))
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {trace["name"]: trace for trace in spec["data"]}
    with (DATA / "geo.csv").open(encoding="utf-8", newline="") as handle:
        names = {r["code"]: r["name_en"] for r in csv.DictReader(handle)}
    assert len(traces) == 3
    for geo in geos:
        rows = [r for r in adoption_rows(geo) if int(r["year"]) >= 2021]
        published = sorted(int(r["year"]) for r in rows if r["value"] != "")
        trace = traces[names[geo]]
        points = [x for x, y in zip(trace["x"], trace["y"], strict=True) if y is not None]
        assert points == published, geo
        assert 0 not in trace["y"]


def test_the_podium_note_matches_a_recount_from_the_csv() -> None:
    with (DATA / "geo_groups.csv").open(encoding="utf-8", newline="") as handle:
        members = {r["member"] for r in csv.DictReader(handle) if r["group"] == "EU27_2020"}
    rows = [r for g in members for r in adoption_rows(g)]
    latest = max(int(r["year"]) for r in rows)
    values = {r["geo"]: float(r["value"]) for r in rows if int(r["year"]) == latest and r["value"]}
    rank = 1 + sum(1 for v in values.values() if v > values["FR"])
    assert (rank, len(values), latest) == (15, 27, 2025)  # today's data, for the record
    expected = f"{rank}th of {len(values)} EU countries in {latest}"
    for page in ("pages/explore.py", "pages/home.py"):
        at = open_app(page, lang="en", view="eurostat")
        note = next(m.value for m in at.markdown if "of 27 EU countries" in m.value)
        assert expected in note, page
        assert "18.16%" in note and "19.95%" in note
        assert note.index("Denmark") < note.index("Finland") < note.index("Sweden")


@pytest.mark.parametrize(
    "params",
    [
        {"view": "<script>"},
        {"view": "eurostat", "egeo": "FR,MARS"},
        {"view": "eurostat", "esize": "10-49,9-9"},
        {"view": "eurostat", "enace": "Z" * 5000},
        {"view": "eurostat", "eyear": "1999,abc"},
        {"view": "eurostat", "eind": "E_AI_NOPE"},
    ],
    ids=["view", "geo", "size", "sector-long", "year", "indicator"],
)
def test_tampered_eurostat_links_open_with_a_notice(params: dict[str, str]) -> None:
    at = open_app("pages/explore.py", lang="en", **params)
    assert not at.exception
    assert at.warning, "a notice must say which parameter was ignored"
    assert at.dataframe, "a table still shows"


def test_switching_views_keeps_each_views_filters_in_the_link() -> None:
    at = open_app("pages/explore.py", lang="en", theme="risk")
    at.segmented_control(key="f_view").set_value("eurostat").run()
    at.multiselect(key="e_geo").set_value(["FR"]).run()
    assert dict(at.query_params) == {
        "lang": "en",
        "theme": "risk",
        "view": "eurostat",
        "egeo": "FR",
    }
    at.segmented_control(key="f_view").set_value("figures").run()
    assert not at.exception
    assert list(at.dataframe[0].value["id"]) == ["not_ready_risks"]
    assert "view" not in at.query_params and "egeo" not in at.query_params
    at.segmented_control(key="f_view").set_value("eurostat").run()
    assert at.multiselect(key="e_geo").value == ["FR"]


def test_a_country_named_in_the_search_narrows_eurostat_cells() -> None:
    at = open_app("pages/explore.py", lang="fr", q="France, 10 à 49")
    assert not at.exception
    cells = at.dataframe[1].value
    assert set(cells["geo"]) == {"France"}
    assert f"15,04{NNBSP}%" in list(cells["value_text"])
