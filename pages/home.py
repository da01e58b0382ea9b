"""Key figures: the four headline numbers, a series over time, the paradoxes, everything else
by theme, and Europe from Eurostat. Every number comes from data/ with its source a click away."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from adoption import palette
from adoption.charts import country_chart, figure_bars, series_chart
from adoption.eurostat_view import rank_among, rank_note
from adoption.i18n import format_period, pick, t
from adoption.keyfigures import key_figures
from adoption_ui import appdata, plots, provenance, router
from adoption_ui.text import current_lang, tr

router.require_router()
ds = appdata.dataset()
lang = current_lang()

st.title(tr("home.title"))
st.write(tr("home.intro"))

page = appdata.cached("key_figures", lambda: key_figures(ds))

# How far each figure is verified, shown on its card before the number: an article's
# claim must not read with the weight of official statistics. Colours follow the grade
# legend of the charts below (blue family for checked and relayed, orange for claims).
# No icon: Streamlit names a badge's Material icon in English ("warning icon") for
# screen readers, on French pages too; the words say it in the page's language.
BadgeColor = Literal["blue", "violet", "orange"]
GRADE_BADGES: dict[str, BadgeColor] = {
    "primary": "blue",
    "relayed": "blue",
    "derived": "violet",
    "article_claim": "orange",
}

# --- the four headline figures
headlines = page.headlines
for column, (_, row) in zip(st.columns(len(headlines)), headlines.iterrows(), strict=True):
    with column.container(border=True, height="stretch"):
        st.badge(
            tr("grade." + row["grade"]),
            color=GRADE_BADGES[row["grade"]],
            help=tr("grade_help." + row["grade"]),
        )
        provenance.big_number(
            provenance.pct(row),
            pick(row, "label", lang),
            f"{pick(row, 'population', lang)} · {format_period(row['period'], lang)}",
        )
        provenance.popover(ds, row, key=f"prov_head_{row['id']}")

st.info(tr("home.honesty"), icon=":material/balance:")
# The question on its own line: a page link's label is one line, cut short on a phone.
st.markdown(f"**{tr('home.benchmark_question')}**")
st.page_link(
    "pages/benchmark.py",
    label=tr("home.benchmark_cta", n=len(appdata.questionnaire().questions)),
    icon=":material/arrow_forward:",
    query_params={"lang": lang},
)

# --- one series, period after period (data/series.csv)
left, right = st.columns(2, gap="large")
with left:
    series_title = ds.series_title(page.series_id, lang)
    st.header(series_title)
    plots.sourced_chart(
        appdata.cached("series", lambda: series_chart(page.series, ds, lang)),
        "chart_series",
        title=series_title,
        ds=ds,
        figure_ids=page.series["id"],
    )

# --- the paradoxes
with right:
    st.header(tr("home.paradoxes"))
    for paradox in page.paradoxes:
        with st.container(border=True):
            for column, row in zip(st.columns(len(paradox.figures)), paradox.figures, strict=True):
                with column:
                    provenance.big_number(provenance.pct(row), pick(row, "label", lang))
                    provenance.popover(ds, row, key=f"prov_{paradox.note['id']}_{row['id']}")
            st.write(pick(paradox.note, "text", lang))

# --- how far apart the adoption measures are
st.header(tr("home.range_title"))
st.write(pick(page.spread_note, "text", lang))
legend = " · ".join(
    f"<span style='color:{colour}'>■</span> {tr('grade.' + grade)}"
    for grade, colour in palette.GRADE.items()
)
st.html(f"<div style='font-size:0.9rem'>{tr('chart.legend_grade')} {legend}</div>")
plots.sourced_chart(
    appdata.cached("range", lambda: figure_bars(page.spread, ds, lang)),
    "chart_range",
    title=tr("home.range_title"),
    ds=ds,
    figure_ids=page.spread["id"],
)

# --- every other figure, by theme
st.header(tr("home.by_theme"))
# One theme at a time: a row of choices reads better than tabs on a phone, and the page
# draws one chart instead of nine on every rerun.
themes = list(page.by_theme)
theme = st.pills(
    tr("home.by_theme"),
    themes,
    format_func=lambda th: t("theme." + th, lang),
    default=themes[0],
    required=True,
    key="home_theme",
    label_visibility="collapsed",
)
rows = page.by_theme[theme]
plots.sourced_chart(
    appdata.cached(f"theme_{theme}", lambda: figure_bars(rows, ds, lang)),
    "chart_theme",
    title=t("theme." + theme, lang),
    ds=ds,
    figure_ids=rows["id"],
)

# --- Europe, from official statistics
st.header(tr("home.europe_title"))
st.caption(tr("home.europe_note"))
plots.chart(
    appdata.cached("europe", lambda: country_chart(page.europe, ds, lang)),
    "chart_europe",
    title=tr("home.europe_title"),
    source=tr("home.europe_source"),
)
# The articles put France "on the European podium": the data say otherwise. Recomputed
# from data/eurostat_ai.csv whenever it changes (appdata.cached is keyed by the data).
with st.container(key="home_rank_note"):
    st.markdown(f"**{tr('explore.rank.title')}**")
    st.markdown(appdata.cached("rank_note:FR", lambda: rank_note(rank_among(ds, "FR"), ds, lang)))
