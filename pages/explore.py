"""Explore: filter the figures by theme, source, grade, geography and population; a sortable
table with provenance; download exactly the selection. A second view opens Eurostat's own
table (country × size class × sector × year × indicator) with a chart over time and where
France ranks in the EU. The filters and the view live in the URL.

The page's parts are in ``adoption_ui.explore_view``, its flow in ``adoption.explore_flow``.
"""

from __future__ import annotations

import streamlit as st

from adoption_ui import appdata, router
from adoption_ui import explore_view as ev
from adoption_ui.text import current_lang, tr

router.require_router()
ds = appdata.dataset()
lang = current_lang()
ev.open_page(ds)
ev.keep_widgets()
state = ev.flow_state()
ev.sync_url(state, ds)

st.title(tr("explore.title"))
st.caption(tr("explore.intro"))
ev.view_control(lang)

if state.view == "eurostat":
    ev.eurostat_view(ds, lang, state)
else:
    ev.figures_view(ds, lang, state.figures)
