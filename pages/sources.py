"""Sources & method: every source with its details and reliability, how the figures were
gathered and graded, the disagreements found, and the limits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from adoption.benchmark import method_text
from adoption.dataset import GRADES, SOURCE_KINDS
from adoption.i18n import pick
from adoption.sources import format_day, source_details
from adoption_ui import appdata, router
from adoption_ui.text import current_lang, tr

router.require_router()
ds = appdata.dataset()
lang = current_lang()

st.title(tr("sources.title"))

st.header(tr("sources.curation"))
st.write(tr("sources.curation_text"))
for grade in GRADES:
    count = int((ds.figures["grade"] == grade).sum())
    st.markdown(f"- **{tr('grade.' + grade)}** ({count}) — {tr('grade_help.' + grade)}")

st.header(tr("sources.notes"))
for _, note in ds.notes.iterrows():
    st.markdown(f"**{tr('note.' + note['kind'])}** — {pick(note, 'text', lang)}")

st.header(tr("sources.benchmark"))
st.write(tr("sources.benchmark_text"))
with st.expander(tr("bench.method.title"), icon=":material/calculate:"):
    st.write(method_text(lang))

st.header(tr("sources.limits"))
st.write(tr("sources.limits_text"))

st.header(tr("sources.list"))
st.caption(tr("sources.reliability"))


def sources_table() -> pd.DataFrame:
    """Every source with its kind, sample and note in the language, and its figure count."""
    details = source_details(ds)
    not_stated = tr("prov.not_stated")
    counts = {
        source: int(
            (ds.figures["attributed_to"] == source).sum()
            + ds.figures["cited_in"].map(lambda cited, s=source: s in cited).sum()
        )
        for source in ds.sources["id"]
    }
    return ds.sources.assign(
        kind_label=[tr("source_kind." + k) for k in ds.sources["kind"]],
        kind_rank=[SOURCE_KINDS.index(k) for k in ds.sources["kind"]],
        name=[ds.source_name(s, lang) for s in ds.sources["id"]],
        sample=[pick(r, "sample", lang) or not_stated for _, r in ds.sources.iterrows()],
        date_text=[format_day(d, lang) or not_stated for d in ds.sources["date"]],
        title_text=[t or tr("sources.title_unknown") for t in ds.sources["title"]],
        note=[pick(r, "note", lang) for _, r in ds.sources.iterrows()],
        figures=[counts[s] for s in ds.sources["id"]],
        citation=[details[s].citation or not_stated for s in ds.sources["id"]],
        licence=[details[s].licence or not_stated for s in ds.sources["id"]],
        accessed=[format_day(details[s].accessed, lang) or not_stated for s in ds.sources["id"]],
        last_update=[
            format_day(details[s].last_update, lang) or not_stated for s in ds.sources["id"]
        ],
        # No address: no link; a publisher's home page is its own column, never the
        # publication's.
        url=ds.sources["url"].where(ds.sources["url"] != "", None),
        publisher_site=ds.sources["publisher_site"].where(ds.sources["publisher_site"] != "", None),
    ).sort_values(["kind_rank", "name"])


table = appdata.cached("sources_table", sources_table)
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
        "citation",
        "licence",
        "accessed",
        "last_update",
        "url",
        "publisher_site",
        "note",
    ],
    column_config={
        "name": st.column_config.TextColumn(tr("col.organisation"), pinned=True),
        "title_text": st.column_config.TextColumn(tr("col.title"), width="large"),
        "kind_label": st.column_config.TextColumn(tr("col.kind")),
        "date_text": st.column_config.TextColumn(tr("col.date")),
        "sample": st.column_config.TextColumn(tr("col.sample"), width="large"),
        "figures": st.column_config.NumberColumn(tr("col.figures"), format="%d"),
        "note": st.column_config.TextColumn(tr("col.note"), width="large"),
        "citation": st.column_config.TextColumn(tr("col.citation"), width="large"),
        "licence": st.column_config.TextColumn(tr("col.licence")),
        "accessed": st.column_config.TextColumn(tr("col.accessed")),
        "last_update": st.column_config.TextColumn(tr("col.last_update")),
        "url": st.column_config.LinkColumn(tr("col.publication_url")),
        "publisher_site": st.column_config.LinkColumn(tr("col.publisher_site")),
    },
)
st.caption(tr("sources.data_files"))
