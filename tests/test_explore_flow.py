"""The Explore page's flow without a server: view changes, filters, reset, and the URL that
reopens the same state."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adoption.dataset import Dataset
from adoption.eurostat_view import EurostatFilters, parse_view
from adoption.explore import Filters, parse_filters
from adoption.explore_flow import (
    EurostatFiltered,
    ExploreState,
    FiguresFiltered,
    Opened,
    Reset,
    ViewChosen,
    step,
    url_params,
)

RISK = Filters(themes=("risk",), geos=("FR",), search="10-49", sort="label")
FRANCE = EurostatFilters(geos=("FR", "EU27_2020"), years=(2025,), indicator="E_AI_TANY")


def opened(params: dict[str, str], dataset: Dataset) -> ExploreState:
    parsed, view = parse_filters(params, dataset), parse_view(params, dataset)
    return step(ExploreState(), Opened(view.view, parsed.filters, view.filters))


def test_switching_views_keeps_both_views_filters() -> None:
    state = step(ExploreState(), FiguresFiltered(RISK))
    state = step(step(state, ViewChosen("eurostat")), EurostatFiltered(FRANCE))
    back = step(state, ViewChosen("figures"))
    assert (back.figures, back.eurostat) == (RISK, FRANCE)
    assert step(back, ViewChosen("nonsense")).view == "figures"


def test_the_url_names_only_the_open_views_filters(dataset: Dataset) -> None:
    state = ExploreState("figures", RISK, FRANCE)
    assert url_params(state, dataset) == {
        "theme": "risk",
        "geo": "FR",
        "q": "10-49",
        "sort": "label",
    }
    eurostat = url_params(ExploreState("eurostat", RISK, FRANCE), dataset)
    assert eurostat["view"] == "eurostat" and eurostat["egeo"] == "FR,EU27_2020"
    assert eurostat["eyear"] == "2025" and "eind" not in eurostat, "the default is left out"
    assert url_params(ExploreState(), dataset) == {}


def test_reset_empties_the_figures_filters_but_keeps_the_order_and_eurostat() -> None:
    state = step(ExploreState("figures", RISK, FRANCE), Reset())
    assert state == ExploreState("figures", Filters(sort="label"), FRANCE)


@pytest.mark.parametrize(
    "state",
    [
        ExploreState(),
        ExploreState("figures", RISK, FRANCE),
        ExploreState("eurostat", RISK, FRANCE),
        ExploreState("eurostat", Filters(), EurostatFilters(sizes=("10-49",), naces=("C",))),
    ],
    ids=["defaults", "figures", "eurostat", "eurostat-size"],
)
def test_a_link_reopens_the_same_view(dataset: Dataset, state: ExploreState) -> None:
    again = opened(url_params(state, dataset), dataset)
    assert again.view == state.view
    assert again.figures == state.figures
    if state.view == "eurostat":  # the figures view's link does not carry Eurostat's filters
        # An empty indicator stands for the dataset's adoption indicator.
        wanted = state.eurostat.indicator or dataset.adoption_indicator
        assert again.eurostat == replace(state.eurostat, indicator=wanted)


def test_a_tampered_link_opens_on_the_defaults(dataset: Dataset) -> None:
    state = opened({"view": "<script>", "theme": "nope", "sort": "x"}, dataset)
    defaults = ExploreState(eurostat=EurostatFilters(indicator=dataset.adoption_indicator))
    assert state == defaults
