"""Tests for adoption.charts: one look for every figure, the palette, local numbers, and the
rows each chart is built from (what its CSV download holds)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from adoption import palette
from adoption.benchmark import Profile, score
from adoption.charts import (
    FONT,
    Chart,
    as_of_text,
    country_chart,
    own_chart,
    pillar_bars,
    pillar_chart,
    separators,
)
from adoption.i18n import NNBSP
from adoption.i18n import t as text
from adoption.keyfigures import key_figures
from adoption.questionnaire import PILLARS
from adoption.standing import result
from chart_cases import BUILDERS, DATASET, FIRM, MIXED, QUESTIONNAIRE

HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
PALETTE = {
    value.upper()
    for name, value in vars(palette).items()
    if name.isupper() and isinstance(value, str) and HEX.fullmatch(value)
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_has_the_same_look(name: str, lang: str) -> None:
    fig = BUILDERS[name](lang).figure
    assert fig.layout.separators == separators(lang)
    assert fig.layout.font.family == FONT
    assert fig.layout.dragmode is False
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    if fig.layout.yaxis.automargin:  # labels beside horizontal bars: dark, never grey
        assert fig.layout.yaxis.tickfont.color == palette.INK
    json.loads(fig.to_json())


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_colour_comes_from_the_palette(name: str) -> None:
    spec = BUILDERS[name]("fr").figure.to_json()
    colours = {c.upper() for c in HEX.findall(spec)}
    assert colours, "a chart without colours from the palette"
    assert colours <= PALETTE, colours - PALETTE


def test_separators_match_the_number_formatter() -> None:
    assert separators("fr") == f",{NNBSP}"  # decimal comma, narrow no-break space thousands
    assert separators("en") == ".,"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pillar_chart(lang: str) -> None:
    fig = pillar_chart(score(QUESTIONNAIRE, MIXED), lang).figure
    (bar,) = fig.data
    assert list(bar.x) == [score(QUESTIONNAIRE, MIXED).pillars[p] for p in PILLARS]
    assert list(bar.y) == [text(f"bench.pillar.{p}", lang) for p in PILLARS]
    assert tuple(fig.layout.xaxis.range) == (0, 100)
    assert len(fig.layout.shapes) == 3  # the stage thresholds


def test_own_chart_puts_the_firms_answer_beside_its_populations() -> None:
    view = result(DATASET, QUESTIONNAIRE, {"q_any_ai": "yes"}, FIRM, "fr")
    (block,) = view.official
    fig = own_chart(block, DATASET, "fr").figure
    (bar,) = fig.data
    assert bar.text[0] == "Oui"  # the firm's answer, first, with no bar
    assert bar.x[0] == 0
    assert list(bar.text)[1:] == [c.value_text for c in block.comparisons]
    assert all(f"{NNBSP}%" in value for value in list(bar.text)[1:])
    assert len(bar.y) == len(block.labels) + 1


def test_own_chart_marks_references_by_pattern_not_colour_alone() -> None:
    view = result(DATASET, QUESTIONNAIRE, {}, Profile("5-9", "industry", "DE"), "en")
    (block,) = view.official
    fig = own_chart(block, DATASET, "en").figure
    shapes = list(fig.data[0].marker.pattern.shape)
    assert block.nearest and block.lead is None
    assert shapes[1:] == ["."] * len(block.nearest)  # every bar a reference, dotted


def test_room_pillars_show_only_the_given_pillars_rounded_half_up() -> None:
    fig = pillar_bars({"use": 50, "strategy": 12.5}, "fr", large=True).figure
    bar = fig.data[0]
    assert list(bar.y) == ["Stratégie", "Usage"]  # the usual pillar order
    assert list(bar.text) == ["13", "50"]


def test_withheld_country_value_has_no_bar_and_says_so() -> None:
    europe = key_figures(DATASET).europe.copy()
    europe.loc[europe.index[0], "value"] = float("nan")
    chart = country_chart(europe, DATASET, "en")
    (bar,) = chart.figure.data
    index = list(bar.y).index(europe.iloc[0]["country_en"])
    assert bar.x[index] == 0
    assert bar.text[index] == text("chart.not_published", "en")
    assert index == len(bar.y) - 1  # listed last, not ranked as a zero
    withheld = chart.rows.iloc[index]
    assert pd.isna(withheld["value"]) and withheld["shown"] == text("chart.not_published", "en")


def test_own_chart_labels_are_readable_on_a_phone() -> None:
    fig = BUILDERS["own_chart"]("fr").figure
    assert fig.layout.font.size >= 14
    lines = sum(str(tick).count("<br>") + 1 for tick in fig.data[0].y)
    assert fig.layout.height >= 20 * lines  # each label line gets its height


# --- the rows behind each chart ------------------------------------------------------


def _points(chart: Chart) -> list[tuple[str, float | None, str]]:
    """(series, value, text) of every bar or point, trace by trace, as the figure draws
    them: a bar drawn at 0 whose text has no digit is a value the chart does not give."""
    found = []
    for trace in chart.figure.data:
        numbers = trace.x if trace.orientation == "h" else trace.y
        for number, shown in zip(numbers, trace.text, strict=True):
            missing = number is None or (number == 0 and not re.search(r"\d", str(shown)))
            found.append((trace.name or "", None if missing else float(number), str(shown)))
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_charts_rows_are_its_bars_with_source_population_and_period(name: str, lang: str) -> None:
    chart = BUILDERS[name](lang)
    rows = chart.rows
    assert {"label", "value", "shown", "source", "population", "period", "data_as_of"} <= set(
        rows.columns
    )
    drawn = _points(chart)
    assert len(rows) == len(drawn)  # one row per bar or point
    values = [None if pd.isna(v) else float(v) for v in rows["value"]]
    assert values == [value for _, value, _ in drawn]
    assert list(rows["shown"]) == [shown for _, _, shown in drawn]
    if "series" in rows.columns:
        assert list(rows["series"]) == [series for series, _, _ in drawn]
    assert not rows["label"].str.contains("<").any()  # plain text, no chart markup


@pytest.mark.parametrize(
    "name", ["figure_bars", "series_chart", "country_chart", "breakdown_chart"]
)
def test_published_figures_name_their_source_population_and_period(name: str) -> None:
    rows = BUILDERS[name]("en").rows
    assert (rows["source"] != "").all() and (rows["population"] != "").all()
    assert (rows["period"] != "").all()


def test_an_official_figures_rows_say_what_date_their_data_are_as_of() -> None:
    rows = BUILDERS["country_chart"]("en").rows
    assert set(rows["source"]) == {DATASET.source_name("eurostat_isoc", "en")}
    releases = DATASET.eurostat_releases
    known = {d.isoformat() for d in releases["last_update"].dropna()}
    assert set(rows["data_as_of"]) <= known | {""}
    europe = key_figures(DATASET).europe
    for (_, cell), as_of in zip(europe.iterrows(), rows["data_as_of"], strict=True):
        release = releases[
            (releases["dataset"] == cell["dataset"]) & (releases["extract"] == cell["extract"])
        ].iloc[0]
        assert as_of == (
            "" if pd.isna(release["last_update"]) else release["last_update"].isoformat()
        )
    series = BUILDERS["series_chart"]("en").rows
    assert set(series["data_as_of"]) == {""}  # Bpifrance's half-yearly survey: not dated


def test_the_firms_own_rows_claim_no_source() -> None:
    rows = BUILDERS["pillar_chart"]("en").rows
    assert (rows[["source", "population", "period", "data_as_of"]] == "").all().all()
    own = BUILDERS["own_chart"]("en").rows
    assert own.iloc[0]["source"] == "" and (own.iloc[1:]["source"] != "").all()


def test_data_as_of_under_a_chart() -> None:
    rows = pd.DataFrame(
        {
            "source": ["Eurostat", "Eurostat", "INSEE"],
            "data_as_of": ["2026-06-15", "2026-06-15", ""],
        }
    )
    assert as_of_text(rows, "en") == "Data as of 15\u00a0Jun\u00a02026."
    assert as_of_text(rows, "fr") == "Données au 15\u00a0juin\u00a02026."
    rows.loc[2, "data_as_of"] = "2025-07"
    assert as_of_text(rows, "en") == "Data as of: Eurostat, 15\u00a0Jun\u00a02026; INSEE, Jul 2025."
    assert "Eurostat, 15\u00a0juin\u00a02026\u202f; INSEE" in as_of_text(rows, "fr")
    assert as_of_text(rows.iloc[:0], "en") == ""
