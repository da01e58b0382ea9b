"""Streamlit edge of the facilitator's page (``pages/workshop.py``): create, then manage.

The page's memory is one :class:`adoption.room_flow.FacilitatorFlow` under :data:`KEY`,
changed only through :func:`apply`. Every action checks the facilitator key against the hash
the store keeps; a wrong or missing key shows one message and nothing of the session.

The facilitator key never stays in the address bar (this page is often projected): the
private link's ``key`` moves at once to this Streamlit session (:data:`KEYS`) and to the
browser's storage (:func:`key_keeper`), and leaves the URL; a reload, whose URL holds only
the code, finds it there again. The panel's own links hold no key: the presenter link holds
a presenter token (:mod:`adoption.view_token`), and the private link shows only when asked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import datetime

import streamlit as st
import streamlit.components.v2 as components

from adoption import room_flow, workshop
from adoption.exports import (
    RoomExport,
    export_zone,
    room_export,
    to_csv_bytes,
    to_parquet_bytes,
)
from adoption.i18n import LANGS, fmt_number
from adoption.room_flow import (
    Closed,
    Created,
    DeleteAsked,
    DeleteCancelled,
    Deleted,
    FacilitatorEvent,
    FacilitatorFlow,
    Left,
    Problem,
    Refused,
    SecretToggled,
    Shown,
)
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
    normalize_code,
)
from adoption_ui import appdata, pool_ui
from adoption_ui import workshop_ui as wui
from adoption_ui.text import current_lang, tr, trn

KEY = "ws_facilitator"  # the page's FacilitatorFlow
KEYS = "ws_facilitator_keys"  # join code → facilitator key, for this Streamlit session
LANG_NAMES = {"fr": "Français", "en": "English"}
LIVE_S = 3  # how often the count and the slide on screen are read again


def flow() -> FacilitatorFlow:
    current = st.session_state.get(KEY)
    return current if isinstance(current, FacilitatorFlow) else FacilitatorFlow()


def apply(event: FacilitatorEvent) -> FacilitatorFlow:
    """The flow after ``event``, kept for the next run."""
    new = room_flow.step(flow(), event)
    st.session_state[KEY] = new
    return new


def record(event: FacilitatorEvent) -> None:
    """A button's on_click: apply ``event``."""
    apply(event)


def refused(error: StoreError) -> Refused:
    """An action the store refused: the database down (with its reason), or a bad key."""
    if isinstance(error, StoreUnavailable):
        return Refused(Problem("ws.db_unavailable", str(error)))
    return Refused(Problem("ws.forbidden"))


def show_problem(problem: Problem | None) -> None:
    if problem is None:
        return
    message = problem.message
    st.error(tr(message, max=TITLE_MAX) if message == "ws.create.title_invalid" else tr(message))
    if problem.detail:  # the reason is in the server's log, never on the page
        st.caption(tr("ws.db_log_hint"))


# The facilitator key of each session this browser manages, kept in its localStorage under
# "adoption.facilitator.<code>": never in the URL, so a reload keeps the panel without the
# key ever showing in the address bar. Handed a key, the component stores it; handed none,
# it reports, once per page load and code, the key it holds ("" when it holds none); handed
# ``forget``, it drops it. It draws nothing and touches no other element of the page.
_KEEPER_KEY = "ws_facilitator_key_keeper"
_KEY_JS = """
export default function ({ data, setStateValue }) {
  let box = null;
  try { box = window.localStorage; } catch (e) { box = null; }
  const name = "adoption.facilitator." + data.code;
  try {
    if (data.forget) { if (box) { box.removeItem(name); } return; }
    if (typeof data.key === "string" && data.key) {
      if (box && box.getItem(name) !== data.key) { box.setItem(name, data.key); }
      return;
    }
  } catch (e) { return; }
  const told = (window.__adoptionKeyTold = window.__adoptionKeyTold || {});
  if (told[data.code]) { return; }
  told[data.code] = true;
  let found = null;
  try { found = box ? box.getItem(name) : null; } catch (e) { found = null; }
  setStateValue("found", { code: data.code, key: found || "" });
}
"""
_key_keeper = components.component("adoption_facilitator_key", js=_KEY_JS)


def key_keeper(code: str, *, key: str | None = None, forget: bool = False) -> str | None:
    """Draw the (invisible) keeper for session ``code``: it stores ``key``, or drops the
    one it holds (``forget``), or else reports it. The key the browser reported ("" for
    none), or None until it has (and where scripts do not run, as in AppTest)."""
    result = _key_keeper(
        # Forgetting may follow the report in the same run: a second element.
        key=f"{_KEEPER_KEY}_forget" if forget else _KEEPER_KEY,
        data={"code": code, "key": key, "forget": forget},
        on_found_change=lambda: None,
        height=0,
    )
    found = result.get("found")
    if not isinstance(found, Mapping) or found.get("code") != code:
        return None
    value = found.get("key")
    return value if isinstance(value, str) else ""


def known_keys() -> dict[str, str]:
    keys = st.session_state.get(KEYS)
    if not isinstance(keys, dict):
        keys = st.session_state[KEYS] = {}
    return keys


def take_key(code: str, key: str) -> None:
    """The private link was opened: its key leaves the address bar now, for this session
    and the browser's storage (kept even if the database turns out to be down)."""
    if "key" in st.query_params:
        del st.query_params["key"]
    try:
        clean = normalize_code(code)
    except StoreError:
        return  # no session to keep a key for: the panel says the link is not valid
    if key:
        known_keys()[clean] = key
        _key_keeper(key=f"{_KEEPER_KEY}_handover", data={"code": clean, "key": key}, height=0)


def leave_session() -> None:
    """Back to the creation form (callback: runs before the page is drawn again)."""
    for name in ("code", "key"):
        if name in st.query_params:
            del st.query_params[name]
    apply(Left())


def close_session(store: WorkshopStore, code: str, secret: str) -> None:
    """on_click of "Close"; the outcome is shown by the panel."""
    try:
        store.close(code, secret)
    except StoreError as error:
        apply(refused(error))
    else:
        apply(Closed(code))


def delete_session(store: WorkshopStore, code: str, secret: str) -> None:
    """on_click of the confirmed delete: back to the creation form, which says so."""
    try:
        store.delete(code, secret)
    except StoreError as error:
        apply(refused(error))
    else:
        leave_session()
        apply(Deleted())


def create(store: WorkshopStore) -> None:
    """on_click of "Create": runs before the page is drawn again, which then shows the panel
    (or the form with the problem)."""
    name = st.session_state.get("ws_create_title") or ""
    session_lang = st.session_state.get("ws_create_lang") or current_lang()
    chosen = st.session_state.get("ws_create_questions") or []
    capacity = int(st.session_state.get("ws_create_capacity") or 0) or None
    country = st.session_state.get("ws_create_country")
    pool_allowed = st.session_state.get("ws_create_pool") is True
    if not name.strip():
        apply(Refused(Problem("ws.create.title_missing")))
        return
    if not wui.LIMITER.allow((f"create:{wui.client_address()}", wui.CREATE_PER_ADDRESS)):
        apply(Refused(Problem("ws.create.too_fast")))
        return
    try:
        created = store.create_session(
            name, session_lang, chosen, capacity, country, pool_allowed=pool_allowed
        )
    except InvalidInput:
        apply(Refused(Problem("ws.create.title_invalid")))
        return
    except StoreUnavailable as error:
        apply(Refused(Problem("ws.db_unavailable", str(error))))
        return
    except StoreError:
        apply(Refused(Problem("ws.create.failed")))
        return
    with contextlib.suppress(StoreError):
        # A long-running server would otherwise purge only when it starts.
        store.purge_expired()
    apply(Created(created.info.code))
    # The code is this page's address from now on; the key goes to this session and the
    # browser's storage, never to the address bar: a reload keeps the panel all the same.
    known_keys()[created.info.code] = created.secret
    st.query_params["code"] = created.info.code


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


def set_capacity(store: WorkshopStore, code: str, secret: str) -> None:
    """on_click of "Apply" next to the participant limit."""
    capacity = int(st.session_state.get("ws_capacity") or 0) or None
    try:
        store.set_capacity(code, secret, capacity)
    except StoreError as error:
        apply(refused(error))


def set_pool_allowed(store: WorkshopStore, code: str, secret: str) -> None:
    """on_change of the pool's switch in the management panel."""
    allowed = st.session_state.get("ws_pool_allowed") is True
    try:
        store.set_pool_allowed(code, secret, allowed)
    except StoreError as error:
        st.session_state["ws_pool_allowed"] = not allowed  # the switch says what is stored
        apply(refused(error))


def pool_switch(store: WorkshopStore, info: SessionInfo, secret: str) -> None:
    """The facilitator's consent to the pool, changeable while the session lives: what is
    stored, and the sentence of what it means."""
    st.session_state["ws_pool_allowed"] = info.pool_allowed
    st.toggle(
        tr("ws.pool.allow"),
        key="ws_pool_allowed",
        on_change=set_pool_allowed,
        args=(store, info.code, secret),
    )
    st.caption(tr("ws.pool.allow_note"))


def create_form(store: WorkshopStore) -> None:
    lang = current_lang()
    questionnaire = appdata.questionnaire()
    st.write(tr("ws.intro"))
    shown = flow()
    apply(Shown())
    if shown.notice == "deleted":
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
        countries = {c.code: c.label(lang) for c in questionnaire.profile_options("country")}
        st.selectbox(
            tr("ws.create.country"),
            list(countries),
            index=None,
            format_func=lambda code: countries.get(code, code),
            placeholder=tr("ws.create.country_none"),
            help=tr("ws.create.country_help"),
            key="ws_create_country",
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
        st.checkbox(tr("ws.pool.allow"), value=False, key="ws_create_pool")
        st.caption(tr("ws.pool.allow_note"))
        st.form_submit_button(
            tr("ws.create.submit"),
            type="primary",
            icon=":material/add:",
            on_click=create,
            args=(store,),
        )
    show_problem(shown.problem)
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
        capped = info.capacity is not None  # seats are for the room (adoption.join_token)
        if not capped:
            st.markdown(tr("ws.join_help", url=wui.escape_link(f"{base}/join")))
        if workshop.is_local(base):
            st.warning(tr("ws.local_link"), icon=":material/wifi_off:")
        if capped:
            st.info(tr("ws.capped_join"), icon=":material/qr_code_scanner:")
    with right:
        svg = workshop.qr_svg(join)
        st.image(
            svg.decode("utf-8"),
            caption=tr("ws.qr_caption_capped") if capped else tr("ws.qr_caption"),
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
    shown = flow().link_shown_for == info.code
    st.button(
        tr("ws.secret_hide" if shown else "ws.secret_show"),
        icon=":material/key:",
        key="ws_secret_toggle",
        on_click=record,
        args=(SecretToggled(info.code),),
    )
    if shown:
        st.markdown(f"**{tr('ws.secret_label')}**")
        st.code(
            workshop.facilitator_link(base, info.code, secret, current_lang()),
            language=None,
            wrap_lines=True,
        )


@st.fragment(run_every=LIVE_S)
def live_panel(code: str, secret: str) -> None:
    """The count of answers and the projector's slide, live, with the buttons that move it:
    the deck's only buttons (the projected slide has none). Full width, so that each button
    keeps its whole label on a laptop."""
    lang, questionnaire = current_lang(), appdata.questionnaire()
    try:
        store = wui.store()
        room = store.tally(code, secret)
    except StoreUnavailable:
        st.warning(tr("ws.db_unavailable"), icon=":material/cloud_off:")
        return
    except StoreError:
        st.error(tr("ws.forbidden"))
        return
    info = room.info

    asked = workshop.session_questionnaire(questionnaire, info.question_ids).questions
    total = len(asked) + 2
    slide = min(info.slide, total - 1)
    names = [tr("ws.slides.start"), *(q.label(lang) for q in asked), tr("ws.slides.end")]
    question = asked[slide - 1] if 1 <= slide <= total - 2 else None
    answered = sum(room.counts.get(question.id, {}).values()) if question else 0
    showable = answered >= workshop.MIN_GROUP

    def name(index: int) -> str:
        return f"{index}. {names[index]}" if 1 <= index <= total - 2 else names[index]

    count, now = st.columns([1, 3], gap="large", vertical_alignment="center")
    count.metric(tr("ws.count_label"), fmt_number(room.respondents, lang, 0))
    with now:
        st.markdown(f"**{tr('ws.drive.heading')}**")
        shown = name(slide)
        if question is not None:
            shown += " · " + tr("ws.drive.revealed" if info.revealed else "ws.drive.not_revealed")
        st.caption(tr("ws.drive.now", slide=shown))
        # What "next" will do: reveal the room's answer first, as the projector's keys do.
        if question is not None and not info.revealed and showable:
            st.caption(tr("ws.drive.next_reveals"))
        elif slide < total - 1:
            st.caption(tr("ws.drive.next_slide", slide=name(slide + 1)))

    def move(action: str) -> None:
        target, revealed = workshop.next_slide(
            action, slide, info.revealed, total, showable=showable
        )
        try:
            store.set_slide(code, secret, target, revealed)
        except StoreError:
            apply(Refused(Problem("ws.db_unavailable")))

    wui.slide_buttons("ws_drive", slide, total, info.revealed, move, reveal=question is not None)
    st.caption(tr("ws.drive.help"))


def room_report(store: WorkshopStore, info: SessionInfo, secret: str) -> bytes:
    """The room report PDF, in the session's language, read from the tally at click; each
    question set against the same figure as on the projector (for the room's population)."""
    questionnaire = appdata.questionnaire()
    room = store.tally(info.code, secret)
    minimum = workshop.MIN_GROUP
    population = workshop.room_population(
        questionnaire, info.country, room.profiles, min_group=minimum
    )
    items = workshop.room_questions_from_counts(
        appdata.dataset(),
        questionnaire,
        room.counts,
        info.lang,
        info.question_ids,
        min_group=minimum,
        room=population,
    )
    pillars = workshop.room_pillars_from_means(
        questionnaire, room.pillars, room.scored, info.question_ids, min_group=minimum
    )
    return build_room_pdf(
        info.title,
        info.code,
        room.respondents,
        items,
        pillars,
        info.lang,
        min_group=minimum,
        peers=pool_ui.room_peers(store, info, secret),
    )


def export_files(store: WorkshopStore, info: SessionInfo, secret: str) -> None:
    lang = current_lang()
    ids = list(info.question_ids) or list(appdata.questionnaire().ids)
    # The facilitator's browser's time zone (None in tests and some browsers: then UTC,
    # and the export's headers say so).
    browser_zone = st.context.timezone
    zone, _ = export_zone(browser_zone)
    stamp = datetime.now(zone).strftime("%Y%m%d-%H%M")
    stem = f"{'atelier' if lang == 'fr' else 'workshop'}-{info.code}-{stamp}"

    st.header(tr("ws.export_heading"))
    # Read the answers now rather than on click: a download that fails on click shows
    # the user nothing, while an error here is explained on the page.
    try:
        export = room_export(
            store.room_answers(info.code, secret),
            appdata.questionnaire(),
            ids,
            info.lang,
            browser_zone,
        )
    except StoreUnavailable as error:
        wui.db_error(error, details=True)
        return
    except StoreError:
        st.error(tr("ws.forbidden"))
        return

    st.download_button(
        tr("ws.report_pdf"),
        data=lambda: room_report(store, info, secret),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=tr("ws.report_help", min=workshop.MIN_GROUP),
        key="ws_report_pdf",
        type="primary",
    )
    data_files(export, stem, lang)


def data_files(export: RoomExport, stem: str, lang: str) -> None:
    """The answers as CSV (French Excel splits columns on ";", English Excel on ",") and
    Parquet, and the codebook behind their headers and answers, in the CSV's format."""
    files = (
        ("csv", tr("ws.export_csv"), tr("ws.export_help"), ".csv", "text/csv",
         ":material/download:", lambda: to_csv_bytes(export.answers, lang=lang)),
        ("parquet", tr("ws.export_parquet"), tr("ws.export_help"), ".parquet",
         "application/vnd.apache.parquet", ":material/download:",
         lambda: to_parquet_bytes(export.answers)),
        ("codebook", tr("ws.export_codebook"), tr("ws.export_codebook_help"), "-codes.csv",
         "text/csv", ":material/list_alt:", lambda: to_csv_bytes(export.codebook, lang=lang)),
    )  # fmt: skip
    for column, (name, label, help_text, suffix, mime, icon, data) in zip(
        st.columns(len(files)), files, strict=True
    ):
        column.download_button(
            label,
            data=data,
            file_name=f"{stem}{suffix}",
            mime=mime,
            on_click="ignore",
            icon=icon,
            help=help_text,
            key=f"ws_export_{name}",
            width="stretch",
        )


def notices(info: SessionInfo) -> None:
    """What the last action led to, once."""
    shown = flow()
    apply(Shown())
    if shown.notice_about(info.code) == "created":
        st.success(tr("ws.created"), icon=":material/check_circle:")
    if shown.notice_about(info.code) == "closed":
        st.success(tr("ws.closed_done"), icon=":material/lock:")
    show_problem(shown.problem)


def actions(store: WorkshopStore, info: SessionInfo, secret: str) -> None:
    """The presenter view (its link holds a presenter token, never the key), the
    participant limit and closing the session."""
    try:
        view = store.presenter_token(info.code, secret)
    except StoreError:
        st.warning(tr("ws.db_unavailable"), icon=":material/cloud_off:")
    else:
        st.link_button(
            tr("ws.presenter_open"),
            workshop.presenter_link(wui.base_url(), info.code, view, current_lang()),
            type="primary",
            icon=":material/co_present:",
            help=tr("ws.presenter_help"),
        )
    if not info.is_open:
        st.info(tr("ws.closed_done"), icon=":material/lock:")
        return
    with st.form("ws_capacity_form", border=False):
        capacity_input("ws_capacity", info.capacity or 0)
        st.form_submit_button(
            tr("ws.capacity_set"), on_click=set_capacity, args=(store, info.code, secret)
        )
    st.button(
        tr("ws.close"),
        help=tr("ws.close_help"),
        icon=":material/lock:",
        key="ws_close",
        on_click=close_session,
        args=(store, info.code, secret),
    )


def delete_buttons(store: WorkshopStore, info: SessionInfo, secret: str, count: int) -> None:
    """Delete, which asks first."""
    if flow().confirm_delete != info.code:
        st.button(
            tr("ws.delete"),
            icon=":material/delete:",
            key="ws_delete",
            on_click=record,
            args=(DeleteAsked(info.code),),
        )
        return
    st.warning(trn("ws.delete_confirm", count), icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(
        tr("ws.delete_yes"),
        type="primary",
        icon=":material/delete_forever:",
        key="ws_delete_yes",
        on_click=delete_session,
        args=(store, info.code, secret),
    )
    no.button(
        tr("ws.delete_cancel"), key="ws_delete_cancel", on_click=record, args=(DeleteCancelled(),)
    )


def room_country(info: SessionInfo) -> str:
    """The room's country as set at creation, named in the page's language."""
    if info.country is None:
        return tr("ws.country_none")
    names = {
        c.code: c.label(current_lang()) for c in appdata.questionnaire().profile_options("country")
    }
    return tr("ws.country_now", country=names.get(info.country, info.country))


def refuse_session(code: str) -> None:
    """One message and nothing of the session; a key that opens nothing is forgotten, by
    this session and by the browser."""
    if code:
        known_keys().pop(code, None)
        key_keeper(code, forget=True)
    st.error(tr("ws.forbidden"), icon=":material/block:")
    st.button(tr("ws.new_session"), on_click=leave_session, icon=":material/add:")


def manage(store: WorkshopStore, code: str) -> None:
    """The management panel of the session ``code``, for the browser that holds its key:
    from this Streamlit session, else from the browser's storage, which the keeper asks
    (the page waits for its answer; "" when it holds none)."""
    try:
        code = normalize_code(code)
    except StoreError:
        refuse_session("")
        return
    secret = known_keys().get(code) or ""
    asked = not secret
    if asked:
        found = key_keeper(code)
        if found is None:
            st.caption(tr("ws.key_looking"))
            return
        if not found:
            st.info(tr("ws.key_missing"), icon=":material/key:")
            st.button(tr("ws.new_session"), on_click=leave_session, icon=":material/add:")
            return
        secret = known_keys()[code] = found
    else:
        # Kept by the browser before anything is checked: a reload during an outage
        # still finds it (a key that turns out wrong is forgotten just below).
        key_keeper(code, key=secret)
    try:
        info = store.check_secret(code, secret)
        count = store.count(info.code)
    except (UnknownSession, Forbidden, InvalidInput):
        refuse_session(code)
        return
    except StoreUnavailable as error:
        wui.stop_unavailable(error, details=True)
    notices(info)
    st.header(wui.title(info.title), anchor=False)
    status = tr("ws.status.open" if info.is_open else "ws.status.closed")
    st.badge(status, color="green" if info.is_open else "gray")
    join_panel(info, secret)

    st.divider()
    st.subheader(tr("ws.manage.heading"))
    live_panel(info.code, secret)
    about, buttons = st.columns([1, 2], gap="large")
    about.caption(
        tr("ws.capacity_now", cap=info.capacity)
        if info.capacity is not None
        else tr("ws.capacity_none")
    )
    about.caption(room_country(info))
    with buttons:
        actions(store, info, secret)
    pool_switch(store, info, secret)  # full width: its label is a sentence
    st.divider()
    export_files(store, info, secret)
    delete_buttons(store, info, secret, count)
    st.caption(tr("ws.retention", days=workshop.retention_days()))
