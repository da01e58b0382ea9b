"""Streamlit edge of the projector (``pages/presenter.py``): the slides, live, and the keys.

Which slide is on screen, and whether its answer is revealed, lives in the session's row in
the database: the facilitator's page drives it from another browser, and the slide itself is
redrawn every :data:`REFRESH_S` seconds in a fragment that reads the room's counts
(grouped on an index, see :meth:`adoption.store.WorkshopStore.tally`). Nothing on the
projected slide is a control: on the projector's own computer the arrow keys, Page Up/Down
(what presentation clickers send), the space bar and R move the slides; the facilitator's
page has the buttons. The page's memory is one :class:`adoption.room_flow.ProjectorFlow`
under :data:`KEY`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st
import streamlit.components.v2 as components

from adoption import room_flow, workshop
from adoption.questionnaire import Questionnaire
from adoption.room_flow import MoveFailed, MoveShown, ProjectorEvent, ProjectorFlow, SlideDrawn
from adoption.store import RoomTally, SessionInfo, StoreError, StoreUnavailable, WorkshopStore
from adoption.view_token import ViewToken
from adoption_ui import appdata, pool_ui, slides
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr, trn

KEY = "ws_projector"  # the page's ProjectorFlow
REFRESH_S = 1.5


@dataclass(frozen=True)
class Screen:
    """The session on the projector: what every drawing needs."""

    store: WorkshopStore
    code: str
    view: ViewToken  # the presenter token: slides only, never the facilitator key
    asked: Questionnaire
    join: str  # the join link
    qr: tuple[tuple[bool, ...], ...]  # its QR code's modules

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


def screen(store: WorkshopStore, info: SessionInfo, view: ViewToken) -> Screen:
    asked = workshop.session_questionnaire(appdata.questionnaire(), info.question_ids)
    join = workshop.join_link(wui.base_url(), info.code, info.lang)
    return Screen(store, info.code, view, asked, join, workshop.qr_modules(join))


def move(on: Screen, action: str) -> None:
    """Apply a button or a key: "next", "prev" or "reveal" (which toggles), to the slide
    stored now."""
    try:
        info = on.store.check_view(on.code, on.view)
        slide, revealed = workshop.next_slide(
            action, info.slide, info.revealed, on.total, showable=not flow().suppressed
        )
        on.store.set_slide(info.code, on.view, slide, revealed)
    except StoreError:
        apply(MoveFailed())


# Keys pressed on the projector's page, sent to Python as a trigger. The listeners are kept
# on `window` so that a re-render replaces them instead of adding a second one. A click on
# the slide moves no focus (the default of a mouse press is to focus the page's main
# region, whose focus ring a key pressed next would then draw across the slide); links and
# form fields, should a notice hold one, keep theirs.
_KEYS_JS = """
export default function ({ setTriggerValue }) {
  const actions = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowDown: "next",
                    ArrowLeft: "prev", PageUp: "prev", ArrowUp: "prev",
                    r: "reveal", R: "reveal" };
  const interactive = "a, input, textarea, button, select, [contenteditable]";
  if (window.__adoptionKeys) { window.removeEventListener("keydown", window.__adoptionKeys); }
  if (window.__adoptionPress) { window.removeEventListener("mousedown", window.__adoptionPress); }
  window.__adoptionKeys = (event) => {
    const action = actions[event.key];
    const target = event.target;
    if (!action || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (target && target.closest && target.closest(interactive)) { return; }
    event.preventDefault();
    setTriggerValue("key", action);
  };
  window.__adoptionPress = (event) => {
    const target = event.target;
    if (target && target.closest && target.closest(interactive)) { return; }
    event.preventDefault();
  };
  window.addEventListener("keydown", window.__adoptionKeys);
  window.addEventListener("mousedown", window.__adoptionPress);
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
    """The slide for the room's counts now."""
    try:
        room = on.store.tally(on.code, on.view)
    except StoreUnavailable:
        # The next tick tries again; the room sees why nothing moves.
        st.html(slides.notice(tr("ws.db_unavailable")))
        return
    except StoreError:  # the token expired while on screen, or the session was deleted
        st.html(slides.notice(tr("ws.pres.refused")))
        return
    if flow().move_failed:
        st.html(slides.notice(tr("ws.db_unavailable")))
        apply(MoveShown())
    info, lang, minimum = room.info, current_lang(), workshop.MIN_GROUP
    slide = min(info.slide, on.total - 1)
    suppressed = False
    # With devices that joined from the projected code, the minimum group counts them.
    admitted = room.admissions > 0
    if slide == 0:
        join_slide(on, room.respondents, info, room.join_token)
    elif slide == on.total - 1:
        closing(on, room, lang)
    else:
        question = on.asked.questions[slide - 1]
        population = workshop.room_population(
            appdata.questionnaire(),
            info.country,
            room.profiles,
            min_group=minimum,
            admitted=room.admitted_respondents if admitted else None,
        )
        (item,) = workshop.room_questions_from_counts(
            appdata.dataset(),
            appdata.questionnaire(),
            room.counts,
            lang,
            (question.id,),
            min_group=minimum,
            room=population,
            admitted=room.admitted_counts if admitted else None,
        )
        who = workshop.describe_room(
            appdata.dataset(), appdata.questionnaire(), population, lang, minimum
        )
        relation = (
            workshop.figure_relation(appdata.dataset(), item.figure, population, lang)
            if item.figure is not None
            else ""
        )
        st.html(
            slides.question_slide(
                item, slide, on.total - 2, info.revealed, minimum, lang, room=who, relation=relation
            )
        )
        suppressed = item.suppressed
    # "Next" on a question too few answered moves on rather than revealing nothing.
    apply(SlideDrawn(suppressed))


@functools.lru_cache(maxsize=32)
def _qr(link: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of a join link (the same link for a whole token window)."""
    return workshop.qr_modules(link)


def join_slide(on: Screen, respondents: int, info: SessionInfo, token: str = "") -> None:
    """How to join (short address, code, QR code) and how many answered.

    The QR code carries the join token of the moment (:mod:`adoption.join_token`): it
    changes every half minute while this slide is up, and a phone that scans it joins as
    one of the room's devices (typed codes and forwarded links do not)."""
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
    # A capped session seats only phones that scan the code: typing it would be refused.
    capped = info.capacity is not None
    code = wui.display_code(info.code)
    text.html(slides.join_slide(info.title, address, code, lang, scan_only=capped))
    if not capped:
        scan.html(slides.scan_caption(lang))
    link = workshop.with_join_token(on.join, token)
    scan.html(slides.qr_code(_qr(link), tr("ws.qr_alt", url=on.join), slides.QR_PX))
    st.html(slides.join_count(respondents, notes, lang))


def closing(on: Screen, room: RoomTally, lang: str) -> None:
    """The room's pillar averages; how many took part; the QR code and the link to each
    participant's own result (the join link: a phone that answered shows its result
    there, from the token it keeps)."""
    info, minimum = room.info, workshop.MIN_GROUP
    pillars = workshop.room_pillars_from_means(
        appdata.questionnaire(),
        room.pillars,
        room.scored,
        info.question_ids,
        min_group=minimum,
        admitted_scored=room.admitted_scored if room.admissions else None,
    )
    # The room's place among the pool is its scores too: held back with its averages (a
    # few fakes around one real participant could otherwise set the room's median).
    peers = None if pillars.suppressed else pool_ui.room_peers(on.store, info, on.view)
    averages, result = st.columns([11, 9], gap="large", vertical_alignment="center")
    averages.html(slides.closing_slide(info.title, pillars, minimum, lang, peers))
    result.html(slides.closing_count(room.respondents, lang))
    result.html(slides.own_result_title(lang))
    result.html(slides.qr_code(on.qr, tr("ws.qr_alt", url=on.join), slides.RESULT_QR_PX))
    result.html(slides.own_result(workshop.short_join(on.join), lang))
