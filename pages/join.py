"""Workshop, participant side: join with the link or the code, answer, see your own result.

Once this device has sent answers, its result comes first, as the benchmark page would show
it, with the share link and the PDF; then the answers to change (or, once the session is
closed, the notice that it is).

Anonymous: no name, no e-mail; size and sector are optional. A participant is a device: a
random token the browser keeps (see :mod:`adoption_ui.workshop_ui`), never in the URL, so a
forwarded link or a shared screen gives nobody else these answers, and a reload keeps the
same identity. A facilitator key never belongs here: ``key`` (and an old ``p``) parameter is
removed from the URL.

Answers on screen survive any failure until they are stored. The form is drawn from what
this session last knew of the session even while the database is down (a form not drawn
would lose its widgets' values), the browser keeps a draft of the answers on screen, and a
send that fails is tried again every few seconds until the database takes it, then
confirmed. Sends and joins are rate-limited per device, and per network address unless the
device joined from the code projected in the room (the QR code's ``t``, see
:mod:`adoption.join_token`): those count per session, so a room behind one Wi-Fi is never
turned away. A session with a cap keeps its seats for those devices. The page's
flow is :class:`adoption.join_flow.JoinFlow`; its pieces are in :mod:`adoption_ui.join_page`.
"""

from __future__ import annotations

import streamlit as st

from adoption.join_flow import Opened
from adoption.store import UnknownSession, normalize_code
from adoption_ui import join_page, router
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr

router.require_router()

# Someone pasted the facilitator link to the room by mistake: at least do not keep the key
# in this page's address, where it would be copied on. ``p`` was the participant's identity
# in older links: whoever opened a forwarded one became that participant.
for private in ("key", "p"):
    if private in st.query_params:
        del st.query_params[private]

st.title(tr("ws.join.title"))

raw_code = st.query_params.get("code")
if not raw_code:
    join_page.code_form()
    st.stop()
try:
    code = normalize_code(raw_code)
except UnknownSession:
    join_page.unknown_code()

flow = join_page.apply(Opened(code, current_lang()))
if flow.info is None and not join_page.join_allowed(code):
    st.warning(tr("ws.join.busy"), icon=":material/hourglass_top:")
    st.button(tr("ws.retry"), icon=":material/refresh:")
    join_page.device_report(code)  # a device admitted before is then recognised
    st.stop()

join_page.device_report(code)
join_page.admit(code)  # scanned from the projector (``t``), or earlier
flow = join_page.read_session(code)
session, saved = flow.info, flow.saved
if session is None:  # pragma: no cover - read_session stops the page when it knows nothing
    st.stop()
if st.query_params.get("code") != session.code:
    st.query_params["code"] = session.code  # "k7m-q4p" typed in the URL → "K7MQ4P"
st.header(wui.title(session.title), anchor=False)

# This device's own result comes first, whenever it sent answers, open session or closed.
if saved is not None:
    join_page.show_result(session, saved)
    st.divider()
if not session.is_open:
    join_page.show_closed(flow)
else:
    join_page.check_seat(session, saved)
    join_page.fill_widgets(code)
    join_page.answer_form(session)
