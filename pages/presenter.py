"""Workshop, projector mode: the session as slides, full screen, paced by the facilitator.

Needs the facilitator link's ``code`` and ``key``. The first slide tells the room how to
join (short address, code, QR code) and counts who answered; then one slide per question,
the room's answer, hidden until revealed, against the published figure for the room's
population, always shown; the last slide gives the room's pillar averages, how many took
part and the QR code back to each participant's own result. Nothing of the room's answers
shows until :data:`adoption.workshop.MIN_GROUP` people answered. The slide on screen lives
in the database: the facilitator's page has the buttons, the projector's computer the keys
(a clicker sends them too); the slides and the keys are in :mod:`adoption_ui.projector`.
app.py hides the app's navigation and language switch on this page; the presenter link
opens it in Streamlit's embed mode, without Streamlit's top bar (see
:data:`adoption_ui.slides.PROJECTOR_CSS`).
"""

from __future__ import annotations

import streamlit as st

from adoption.store import Forbidden, StoreUnavailable, UnknownSession
from adoption_ui import projector, router, slides
from adoption_ui import workshop_ui as wui
from adoption_ui.text import tr

router.require_router()

code_param = st.query_params.get("code") or ""
key_param = st.query_params.get("key") or ""

st.html(slides.PROJECTOR_CSS)
store = wui.open_store(details=True, title=tr("ws.pres.title"))
try:
    session = store.check_secret(code_param, key_param)
except (UnknownSession, Forbidden):
    st.title(tr("ws.pres.title"))
    st.error(tr("ws.forbidden"), icon=":material/block:")
    st.stop()
except StoreUnavailable as error:
    wui.stop_unavailable(error, details=True, title=tr("ws.pres.title"))

on_screen = projector.screen(store, session, key_param)
projector.keys(on_screen)
projector.live(on_screen)
