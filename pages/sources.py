"""Sources & method: every source with its details and reliability, how the figures were
gathered and graded, the disagreements found, and the limits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from adoption.benchmark import method_text
from adoption.dataset import GRADES, SOURCE_KINDS
from adoption.i18n import pick
from pages import _ui as ui

ui.require_router()
ds = ui.dataset()
lang = ui.lang()

st.title(ui.tr("sources.title"))

st.header(ui.tr("sources.curation"))
st.write(ui.tr("sources.curation_text"))
for grade in GRADES:
    count = int((ds.figures["grade"] == grade).sum())
    st.markdown(f"- **{ui.tr('grade.' + grade)}** ({count}) — {ui.tr('grade_help.' + grade)}")

st.header(ui.tr("sources.notes"))
for _, note in ds.notes.iterrows():
    st.markdown(f"**{ui.tr('note.' + note['kind'])}** — {pick(note, 'text', lang)}")

st.header(ui.tr("sources.benchmark"))
st.write(ui.tr("sources.benchmark_text"))
with st.expander(ui.tr("bench.method.title"), icon=":material/calculate:"):
    st.write(method_text(lang))

st.header(ui.tr("sources.limits"))
st.write(ui.tr("sources.limits_text"))

st.header(ui.tr("sources.list"))
st.caption(ui.tr("sources.reliability"))


def sources_table() -> pd.DataFrame:
    """Every source with its kind, sample and note in the language, and its figure count."""
    counts = {
        source: int(
            (ds.figures["attributed_to"] == source).sum()
            + ds.figures["cited_in"].map(lambda cited, s=source: s in cited).sum()
        )
        for source in ds.sources["id"]
    }
    return ds.sources.assign(
        kind_label=[ui.tr("source_kind." + k) for k in ds.sources["kind"]],
        kind_rank=[SOURCE_KINDS.index(k) for k in ds.sources["kind"]],
        name=[ds.source_name(s, lang) for s in ds.sources["id"]],
        sample=[
            pick(r, "sample", lang) or ui.tr("prov.not_stated") for _, r in ds.sources.iterrows()
        ],
        date_text=[d or ui.tr("prov.not_stated") for d in ds.sources["date"]],
        title_text=[t or ui.tr("sources.title_unknown") for t in ds.sources["title"]],
        note=[pick(r, "note", lang) for _, r in ds.sources.iterrows()],
        figures=[counts[s] for s in ds.sources["id"]],
        url=[u or None for u in ds.sources["url"]],
    ).sort_values(["kind_rank", "name"])


table = ui.cached("sources_table", sources_table)
st.dataframe(
    table,
    hide_index=True,
    column_order=[
        "name",
        "title_text",
        "kind_label",
        "date_text",
        "sample",
        "figures",
        "note",
        "url",
    ],
    column_config={
        "name": st.column_config.TextColumn(ui.tr("col.organisation"), pinned=True),
        "title_text": st.column_config.TextColumn(ui.tr("col.title"), width="large"),
        "kind_label": st.column_config.TextColumn(ui.tr("col.kind")),
        "date_text": st.column_config.TextColumn(ui.tr("col.date")),
        "sample": st.column_config.TextColumn(ui.tr("col.sample"), width="large"),
        "figures": st.column_config.NumberColumn(ui.tr("col.figures"), format="%d"),
        "note": st.column_config.TextColumn(ui.tr("col.note"), width="large"),
        "url": st.column_config.LinkColumn(ui.tr("col.url")),
    },
)
st.caption(ui.tr("sources.data_files"))
