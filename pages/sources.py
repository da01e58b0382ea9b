"""Sources & method: every source with its details and reliability, how the figures were
gathered and graded, the disagreements found, the pool of answers given here, and the
limits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from adoption.benchmark import method_text
from adoption.dataset import GRADES, SOURCE_KINDS
from adoption.i18n import pick
from adoption.peers import COUNT_STEP, PERCENT_STEP
from adoption.pool import min_answers, retention_months
from adoption.sources import format_day, source_details
from adoption_ui import appdata, provenance, router
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

st.header(tr("sources.pool"))
st.write(tr("sources.pool_what"))
st.write(tr("sources.pool_bias"))
st.write(tr("sources.pool_groups", k=min_answers()))
st.write(tr("sources.pool_privacy", k=min_answers(), step=COUNT_STEP, points=PERCENT_STEP))
st.write(tr("sources.pool_retention", months=retention_months()))

st.header(tr("sources.limits"))
st.write(tr("sources.limits_text"))

st.header(tr("sources.list"))
st.caption(tr("sources.reliability"))


def sources_table() -> pd.DataFrame:
    """Every source with its kind and date in the language, its figure count, licence and
    the date its data are as of (for a survey or official statistics)."""
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
        date_text=[format_day(d, lang) or not_stated for d in ds.sources["date"]],
        title_text=[t or tr("sources.title_unknown") for t in ds.sources["title"]],
        figures=[counts[s] for s in ds.sources["id"]],
        licence=[details[s].licence or not_stated for s in ds.sources["id"]],
        as_of=[
            format_day(details[s].data_as_of, lang) if details[s].measured else ""
            for s in ds.sources["id"]
        ],
    ).sort_values(["kind_rank", "name"])


table = appdata.cached("sources_table", sources_table)
# The table compares the sources at a glance; each one's full record follows it.
st.dataframe(
    table,
    hide_index=True,
    column_order=["name", "title_text", "kind_label", "date_text", "figures", "licence", "as_of"],
    column_config={
        "name": st.column_config.TextColumn(tr("col.organisation"), pinned=True),
        "title_text": st.column_config.TextColumn(tr("col.title"), width="large"),
        "kind_label": st.column_config.TextColumn(tr("col.kind")),
        "date_text": st.column_config.TextColumn(tr("col.date")),
        "figures": st.column_config.NumberColumn(tr("col.figures"), format="%d"),
        "licence": st.column_config.TextColumn(tr("col.licence")),
        "as_of": st.column_config.TextColumn(tr("col.data_as_of")),
    },
)
st.caption(tr("sources.data_files"))

st.subheader(tr("sources.each"))
for _, source in table.iterrows():
    with st.expander(str(source["name"])):
        st.markdown("  \n".join(provenance.source_lines(ds, source["id"], source["figures"])))
