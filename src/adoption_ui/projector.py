"""Streamlit edge of the projector (``pages/presenter.py``): the slides, live, and the keys.

Which slide is on screen, and whether its answer is revealed, lives in the session's row in
the database: the facilitator's page drives it from another browser, and the slide itself is
redrawn every :data:`REFRESH_S` seconds in a fragment that reads the room's counts
(grouped on an index, see :meth:`adoption.store.WorkshopStore.tally`). On the
projector's own computer, the buttons under the slide, the arrow keys, the space bar and
presentation clickers (Page Up/Down) move the slides too. The page's memory is one
:class:`adoption.room_flow.ProjectorFlow` under :data:`KEY`.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import streamlit.components.v2 as components

from adoption import room_flow, workshop
from adoption.questionnaire import Questionnaire
from adoption.room_flow import MoveFailed, MoveShown, ProjectorEvent, ProjectorFlow, SlideDrawn
from adoption.store import SessionInfo, StoreError, StoreUnavailable, WorkshopStore
from adoption_ui import appdata, slides
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr, trn

KEY = "ws_projector"  # the page's ProjectorFlow
REFRESH_S = 1.5


@dataclass(frozen=True)
class Screen:
    """The session on the projector: what every drawing needs."""

    store: WorkshopStore
    code: str
    secret: str
    asked: Questionnaire
    join: str  # the join link
    qr: str  # its QR code (SVG)

    @property
    def total(self) -> int:
        """The join slide, one per question, the closing slide."""
        return len(self.asked.questions) + 2


def flow() -> ProjectorFlow:
    current = st.session_state.get(KEY)
    return current if isinstance(current, ProjectorFlow) else ProjectorFlow()


def apply(event: ProjectorEvent) -> ProjectorFlow:
    new = room_flow.projector_step(flow(), event)
    st.session_state[KEY] = new
    return new


def screen(store: WorkshopStore, info: SessionInfo, secret: str) -> Screen:
    asked = workshop.session_questionnaire(appdata.questionnaire(), info.question_ids)
    join = workshop.join_link(wui.base_url(), info.code, info.lang)
    return Screen(store, info.code, secret, asked, join, wui.qr_svg(join))


def move(on: Screen, action: str) -> None:
    """Apply a button or a key: "next", "prev" or "reveal" (which toggles), to the slide
    stored now."""
    try:
        info = on.store.check_secret(on.code, on.secret)
        slide, revealed = workshop.next_slide(
            action, info.slide, info.revealed, on.total, showable=not flow().suppressed
        )
        on.store.set_slide(info.code, on.secret, slide, revealed)
    except StoreError:
        apply(MoveFailed())


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


def keys(on: Screen) -> None:
    """Listen to the projector's keyboard; a key pressed since the last run moves the slide."""
    pressed = _keys(key="ws_pres_keys", on_key_change=lambda: None, height=0)
    if isinstance(pressed.get("key"), str):
        move(on, pressed["key"])


@st.fragment(run_every=REFRESH_S)
def live(on: Screen) -> None:
    """The slide on screen, redrawn every few seconds from the room's counts."""
    with st.container(key=slides.DECK_KEY):
        draw(on)


def draw(on: Screen) -> None:
    """The slide for the room's counts now, with its buttons."""
    try:
        room = on.store.tally(on.code, on.secret)
    except StoreUnavailable:
        # The next tick tries again; the room sees why nothing moves.
        st.warning(tr("ws.db_unavailable"), icon=":material/cloud_off:")
        return
    except StoreError:
        st.error(tr("ws.forbidden"), icon=":material/block:")
        return
    info, lang, minimum = room.info, current_lang(), workshop.MIN_GROUP
    slide = min(info.slide, on.total - 1)
    suppressed = False
    if slide == 0:
        join_slide(on, room.respondents, info)
    elif slide == on.total - 1:
        pillars = workshop.room_pillars_from_means(
            appdata.questionnaire(), room.pillars, room.scored, info.question_ids, min_group=minimum
        )
        slide_body(slides.closing_slide(info.title, pillars, minimum, lang))
    else:
        question = on.asked.questions[slide - 1]
        (item,) = workshop.room_questions_from_counts(
            appdata.dataset(),
            appdata.questionnaire(),
            room.counts,
            lang,
            (question.id,),
            min_group=minimum,
        )
        slide_body(slides.question_slide(item, slide, on.total - 2, info.revealed, minimum, lang))
        suppressed = item.suppressed
    # "Next" on a question too few answered moves on rather than revealing nothing.
    apply(SlideDrawn(suppressed))
    controls(on, slide, info.revealed)


def slide_body(body: str) -> None:
    st.html(f"<div style='min-height:{slides.u(820)}'>{body}</div>")


def join_slide(on: Screen, respondents: int, info: SessionInfo) -> None:
    """How to join (short address, code, QR code) and how many answered."""
    lang = current_lang()
    notes = []
    if not info.is_open:
        notes.append(tr("ws.pres.closed"))
    # The count is honest only if the room says what it turned away.
    if info.refused_full and info.capacity is not None:
        notes.append(trn("ws.pres.capped", info.refused_full, cap=info.capacity))
    if info.refused_throttled:
        notes.append(trn("ws.pres.throttled", info.refused_throttled))
    text, scan = st.columns([3, 2], gap="large", vertical_alignment="center")
    address = workshop.short_address(on.join.split("?")[0])
    text.html(slides.join_slide(info.title, address, wui.display_code(info.code), lang))
    scan.html(slides.scan_caption(lang))
    scan.container(key=slides.QR_KEY).image(
        on.qr, width=slides.QR_PX, alt=tr("ws.qr_alt", url=on.join)
    )
    st.html(slides.join_count(respondents, notes, lang))


def controls(on: Screen, slide: int, revealed: bool) -> None:
    """Previous, reveal and next, under the slide (they act on the stored state)."""
    if flow().move_failed:
        st.warning(tr("ws.db_unavailable"), icon=":material/cloud_off:")
        apply(MoveShown())
    reveal = True if 1 <= slide <= on.total - 2 else None  # only a question has an answer
    with st.container(key=slides.CONTROLS_KEY):
        wui.slide_buttons(
            "ws_pres",
            slide,
            on.total,
            revealed,
            lambda action: move(on, action),
            reveal=reveal,
            gap="large",
        )
