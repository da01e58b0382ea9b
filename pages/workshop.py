"""Workshop, facilitator side: create a session, then manage it from the private link.

Without ``?code=`` the page offers the creation form. With it it is the management panel,
for the browser that holds the session's key: the facilitator link
``/workshop?code=XXXXXX&key=<secret>`` hands the key over, which then leaves the address
bar at once for this session and the browser's storage (a reload finds it there). The
panel: join code, join link and QR code, answer count, presenter view, close, export (CSV,
Parquet), delete. Every action checks the key against the hash the store keeps; a wrong
key shows one message and nothing of the session. The pieces are in
:mod:`adoption_ui.facilitator`; the page's flow is :class:`adoption.room_flow.FacilitatorFlow`.
"""

from __future__ import annotations

import streamlit as st

from adoption_ui import facilitator, router
from adoption_ui import workshop_ui as wui
from adoption_ui.text import tr

router.require_router()
st.title(tr("ws.title"))

code_param = st.query_params.get("code")
key_param = st.query_params.get("key")
if key_param is not None:
    # The private link: its key leaves the address bar at once, before anything can fail
    # (the database may be down), for this session and the browser's storage.
    facilitator.take_key(code_param or "", key_param)
store = wui.open_store(details=True)
if code_param is None and key_param is None:
    facilitator.create_form(store)
else:
    facilitator.manage(store, code_param or "")
