"""Every Plotly figure the app draws: Key figures, Explore, the benchmark and the workshop.

Each builder takes data and a language and returns a ``go.Figure``; nothing here knows
about Streamlit. One look for all of them (:func:`layout`): white background, 14 px type,
numbers the local way (``31 %`` and ``18,2`` in French, ``31%`` and ``18.2`` in English),
no drag-zoom (it traps scrolling on a phone), colours from :mod:`adoption.palette`.
Figures are built from plain dicts in one go, so Plotly validates once per chart instead
of once per update: a figure costs about a millisecond, not ten.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from adoption import palette
from adoption.benchmark import STAGES, Breakdown, MaturityScore, status
from adoption.dataset import Dataset
from adoption.i18n import NNBSP, fmt_number, fmt_pct, format_period, pick, round_half_up, t
from adoption.progress import Progress
from adoption.questionnaire import PILLARS
from adoption.standing import OfficialBlock

FONT = "Source Sans Pro, Arial, sans-serif"
WRAP = 34  # characters per label line: fits a 390 px phone beside the bar
ZERO_WIDTH_SPACE = "\u200b"

# A small template of our own: applying Plotly's built-in "plotly_white" deep-copies and
# validates every trace type's defaults, ~15x the cost of drawing one of our charts.
TEMPLATE = go.layout.Template(
    layout={
        "paper_bgcolor": palette.WHITE,
        "plot_bgcolor": palette.WHITE,
        "xaxis": {"gridcolor": palette.GRID, "zerolinecolor": palette.GRID},
        "yaxis": {"gridcolor": palette.GRID, "zerolinecolor": palette.GRID},
        "colorway": list(palette.SEQUENCE),
    }
)

# Every figure's value axis: no ticks, no grid, values printed on the bars instead.
_VALUE_AXIS = {"showticklabels": False, "showgrid": False, "zeroline": False, "fixedrange": True}
# Category axis of horizontal bars: Plotly draws the first category at the bottom, so
# reversed to read top-down; labels take the room they need.
_LABEL_AXIS = {
    "autorange": "reversed",
    "automargin": True,
    "fixedrange": True,
    "tickfont": {"color": palette.INK},
}


def separators(lang: str) -> str:
    """Plotly's decimal and thousands separators for ``lang`` (as :func:`fmt_number`)."""
    return f",{NNBSP}" if lang == "fr" else ".,"


def layout(lang: str, *, height: int, size: int = 14, **extra: Any) -> dict[str, Any]:
    """The layout every chart starts from; ``extra`` keys replace the defaults."""
    base: dict[str, Any] = {
        "template": TEMPLATE,
        "height": height,
        "margin": {"l": 8, "r": 40, "t": 8, "b": 8},
        "font": {"family": FONT, "size": size, "color": palette.INK},
        "separators": separators(lang),
        "dragmode": False,
        "showlegend": False,
        "hoverlabel": {"font": {"size": 14}},
        "xaxis": {"fixedrange": True},
        "yaxis": {"fixedrange": True},
    }
    base.update(extra)
    return base


def _figure(data: Sequence[Mapping[str, Any]], chart_layout: Mapping[str, Any]) -> go.Figure:
    return go.Figure({"data": list(data), "layout": dict(chart_layout)})


def _hbar(
    x: Sequence[float | None], y: Sequence[str], texts: Sequence[str], colour: Any, **extra: Any
) -> dict[str, Any]:
    """A horizontal bar trace with its value printed beyond each bar; a missing value
    (``None``) gets no bar, only its text."""
    bar = {
        "type": "bar",
        "x": [0.0 if v is None else v for v in x],
        "y": list(y),
        "orientation": "h",
        "text": list(texts),
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": colour},
        "hoverinfo": "skip",
    }
    bar.update(extra)
    return {key: value for key, value in bar.items() if value is not None}


def wrap_label(text: str, width: int = WRAP) -> str:
    """Break a long label into lines joined with ``<br>`` so axis labels never overlap."""
    return "<br>".join(textwrap.wrap(text, width=width)) or text


# --------------------------------------------------------------------------- captions


def source_names(dataset: Dataset, figure_ids: Iterable[str], lang: str) -> list[str]:
    """The sources behind the given figures, in first-seen order, without repeats."""
    names: list[str] = []
    for figure_id in figure_ids:
        name = dataset.source_name(str(dataset.figure(figure_id)["attributed_to"]), lang)
        if name not in names:
            names.append(name)
    return names


def sources_caption(dataset: Dataset, figure_ids: Iterable[str], lang: str) -> str:
    """The caption under a chart: ``Sources : Bpifrance Le Lab ; INSEE.``"""
    separator = " ; " if lang == "fr" else "; "
    return t(
        "chart.caption_sources",
        lang,
        sources=separator.join(source_names(dataset, figure_ids, lang)),
    )


# --------------------------------------------------------------------------- published figures


def figure_bars(rows: pd.DataFrame, lang: str, *, colour_by_grade: bool = True) -> go.Figure:
    """Horizontal bars, one per figure row, largest at the top, value printed on each."""
    rows = rows.sort_values("value", ascending=False)
    records = rows.to_dict("records")
    sublabel = f"font-size:12px;color:{palette.MUTED}"
    labels = [
        wrap_label(pick(r, "label", lang))
        + f"<br><span style='{sublabel}'>"
        + wrap_label(f"{pick(r, 'population', lang)} · {format_period(r['period'], lang)}")
        + "</span>"
        for r in records
    ]
    hover = [
        f"{pick(r, 'population', lang)}<br>{format_period(r['period'], lang)} · "
        f"{t('grade.' + r['grade'], lang)}"
        for r in records
    ]
    bar = _hbar(
        [float(r["value"]) for r in records],
        labels,
        [fmt_pct(r["value"], lang, kind=r["value_kind"]) for r in records],
        [palette.GRADE[r["grade"]] if colour_by_grade else palette.NEUTRAL for r in records],
        hovertext=hover,
        hoverinfo="text",
    )
    lines = sum(label.count("<br>") + 1 for label in labels)
    height = max(160, 34 * lines + 40 * len(labels) // 2 + 40)
    chart_layout = layout(
        lang, height=height, xaxis={**_VALUE_AXIS, "range": [0, 118]}, yaxis=_LABEL_AXIS
    )
    return _figure([bar], chart_layout)


def series_chart(rows: pd.DataFrame, lang: str) -> go.Figure:
    """A time series of one measure (e.g. 15 % → 31 % → 55 %) as labelled columns."""
    records = rows.sort_values("period").to_dict("records")
    values = [float(r["value"]) for r in records]
    column = {
        "type": "bar",
        "x": [format_period(r["period"], lang) for r in records],
        "y": values,
        "text": [fmt_pct(r["value"], lang, kind=r["value_kind"]) for r in records],
        "textposition": "outside",
        "textfont": {"size": 18},
        "cliponaxis": False,
        "marker": {"color": [palette.GRADE[r["grade"]] for r in records]},
        "hoverinfo": "skip",
    }
    top = max([100.0, *(v * 1.2 for v in values)])
    chart_layout = layout(
        lang,
        height=280,
        xaxis={"type": "category", "fixedrange": True},
        yaxis={"range": [0, top], "visible": False, "fixedrange": True},
    )
    return _figure([column], chart_layout)


def country_chart(
    rows: pd.DataFrame,
    lang: str,
    *,
    highlight: Sequence[str] = ("FR", "EU27_2020"),
) -> go.Figure:
    """Eurostat countries as horizontal bars; France and the EU stand out.

    A value Eurostat withheld (flag ``u``) gets no bar and the words "not published",
    never a zero.
    """
    records = rows.sort_values("value", ascending=False, na_position="last").to_dict("records")
    values = [None if pd.isna(r["value"]) else float(r["value"]) for r in records]
    bar = _hbar(
        values,
        [pick(r, "country", lang) for r in records],
        [
            t("chart.not_published", lang) if v is None else fmt_pct(v, lang, decimals=1)
            for v in values
        ],
        [palette.HIGHLIGHT if r["geo"] in highlight else palette.NEUTRAL for r in records],
    )
    top = max((v for v in values if v is not None), default=50.0)
    chart_layout = layout(
        lang,
        height=24 * len(records) + 40,
        xaxis={**_VALUE_AXIS, "range": [0, top * 1.3]},
        yaxis={**_LABEL_AXIS, "tickfont": {"size": 13, "color": palette.INK}},
    )
    return _figure([bar], chart_layout)


# --------------------------------------------------------------------------- benchmark


def breakdown_chart(table: Breakdown, lang: str) -> go.Figure:
    """Eurostat barriers or technologies as horizontal bars, largest first; a withheld
    value gets no bar and the words "not published", never a zero."""
    # The EU27's values standing in for the country's are dotted (and say so in their text).
    patterns = ["." if origin == "eu" else "" for origin in table.origins]
    bar = _hbar(
        table.values,
        table.labels,
        table.value_texts,
        palette.REFERENCE,
        marker={"color": palette.REFERENCE, "pattern": {"shape": patterns}},
    )
    chart_layout = layout(
        lang,
        height=60 + 34 * len(table.labels),
        xaxis={**_VALUE_AXIS, "range": [0, 100]},
        yaxis=_LABEL_AXIS,
    )
    return _figure([bar], chart_layout)


def pillar_chart(result: MaturityScore, lang: str) -> go.Figure:
    """The firm's score per pillar on a fixed 0–100 axis, with the stage thresholds."""
    scores = [result.pillars[p] for p in PILLARS]
    bar = _hbar(
        [0 if v is None else v for v in scores],
        [t(f"bench.pillar.{p}", lang) for p in PILLARS],
        [t("bench.pillar.not_applicable", lang) if v is None else str(v) for v in scores],
        palette.FIRM,
        hovertemplate="%{y}: %{x}/100<extra></extra>",
        hoverinfo=None,
    )
    # Threshold lines as plain layout shapes: fig.add_vline costs ~10x a whole bar chart.
    thresholds = [
        {
            "type": "line",
            "x0": threshold,
            "x1": threshold,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"width": 1, "dash": "dot", "color": palette.MUTED},
        }
        for _, threshold in STAGES[1:]
    ]
    chart_layout = layout(
        lang,
        height=260,
        shapes=thresholds,
        margin={"l": 8, "r": 24, "t": 8, "b": 36},
        xaxis={
            "range": [0, 100],
            "title": {"text": t("bench.chart.pillar_axis", lang)},
            "fixedrange": True,
        },
        yaxis=_LABEL_AXIS,
    )
    return _figure([bar], chart_layout)


def own_chart(block: OfficialBlock, lang: str) -> go.Figure:
    """The firm's own population at a glance: the firm's answer on the first row, then one
    bar per official figure of the block (its own populations in the colour of where the
    firm stands, the nearest populations dotted, as references)."""
    items = block.comparisons
    answer = block.answer_text or t("bench.legend.unanswered", lang)
    labels = [t("bench.chart.your_firm", lang), *(wrap_label(x, 32) for x in block.labels)]
    # A population that does not hold the firm is a reference, answered or not.
    states = ["firm", *(status(c) if c.member else "reference" for c in items)]
    colours = {"firm": palette.FIRM, **palette.STATUS}
    patterns = {"reference": ".", "unanswered": "/"}
    bar = _hbar(
        [None, *(c.value for c in items)],
        labels,
        [answer, *(c.value_text for c in items)],
        [colours[s] for s in states],
        marker={
            "color": [colours[s] for s in states],
            "pattern": {"shape": [patterns.get(s, "") for s in states]},
        },
    )
    lines = sum(label.count("<br>") + 1 for label in labels)
    chart_layout = layout(
        lang,
        height=24 + 20 * lines + 8 * len(labels),
        xaxis={**_VALUE_AXIS, "range": [0, 100]},
        yaxis=_LABEL_AXIS,
        bargap=0.35,
    )
    return _figure([bar], chart_layout)


def progress_chart(progress: Progress, lang: str, names: tuple[str, str]) -> go.Figure:
    """Each pillar's score before and after, side by side on a fixed 0–100 axis; ``names``
    are the two results' legend entries (with their dates)."""
    pillars = [t(f"bench.pillar.{change.pillar}", lang) for change in progress.pillars]
    na = t("bench.pillar.not_applicable", lang)
    traces = []
    for side, colour, values in (
        (names[0], palette.NEUTRAL, [c.before for c in progress.pillars]),
        (names[1], palette.FIRM, [c.after for c in progress.pillars]),
    ):
        traces.append(
            _hbar(
                values,
                pillars,
                [na if v is None else str(v) for v in values],
                colour,
                name=side,
            )
        )
    chart_layout = layout(
        lang,
        height=80 + 44 * len(pillars),
        showlegend=True,
        barmode="group",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        margin={"l": 8, "r": 40, "t": 30, "b": 8},
        xaxis={**_VALUE_AXIS, "range": [0, 100]},
        yaxis=_LABEL_AXIS,
    )
    return _figure(traces, chart_layout)


# --------------------------------------------------------------------------- workshop


def pillar_bars(values: Mapping[str, float], lang: str, *, large: bool = False) -> go.Figure:
    """A room's mean score per pillar given (in the usual pillar order), on a 0–100 axis.

    ``large`` is for the projector: bigger type and bars, readable from the back of a room.
    """
    pillars = [p for p in PILLARS if p in values]
    numbers = [float(values[p]) for p in pillars]
    size = 26 if large else 14
    bar = _hbar(
        numbers,
        [t(f"bench.pillar.{p}", lang) for p in pillars],
        [fmt_number(round_half_up(v), lang) for v in numbers],
        palette.FIRM,
        textfont={"size": size + 2, "color": palette.INK},
    )
    chart_layout = layout(
        lang,
        height=(70 if large else 44) * len(pillars) + 40,
        size=size,
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
        bargap=0.3,
        xaxis={**_VALUE_AXIS, "range": [0, 112]},
        yaxis={**_LABEL_AXIS, "tickfont": {"size": size, "color": palette.INK}},
    )
    return _figure([bar], chart_layout)


# --------------------------------------------------------------------------- bench


def reference_chart() -> go.Figure:
    """The benchmark's yardstick: a plain four-bar chart built the plain Plotly way.

    Only ``make bench`` draws it; its values are placeholders, never shown to users. It is
    built exactly as it was before the app's charts moved to :func:`layout` (a figure, then
    ``update_layout`` and ``update_xaxes``/``update_yaxes``, each validated by Plotly), so
    the page-to-yardstick ratios of ``make bench`` stay comparable across versions: building
    it with :func:`layout` would make the yardstick several times cheaper and every ratio
    look worse without any page getting slower.
    """
    fig = go.Figure(go.Bar(x=["A", "B", "C", "D"], y=[1, 2, 3, 4]))
    fig.update_layout(
        template=TEMPLATE,
        height=280,
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
        font={"family": FONT, "size": 14, "color": palette.INK},
        separators=separators("en"),
        dragmode=False,
        showlegend=False,
        hoverlabel={"font_size": 14},
    )
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    return fig


# --------------------------------------------------------------------------- Eurostat over time


def eurostat_series_chart(rows: pd.DataFrame, dataset: Dataset, lang: str) -> go.Figure:
    """One line per country over the years, one point per published year (rows from
    :func:`adoption.eurostat_view.series_rows`). A withheld year is a gap in its line,
    never a zero; a country's first colour is France's or the EU's highlight."""
    years = sorted({int(y) for y in rows["year"]})
    traces = []
    others = iter([c for c in palette.SEQUENCE if c != palette.HIGHLIGHT])
    for geo, group in rows.groupby("geo", sort=False):
        by_year = {
            int(y): (None if pd.isna(v) else float(v))
            for y, v in zip(group["year"], group["value"], strict=True)
        }
        values = [by_year.get(y) for y in years if y in by_year]
        shown_years = [y for y in years if y in by_year]
        name = dataset.place_name(str(geo), lang)
        colour = (
            palette.HIGHLIGHT
            if geo == "FR"
            else palette.INK
            if geo == "EU27_2020"
            else next(others, palette.NEUTRAL)
        )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": shown_years,
                "y": values,
                "connectgaps": False,
                "line": {"color": colour, "width": 2},
                "marker": {"color": colour, "size": 8},
                "text": [
                    t("chart.not_published", lang) if v is None else fmt_pct(v, lang)
                    for v in values
                ],
                "hovertemplate": f"{name}, %{{x}}: %{{text}}<extra></extra>",
            }
        )
    top = max([v for v in rows["value"].dropna()] or [10.0])
    chart_layout = layout(
        lang,
        height=320,
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 8, "r": 16, "t": 40, "b": 8},
        xaxis={"tickmode": "array", "tickvals": years, "fixedrange": True},
        yaxis={
            "range": [0, top * 1.15],
            "ticksuffix": f"{NNBSP}%" if lang == "fr" else "%",
            "fixedrange": True,
            "automargin": True,
        },
    )
    return _figure(traces, chart_layout)
