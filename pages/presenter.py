"""Workshop, projector mode: the session as slides, full screen, paced by the facilitator.

Needs ``code`` and a presenter token ``view`` (see :mod:`adoption.view_token`): it shows and
moves the slides and nothing else, so this address may be projected. An old link with the
facilitator ``key`` still opens, once: the key is swapped at once for a token in the address
bar. A token that expired or was altered gets one message (ask for a new presenter link)
and nothing of the session. The first slide tells the room how to
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

from typing import NoReturn

import streamlit as st

from adoption.store import Forbidden, InvalidInput, StoreUnavailable, UnknownSession
from adoption.view_token import ViewToken
from adoption_ui import projector, router, slides
from adoption_ui import workshop_ui as wui
from adoption_ui.text import tr

router.require_router()

code_param = st.query_params.get("code") or ""
view_param = st.query_params.get("view") or ""
OLD_KEY = "ws_presenter_old_key"  # an old link's key, out of the address bar until swapped
if "key" in st.query_params:
    # An old presenter link, with the facilitator key: it leaves the address bar at once,
    # before anything can fail (the database may be down), and is swapped for a presenter
    # token (slides only) as soon as the store answers.
    st.session_state[OLD_KEY] = st.query_params.get("key") or ""
    del st.query_params["key"]
old_key = st.session_state.get(OLD_KEY) or ""


def refuse(message: str) -> NoReturn:
    """One clear message (translated) and nothing of the session."""
    st.session_state.pop(OLD_KEY, None)
    st.title(tr("ws.pres.title"))
    st.error(message, icon=":material/block:")
    st.stop()


st.html(slides.PROJECTOR_CSS)
store = wui.open_store(details=True, title=tr("ws.pres.title"))
try:
    if old_key:
        view = ViewToken(store.presenter_token(code_param, old_key))
        st.query_params["view"] = view.value
        del st.session_state[OLD_KEY]
    else:
        view = ViewToken(view_param)
    session = store.check_view(code_param, view)
except (UnknownSession, Forbidden, InvalidInput):
    refuse(tr("ws.forbidden") if old_key else tr("ws.pres.refused"))
except StoreUnavailable as error:
    wui.stop_unavailable(error, details=True, title=tr("ws.pres.title"))

on_screen = projector.screen(store, session, view)
projector.keys(on_screen)
projector.live(on_screen)
