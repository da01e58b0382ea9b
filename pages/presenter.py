"""Workshop, projector mode: the session as slides, full screen, paced by the facilitator.

Needs the facilitator link's ``code`` and ``key``. The first slide tells the room how to
join (short address, code, QR code) and counts who answered; then one slide per question,
the room's answer against the published figure for its population, hidden until revealed;
the last slide gives the room's pillar averages. Nothing per question shows until
:data:`adoption.workshop.MIN_GROUP` people answered it.

Which slide is on screen, and whether its answer is revealed, lives in the session's row
in the database: the facilitator's page drives it from another browser, and the slide
itself is redrawn every :data:`REFRESH_S` seconds in a fragment that reads the room's
tally (kept by every send, see :meth:`adoption.store.WorkshopStore.tally`), never every answer.
On the projector's own computer, the buttons under the slide, the arrow keys, the space bar
and presentation clickers (Page Up/Down) move the slides too. app.py hides the app's
navigation and language switch on this page; the presenter link opens it in Streamlit's
embed mode, without Streamlit's top bar (see :data:`adoption_ui.slides.PROJECTOR_CSS`).
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v2 as components

from adoption import workshop
from adoption.store import Forbidden, SessionInfo, StoreError, StoreUnavailable, UnknownSession
from adoption_ui import appdata, router, slides
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr, trn

REFRESH_S = 1.5

router.require_router()

lang = current_lang()
dataset = appdata.dataset()
questionnaire = appdata.questionnaire()

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

asked = workshop.session_questionnaire(questionnaire, session.question_ids)
TOTAL = len(asked.questions) + 2  # the join slide, one per question, the closing slide
join = workshop.join_link(wui.base_url(), session.code, session.lang)
qr = wui.qr_svg(join)


def move(info: SessionInfo, action: str) -> None:
    """Apply a button or a key: "next", "prev" or "reveal" (which toggles)."""
    showable = not st.session_state.get("ws_pres_suppressed", False)
    slide, revealed = workshop.next_slide(
        action, info.slide, info.revealed, TOTAL, showable=showable
    )
    try:
        store.set_slide(info.code, key_param, slide, revealed)
    except StoreError:
        st.session_state["ws_pres_move_failed"] = True


# Keys pressed on the projector's page, sent to Python as a trigger. The listener is kept
# on `window` so that a re-render replaces it instead of adding a second one.
_KEYS_JS = """
export default function ({ setTriggerValue }) {
  const actions = { ArrowRight: "next", PageDown: "next", " ": "next",
                    ArrowLeft: "prev", PageUp: "prev", r: "reveal", R: "reveal" };
  if (window.__adoptionKeys) { window.removeEventListener("keydown", window.__adoptionKeys); }
  window.__adoptionKeys = (event) => {
    const action = actions[event.key];
    const target = event.target;
    if (!action || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (target && target.closest && target.closest("input, textarea, button, select")) { return; }
    event.preventDefault();
    setTriggerValue("key", action);
  };
  window.addEventListener("keydown", window.__adoptionKeys);
}
"""
_keys = components.component("adoption_projector_keys", js=_KEYS_JS)
pressed = _keys(key="ws_pres_keys", on_key_change=lambda: None, height=0)
if isinstance(pressed.get("key"), str):
    move(store.check_secret(session.code, key_param), pressed["key"])


def on_button(action: str) -> None:
    try:
        move(store.check_secret(session.code, key_param), action)
    except StoreError:
        st.session_state["ws_pres_move_failed"] = True


@st.fragment(run_every=REFRESH_S)
def live() -> None:
    """The slide on screen, redrawn every few seconds from the room's counts."""
    with st.container(key=slides.DECK_KEY):
        draw()


def draw() -> None:
    """The slide for the room's counts now, with its buttons."""
    try:
        room = store.tally(session.code, key_param)
    except StoreUnavailable:
        # The next tick tries again; the room sees why nothing moves.
        st.warning(tr("ws.db_unavailable"), icon=":material/cloud_off:")
        return
    except StoreError:
        st.error(tr("ws.forbidden"), icon=":material/block:")
        return
    info = room.info
    slide = min(info.slide, TOTAL - 1)
    minimum = workshop.MIN_GROUP
    if slide == 0:
        notes = []
        if not info.is_open:
            notes.append(tr("ws.pres.closed"))
        # The count is honest only if the room says what it turned away.
        if info.refused_full and info.capacity is not None:
            notes.append(trn("ws.pres.capped", info.refused_full, cap=info.capacity))
        if info.refused_throttled:
            notes.append(trn("ws.pres.throttled", info.refused_throttled))
        text, scan = st.columns([3, 2], gap="large", vertical_alignment="center")
        address = workshop.short_address(join.split("?")[0])
        text.html(slides.join_slide(info.title, address, wui.display_code(info.code), lang))
        scan.html(slides.scan_caption(lang))
        scan.container(key=slides.QR_KEY).image(
            qr, width=slides.QR_PX, alt=tr("ws.qr_alt", url=join)
        )
        st.html(slides.join_count(room.respondents, notes, lang))
        controls(slide, info.revealed)
        return
    elif slide == TOTAL - 1:
        pillars = workshop.room_pillars_from_means(
            questionnaire, room.pillars, room.scored, info.question_ids, min_group=minimum
        )
        body = slides.closing_slide(info.title, pillars, minimum, lang)
    else:
        question = asked.questions[slide - 1]
        (item,) = workshop.room_questions_from_counts(
            dataset, questionnaire, room.counts, lang, (question.id,), min_group=minimum
        )
        body = slides.question_slide(item, slide, TOTAL - 2, info.revealed, minimum, lang)
    # "Next" on a question too few answered moves on rather than revealing nothing.
    st.session_state["ws_pres_suppressed"] = 1 <= slide <= TOTAL - 2 and item.suppressed
    st.html(f"<div style='min-height:{slides.u(820)}'>{body}</div>")
    controls(slide, info.revealed)


def controls(slide: int, revealed: bool) -> None:
    """Previous, reveal and next, under the slide (they act on the stored state)."""
    if st.session_state.pop("ws_pres_move_failed", False):
        st.warning(tr("ws.db_unavailable"), icon=":material/cloud_off:")
    reveal = True if 1 <= slide <= TOTAL - 2 else None  # only a question has an answer
    with st.container(key=slides.CONTROLS_KEY):
        wui.slide_buttons("ws_pres", slide, TOTAL, revealed, on_button, reveal=reveal, gap="large")


live()
