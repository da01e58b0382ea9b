"""Tests for adoption.charts: one look for every figure, the palette, local numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import plotly.graph_objects as go
import pytest

from adoption import palette
from adoption.benchmark import Profile, breakdown, position, position_caption, score
from adoption.charts import (
    FONT,
    breakdown_chart,
    country_chart,
    figure_bars,
    pillar_bars,
    pillar_chart,
    position_chart,
    separators,
    series_chart,
)
from adoption.dataset import Dataset, load_dataset
from adoption.i18n import NNBSP
from adoption.i18n import t as text
from adoption.keyfigures import key_figures
from adoption.questionnaire import PILLARS, Questionnaire, load_questionnaire

DATASET: Dataset = load_dataset()
QUESTIONNAIRE: Questionnaire = load_questionnaire(DATASET)
MIXED = {"q_genai": "yes", "q_strategy": "no", "q_frequency": "weekly", "q_policy": "yes"}
FIRM = Profile(size="50-249", sector="industry", country="FR")


def _builders() -> dict[str, Callable[[str], go.Figure]]:
    page = key_figures(DATASET)
    table = breakdown(DATASET, QUESTIONNAIRE, "barriers", FIRM, "en")
    assert table is not None

    return {
        "figure_bars": lambda lang: figure_bars(page.spread, lang),
        "series_chart": lambda lang: series_chart(page.series, lang),
        "country_chart": lambda lang: country_chart(page.europe, lang),
        "breakdown_chart": lambda lang: breakdown_chart(table, lang),
        "pillar_chart": lambda lang: pillar_chart(score(QUESTIONNAIRE, MIXED), lang),
        "position_chart": lambda lang: position_chart(
            position(DATASET, QUESTIONNAIRE, MIXED, FIRM, lang), lang
        ),
        "pillar_bars": lambda lang: pillar_bars({"use": 50, "strategy": 12.5}, lang, large=True),
    }


BUILDERS = _builders()
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
PALETTE = {
    value.upper()
    for name, value in vars(palette).items()
    if name.isupper() and isinstance(value, str) and HEX.fullmatch(value)
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_has_the_same_look(name: str, lang: str) -> None:
    fig = BUILDERS[name](lang)
    assert fig.layout.separators == separators(lang)
    assert fig.layout.font.family == FONT
    assert fig.layout.dragmode is False
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    if fig.layout.yaxis.automargin:  # labels beside horizontal bars: dark, never grey
        assert fig.layout.yaxis.tickfont.color == palette.INK
    json.loads(fig.to_json())


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_colour_comes_from_the_palette(name: str) -> None:
    spec = BUILDERS[name]("fr").to_json()
    colours = {c.upper() for c in HEX.findall(spec)}
    assert colours, "a chart without colours from the palette"
    assert colours <= PALETTE, colours - PALETTE


def test_separators_match_the_number_formatter() -> None:
    assert separators("fr") == f",{NNBSP}"  # decimal comma, narrow no-break space thousands
    assert separators("en") == ".,"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pillar_chart(lang: str) -> None:
    fig = pillar_chart(score(QUESTIONNAIRE, MIXED), lang)
    (bar,) = fig.data
    assert list(bar.x) == [score(QUESTIONNAIRE, MIXED).pillars[p] for p in PILLARS]
    assert list(bar.y) == [text(f"bench.pillar.{p}", lang) for p in PILLARS]
    assert tuple(fig.layout.xaxis.range) == (0, 100)
    assert len(fig.layout.shapes) == 3  # the stage thresholds


def test_position_chart_uses_local_percent_format() -> None:
    positionings = position(
        DATASET, QUESTIONNAIRE, MIXED, Profile(size="50-249", country="FR"), "fr"
    )
    fig = position_chart(positionings, "fr")
    labels = [label for trace in fig.data for label in trace.text]
    assert f"31{NNBSP}%" in labels  # French: narrow no-break space before %
    assert len(labels) == len(positionings)
    names = {trace.name for trace in fig.data}
    assert names <= {
        text(f"bench.legend.{k}", "fr") for k in ("in", "out", "reference", "unanswered")
    }
    # Every bar is its own category, even when two figures share a label.
    assert len(set(fig.layout.yaxis.categoryarray)) == len(positionings)
    caption = position_caption(positionings, "fr")
    for organisation in {p.organisation for p in positionings}:
        assert organisation in caption


def test_position_chart_english_and_unanswered() -> None:
    positionings = position(DATASET, QUESTIONNAIRE, {}, Profile(), "en")
    fig = position_chart(positionings, "en")
    assert [trace.name for trace in fig.data] == [text("bench.legend.unanswered", "en")]
    assert "31%" in list(fig.data[0].text)
    assert fig.data[0].marker.pattern.shape == "/"  # not colour alone


def test_room_pillars_show_only_the_given_pillars_rounded_half_up() -> None:
    fig = pillar_bars({"use": 50, "strategy": 12.5}, "fr", large=True)
    bar = fig.data[0]
    assert list(bar.y) == ["Stratégie", "Usage"]  # the usual pillar order
    assert list(bar.text) == ["13", "50"]


def test_withheld_country_value_has_no_bar_and_says_so() -> None:
    europe = key_figures(DATASET).europe.copy()
    europe.loc[europe.index[0], "value"] = float("nan")
    fig = country_chart(europe, "en")
    (bar,) = fig.data
    index = list(bar.y).index(europe.iloc[0]["country_en"])
    assert bar.x[index] == 0
    assert bar.text[index] == text("chart.not_published", "en")
    assert index == len(bar.y) - 1  # listed last, not ranked as a zero


def test_position_chart_labels_are_readable_on_a_phone() -> None:
    fig = BUILDERS["position_chart"]("fr")
    assert fig.layout.yaxis.tickfont.size >= 14
    assert fig.layout.font.size >= 14  # the legend and the axis title
    lines = sum(str(tick).count("<br>") + 1 for tick in fig.layout.yaxis.categoryarray)
    assert fig.layout.height >= 22 * lines  # each label line gets its height
