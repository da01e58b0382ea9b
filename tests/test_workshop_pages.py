"""The Workshop pages through app.py with Streamlit's AppTest, on a temporary SQLite file.

Facilitator (create, manage, close, delete), participant (join, send, change, refused after
close, database failure) and presenter (key required, minimum group). Every test gets a
fresh database and fresh Streamlit caches, so the store is opened again on the new URL.
"""

from __future__ import annotations

import html
import json
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

import fixtures
from adoption.benchmark import Profile
from adoption.i18n import t, tn
from adoption.join_flow import RETRY_S, Device, JoinFlow, draft_from_json
from adoption.store import (
    TITLE_MAX,
    CreatedSession,
    SessionFull,
    StoreUnavailable,
    UnknownSession,
    WorkshopStore,
    dispose_all,
    make_engine,
)
from adoption.store.validation import hash_secret
from adoption.urlstate import State
from adoption.view_token import ViewToken, make_view_token
from adoption.workshop import MIN_GROUP
from adoption_ui.join_page import KEY as JOIN_KEY
from apptest import facilitator_key
from conftest import PG_URL, hold_lock, pg_schema

APP = str(Path(__file__).resolve().parents[1] / "app.py")
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/x"
ROOM = [{"q_genai": "yes"}] * 3 + [{"q_genai": "no"}] * 2
QUESTIONNAIRE = fixtures.questionnaire()
QUESTIONS = QUESTIONNAIRE.questions


@pytest.fixture
def session(store: WorkshopStore) -> CreatedSession:
    return store.create_session("Club des dirigeants", "en")


def open_page(
    page: str,
    secrets: dict[str, object] | None = None,
    device: str | None = None,
    draft: dict[str, object] | None = None,
    **params: str,
) -> AppTest:
    """``page`` through app.py with ``params`` in the URL; ``device`` stands for the token a
    browser keeps (AppTest runs no script, so the page otherwise makes one per session),
    ``draft`` for the answers that browser kept for the session ``code`` (with ``device``)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(secrets or {})
    if device is not None:
        # What the page knows once the browser has reported (see adoption_ui.workshop_ui).
        kept = draft_from_json(json.dumps(draft), QUESTIONNAIRE) if draft is not None else None
        at.session_state[JOIN_KEY] = JoinFlow(
            Device(provisional=device, reported=device),
            code=params.get("code", ""),
            kept=kept,
            kept_reported=True,
        )
    for key, value in {"lang": "en", **params}.items():
        at.query_params[key] = value
    at.switch_page(page)  # the page as the session's first request, as a shared link opens
    return at.run()


def param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def private_key(at: AppTest) -> str:
    """The facilitator key the page holds for the session in its URL (never in the URL)."""
    return facilitator_key(at, str(param(at, "code")))


def everything(at: AppTest) -> str:
    """Every element's protobuf as text: what the browser would receive."""
    return "\n".join(str(node.proto) for node in at._tree if getattr(node, "proto", None))


def without_keeper(at: AppTest) -> str:
    """What the page sends but the facilitator key's keeper, which hands it to the
    browser's storage (and draws nothing)."""
    return "\n".join(
        str(node.proto)
        for node in at._tree
        if getattr(node, "proto", None) and "adoption_facilitator_key" not in str(node.proto)
    )


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def submit(store: WorkshopStore, code: str, answers: list[dict[str, str]]) -> None:
    for answer in answers:
        store.submit(code, secrets.token_urlsafe(16), answer)


def no_raw_html(at: AppTest) -> None:
    assert all(not m.proto.allow_html for m in at.markdown), "unsafe_allow_html used"
    assert all("<script" not in h.proto.body.lower() for h in at.get("html"))


# --------------------------------------------------------------------------- facilitator


def test_facilitator_creates_a_session(store: WorkshopStore) -> None:
    at = open_page("pages/workshop.py")
    assert not at.exception
    at.text_input(key="ws_create_title").set_value("Club des dirigeants")
    at.button[0].click().run()
    assert not at.exception
    code, key = param(at, "code"), private_key(at)
    assert code and key
    assert param(at, "lang") == "en", "app.py keeps lang next to code and key"
    info = store.check_secret(code, key)
    assert info.title == "Club des dirigeants"
    assert info.is_open and info.lang == "en" and info.question_ids == ()
    assert at.success[0].value == t("ws.created", "en")
    links = [c.value for c in at.code]
    join = next(link for link in links if "/join?" in link)
    assert f"code={code}" in join and key not in join
    assert not any(key in link for link in links), "the private link waits until asked for"
    assert param(at, "key") is None, "the key never reaches the address bar"
    assert key not in without_keeper(at), "only the browser's key keeper gets it"
    at.button(key="ws_secret_toggle").click().run()
    links = [c.value for c in at.code]
    assert any(f"key={key}" in link and "/workshop?" in link for link in links)
    at.button(key="ws_secret_toggle").click().run()
    assert not any(key in c.value for c in at.code), "and hides again"
    assert at.metric[0].value == "0"
    assert at.get("image"), "the QR code is shown"
    no_raw_html(at)


def test_facilitator_picks_language_and_questions(store: WorkshopStore) -> None:
    at = open_page("pages/workshop.py", lang="fr")
    at.text_input(key="ws_create_title").set_value("Atelier")
    at.selectbox(key="ws_create_lang").set_value("en")
    at.multiselect(key="ws_create_questions").set_value(["q_strategy", "q_genai"])
    at.button[0].click().run()
    info = store.check_secret(param(at, "code"), private_key(at))
    assert info.lang == "en"
    assert set(info.question_ids) == {"q_strategy", "q_genai"}


def test_facilitator_caps_the_session_and_the_projector_says_what_it_refused(
    store: WorkshopStore,
) -> None:
    at = open_page("pages/workshop.py")
    at.text_input(key="ws_create_title").set_value("Capped room")
    at.number_input(key="ws_create_capacity").set_value(5)
    at.button[0].click().run()
    code, key = param(at, "code"), private_key(at)
    assert store.check_secret(code, key).capacity == 5
    assert not at.exception
    assert [w.icon for w in at.warning] == [":material/wifi_off:", ":material/lock:"]
    # The seats of a capped session are for the devices that scanned the projected code.
    for answer in ROOM:
        phone = secrets.token_urlsafe(16)
        assert store.admit(code, phone, store.join_token(code, key))
        store.submit(code, phone, answer)
    with pytest.raises(SessionFull):
        store.submit(code, secrets.token_urlsafe(16), {"q_genai": "yes"})
    store.add_refusals(code, throttled=3)
    screen = open_page("pages/presenter.py", code=code, key=key)
    notes = html_text(screen)
    assert tn("ws.pres.capped", 1, "en", cap=5) in notes
    assert tn("ws.pres.throttled", 3, "en") in notes

    at.number_input(key="ws_capacity").set_value(0)
    next(b for b in at.button if b.label == t("ws.capacity_set", "en")).click().run()
    assert not at.exception
    assert store.check_secret(code, key).capacity is None


def test_the_room_country_is_each_participant_default_and_stored_with_the_answers(
    store: WorkshopStore,
) -> None:
    at = open_page("pages/workshop.py", lang="fr")
    at.text_input(key="ws_create_title").set_value("Stammtisch")
    at.selectbox(key="ws_create_country").set_value("DE")
    at.button[0].click().run()
    code, key = param(at, "code"), private_key(at)
    assert store.check_secret(code, key).country == "DE"
    assert t("ws.country_now", "fr", country="Allemagne") in [c.value for c in at.caption]

    phone = open_page("pages/join.py", device=secrets.token_urlsafe(16), code=code)
    assert not phone.exception
    assert phone.selectbox(key=f"wsj_{code}_country").value == "DE"
    phone.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
    send_button(phone, code).click().run()
    assert store.room_answers(code, key)[0].profile == {"country": "DE"}

    elsewhere = open_page("pages/join.py", device=secrets.token_urlsafe(16), code=code)
    elsewhere.selectbox(key=f"wsj_{code}_country").set_value("AT")
    elsewhere.segmented_control(key=f"wsj_{code}_q_genai").set_value("no")
    send_button(elsewhere, code).click().run()
    assert store.room_answers(code, key)[1].profile == {"country": "AT"}, "theirs, not the room's"


@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_is_refused(store: WorkshopStore, title: str) -> None:
    at = open_page("pages/workshop.py")
    at.text_input(key="ws_create_title").set_value(title)
    at.button[0].click().run()
    assert not at.exception
    assert errors(at) == [t("ws.create.title_missing", "en")]
    assert param(at, "code") is None


def test_an_oversized_title_is_cut_to_the_limit(store: WorkshopStore) -> None:
    at = open_page("pages/workshop.py")
    at.text_input(key="ws_create_title").set_value("x" * (TITLE_MAX + 5000))
    at.button[0].click().run()
    assert not at.exception
    info = store.check_secret(param(at, "code"), private_key(at))
    assert info.title == "x" * TITLE_MAX  # the widget's max_chars, the store's limit


@pytest.mark.parametrize("title", ["a\x00b", "line\u2028break", "tab\x07bell"])
def test_a_title_with_control_characters_is_refused(store: WorkshopStore, title: str) -> None:
    at = open_page("pages/workshop.py")
    at.text_input(key="ws_create_title").set_value(title)
    at.button[0].click().run()
    assert not at.exception
    assert errors(at) == [t("ws.create.title_invalid", "en", max=TITLE_MAX)]
    assert param(at, "code") is None


SCRIPT_TITLE = "<script>alert(1)</script> [x](javascript:alert(1)) :red[boo] **b**"


@pytest.mark.parametrize("page", ["pages/workshop.py", "pages/join.py", "pages/presenter.py"])
def test_a_script_title_is_shown_escaped(store: WorkshopStore, page: str) -> None:
    created = store.create_session(SCRIPT_TITLE, "en")
    params = {"code": created.info.code}
    if page != "pages/join.py":
        params["key"] = created.secret
    at = open_page(page, **params)
    assert not at.exception
    no_raw_html(at)
    if page == "pages/presenter.py":  # the slides are HTML: the title is HTML-escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text(at)
        return
    shown = [h.value for h in at.header] + [h.value for h in at.title]
    escaped = next(v for v in shown if "script" in v)
    assert "\\<script\\>" in escaped and "\\[x\\]\\(javascript\\:" in escaped
    assert "\\:red\\[boo\\]" in escaped and "\\*\\*b\\*\\*" in escaped


@pytest.mark.parametrize(
    "params",
    [{"code": "SESSION"}, {"code": "SESSION", "key": "forged"}, {"code": "SESSION", "key": ""},
     {"code": "SESSION", "key": "OTHER"}, {"key": "SECRET"}, {"code": "<script>", "key": "x" * 5000}],
    ids=["missing-key", "forged-key", "empty-key", "other-sessions-key", "missing-code", "garbage"],
)  # fmt: skip
@pytest.mark.parametrize("page", ["pages/workshop.py", "pages/presenter.py"])
def test_facilitator_pages_refuse_a_missing_or_forged_key(
    store: WorkshopStore, session: CreatedSession, page: str, params: dict[str, str]
) -> None:
    other = store.create_session("Other", "en")
    submit(store, session.info.code, ROOM)
    values = {
        "SESSION": session.info.code,
        "SECRET": session.secret,
        "OTHER": other.secret,
    }
    at = open_page(page, **{k: values.get(v, v) for k, v in params.items()})
    assert not at.exception
    assert param(at, "key") is None, "a key, even a wrong one, leaves the address bar"
    if not params.get("key") and page == "pages/workshop.py":
        # No key in the link: the page asks the browser's storage (which AppTest lacks).
        assert errors(at) == []
        assert [c.value for c in at.caption] == [t("ws.key_looking", "en")]
    elif not params.get("key"):  # a presenter link without its token
        assert errors(at) == [t("ws.pres.refused", "en")]
    else:
        assert errors(at) == [t("ws.forbidden", "en")]
    text = everything(at)
    assert "Club des dirigeants" not in text
    assert session.secret not in text
    assert not at.metric and not at.get("download_button")


def test_management_panel_counts_closes_and_deletes(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    submit(store, code, ROOM)
    at = open_page("pages/workshop.py", code=code, key=session.secret)
    assert not at.exception
    assert at.metric[0].value == "5"
    # QR SVG and PNG, room report, answers CSV and Parquet, their codebook
    assert len(at.get("download_button")) == 6

    # The facilitator drives the projector from here: the state is the session's.
    at.button(key="ws_drive_next").click().run()
    assert (store.get_session(code).slide, store.get_session(code).revealed) == (1, False)
    at.button(key="ws_drive_reveal").click().run()
    assert store.get_session(code).revealed
    at.button(key="ws_drive_next").click().run()
    assert (store.get_session(code).slide, store.get_session(code).revealed) == (2, False)
    at.button(key="ws_drive_prev").click().run()
    assert store.get_session(code).slide == 1

    close = next(b for b in at.button if b.label == t("ws.close", "en"))
    close.click().run()
    assert not at.exception
    assert not store.get_session(code).is_open
    assert any(s.value == t("ws.closed_done", "en") for s in at.success)

    delete = next(b for b in at.button if b.label == t("ws.delete", "en"))
    delete.click().run()
    assert at.warning[-1].value == tn("ws.delete_confirm", 5, "en")
    store.get_session(code)  # nothing deleted before the confirmation
    yes = next(b for b in at.button if b.label == t("ws.delete_yes", "en"))
    yes.click().run()
    assert not at.exception
    with pytest.raises(UnknownSession):
        store.get_session(code)
    assert param(at, "code") is None and param(at, "key") is None
    assert any(s.value == t("ws.deleted", "en") for s in at.success)


def test_an_export_the_database_cannot_serve_is_explained(
    store: WorkshopStore, session: CreatedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = session.info.code
    submit(store, code, ROOM)

    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreUnavailable("The workshop database cannot be reached (test)")

    with monkeypatch.context() as patch:
        patch.setattr(WorkshopStore, "room_answers", down)
        at = open_page("pages/workshop.py", code=code, key=session.secret)
    assert not at.exception
    assert errors(at), "the page must say why the export is not offered"
    assert len(at.get("download_button")) == 2  # the QR codes only, no broken export


def test_delete_can_be_cancelled(store: WorkshopStore, session: CreatedSession) -> None:
    at = open_page("pages/workshop.py", code=session.info.code, key=session.secret)
    next(b for b in at.button if b.label == t("ws.delete", "en")).click().run()
    next(b for b in at.button if b.label == t("ws.delete_cancel", "en")).click().run()
    assert not at.exception
    assert store.get_session(session.info.code).is_open
    assert any(b.label == t("ws.delete", "en") for b in at.button)


# --------------------------------------------------------------------------- participant


def device_of(at: AppTest) -> str:
    """The device token the join page used (the one it made: AppTest runs no browser)."""
    flow = at.session_state[JOIN_KEY]
    assert isinstance(flow, JoinFlow)
    return flow.device.token


def send_button(at: AppTest, code: str):  # type: ignore[no-untyped-def]
    return at.button(key=f"wsj_{code}_send")


def test_join_without_a_code_asks_for_it(store: WorkshopStore, session: CreatedSession) -> None:
    at = open_page("pages/join.py")
    assert not at.exception and not at.error
    code = session.info.code
    at.text_input(key="ws_join_typed").set_value(f" {code[:3].lower()}-{code[3:]} ")
    at.button[0].click().run()
    assert not at.exception
    assert param(at, "code") == code
    assert at.header[0].value == "Club des dirigeants"


@pytest.mark.parametrize("code", ["QQQQQQ", "nope", "<script>alert(1)</script>", "A" * 5000])
def test_join_with_an_unknown_code_says_so(store: WorkshopStore, code: str) -> None:
    at = open_page("pages/join.py", code=code)
    assert not at.exception
    assert errors(at) == [t("ws.join.unknown", "en", days=30)]
    assert at.text_input(key="ws_join_typed"), "the code can be typed again"
    no_raw_html(at)


def test_join_a_closed_session_says_so(store: WorkshopStore, session: CreatedSession) -> None:
    store.close(session.info.code, session.secret)
    at = open_page("pages/join.py", code=session.info.code)
    assert not at.exception
    assert at.warning[0].value == t("ws.join.closed", "en")
    assert not at.get("segmented_control")[1:], "no questionnaire on a closed session"


def test_participant_sends_changes_and_sees_the_result(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    token = secrets.token_urlsafe(16)
    at = open_page("pages/join.py", device=token, code=code, key=session.secret, p="old-link-id")
    assert not at.exception
    assert param(at, "key") is None, "a facilitator key is dropped from a participant URL"
    assert param(at, "p") is None, "no identity in the URL"
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
    at.selectbox(key=f"wsj_{code}_size").set_value("20-49")
    send_button(at, code).click().run()
    assert not at.exception
    assert at.success[-1].value == t("ws.join.sent", "en")
    saved = store.get_submission(code, token)
    assert saved is not None
    assert saved.answers == {"q_genai": "yes"}
    assert saved.profile == {"size_class": "20-49"}
    assert t("ws.join.result", "en") in [h.value for h in at.header]
    # No country given: the figures on generative AI are references, a toggle away.
    assert not any("generative AI" in m.value for m in at.markdown)
    at.toggle(key="bench_references").set_value(True).run()
    assert any("generative AI" in m.value for m in at.markdown)
    assert session.secret not in everything(at)

    # Someone who opens the same link elsewhere (forwarded, or seen on a shared screen)
    # is a new participant: nothing of this one's answers.
    stranger = open_page("pages/join.py", code=code)
    assert stranger.segmented_control(key=f"wsj_{code}_q_genai").value is None
    assert not stranger.success and "Your result" not in everything(stranger)

    # A reload on the same device (new Streamlit session) finds the saved answers again.
    again = open_page("pages/join.py", device=token, code=code)
    assert not again.exception
    assert again.success[0].value == t("ws.join.already", "en")
    assert again.segmented_control(key=f"wsj_{code}_q_genai").value == "yes"
    again.segmented_control(key=f"wsj_{code}_q_genai").set_value("no")
    send_button(again, code).click().run()
    assert store.get_submission(code, token).answers == {"q_genai": "no"}
    assert store.count(code) == 1, "a change updates the same answer, never a second one"


def test_a_tap_is_kept_as_a_draft_not_sent(store: WorkshopStore, session: CreatedSession) -> None:
    """An answer changed without Send reaches nobody: it is the page's draft, which the
    browser keeps (see test_workshop_browser), until Send stores it."""
    code = session.info.code
    at = open_page("pages/join.py", code=code)
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes").run()
    assert not at.exception
    flow = at.session_state[JOIN_KEY]
    assert flow.draft.answers == {"q_genai": "yes"}
    assert flow.unsent and flow.phase == "answering"
    assert store.count(code) == 0
    send_button(at, code).click().run()
    flow = at.session_state[JOIN_KEY]
    assert flow.phase == "sent" and not flow.unsent
    assert store.count(code) == 1


@pytest.mark.parametrize(("agency", "counted"), [("yes", True), ("no", False), (None, False)])
def test_the_conditional_question_is_asked_only_when_it_applies(
    store: WorkshopStore, session: CreatedSession, agency: str | None, counted: bool
) -> None:
    """The satisfaction question appears once "Yes" is tapped for the agency question; an
    answer given before the agency answer changed is not kept."""
    code = session.info.code
    token = secrets.token_urlsafe(16)
    at = open_page("pages/join.py", device=token, code=code)
    satisfaction = f"wsj_{code}_q_satisfaction"
    assert not [c for c in at.get("segmented_control") if c.key == satisfaction]
    at.segmented_control(key=f"wsj_{code}_q_agency").set_value("yes").run()
    at.segmented_control(key=satisfaction).set_value("2").run()
    if agency != "yes":
        at.segmented_control(key=f"wsj_{code}_q_agency").set_value(agency).run()
        assert not [c for c in at.get("segmented_control") if c.key == satisfaction]
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
    send_button(at, code).click().run()
    assert not at.exception
    saved = store.get_submission(code, token).answers
    assert ("q_satisfaction" in saved) is counted
    assert saved.get("q_agency") == agency


def test_a_session_without_the_condition_never_asks_the_conditional_question(
    store: WorkshopStore,
) -> None:
    created = store.create_session("Sans agence", "en", ["q_genai", "q_satisfaction"])
    at = open_page("pages/join.py", code=created.info.code)
    keys = {c.key for c in at.get("segmented_control") if c.key and c.key.startswith("wsj_")}
    assert keys == {f"wsj_{created.info.code}_q_genai"}, "its answer could never count"


def test_a_draft_that_differs_from_the_saved_answers_says_so(
    store: WorkshopStore, session: CreatedSession
) -> None:
    """A phone reloads with answers changed but not sent: the form holds them, and the page
    says they are not the saved ones (the result below is still the saved answers')."""
    code = session.info.code
    token = secrets.token_urlsafe(16)
    store.submit(code, token, {"q_genai": "yes"}, {"size_class": "20-49"})
    same = open_page(
        "pages/join.py",
        device=token,
        draft={"answers": {"q_genai": "yes"}, "profile": {"size_class": "20-49"}},
        code=code,
    )
    assert t("ws.join.unsent", "en") not in [c.value for c in same.caption]
    changed = open_page(
        "pages/join.py",
        device=token,
        draft={"answers": {"q_genai": "no"}, "profile": {"size_class": "20-49"}},
        code=code,
    )
    assert not changed.exception
    assert changed.success[0].value == t("ws.join.already", "en")
    assert t("ws.join.unsent", "en") in [c.value for c in changed.caption]
    assert changed.segmented_control(key=f"wsj_{code}_q_genai").value == "no"
    assert store.get_submission(code, token).answers == {"q_genai": "yes"}


def test_a_subset_session_asks_only_its_questions(store: WorkshopStore) -> None:
    created = store.create_session("Court", "en", ["q_strategy", "q_genai"])
    at = open_page("pages/join.py", code=created.info.code)
    keys = {c.key for c in at.get("segmented_control") if c.key and c.key.startswith("wsj_")}
    assert keys == {f"wsj_{created.info.code}_q_genai", f"wsj_{created.info.code}_q_strategy"}


def test_sending_nothing_asks_for_an_answer(store: WorkshopStore, session: CreatedSession) -> None:
    at = open_page("pages/join.py", code=session.info.code)
    send_button(at, session.info.code).click().run()
    assert at.warning[-1].value == t("ws.join.need_answer", "en")
    assert store.count(session.info.code) == 0


def test_a_send_replayed_after_close_is_refused(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    at = open_page("pages/join.py", code=code)
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
    send_button(at, code).click().run()
    token = device_of(at)
    assert store.get_submission(code, token).answers == {"q_genai": "yes"}

    store.close(code, session.secret)  # the facilitator closes while the page is open
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("no")
    send_button(at, code).click().run()
    assert not at.exception
    assert errors(at) == [t("ws.join.closed_on_submit", "en")]
    assert store.get_submission(code, token).answers == {"q_genai": "yes"}
    assert t("ws.join.result", "en") in [h.value for h in at.header], "the saved result stays"


def test_a_close_racing_a_send_is_reported(
    store: WorkshopStore, session: CreatedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session closes between the page's check and the store's write."""
    code = session.info.code
    at = open_page("pages/join.py", code=code)
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
    real_submit = WorkshopStore.submit

    def close_first(self: WorkshopStore, *args: object, **kwargs: object) -> object:
        store.close(code, session.secret)
        return real_submit(self, *args, **kwargs)

    monkeypatch.setattr(WorkshopStore, "submit", close_first)
    send_button(at, code).click().run()
    assert not at.exception
    assert errors(at) == [t("ws.join.closed_on_submit", "en")]
    assert store.count(code) == 0


def test_a_failed_send_is_reported_and_the_answers_kept(
    store: WorkshopStore, session: CreatedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = session.info.code
    at = open_page("pages/join.py", code=code)
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")

    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreUnavailable("The workshop database cannot be reached (test)")

    with monkeypatch.context() as patch:
        patch.setattr(WorkshopStore, "submit", down)
        send_button(at, code).click().run()
    assert not at.exception
    assert errors(at) == [t("ws.join.failed", "en")]
    assert at.segmented_control(key=f"wsj_{code}_q_genai").value == "yes"
    assert store.count(code) == 0

    send_button(at, code).click().run()  # the retry goes through
    assert at.success[-1].value == t("ws.join.sent", "en")
    assert store.count(code) == 1


def test_an_outage_keeps_every_answer_on_screen_until_it_is_stored(
    store: WorkshopStore, session: CreatedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database goes down while a participant answers: a send and a "try again" keep
    the answers in the form (taps never reach the server: the questions are a form);
    once it is back, one send stores them, once."""
    code = session.info.code
    at = open_page("pages/join.py", code=code)
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")

    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreUnavailable("The workshop database cannot be reached (db.internal:5432)")

    with monkeypatch.context() as patch:
        patch.setattr(WorkshopStore, "participant_view", down)
        patch.setattr(WorkshopStore, "submit", down)
        at.segmented_control(key=f"wsj_{code}_q_strategy").set_value("no")
        send_button(at, code).click().run()
        assert not at.exception
        assert errors(at) == [t("ws.join.failed", "en")]
        send_button(at, code).click().run()  # a second tap during the outage
        assert errors(at) == [t("ws.join.failed", "en")]
        assert "db.internal" not in everything(at), "no connection detail for participants"
        for question, answer in (("q_genai", "yes"), ("q_strategy", "no")):
            assert at.segmented_control(key=f"wsj_{code}_{question}").value == answer
    assert store.count(code) == 0

    at.run()  # the database is back
    assert not at.warning
    send_button(at, code).click().run()
    assert at.success[-1].value == t("ws.join.sent", "en")
    token = device_of(at)
    assert store.get_submission(code, token).answers == {"q_genai": "yes", "q_strategy": "no"}
    assert store.count(code) == 1


def test_a_reload_during_an_outage_sends_the_kept_answers_once_the_database_is_back(
    store: WorkshopStore, session: CreatedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The phone was trying to send when the page was reloaded, and the database is still
    down: the page says it tries again on its own, and once the database answers it shows
    the form with the kept answers and stores them, with no tap."""
    code, token = session.info.code, secrets.token_urlsafe(16)
    kept = State({"q_genai": "yes"}, Profile())

    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreUnavailable("The workshop database cannot be reached (db.internal:5432)")

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[JOIN_KEY] = JoinFlow(
        Device(provisional=token, reported=token),
        code=code,
        kept=kept,
        kept_reported=True,
        pending=True,  # what DeviceReported makes of a draft kept with "pending": true
    )
    at.query_params.update({"lang": "en", "code": code})
    at.switch_page("pages/join.py")
    with monkeypatch.context() as patch:
        patch.setattr(WorkshopStore, "participant_view", down)
        at.run()
        assert not at.exception
        assert errors(at) == [t("ws.db_unavailable", "en")]
        shown = [c.value for c in at.caption]
        assert t("ws.join.retrying", "en", s=RETRY_S) in shown
        assert not at.button, "nothing to press: it tries again by itself"
    assert store.count(code) == 0
    at.run()  # the fragment's next tick finds the database back and redraws the page
    assert not at.exception
    assert store.get_submission(code, token).answers == {"q_genai": "yes"}
    assert at.segmented_control(key=f"wsj_{code}_q_genai").value == "yes"


def test_sends_and_joins_too_fast_are_refused_and_counted(
    store: WorkshopStore, session: CreatedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adoption.store.limits import Limit, RateLimiter, RefusalTally
    from adoption_ui import workshop_ui as wui

    code = session.info.code
    monkeypatch.setattr(wui, "LIMITER", RateLimiter())
    monkeypatch.setattr(wui, "REFUSALS", RefusalTally(every_s=0))
    monkeypatch.setattr(wui, "SEND_PER_DEVICE", Limit(burst=1, per_s=0))
    at = open_page("pages/join.py", code=code)
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
    send_button(at, code).click().run()
    assert at.success[-1].value == t("ws.join.sent", "en")
    at.segmented_control(key=f"wsj_{code}_q_genai").set_value("no")
    send_button(at, code).click().run()
    assert not at.exception
    assert at.warning[-1].value == t("ws.join.throttled", "en")
    assert at.segmented_control(key=f"wsj_{code}_q_genai").value == "no", "kept in the form"
    token = device_of(at)
    assert store.get_submission(code, token).answers == {"q_genai": "yes"}

    monkeypatch.setattr(wui, "JOIN_PER_ADDRESS", Limit(burst=0, per_s=0))
    late = open_page("pages/join.py", code=code)
    assert not late.exception
    assert late.warning[0].value == t("ws.join.busy", "en")
    assert store.get_session(code).refused_throttled == 2


def test_sessions_created_too_fast_from_one_address_are_refused(
    store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script opening session after session is stopped; the title typed stays."""
    from adoption.store.limits import Limit, RateLimiter
    from adoption_ui import workshop_ui as wui

    monkeypatch.setattr(wui, "LIMITER", RateLimiter())
    monkeypatch.setattr(wui, "CREATE_PER_ADDRESS", Limit(burst=2, per_s=0))
    codes = []
    for attempt in range(3):
        at = open_page("pages/workshop.py")
        at.text_input(key="ws_create_title").set_value(f"Room {attempt}")
        at.button[0].click().run()
        assert not at.exception
        codes.append(param(at, "code"))
    assert codes[0] and codes[1] and codes[2] is None
    assert errors(at) == [t("ws.create.too_fast", "en")]
    assert at.text_input(key="ws_create_title").value == "Room 2", "nothing typed is lost"


@pytest.mark.slow  # waits out the time limit on purpose
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_frozen_database_answers_a_send_within_the_time_limit(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another client holds the write lock and never lets go: Send says so in time."""
    if backend == "sqlite":
        url = request.getfixturevalue("db_url")
        schema_cm = None
    else:
        schema_cm = pg_schema(request.getfixturevalue("pg_admin"), "test_frozen")
        name = schema_cm.__enter__()
        url = sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={name}"})
        url = url.render_as_string(hide_password=False)
        monkeypatch.setenv("ADOPTION_DATABASE_URL", url)
    engine = make_engine(url)
    try:
        shop = WorkshopStore(engine)
        shop.init_schema()
        code = shop.create_session("Frozen", "en").info.code
        at = open_page("pages/join.py", code=code)
        at.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
        release = hold_lock(engine, backend)
        started = time.monotonic()
        try:
            send_button(at, code).click().run()
        finally:
            waited = time.monotonic() - started
            release()
        assert not at.exception
        assert errors(at) == [t("ws.join.failed", "en")]
        assert at.segmented_control(key=f"wsj_{code}_q_genai").value == "yes"
        assert waited < 11, f"the participant waited {waited:.1f} s"
        print(f"frozen {backend}: told after {waited:.1f} s")
    finally:
        engine.dispose()
        dispose_all()
        if schema_cm is not None:
            schema_cm.__exit__(None, None, None)


# --------------------------------------------------------------------------- presenter


def html_text(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_the_presenter_opens_with_a_view_token_and_its_page_holds_no_key(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    view = store.presenter_token(code, session.secret)
    at = open_page("pages/presenter.py", code=code, view=view)
    assert not at.exception and not errors(at)
    assert session.info.title in html_text(at)
    assert param(at, "view") == view
    assert session.secret not in everything(at)


def test_an_old_presenter_link_swaps_its_key_for_a_view_token(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    at = open_page("pages/presenter.py", code=code, key=session.secret)
    assert not at.exception and not errors(at)
    assert param(at, "key") is None, "the key leaves the projected address bar at once"
    view = param(at, "view")
    assert view and session.secret not in view
    assert store.check_view(code, ViewToken(view)) == session.info
    assert session.secret not in everything(at)
    again = open_page("pages/presenter.py", code=code, view=view)  # a reload
    assert not again.exception and not errors(again)


@pytest.mark.parametrize("which", ["expired", "tampered", "other-session", "key-as-token"])
def test_a_bad_presenter_token_gets_one_message_and_nothing_of_the_session(
    store: WorkshopStore, session: CreatedSession, which: str
) -> None:
    code = session.info.code
    submit(store, code, ROOM)
    view = store.presenter_token(code, session.secret)
    other = store.create_session("Other", "en")
    bad = {
        "expired": make_view_token(
            hash_secret(session.secret), code, datetime.now(UTC) - timedelta(hours=26)
        ),
        "tampered": view[:-1] + ("x" if view[-1] != "x" else "y"),
        "other-session": store.presenter_token(other.info.code, other.secret),
        "key-as-token": session.secret,
    }[which]
    at = open_page("pages/presenter.py", code=code, view=bad)
    assert not at.exception
    assert errors(at) == [t("ws.pres.refused", "en")]
    assert session.info.title not in everything(at) and not at.get("html")[1:]
    fr = open_page("pages/presenter.py", code=code, view=bad, lang="fr")
    assert errors(fr) == [t("ws.pres.refused", "fr")]


def test_presenter_waits_for_the_minimum_group(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    submit(store, code, ROOM[: MIN_GROUP - 1])
    at = open_page("pages/presenter.py", code=code, key=session.secret)
    assert not at.exception
    assert f">{MIN_GROUP - 1}<" in html_text(at), "the join slide counts the room"
    store.set_slide(code, session.secret, 1, True)  # revealed, but too few answered
    at.run()
    body = html_text(at)
    assert tn("ws.slides.too_few", 1, "en") in body
    assert ">75%<" not in body, "the room's share (3 of 4) waits for the minimum"
    assert ">31%<" in body, "the published figure does not wait"
    store.set_slide(code, session.secret, len(QUESTIONS) + 1, False)  # the closing slide
    at.run()
    body = html_text(at)
    assert t("ws.slides.closing", "en") in body
    assert t("ws.pres.overall_label", "en") not in body, "no averages below the minimum"
    assert f">{MIN_GROUP - 1}<" in body, "the closing slide says how many took part"


def test_presenter_shows_the_room_against_the_figures(
    store: WorkshopStore, session: CreatedSession
) -> None:
    code = session.info.code
    submit(store, code, ROOM)
    at = open_page("pages/presenter.py", code=code, key=session.secret)
    assert not at.exception
    assert ">5<" in html_text(at)  # the count, on the join slide
    assert "role='img'" in html_text(at) or 'role="img"' in html_text(at), "the QR code"
    assert not at.get("button"), "nothing on the projector is a button"
    store.set_slide(code, session.secret, 1, False)  # the first question, not revealed yet
    at.run()
    body = html_text(at)
    assert t("ws.slides.position", "en", i=1, total=len(QUESTIONS)) in body
    assert html.escape(t("ws.slides.hidden", "en")) in body and "60%" not in body
    assert ">31%<" in body, "the published figure shows before the reveal"
    store.set_slide(code, session.secret, 1, True)
    at.run()
    body = html_text(at)
    assert ">60%<" in body and ">31%<" in body  # room vs the OECD survey's 31 %
    assert "SMEs in the OECD survey&#x27;s 7 countries" in body or (
        "SMEs in the OECD survey's 7 countries" in body
    )
    # Nobody gave a country and the session has none: a reference, and the slide says why.
    assert html.escape(t("ws.room.reason.country_unknown", "en")) in body
    assert session.secret not in html_text(at)
    assert not at.get("button")


def test_presenter_closes_with_the_room_pillar_averages(
    store: WorkshopStore, session: CreatedSession
) -> None:
    from adoption.workshop import participant_scores

    code = session.info.code
    for answers in ROOM:
        store.submit(
            code,
            secrets.token_urlsafe(16),
            answers,
            scores=participant_scores(QUESTIONNAIRE, answers),
        )
    store.set_slide(code, session.secret, len(QUESTIONS) + 1, False)
    at = open_page("pages/presenter.py", code=code, key=session.secret)
    assert not at.exception
    body = html_text(at)
    assert t("bench.pillar.use", "en") in body and t("ws.pres.overall_label", "en") in body


def test_answers_stored_without_scores_reach_the_closing_averages(
    store: WorkshopStore, session: CreatedSession
) -> None:
    """Answers an older version stored without scores (as ``submit`` above does) are
    scored when the app first opens the database, so the closing slide averages them."""
    code = session.info.code
    submit(store, code, ROOM)
    assert store.tally(code, session.secret).scored == 0
    store.set_slide(code, session.secret, len(QUESTIONS) + 1, False)
    at = open_page("pages/presenter.py", code=code, key=session.secret)
    assert not at.exception
    assert store.tally(code, session.secret).scored == len(ROOM)
    body = html_text(at)
    assert t("bench.pillar.use", "en") in body and t("ws.pres.overall_label", "en") in body


def test_presenter_says_when_the_session_is_closed(
    store: WorkshopStore, session: CreatedSession
) -> None:
    store.close(session.info.code, session.secret)
    at = open_page("pages/presenter.py", code=session.info.code, key=session.secret)
    assert not at.exception
    assert t("ws.pres.closed", "en") in html_text(at)


# --------------------------------------------------------------------------- database down


@pytest.mark.parametrize(
    ("page", "params"),
    [("pages/workshop.py", {}), ("pages/workshop.py", {"code": "K7MQ4P", "key": "x"}),
     ("pages/join.py", {"code": "K7MQ4P"}), ("pages/presenter.py", {"code": "K7MQ4P", "key": "x"})],
    ids=["create", "manage", "join", "presenter"],
)  # fmt: skip
def test_an_unreachable_database_gives_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, page: str, params: dict[str, str]
) -> None:
    monkeypatch.setenv("ADOPTION_DATABASE_URL", UNREACHABLE)
    st.cache_resource.clear()
    at = open_page(page, **params)
    assert not at.exception
    assert errors(at) == [t("ws.db_unavailable", "en")]
    assert "127.0.0.1" not in everything(at), "no page shows the database's address"
    assert "postgres" not in everything(at).lower()
    assert param(at, "key") is None, "a key leaves the address bar even when the store is down"
    home = open_page("pages/home.py")
    assert not home.exception and home.title[0].value == t("home.title", "en")
    st.cache_resource.clear()


@pytest.mark.parametrize("page", ["pages/workshop.py", "pages/presenter.py"])
def test_a_key_opened_during_an_outage_is_kept_out_of_sight_until_the_store_answers(
    store: WorkshopStore,
    session: CreatedSession,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    page: str,
) -> None:
    code = session.info.code
    monkeypatch.setenv("ADOPTION_DATABASE_URL", UNREACHABLE)
    st.cache_resource.clear()
    at = open_page(page, code=code, key=session.secret)
    assert errors(at) == [t("ws.db_unavailable", "en")]
    assert param(at, "key") is None
    monkeypatch.setenv("ADOPTION_DATABASE_URL", db_url)
    next(b for b in at.button if b.label == t("ws.retry", "en")).click().run()
    assert not at.exception and not errors(at)
    assert session.secret not in without_keeper(at)
    if page == "pages/presenter.py":
        view = param(at, "view")
        assert view and store.check_view(code, ViewToken(view)) == session.info
        assert session.info.title in html_text(at)
    else:
        assert at.metric[0].value == "0", "the panel, from the key this session kept"


def test_a_database_url_from_the_environment_wins(db_url: str, monkeypatch) -> None:
    from adoption_ui import workshop_ui as wui

    assert wui.database_url() == db_url
    monkeypatch.delenv("ADOPTION_DATABASE_URL")
    assert wui.database_url().startswith("sqlite:///")  # no secrets file here: the default


# --------------------------------------------------------------------------- secrets


def _secrets_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> tuple[str, CreatedSession]:
    """A session in its own SQLite file, with no URL in the environment."""
    monkeypatch.delenv("ADOPTION_DATABASE_URL", raising=False)
    st.cache_resource.clear()
    path = tmp_path / name
    engine = make_engine(f"sqlite:///{path}")
    shop = WorkshopStore(engine)
    shop.init_schema()
    created = shop.create_session("From the secrets", "en")
    engine.dispose()
    return str(path), created


@pytest.mark.parametrize(
    "section",
    [
        pytest.param(lambda path: {"url": f"sqlite:///{path}"}, id="url"),
        pytest.param(lambda path: {"dialect": "sqlite", "database": path}, id="dialect-keys"),
    ],
)
def test_the_database_can_come_from_connections_workshop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, section
) -> None:  # type: ignore[no-untyped-def]
    path, created = _secrets_store(tmp_path, monkeypatch, "connection.sqlite3")
    secrets = {
        "connections": {"workshop": section(path)},
        # The older [database] section is there too: the connection wins.
        "database": {"url": f"sqlite:///{tmp_path / 'other.sqlite3'}"},
    }
    at = open_page("pages/presenter.py", secrets, code=created.info.code, key=created.secret)
    assert not at.exception
    assert not errors(at)
    assert "From the secrets" in everything(at)
    st.cache_resource.clear()


def test_the_database_section_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, created = _secrets_store(tmp_path, monkeypatch, "database.sqlite3")
    secrets = {"database": {"url": f"sqlite:///{path}"}}
    at = open_page("pages/presenter.py", secrets, code=created.info.code, key=created.secret)
    assert not at.exception and "From the secrets" in everything(at)
    st.cache_resource.clear()


def test_a_broken_connection_section_is_explained_not_replaced_by_a_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ADOPTION_DATABASE_URL", raising=False)
    st.cache_resource.clear()
    secrets = {
        "connections": {
            "workshop": {"dialect": "postgresql", "host": "db", "port": "x", "password": "hunter2"}
        }
    }
    at = open_page("pages/workshop.py", secrets)
    assert not at.exception
    assert errors(at) == [t("ws.db_unavailable", "en")]
    assert "hunter2" not in everything(at)
    st.cache_resource.clear()


# --------------------------------------------------------------------------- join token


def test_a_capped_session_seats_the_phone_that_scanned_and_tells_a_typed_code_to_scan(
    store: WorkshopStore,
) -> None:
    created = store.create_session("Capped", "en", ["q_genai"], capacity=3)
    code = created.info.code
    typed = open_page("pages/join.py", device=secrets.token_urlsafe(16), code=code)
    assert not typed.exception
    assert [e.value for e in typed.error] == [t("ws.join.scan_needed", "en")]
    assert f"wsj_{code}_send" not in everything(typed), "no form for a seat it cannot have"

    phone = secrets.token_urlsafe(16)
    scanned = open_page(
        "pages/join.py", device=phone, code=code, t=store.join_token(code, created.secret)
    )
    assert not scanned.exception and not scanned.error
    assert param(scanned, "t") is None, "the token leaves the address bar once used"
    assert f"wsj_{code}_send" in everything(scanned)
    scanned.segmented_control(key=f"wsj_{code}_q_genai").set_value("yes")
    send_button(scanned, code).click().run()
    assert store.get_submission(code, phone) is not None
    # A reload without the token (it left the address) is still the room's device.
    again = open_page("pages/join.py", device=phone, code=code)
    assert not again.error and again.success[0].value == t("ws.join.already", "en")


def test_a_forged_or_stale_token_admits_nobody(store: WorkshopStore) -> None:
    created = store.create_session("Capped", "en", ["q_genai"], capacity=3)
    code, phone = created.info.code, secrets.token_urlsafe(16)
    at = open_page("pages/join.py", device=phone, code=code, t="AAAAAAAAAAAAAAAA")
    assert not at.exception
    assert [e.value for e in at.error] == [t("ws.join.scan_needed", "en")]
    assert not store.admit(code, phone)
