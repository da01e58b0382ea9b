"""What the Key figures page shows, section by section, derived from the dataset.

The page puts every figure somewhere exactly once: the four headlines, the series it charts
(``series.csv``), the paradoxes, the spread of adoption measures (the range note), then
every remaining figure under its theme. Keeping that bookkeeping here makes it testable and
lets the page cache it. The loader has checked the shapes relied on here: one charted
series, one range note, each paradox's figures (``note_kinds.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from adoption.dataset import KEY_FIGURES_PAGE, THEMES, Dataset


@dataclass(frozen=True)
class Paradox:
    note: pd.Series
    figures: tuple[pd.Series, ...]


@dataclass(frozen=True)
class KeyFigures:
    headlines: pd.DataFrame
    series_id: str
    series: pd.DataFrame
    paradoxes: tuple[Paradox, ...]
    spread_note: pd.Series
    spread: pd.DataFrame
    by_theme: dict[str, pd.DataFrame]  # only themes with figures left to show, in THEMES order
    europe: pd.DataFrame


def key_figures(dataset: Dataset) -> KeyFigures:
    """Split the figures into the page's sections; each figure lands in one section."""
    headlines = dataset.headlines()
    (series_id,) = dataset.series_on(KEY_FIGURES_PAGE)
    series = dataset.series(series_id)
    paradoxes = tuple(
        Paradox(note, tuple(dataset.figure(f) for f in note["figure_ids"]))
        for _, note in dataset.notes_of_kind("paradox").iterrows()
    )
    spread_note = dataset.notes_of_kind("range").iloc[0]
    spread = dataset.figures[dataset.figures["id"].isin(spread_note["figure_ids"])]
    shown = set(headlines["id"]) | set(series["id"]) | set(spread["id"])
    for paradox in paradoxes:
        shown |= set(paradox.note["figure_ids"])
    others = dataset.figures[~dataset.figures["id"].isin(shown)]
    by_theme = {
        theme: others[others["theme"] == theme].reset_index(drop=True)
        for theme in THEMES
        if (others["theme"] == theme).any()
    }
    return KeyFigures(
        headlines=headlines,
        series_id=series_id,
        series=series,
        paradoxes=paradoxes,
        spread_note=spread_note,
        spread=spread.reset_index(drop=True),
        by_theme=by_theme,
        europe=dataset.eurostat_indicator(dataset.adoption_indicator),
    )
