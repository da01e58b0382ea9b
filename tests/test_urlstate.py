"""Tests for adoption.urlstate: the share token round-trips and bad links never crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fixtures
from adoption.benchmark import Profile
from adoption.questionnaire import Choice, Questionnaire
from adoption.urlstate import (
    ALTERED,
    BAD_VERSION,
    COARSE_SIZE,
    FORMAT,
    MAX_LENGTH,
    TOO_LONG,
    UNKNOWN_ANSWERS,
    State,
    decode,
    describe_problems,
    encode,
    token_from_link,
)
from fixtures import with_new_question

QUESTIONNAIRE: Questionnaire = fixtures.questionnaire()
BLANK = "-" * len(QUESTIONNAIRE.questions)  # every slot unanswered

FULL = State(
    answers={
        "q_genai": "yes",
        "q_any_ai": "yes",
        "q_frequency": "weekly_one",
        "q_essential": "4",
        "q_strategy": "no",
        "q_invest": "yes",
        "q_training_need": "yes",
        "q_expert": "2",
        "q_trained_staff": "some",
        "q_risk_ready": "no",
        "q_policy": "no",
        "q_licences": "mixed",
        "q_kpi": "no",
        "q_pilot": "yes",
        "q_impact": "no",
        "q_satisfaction": "2",
        "q_genai_self": "yes",
        "q_agency": "yes",
    },
    profile=Profile(size="50-249", sector="trade", country="BE"),
)


def test_example_token() -> None:
    # One character per question in slot order: the option's position (0 = first option),
    # then size and sector, the country, and a two-character check.
    expected = "3.002310011111101100.54.BE.i2"
    assert encode(FULL, QUESTIONNAIRE) == expected
    assert decode(expected, QUESTIONNAIRE) == (FULL, [])
    assert decode(expected, QUESTIONNAIRE)[0].slots == len(QUESTIONNAIRE.questions)


def test_a_version_2_link_still_opens() -> None:
    state, problems = decode("2.002310011111101100.54.BE", QUESTIONNAIRE)
    assert (state, problems) == (FULL, [])
    assert state.slots is None  # trailing blanks were dropped: the slot count is unknown


def test_a_version_1_link_still_opens() -> None:
    # Made before the fine headcount bands and the agency question: the answers are kept,
    # the sector too, and a size class that is still a band today (50–249).
    old = "1.0023100111111011.22.BE"
    state, problems = decode(old, QUESTIONNAIRE)
    expected = {k: v for k, v in FULL.answers.items() if k not in ("q_genai_self", "q_agency")}
    del expected["q_satisfaction"]  # now asked only of firms that bought from an AI agency
    assert dict(state.answers) == expected
    assert state.profile == Profile(size="50-249", sector="trade", country="BE")
    assert problems == ["unasked:q_satisfaction"]
    (message,) = describe_problems(problems, QUESTIONNAIRE, "en")
    assert QUESTIONNAIRE.question("q_satisfaction").label("en") in message


@pytest.mark.parametrize(
    ("token", "size", "sector", "problems"),
    [
        ("1..00.FR", None, "industry", [COARSE_SIZE]),  # 1–9 spans 1–4 and 5–9
        ("1..17.FR", None, "health_social", [COARSE_SIZE]),  # 10–49 spans two bands
        ("1..28.FR", "50-249", "other", []),
        ("1..3-.FR", None, None, [COARSE_SIZE]),  # 250+ spans 250–4,999 and 5,000+
        ("1..4-.FR", None, None, ["size"]),  # no fifth size class in version 1
    ],
)
def test_version_1_sizes_and_sectors(
    token: str, size: str | None, sector: str | None, problems: list[str]
) -> None:
    state, found = decode(token, QUESTIONNAIRE)
    assert state.profile == Profile(size=size, sector=sector, country="FR")
    assert found == problems


def test_token_is_short_and_url_safe() -> None:
    token = encode(FULL, QUESTIONNAIRE)
    assert len(token) <= 40
    assert set(token) <= set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_~")


@pytest.mark.parametrize(
    ("state", "token"),
    [
        (State(), f"3.{BLANK}.--..7t"),
        (State(answers={"q_genai": "no"}), "3.1-----------------.--..iw"),
        (State(answers={"q_agency": "yes", "q_satisfaction": "5"}), "3.---------------4-0.--..lj"),
        (State(profile=Profile(size="1-4", country="other")), f"3.{BLANK}.1-.other.w2"),
        # What the questionnaire does not know, or does not ask, is left out.
        (State(answers={"q_genai": "maybe", "q_nope": "yes"}), f"3.{BLANK}.--..7t"),
        (State(answers={"q_satisfaction": "5"}), f"3.{BLANK}.--..7t"),
        (State(profile=Profile(size="5-8", sector="x", country="XX")), f"3.{BLANK}.--..7t"),
    ],
)
def test_encode_table(state: State, token: str) -> None:
    assert encode(state, QUESTIONNAIRE) == token


def _states() -> st.SearchStrategy[State]:
    per_question = {
        q.id: st.one_of(st.none(), st.sampled_from(q.codes)) for q in QUESTIONNAIRE.questions
    }
    answers = st.fixed_dictionaries(per_question).map(
        lambda d: QUESTIONNAIRE.valid_answers({k: v for k, v in d.items() if v is not None})
    )

    def option(choices: tuple[Choice, ...]) -> st.SearchStrategy[str | None]:
        return st.one_of(st.none(), st.sampled_from([c.code for c in choices]))

    profile = st.builds(
        Profile,
        size=option(QUESTIONNAIRE.sizes),
        sector=option(QUESTIONNAIRE.sectors),
        country=option(QUESTIONNAIRE.countries),
    )
    return st.builds(State, answers=answers, profile=profile)


@given(_states())
@settings(max_examples=300, deadline=None)
def test_round_trip_is_exact(state: State) -> None:
    token = encode(state, QUESTIONNAIRE)
    assert len(token) <= 40
    assert decode(token, QUESTIONNAIRE) == (state, [])


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300), st.none(), st.integers()))
@settings(max_examples=400, deadline=None)
def test_decode_never_raises(token: object) -> None:
    state, problems = decode(token, QUESTIONNAIRE)
    assert isinstance(state, State)
    assert isinstance(problems, list)
    # Whatever survives is valid: it re-encodes and decodes to itself.
    assert decode(encode(state, QUESTIONNAIRE), QUESTIONNAIRE) == (state, [])


@given(
    st.from_regex(r"[12]\.[0-9a-z\-]{0,24}(\.[0-9a-z\-]{0,3}(\.[A-Za-z]{0,6})?)?", fullmatch=True)
)
@settings(max_examples=400, deadline=None)
def test_near_valid_tokens_keep_what_is_valid(token: str) -> None:
    state, problems = decode(token, QUESTIONNAIRE)
    assert QUESTIONNAIRE.valid_answers(state.answers) == dict(state.answers)
    assert state.profile.cleaned(QUESTIONNAIRE) == state.profile
    for message in describe_problems(problems, QUESTIONNAIRE, "fr"):
        assert message


@pytest.mark.parametrize(
    ("token", "answers", "profile", "problems"),
    [
        pytest.param("", {}, Profile(), [], id="empty"),
        pytest.param(None, {}, Profile(), [], id="missing"),
        pytest.param("   ", {}, Profile(), [], id="blank"),
        pytest.param("4.00.00.FR", {}, Profile(), [BAD_VERSION], id="future version"),
        pytest.param("0.00", {}, Profile(), [BAD_VERSION], id="old version"),
        pytest.param("hello", {}, Profile(), [FORMAT], id="not a token"),
        pytest.param("<script>", {}, Profile(), [FORMAT], id="markup"),
        pytest.param("2", {}, Profile(), [], id="version only"),
        pytest.param(
            "2.0z", {"q_genai": "yes"}, Profile(), ["answer:q_any_ai"], id="option out of range"
        ),
        pytest.param(
            "2.0é1",
            {"q_genai": "yes", "q_frequency": "occasional"},
            Profile(),
            ["answer:q_any_ai"],
            id="non-ascii answer",
        ),
        pytest.param("2.-.9-.FR", {}, Profile(country="FR"), ["size"], id="size out of range"),
        pytest.param("2..1z.", {}, Profile(size="1-4"), ["sector"], id="sector out of range"),
        pytest.param("2...ZZ", {}, Profile(), ["country"], id="unknown country"),
        pytest.param("2...fr", {}, Profile(), ["country"], id="lower-case country"),
        pytest.param(
            "2.0.00.FR.junk",
            {"q_genai": "yes"},
            Profile(size="0", sector="industry", country="FR"),
            [FORMAT],
            id="extra part",
        ),
        pytest.param(
            "2.1.0000.BE",
            {"q_genai": "no"},
            Profile("0", "industry", "BE"),
            [FORMAT],
            id="long profile",
        ),
        pytest.param(
            "2.1" + "-" * 20 + "0",
            {"q_genai": "no"},
            Profile(),
            [UNKNOWN_ANSWERS],
            id="answer for an unknown slot",
        ),
        pytest.param("2." + "0" * 150, None, Profile(), [UNKNOWN_ANSWERS], id="long but allowed"),
        pytest.param("x" * 10_000, {}, Profile(), [TOO_LONG], id="10 kB"),
        pytest.param("2." + "0" * MAX_LENGTH, {}, Profile(), [TOO_LONG], id="just too long"),
        pytest.param(
            b"2.0.00.FR", {"q_genai": "yes"}, Profile("0", "industry", "FR"), [], id="bytes"
        ),
        pytest.param(b"\xff\xfe\x00", {}, Profile(), [FORMAT], id="random bytes"),
        pytest.param(["1.0"], {}, Profile(), [FORMAT], id="a list"),
        pytest.param(42, {}, Profile(), [FORMAT], id="a number"),
    ],
)
def test_malformed_links(
    token: object, answers: dict[str, str] | None, profile: Profile, problems: list[str]
) -> None:
    state, found = decode(token, QUESTIONNAIRE)
    if answers is not None:
        assert dict(state.answers) == answers
    assert state.profile == profile
    assert found == problems
    for lang in ("fr", "en"):
        messages = describe_problems(found, QUESTIONNAIRE, lang)
        assert len(messages) == len(set(found))
        assert all(messages)


def test_describe_problems_names_the_question() -> None:
    (message,) = describe_problems(["answer:q_genai"], QUESTIONNAIRE, "en")
    assert QUESTIONNAIRE.question("q_genai").label("en") in message
    assert describe_problems(["answer:q_gone", "???"], QUESTIONNAIRE, "fr")


def test_old_links_survive_a_new_question() -> None:
    newer = with_new_question(QUESTIONNAIRE)
    old_token = encode(FULL, QUESTIONNAIRE)
    assert decode(old_token, newer) == (FULL, [])
    # A link made with the newer questionnaire, opened by the older app: the answer it
    # cannot place is dropped with a notice, the rest is kept.
    richer = State(answers={**FULL.answers, "q_new": "yes"}, profile=FULL.profile)
    state, problems = decode(encode(richer, newer), QUESTIONNAIRE)
    assert state == FULL
    assert problems == [UNKNOWN_ANSWERS]


# --------------------------------------------------------------------------- cut and altered


def _cut_everywhere() -> list[tuple[int, str]]:
    token = encode(FULL, QUESTIONNAIRE)
    return [(n, token[:n]) for n in range(2, len(token))]


@pytest.mark.parametrize(("n", "cut"), _cut_everywhere())
def test_a_link_cut_anywhere_names_what_it_could_not_read(n: int, cut: str) -> None:
    state, problems = decode(cut, QUESTIONNAIRE)
    lost = {p.removeprefix("cut:") for p in problems if p.startswith("cut:")}
    # Everything read is right; everything not read is named; nothing is both.
    for qid, code in state.answers.items():
        assert FULL.answers[qid] == code
    for name in ("size", "sector", "country"):
        value = getattr(state.profile, name)
        assert value in (None, getattr(FULL.profile, name))
        if value is None:
            assert name in lost or name in problems, (cut, problems)
    missing = set(FULL.answers) - set(state.answers)
    assert missing <= lost, (cut, missing - lost)
    assert ALTERED not in problems
    for lang in ("fr", "en"):
        messages = describe_problems(problems, QUESTIONNAIRE, lang)
        for qid in missing:
            assert any(QUESTIONNAIRE.question(qid).label(lang) in m for m in messages)


def test_a_link_cut_in_its_answers_names_the_questions() -> None:
    token = encode(FULL, QUESTIONNAIRE)
    cut = token[: len("3.") + 15]  # the first 15 answers survive
    state, problems = decode(cut, QUESTIONNAIRE)
    assert len(state.answers) == 15
    (answers_message, profile_message) = describe_problems(problems, QUESTIONNAIRE, "en")
    for question in QUESTIONNAIRE.questions:
        named = question.label("en") in answers_message
        assert named == (question.slot >= 15), question.id
    assert "Headcount" in profile_message and "Country" in profile_message


def test_a_link_cut_only_in_its_check_loses_nothing() -> None:
    token = encode(FULL, QUESTIONNAIRE)
    assert decode(token[:-1], QUESTIONNAIRE) == (FULL, [])


def test_an_altered_link_says_so() -> None:
    token = encode(FULL, QUESTIONNAIRE)
    changed = token.replace(".54.", ".55.")
    state, problems = decode(changed, QUESTIONNAIRE)
    assert problems == [ALTERED]
    assert state.profile.sector != FULL.profile.sector  # read as it is, and flagged
    (message,) = describe_problems(problems, QUESTIONNAIRE, "fr")
    assert "modifié" in message


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("https://x.test/benchmark?lang=fr&b=3.01.--..ab&view=result", "3.01.--..ab"),
        ("  3.01.--..ab ", "3.01.--..ab"),
        ("b=2.0", "2.0"),
        ("https://x.test/benchmark?lang=fr", ""),
        ("", ""),
    ],
)
def test_token_from_a_pasted_link(pasted: str, expected: str) -> None:
    assert token_from_link(pasted) == expected
