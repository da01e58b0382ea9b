"""Explore: filter the figures by theme, source, grade, geography and population; a sortable
table with provenance; download exactly the selection. The filters live in the URL."""

from __future__ import annotations

import streamlit as st

from adoption.explore import (
    FILTER_PARAMS,
    SORTS,
    TABLE_COLUMNS,
    Filters,
    apply_filters,
    download_frame,
    export_frame,
    filter_options,
    filters_to_params,
    parse_filters,
    provenance_table,
    sort_rows,
)
from adoption.exports import to_csv_bytes, to_parquet_bytes
from adoption.i18n import fmt_pct, t
from pages import _ui as ui

ui.require_router()
ds = ui.dataset()
lang = ui.lang()
options = filter_options(ds)
KEYS = {"theme": "f_theme", "source": "f_source", "grade": "f_grade", "geo": "f_geo"}

# The widgets' first values come from the URL, so that a shared link re-opens the same view.
# Not Streamlit's `bind="query-params"`: for a multiselect it writes the *displayed* labels
# into the URL (`?theme=Adoption+de+l'IA`), so a link would change with the language, and it
# drops unknown values silently; the short codes below stay the same in both languages,
# and a tampered or outdated link gets the notice.
if not any(key in st.session_state for key in [*KEYS.values(), "f_q", "f_sort"]):
    parsed = parse_filters(dict(st.query_params), ds)
    initial = parsed.filters
    st.session_state.update(
        f_theme=list(initial.themes),
        f_source=list(initial.sources),
        f_grade=list(initial.grades),
        f_geo=list(initial.geos),
        f_q=initial.search,
        f_sort=initial.sort,
    )
    ui.notice_bad_params(parsed.rejected)


def reset() -> None:
    st.session_state.update(f_theme=[], f_source=[], f_grade=[], f_geo=[], f_q="")


st.title(ui.tr("explore.title"))
st.caption(ui.tr("explore.intro"))

organisations = dict(zip(ds.sources["id"], ds.sources["organisation"], strict=True))
# The language is bound now, not looked up when Streamlit calls the formatter later.
labels = {
    "theme": lambda v: t("theme." + v, lang),
    "source": lambda v: organisations[v],
    "grade": lambda v: t("grade." + v, lang),
    "geo": lambda v: ds.place_name(v, lang),
}
columns = st.columns(4)
for column, name in zip(columns, KEYS, strict=True):
    column.multiselect(
        ui.tr(f"explore.{name}"),
        options[name],
        format_func=labels[name],
        key=KEYS[name],
        placeholder="—",
    )
search_col, sort_col, reset_col = st.columns([3, 2, 1], vertical_alignment="bottom")
search_col.text_input(ui.tr("explore.population"), key="f_q", max_chars=60)
sort_col.selectbox(
    ui.tr("explore.sort"),
    SORTS,
    format_func=lambda v: t(f"explore.sort.{v}", lang),
    key="f_sort",
)
reset_col.button(ui.tr("explore.reset"), on_click=reset, width="stretch")

filters = Filters(
    themes=tuple(st.session_state.f_theme),
    sources=tuple(st.session_state.f_source),
    grades=tuple(st.session_state.f_grade),
    geos=tuple(st.session_state.f_geo),
    search=st.session_state.f_q.strip(),
    sort=st.session_state.f_sort,
)
params = filters_to_params(filters)
for name in FILTER_PARAMS:
    if name in params:
        st.query_params[name] = params[name]
    elif name in st.query_params:
        del st.query_params[name]

rows = sort_rows(apply_filters(ds, filters), ds, filters.sort, lang)
st.caption(ui.trn("explore.count", len(rows), total=len(ds.figures)))
if rows.empty:
    st.info(ui.tr("explore.empty"))
else:
    view = ",".join(f"{k}={v}" for k, v in sorted(params.items()))
    table = ui.cached(f"explore_table:{view}", lambda: provenance_table(rows, ds, lang))
    # Shown the language's way (18,16 % in French) but kept a number, so that sorting by
    # a click on the header still sorts by value.
    # Only the shown columns are styled: the Styler's cost grows with every cell.
    shown = table[["id", *TABLE_COLUMNS]].style.format({"value": lambda v: fmt_pct(v, lang)})
    st.dataframe(
        shown,
        hide_index=True,
        alt=ui.trn("explore.count", len(rows), total=len(ds.figures)),
        column_order=TABLE_COLUMNS,
        column_config={
            "label": st.column_config.TextColumn(ui.tr("col.label"), width="medium", pinned=True),
            # numeric, so that sorting by value works; the unit is in the header
            "value": st.column_config.NumberColumn(ui.tr("col.value")),
            "value_kind": st.column_config.TextColumn(ui.tr("col.value_kind")),
            "population": st.column_config.TextColumn(ui.tr("col.population"), width="large"),
            "geo": st.column_config.TextColumn(ui.tr("col.geo")),
            "period": st.column_config.TextColumn(ui.tr("col.period")),
            "attributed_to": st.column_config.TextColumn(ui.tr("col.attributed_to")),
            "grade": st.column_config.TextColumn(ui.tr("col.grade")),
            "cited_in": st.column_config.TextColumn(ui.tr("col.cited_in")),
            "caveat": st.column_config.TextColumn(ui.tr("col.caveat"), width="large"),
            "url": st.column_config.LinkColumn(ui.tr("col.url")),
        },
    )
    selection = export_frame(rows, ds)
    left, right = st.columns(2)
    left.download_button(
        ui.tr("explore.download_csv"),
        data=lambda: to_csv_bytes(download_frame(rows, ds, lang), lang=lang),
        file_name="sme-ai-figures.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        ui.tr("explore.download_parquet"),
        data=lambda: to_parquet_bytes(selection),
        file_name="sme-ai-figures.parquet",
        mime="application/vnd.apache.parquet",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
