"""Key figures: the four headline numbers, the GenAI series, the paradoxes, everything else
by theme, and Europe from Eurostat. Every number comes from data/ with its source a click away."""

from __future__ import annotations

import streamlit as st

from adoption.charts import GRADE_COLOURS, country_chart, figure_bars, series_chart
from adoption.dataset import THEMES
from adoption.i18n import pick, t
from pages import _ui as ui

ui.require_router()
ds = ui.dataset()
lang = ui.lang()

st.title(ui.tr("home.title"))
st.write(ui.tr("home.intro"))

# --- the four headline figures
headlines = ds.headlines()
for column, (_, row) in zip(st.columns(len(headlines)), headlines.iterrows(), strict=True):
    with column.container(border=True, height="stretch"):
        ui.big_number(ui.pct(row), pick(row, "label", lang))
        st.caption(f"{pick(row, 'population', lang)} · {row['period']}")
        ui.provenance_popover(ds, row, key=f"prov_head_{row['id']}")

st.info(ui.tr("home.honesty"), icon=":material/balance:")
st.page_link(
    "pages/benchmark.py",
    label=ui.tr("home.benchmark_cta", n=len(ui.questionnaire().questions)),
    icon=":material/arrow_forward:",
    query_params={"lang": lang},
)

shown: set[str] = set(headlines["id"])

# --- generative AI, year after year
left, right = st.columns(2, gap="large")
with left:
    st.subheader(ui.tr("home.series_title"))
    series = ds.series("genai_tpe_pme")
    ui.chart(ui.cached_figure("series", lambda: series_chart(series, lang)), key="chart_series")
    ui.chart_caption(ds, series["id"])
    shown |= set(series["id"])

# --- the paradoxes
with right:
    st.subheader(ui.tr("home.paradoxes"))
    for _, note in ds.notes_of_kind("paradox").iterrows():
        with st.container(border=True):
            pair = [ds.figure(f) for f in note["figure_ids"]]
            for column, row in zip(st.columns(len(pair)), pair, strict=True):
                with column:
                    ui.big_number(ui.pct(row), pick(row, "label", lang))
                    ui.provenance_popover(ds, row, key=f"prov_{note['id']}_{row['id']}")
            st.write(pick(note, "text", lang))
            shown |= set(note["figure_ids"])

# --- how far apart the adoption measures are
st.subheader(ui.tr("home.range_title"))
spread = ds.notes_of_kind("range").iloc[0]
rows = ds.figures[ds.figures["id"].isin(spread["figure_ids"])]
st.write(pick(spread, "text", lang))
ui.chart(ui.cached_figure("range", lambda: figure_bars(rows, lang)), key="chart_range")
legend = " · ".join(
    f"<span style='color:{colour}'>■</span> {ui.tr('grade.' + grade)}"
    for grade, colour in GRADE_COLOURS.items()
)
st.html(f"<div style='font-size:0.9rem'>{ui.tr('chart.legend_grade')} {legend}</div>")
ui.chart_caption(ds, rows["id"])
shown |= set(rows["id"])

# --- every other figure, by theme
st.subheader(ui.tr("home.by_theme"))
others = ds.figures[~ds.figures["id"].isin(shown)]
themes = [theme for theme in THEMES if (others["theme"] == theme).any()]
# One theme at a time: a row of choices reads better than tabs on a phone, and the page
# draws one chart instead of nine on every rerun.
theme = st.pills(
    ui.tr("home.by_theme"),
    themes,
    format_func=lambda th: t("theme." + th, lang),
    default=themes[0],
    required=True,
    key="home_theme",
    label_visibility="collapsed",
)
rows = others[others["theme"] == theme]
figure = ui.cached_figure(f"theme_{theme}", lambda: figure_bars(rows, lang))
ui.chart(figure, key="chart_theme")
ui.chart_caption(ds, rows["id"])

# --- Europe, from official statistics
st.subheader(ui.tr("home.europe_title"))
st.caption(ui.tr("home.europe_note"))
europe = ds.eurostat_indicator("E_AI_TANY")
ui.chart(ui.cached_figure("europe", lambda: country_chart(europe, lang)), key="chart_europe")
st.caption(ui.tr("home.europe_source"))
