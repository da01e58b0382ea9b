"""Every Plotly figure the app draws: Key figures, Explore, the benchmark and the workshop.

Each builder takes data and a language and returns a :class:`Chart`: the ``go.Figure`` and
the rows that built it (with each value's source, population, period and the date its data
are as of), so a download is made from the rows, never scraped back out of the figure.
Nothing here knows about Streamlit. One look for all of them (:func:`layout`): white
background, 14 px type, numbers the local way (``31 %`` and ``18,2`` in French, ``31%``
and ``18.2`` in English), no drag-zoom (it traps scrolling on a phone), colours from
:mod:`adoption.palette`.
Figures are built from plain dicts in one go, so Plotly validates once per chart instead
of once per update: a figure costs about a millisecond, not ten.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from adoption import palette
from adoption.benchmark import EUROSTAT_SOURCE, STAGES, Breakdown, MaturityScore, status
from adoption.dataset import Dataset
from adoption.eurostat_view import nace_label, size_label
from adoption.i18n import NNBSP, fmt_number, fmt_pct, format_period, pick, round_half_up, t
from adoption.progress import Progress
from adoption.questionnaire import PILLARS
from adoption.sources import SourceDetails, format_day, release_as_of, source_details
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


# The rows' columns; "series" only where the chart names its traces (a legend).
ROW_COLUMNS = ("series", "label", "value", "shown", "source", "population", "period", "data_as_of")


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure and the rows that built it: one row per bar or point, trace by trace in
    the figure's order. ``value`` is empty where the figure draws no number (withheld, not
    applicable); ``shown`` is the text printed on the chart; ``source``, ``population``,
    ``period`` and ``data_as_of`` (the data's version, ``YYYY[-MM[-DD]]``) are empty where
    the chart shows the firm's or the room's own answers, or where the source does not say.
    """

    figure: go.Figure
    rows: pd.DataFrame


def row(
    label: str,
    value: float | None,
    shown: str,
    *,
    source: str = "",
    population: str = "",
    period: str = "",
    data_as_of: str = "",
    series: str = "",
) -> dict[str, Any]:
    """One row of a :class:`Chart`."""
    return {
        "series": series,
        "label": label,
        "value": value,
        "shown": shown,
        "source": source,
        "population": population,
        "period": period,
        "data_as_of": data_as_of,
    }


def _chart(
    data: Sequence[Mapping[str, Any]],
    chart_layout: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
) -> Chart:
    columns = list(ROW_COLUMNS if any(r["series"] for r in rows) else ROW_COLUMNS[1:])
    frame = pd.DataFrame(list(rows), columns=columns).astype({"value": "Float64"})
    return Chart(go.Figure({"data": list(data), "layout": dict(chart_layout)}), frame)


def _figure_row(
    record: Mapping[Any, Any], label: str, ds: Dataset, details: SourceDetails, lang: str
) -> dict[str, Any]:
    return row(
        label,
        float(record["value"]),
        fmt_pct(record["value"], lang, kind=record["value_kind"]),
        source=ds.source_name(str(record["attributed_to"]), lang),
        population=pick(record, "population", lang),
        period=format_period(str(record["period"]), lang),
        data_as_of=details.data_as_of if details.measured else "",
    )


def eurostat_population(size: str, nace: str, lang: str) -> str:
    """``10+ persons employed, business economy``: who a Eurostat cell counts."""
    persons = t("bench.size_band_persons", lang, band=size_label(size, lang))
    sector = nace_label(nace, lang)
    return f"{persons}, {sector[:1].lower()}{sector[1:]}"


def _eurostat_rows(
    records: Sequence[Mapping[Any, Any]],
    labels: Sequence[str],
    shown: Sequence[str],
    ds: Dataset,
    lang: str,
    series: str = "",
) -> list[dict[str, Any]]:
    """Rows for Eurostat cells: the dataset's source, the cell's population and year, and
    Eurostat's update of the release the value was taken from."""
    sources = {str(s["dataset"]): str(s["id"]) for s in ds.sources.to_dict("records")}
    as_of = release_as_of(ds)
    return [
        row(
            label,
            None if pd.isna(r["value"]) else float(r["value"]),
            text,
            source=ds.source_name(sources.get(str(r["dataset"]), EUROSTAT_SOURCE), lang),
            population=eurostat_population(str(r["size_emp"]), str(r["nace_r2"]), lang),
            period=str(r["year"]),
            data_as_of=as_of.get((str(r["dataset"]), str(r["extract"])), ""),
            series=series,
        )
        for r, label, text in zip(records, labels, shown, strict=True)
    ]


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


def as_of_text(rows: pd.DataFrame, lang: str) -> str:
    """The data's version under a chart: ``Data as of 15 Jun 2026.``, or each source's date
    when they differ; empty when no row is dated."""
    dated = rows[rows["data_as_of"] != ""]
    pairs = list(dict.fromkeys(zip(dated["source"], dated["data_as_of"], strict=True)))
    if not pairs:
        return ""
    if len({day for _, day in pairs}) == 1:
        return t("chart.data_as_of", lang, date=format_day(pairs[0][1], lang))
    separator = f"{NNBSP}; " if lang == "fr" else "; "
    items = separator.join(f"{source}, {format_day(day, lang)}" for source, day in pairs)
    return t("chart.data_as_of_each", lang, items=items)


# --------------------------------------------------------------------------- published figures


def figure_bars(
    rows: pd.DataFrame, ds: Dataset, lang: str, *, colour_by_grade: bool = True
) -> Chart:
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
    details = source_details(ds)
    data = [
        _figure_row(r, pick(r, "label", lang), ds, details[str(r["attributed_to"])], lang)
        for r in records
    ]
    bar = _hbar(
        [d["value"] for d in data],
        labels,
        [d["shown"] for d in data],
        [palette.GRADE[r["grade"]] if colour_by_grade else palette.NEUTRAL for r in records],
        hovertext=hover,
        hoverinfo="text",
    )
    lines = sum(label.count("<br>") + 1 for label in labels)
    height = max(160, 34 * lines + 40 * len(labels) // 2 + 40)
    chart_layout = layout(
        lang, height=height, xaxis={**_VALUE_AXIS, "range": [0, 118]}, yaxis=_LABEL_AXIS
    )
    return _chart([bar], chart_layout, data)


def series_chart(rows: pd.DataFrame, ds: Dataset, lang: str) -> Chart:
    """A time series of one measure (e.g. 15 % → 31 % → 55 %) as labelled columns."""
    records = rows.sort_values("period").to_dict("records")
    details = source_details(ds)
    data = [
        _figure_row(r, format_period(r["period"], lang), ds, details[str(r["attributed_to"])], lang)
        for r in records
    ]
    values = [float(d["value"]) for d in data]
    column = {
        "type": "bar",
        "x": [d["label"] for d in data],
        "y": values,
        "text": [d["shown"] for d in data],
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
    return _chart([column], chart_layout, data)


def country_chart(
    rows: pd.DataFrame,
    ds: Dataset,
    lang: str,
    *,
    highlight: Sequence[str] = ("FR", "EU27_2020"),
) -> Chart:
    """Eurostat countries as horizontal bars; France and the EU stand out.

    A value Eurostat withheld (flag ``u``) gets no bar and the words "not published",
    never a zero.
    """
    records = rows.sort_values("value", ascending=False, na_position="last").to_dict("records")
    values = [None if pd.isna(r["value"]) else float(r["value"]) for r in records]
    labels = [pick(r, "country", lang) for r in records]
    texts = [
        t("chart.not_published", lang) if v is None else fmt_pct(v, lang, decimals=1)
        for v in values
    ]
    bar = _hbar(
        values,
        labels,
        texts,
        [palette.HIGHLIGHT if r["geo"] in highlight else palette.NEUTRAL for r in records],
    )
    top = max((v for v in values if v is not None), default=50.0)
    chart_layout = layout(
        lang,
        height=24 * len(records) + 40,
        xaxis={**_VALUE_AXIS, "range": [0, top * 1.3]},
        yaxis={**_LABEL_AXIS, "tickfont": {"size": 13, "color": palette.INK}},
    )
    return _chart([bar], chart_layout, _eurostat_rows(records, labels, texts, ds, lang))


# --------------------------------------------------------------------------- benchmark


def breakdown_chart(table: Breakdown, ds: Dataset, lang: str) -> Chart:
    """Eurostat barriers or technologies as horizontal bars, largest first; a withheld
    value gets no bar and the words "not published", never a zero."""
    as_of = source_details(ds)[EUROSTAT_SOURCE].data_as_of
    data = [
        row(
            label,
            value,
            shown,
            source=ds.source_name(EUROSTAT_SOURCE, lang),
            population=table.population,
            period=str(table.year),
            data_as_of=as_of,
        )
        for label, value, shown in zip(table.labels, table.values, table.value_texts, strict=True)
    ]
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
    return _chart([bar], chart_layout, data)


def pillar_chart(result: MaturityScore, lang: str) -> Chart:
    """The firm's score per pillar on a fixed 0–100 axis, with the stage thresholds."""
    scores = [result.pillars[p] for p in PILLARS]
    data = [
        row(
            t(f"bench.pillar.{p}", lang),
            None if v is None else float(v),
            t("bench.pillar.not_applicable", lang) if v is None else str(v),
        )
        for p, v in zip(PILLARS, scores, strict=True)
    ]
    bar = _hbar(
        [0 if v is None else v for v in scores],
        [d["label"] for d in data],
        [d["shown"] for d in data],
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
    return _chart([bar], chart_layout, data)


def own_chart(block: OfficialBlock, ds: Dataset, lang: str) -> Chart:
    """The firm's own population at a glance: the firm's answer on the first row, then one
    bar per official figure of the block (its own populations in the colour of where the
    firm stands, the nearest populations dotted, as references)."""
    items = block.comparisons
    answer = block.answer_text or t("bench.legend.unanswered", lang)
    details = source_details(ds)
    data = [
        row(t("bench.chart.your_firm", lang), None, answer),
        *(
            row(
                label,
                c.value,
                c.value_text,
                source=ds.source_name(c.source_id, lang),
                population=c.population,
                period=c.period_text,
                data_as_of=details[c.source_id].data_as_of,
            )
            for c, label in zip(items, block.labels, strict=True)
        ),
    ]
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
    return _chart([bar], chart_layout, data)


def progress_chart(progress: Progress, lang: str, names: tuple[str, str]) -> Chart:
    """Each pillar's score before and after, side by side on a fixed 0–100 axis; ``names``
    are the two results' legend entries (with their dates)."""
    pillars = [t(f"bench.pillar.{change.pillar}", lang) for change in progress.pillars]
    na = t("bench.pillar.not_applicable", lang)
    traces = []
    data = []
    for side, colour, values in (
        (names[0], palette.NEUTRAL, [c.before for c in progress.pillars]),
        (names[1], palette.FIRM, [c.after for c in progress.pillars]),
    ):
        data += [
            row(p, None if v is None else float(v), na if v is None else str(v), series=side)
            for p, v in zip(pillars, values, strict=True)
        ]
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
    return _chart(traces, chart_layout, data)


# --------------------------------------------------------------------------- workshop


def pillar_bars(values: Mapping[str, float], lang: str, *, large: bool = False) -> Chart:
    """A room's mean score per pillar given (in the usual pillar order), on a 0–100 axis.

    ``large`` is for the projector: bigger type and bars, readable from the back of a room.
    """
    pillars = [p for p in PILLARS if p in values]
    numbers = [float(values[p]) for p in pillars]
    size = 26 if large else 14
    data = [
        row(t(f"bench.pillar.{p}", lang), v, fmt_number(round_half_up(v), lang))
        for p, v in zip(pillars, numbers, strict=True)
    ]
    bar = _hbar(
        numbers,
        [d["label"] for d in data],
        [d["shown"] for d in data],
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
    return _chart([bar], chart_layout, data)


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


def eurostat_series_chart(rows: pd.DataFrame, dataset: Dataset, lang: str) -> Chart:
    """One line per country over the years, one point per published year (rows from
    :func:`adoption.eurostat_view.series_rows`). A withheld year is a gap in its line,
    never a zero; a country's first colour is France's or the EU's highlight."""
    years = sorted({int(y) for y in rows["year"]})
    traces = []
    data: list[dict[str, Any]] = []
    others = iter([c for c in palette.SEQUENCE if c != palette.HIGHLIGHT])
    for geo, group in rows.groupby("geo", sort=False):
        by_year = {
            int(y): (None if pd.isna(v) else float(v))
            for y, v in zip(group["year"], group["value"], strict=True)
        }
        values = [by_year.get(y) for y in years if y in by_year]
        shown_years = [y for y in years if y in by_year]
        name = dataset.place_name(str(geo), lang)
        texts = [t("chart.not_published", lang) if v is None else fmt_pct(v, lang) for v in values]
        by_year_rows = {int(r["year"]): r for r in group.to_dict("records")}
        data += _eurostat_rows(
            [by_year_rows[y] for y in shown_years],
            [str(y) for y in shown_years],
            texts,
            dataset,
            lang,
            series=name,
        )
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
                "text": texts,
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
    return _chart(traces, chart_layout, data)
