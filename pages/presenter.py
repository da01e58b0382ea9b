"""Workshop, projector view: the join code, then the room live against the published figures.

Needs the facilitator link's ``code`` and ``key``. The whole screen (title, code, QR
code, answer count, results) lives in a fragment that Streamlit re-runs every
:data:`REFRESH_S` seconds, so new answers appear without reloading the page. Nothing per
question shows until :data:`adoption.workshop.MIN_GROUP` people answered it.
"""

from __future__ import annotations

import html

import streamlit as st

from adoption import palette, workshop
from adoption.charts import pillar_bars
from adoption.i18n import fmt_number
from adoption.store import Forbidden, StoreError, StoreUnavailable, UnknownSession
from pages import _ui as ui
from pages import _workshop_ui as wui

REFRESH_S = 2.5

ui.require_router()

lang = ui.lang()
dataset = ui.dataset()
questionnaire = ui.questionnaire()

code_param = st.query_params.get("code") or ""
key_param = st.query_params.get("key") or ""

store = wui.open_store(details=True, title=ui.tr("ws.pres.title"))
try:
    session = store.check_secret(code_param, key_param)
except (UnknownSession, Forbidden):
    st.title(ui.tr("ws.pres.title"))
    st.error(ui.tr("ws.forbidden"), icon=":material/block:")
    st.stop()
except StoreUnavailable as error:
    wui.stop_unavailable(error, details=True, title=ui.tr("ws.pres.title"))

join = workshop.join_link(wui.base_url(), session.code, session.lang)
qr = wui.qr_svg(join)


@st.fragment(run_every=REFRESH_S)
def live() -> None:
    """The whole projector screen, redrawn every few seconds from the database."""
    try:
        current = store.check_secret(session.code, key_param)
        submissions = store.room_answers(session.code, key_param)
    except StoreUnavailable:
        # The next tick tries again; the room sees why nothing moves.
        st.warning(ui.tr("ws.db_unavailable"), icon=":material/cloud_off:")
        return
    except StoreError:
        st.error(ui.tr("ws.forbidden"), icon=":material/block:")
        return
    answers = [s.answers for s in submissions]
    count = len(submissions)
    minimum = workshop.MIN_GROUP

    heading, counter, code = st.columns([5, 2, 2], gap="medium", vertical_alignment="center")
    with heading:
        st.title(wui.title(current.title), anchor=False)
        st.html(
            f"<div style='font-size:1.5rem;font-weight:600;color:{palette.MUTED}'>"
            f"{html.escape(ui.tr('ws.pres.join_with'))}</div>"
        )
        wui.big_code(current.code, size_rem=4.5)
        st.markdown(wui.escape_link(join))
    with counter:
        wui.big_value(str(count), ui.tr("ws.pres.answers"))
        # The count is honest only if the room says what it turned away.
        if current.refused_full and current.capacity is not None:
            st.caption(ui.trn("ws.pres.capped", current.refused_full, cap=current.capacity))
        if current.refused_throttled:
            st.caption(ui.trn("ws.pres.throttled", current.refused_throttled))
    with code:
        st.image(qr, width=210, alt=ui.tr("ws.qr_alt", url=join))

    if not current.is_open:
        st.info(ui.tr("ws.pres.closed"), icon=":material/lock:")
    if count < minimum:
        st.info(
            ui.tr("ws.pres.waiting", min=minimum, missing=minimum - count),
            icon=":material/hourglass_top:",
        )
        return

    pillars = workshop.room_pillars(questionnaire, answers, session.question_ids)
    if not pillars.suppressed:
        st.header(ui.tr("ws.pres.pillars"), anchor=False)
        chart, summary = st.columns([3, 1], gap="large", vertical_alignment="center")
        with chart:
            ui.chart(pillar_bars(pillars.pillars, lang, large=True), key="ws_pres_pillars")
        with summary:
            overall = fmt_number(pillars.overall or 0, lang, 0)
            wui.big_value(f"{overall}/100", ui.tr("ws.pres.overall_label"), size_rem=3.6)
            st.caption(ui.tr("ws.pres.pillars_note"))

    st.header(ui.tr("ws.pres.questions"), anchor=False)
    st.caption(ui.tr("ws.pres.caveat"))
    items = workshop.room_questions(
        dataset, questionnaire, answers, lang, session.question_ids, min_group=minimum
    )
    columns = st.columns(2, gap="medium")
    for index, item in enumerate(items):
        with columns[index % 2]:
            st.html(wui.question_card(item, minimum))


live()
