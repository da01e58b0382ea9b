"""Streamlit edge of the pool of anonymous answers: the pool as the peers see it (cached),
the device and the address a contribution is counted against, and adding answers.

The benchmark page adds a firm's answers with :func:`add_to_pool`; the join page offers the
same (:func:`workshop_choice`, ``origin="workshop"``) when the facilitator allowed the
session's answers in, and each participant still chooses on the phone. The pool lives in the
workshop's database (:func:`adoption_ui.workshop_ui.database_url`), opened once per process
by :func:`adoption.store.shared_pool`, out of reach of Streamlit's clearable caches; only the
release computed from it is cached, for :data:`RELEASE_TTL_S` (it changes when a month ends,
or when the operator deletes answers).
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from adoption import pool, workshop
from adoption.benchmark import Answers, Profile
from adoption.i18n import format_period
from adoption.peers import EVERYONE, Release, RoomAmongPeers, band_of, release
from adoption.pool import contribution_of, counted_from
from adoption.questionnaire import Questionnaire
from adoption.store import (
    PoolStore,
    SessionInfo,
    StoreError,
    StoreUnavailable,
    WorkshopStore,
    is_participant,
    new_participant,
    shared_pool,
)
from adoption.store.limits import RateLimiter
from adoption.view_token import ViewToken
from adoption_ui import appdata
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr

__all__ = [
    "ADDED_OR_KEPT",
    "DEVICE_KEY",
    "INCOMPLETE",
    "LIMITER",
    "UNAVAILABLE",
    "add_to_pool",
    "address",
    "device",
    "pool_release",
    "pool_store",
    "room_peers",
    "workshop_choice",
]

RELEASE_TTL_S = 60
INCOMPLETE, UNAVAILABLE = "incomplete", "unavailable"
LIMITER = RateLimiter()
DEVICE_KEY = "pool_device"  # the browser's token, once it has reported it
_PROVISIONAL_KEY = "pool_device_provisional"
ADDED_OR_KEPT = (pool.ADDED, pool.ALREADY)  # the answers are in the pool: nothing more to do
_ASKING = "asking"


def pool_store() -> PoolStore:
    """The shared pool; raises :class:`StoreUnavailable` when the database cannot be used."""
    return shared_pool(wui.database_url(), retention_months=pool.retention_months())


@st.cache_resource(ttl=RELEASE_TTL_S, max_entries=8, show_spinner=False)
def _release(
    url: str, version: object, month: str, k: int, retention: int, _q: Questionnaire
) -> Release:
    # `_q` is not hashed: `version` (the data folder's signature) stands for it.
    entries = shared_pool(url, retention_months=retention).entries()
    return release(_q, entries, datetime.now(UTC).date(), k)


def pool_release(questionnaire: Questionnaire) -> Release | None:
    """The pool as the peers see it now, or None when its database cannot be read."""
    now = datetime.now(UTC)
    try:
        return _release(
            wui.database_url(),
            appdata.data_version(),
            f"{now.year:04d}-{now.month:02d}",
            pool.min_answers(),
            pool.retention_months(),
            questionnaire,
        )
    except StoreError:
        return None


def room_peers(
    store: WorkshopStore, info: SessionInfo, secret: str | ViewToken
) -> RoomAmongPeers | None:
    """A workshop room against everyone who answered here (the closing slide, the room
    report), when the pool and the room allow it; None too when either cannot be read
    (the slide and the report then simply leave it out)."""
    questionnaire = appdata.questionnaire()
    shown = pool_release(questionnaire)
    if shown is None or EVERYONE not in shown.shown:
        return None  # no need to read the room's scores
    try:
        scores = store.room_scores(info.code, secret)
    except StoreError:
        return None
    return workshop.room_peers(
        questionnaire, info.question_ids, shown, scores, min_group=workshop.MIN_GROUP
    )


def address() -> str:
    """The address a contribution counts against: the workshop's rule
    (:func:`adoption_ui.workshop_ui.client_address`)."""
    return wui.client_address()


def device() -> str | None:
    """This browser's device token (the one the workshop pages keep too), or None until it
    has said which: the page then shows the browser's small probe, whose report reruns it.

    Call it only once the user has asked to add their answers. On loading a result, the
    probe's report would rerun the page while the browser is still registering the widgets
    a share link seeded, and some of those answers would be lost.
    """
    known = st.session_state.get(DEVICE_KEY)
    if is_participant(known):
        return known
    if _PROVISIONAL_KEY not in st.session_state:
        st.session_state[_PROVISIONAL_KEY] = new_participant()
    reported = wui.browser_report("pool", str(st.session_state[_PROVISIONAL_KEY]))
    if reported is None:
        return None
    st.session_state[DEVICE_KEY] = reported[0]
    return reported[0]


def add_to_pool(
    questionnaire: Questionnaire,
    profile: Profile,
    answers: Answers,
    *,
    device_token: str,
    origin: str = "benchmark",
) -> str:
    """Add these answers to the pool: ``added``, ``already`` (this device, this month),
    ``throttled``, ``incomplete`` (not every question answered, or no size) or
    ``unavailable`` (the database is not answering; nothing was kept)."""
    given = pool.contribution_of(questionnaire, profile, answers, origin)
    if given is None:
        return INCOMPLETE
    try:
        outcome = pool.offer(pool_store(), LIMITER, given, device_token, address())
    except StoreUnavailable:
        return UNAVAILABLE
    except StoreError:
        return INCOMPLETE
    if outcome == pool.ADDED:
        _release.clear()  # the open month's count changed
    return outcome


# --------------------------------------------------------------------------- the phone


def _choice_keys(code: str) -> tuple[str, str]:
    """The phone's switch and what became of it, per session."""
    return f"ws_pool_optin_{code}", f"ws_pool_outcome_{code}"


def _switched(code: str) -> None:
    """on_change of the phone's switch: on asks to add the answers (done in the run that
    follows), off withdraws the request while they are not added yet."""
    switch, outcome = _choice_keys(code)
    if st.session_state.get(outcome) in ADDED_OR_KEPT:
        return
    st.session_state[outcome] = _ASKING if st.session_state.get(switch) else ""


def workshop_choice(
    questionnaire: Questionnaire,
    profile: Profile,
    answers: Answers,
    *,
    code: str,
    device_token: str | None,
    whole: bool,
    session_open: bool,
) -> str:
    """On the phone's result, in a session whose facilitator allowed it: the choice to add
    these answers to the pool (off until the participant turns it on, one sentence on what
    is kept), added once the switch is on; what became of them (``""`` while not asked).

    ``whole``: the session asked every question (the pool keeps whole questionnaires);
    ``device_token``: the browser's own token, None until it has reported (the join page's
    probe does that; a second probe here would be the same widget twice).
    """
    switch, key = _choice_keys(code)
    outcome = str(st.session_state.get(key) or "")
    st.subheader(tr("ws.pool.heading"), anchor=False)
    if not whole:
        st.caption(tr("ws.pool.subset"))
        return outcome
    if outcome not in ADDED_OR_KEPT and contribution_of(questionnaire, profile, answers) is None:
        if not session_open:
            st.caption(tr("ws.pool.incomplete_closed"))
        elif band_of(profile.cleaned(questionnaire).size) is None:
            st.caption(tr("ws.pool.need_size"))
        else:
            st.caption(tr("ws.pool.need_all"))
        return outcome
    if outcome == _ASKING and device_token is not None:
        outcome = add_to_pool(
            questionnaire, profile, answers, device_token=device_token, origin="workshop"
        )
        st.session_state[key] = outcome
        if outcome not in ADDED_OR_KEPT:
            st.session_state[switch] = False  # the toggle is drawn below: it says so
    final = outcome in ADDED_OR_KEPT
    if final:
        st.session_state[switch] = True
    st.toggle(
        tr("peers.optin.label"), key=switch, disabled=final, on_change=_switched, args=(code,)
    )
    st.caption(tr("ws.pool.kept"))
    if outcome == _ASKING:
        st.caption(tr("peers.optin.asking"))
    elif outcome == pool.ADDED:
        month = counted_from(datetime.now(UTC).date())
        st.success(
            tr("peers.optin.added", month=format_period(month, current_lang())),
            icon=":material/check:",
        )
    elif outcome == pool.ALREADY:
        st.info(tr("peers.optin.already"), icon=":material/info:")
    elif outcome == pool.THROTTLED:
        st.warning(tr("peers.optin.throttled"), icon=":material/schedule:")
    elif outcome == UNAVAILABLE:
        st.warning(tr("peers.optin.unavailable"), icon=":material/cloud_off:")
    elif outcome == INCOMPLETE:
        st.warning(tr("peers.optin.incomplete"), icon=":material/edit_note:")
    return outcome
