"""The participant's page as a state machine: one :class:`JoinFlow`, changed only by :func:`step`.

The page (``pages/join.py`` through :mod:`adoption_ui.join_page`) keeps one ``JoinFlow`` in
its Streamlit session and feeds it events: the browser reported its device token and the
draft it kept, the store answered (or did not), the widgets now hold these answers, a send
ended this way, its outcome was shown. Everything the page decides from them (which answers
to put back into the widgets, whether a retry is due, what to tell the participant) is read
from the flow here, without Streamlit, so every path is tested without a server
(``tests/test_join_flow.py``).

The device is the browser, not the session: the token it keeps in its storage stands for the
participant (see :mod:`adoption_ui.workshop_ui`). Until it has reported, a token made on the
server stands in; the first token reported is kept for the session, a later different one is
not believed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from adoption.benchmark import Profile
from adoption.questionnaire import Questionnaire
from adoption.store import SessionInfo, Submission
from adoption.urlstate import State
from adoption.workshop import STORE_PROFILE, profile_from_store, profile_to_store

RETRY_S = 5  # how often a send the database did not take is tried again
DRAFT_MAX_CHARS = 20_000  # a draft the browser reports is a few hundred characters

# What a send can end with. "sent_late": stored by an automatic retry after a failure.
Outcome = Literal[
    "sent",
    "sent_late",
    "empty",
    "closed",
    "gone",
    "invalid",
    "full",
    "scan",
    "throttled",
    "failed",
]
Phase = Literal["joining", "answering", "retrying", "sent", "closed"]


@dataclass(frozen=True)
class Device:
    """The participant's browser: the token it reported, else the one made here meanwhile."""

    provisional: str
    reported: str | None = None

    @property
    def token(self) -> str:
        return self.reported or self.provisional


@dataclass(frozen=True)
class JoinFlow:
    """Everything the join page remembers between runs, for one session code.

    ``draft`` is what the widgets last held; ``kept`` the draft the browser reported for
    this code (None until it has, or when it had none). The page puts answers into the
    widgets when :attr:`needs_fill` (see :func:`widgets_to_fill`), then records
    ``seeded_for``; ``relabelled``: the language changed since they were drawn;
    ``redraw``: the browser's first report came in, so they are filled again with what
    they hold.
    ``scroll``: a send was just stored, so the page brings the result into view; each
    such scroll is numbered (``scrolls``), for the browser to run it once.
    ``reconnected``: the page came back to a new server session (a restarted server) with
    answers on screen; it says they were kept until they are sent.
    """

    device: Device
    code: str = ""
    lang: str = ""
    relabelled: bool = False
    redraw: bool = False
    info: SessionInfo | None = None
    saved: Submission | None = None
    offline: bool = False
    kept: State | None = None
    kept_reported: bool = False
    draft: State = field(default_factory=State)
    seeded_for: str | None = None
    pending: bool = False
    tried_at: float = 0.0
    outcome: Outcome | None = None
    scroll: bool = False
    scrolls: int = 0
    reconnected: bool = False

    @property
    def phase(self) -> Phase:
        if self.info is None:
            return "joining"
        if not self.info.is_open:
            return "closed"
        if self.pending:
            return "retrying"
        return "sent" if self.saved is not None and not self.unsent else "answering"

    @property
    def needs_fill(self) -> bool:
        """The widgets were not filled yet for this device, or must be filled again (see
        :func:`widgets_to_fill`)."""
        return self.relabelled or self.redraw or self.seeded_for != self.device.token

    @property
    def read_store(self) -> bool:
        """Whether this run reads the store: not right after a pressed send failed (it just
        waited for the database; the page shows what it knew, with the failure)."""
        return self.outcome != "failed"

    @property
    def reoffered(self) -> bool:
        """The page reconnected holding answers not stored yet, and no send of them is
        under way: the participant is told they were kept and are to be sent."""
        return self.reconnected and self.unsent and not self.pending

    @property
    def unsent(self) -> bool:
        """The widgets hold answers other than the stored ones (a draft not sent yet)."""
        if self.saved is None:
            return bool(self.draft.answers)
        return (dict(self.draft.answers), profile_to_store(self.draft.profile)) != (
            self.saved.answers,
            self.saved.profile,
        )


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class Opened:
    """The page runs for ``code`` (already normalised) in ``lang``; another code starts
    afresh."""

    code: str
    lang: str


@dataclass(frozen=True)
class DeviceReported:
    """The browser said which token it keeps, and the draft it kept for ``code``.

    ``stale``: the report was made for an earlier server session of the page, which has
    reconnected to this one: only its token is believed (its draft is the one the page was
    loaded with). ``again``: the page's own report to this session after a reconnection.
    """

    token: str
    code: str
    draft: State | None
    pending: bool = False  # the draft was being sent when the page was left (reload, restart)
    stale: bool = False
    again: bool = False


@dataclass(frozen=True)
class Viewed:
    """The store answered: the session and this device's stored answers, if any."""

    info: SessionInfo
    saved: Submission | None


@dataclass(frozen=True)
class ViewFailed:
    """The store did not answer this run: the page works from what it last knew."""


@dataclass(frozen=True)
class Filled:
    """The widgets were filled for the current device with ``draft`` (:func:`widgets_to_fill`;
    None: they were left as they were)."""

    draft: State | None = None


@dataclass(frozen=True)
class Edited:
    """The widgets now hold ``draft`` (read after they were drawn)."""

    draft: State


@dataclass(frozen=True)
class SendEnded:
    """A send ended with ``outcome`` at ``at`` (monotonic seconds); ``saved`` when stored.

    ``paced``: an automatic retry of a failed send, not a press of the button.
    """

    outcome: Outcome
    at: float
    saved: Submission | None = None
    paced: bool = False


@dataclass(frozen=True)
class Shown:
    """The last send's outcome was shown: it is not shown again."""


@dataclass(frozen=True)
class Scrolled:
    """The page brought the result into view: not again until the next send is stored."""


Event = (
    Opened | DeviceReported | Viewed | ViewFailed | Filled | Edited | SendEnded | Shown | Scrolled
)


def start(provisional: str) -> JoinFlow:
    """A new page session, before the browser has said anything."""
    return JoinFlow(device=Device(provisional))


def step(flow: JoinFlow, event: Event) -> JoinFlow:
    """The flow after ``event``; ``flow`` itself is never changed."""
    match event:
        case Opened(code, lang):
            if code != flow.code:
                return JoinFlow(device=flow.device, code=code, lang=lang)
            return replace(
                flow, lang=lang, relabelled=flow.relabelled or flow.lang not in ("", lang)
            )
        case DeviceReported(token, code, draft, pending, stale, again):
            if flow.device.reported not in (None, token):
                return flow  # a second identity from the same session is not believed
            reported = replace(flow, device=replace(flow.device, reported=token))
            if code != flow.code or flow.kept_reported:
                return reported
            if stale:
                # The widgets hold what the page showed before the restart: they are left
                # as they are (see widgets_to_fill) until the browser's own report comes.
                return replace(reported, reconnected=True)
            if again or flow.reconnected:
                reported = replace(reported, reconnected=True)
                # What the widgets brought back wins; the kept draft fills the rest.
                draft = merged(draft, flow.draft) if draft is not None else None
            # A draft the browser kept is put back into the widgets on the next drawing;
            # without one, what the widgets hold is put back (see widgets_to_fill).
            seeded = None if draft is not None else reported.seeded_for
            kept = replace(
                reported, kept=draft, kept_reported=True, seeded_for=seeded, redraw=draft is None
            )
            if pending and draft is not None:
                # A send this phone was still trying when the page went (a reload during
                # an outage, a restarted server): go on trying, at once, without a tap.
                return replace(kept, pending=True, tried_at=0.0)
            return kept
        case Viewed(info, saved):
            return replace(flow, info=info, saved=saved, offline=False)
        case ViewFailed():
            return replace(flow, offline=True)
        case Filled(draft):
            filled = flow.draft if draft is None else draft
            return replace(
                flow, seeded_for=flow.device.token, draft=filled, relabelled=False, redraw=False
            )
        case Edited(draft):
            return replace(flow, draft=draft)
        case SendEnded(outcome, at, saved, paced):
            return _sent(flow, outcome, at, saved, paced=paced)
        case Shown():
            return replace(flow, outcome=None)
        case Scrolled():
            return replace(flow, scroll=False)


def _sent(
    flow: JoinFlow, outcome: Outcome, at: float, saved: Submission | None, *, paced: bool
) -> JoinFlow:
    if outcome == "failed":
        # Timed from the end of the attempt: a slow failure must not make the next one due.
        # A retry that fails again says nothing new (the page says it is retrying).
        return replace(
            flow,
            pending=True,
            tried_at=at,
            outcome=flow.outcome if paced else "failed",
        )
    if outcome == "sent":
        outcome = "sent_late" if paced else "sent"  # "late": nobody pressed anything
        # The result (above the form) is what the participant came for: show it.
        return replace(
            flow,
            saved=saved,
            pending=False,
            outcome=outcome,
            scroll=True,
            scrolls=flow.scrolls + 1,
            reconnected=False,
        )
    return replace(flow, pending=False, outcome=outcome)


def retry_due(flow: JoinFlow, now: float) -> bool:
    """A failed send waits to be tried again, and its last attempt is old enough.

    Half a second of slack: the retry timer and the last attempt's end are not in step.
    """
    return flow.pending and now - flow.tried_at >= RETRY_S - 0.5


def widgets_to_fill(flow: JoinFlow) -> State | None:
    """What to put into the widgets on this drawing, or None to leave them as they are.

    Once per device token (the page then sends :class:`Filled`): the draft the browser
    kept, else the stored answers, else the room's country as the participant's. After
    that the widgets' own values win (a user's taps are never overwritten), except by a
    draft the browser reports later. After a language
    switch, the draft again: Streamlit keeps a select box's value but would go on showing
    its label in the other language. And the draft again on the run the browser's first
    report starts, when it kept nothing and took the token the widgets were filled for:
    a select box filled on the run before (the room's country) may otherwise show nothing
    in the browser although the page holds its value, and the next tap would send it empty.
    """
    if not flow.needs_fill:
        return None
    if flow.reconnected and not flow.kept_reported:
        return None  # a reconnection: the widgets show the answers the page brought back
    if (flow.relabelled or flow.redraw) and flow.seeded_for == flow.device.token:
        return flow.draft
    if flow.kept is not None:
        return flow.kept
    if flow.saved is not None:
        return State(flow.saved.answers, profile_from_store(flow.saved.profile))
    if flow.info is not None and flow.info.country:
        # A first visit: the country defaults to the room's, which the participant may change.
        return State(profile=Profile(country=flow.info.country))
    return None


def merged(kept: State, on_screen: State) -> State:
    """The browser's kept draft, overridden by every answer and profile field the widgets
    hold: after a reconnection the widgets show what the participant last tapped, and the
    draft fills in what they do not hold."""
    profile = Profile(
        **{
            name: getattr(on_screen.profile, name) or getattr(kept.profile, name)
            for name in ("size", "sector", "country")
        }
    )
    return State({**kept.answers, **on_screen.answers}, profile)


# --------------------------------------------------------------------------- the draft


def draft_to_json(draft: State, *, pending: bool = False) -> str:
    """The draft as the browser stores it: ``{"answers": {...}, "profile": {...}}``, with
    ``"pending": true`` while a send of it waits for the database."""
    kept: dict[str, object] = {
        "answers": dict(draft.answers),
        "profile": profile_to_store(draft.profile),
    }
    if pending:
        kept["pending"] = True
    return json.dumps(kept, sort_keys=True, separators=(",", ":"))


def _kept_object(raw: object) -> dict[str, object] | None:
    """What the browser reported, read as the small JSON object a draft is; else None."""
    if not isinstance(raw, str) or len(raw) > DRAFT_MAX_CHARS:
        return None
    try:
        loaded = json.loads(raw)
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) else None


def pending_in_json(raw: object) -> bool:
    """Whether the draft the browser kept was waiting to be sent (see :func:`draft_to_json`)."""
    loaded = _kept_object(raw)
    return loaded is not None and loaded.get("pending") is True


def draft_from_json(raw: object, questionnaire: Questionnaire) -> State | None:
    """A draft the browser kept, as form values; None when it is not a usable one.

    The browser is not trusted: anything but a small object of known questions and codes
    is dropped.
    """
    loaded = _kept_object(raw)
    if loaded is None:
        return None
    answers, profile = loaded.get("answers"), loaded.get("profile")
    if not isinstance(answers, Mapping) or not isinstance(profile, Mapping):
        return None
    clean = questionnaire.valid_answers({str(k): v for k, v in answers.items()})
    stored = {
        str(k): v for k, v in profile.items() if isinstance(v, str) and k in STORE_PROFILE.values()
    }
    return State(clean, profile_from_store(stored).cleaned(questionnaire))
