"""The facilitator's and the projector's pages as pure state machines (adoption.room_flow)."""

from __future__ import annotations

from adoption.room_flow import (
    Closed,
    Created,
    DeleteAsked,
    DeleteCancelled,
    Deleted,
    FacilitatorFlow,
    Left,
    MoveFailed,
    MoveShown,
    Problem,
    ProjectorFlow,
    Refused,
    SecretToggled,
    Shown,
    SlideDrawn,
    projector_step,
    step,
)

START = FacilitatorFlow()


def test_a_created_session_is_announced_once_on_its_own_panel() -> None:
    flow = step(step(START, Refused(Problem("ws.create.title_missing"))), Created("K7MQ4P"))
    assert flow.notice_about("K7MQ4P") == "created" and flow.problem is None
    assert flow.notice_about("ZZZZZZ") is None
    shown = step(flow, Shown())
    assert shown.notice is None and shown.notice_about("K7MQ4P") is None


def test_a_refused_action_keeps_its_reason_until_shown() -> None:
    flow = step(START, Refused(Problem("ws.db_unavailable", "db.internal:5432")))
    assert flow.problem == Problem("ws.db_unavailable", "db.internal:5432")
    assert step(flow, Shown()).problem is None


def test_a_close_is_announced_on_the_closed_session() -> None:
    assert step(START, Closed("K7MQ4P")).notice_about("K7MQ4P") == "closed"


def test_a_delete_asks_first_and_can_be_cancelled_or_left() -> None:
    asked = step(START, DeleteAsked("K7MQ4P"))
    assert asked.confirm_delete == "K7MQ4P"
    assert step(asked, DeleteCancelled()).confirm_delete is None
    assert step(asked, Left()).confirm_delete is None
    deleted = step(asked, Deleted())
    assert deleted.confirm_delete is None and deleted.notice == "deleted"
    assert step(deleted, Shown()).notice is None


def test_the_private_link_shows_only_for_the_session_it_was_asked_for() -> None:
    shown = step(START, SecretToggled("K7MQ4P"))
    assert shown.link_shown_for == "K7MQ4P"
    assert step(shown, SecretToggled("K7MQ4P")).link_shown_for is None
    assert step(shown, SecretToggled("ZZZZZZ")).link_shown_for == "ZZZZZZ"


def test_the_projector_remembers_a_question_too_few_answered_and_a_failed_move() -> None:
    flow = projector_step(ProjectorFlow(), SlideDrawn(suppressed=True))
    assert flow.suppressed
    assert not projector_step(flow, SlideDrawn(suppressed=False)).suppressed
    failed = projector_step(flow, MoveFailed())
    assert failed.move_failed and failed.suppressed
    assert not projector_step(failed, MoveShown()).move_failed
