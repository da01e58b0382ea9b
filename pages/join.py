"""Workshop, participant side: join with the link or the code, answer, see your own result.

Anonymous: no name, no e-mail; size and sector are optional. A participant is a device: a
random token the browser keeps (see :func:`adoption_ui.workshop_ui.device`), never in the URL, so
a forwarded link or a shared screen gives nobody else these answers, and a reload keeps the
same identity. A facilitator key never belongs here: ``key`` (and an old ``p``) parameter is
removed from the URL.

Answers on screen survive any failure until they are stored. The form is drawn from what
this session last knew of the session even while the database is down (a form not drawn
would lose its widgets' values), a copy of the answers is kept in the browser and in the
Streamlit session, and a send that fails is tried again every few seconds until the
database takes it, then confirmed. Sends and joins are rate-limited per device and per
network address.
"""

from __future__ import annotations

import secrets
import time
from functools import partial
from typing import NoReturn

import streamlit as st

from adoption import workshop
from adoption.benchmark import Profile
from adoption.charts import pillar_bars
from adoption.store import (
    InvalidInput,
    SessionClosed,
    SessionFull,
    SessionInfo,
    StoreUnavailable,
    Submission,
    UnknownSession,
    normalize_code,
)
from adoption.urlstate import State
from adoption_ui import appdata, plots, provenance, router
from adoption_ui import questionnaire_form as form
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr

router.require_router()

lang = current_lang()
dataset = appdata.dataset()
questionnaire = appdata.questionnaire()

RETRY_S = 5  # how often a send the database did not take is tried again

# Someone pasted the facilitator link to the room by mistake: at least do not keep the key
# in this page's address, where it would be copied on. ``p`` was the participant's identity
# in older links: whoever opened a forwarded one became that participant.
for private in ("key", "p"):
    if private in st.query_params:
        del st.query_params[private]

st.title(tr("ws.join.title"))


def go_to_code() -> None:
    """on_click of "Join": runs before the page is drawn again."""
    try:
        code = normalize_code(st.session_state.get("ws_join_typed"))
    except UnknownSession:
        st.session_state["ws_join_bad_code"] = True
        return
    st.query_params["code"] = code


def code_form() -> None:
    """Type a code instead of scanning the QR code."""
    if st.session_state.pop("ws_join_bad_code", False):
        st.error(tr("ws.join.unknown", days=workshop.retention_days()))
    with st.form("ws_join_code", border=True):
        st.text_input(
            tr("ws.join.enter_code"),
            max_chars=24,
            placeholder=tr("ws.join.code_placeholder"),
            key="ws_join_typed",
        )
        st.form_submit_button(
            tr("ws.join.go"), type="primary", icon=":material/login:", on_click=go_to_code
        )


def show_result(info: SessionInfo, submission: Submission) -> None:
    result = workshop.participant_result(
        dataset,
        questionnaire,
        submission.answers,
        workshop.profile_from_store(submission.profile),
        lang,
        info.question_ids,
    )
    st.subheader(tr("ws.join.result"), anchor=False)
    with st.container(border=True):
        provenance.big_number(
            tr("bench.score.out_of", score=result.score.overall), tr("bench.score.overall")
        )
        stage = result.score.stage
        st.markdown(f"**{tr('ws.join.stage', stage=result.score.stage_label(lang))}**")
        st.caption(tr(f"bench.stage_help.{stage}"))
        if result.pillars:
            st.markdown(f"**{tr('ws.join.pillars')}**")
            plots.chart(pillar_bars(result.pillars, lang), key="ws_join_pillars")
    if result.positionings:
        st.markdown(f"**{tr('ws.join.positions')}**")
        for item in result.positionings:
            st.markdown(f"- {workshop.escape_markdown(item.sentence)}")
            st.caption(f"{item.organisation} · {item.period_text}")
    st.caption(tr("ws.join.result_note"))


# What a send led to: the kind of message and its text.
OUTCOMES = {
    "sent": ("success", "ws.join.sent"),
    "sent_late": ("success", "ws.join.sent_late"),
    "empty": ("warning", "ws.join.need_answer"),
    "closed": ("error", "ws.join.closed_on_submit"),
    "gone": ("error", "ws.join.gone_on_submit"),
    "invalid": ("error", "ws.join.invalid"),
    "full": ("error", "ws.join.full"),
    "throttled": ("warning", "ws.join.throttled"),
    "failed": ("error", "ws.join.failed"),
}


def form_answers(question_ids: tuple[str, ...], prefix: str) -> tuple[dict[str, str], Profile]:
    """The answers now in the widgets (only the session's questions) and the profile."""
    state = form.current_state(questionnaire, prefix)
    asked = workshop.session_questionnaire(questionnaire, question_ids)
    return asked.valid_answers(state.answers), state.profile


def try_send(code: str, token: str, question_ids: tuple[str, ...], *, paced: bool = False) -> str:
    """Store the answers now in the form; the outcome's name (see OUTCOMES).

    A press of Send is rate-limited; an automatic retry (``paced``) is not, since the page
    itself spaces them out (see :func:`retry_pending`).
    """
    prefix = f"wsj_{code}_"
    answers, profile = form_answers(question_ids, prefix)
    if not answers:
        return "empty"
    address = wui.client_address()
    if not paced and not wui.allowed(
        "send", code, (f"ip:{address}", wui.SEND_PER_ADDRESS), (token, wui.SEND_PER_DEVICE)
    ):
        return "throttled"
    try:
        scores = workshop.participant_scores(questionnaire, answers, question_ids)
        saved = wui.store().submit(
            code, token, answers, workshop.profile_to_store(profile), scores=scores
        )
    except StoreUnavailable:
        # Timed from the end of the attempt: a slow failure must not make the next one due.
        st.session_state[f"{prefix}tried_at"] = time.monotonic()
        st.session_state["ws_db_failed"] = True  # this run reads nothing more from it
        return "failed"
    except SessionClosed:
        return "closed"
    except UnknownSession:
        return "gone"
    except SessionFull:
        return "full"
    except InvalidInput:
        return "invalid"
    st.session_state[f"{prefix}saved"] = saved
    return "sent"


def send(code: str, token: str, question_ids: tuple[str, ...]) -> None:
    """on_click of "Send": runs before the page is drawn again, which shows the outcome.

    A failure leaves every widget as it was; one the database caused is tried again by
    :func:`retry_pending` until it goes through.
    """
    prefix = f"wsj_{code}_"
    outcome = try_send(code, token, question_ids)
    st.session_state[f"{prefix}pending"] = outcome == "failed"
    st.session_state[f"{prefix}outcome"] = outcome


@st.fragment(run_every=RETRY_S)
def retry_pending(code: str, token: str, question_ids: tuple[str, ...]) -> None:
    """While a send waits for the database: try again every few seconds, say so, and
    redraw the whole page once it is stored."""
    prefix = f"wsj_{code}_"
    if not st.session_state.get(f"{prefix}pending"):
        return
    # The fragment also runs with every full run of the page: try only when due.
    due = time.monotonic() - st.session_state.get(f"{prefix}tried_at", 0.0) >= RETRY_S - 0.5
    outcome = try_send(code, token, question_ids, paced=True) if due else "failed"
    if outcome == "failed":
        st.caption(tr("ws.join.retrying", s=RETRY_S))
        return
    st.session_state[f"{prefix}pending"] = False
    st.session_state[f"{prefix}outcome"] = "sent_late" if outcome == "sent" else outcome
    st.rerun(scope="app")


def show_outcome(outcome: str | None) -> None:
    if outcome not in OUTCOMES:
        return
    kind, key = OUTCOMES[outcome]
    icon = ":material/check_circle:" if kind == "success" else None
    getattr(st, kind)(tr(key), icon=icon)


def draft_state(draft: object) -> State | None:
    """A draft kept in the browser, as form values; None when it is not a usable one."""
    if not isinstance(draft, dict):
        return None
    answers = draft.get("answers")
    profile = draft.get("profile")
    if not isinstance(answers, dict) or not isinstance(profile, dict):
        return None
    clean = questionnaire.valid_answers({str(k): v for k, v in answers.items()})
    stored = {str(k): v for k, v in profile.items() if isinstance(v, str)}
    return State(clean, workshop.profile_from_store(stored).cleaned(questionnaire))


def seed_form(
    prefix: str, token: str, existing: Submission | None, kept: State | None, *, again: bool
) -> None:
    """Fill the widgets once per device: from the draft this browser kept, else from the
    saved answers. The widgets' own values win after that (a user's clicks are never
    overwritten), except when the browser reported its draft ``again`` after a language
    switch (which made Streamlit drop the form's unsent values); if Streamlit dropped the
    widgets, this session's copy puts them back."""
    first = st.session_state.get(f"{prefix}seeded_for") != token
    initial = kept if first or again else None
    if first and initial is None and existing is not None:
        initial = State(existing.answers, workshop.profile_from_store(existing.profile))
    if initial is not None or f"{prefix}seeded_for" not in st.session_state:
        for key in form.widget_keys(questionnaire, prefix):
            st.session_state.pop(key, None)
        form.seed(questionnaire, prefix, initial or State())
    st.session_state[f"{prefix}seeded_for"] = token
    copy = st.session_state.get(f"{prefix}copy")
    if copy is not None:
        form.seed(questionnaire, prefix, copy)  # only acts when the widgets are gone


def answer_form(info: SessionInfo, token: str, existing: Submission | None, offline: bool) -> None:
    """The questionnaire and the send button; ``offline`` when the database is not answering.

    The questions are one ``st.form``: a tap changes the phone's screen and nothing else,
    so a room of fifty costs the server one run per Send, not one per tap. The browser
    keeps a draft of the taps (:func:`adoption_ui.workshop_ui.keep_draft`) until they are sent.
    """
    prefix = f"wsj_{info.code}_"
    outcome = st.session_state.pop(f"{prefix}outcome", None)
    if offline and outcome != "failed":
        st.warning(tr("ws.join.offline"), icon=":material/cloud_off:")

    if existing is not None and outcome is None:
        st.success(tr("ws.join.already"), icon=":material/check_circle:")
        if form_answers(info.question_ids, prefix) != (
            existing.answers,
            workshop.profile_from_store(existing.profile).cleaned(questionnaire),
        ):
            # The phone's draft (restored on this load) differs from what is stored.
            st.caption(tr("ws.join.unsent"))
    st.caption(tr("ws.join.anonymous", min=workshop.MIN_GROUP))
    with st.form(f"{prefix}form", border=False, enter_to_submit=False):
        fields = questions(info)
        st.form_submit_button(
            tr("ws.join.update" if existing is not None else "ws.join.submit"),
            type="primary",
            icon=":material/send:",
            key=f"{prefix}send",
            width="stretch",
            on_click=send,
            args=(info.code, token, info.question_ids),
        )
    wui.keep_draft(info.code, fields)
    show_outcome(outcome)
    if st.session_state.get(f"{prefix}pending"):
        retry_pending(info.code, token, info.question_ids)


def questions(info: SessionInfo) -> list[dict[str, object]]:
    """The profile and the session's questions, inside the form; what the browser reads to
    keep its draft (see :func:`adoption_ui.workshop_ui.keep_draft`)."""
    prefix = f"wsj_{info.code}_"
    fields: list[dict[str, object]] = []
    st.subheader(tr("ws.join.profile"), anchor=False)
    columns = st.columns(2)
    for column, field in zip(columns, ("size", "sector"), strict=True):
        choices = questionnaire.profile_options(field)
        labels = {c.code: c.label(lang) for c in choices}
        column.selectbox(
            tr(f"bench.profile.{field}"),
            [c.code for c in choices],
            format_func=partial(form.label_of, labels),
            index=None,
            placeholder=tr("bench.profile.unknown"),
            key=f"{prefix}{field}",
        )
        fields.append(
            {
                "key": f"{prefix}{field}",
                "group": "profile",
                "name": workshop.STORE_PROFILE[field],
                "codes": list(labels),
                "labels": list(labels.values()),
            }
        )
    st.subheader(tr("ws.join.questions"), anchor=False)
    asked = workshop.session_questionnaire(questionnaire, info.question_ids)
    css = form.conditions_css(asked, prefix)
    if css:
        st.html(f"<style>{css}</style>")
    state = form.render(
        questionnaire,
        lang,
        prefix=prefix,
        question_ids=info.question_ids,
        show_profile=False,
        in_form=True,
    )
    # This session's copy of the form, for a run where the widgets could not be drawn.
    st.session_state[f"{prefix}copy"] = state
    fields += [
        {"key": f"{prefix}{q.id}", "group": "answers", "name": q.id, "codes": list(q.codes)}
        for q in asked.questions
    ]
    return fields


raw_code = st.query_params.get("code")
if not raw_code:
    code_form()
    st.stop()


def unknown_code() -> NoReturn:
    st.error(tr("ws.join.unknown", days=workshop.retention_days()), icon=":material/search_off:")
    code_form()
    st.stop()


try:
    code = normalize_code(raw_code)
except UnknownSession:
    unknown_code()
prefix = f"wsj_{code}_"
known: SessionInfo | None = st.session_state.get(f"{prefix}info")
if known is None and not wui.allowed(
    "join", code, (f"ip:{wui.client_address()}", wui.JOIN_PER_ADDRESS)
):
    st.warning(tr("ws.join.busy"), icon=":material/hourglass_top:")
    st.button(tr("ws.retry"), icon=":material/refresh:")
    st.stop()

# A language switch relabels the questions, and Streamlit then drops the form's unsent
# taps: the browser is asked for its draft again, which puts them back on the next run.
if st.session_state.get(f"{prefix}lang", lang) != lang:
    st.session_state[f"{prefix}ask"] = secrets.token_urlsafe(8)
st.session_state[f"{prefix}lang"] = lang
ask: str = st.session_state.get(f"{prefix}ask", "")
participant, kept_draft, fresh_draft = wui.device(code, ask)
offline = bool(st.session_state.pop("ws_db_failed", False))
saved: Submission | None = st.session_state.get(f"{prefix}saved")
session = known
if not offline:
    try:
        session, saved = wui.store().participant_view(code, participant)
    except UnknownSession:
        st.error(
            tr("ws.join.unknown", days=workshop.retention_days()), icon=":material/search_off:"
        )
        code_form()
        st.stop()
    except StoreUnavailable as error:
        if known is None:
            st.caption(tr("ws.join.kept_on_phone"))
            wui.stop_unavailable(error, details=False)
        offline = True
if session is None:  # pragma: no cover - known is set whenever the read above failed
    st.stop()
st.session_state[f"{prefix}info"] = session
st.session_state[f"{prefix}saved"] = saved

if st.query_params.get("code") != session.code:
    st.query_params["code"] = session.code  # "k7m-q4p" typed in the URL → "K7MQ4P"
st.header(wui.title(session.title), anchor=False)

if not session.is_open:
    if st.session_state.pop(f"{prefix}outcome", None) == "closed":
        # "Send" was pressed on a page loaded before the facilitator closed the session.
        st.error(tr("ws.join.closed_on_submit"), icon=":material/lock:")
    else:
        st.warning(tr("ws.join.closed"), icon=":material/lock:")
    if saved is not None:
        show_result(session, saved)
    st.stop()

seed_form(prefix, participant, saved, draft_state(kept_draft), again=fresh_draft and bool(ask))
answer_form(session, participant, saved, offline)
if saved is not None:
    st.divider()
    show_result(session, saved)
