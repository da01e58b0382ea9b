"""The Explore page between reruns: the view and both views' filters, and how each user
action changes them.

The page keeps one :class:`ExploreState`, changed only by :func:`step`; its widgets are
drawn from it and report their changes to it, and the URL is derived from it, so that the
hidden view keeps its filters and a link reopens the same view (tested without a server in
``tests/test_explore_flow.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from adoption.dataset import Dataset
from adoption.eurostat_view import EUROSTAT_PARAMS, VIEWS, EurostatFilters, view_to_params
from adoption.explore import FILTER_PARAMS, Filters, filters_to_params

VIEW_PARAM = "view"
# The URL parameters the page owns: each is written when it has a value, removed otherwise.
URL_PARAMS = (*FILTER_PARAMS, VIEW_PARAM, *EUROSTAT_PARAMS)


@dataclass(frozen=True)
class ExploreState:
    """The open view and the filters of both views (the hidden one keeps its own)."""

    view: str = VIEWS[0]
    figures: Filters = field(default_factory=Filters)
    eurostat: EurostatFilters = field(default_factory=EurostatFilters)


@dataclass(frozen=True)
class Opened:
    """The first run: what the URL asks for, as read by ``parse_filters`` and ``parse_view``."""

    view: str
    figures: Filters
    eurostat: EurostatFilters


@dataclass(frozen=True)
class ViewChosen:
    view: str


@dataclass(frozen=True)
class FiguresFiltered:
    filters: Filters


@dataclass(frozen=True)
class EurostatFiltered:
    filters: EurostatFilters


@dataclass(frozen=True)
class Reset:
    """ "Reset": the figures' filters and search are emptied; the order is kept."""


Event = Opened | ViewChosen | FiguresFiltered | EurostatFiltered | Reset


def step(state: ExploreState, event: Event) -> ExploreState:
    """The state after ``event``."""
    match event:
        case Opened(view, figures, eurostat):
            return ExploreState(view, figures, eurostat)
        case ViewChosen(view):
            return replace(state, view=view if view in VIEWS else state.view)
        case FiguresFiltered(filters):
            return replace(state, figures=filters)
        case EurostatFiltered(filters):
            return replace(state, eurostat=filters)
        case Reset():
            return replace(state, figures=Filters(sort=state.figures.sort))


def url_params(state: ExploreState, dataset: Dataset) -> dict[str, str]:
    """The page's URL parameters (:data:`URL_PARAMS`) that have a value: the figures'
    filters, then the view and its filters when it is not the default one."""
    return {
        **filters_to_params(state.figures),
        **view_to_params(state.view, state.eurostat, dataset),
    }
