"""The peers engine (adoption.peers): groups and their fallback order, k, rounding, closed
months, the firm's position and shares, the words; and the privacy rules as properties: no
group under k is shown or exported, and no combination of the views of one release singles
out fewer than k answers."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption import peers as engine
from adoption import pool
from adoption.benchmark import Profile, score
from adoption.dataset import Dataset
from adoption.i18n import NNBSP, t
from adoption.peers import (
    EVERYONE,
    GroupKey,
    PeerView,
    answer_group,
    band_of,
    clean_k,
    firm_path,
    group_counts,
    peer_lines,
    peers,
    release,
    round_count,
    round_percent,
    shown_groups,
)
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption.store import PoolEntry
from fixtures import complete

TODAY = date(2026, 11, 20)
OCTOBER, NOVEMBER = "2026-10", "2026-11"
FIRM = Profile(size="250-4999", sector="industry", country="DE")


@pytest.fixture(scope="module")
def questionnaire(dataset: Dataset) -> Questionnaire:
    return load_questionnaire(dataset)


def entries(
    questionnaire: Questionnaire,
    n: int,
    band: str = "250+",
    country: str | None = "DE",
    sector: str | None = "industry",
    month: str = OCTOBER,
    choice: int = 0,
) -> list[PoolEntry]:
    answers = complete(questionnaire, choice)
    return [PoolEntry(month, "benchmark", band, sector, country, answers) for _ in range(n)]


def view(
    questionnaire: Questionnaire,
    pool_: Sequence[PoolEntry],
    profile: Profile = FIRM,
    answers: dict[str, str] | None = None,
    k: int = 10,
) -> PeerView:
    mine = complete(questionnaire) if answers is None else answers
    return peers(questionnaire, pool_, profile, mine, today=TODAY, k=k)


# --------------------------------------------------------------------------- groups


@pytest.mark.parametrize(
    ("size", "band"),
    [
        ("0", "0-9"),
        ("1-4", "0-9"),
        ("5-9", "0-9"),
        ("10-19", "10-49"),
        ("20-49", "10-49"),
        ("50-249", "50-249"),
        ("250-4999", "250+"),
        ("5000+", "250+"),
        (None, None),
        ("", None),
        ("3-40", None),
    ],
)
def test_every_size_option_falls_in_one_band(size: str | None, band: str | None) -> None:
    assert band_of(size) == band


def test_the_size_options_all_have_a_band(questionnaire: Questionnaire) -> None:
    assert all(band_of(option.code) for option in questionnaire.sizes)


@pytest.mark.parametrize(
    ("profile", "path"),
    [
        (FIRM, ("250+", "DE", "industry")),
        (Profile(size="250-4999", sector="other", country="DE"), ("250+", "DE")),
        (Profile(size="250-4999", sector="industry", country="other"), ("250+",)),
        (Profile(size="250-4999", sector="industry"), ("250+",)),
        (Profile(sector="industry", country="DE"), EVERYONE),
        (Profile(size="250-4999", country="XX"), ("250+",)),  # not an option: cleaned away
    ],
)
def test_the_firms_group_stops_at_what_it_did_not_give(
    questionnaire: Questionnaire, profile: Profile, path: GroupKey
) -> None:
    assert firm_path(questionnaire, profile) == path


@pytest.mark.parametrize(
    ("pool_sizes", "expected"),
    [
        # entries in DE×250+×industry, DE×250+×trade, FR×250+×industry, DE×10-49×industry
        ((10, 0, 0, 0), ("250+", "DE", "industry")),
        ((9, 10, 0, 0), ("250+", "DE")),
        ((4, 4, 10, 0), ("250+",)),
        ((3, 3, 3, 3), EVERYONE),
        ((2, 2, 2, 2), None),
    ],
)
def test_fallback_runs_country_size_sector_then_country_size_then_size_then_everyone(
    questionnaire: Questionnaire, pool_sizes: tuple[int, int, int, int], expected: GroupKey | None
) -> None:
    de_ind, de_trade, fr_ind, de_small = pool_sizes
    pool_ = [
        *entries(questionnaire, de_ind),
        *entries(questionnaire, de_trade, sector="trade"),
        *entries(questionnaire, fr_ind, country="FR"),
        *entries(questionnaire, de_small, band="10-49"),
    ]
    found = view(questionnaire, pool_)
    assert found.group == expected
    assert found.wanted == ("250+", "DE", "industry")
    if expected is None:
        assert found.needed == 10 - sum(pool_sizes)
        assert (found.standings, found.shares, found.count) == ((), (), 0)
    else:
        assert found.needed == 0
        assert found.count >= 10


def test_k_is_ten_by_default_configurable_and_never_below_five(
    questionnaire: Questionnaire,
) -> None:
    seven = entries(questionnaire, 7)
    assert view(questionnaire, seven).group is None
    assert view(questionnaire, seven, k=7).group == ("250+", "DE", "industry")
    assert view(questionnaire, seven, k=8).group is None
    four = entries(questionnaire, 4)
    assert view(questionnaire, four, k=1).group is None, "k=1 counts as 5"
    assert view(questionnaire, [*four, *entries(questionnaire, 1, band="10-49")], k=1).group == ()
    assert clean_k(0) == clean_k(-3) == clean_k(5) == 5
    assert pool.min_answers({}) == 10
    assert pool.min_answers({"ADOPTION_POOL_MIN_ANSWERS": "25"}) == 25
    assert pool.min_answers({"ADOPTION_POOL_MIN_ANSWERS": "2"}) == 5
    assert pool.min_answers({"ADOPTION_POOL_MIN_ANSWERS": "ten"}) == 10


@pytest.mark.parametrize(("n", "shown"), [(10, 10), (14, 10), (15, 15), (19, 15), (203, 200)])
def test_counts_are_rounded_down_to_a_multiple_of_five(n: int, shown: int) -> None:
    assert round_count(n) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(0, 0), (2.4, 0), (2.5, 5), (47.4, 45), (47.5, 50), (99, 100), (100, 100)]
)
def test_percentages_are_rounded_half_up_to_five_points(value: float, shown: int) -> None:
    assert round_percent(value) == shown


def test_only_months_that_have_ended_count(questionnaire: Questionnaire) -> None:
    """This month's answers wait for the month to end, but count towards what is needed."""
    this_month = entries(questionnaire, 12, month=NOVEMBER)
    found = view(questionnaire, this_month)
    assert found.group is None and found.needed == 0
    assert peer_lines(found, questionnaire, "en").waiting == t("peers.waiting_month", "en")
    later = peers(questionnaire, this_month, FIRM, complete(questionnaire), today=date(2026, 12, 1))
    assert later.group == ("250+", "DE", "industry")
    assert later.months == (NOVEMBER, NOVEMBER)
    few = view(
        questionnaire, [*entries(questionnaire, 3), *entries(questionnaire, 2, month=NOVEMBER)]
    )
    assert few.needed == 5


def test_an_entry_the_questionnaire_cannot_score_is_left_out(
    questionnaire: Questionnaire,
) -> None:
    """An answer set with a question missing (an older questionnaire) would score low for
    what it lacks: it is not compared at all."""
    partial = dict(complete(questionnaire))
    partial.pop("q_policy")
    pool_ = [
        *entries(questionnaire, 9),
        PoolEntry(OCTOBER, "benchmark", "250+", "industry", "DE", partial),
        PoolEntry(OCTOBER, "benchmark", "9000+", "industry", "DE", complete(questionnaire)),
    ]
    assert view(questionnaire, pool_).group is None
    assert engine.comparable(questionnaire, pool_[0]) == complete(questionnaire)


# --------------------------------------------------------------------------- the firm


def extreme(questionnaire: Questionnaire, best: bool) -> dict[str, str]:
    """Every question answered with the most (or fewest) points an applicable answer earns."""
    answers: dict[str, str] = {}
    for question in questionnaire.questions:
        if not question.applies(answers):
            continue
        usable = [c for c in question.codes if c not in question.not_applicable]
        pick = max if best else min
        answers[question.id] = pick(usable, key=question.points_for)
    return answers


@pytest.mark.parametrize(("best", "percentile"), [(False, 25), (True, 75)])
def test_position_and_median_among_the_group(
    questionnaire: Questionnaire, best: bool, percentile: int
) -> None:
    """Ten peers at 100/100 and ten at 0/100: a firm at 0 is above none and level with
    half, so it sits at (0 + 10/2) / 20 = 25 %; at 100, at (10 + 5) / 20 = 75 %. The median
    is 50 either way."""
    top, bottom = extreme(questionnaire, True), extreme(questionnaire, False)
    assert (score(questionnaire, top).overall, score(questionnaire, bottom).overall) == (100, 0)
    pool_ = [
        *(PoolEntry(OCTOBER, "benchmark", "250+", "industry", "DE", top) for _ in range(10)),
        *(PoolEntry(OCTOBER, "benchmark", "250+", "industry", "DE", bottom) for _ in range(10)),
    ]
    found = view(questionnaire, pool_, answers=top if best else bottom)
    assert [s.pillar for s in found.standings] == [None, *engine.PILLARS]
    for standing in found.standings:
        assert (standing.firm, standing.percentile, standing.median) == (
            100 if best else 0,
            percentile,
            50,
        ), standing


def test_shares_count_the_firms_answer_group(questionnaire: Questionnaire) -> None:
    yes, no = complete(questionnaire, 0), complete(questionnaire, 1)
    pool_ = [
        *(PoolEntry(OCTOBER, "benchmark", "250+", "industry", "DE", yes) for _ in range(6)),
        *(PoolEntry(OCTOBER, "benchmark", "250+", "industry", "DE", no) for _ in range(4)),
    ]
    found = view(questionnaire, pool_, answers=yes)
    shares = {s.question_id: s for s in found.shares}
    assert shares["q_genai"].codes == ("yes",) and shares["q_genai"].percent == 60
    # q_satisfaction is asked only after q_agency = yes: six peers were asked, fewer than k.
    assert "q_satisfaction" not in shares


@pytest.mark.parametrize(
    ("question", "code", "group"),
    [
        ("q_genai", "yes", ("yes",)),
        ("q_genai", "no", ("no",)),
        ("q_essential", "5", ("4", "5")),
        ("q_essential", "2", ("1", "2", "3")),
        ("q_impact", "yes", ("yes",)),  # in_group "no", not applicable "none"
        ("q_impact", "none", ("none",)),
        ("q_trained_staff", "some", ("some",)),  # no published group: the answer itself
    ],
)
def test_the_firms_answer_group(
    questionnaire: Questionnaire, question: str, code: str, group: tuple[str, ...]
) -> None:
    assert answer_group(questionnaire.question(question), code) == group


def test_a_pillar_few_peers_have_a_score_on_is_not_placed(questionnaire: Questionnaire) -> None:
    """Skills are scored on trained staff; peers where no one uses AI have no skills
    score, so a firm's skills score is not placed among them, and the line says why."""
    nobody = dict(complete(questionnaire), q_trained_staff="no_users")
    pool_ = [PoolEntry(OCTOBER, "benchmark", "250+", "industry", "DE", nobody)] * 12
    mine = dict(complete(questionnaire), q_trained_staff="some")
    found = view(questionnaire, pool_, answers=mine)
    skills = next(s for s in found.standings if s.pillar == "skills")
    assert (skills.firm, skills.percentile, skills.median) == (50, None, None)
    assert all(s.percentile is not None for s in found.standings if s.pillar != "skills")
    line = peer_lines(found, questionnaire, "en").standings[engine.PILLARS.index("skills") + 1]
    assert line == t("peers.pillar_few", "en", pillar=t("bench.pillar.skills", "en"), score=50)


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_block_says_self_selected_names_the_group_and_never_claims_membership(
    questionnaire: Questionnaire, lang: str
) -> None:
    pool_ = [*entries(questionnaire, 9), *entries(questionnaire, 12, sector="trade")]
    found = view(questionnaire, pool_)
    lines = peer_lines(found, questionnaire, lang)
    assert lines.caveat == t("peers.caveat", lang)
    germany = next(c.label(lang) for c in questionnaire.countries if c.code == "DE")
    assert lines.group is not None and germany in lines.group and "250+" in lines.group
    assert "20" in lines.group, "21 answers: at least 20"
    industry = next(c.label(lang) for c in questionnaire.sectors if c.code == "industry")
    assert lines.fallback is not None and industry in lines.fallback
    text = " ".join([lines.group, *lines.standings, *lines.shares])
    for claim in ("You are among", "Your firm is among", "Vous faites partie", "fait partie des"):
        assert claim not in text
    if lang == "fr":
        assert f"{NNBSP}%" in text and " %" not in text
        assert f"{NNBSP}:" in lines.group


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_empty_pool_says_how_many_more_answers_are_needed(
    questionnaire: Questionnaire, lang: str
) -> None:
    found = view(questionnaire, [])
    lines = peer_lines(found, questionnaire, lang)
    assert found.needed == 10
    assert lines.waiting == engine.plural("peers.waiting", 10, lang, k=10)
    assert "10" in lines.waiting
    assert (lines.group, lines.standings, lines.shares) == (None, (), ())
    one = peer_lines(view(questionnaire, entries(questionnaire, 9)), questionnaire, lang)
    assert one.waiting == engine.plural("peers.waiting", 1, lang, k=10)


# --------------------------------------------------------------------------- privacy


BANDS = st.sampled_from(["0-9", "10-49", "250+"])
COUNTRIES = st.sampled_from([None, "DE", "FR", "IT"])
SECTORS = st.sampled_from([None, "industry", "trade"])
PATHS = st.lists(st.tuples(BANDS, COUNTRIES, SECTORS), min_size=0, max_size=120)


def _paths(raw: list[tuple[str, str | None, str | None]]) -> list[GroupKey]:
    return [engine.path_of(band, country, sector) for band, country, sector in raw]


def _members(paths: list[GroupKey], group: GroupKey) -> frozenset[int]:
    return frozenset(i for i, path in enumerate(paths) if path[: len(group)] == group)


@settings(max_examples=200, deadline=None)
@given(raw=PATHS, k=st.integers(min_value=1, max_value=14))
def test_no_combination_of_shown_groups_singles_out_fewer_than_k(
    raw: list[tuple[str, str | None, str | None]], k: int
) -> None:
    """Every shown group has at least k; and every set a user can build by adding and
    subtracting shown groups is empty or holds at least k. Such a set is a union of the
    atoms of the shown groups (entries with the same membership in every shown group): all
    atoms a shown group touches must be empty or hold at least k. Checked by brute force
    too, for each pair of views and for a group minus any of its shown sub-groups."""
    paths = _paths(raw)
    k = clean_k(k)
    counts = group_counts(paths)
    shown = shown_groups(counts, k)
    assert all(counts[g] >= k for g in shown)
    members = {g: _members(paths, g) for g in shown}
    atoms: dict[tuple[bool, ...], int] = {}
    order = sorted(shown)
    for index in range(len(paths)):
        signature = tuple(index in members[g] for g in order)
        if any(signature):
            atoms[signature] = atoms.get(signature, 0) + 1
    assert all(n >= k for n in atoms.values()), atoms
    for first, second in itertools.permutations(shown, 2):
        left = len(members[first] - members[second])
        assert left == 0 or left >= k, (first, second, left)
    for group in shown:
        children = [c for c in shown if len(c) == len(group) + 1 and c[:-1] == group]
        for size in range(1, len(children) + 1):
            for chosen in itertools.combinations(children, size):
                rest = members[group] - frozenset().union(*(members[c] for c in chosen))
                assert len(rest) == 0 or len(rest) >= k, (group, chosen, len(rest))


@settings(max_examples=150, deadline=None)
@given(
    raw=PATHS, k=st.integers(min_value=5, max_value=12), firm=st.tuples(BANDS, COUNTRIES, SECTORS)
)
def test_the_fallback_picks_the_most_specific_shown_group_of_the_firms_branch(
    raw: list[tuple[str, str | None, str | None]],
    k: int,
    firm: tuple[str, str | None, str | None],
) -> None:
    paths = _paths(raw)
    shown = shown_groups(group_counts(paths), k)
    wanted = engine.path_of(*firm)
    branch = [wanted[:depth] for depth in range(len(wanted), -1, -1)]
    chosen = next((g for g in branch if g in shown), None)
    if chosen is None:
        assert len(paths) < k, "everyone is shown from k answers on"
    else:
        deeper = branch[: branch.index(chosen)]
        assert not any(g in shown for g in deeper)
        assert group_counts(paths)[chosen] >= k


def test_a_small_remainder_hides_the_smallest_sub_group() -> None:
    """250+ holds 12 German and 11 French answers and 3 without a country: showing both
    countries beside the band would give those 3 away, so the smaller country is hidden
    (the band's remainder is then 14), and so is everything under it."""
    paths = [
        *[("250+", "DE")] * 12,
        *[("250+", "FR", "industry")] * 11,
        *[("250+",)] * 3,
    ]
    counts = group_counts(paths)
    shown = shown_groups(counts, 10)
    assert ("250+", "DE") in shown
    assert ("250+", "FR") not in shown and ("250+", "FR", "industry") not in shown
    assert ("250+",) in shown and EVERYONE in shown


@settings(max_examples=40, deadline=None)
@given(
    raw=st.lists(st.tuples(BANDS, COUNTRIES, SECTORS, st.integers(0, 4)), max_size=80),
    k=st.integers(min_value=5, max_value=12),
)
def test_the_export_has_no_group_under_k_and_no_row(
    questionnaire: Questionnaire,
    raw: list[tuple[str, str | None, str | None, int]],
    k: int,
) -> None:
    pool_ = [
        PoolEntry(OCTOBER, "benchmark", band, sector, country, complete(questionnaire, choice))
        for band, country, sector, choice in raw
    ]
    shown = release(questionnaire, pool_, TODAY, k)
    frame = pool.aggregates(shown, questionnaire)
    assert list(frame.columns) == list(pool.AGGREGATE_COLUMNS)
    assert (frame["answers_at_least"] >= k - k % 5).all()
    groups = {
        tuple(part for part in (row.size_band, row.country, row.sector) if part)
        for row in frame.itertuples()
    }
    assert groups <= shown.shown
    assert all(shown.counts[g] >= k for g in groups)
    assert set(frame["measure"]) <= {"score_p25", "score_median", "score_p75", "share_percent"}


# --------------------------------------------------------------------------- a room


def scored(questionnaire: Questionnaire, pool_: Sequence[PoolEntry]) -> list[int]:
    return sorted(score(questionnaire, entry.answers).overall for entry in pool_)


def test_a_room_is_set_among_everyone_by_its_median(questionnaire: Questionnaire) -> None:
    low, high = entries(questionnaire, 6, choice=0), entries(questionnaire, 6, choice=1)
    shown = release(questionnaire, low + high + entries(questionnaire, 3, month=NOVEMBER), TODAY)
    values = scored(questionnaire, low + high)
    assert values[0] != values[-1], "two levels of score"
    room = [{"strategy": float(values[-1])}] * 3 + [{"use": float(values[0])}] * 2
    view = engine.room_among(shown, room, min_group=5)
    assert view is not None
    # Median of the room: the high score; among the pool: 6 below, 6 level → 75 %.
    assert (view.room_median, view.respondents) == (values[-1], 5)
    assert view.percentile == round_percent(100 * (6 + 6 / 2) / 12) == 75
    assert view.count == 10 and view.months == (OCTOBER, OCTOBER), "the open month waits"
    title, line, who = engine.room_lines(view, "fr")
    assert f"75{NNBSP}%" in line and f"{values[-1]}/100" in line
    assert "10" in who and t("peers.room.title", "fr") == title


def test_no_room_figure_under_k_or_the_rooms_minimum(questionnaire: Questionnaire) -> None:
    room = [{"strategy": 50.0}] * 5
    nine = release(questionnaire, entries(questionnaire, 9), TODAY, k=10)
    assert EVERYONE not in nine.shown and engine.room_among(nine, room, 5) is None
    ten = release(questionnaire, entries(questionnaire, 10), TODAY, k=10)
    assert engine.room_among(ten, room, 5) is not None
    assert engine.room_among(ten, room[:4], 5) is None, "the room's own minimum holds"
    assert engine.room_among(ten, [{}] * 5, 5) is None, "participants without a score"
