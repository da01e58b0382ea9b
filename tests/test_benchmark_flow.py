"""The Benchmark page's flow without a server: every user action as an event on the one
state object, and the URL and share link derived from it."""

from __future__ import annotations

from datetime import date

import pytest

from adoption.benchmark import Profile
from adoption.benchmark_flow import (
    POOL_ASKING,
    POOL_FINAL,
    QUESTIONS,
    RESULT,
    Answered,
    AskRestart,
    BenchState,
    EarlierPasted,
    Erase,
    KeepAnswers,
    Opened,
    PoolAsked,
    Pooled,
    Scrolled,
    ShowResult,
    TabShown,
    Undo,
    answered_on,
    bad_day,
    has_any,
    read_earlier,
    share_url,
    step,
    url_params,
)
from adoption.dataset import Dataset
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption.urlstate import State, encode

TODAY = date(2026, 12, 7)
LINK_DAY = date(2026, 11, 3)
OLD = "3.old"  # an earlier result's token


@pytest.fixture(scope="module")
def questionnaire(dataset: Dataset) -> Questionnaire:
    return load_questionnaire(dataset)


def open_with(**params: str) -> BenchState:
    return step(BenchState(), Opened(params, "3.tok", True, TODAY, "https://x.test/benchmark/"))


def test_a_link_opens_on_the_view_it_asks_with_its_day() -> None:
    state = open_with(b="3.tok", d="2026-11-03", view="result")
    assert (state.view, state.link_token, state.link_day) == (RESULT, "3.tok", LINK_DAY)
    assert not bad_day({"d": "2026-11-03"}, state)
    # Answers keep the link's day only while they are the link's answers.
    assert answered_on(state, "3.tok", TODAY) == LINK_DAY
    assert answered_on(state, "3.other", TODAY) == TODAY


def test_the_result_view_needs_answers() -> None:
    empty = step(BenchState(), Opened({"view": "result"}, "3.-", False, TODAY))
    assert empty.view == QUESTIONS
    assert open_with().view == QUESTIONS


@pytest.mark.parametrize("day", ["2999-01-01", "yesterday", "1999-01-01", "x" * 500])
def test_a_tampered_day_is_dropped_and_noticed(day: str) -> None:
    state = open_with(d=day)
    assert state.link_day is None
    assert bad_day({"d": day}, state)
    assert answered_on(state, "3.tok", TODAY) == TODAY


def test_the_earlier_result_is_rebuilt_as_the_link_it_stands_for() -> None:
    state = open_with(b0="3.old", d0="2026-10-05")
    assert state.earlier == "https://x.test/benchmark?b=3.old&d=2026-10-05"
    assert open_with(d0="2026-10-05").earlier == "", "a day without answers is no result"
    bare = step(BenchState(), Opened({"b0": "3.old"}, "", False, TODAY))
    assert bare.earlier == "b=3.old"


def test_see_my_result_opens_the_result_and_scrolls_once() -> None:
    state = step(BenchState(), ShowResult())
    assert (state.view, state.scroll) == (RESULT, 1)
    assert step(state, Scrolled()).scroll == 0
    assert step(state, TabShown(QUESTIONS)).view == QUESTIONS


def test_start_again_asks_first_and_can_be_undone_until_answered_again() -> None:
    asked = step(BenchState(), AskRestart())
    assert asked.confirming
    assert step(asked, KeepAnswers()) == BenchState(), "no: nothing changes"
    values = (("bq_q_genai", "yes"), ("bq_country", "FR"))
    erased = step(asked, Erase(values))
    assert (erased.erased, erased.confirming) == (values, False)
    assert step(erased, Undo()).erased is None
    assert step(erased, Answered()).erased is None, "answering again ends the undo"


def test_a_pasted_link_replaces_the_earlier_result() -> None:
    state = step(open_with(b0="3.old"), EarlierPasted("https://x.test/?b=3.new"))
    assert state.earlier == "https://x.test/?b=3.new"


def test_the_earlier_result_is_read_from_its_link(questionnaire: Questionnaire) -> None:
    before = State({"q_strategy": "no"}, Profile(country="FR"))
    token = encode(before, questionnaire)
    earlier = read_earlier(f"https://x.test/?b={token}&d=2026-10-05", LINK_DAY, questionnaire)
    assert (earlier.kept, earlier.day, earlier.bad_day) == (token, date(2026, 10, 5), False)
    assert earlier.state.answers == before.answers
    # Later than this result: the day is dropped with a notice, the answers kept.
    later = read_earlier(f"https://x.test/?b={token}&d=2026-12-01", LINK_DAY, questionnaire)
    assert (later.kept, later.day, later.bad_day) == (token, None, True)
    broken = read_earlier("nonsense", LINK_DAY, questionnaire)
    assert broken.kept is None and not broken.bad_day
    assert read_earlier("", LINK_DAY, questionnaire).kept is None


def test_the_url_holds_what_has_a_value() -> None:
    assert (
        url_params(
            "3.tok", LINK_DAY, answered=False, view=QUESTIONS, earlier_token=None, earlier_day=None
        )
        == {}
    )
    assert url_params(
        "3.tok",
        LINK_DAY,
        answered=True,
        view=RESULT,
        earlier_token=OLD,
        earlier_day=date(2026, 10, 5),
    ) == {"b": "3.tok", "d": "2026-11-03", "view": "result", "b0": "3.old", "d0": "2026-10-05"}
    assert "d0" not in url_params(
        "3.tok", LINK_DAY, answered=True, view=RESULT, earlier_token=OLD, earlier_day=None
    )


def test_the_share_link_opens_on_the_result_with_both_results() -> None:
    assert (
        share_url(
            "https://x.test/benchmark/",
            "fr",
            "3.tok",
            LINK_DAY,
            earlier_token=None,
            earlier_day=None,
        )
        == "https://x.test/benchmark?lang=fr&b=3.tok&d=2026-11-03&view=result"
    )
    both = share_url("", "en", "3.tok", LINK_DAY, earlier_token=OLD, earlier_day=date(2026, 10, 5))
    assert both == "?lang=en&b=3.tok&d=2026-11-03&view=result&b0=3.old&d0=2026-10-05"


def test_a_profile_alone_counts_as_answered() -> None:
    assert not has_any(State())
    assert has_any(State({}, Profile(country="FR")))
    assert has_any(State({"q_genai": "yes"}))


def test_the_pool_opt_in_asks_then_keeps_what_became_of_the_answers() -> None:
    """On: asking (the browser is asked which device it is); a refusal lets the user try
    again; off before the answers went withdraws the request; once added (or found added
    this month), nothing changes it."""
    state = step(BenchState(), PoolAsked())
    assert state.pooled == POOL_ASKING
    assert step(state, Pooled("")).pooled == ""
    refused = step(state, Pooled("throttled"))
    assert step(refused, PoolAsked()).pooled == POOL_ASKING
    added = step(step(refused, PoolAsked()), Pooled("added"))
    assert added.pooled == "added"
    for later in (PoolAsked(), Pooled(""), Pooled("throttled")):
        assert step(added, later) == added
    assert step(step(state, Pooled("already")), PoolAsked()).pooled == "already"
    assert set(POOL_FINAL) == {"added", "already"}
