"""Workshop, facilitator side: create a session, then manage it from the private link.

Without ``?code=&key=`` the page offers the creation form. With them (the facilitator link
``/workshop?code=XXXXXX&key=<secret>``) it is the management panel: join code, join link
and QR code, answer count, presenter view, close, export (CSV, Parquet), delete. Every
action checks the key against the hash the store keeps; a wrong or missing key shows one
message and nothing of the session.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from adoption import workshop
from adoption.exports import answers_frame, to_csv_bytes, to_parquet_bytes
from adoption.i18n import LANGS, fmt_number
from adoption.room_report import build_room_pdf
from adoption.store import (
    MAX_CAPACITY,
    TITLE_MAX,
    Forbidden,
    InvalidInput,
    SessionInfo,
    StoreError,
    StoreUnavailable,
    UnknownSession,
    WorkshopStore,
)
from adoption_ui import appdata, router
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr, trn

LANG_NAMES = {"fr": "Français", "en": "English"}

router.require_router()
lang = current_lang()
questionnaire = appdata.questionnaire()

st.title(tr("ws.title"))

store = wui.open_store(details=True)


def leave_session() -> None:
    """Back to the creation form (callback: runs before the page is drawn again)."""
    for name in ("code", "key"):
        if name in st.query_params:
            del st.query_params[name]
    st.session_state.pop("ws_confirm_delete", None)


def close_session(code: str, secret: str) -> None:
    """on_click of "Close"; the outcome is shown by the panel."""
    try:
        store.close(code, secret)
    except StoreUnavailable as error:
        st.session_state["ws_action_problem"] = ("ws.db_unavailable", str(error))
    except StoreError:
        st.session_state["ws_action_problem"] = ("ws.forbidden", "")
    else:
        st.session_state["ws_closed_now"] = True


def ask_delete(code: str) -> None:
    st.session_state["ws_confirm_delete"] = code


def cancel_delete() -> None:
    st.session_state.pop("ws_confirm_delete", None)


def delete_session(code: str, secret: str) -> None:
    """on_click of the confirmed delete: back to the creation form, which says so."""
    try:
        store.delete(code, secret)
    except StoreUnavailable as error:
        st.session_state["ws_action_problem"] = ("ws.db_unavailable", str(error))
    except StoreError:
        st.session_state["ws_action_problem"] = ("ws.forbidden", "")
    else:
        leave_session()
        st.session_state["ws_deleted"] = True


def create() -> None:
    """on_click of "Create": runs before the page is drawn again, which then shows the panel.

    A problem is left in ``ws_problem`` (a text key and a technical detail) for the form.
    """
    name = st.session_state.get("ws_create_title") or ""
    session_lang = st.session_state.get("ws_create_lang") or lang
    chosen = st.session_state.get("ws_create_questions") or []
    capacity = int(st.session_state.get("ws_create_capacity") or 0) or None
    if not name.strip():
        st.session_state["ws_problem"] = ("ws.create.title_missing", "")
        return
    try:
        created = store.create_session(name, session_lang, chosen, capacity)
    except InvalidInput:
        st.session_state["ws_problem"] = ("ws.create.title_invalid", "")
        return
    except StoreUnavailable as error:
        st.session_state["ws_problem"] = ("ws.db_unavailable", str(error))
        return
    except StoreError:
        st.session_state["ws_problem"] = ("ws.create.failed", "")
        return
    with contextlib.suppress(StoreError):
        # A long-running server would otherwise purge only when it starts.
        store.purge_expired()
    st.session_state["ws_just_created"] = created.info.code
    # The private link is this page's own address from now on: a reload keeps the panel.
    st.query_params["code"] = created.info.code
    st.query_params["key"] = created.secret


def capacity_input(key: str, value: int) -> None:
    """The expected room size (0: no limit); ``value`` until the facilitator changes it."""
    st.session_state.setdefault(key, value)
    st.number_input(
        tr("ws.create.capacity"),
        min_value=0,
        max_value=MAX_CAPACITY,
        step=1,
        help=tr("ws.create.capacity_help"),
        key=key,
    )


def set_capacity(code: str, secret: str) -> None:
    """on_click of "Apply" next to the participant limit."""
    capacity = int(st.session_state.get("ws_capacity") or 0) or None
    try:
        store.set_capacity(code, secret, capacity)
    except StoreUnavailable as error:
        st.session_state["ws_action_problem"] = ("ws.db_unavailable", str(error))
    except StoreError:
        st.session_state["ws_action_problem"] = ("ws.forbidden", "")


def create_form() -> None:
    st.write(tr("ws.intro"))
    if st.session_state.pop("ws_deleted", False):
        st.success(tr("ws.deleted"), icon=":material/delete:")
    st.header(tr("ws.create.heading"))
    labels = {q.id: q.label(lang) for q in questionnaire.questions}
    with st.form("ws_create", border=True):
        st.text_input(
            tr("ws.create.name"),
            max_chars=TITLE_MAX,
            placeholder=tr("ws.create.name_placeholder"),
            help=tr("ws.create.name_help", max=TITLE_MAX),
            key="ws_create_title",
        )
        st.selectbox(
            tr("ws.create.lang"),
            list[str](LANGS),
            index=list(LANGS).index(lang),
            format_func=LANG_NAMES.__getitem__,
            key="ws_create_lang",
            placeholder="—",  # never shown (it has a value); Streamlit's own is English
        )
        st.multiselect(
            tr("ws.create.questions"),
            list(labels),
            format_func=lambda qid: labels.get(qid, qid),
            placeholder=tr("ws.create.all_questions"),
            help=tr("ws.create.questions_help", n=len(labels)),
            key="ws_create_questions",
        )
        capacity_input("ws_create_capacity", 0)
        st.form_submit_button(
            tr("ws.create.submit"), type="primary", icon=":material/add:", on_click=create
        )
    problem = st.session_state.pop("ws_problem", None)
    if problem is not None:
        key, detail = problem
        st.error(tr(key, max=TITLE_MAX) if key == "ws.create.title_invalid" else tr(key))
        if detail:
            with st.expander(tr("ws.db_details")):
                st.text(detail)
    st.caption(tr("ws.retention", days=workshop.retention_days()))


def join_panel(info: SessionInfo, secret: str) -> None:
    base = wui.base_url()
    join = workshop.join_link(base, info.code, info.lang)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(f"**{tr('ws.code_label')}**")
        wui.big_code(info.code)
        st.markdown(f"**{tr('ws.join_label')}**")
        st.code(join, language=None, wrap_lines=True)
        st.markdown(tr("ws.join_help", url=wui.escape_link(f"{base}/join")))
        if workshop.is_local(base):
            st.warning(tr("ws.local_link"), icon=":material/wifi_off:")
    with right:
        svg = workshop.qr_svg(join)
        st.image(
            svg.decode("utf-8"),
            caption=tr("ws.qr_caption"),
            width=240,
            alt=tr("ws.qr_alt", url=join),
        )
        a, b = st.columns(2)
        a.download_button(
            tr("ws.qr_svg"),
            data=svg,
            file_name=f"qr-{info.code}.svg",
            mime="image/svg+xml",
            on_click="ignore",
            icon=":material/qr_code_2:",
            key="ws_qr_svg",
        )
        b.download_button(
            tr("ws.qr_png"),
            data=lambda: workshop.qr_png(join),
            file_name=f"qr-{info.code}.png",
            mime="image/png",
            on_click="ignore",
            icon=":material/qr_code_2:",
            key="ws_qr_png",
        )
    # This page is often projected while the room joins: the private link shows only
    # when the facilitator asks for it, never on its own (not even right after creation;
    # the browser's address bar holds it too, for a bookmark).
    st.warning(tr("ws.secret_warning"), icon=":material/lock:")
    shown = st.session_state.get("ws_show_secret") == info.code
    st.button(
        tr("ws.secret_hide" if shown else "ws.secret_show"),
        icon=":material/key:",
        key="ws_secret_toggle",
        on_click=toggle_secret,
        args=(info.code,),
    )
    if shown:
        st.markdown(f"**{tr('ws.secret_label')}**")
        st.code(
            workshop.facilitator_link(base, info.code, secret, lang), language=None, wrap_lines=True
        )


def toggle_secret(code: str) -> None:
    shown = st.session_state.get("ws_show_secret") == code
    st.session_state["ws_show_secret"] = None if shown else code


LIVE_S = 3  # how often the count and the slide on screen are read again


@st.fragment(run_every=LIVE_S)
def live_panel(code: str, secret: str) -> None:
    """The count of answers and the projector's slide, live; buttons to move the slide."""
    try:
        room = store.tally(code, secret)
    except StoreUnavailable:
        st.warning(tr("ws.db_unavailable"), icon=":material/cloud_off:")
        return
    except StoreError:
        st.error(tr("ws.forbidden"))
        return
    info = room.info
    st.metric(tr("ws.count_label"), fmt_number(room.respondents, lang, 0))

    asked = workshop.session_questionnaire(questionnaire, info.question_ids).questions
    total = len(asked) + 2
    slide = min(info.slide, total - 1)
    names = [tr("ws.slides.start"), *(q.label(lang) for q in asked), tr("ws.slides.end")]
    question = asked[slide - 1] if 1 <= slide <= total - 2 else None
    answered = sum(room.counts.get(question.id, {}).values()) if question else 0
    showable = answered >= workshop.MIN_GROUP

    st.markdown(f"**{tr('ws.drive.heading')}**")
    now = f"{slide}. {names[slide]}" if question else names[slide]
    if question is not None:
        now += " · " + tr("ws.drive.revealed" if info.revealed else "ws.drive.not_revealed")
    st.caption(tr("ws.drive.now", slide=now))

    def move(action: str) -> None:
        target, revealed = workshop.next_slide(
            action, slide, info.revealed, total, showable=showable
        )
        try:
            store.set_slide(code, secret, target, revealed)
        except StoreError:
            st.session_state["ws_action_problem"] = ("ws.db_unavailable", "")

    wui.slide_buttons("ws_drive", slide, total, info.revealed, move, reveal=question is not None)
    st.caption(tr("ws.drive.help"))


def room_report(info: SessionInfo, secret: str) -> bytes:
    """The room report PDF, in the session's language, read from the tally at click."""
    room = store.tally(info.code, secret)
    minimum = workshop.MIN_GROUP
    items = workshop.room_questions_from_counts(
        appdata.dataset(),
        questionnaire,
        room.counts,
        info.lang,
        info.question_ids,
        min_group=minimum,
    )
    pillars = workshop.room_pillars_from_means(
        questionnaire, room.pillars, room.scored, info.question_ids, min_group=minimum
    )
    return build_room_pdf(
        info.title, info.code, room.respondents, items, pillars, info.lang, min_group=minimum
    )


def export_labels(session_lang: str) -> dict[str, dict[str, str]]:
    """Every answer code in words, in the session's language, for the export."""
    labels = {
        q.id: {o.code: o.label(session_lang) for o in q.options} for q in questionnaire.questions
    }
    for field, column in workshop.STORE_PROFILE.items():
        labels[column] = {
            c.code: c.label(session_lang) for c in questionnaire.profile_options(field)
        }
    return labels


def export_files(info: SessionInfo, secret: str, shop: WorkshopStore) -> None:
    ids = list(info.question_ids) or list(questionnaire.ids)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    stem = f"{'atelier' if lang == 'fr' else 'workshop'}-{info.code}-{stamp}"

    st.header(tr("ws.export_heading"))
    # Read the answers now rather than on click: a download that fails on click shows
    # the user nothing, while an error here is explained on the page.
    try:
        answers = answers_frame(
            shop.room_answers(info.code, secret),
            ids,
            labels=export_labels(info.lang),
            profile_columns=tuple(workshop.STORE_PROFILE.values()),
        )
    except StoreUnavailable as error:
        wui.db_error(error, details=True)
        return
    except StoreError:
        st.error(tr("ws.forbidden"))
        return

    def frame() -> pd.DataFrame:
        return answers

    st.download_button(
        tr("ws.report_pdf"),
        data=lambda: room_report(info, secret),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=tr("ws.report_help", min=workshop.MIN_GROUP),
        key="ws_report_pdf",
        type="primary",
    )
    a, b = st.columns(2)
    a.download_button(
        tr("ws.export_csv"),
        # French Excel splits columns on ";"; English Excel on ",".
        data=lambda: to_csv_bytes(frame(), lang=lang),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help=tr("ws.export_help"),
        key="ws_export_csv",
        width="stretch",
    )
    b.download_button(
        tr("ws.export_parquet"),
        data=lambda: to_parquet_bytes(frame()),
        file_name=f"{stem}.parquet",
        mime="application/vnd.apache.parquet",
        on_click="ignore",
        icon=":material/download:",
        help=tr("ws.export_help"),
        key="ws_export_parquet",
        width="stretch",
    )


def manage(code: str, secret: str) -> None:
    try:
        info = store.check_secret(code, secret)
        count = store.count(info.code)
    except (UnknownSession, Forbidden):
        st.error(tr("ws.forbidden"), icon=":material/block:")
        st.button(tr("ws.new_session"), on_click=leave_session, icon=":material/add:")
        return
    except StoreUnavailable as error:
        wui.stop_unavailable(error, details=True)

    just_created = st.session_state.pop("ws_just_created", None) == info.code
    if just_created:
        st.success(tr("ws.created"), icon=":material/check_circle:")
    if st.session_state.pop("ws_closed_now", False):
        st.success(tr("ws.closed_done"), icon=":material/lock:")
    problem = st.session_state.pop("ws_action_problem", None)
    if problem is not None:
        st.error(tr(problem[0]))
        if problem[1]:
            with st.expander(tr("ws.db_details")):
                st.text(problem[1])

    st.header(wui.title(info.title), anchor=False)
    status = tr("ws.status.open" if info.is_open else "ws.status.closed")
    st.badge(status, color="green" if info.is_open else "gray")
    join_panel(info, secret)

    st.divider()
    st.subheader(tr("ws.manage.heading"))
    stats, actions = st.columns([1, 2], gap="large")
    with stats:
        live_panel(info.code, secret)
    stats.caption(
        tr("ws.capacity_now", cap=info.capacity)
        if info.capacity is not None
        else tr("ws.capacity_none")
    )
    with actions:
        st.link_button(
            tr("ws.presenter_open"),
            workshop.presenter_link(wui.base_url(), info.code, secret, lang),
            type="primary",
            icon=":material/co_present:",
            help=tr("ws.presenter_help"),
        )
        if info.is_open:
            with st.form("ws_capacity_form", border=False):
                capacity_input("ws_capacity", info.capacity or 0)
                st.form_submit_button(
                    tr("ws.capacity_set"), on_click=set_capacity, args=(info.code, secret)
                )
            st.button(
                tr("ws.close"),
                help=tr("ws.close_help"),
                icon=":material/lock:",
                key="ws_close",
                on_click=close_session,
                args=(info.code, secret),
            )
        else:
            st.info(tr("ws.closed_done"), icon=":material/lock:")

    st.divider()
    export_files(info, secret, store)

    if st.session_state.get("ws_confirm_delete") == info.code:
        st.warning(trn("ws.delete_confirm", count), icon=":material/warning:")
        yes, no = st.columns(2)
        yes.button(
            tr("ws.delete_yes"),
            type="primary",
            icon=":material/delete_forever:",
            key="ws_delete_yes",
            on_click=delete_session,
            args=(info.code, secret),
        )
        no.button(tr("ws.delete_cancel"), key="ws_delete_cancel", on_click=cancel_delete)
    else:
        st.button(
            tr("ws.delete"),
            icon=":material/delete:",
            key="ws_delete",
            on_click=ask_delete,
            args=(info.code,),
        )
    st.caption(tr("ws.retention", days=workshop.retention_days()))


code_param = st.query_params.get("code")
key_param = st.query_params.get("key")
if code_param is None and key_param is None:
    create_form()
else:
    manage(code_param or "", key_param or "")
