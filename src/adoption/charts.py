"""Plotly figures for the Key figures and Explore pages.

Every builder takes data rows and a language and returns a ``go.Figure``; nothing here
knows about Streamlit. Charts are meant for a projector and a phone: horizontal bars with
wrapped labels, values printed on the bars the local way ("31 %" in French), no zoom, and
colours from the Okabe–Ito palette, which stays distinct for colour-blind readers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from adoption.dataset import Dataset
from adoption.i18n import fmt_pct, format_period, pick, t

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
GRADE_COLOURS = {
    "primary": "#0072B2",
    "relayed": "#56B4E9",
    "derived": "#CC79A7",
    "article_claim": "#E69F00",
}
HIGHLIGHT = "#D55E00"
NEUTRAL = "#9AA5B1"
INK = "#1F2933"
FONT = "Source Sans Pro, Arial, sans-serif"
SUBLABEL = "font-size:11px;color:#616E7C"
WRAP = 34  # characters per label line: fits a 390 px phone beside the bar


def wrap_label(text: str, width: int = WRAP) -> str:
    """Break a long label into lines joined with ``<br>`` so axis labels never overlap."""
    return "<br>".join(textwrap.wrap(text, width=width)) or text


# A small template of our own: applying Plotly's built-in "plotly_white" deep-copies and
# validates every trace type's defaults, ~15x the cost of drawing one of our charts.
TEMPLATE = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "linecolor": "#EBF0F8"},
        "yaxis": {"gridcolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "linecolor": "#EBF0F8"},
        "colorway": ["#0072B2", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7"],
    }
)


def base_layout(fig: go.Figure, lang: str, *, height: int) -> go.Figure:
    """Shared look: white background, readable type, no drag-zoom (it traps phone scrolling)."""
    fig.update_layout(
        template=TEMPLATE,
        height=height,
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
        font={"family": FONT, "size": 14, "color": INK},
        separators=", " if lang == "fr" else ".,",
        dragmode=False,
        showlegend=False,
        hoverlabel={"font_size": 14},
    )
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    return fig


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


def figure_bars(rows: pd.DataFrame, lang: str, *, colour_by_grade: bool = True) -> go.Figure:
    """Horizontal bars, one per figure row, largest at the top, value printed on each."""
    rows = rows.sort_values("value", ascending=True)
    labels = [
        wrap_label(pick(r, "label", lang))
        + f"<br><span style='{SUBLABEL}'>"
        + wrap_label(f"{pick(r, 'population', lang)} · {format_period(r['period'], lang)}")
        + "</span>"
        for _, r in rows.iterrows()
    ]
    texts = [fmt_pct(r["value"], lang, kind=r["value_kind"]) for _, r in rows.iterrows()]
    colours = [GRADE_COLOURS[g] if colour_by_grade else NEUTRAL for g in rows["grade"]]
    hover = [
        f"{pick(r, 'population', lang)}<br>{format_period(r['period'], lang)} · "
        f"{t('grade.' + r['grade'], lang)}"
        for _, r in rows.iterrows()
    ]
    fig = go.Figure(
        go.Bar(
            x=rows["value"].astype(float).tolist(),
            y=labels,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=colours,
            hovertext=hover,
            hoverinfo="text",
        )
    )
    lines = sum(label.count("<br>") + 1 for label in labels)
    base_layout(fig, lang, height=max(160, 34 * lines + 40 * len(labels) // 2 + 40))
    fig.update_xaxes(range=[0, 118], showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(automargin=True, tickfont={"color": INK})
    return fig


def series_chart(rows: pd.DataFrame, lang: str) -> go.Figure:
    """A time series of one measure (e.g. 15 % → 31 % → 55 %) as labelled columns."""
    rows = rows.sort_values("period")
    texts = [fmt_pct(r["value"], lang, kind=r["value_kind"]) for _, r in rows.iterrows()]
    fig = go.Figure(
        go.Bar(
            x=[format_period(p, lang) for p in rows["period"]],
            y=rows["value"].astype(float).tolist(),
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=[GRADE_COLOURS[g] for g in rows["grade"]],
            hoverinfo="skip",
        )
    )
    base_layout(fig, lang, height=280)
    fig.update_yaxes(range=[0, max(100.0, float(rows["value"].max()) * 1.2)], visible=False)
    fig.update_xaxes(type="category", title=None)
    fig.update_traces(textfont_size=18)
    return fig


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
    rows = rows.sort_values("value", ascending=True, na_position="first")
    names = [pick(r, "country", lang) for _, r in rows.iterrows()]
    values = [None if pd.isna(v) else float(v) for v in rows["value"]]
    texts = [
        t("chart.not_published", lang) if v is None else fmt_pct(v, lang, decimals=1)
        for v in values
    ]
    colours = [HIGHLIGHT if geo in highlight else NEUTRAL for geo in rows["geo"]]
    fig = go.Figure(
        go.Bar(
            x=[0.0 if v is None else v for v in values],
            y=names,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=colours,
            hoverinfo="skip",
        )
    )
    base_layout(fig, lang, height=24 * len(rows) + 40)
    top = max((v for v in values if v is not None), default=50.0)
    fig.update_xaxes(range=[0, top * 1.3], showticklabels=False, showgrid=False)
    fig.update_yaxes(automargin=True, tickfont={"size": 13, "color": INK})
    return fig


def reference_chart() -> go.Figure:
    """The benchmark's yardstick: a plain four-bar chart, the cheapest chart a page can draw.

    Only ``make bench`` draws it; its values are placeholders, never shown to users.
    """
    fig = go.Figure(go.Bar(x=["A", "B", "C", "D"], y=[1, 2, 3, 4]))
    return base_layout(fig, "en", height=280)
