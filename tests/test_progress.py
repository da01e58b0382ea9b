"""Tests for adoption.progress: an earlier result beside today's."""

from __future__ import annotations

import fixtures
from adoption.benchmark import Profile, score
from adoption.progress import ADDED, ANSWERED, CHANGED, DROPPED, compare
from adoption.questionnaire import PILLARS, Questionnaire
from adoption.urlstate import State, decode, encode
from fixtures import with_new_question

QUESTIONNAIRE: Questionnaire = fixtures.questionnaire()
PROFILE = Profile(size="20-49", sector="trade", country="FR")
BEFORE = {"q_strategy": "no", "q_policy": "no", "q_genai": "yes", "q_kpi": "yes"}
AFTER = {"q_strategy": "yes", "q_policy": "yes", "q_genai": "yes", "q_pilot": "yes"}


def _round_trip(answers: dict[str, str], questionnaire: Questionnaire = QUESTIONNAIRE) -> State:
    state, problems = decode(encode(State(answers, PROFILE), questionnaire), questionnaire)
    assert problems == []
    return state


def test_pillars_and_answers_that_changed() -> None:
    progress = compare(QUESTIONNAIRE, _round_trip(BEFORE), _round_trip(AFTER), "en")
    before, after = score(QUESTIONNAIRE, BEFORE), score(QUESTIONNAIRE, AFTER)
    assert progress.overall_delta == after.overall - before.overall
    assert [p.pillar for p in progress.pillars] == list(PILLARS)
    strategy = next(p for p in progress.pillars if p.pillar == "strategy")
    assert (strategy.before, strategy.after) == (
        before.pillars["strategy"],
        after.pillars["strategy"],
    )
    assert strategy.delta is not None and strategy.delta > 0
    kinds = {c.question_id: c.kind for c in progress.answers}
    assert kinds == {
        "q_strategy": CHANGED,
        "q_policy": CHANGED,
        "q_kpi": DROPPED,
        "q_pilot": ANSWERED,
    }
    policy = next(c for c in progress.answers if c.question_id == "q_policy")
    assert policy.sentence(QUESTIONNAIRE.question("q_policy"), "en").endswith(": No → Yes")
    assert policy.points > 0
    kpi = next(c for c in progress.answers if c.question_id == "q_kpi")
    assert kpi.points < 0 and "no longer answered" in kpi.sentence(
        QUESTIONNAIRE.question("q_kpi"), "en"
    )


def test_the_same_answers_change_nothing() -> None:
    same = _round_trip(BEFORE)
    progress = compare(QUESTIONNAIRE, same, same, "fr")
    assert progress.answers == () and progress.overall_delta == 0
    assert all(p.delta in (0, None) for p in progress.pillars)


def test_a_question_added_since_the_earlier_link_says_so() -> None:
    newer = with_new_question(QUESTIONNAIRE)
    earlier, _ = decode(encode(State(BEFORE, PROFILE), QUESTIONNAIRE), newer)
    today = _round_trip({**BEFORE, "q_new": "yes", "q_pilot": "no"}, newer)
    kinds = {c.question_id: c.kind for c in compare(newer, earlier, today, "en").answers}
    assert kinds == {"q_new": ADDED, "q_pilot": ANSWERED}


def test_an_earlier_version_2_link_cannot_tell_added_from_unanswered() -> None:
    newer = with_new_question(QUESTIONNAIRE)
    v3 = encode(State({"q_genai": "yes", "q_policy": "no"}), QUESTIONNAIRE)
    _, answers, profile, country, _check = v3.split(".")
    v2 = f"2.{answers.rstrip('-')}.{profile}.{country}"  # as version 2 wrote it
    earlier, problems = decode(v2, newer)
    assert problems == [] and earlier.slots is None
    today = _round_trip({"q_genai": "yes", "q_policy": "yes", "q_new": "yes"}, newer)
    kinds = {c.question_id: c.kind for c in compare(newer, earlier, today, "fr").answers}
    assert kinds == {"q_policy": CHANGED, "q_new": ANSWERED}
