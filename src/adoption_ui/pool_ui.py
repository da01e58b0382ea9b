"""Streamlit edge of the pool of anonymous answers: the pool as the peers see it (cached),
the device and the address a contribution is counted against, and adding answers.

The benchmark page adds a firm's answers with :func:`add_to_pool`; the join page can call
the same function with ``origin="workshop"`` once a facilitator allows a session's answers
in (the participant's own choice on the phone stays theirs). The pool lives in the
workshop's database (:func:`adoption_ui.workshop_ui.database_url`), opened once per process
by :func:`adoption.store.shared_pool`, out of reach of Streamlit's clearable caches; only the
release computed from it is cached, for :data:`RELEASE_TTL_S` (it changes when a month ends,
or when the operator deletes answers).
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from adoption import pool
from adoption.benchmark import Answers, Profile
from adoption.peers import Release, release
from adoption.questionnaire import Questionnaire
from adoption.store import (
    PoolStore,
    StoreError,
    StoreUnavailable,
    is_participant,
    new_participant,
    shared_pool,
)
from adoption.store.limits import RateLimiter
from adoption_ui import appdata
from adoption_ui import workshop_ui as wui

__all__ = [
    "DEVICE_KEY",
    "INCOMPLETE",
    "LIMITER",
    "UNAVAILABLE",
    "add_to_pool",
    "address",
    "device",
    "pool_release",
    "pool_store",
]

RELEASE_TTL_S = 60
INCOMPLETE, UNAVAILABLE = "incomplete", "unavailable"
LIMITER = RateLimiter()
DEVICE_KEY = "pool_device"  # the browser's token, once it has reported it
_PROVISIONAL_KEY = "pool_device_provisional"


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
