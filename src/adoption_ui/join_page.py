"""Streamlit edge of the participant's page (``pages/join.py``): its widgets and side effects.

The page's memory is one :class:`adoption.join_flow.JoinFlow` under :data:`KEY`; every change
goes through :func:`apply`, i.e. :func:`adoption.join_flow.step`. What lives here is what needs
Streamlit or the store: reading the store, sending, the retry timer, the widgets.

The questions are widgets in a fragment: a tap reruns the fragment only (not the page, its
store read or its result), which reads the widgets into the flow's draft and hands it to
the browser to keep (:func:`adoption_ui.workshop_ui.keep_draft`). Send is outside the
fragment, so a send redraws the whole page with its outcome and result.

The result is the benchmark page's own (:mod:`adoption_ui.benchmark_view` draws both): the
score and stage, the firm's own population, the next steps, the references, then the
benchmark's share link and PDF. It reads only this device's stored answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date
from functools import partial
from typing import NoReturn

import streamlit as st

from adoption import join_flow, workshop
from adoption.benchmark_flow import share_url
from adoption.join_flow import (
    DeviceReported,
    Edited,
    Event,
    Filled,
    JoinFlow,
    Outcome,
    Scrolled,
    SendEnded,
    Shown,
    Viewed,
    ViewFailed,
)
from adoption.peers import peers_in
from adoption.report import build_pdf
from adoption.store import (
    InvalidInput,
    NotAdmitted,
    SessionClosed,
    SessionFull,
    SessionInfo,
    StoreError,
    StoreUnavailable,
    Submission,
    UnknownSession,
    new_participant,
    normalize_code,
)
from adoption.urlstate import State
from adoption_ui import appdata, chrome, pool_ui
from adoption_ui import benchmark_view as bv
from adoption_ui import questionnaire_form as form
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr

KEY = "ws_join"  # the page's JoinFlow
WAITING_KEY = "ws_join_waiting"  # the page waits for a database that did not answer
TYPED_CODE = "ws_join_typed"  # the code typed by hand (a widget)
BAD_CODE = "ws_join_bad_code"  # set by the "Join" button for the next drawing only
RESULT_KEY = "ws_result"  # the result's top, brought into view after a send
ADMISSION_KEY = "ws_join_admission"  # code → Admission: did this device scan the room's code
SEND_RAN = "ws_join_send_ran"  # the Send button's callback ran in this run
SENT: tuple[Outcome, ...] = ("sent", "sent_late")  # said above the result, not the form

# What a send led to: the kind of message and its text.
OUTCOMES: dict[Outcome, tuple[str, str]] = {
    "sent": ("success", "ws.join.sent"),
    "sent_late": ("success", "ws.join.sent_late"),
    "empty": ("warning", "ws.join.need_answer"),
    "closed": ("error", "ws.join.closed_on_submit"),
    "gone": ("error", "ws.join.gone_on_submit"),
    "invalid": ("error", "ws.join.invalid"),
    "full": ("error", "ws.join.full"),
    "scan": ("error", "ws.join.scan_needed"),
    "throttled": ("warning", "ws.join.throttled"),
    "failed": ("error", "ws.join.failed"),
}


def flow() -> JoinFlow:
    current = st.session_state.get(KEY)
    return current if isinstance(current, JoinFlow) else join_flow.start(new_participant())


def apply(event: Event) -> JoinFlow:
    """The flow after ``event``, kept for the next run."""
    new = join_flow.step(flow(), event)
    st.session_state[KEY] = new
    return new


def prefix(code: str) -> str:
    """The widgets' keys start with this (``wsj_K7MQ4P_q_genai``)."""
    return f"wsj_{code}_"


# --------------------------------------------------------------------------- the code


def _go_to_code() -> None:
    """on_click of "Join": runs before the page is drawn again."""
    try:
        code = normalize_code(st.session_state.get(TYPED_CODE))
    except UnknownSession:
        st.session_state[BAD_CODE] = True
        return
    st.query_params["code"] = code


def code_form() -> None:
    """Type a code instead of scanning the QR code."""
    if st.session_state.pop(BAD_CODE, False):
        st.error(tr("ws.join.unknown", days=workshop.retention_days()))
    with st.form("ws_join_code", border=True):
        st.text_input(
            tr("ws.join.enter_code"),
            max_chars=24,
            placeholder=tr("ws.join.code_placeholder"),
            key=TYPED_CODE,
        )
        st.form_submit_button(
            tr("ws.join.go"), type="primary", icon=":material/login:", on_click=_go_to_code
        )


def unknown_code() -> NoReturn:
    st.error(tr("ws.join.unknown", days=workshop.retention_days()), icon=":material/search_off:")
    code_form()
    st.stop()


# --------------------------------------------------------------------------- admission


@dataclass
class Admission:
    """What this page session knows of its device's admission to one session (see
    :mod:`adoption.join_token`): the token the link carried (``t``, kept here so a reload
    of the page without it in the address still counts), the device last checked, and
    whether it is admitted (None: not known yet)."""

    token: str | None = None
    token_valid: bool | None = None
    checked: str | None = None
    admitted: bool | None = None


def admission(code: str) -> Admission:
    """This page session's :class:`Admission` for ``code``; takes ``t`` from the address."""
    kept: dict[str, Admission] = st.session_state.setdefault(ADMISSION_KEY, {})
    current = kept.setdefault(code, Admission())
    given = st.query_params.get("t")
    if given and given != current.token:
        current.token, current.token_valid = given, None
    return current


def _token_valid(code: str, current: Admission) -> bool:
    """Whether the link's token is the room's; while the database cannot say, believed (it
    is checked again when the device is admitted), so an outage never throttles a room."""
    if current.token is None:
        return False
    if current.token_valid is None:
        try:
            current.token_valid = wui.store().join_token_valid(code, current.token)
        except UnknownSession:
            return False
        except StoreError:
            return True
    return current.token_valid


def from_room(code: str) -> bool:
    """The device joined from the projected code, or its link carries the room's token."""
    current = admission(code)
    return bool(current.admitted) or _token_valid(code, current)


def join_allowed(code: str) -> bool:
    """Whether this join may go on: a device of the room (its token, or admitted before)
    takes from the session's own generous bucket; any other from its address's, and one
    the address's bucket refuses is let in still when the store says it was admitted."""
    room = (f"room:{code}", wui.JOIN_PER_ROOM)
    if from_room(code):
        return wui.allowed("join", code, room)
    address = (f"ip:{wui.client_address()}", wui.JOIN_PER_ADDRESS)
    if wui.LIMITER.allow(("join:" + address[0], address[1])):
        return True
    if flow().device.reported is not None and admit(code):
        return wui.allowed("join", code, room)
    return wui.allowed("join", code, address)


def admit(code: str) -> bool | None:
    """Record (once per device token) that this device joined from the projected code, when
    its link carried a valid token, or learn that it did before; then take ``t`` out of
    the address. None while the store does not answer (asked again on the next run)."""
    current = admission(code)
    device = flow().device
    if current.checked == device.token:
        return current.admitted
    if current.token is None and device.reported is None:
        return None  # nothing to admit, nothing to look up for a token about to change
    try:
        admitted = wui.store().admit(code, device.token, current.token)
    except StoreError:
        current.admitted = None
        return None
    current.checked, current.admitted = device.token, admitted
    if "t" in st.query_params:
        del st.query_params["t"]  # checked: not in an address bar to be copied on
    return admitted


def check_seat(info: SessionInfo, saved: Submission | None) -> None:
    """In a session with a cap, a device that has no answers in yet and did not join from
    the projected code is told to scan it: the room's seats are not for it (the store
    would refuse its send). Until the browser has said which device it is (a moment, on
    a page without the token), the page waits rather than show a form or a refusal."""
    if info.capacity is None or saved is not None:
        return
    admitted = admission(info.code).admitted
    if admitted is False:
        st.error(tr("ws.join.scan_needed"), icon=":material/qr_code_scanner:")
        st.stop()
    if admitted is None:
        st.stop()


# --------------------------------------------------------------------------- the session


def device_report(code: str) -> JoinFlow:
    """Draw the device probe; take what the browser reported (token, kept draft).

    Not a fragment: a report drawn in a fragment left a phone reconnecting to a restarted
    server without its taps in 1 of 3 trials (tests/test_restart_browser.py), so each
    report still costs one run of the page."""
    current = flow()
    report = wui.browser_report(code, current.device.provisional)
    if report is None:
        return current
    # A stale report (made for the server session before a restart) gives only the token.
    raw = None if report.stale else report.draft
    kept = join_flow.draft_from_json(raw, appdata.questionnaire())
    pending = join_flow.pending_in_json(raw)
    return apply(
        DeviceReported(report.token, code, kept, pending, stale=report.stale, again=report.again)
    )


def read_session(code: str) -> JoinFlow:
    """The session and this device's answers from the store, unless it was just found
    down; when it does not answer, the page goes on with what it last knew, if anything."""
    current = flow()
    # A whole run asks the store itself: a retry timer it draws waits one period first.
    st.session_state.pop(WAITING_KEY, None)
    if not current.read_store:
        return current
    try:
        info, saved = wui.store().participant_view(code, current.device.token)
    except UnknownSession:
        unknown_code()
    except StoreUnavailable as error:
        if current.info is None:
            st.caption(tr("ws.join.kept_on_phone"))
            wui.db_error(error, details=False)
            wait_for_store(code)
            st.stop()
        return apply(ViewFailed())
    return apply(Viewed(info, saved))


@st.fragment(run_every=join_flow.RETRY_S)
def wait_for_store(code: str) -> None:
    """While the page cannot read its session: ask again every few seconds, and draw the
    whole page (the form, the draft the phone kept, a send it was trying) once the database
    answers; nobody has to reload or tap, and the notice of the outage goes with it."""
    st.caption(tr("ws.join.retrying", s=join_flow.RETRY_S))
    if not st.session_state.get(WAITING_KEY):
        st.session_state[WAITING_KEY] = True  # the run that just failed: not again at once
        return
    try:
        wui.store().participant_view(code, flow().device.token)
    except StoreError:
        return
    st.session_state.pop(WAITING_KEY, None)
    st.rerun(scope="app")


def show_closed(current: JoinFlow) -> None:
    """A closed session: say so (a send refused by the close says it was refused)."""
    if current.outcome == "closed":
        # "Send" was pressed on a page loaded before the facilitator closed the session.
        st.error(tr("ws.join.closed_on_submit"), icon=":material/lock:")
    else:
        st.warning(tr("ws.join.closed"), icon=":material/lock:")
    apply(Shown())


# --------------------------------------------------------------------------- sending


def _try_send(code: str, question_ids: tuple[str, ...], draft: State, *, paced: bool) -> None:
    """Store ``draft`` for this device and record how it ended.

    A press of Send is rate-limited; an automatic retry (``paced``) is not, since the page
    itself spaces them out (see :func:`retry_pending`).
    """
    questionnaire = appdata.questionnaire()
    token = flow().device.token
    answers = workshop.session_questionnaire(questionnaire, question_ids).valid_answers(
        draft.answers
    )
    saved: Submission | None = None
    outcome: Outcome
    # A device of the room is never limited by its address (a room shares one Wi-Fi).
    shared = (
        (f"room:{code}", wui.SEND_PER_ROOM)
        if admission(code).admitted
        else (f"ip:{wui.client_address()}", wui.SEND_PER_ADDRESS)
    )
    if not answers:
        outcome = "empty"
    elif not paced and not wui.allowed("send", code, shared, (token, wui.SEND_PER_DEVICE)):
        outcome = "throttled"
    else:
        try:
            scores = workshop.participant_scores(questionnaire, answers, question_ids)
            profile = workshop.profile_to_store(draft.profile)
            saved = wui.store().submit(code, token, answers, profile, scores=scores)
            outcome = "sent"
        except StoreUnavailable:
            outcome = "failed"
        except SessionClosed:
            outcome = "closed"
        except UnknownSession:
            outcome = "gone"
        except NotAdmitted:
            outcome = "scan"
        except SessionFull:
            outcome = "full"
        except InvalidInput:
            outcome = "invalid"
    apply(SendEnded(outcome, time.monotonic(), saved, paced=paced))


def _send(code: str, question_ids: tuple[str, ...]) -> None:
    """on_click of "Send": the answers now in the widgets; the page then shows the outcome.

    A failure leaves every widget as it was; one the database caused is tried again by
    :func:`retry_pending` until it goes through.
    """
    st.session_state[SEND_RAN] = True
    on_screen = form.current_state(appdata.questionnaire(), prefix(code))
    _try_send(code, question_ids, on_screen, paced=False)


@st.fragment(run_every=join_flow.RETRY_S)
def retry_pending(code: str, question_ids: tuple[str, ...]) -> None:
    """While a send waits for the database: try again every few seconds, say so, and
    redraw the whole page once it went through (or was refused)."""
    current = flow()
    if not current.pending:
        return
    # The fragment also runs with every full run of the page: try only when due.
    if join_flow.retry_due(current, time.monotonic()):
        _try_send(code, question_ids, current.draft, paced=True)
    if flow().pending:
        st.caption(tr("ws.join.retrying", s=join_flow.RETRY_S))
        return
    st.rerun(scope="app")


def show_outcome(outcome: Outcome | None) -> None:
    if outcome is None:
        return
    kind, key = OUTCOMES[outcome]
    icon = ":material/check_circle:" if kind == "success" else None
    getattr(st, kind)(tr(key), icon=icon)


# --------------------------------------------------------------------------- the form


def fill_widgets(code: str) -> None:
    """Put the answers :func:`adoption.join_flow.widgets_to_fill` names into the widgets;
    widgets Streamlit dropped (a run that could not draw them) get the flow's draft back."""
    questionnaire = appdata.questionnaire()
    current = flow()
    if current.needs_fill:
        initial = join_flow.widgets_to_fill(current)
        if initial is not None:
            for key in form.widget_keys(questionnaire, prefix(code)):
                st.session_state.pop(key, None)
            form.seed(questionnaire, prefix(code), initial)
        current = apply(Filled(initial))
    form.seed(questionnaire, prefix(code), current.draft)  # acts only when the widgets are gone


def answer_form(info: SessionInfo) -> None:
    """What the session asks, the send button, and how the last send ended."""
    current = flow()
    outcome = current.outcome
    if current.offline and outcome != "failed":
        st.warning(tr("ws.join.offline"), icon=":material/cloud_off:")
        if not current.pending:  # a send under way redraws the page once it goes through
            # Taps rerun only the questions: without this, the warning would stay until
            # the next press of Send, long after the database answers again.
            wait_for_store(info.code)
    if current.reoffered and outcome is None:
        # The server restarted under the page: what it shows was kept, and is not stored.
        st.info(tr("ws.join.reconnected"), icon=":material/sync:")
    if current.saved is not None and outcome is None:
        st.success(tr("ws.join.already"), icon=":material/check_circle:")
        if current.unsent:
            # The phone's draft (restored on this load) differs from what is stored.
            st.caption(tr("ws.join.unsent"))
    st.caption(tr("ws.join.anonymous", min=workshop.MIN_GROUP))
    questions(info)
    pressed = st.button(
        tr("ws.join.update" if current.saved is not None else "ws.join.submit"),
        type="primary",
        icon=":material/send:",
        key=f"{prefix(info.code)}send",
        width="stretch",
        on_click=_send,
        args=(info.code, info.question_ids),
    )
    if pressed and not st.session_state.pop(SEND_RAN, False):
        # The press reached a server session that had not drawn the button yet (the page
        # reconnected to a restarted server with it), so Streamlit ran no callback: send
        # what the widgets, now drawn, hold, and draw the page again with the outcome.
        _send(info.code, info.question_ids)
        st.rerun()
    if outcome not in SENT:  # a stored send is said above the result
        show_outcome(outcome)
    apply(Shown())
    if flow().pending:
        retry_pending(info.code, info.question_ids)


@st.fragment
def questions(info: SessionInfo) -> None:
    """The profile and the session's questions. A tap reruns only this; the answers then
    on screen become the flow's draft, which the browser keeps until they are sent."""
    questionnaire, lang, start = appdata.questionnaire(), current_lang(), prefix(info.code)
    st.subheader(tr("ws.join.profile"), anchor=False)
    for column, field in zip(st.columns(3), form.PROFILE_FIELDS, strict=True):
        choices = questionnaire.profile_options(field)
        labels = {c.code: c.label(lang) for c in choices}
        column.selectbox(
            tr(f"bench.profile.{field}"),
            [c.code for c in choices],
            format_func=partial(form.label_of, labels),
            index=None,
            placeholder=tr("bench.profile.unknown"),
            key=f"{start}{field}",
        )
    st.subheader(tr("ws.join.questions"), anchor=False)
    state = form.render(
        questionnaire, lang, prefix=start, question_ids=info.question_ids, show_profile=False
    )
    asked = workshop.session_questionnaire(questionnaire, info.question_ids)
    current = apply(Edited(State(asked.valid_answers(state.answers), state.profile)))
    # Not before the browser has reported the draft it kept: this would overwrite it.
    if current.kept_reported:
        wui.keep_draft(info.code, join_flow.draft_to_json(current.draft, pending=current.pending))


# --------------------------------------------------------------------------- the result


def answered_day(submission: Submission, today: date | None = None) -> date:
    """The day these answers were given, on this server's calendar (never after today: the
    benchmark page refuses a result dated in the future)."""
    moment = submission.updated_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return min(moment.astimezone().date(), today or date.today())


def pool_choice(info: SessionInfo, mine: workshop.ParticipantResult) -> None:
    """The facilitator allowed the pool: the participant's own choice to add their answers
    (:func:`adoption_ui.pool_ui.workshop_choice`); once they are in, this participant among
    the firms like theirs, when the pool has enough of them to say anything."""
    questionnaire = appdata.questionnaire()
    with st.container(key="ws_pool_choice"):
        outcome = pool_ui.workshop_choice(
            questionnaire,
            mine.state.profile,
            mine.state.answers,
            code=info.code,
            device_token=flow().device.reported,
            whole=not mine.subset,
            session_open=info.is_open,
        )
    if outcome not in pool_ui.ADDED_OR_KEPT:
        return
    shown = pool_ui.pool_release(questionnaire)
    if shown is None:
        return
    if peers_in(shown, questionnaire, mine.state.profile, mine.state.answers).group is not None:
        bv.peers_block(questionnaire, current_lang(), mine.state)


def show_result(info: SessionInfo, submission: Submission) -> None:
    """This device's result, as the benchmark page shows the same answers: on the session's
    questions, with the benchmark's share link and PDF. First after a send (brought into
    view), and when the phone comes back, the session open or closed."""
    lang, current = current_lang(), flow()
    ds, questionnaire = appdata.dataset(), appdata.questionnaire()
    profile = workshop.profile_from_store(submission.profile)
    mine = workshop.participant_result(
        ds, questionnaire, submission.answers, profile, lang, info.question_ids
    )
    view, day = mine.view, answered_day(submission)
    link = share_url(
        f"{wui.base_url()}/benchmark", lang, mine.token, day, earlier_token=None, earlier_day=None
    )
    with st.container(key=RESULT_KEY):
        if current.outcome in SENT:
            show_outcome(current.outcome)
        st.header(tr("ws.join.result"), anchor=False)
        st.caption(bv.dated_line(view, day, lang))
        if info.is_open and current.unsent:  # the form holds other answers, not sent
            st.caption(tr("ws.join.result_note"))
        if mine.subset and mine.asked_pillars:
            pillars = ", ".join(tr(f"bench.pillar.{p}").lower() for p in mine.asked_pillars)
            st.caption(
                tr("ws.join.result_subset", asked=mine.asked, total=mine.total, pillars=pillars)
            )
    if current.scroll:
        # Clear of Streamlit's top bar, so that "Answers saved" shows above the result.
        chrome.scroll_to(RESULT_KEY, current.scrolls, margin_rem=4.5)
        apply(Scrolled())
    if mine.asked_pillars:
        bv.score_and_stage(view, lang, mine.asked_pillars)
    else:  # only opinions were asked: there is nothing to score
        st.info(tr("bench.score.none"), icon=":material/info:")
    bv.own_population(view, ds, lang)
    bv.next_steps(view, lang)
    if info.pool_allowed:
        pool_choice(info, mine)
    bv.references(view)
    asked = workshop.session_questionnaire(questionnaire, info.question_ids)
    bv.share_and_pdf(
        link,
        tr("ws.join.share_subset", total=mine.total) if mine.subset else tr("ws.join.share_help"),
        # A subset's PDF does not send to the link: that page would score all the questions.
        lambda: build_pdf(
            ds,
            asked,
            mine.state.answers,
            mine.state.profile,
            lang,
            None if mine.subset else link,
            answered_on=day,
            view=view,
            pillars=mine.asked_pillars,
        ),
        open_label=tr("ws.join.open_answers") if mine.subset else tr("ws.join.open_result"),
    )
