"""Tests for adoption.charts: one look for every figure, the palette, local numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import plotly.graph_objects as go
import pytest

import fixtures
from adoption import palette
from adoption.benchmark import Profile, breakdown, score
from adoption.charts import (
    FONT,
    breakdown_chart,
    country_chart,
    figure_bars,
    own_chart,
    pillar_bars,
    pillar_chart,
    progress_chart,
    separators,
    series_chart,
)
from adoption.dataset import Dataset
from adoption.i18n import NNBSP
from adoption.i18n import t as text
from adoption.keyfigures import key_figures
from adoption.progress import compare
from adoption.questionnaire import PILLARS, Questionnaire, load_questionnaire
from adoption.standing import result
from adoption.urlstate import State

DATASET: Dataset = fixtures.dataset()
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
        "own_chart": lambda lang: own_chart(
            result(DATASET, QUESTIONNAIRE, MIXED, FIRM, lang).official[0], lang
        ),
        "progress_chart": lambda lang: progress_chart(
            compare(
                QUESTIONNAIRE,
                State({}, FIRM),
                State(QUESTIONNAIRE.valid_answers(MIXED), FIRM),
                lang,
            ),
            lang,
            ("before", "after"),
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


def test_own_chart_puts_the_firms_answer_beside_its_populations() -> None:
    view = result(DATASET, QUESTIONNAIRE, {"q_any_ai": "yes"}, FIRM, "fr")
    (block,) = view.official
    fig = own_chart(block, "fr")
    (bar,) = fig.data
    assert bar.text[0] == "Oui"  # the firm's answer, first, with no bar
    assert bar.x[0] == 0
    assert list(bar.text)[1:] == [c.value_text for c in block.comparisons]
    assert all(f"{NNBSP}%" in value for value in list(bar.text)[1:])
    assert len(bar.y) == len(block.labels) + 1


def test_own_chart_marks_references_by_pattern_not_colour_alone() -> None:
    view = result(DATASET, QUESTIONNAIRE, {}, Profile("5-9", "industry", "DE"), "en")
    (block,) = view.official
    fig = own_chart(block, "en")
    shapes = list(fig.data[0].marker.pattern.shape)
    assert block.nearest and block.lead is None
    assert shapes[1:] == ["."] * len(block.nearest)  # every bar a reference, dotted


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


def test_own_chart_labels_are_readable_on_a_phone() -> None:
    fig = BUILDERS["own_chart"]("fr")
    assert fig.layout.font.size >= 14
    lines = sum(str(tick).count("<br>") + 1 for tick in fig.data[0].y)
    assert fig.layout.height >= 20 * lines  # each label line gets its height
