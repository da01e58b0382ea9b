"""Workshop, participant side: join with the link or the code, answer, see your own result.

Anonymous: no name, no e-mail; size and sector are optional. A participant is a random
token kept in this browser session and in the ``p`` URL parameter, so a reload (or a
phone that drops the tab) keeps the same identity and a second send updates the same
answers. A facilitator key never belongs here: a ``key`` parameter is removed from the URL.
A send that fails is said so, and the answers stay in the form for another try.
"""

from __future__ import annotations

import streamlit as st

from adoption import workshop
from adoption.charts import pillar_bars
from adoption.store import (
    InvalidInput,
    SessionClosed,
    SessionInfo,
    StoreUnavailable,
    Submission,
    UnknownSession,
    is_participant,
    new_participant,
    normalize_code,
)
from adoption.urlstate import State
from pages import _questionnaire as form
from pages import _ui as ui
from pages import _workshop_ui as wui

ui.require_router()

lang = ui.lang()
dataset = ui.dataset()
questionnaire = ui.questionnaire()

# Someone pasted the facilitator link to the room by mistake: at least do not keep the key
# in this page's address, where it would be copied on.
if "key" in st.query_params:
    del st.query_params["key"]

st.title(ui.tr("ws.join.title"))


def participant_token() -> str:
    """This participant's token: the session's, else the URL's, else a new random one."""
    token = st.session_state.get("ws_participant")
    if not is_participant(token):
        from_url = st.query_params.get("p")
        token = from_url if is_participant(from_url) else new_participant()
        st.session_state["ws_participant"] = token
    if st.query_params.get("p") != token:
        st.query_params["p"] = token
    return token


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
        st.error(ui.tr("ws.join.unknown", days=workshop.retention_days()))
    with st.form("ws_join_code", border=True):
        st.text_input(
            ui.tr("ws.join.enter_code"),
            max_chars=24,
            placeholder=ui.tr("ws.join.code_placeholder"),
            key="ws_join_typed",
        )
        st.form_submit_button(
            ui.tr("ws.join.go"), type="primary", icon=":material/login:", on_click=go_to_code
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
    st.subheader(ui.tr("ws.join.result"), anchor=False)
    with st.container(border=True):
        ui.big_number(
            ui.tr("bench.score.out_of", score=result.score.overall), ui.tr("bench.score.overall")
        )
        stage = result.score.stage
        st.markdown(f"**{ui.tr('ws.join.stage', stage=result.score.stage_label(lang))}**")
        st.caption(ui.tr(f"bench.stage_help.{stage}"))
        if result.pillars:
            st.markdown(f"**{ui.tr('ws.join.pillars')}**")
            ui.chart(pillar_bars(result.pillars, lang), key="ws_join_pillars")
    if result.positionings:
        st.markdown(f"**{ui.tr('ws.join.positions')}**")
        for item in result.positionings:
            st.markdown(f"- {workshop.escape_markdown(item.sentence)}")
            st.caption(f"{item.organisation} · {item.period_text}")
    st.caption(ui.tr("ws.join.result_note"))


# What a send led to: the kind of message and its text.
OUTCOMES = {
    "sent": ("success", "ws.join.sent"),
    "empty": ("warning", "ws.join.need_answer"),
    "closed": ("error", "ws.join.closed_on_submit"),
    "gone": ("error", "ws.join.gone_on_submit"),
    "invalid": ("error", "ws.join.invalid"),
    "failed": ("error", "ws.join.failed"),
}


def send(code: str, token: str, question_ids: tuple[str, ...]) -> None:
    """on_click of "Send": save the answers now held by the widgets, note the outcome.

    As a callback it runs before the page is drawn again, so the page then shows the
    outcome and the saved result. A failure leaves every widget as it was: nothing typed
    is lost, the participant just presses again.
    """
    prefix = f"wsj_{code}_"
    state = form.current_state(questionnaire, prefix)
    answers = workshop.session_questionnaire(questionnaire, question_ids).valid_answers(
        state.answers
    )
    outcome = "sent"
    if not answers:
        outcome = "empty"
    else:
        try:
            wui.store().submit(code, token, answers, workshop.profile_to_store(state.profile))
        except SessionClosed:
            outcome = "closed"
        except UnknownSession:
            outcome = "gone"
        except InvalidInput:
            outcome = "invalid"
        except StoreUnavailable:
            outcome = "failed"
    st.session_state[f"{prefix}outcome"] = outcome


def show_outcome(outcome: str | None) -> None:
    if outcome not in OUTCOMES:
        return
    kind, key = OUTCOMES[outcome]
    icon = ":material/check_circle:" if kind == "success" else None
    getattr(st, kind)(ui.tr(key), icon=icon)


def answer_form(info: SessionInfo, token: str, existing: Submission | None) -> None:
    """The questionnaire, seeded with the saved answers, and the send button."""
    prefix = f"wsj_{info.code}_"
    initial = State()
    if existing is not None:
        initial = State(existing.answers, workshop.profile_from_store(existing.profile))
    form.seed(questionnaire, prefix, initial)
    outcome = st.session_state.pop(f"{prefix}outcome", None)

    if existing is not None and outcome is None:
        st.success(ui.tr("ws.join.already"), icon=":material/check_circle:")
    st.caption(ui.tr("ws.join.anonymous", min=workshop.MIN_GROUP))

    st.subheader(ui.tr("ws.join.profile"), anchor=False)
    columns = st.columns(2)
    for column, field in zip(columns, ("size", "sector"), strict=True):
        choices = questionnaire.profile_options(field)
        labels = {c.code: c.label(lang) for c in choices}
        column.selectbox(
            ui.tr(f"bench.profile.{field}"),
            [c.code for c in choices],
            format_func=lambda code, labels=labels: labels.get(code, code),
            index=None,
            placeholder=ui.tr("bench.profile.unknown"),
            key=f"{prefix}{field}",
        )
    st.subheader(ui.tr("ws.join.questions"), anchor=False)
    state = form.render(
        questionnaire, lang, prefix=prefix, question_ids=info.question_ids, show_profile=False
    )
    asked = workshop.session_questionnaire(questionnaire, info.question_ids)
    answers = asked.valid_answers(state.answers)
    profile = workshop.profile_to_store(state.profile)
    if existing is not None and (answers != existing.answers or profile != existing.profile):
        st.caption(ui.tr("ws.join.unsent"))

    st.button(
        ui.tr("ws.join.update" if existing is not None else "ws.join.submit"),
        type="primary",
        icon=":material/send:",
        key=f"{prefix}send",
        width="stretch",
        on_click=send,
        args=(info.code, token, info.question_ids),
    )
    show_outcome(outcome)


raw_code = st.query_params.get("code")
if not raw_code:
    code_form()
    st.stop()

store = wui.open_store(details=False)
try:
    session = store.get_session(raw_code)
    participant = participant_token()
    saved = store.get_submission(session.code, participant)
except UnknownSession:
    st.error(ui.tr("ws.join.unknown", days=workshop.retention_days()), icon=":material/search_off:")
    code_form()
    st.stop()
except StoreUnavailable as error:
    wui.stop_unavailable(error, details=False)

if st.query_params.get("code") != session.code:
    st.query_params["code"] = session.code  # "k7m-q4p" typed in the URL → "K7MQ4P"
st.header(wui.title(session.title), anchor=False)

if not session.is_open:
    if st.session_state.pop(f"wsj_{session.code}_outcome", None) == "closed":
        # "Send" was pressed on a page loaded before the facilitator closed the session.
        st.error(ui.tr("ws.join.closed_on_submit"), icon=":material/lock:")
    else:
        st.warning(ui.tr("ws.join.closed"), icon=":material/lock:")
    if saved is not None:
        show_result(session, saved)
    st.stop()

answer_form(session, participant, saved)
if saved is not None:
    st.divider()
    show_result(session, saved)
