"""The participant's page as a pure state machine (adoption.join_flow), without a server.

Every transition: opening a code, the browser's report (first token believed, a second one
not; its draft put back), the store answering or not, the widgets filled and edited, a send
that is stored, refused, fails, is retried late; and the draft the browser keeps.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest

from adoption.benchmark import Profile
from adoption.dataset import load_dataset
from adoption.join_flow import (
    RETRY_S,
    DeviceReported,
    Edited,
    Filled,
    JoinFlow,
    Opened,
    Scrolled,
    SendEnded,
    Shown,
    Viewed,
    ViewFailed,
    draft_from_json,
    draft_to_json,
    pending_in_json,
    retry_due,
    start,
    step,
    widgets_to_fill,
)
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption.store import SessionInfo, Submission
from adoption.urlstate import State

NOW = datetime(2026, 12, 7, tzinfo=UTC)
TOKEN = "T" * 22
BROWSER = "B" * 22
DRAFT = State({"q_genai": "no"}, Profile(size="20-49"))


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(load_dataset())


def info(status: str = "open") -> SessionInfo:
    return SessionInfo("K7MQ4P", "Club", "en", (), status, NOW, None)


def saved(answers: dict[str, str] | None = None) -> Submission:
    return Submission("K7MQ4P", TOKEN, answers or {"q_genai": "yes"}, {}, NOW, NOW, 1)


def opened(*events: object) -> JoinFlow:
    flow = step(start(TOKEN), Opened("K7MQ4P", "en"))
    for event in events:
        flow = step(flow, event)  # type: ignore[arg-type]
    return flow


def test_a_new_page_is_joining_with_its_own_token() -> None:
    flow = opened()
    assert flow.phase == "joining"
    assert flow.device.token == TOKEN and flow.device.reported is None
    assert flow.read_store and widgets_to_fill(flow) is None and flow.needs_fill


def test_opening_the_same_code_keeps_the_flow_another_code_starts_afresh() -> None:
    flow = opened(Viewed(info(), None), DeviceReported(BROWSER, "K7MQ4P", None))
    assert step(flow, Opened("K7MQ4P", "en")) == flow
    other = step(flow, Opened("ZZZZZZ", "en"))
    assert other.code == "ZZZZZZ" and other.info is None and not other.kept_reported
    assert other.device.token == BROWSER, "the device is the browser's, whatever the code"


def test_the_first_token_reported_is_kept_a_second_is_not_believed() -> None:
    flow = opened(DeviceReported(BROWSER, "K7MQ4P", DRAFT))
    assert flow.device.token == BROWSER and flow.kept == DRAFT and flow.kept_reported
    forged = step(flow, DeviceReported("F" * 22, "K7MQ4P", State({"q_genai": "yes"})))
    assert forged == flow


def test_a_draft_is_taken_once_and_only_for_this_code() -> None:
    flow = opened(DeviceReported(BROWSER, "ZZZZZZ", DRAFT))
    assert flow.device.token == BROWSER and flow.kept is None and not flow.kept_reported
    flow = step(flow, DeviceReported(BROWSER, "K7MQ4P", DRAFT))
    again = step(flow, DeviceReported(BROWSER, "K7MQ4P", State()))
    assert again.kept == DRAFT, "the same report, read on every run, changes nothing"


def test_the_widgets_are_filled_from_the_kept_draft_first_then_the_stored_answers() -> None:
    flow = opened(Viewed(info(), saved()))
    assert widgets_to_fill(flow) == State({"q_genai": "yes"}, Profile())
    flow = step(flow, Filled(widgets_to_fill(flow)))
    assert not flow.needs_fill and widgets_to_fill(flow) is None
    assert flow.draft == State({"q_genai": "yes"}, Profile())
    # The browser reports its draft afterwards: it goes back into the widgets.
    flow = step(flow, DeviceReported(TOKEN, "K7MQ4P", DRAFT))
    assert flow.needs_fill and widgets_to_fill(flow) == DRAFT
    flow = step(flow, Filled(DRAFT))
    assert flow.draft == DRAFT and flow.unsent and flow.phase == "answering"


def test_a_report_without_a_draft_puts_the_taps_back_as_they_are() -> None:
    """The widgets are drawn again with what they hold on the run the browser's report
    starts: a select box filled on the run before (the room's country) may otherwise show
    nothing although the page holds its value, and the next tap would send it empty."""
    room = dataclasses.replace(info(), country="FR")
    flow = opened(Viewed(room, None))
    first = widgets_to_fill(flow)
    assert first == State(profile=Profile(country="FR"))
    flow = step(flow, Filled(first))
    tapped = State({"q_genai": "yes"}, Profile(country="FR"))
    flow = step(flow, Edited(tapped))
    flow = step(flow, DeviceReported(TOKEN, "K7MQ4P", None))
    assert flow.needs_fill and widgets_to_fill(flow) == tapped
    flow = step(flow, Filled(widgets_to_fill(flow)))
    assert not flow.needs_fill and flow.draft == tapped
    # The same report, read again on every run, fills nothing more.
    assert not step(flow, DeviceReported(TOKEN, "K7MQ4P", None)).needs_fill


def test_another_device_token_fills_the_widgets_again() -> None:
    flow = opened(Viewed(info(), None), Filled(None))
    flow = step(flow, DeviceReported(BROWSER, "K7MQ4P", None))
    assert flow.needs_fill, "filled for the provisional token, not the browser's"
    assert widgets_to_fill(flow) is None  # nothing kept, nothing stored: taps stay


def test_a_language_switch_fills_the_widgets_with_the_draft() -> None:
    flow = opened(Viewed(info(), None), Filled(None), Edited(DRAFT))
    switched = step(flow, Opened("K7MQ4P", "fr"))
    assert switched.relabelled and widgets_to_fill(switched) == DRAFT
    assert not step(switched, Filled(DRAFT)).needs_fill


def test_a_store_that_does_not_answer_leaves_what_was_known() -> None:
    flow = opened(Viewed(info(), saved()))
    down = step(flow, ViewFailed())
    assert down.offline and down.info == flow.info and down.saved == flow.saved
    assert not step(down, Viewed(info(), saved())).offline


def test_a_send_is_stored() -> None:
    flow = opened(Viewed(info(), None), Filled(None), Edited(State({"q_genai": "yes"})))
    assert flow.unsent and flow.phase == "answering"
    flow = step(flow, SendEnded("sent", 10.0, saved()))
    assert flow.outcome == "sent" and flow.saved == saved() and flow.phase == "sent"
    assert step(flow, Shown()).outcome is None


def test_a_failed_send_waits_is_retried_and_ends_late() -> None:
    flow = opened(Viewed(info(), None), Edited(State({"q_genai": "yes"})))
    flow = step(flow, SendEnded("failed", 100.0))
    assert flow.phase == "retrying" and flow.outcome == "failed"
    assert not flow.read_store, "the run right after waits for no second timeout"
    flow = step(flow, Shown())
    assert flow.read_store and flow.pending
    assert not retry_due(flow, 100.0 + RETRY_S - 1)
    assert retry_due(flow, 100.0 + RETRY_S)
    again = step(flow, SendEnded("failed", 105.0, paced=True))
    assert again.pending and again.tried_at == 105.0 and again.outcome is None
    done = step(again, SendEnded("sent", 110.0, saved(), paced=True))
    assert not done.pending and done.outcome == "sent_late" and done.saved == saved()
    assert not retry_due(done, 1_000.0)


def test_a_stored_send_brings_the_result_into_view_once_per_send() -> None:
    """The result sits above the form: each send that is stored (pressed or retried late)
    asks for one scroll to it, numbered so that the browser runs each once; a refused or
    failed send asks for none."""
    flow = opened(Viewed(info(), None), Edited(State({"q_genai": "yes"})))
    assert not flow.scroll
    for refused in ("failed", "empty", "closed", "throttled"):
        assert not step(flow, SendEnded(refused, 1.0)).scroll  # type: ignore[arg-type]
    sent = step(flow, SendEnded("sent", 2.0, saved()))
    assert sent.scroll and sent.scrolls == 1
    scrolled = step(sent, Scrolled())
    assert not scrolled.scroll and scrolled.scrolls == 1
    assert not step(scrolled, Shown()).scroll, "other runs do not scroll again"
    again = step(scrolled, SendEnded("failed", 3.0))
    late = step(again, SendEnded("sent", 9.0, saved(), paced=True))
    assert late.outcome == "sent_late" and late.scroll and late.scrolls == 2


def test_a_failed_send_pressed_again_and_stored_is_sent_not_late() -> None:
    flow = opened(SendEnded("failed", 1.0), Shown(), SendEnded("sent", 2.0, saved()))
    assert flow.outcome == "sent" and not flow.pending


@pytest.mark.parametrize("outcome", ["empty", "closed", "gone", "invalid", "full", "throttled"])
def test_a_refused_send_stops_retrying_and_stores_nothing(outcome: str) -> None:
    flow = opened(Viewed(info(), None), SendEnded("failed", 1.0), Shown())
    flow = step(flow, SendEnded(outcome, 6.0, paced=True))  # type: ignore[arg-type]
    assert flow.outcome == outcome and not flow.pending and flow.saved is None


def test_a_closed_session() -> None:
    flow = opened(Viewed(info("closed"), saved()))
    assert flow.phase == "closed"


def test_the_draft_goes_to_the_browser_and_back(questionnaire: Questionnaire) -> None:
    raw = draft_to_json(DRAFT)
    assert json.loads(raw) == {"answers": {"q_genai": "no"}, "profile": {"size_class": "20-49"}}
    assert draft_from_json(raw, questionnaire) == DRAFT


@pytest.mark.parametrize(
    "raw",
    [
        None,
        42,
        "not json",
        "[]",
        '{"answers": []}',
        '{"answers": {}, "profile": "x"}',
        json.dumps({"answers": {"q_genai": "x" * 30_000}, "profile": {}}),
    ],
)
def test_a_broken_draft_from_the_browser_is_dropped(
    raw: object, questionnaire: Questionnaire
) -> None:
    assert draft_from_json(raw, questionnaire) is None


def test_unknown_answers_and_profile_fields_in_a_draft_are_dropped(
    questionnaire: Questionnaire,
) -> None:
    raw = json.dumps(
        {
            "answers": {"q_genai": "maybe", "q_strategy": "no", "q_nope": "yes"},
            "profile": {"size_class": "20-49", "country": "XX", "sector": 3, "city": "Lyon"},
        }
    )
    assert draft_from_json(raw, questionnaire) == State({"q_strategy": "no"}, Profile("20-49"))


def test_a_first_visit_offers_the_room_country_and_a_kept_draft_wins() -> None:
    room = dataclasses.replace(info(), country="DE")
    fresh = opened(DeviceReported(BROWSER, "K7MQ4P", None), Viewed(room, None))
    assert widgets_to_fill(fresh) == State(profile=Profile(country="DE"))
    kept = State({"q_genai": "no"}, Profile(country="FR"))
    mine = opened(DeviceReported(BROWSER, "K7MQ4P", kept), Viewed(room, None))
    assert widgets_to_fill(mine) == kept, "the participant's own choice is not overwritten"
    back = opened(DeviceReported(BROWSER, "K7MQ4P", None), Viewed(room, saved()))
    assert widgets_to_fill(back) == State({"q_genai": "yes"}), "what they sent, as they sent it"
    unset = opened(DeviceReported(BROWSER, "K7MQ4P", None), Viewed(info(), None))
    assert widgets_to_fill(unset) is None


def test_a_send_under_way_survives_the_page_in_the_browsers_draft(
    questionnaire: Questionnaire,
) -> None:
    """A phone that was trying to send when its page went (a reload during an outage, a
    restarted server) goes on trying as soon as it reports its draft, without a tap."""
    raw = draft_to_json(DRAFT, pending=True)
    assert pending_in_json(raw) and draft_from_json(raw, questionnaire) == DRAFT
    assert not pending_in_json(draft_to_json(DRAFT)), "a plain draft is not a send"
    assert json.loads(draft_to_json(DRAFT)) == {
        "answers": {"q_genai": "no"},
        "profile": {"size_class": "20-49"},
    }
    for forged in (
        '{"pending": "yes"}',
        "[true]",
        "nope",
        None,
        7,
        '{"pending": true' + " " * 30_000 + "}",
    ):
        assert not pending_in_json(forged)
    back = opened(DeviceReported(BROWSER, "K7MQ4P", DRAFT, True), Viewed(info(), None))
    assert back.pending and retry_due(back, now=RETRY_S), "due on the first check"
    assert back.phase == "retrying" and widgets_to_fill(back) == DRAFT
    nothing_kept = opened(DeviceReported(BROWSER, "K7MQ4P", None, True))
    assert not nothing_kept.pending, "no draft, nothing to send"
    other_code = opened(DeviceReported(BROWSER, "ZZZZZZ", DRAFT, True))
    assert not other_code.pending


# --------------------------------------------------------------------------- reconnection


def reconnected(*events: object) -> JoinFlow:
    """A page that reconnected to a restarted server: its first run brings the probe's
    report made for the old session (stale) and the widgets it shows; then the probe
    reports again to the new session."""
    flow = opened(DeviceReported(BROWSER, "K7MQ4P", None, stale=True), Viewed(info(), None))
    flow = step(flow, Filled(widgets_to_fill(flow)))
    for event in events:
        flow = step(flow, event)  # type: ignore[arg-type]
    return flow


def test_a_stale_report_gives_the_token_and_leaves_the_widgets_as_they_are() -> None:
    flow = opened(DeviceReported(BROWSER, "K7MQ4P", None, stale=True), Viewed(info(), None))
    assert flow.device.token == BROWSER and flow.reconnected
    assert not flow.kept_reported, "the page's own report is still to come"
    assert flow.needs_fill and widgets_to_fill(flow) is None, "nothing is put into the widgets"
    # Even a room country, which a first visit would fill in, is not put over the taps.
    room = dataclasses.replace(info(), country="FR")
    assert widgets_to_fill(step(flow, Viewed(room, None))) is None


def test_after_a_reconnection_the_widgets_win_and_the_kept_draft_fills_the_rest() -> None:
    on_screen = State({"q_genai": "yes"}, Profile(country="FR"))
    kept = State({"q_genai": "no", "q_strategy": "no"}, Profile(size="20-49", country="DE"))
    flow = reconnected(Edited(on_screen), DeviceReported(BROWSER, "K7MQ4P", kept, again=True))
    want = State({"q_genai": "yes", "q_strategy": "no"}, Profile(size="20-49", country="FR"))
    assert flow.kept == want and widgets_to_fill(flow) == want
    assert flow.kept_reported, "from now on the page keeps what the widgets hold"
    flow = step(flow, Filled(widgets_to_fill(flow)))
    assert flow.draft == want and flow.reoffered, "the participant is told to send them"


def test_a_send_under_way_before_the_restart_goes_on_without_a_tap() -> None:
    on_screen = State({"q_genai": "yes"})
    flow = reconnected(
        Edited(on_screen), DeviceReported(BROWSER, "K7MQ4P", on_screen, True, again=True)
    )
    assert flow.pending and retry_due(flow, now=RETRY_S)
    assert not flow.reoffered, "the page says it is sending, not to send"
    sent = step(flow, SendEnded("sent", RETRY_S, saved({"q_genai": "yes"}), paced=True))
    assert sent.outcome == "sent_late" and not sent.reconnected


def test_a_stale_pending_flag_is_not_believed() -> None:
    # The old session's report said a send was under way when the page loaded; it may have
    # been stored and changed since: only the browser's report to this session counts.
    flow = opened(DeviceReported(BROWSER, "K7MQ4P", None, pending=True, stale=True))
    assert not flow.pending


def test_the_notice_ends_with_a_stored_send_or_with_nothing_left_to_send() -> None:
    flow = reconnected(
        Edited(State({"q_genai": "yes"})),
        DeviceReported(BROWSER, "K7MQ4P", State({"q_genai": "yes"}), again=True),
    )
    assert flow.reoffered
    stored = step(flow, SendEnded("sent", 1.0, saved({"q_genai": "yes"})))
    assert not stored.reoffered and not stored.reconnected
    failed = step(flow, SendEnded("failed", 1.0))
    assert not failed.reoffered, "a send under way replaces the notice"
    nothing = reconnected(Edited(State()), DeviceReported(BROWSER, "K7MQ4P", None, again=True))
    assert not nothing.reoffered, "no answers on screen: nothing to re-offer"
