"""The Explore page's parts: its state and widgets, the figures' view (filters, table,
downloads, the headcount band's extras) and Eurostat's view (filters, table, downloads,
the chart over time, France's rank).

The page keeps one :class:`~adoption.explore_flow.ExploreState` under :data:`STATE_KEY`;
the widgets are drawn from it and report their changes through :func:`dispatch`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from adoption.charts import eurostat_series_chart
from adoption.dataset import EUROSTAT_ALL_SIZES, EUROSTAT_BUSINESS, EUROSTAT_EU, Dataset
from adoption.eurostat_view import (
    VIEWS,
    EurostatFilters,
    eurostat_covering,
    eurostat_download_frame,
    eurostat_export_frame,
    eurostat_options,
    eurostat_rows,
    eurostat_table,
    nace_label,
    normalise,
    parse_search,
    parse_view,
    rank_among,
    rank_note,
    series_rows,
    size_label,
    value_text,
)
from adoption.explore import (
    SORTS,
    TABLE_COLUMNS,
    Filters,
    apply_filters,
    download_frame,
    export_frame,
    filter_options,
    filters_to_params,
    parse_filters,
    partly_covering,
    provenance_table,
    sort_rows,
)
from adoption.explore_flow import (
    URL_PARAMS,
    EurostatFiltered,
    Event,
    ExploreState,
    FiguresFiltered,
    Opened,
    Reset,
    ViewChosen,
    step,
    url_params,
)
from adoption.exports import to_csv_bytes, to_parquet_bytes
from adoption.i18n import NNBSP, fmt_number, fmt_pct, format_band, t
from adoption.population import Headcount
from adoption_ui import appdata, plots
from adoption_ui.text import notice_bad_params, tr, trn

PARQUET_MIME = "application/vnd.apache.parquet"
STATE_KEY = "explore"
VIEW_KEY = "f_view"
KEYS = {"theme": "f_theme", "source": "f_source", "grade": "f_grade", "geo": "f_geo"}
E_KEYS = {"egeo": "e_geo", "esize": "e_size", "enace": "e_nace", "eyear": "e_year"}
WIDGET_KEYS = (VIEW_KEY, *KEYS.values(), "f_q", "f_sort", *E_KEYS.values(), "e_ind")


def flow_state() -> ExploreState:
    state = st.session_state.get(STATE_KEY)
    return state if isinstance(state, ExploreState) else ExploreState()


def dispatch(event: Event) -> None:
    """Apply ``event`` to the page's state (also as a widget callback)."""
    st.session_state[STATE_KEY] = step(flow_state(), event)


def widget_values(state: ExploreState) -> dict[str, object]:
    """Each widget's value for ``state``."""
    figures, eurostat = state.figures, state.eurostat
    return {
        VIEW_KEY: state.view,
        "f_theme": list(figures.themes),
        "f_source": list(figures.sources),
        "f_grade": list(figures.grades),
        "f_geo": list(figures.geos),
        "f_q": figures.search,
        "f_sort": figures.sort,
        "e_geo": list(eurostat.geos),
        "e_size": list(eurostat.sizes),
        "e_nace": list(eurostat.naces),
        "e_year": [str(y) for y in eurostat.years],
        "e_ind": eurostat.indicator,
    }


def open_page(ds: Dataset) -> None:
    """On the page's first run, the state and the widgets come from the URL, so that a
    shared link re-opens the same view; a tampered or outdated link gets the notice.

    Not Streamlit's `bind="query-params"`: for a multiselect it writes the *displayed*
    labels into the URL (`?theme=Adoption+de+l'IA`), so a link would change with the
    language, and it drops unknown values silently; the short codes stay the same in both
    languages."""
    if STATE_KEY in st.session_state and any(key in st.session_state for key in WIDGET_KEYS):
        return
    parsed = parse_filters(dict(st.query_params), ds)
    opened = parse_view(dict(st.query_params), ds)
    dispatch(Opened(opened.view, parsed.filters, opened.filters))
    st.session_state.update(widget_values(flow_state()))
    notice_bad_params([*parsed.rejected, *opened.rejected])


def keep_widgets() -> None:
    """A widget not drawn in a run loses its value: each widget's value is written back as
    the page's own (the hidden view keeps its filters), or taken from the state if gone."""
    for key, value in widget_values(flow_state()).items():
        st.session_state[key] = st.session_state.get(key, value)


def sync_url(state: ExploreState, ds: Dataset) -> None:
    """Write the page's URL parameters; remove those without a value."""
    url = url_params(state, ds)
    for name in URL_PARAMS:
        if name in url:
            st.query_params[name] = url[name]
        elif name in st.query_params:
            del st.query_params[name]


def _codes(key: str) -> tuple[str, ...]:
    return tuple(str(value) for value in st.session_state.get(key) or ())


def view_chosen() -> None:
    dispatch(ViewChosen(str(st.session_state[VIEW_KEY])))


def figures_filtered() -> None:
    """A figures' widget changed: the state takes the values of all of them."""
    dispatch(
        FiguresFiltered(
            Filters(
                themes=_codes("f_theme"),
                sources=_codes("f_source"),
                grades=_codes("f_grade"),
                geos=_codes("f_geo"),
                search=str(st.session_state.get("f_q") or "").strip(),
                sort=str(st.session_state.get("f_sort") or SORTS[0]),
            )
        )
    )


def eurostat_filtered() -> None:
    """A Eurostat widget changed: the state takes the values of all of them."""
    dispatch(
        EurostatFiltered(
            EurostatFilters(
                geos=_codes("e_geo"),
                sizes=_codes("e_size"),
                naces=_codes("e_nace"),
                years=tuple(int(y) for y in _codes("e_year")),
                indicator=str(st.session_state["e_ind"]),
            )
        )
    )


def reset() -> None:
    dispatch(Reset())
    st.session_state.update(widget_values(flow_state()))


def view_control(lang: str) -> None:
    st.segmented_control(
        tr("explore.view"),
        VIEWS,
        format_func=lambda v: t(f"explore.view.{v}", lang),
        key=VIEW_KEY,
        required=True,
        on_change=view_chosen,
    )


def download_pair(
    stem: str,
    csv: Callable[[], bytes],
    parquet: Callable[[], bytes],
    *,
    key: str | None = None,
) -> None:
    """The selection as CSV (the language's way) and as Parquet, side by side; each file is
    built only when its button is pressed."""
    left, right = st.columns(2)
    buttons = (
        (left, tr("explore.download_csv"), csv, "csv", "text/csv"),
        (right, tr("explore.download_parquet"), parquet, "parquet", PARQUET_MIME),
    )
    for column, label, data, ext, mime in buttons:
        column.download_button(
            label,
            data=data,
            file_name=f"{stem}.{ext}",
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            key=f"{key}_{ext}" if key else None,
        )


def figures_view(ds: Dataset, lang: str, filters: Filters) -> None:
    """The figures' filters, the table of the selection with its provenance, its
    downloads, and what a headcount band in the search adds."""
    figure_filters(ds, lang)
    search = parse_search(filters.search)
    if search.band is not None:
        # i18n: {band} is a headcount band such as "10–49"
        st.caption(tr("explore.band_rule", band=format_band(search.band, lang)))
    figures_table(ds, lang, filters)
    if search.band is not None:
        band_extras(ds, lang, filters, search.band)


def figure_filters(ds: Dataset, lang: str) -> None:
    """A filter per column (theme, source, grade, place), the population search, the sort."""
    options = filter_options(ds)
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
            tr(f"explore.{name}"),
            options[name],
            format_func=labels[name],
            key=KEYS[name],
            placeholder="—",
            on_change=figures_filtered,
        )
    search_col, sort_col, reset_col = st.columns([3, 2, 1], vertical_alignment="bottom")
    search_col.text_input(
        tr("explore.population"),
        key="f_q",
        max_chars=60,
        help=tr("explore.population_help"),
        on_change=figures_filtered,
    )
    sort_col.selectbox(
        tr("explore.sort"),
        SORTS,
        format_func=lambda v: t(f"explore.sort.{v}", lang),
        key="f_sort",
        placeholder="—",  # never shown (it has a value); Streamlit's own is English
        on_change=figures_filtered,
    )
    reset_col.button(tr("explore.reset"), on_click=reset, width="stretch")


def figures_table(ds: Dataset, lang: str, filters: Filters) -> None:
    """The figures the filters keep, with their provenance, and their downloads."""
    rows = sort_rows(apply_filters(ds, filters), ds, filters.sort, lang)
    st.caption(trn("explore.count", len(rows), total=len(ds.figures)))
    if rows.empty:
        st.info(tr("explore.empty"))
        return
    view = ",".join(f"{k}={v}" for k, v in sorted(filters_to_params(filters).items()))
    table = appdata.cached(f"explore_table:{view}", lambda: provenance_table(rows, ds, lang))
    # Shown the language's way (18,16 % in French) but kept a number, so that sorting by
    # a click on the header still sorts by value.
    # Only the shown columns are styled: the Styler's cost grows with every cell.
    shown = table[["id", *TABLE_COLUMNS]].style.format({"value": partial(fmt_pct, lang=lang)})
    st.dataframe(
        shown,
        hide_index=True,
        alt=trn("explore.count", len(rows), total=len(ds.figures)),
        column_order=TABLE_COLUMNS,
        column_config={
            "label": st.column_config.TextColumn(tr("col.label"), width="medium", pinned=True),
            # numeric, so that sorting by value works; the unit is in the header
            "value": st.column_config.NumberColumn(tr("col.value")),
            "value_kind": st.column_config.TextColumn(tr("col.value_kind")),
            "population": st.column_config.TextColumn(tr("col.population"), width="large"),
            "geo": st.column_config.TextColumn(tr("col.geo")),
            "period": st.column_config.TextColumn(tr("col.period")),
            "attributed_to": st.column_config.TextColumn(tr("col.attributed_to")),
            "data_as_of": st.column_config.TextColumn(tr("col.data_as_of")),
            "grade": st.column_config.TextColumn(tr("col.grade")),
            "cited_in": st.column_config.TextColumn(tr("col.cited_in")),
            "caveat": st.column_config.TextColumn(tr("col.caveat"), width="large"),
            "url": st.column_config.LinkColumn(tr("col.url")),
        },
    )
    selection = export_frame(rows, ds)
    download_pair(
        "sme-ai-figures",
        lambda: to_csv_bytes(download_frame(rows, ds, lang), lang=lang),
        lambda: to_parquet_bytes(selection),
    )


def band_extras(ds: Dataset, lang: str, filters: Filters, band: Headcount) -> None:
    """Under the table: the figures on part of the band only, and Eurostat's cells that
    hold the whole band, for the chosen countries."""
    partial = partly_covering(ds, filters)
    if not partial.empty:
        st.markdown(tr("explore.band_partial", band=format_band(band, lang)))
        colon = f"{NNBSP}:" if lang == "fr" else ":"
        lines = []
        for _, row in partial.iterrows():
            value = fmt_pct(row["value"], lang, kind=row["value_kind"])
            source = ds.source_name(str(row["attributed_to"]), lang)
            label, population = row[f"label_{lang}"], row[f"population_{lang}"]
            lines.append(f"- {label}{colon} **{value}** · {population} · {source}")
        st.markdown("\n".join(lines))
    # The countries chosen, else those the search names ("France, 10-49"), else all.
    words = parse_search(filters.search).words
    e_options = appdata.cached("eurostat_options", lambda: eurostat_options(ds))
    named = tuple(
        g
        for g in e_options["egeo"]
        if any(w in normalise(f"{ds.place_name(g, 'fr')} {ds.place_name(g, 'en')}") for w in words)
    )
    cells = eurostat_covering(ds, band, filters.geos or named)
    st.subheader(tr("explore.band_eurostat", band=format_band(band, lang)))
    if cells.empty:
        st.info(tr("explore.band_eurostat_none"))
        return
    table = eurostat_table(cells, ds, lang)
    st.dataframe(
        table[["geo", "size", "year", "value_text", "flag"]],
        hide_index=True,
        column_config={
            "geo": st.column_config.TextColumn(tr("explore.es.col.geo")),
            "size": st.column_config.TextColumn(tr("explore.es.col.size")),
            "year": st.column_config.NumberColumn(tr("explore.es.col.year"), format="%d"),
            "value_text": st.column_config.TextColumn(tr("explore.es.col.value")),
            "flag": st.column_config.TextColumn(tr("explore.es.col.flag")),
        },
        key="band_eurostat",
    )
    st.caption(tr("explore.es.source"))


def eurostat_view(ds: Dataset, lang: str, state: ExploreState) -> None:
    """Eurostat's table with a filter per dimension, a chart over time, France's rank."""
    eurostat_filters(ds, lang)
    eurostat_table_section(ds, lang, state)
    eurostat_over_time(ds, lang, state.eurostat)
    # Where France stands in the EU: recomputed from the data on every change.
    rank = appdata.cached("rank:FR", lambda: rank_among(ds, "FR"))
    with st.container(key="rank_note"):
        st.markdown(f"**{tr('explore.rank.title')}**")
        st.markdown(rank_note(rank, ds, lang))


def eurostat_filters(ds: Dataset, lang: str) -> None:
    """A filter per dimension (countries, sizes, sectors, years) and the indicator."""
    # Read from the whole Eurostat table: built once per data version, not on every rerun.
    e_options = appdata.cached("eurostat_options", lambda: eurostat_options(ds))
    e_labels: dict[str, Callable[[str], str]] = {
        "egeo": lambda v: ds.place_name(v, lang),
        "esize": lambda v: size_label(v, lang),
        "enace": lambda v: nace_label(v, lang),
        "eyear": str,
    }
    first, second = st.columns(2), st.columns(2)
    for column, name in zip([*first, *second], E_KEYS, strict=True):
        column.multiselect(
            tr(f"explore.es.{name}"),
            e_options[name],
            format_func=e_labels[name],
            key=E_KEYS[name],
            placeholder="—",
            on_change=eurostat_filtered,
        )
    st.selectbox(
        tr("explore.es.eind"),
        e_options["eind"],
        format_func=lambda v: ds.indicator_label(v, lang),
        key="e_ind",
        placeholder="—",  # never shown (it has a value); Streamlit's own is English
        on_change=eurostat_filtered,
    )


def eurostat_table_section(ds: Dataset, lang: str, state: ExploreState) -> None:
    """The rows the filters keep, their count, and their downloads."""
    e_filters = state.eurostat
    rows = eurostat_rows(ds, e_filters)
    total = int((ds.eurostat["indicator"] == e_filters.indicator).sum())
    st.caption(
        tr("explore.es.count", n=fmt_number(len(rows), lang, 0), total=fmt_number(total, lang, 0))
    )
    if rows.empty:
        st.info(tr("explore.empty"))
        return
    key = ",".join(f"{k}={v}" for k, v in sorted(url_params(state, ds).items()))
    table = appdata.cached(f"eurostat_table:{key}", lambda: eurostat_table(rows, ds, lang))
    # Numbers kept numbers (a click on the header sorts by value), written the
    # language's way; a withheld value reads "not published".
    shown = table.style.format({"value": partial(value_text, lang=lang)})
    st.dataframe(
        shown,
        hide_index=True,
        # the indicator is the one chosen above (the CSV names it on every row)
        column_order=["geo", "size", "nace", "year", "value", "unit", "flag"],
        column_config={
            "geo": st.column_config.TextColumn(tr("explore.es.col.geo"), pinned=True),
            "size": st.column_config.TextColumn(tr("explore.es.col.size")),
            "nace": st.column_config.TextColumn(tr("explore.es.col.nace"), width="large"),
            "year": st.column_config.NumberColumn(tr("explore.es.col.year"), format="%d"),
            "value": st.column_config.NumberColumn(tr("explore.es.col.value")),
            "unit": st.column_config.TextColumn(tr("explore.es.col.unit")),
            "flag": st.column_config.TextColumn(tr("explore.es.col.flag"), width="medium"),
        },
        key="eurostat_table",
    )
    st.caption(tr("explore.es.flags"))
    st.caption(tr("explore.es.source"))
    download_pair(
        "eurostat-ai",
        lambda: to_csv_bytes(eurostat_download_frame(rows, ds, lang), lang=lang),
        lambda: to_parquet_bytes(eurostat_export_frame(rows)),
        key="eurostat",
    )


def eurostat_over_time(ds: Dataset, lang: str, e_filters: EurostatFilters) -> None:
    """The chosen countries over time (France and the EU when none is), for one size class
    and one sector (the first chosen, else all firms of 10+ in the business economy)."""
    geos = e_filters.geos or ("FR", EUROSTAT_EU)
    size = e_filters.sizes[0] if e_filters.sizes else EUROSTAT_ALL_SIZES
    nace = e_filters.naces[0] if e_filters.naces else EUROSTAT_BUSINESS
    series = series_rows(ds, geos, indicator=e_filters.indicator, size=size, nace=nace)
    title = tr(
        "explore.es.chart_title",
        indicator=ds.indicator_label(e_filters.indicator, lang),
        size=size_label(size, lang),
        sector=nace_label(nace, lang),
    )
    st.subheader(title)
    if series.empty:
        st.info(tr("explore.es.chart_none"))
        return
    chart_key = f"eurostat_series:{','.join(geos)}:{e_filters.indicator}:{size}:{nace}"
    plots.chart(
        appdata.cached(chart_key, lambda: eurostat_series_chart(series, ds, lang)),
        "chart_eurostat_series",
        title=title,
        source=tr("explore.es.source"),
    )
    st.caption(tr("explore.es.chart_note"))
