"""Benchmark my company: the questionnaire, then where the firm stands (its score and stage,
its own population's figures, next steps, references to other populations), a share link
and a PDF that says the same.

The whole state is in the URL (``?b=<token>&d=<day>&lang=``): nothing is stored on the server.
The page's parts are in ``adoption_ui.benchmark_view``, its flow in ``adoption.benchmark_flow``.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from adoption.benchmark_flow import (
    QUESTIONS,
    RESULT,
    TabShown,
    answered_on,
    has_any,
    read_earlier,
    share_url,
    url_params,
)
from adoption.urlstate import EARLIER_DAY_PARAM, encode
from adoption_ui import appdata, router
from adoption_ui import benchmark_view as bv
from adoption_ui import questionnaire_form as qw
from adoption_ui.text import current_lang, notice_bad_params, tr

router.require_router()
ds = appdata.dataset()
questionnaire = appdata.questionnaire()
lang = current_lang()
keys = qw.widget_keys(questionnaire, bv.PREFIX)
bv.open_page(questionnaire, lang, keys)

st.title(tr("benchpage.title"))
if bv.flow_state().view != RESULT:
    st.caption(tr("benchpage.intro"))

# The open tab is kept by code, not by label, so switching the language keeps the view; a
# tab change reruns the page and only the open tab's content is computed.
labels = {QUESTIONS: tr("benchpage.questions"), RESULT: tr("benchpage.result")}
tab_key = bv.TAB_KEY.format(lang=lang)
ask, result_tab = st.tabs(
    list(labels.values()),
    default=labels[bv.flow_state().view],
    key=tab_key,
    on_change=bv.tab_changed,
    args=(tab_key, labels[RESULT]),
)
bv.dispatch(TabShown(RESULT if result_tab.open else QUESTIONS))  # also a tab opened by code

with ask:
    state = bv.questions_tab(questionnaire, lang, keys, tab_key, labels[RESULT])

token = encode(state, questionnaire)
day = answered_on(bv.flow_state(), token, date.today())
earlier = read_earlier(bv.flow_state().earlier, day, questionnaire)
if earlier.bad_day:
    notice_bad_params([EARLIER_DAY_PARAM])
bv.sync_url(
    url_params(
        token,
        day,
        answered=has_any(state),
        view=bv.flow_state().view,
        earlier_token=earlier.kept,
        earlier_day=earlier.day,
    )
)
share = share_url(
    st.context.url or "", lang, token, day, earlier_token=earlier.kept, earlier_day=earlier.day
)

if not result_tab.open:
    st.stop()

with result_tab:
    bv.result_tab(ds, questionnaire, lang, state, day, earlier, share)
