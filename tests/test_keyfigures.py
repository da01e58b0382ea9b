"""The Key figures page shows every figure of the dataset; the theme section holds exactly
those no other section shows (the others repeat a figure on purpose, for context)."""

from __future__ import annotations

from collections import Counter

from adoption.dataset import THEMES, Dataset
from adoption.keyfigures import key_figures


def test_every_figure_is_shown_and_the_themes_hold_only_the_rest(dataset: Dataset) -> None:
    page = key_figures(dataset)
    featured = {
        *page.headlines["id"],
        *page.series["id"],
        *(figure["id"] for paradox in page.paradoxes for figure in paradox.figures),
        *page.spread["id"],
    }
    by_theme = Counter(fid for rows in page.by_theme.values() for fid in rows["id"])
    assert featured | set(by_theme) == set(dataset.figures["id"])
    assert not featured & set(by_theme)
    assert all(n == 1 for n in by_theme.values())


def test_sections_hold_what_the_brief_asks(dataset: Dataset) -> None:
    page = key_figures(dataset)
    assert list(page.series["value"]) == [15, 31, 55]
    pairs = {tuple(f["id"] for f in p.figures) for p in page.paradoxes}
    assert ("ai_survival_issue", "no_ai_strategy") in pairs
    assert ("self_declared_experts", "need_training") in pairs
    assert page.spread["value"].min() == 10 and page.spread["value"].max() == 67
    assert list(page.by_theme) == [t for t in THEMES if t in page.by_theme]
    assert all(not rows.empty for rows in page.by_theme.values())
    assert page.europe.iloc[0]["value"] >= page.europe["value"].max()
