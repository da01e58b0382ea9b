"""The workshop domain: the room against the figures, suppression below 5, pillar averages,
the participant's own result, links and QR codes. No Streamlit, no database."""

from __future__ import annotations

import dataclasses
import re
import struct
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from adoption.benchmark import Profile, score
from adoption.dataset import Dataset
from adoption.i18n import NNBSP
from adoption.population import Headcount
from adoption.questionnaire import PILLARS, Questionnaire, load_questionnaire
from adoption.standing import result
from adoption.urlstate import decode
from adoption.workshop import (
    DEFAULT_RETENTION_DAYS,
    MIN_GROUP,
    UNKNOWN_ROOM,
    app_base,
    describe_room,
    escape_markdown,
    facilitator_link,
    figure_relation,
    group_shown,
    is_local,
    join_link,
    participant_result,
    presenter_link,
    profile_from_store,
    profile_to_store,
    qr_png,
    qr_svg,
    retention_days,
    room_figure,
    room_pillars,
    room_pillars_from_means,
    room_population,
    room_questions,
    room_questions_from_counts,
    session_questionnaire,
    short_join,
    with_join_token,
)

NBSP = "\u00a0"  # no-break space: French puts it between a day and its month
SECRET = "s3cr3t-KEY_abcdefghijklmnopqrstuvwx"  # noqa: S105 - a made-up key
ALL_YES = {"q_genai": "yes", "q_strategy": "yes", "q_policy": "yes", "q_kpi": "yes"}


@pytest.fixture(scope="module")
def questionnaire(dataset: Dataset) -> Questionnaire:
    return load_questionnaire(dataset)


def by_id(items: list, question_id: str):  # type: ignore[no-untyped-def]
    return next(item for item in items if item.question_id == question_id)


# --------------------------------------------------------------------------- figures
# The figure a slide sets the room against is the benchmark engine's own choice for the
# room (adoption.benchmark.question_comparisons): the population that holds every firm in
# the room, its latest period; else the closest reference, labelled, never "among".


def french_room(questionnaire: Questionnaire, *sizes: str, sector: str | None = None):  # type: ignore[no-untyped-def]
    """A room of one participant per size band given, in a session set to France; all in
    ``sector``, else in manufacturing and trade by turns (both in Eurostat's scope)."""
    sectors = [sector] if sector else ["industry", "trade"]
    profiles = [
        ({"size_class": size, "sector": sectors[i % len(sectors)]}, 1)
        for i, size in enumerate(sizes)
    ]
    return room_population(questionnaire, "FR", profiles)


def latest_eurostat(dataset: Dataset, size: str, geo: str) -> tuple[int, float]:
    """The newest published year of Eurostat's AI use for one size class and country."""
    rows = dataset.eurostat_cells()[("E_AI_TANY", size, "C10-S951_X_K", geo, "PC_ENT")]
    published = [r for r in rows if r["value"] is not None and r["value"] == r["value"]]
    newest = max(published, key=lambda r: int(r["year"]))
    return int(newest["year"]), float(newest["value"])


def test_a_french_room_gets_the_latest_french_figure_for_its_sizes(dataset, questionnaire) -> None:
    room = french_room(questionnaire, "10-19", "20-49", "20-49", "10-19", "10-19")
    assert room.frame.country == "FR" and room.country_from == "session"
    assert room.frame.headcount == Headcount(10, 49) and room.size_from == "answers"
    # AI use: Eurostat's French 10-49 class at its newest year, said of the room.
    figure = room_figure(dataset, questionnaire.question("q_any_ai"), room, "fr")
    year, value = latest_eurostat(dataset, "10-49", "FR")
    assert figure is not None and figure.member
    assert figure.figure_id == f"eurostat:E_AI_TANY:10-49:C10-S951_X_K:FR:{year}"
    assert figure.value == pytest.approx(value)
    # With no sector given, Eurostat (which covers some sectors only) cannot be said of the
    # room; INSEE's French 10-49 figure, with no sector limit, can.
    unknown = room_population(questionnaire, "FR", [({"size_class": "20-49"}, 5)])
    figure = room_figure(dataset, questionnaire.question("q_any_ai"), unknown, "fr")
    assert figure is not None and figure.member and figure.figure_id == "insee_ai_2024_10_49"
    # Leaders' own use: the end-2025 wave of Bpifrance Le Lab's series, not the end-2024
    # headline (31 %) the slide showed before.
    figure = room_figure(dataset, questionnaire.question("q_genai_self"), room, "fr")
    assert figure is not None and figure.member
    assert figure.figure_id == "genai_use_tpe_pme_2025"
    assert figure.value_text == f"55{NNBSP}%" and figure.period_text == "fin 2025"
    assert figure.organisation.startswith("Bpifrance Le Lab")


def test_a_room_spanning_two_eurostat_classes_gets_the_class_that_holds_both(
    dataset, questionnaire
) -> None:
    room = french_room(questionnaire, "10-19", "50-249", "20-49", "50-249", "10-19")
    assert room.frame.headcount == Headcount(10, 249)
    figure = room_figure(dataset, questionnaire.question("q_any_ai"), room, "en")
    year, _ = latest_eurostat(dataset, "GE10", "FR")
    assert figure is not None and figure.member
    assert figure.figure_id == f"eurostat:E_AI_TANY:GE10:C10-S951_X_K:FR:{year}"


def test_a_french_room_is_never_among_the_oecd_countries(dataset, questionnaire) -> None:
    # The OECD survey's seven countries do not include France: a labelled reference.
    room = french_room(questionnaire, "10-19", "20-49", "20-49", "10-19", "10-19")
    figure = room_figure(dataset, questionnaire.question("q_genai"), room, "fr")
    assert figure is not None and figure.figure_id == "oecd_genai_sme"
    assert not figure.member and figure.reason == "country"
    relation = figure_relation(dataset, figure, room, "fr")
    assert relation.startswith(f"Pour référence{NNBSP}:") and "France" in relation
    assert "parmi" not in relation


@pytest.mark.parametrize("sector", [None, "industry"])
def test_a_german_room_of_large_firms_gets_a_german_large_firm_figure_or_a_reference(
    dataset, questionnaire, sector: str | None
) -> None:
    profile = {"size_class": "250-4999"} | ({"sector": sector} if sector else {})
    room = room_population(questionnaire, "DE", [(profile, 5)])
    for question in questionnaire.questions:
        figure = room_figure(dataset, question, room, "en")
        if figure is None:
            continue
        relation = figure_relation(dataset, figure, room, "en")
        if figure.member:
            # Germany's own 250+ class (Eurostat), for a room whose sector it covers.
            assert figure.figure_id.startswith("eurostat:E_AI_TANY:GE250:")
            assert figure.figure_id.split(":")[4] == "DE"
        else:
            assert relation.startswith("For reference:"), relation
        assert "among" not in relation
    any_ai = room_figure(dataset, questionnaire.question("q_any_ai"), room, "en")
    assert any_ai is not None
    if sector is None:
        # Eurostat covers some sectors only and nobody said theirs: a reference, labelled.
        assert not any_ai.member and any_ai.reason == "sector_unknown"
    else:
        assert any_ai.member
    genai = room_figure(dataset, questionnaire.question("q_genai"), room, "en")
    assert genai is not None and not genai.member  # the OECD figures are SMEs (0-249)


def test_below_the_minimum_the_rooms_profiles_are_not_used(dataset, questionnaire) -> None:
    profiles = [({"size_class": "10-19", "country": "DE"}, MIN_GROUP - 1)]
    room = room_population(questionnaire, "FR", profiles)
    assert room.size_from == "too_few" and room.firms == ()
    assert room.frame == room_population(questionnaire, "FR", []).frame
    assert room.frame.country == "FR" and room.frame.headcount is None
    figure = room_figure(dataset, questionnaire.question("q_genai_self"), room, "en")
    assert figure is not None and not figure.member and figure.reason == "size_unknown"
    assert figure.figure_id == "genai_use_tpe_pme_2025"  # the latest period, as a reference


def test_one_participant_of_unknown_size_makes_every_figure_a_reference(
    dataset, questionnaire
) -> None:
    profiles = [({"size_class": "10-19"}, 4), ({"sector": "trade"}, 1)]
    room = room_population(questionnaire, "FR", profiles)
    assert room.size_from == "missing" and room.without_size == 1
    assert room.frame.headcount is None
    for question in questionnaire.questions:
        figure = room_figure(dataset, question, room, "en")
        assert figure is None or not figure.member
    assert describe_room(dataset, questionnaire, room, "en", MIN_GROUP) == (
        "France, the session's country · 1 participant gave no headcount"
    )


def test_a_participant_from_another_country_is_counted_as_such(dataset, questionnaire) -> None:
    # The session says France; one participant said Germany: French figures no longer
    # hold the whole room, the EU27's does.
    profiles = [({"size_class": "10-19", "sector": "industry"}, 4)]
    profiles.append(({"size_class": "20-49", "sector": "industry", "country": "DE"}, 1))
    room = room_population(questionnaire, "FR", profiles)
    figure = room_figure(dataset, questionnaire.question("q_any_ai"), room, "en")
    assert figure is not None and figure.member
    assert figure.figure_id.split(":")[4] == "EU27_2020"
    genai_self = room_figure(dataset, questionnaire.question("q_genai_self"), room, "en")
    assert genai_self is not None and not genai_self.member
    relation = figure_relation(dataset, genai_self, room, "en")
    assert relation == "For reference: it does not cover every country in the room"


def test_without_a_room_country_the_answers_say_it(dataset, questionnaire) -> None:
    same = room_population(questionnaire, None, [({"size_class": "10-19", "country": "FR"}, 5)])
    assert same.country_from == "answers" and same.frame.country == "FR"
    assert describe_room(dataset, questionnaire, same, "en", MIN_GROUP) == (
        "from the participants' answers: France, 10–19 employees"
    )
    mixed = room_population(
        questionnaire,
        None,
        [({"size_class": "10-19", "country": "FR"}, 3), ({"size_class": "10-19"}, 2)],
    )
    assert mixed.country_from == "mixed" and mixed.frame.country is None
    figure = room_figure(dataset, questionnaire.question("q_genai_self"), mixed, "en")
    assert figure is not None and not figure.member and figure.reason == "country_unknown"
    nobody = room_population(questionnaire, None, [])
    assert describe_room(dataset, questionnaire, nobody, "fr", MIN_GROUP) == (
        f"profils des participants pris en compte à partir de {MIN_GROUP}"
    )


def test_the_figure_is_the_same_whatever_the_count_below_and_above_k(
    dataset, questionnaire
) -> None:
    """The published figure never waits for k: 0, 4 and 5 answers all give one for every
    question that has a figure counting firms or leaders."""
    room = french_room(questionnaire, "10-19", "20-49", "20-49", "10-19", "10-19")
    for count in (0, MIN_GROUP - 1, MIN_GROUP):
        items = room_questions(dataset, questionnaire, [ALL_YES] * count, "fr", room=room)
        with_figure = {i.question_id for i in items if i.figure is not None}
        assert with_figure == {
            q.id for q in questionnaire.questions if room_figure(dataset, q, room, "fr")
        }
        assert "q_genai" in with_figure and "q_any_ai" in with_figure


def test_the_room_is_not_compared_with_employees_or_deployments(dataset, questionnaire) -> None:
    # q_impact's only figure counts deployments, not firms: no room comparison.
    question = questionnaire.question("q_impact")
    assert room_figure(dataset, question, UNKNOWN_ROOM, "en") is None


def test_a_question_without_figures_has_no_comparison(dataset, questionnaire) -> None:
    assert room_figure(dataset, questionnaire.question("q_policy"), UNKNOWN_ROOM, "en") is None


def test_a_room_nothing_is_known_of_gets_the_broadest_reference(dataset, questionnaire) -> None:
    figure = room_figure(dataset, questionnaire.question("q_genai"), UNKNOWN_ROOM, "en")
    assert figure is not None and figure.figure_id == "oecd_genai_sme"
    assert not figure.member and figure.reason == "country_unknown"


def test_the_join_link_is_written_for_typing() -> None:
    link = join_link("http://192.168.1.23:8501", "K7MQ4P", "fr")
    assert short_join(link) == "192.168.1.23:8501/join?code=K7MQ4P"


# --------------------------------------------------------------------------- room


def test_below_the_minimum_group_nothing_but_the_count_shows(dataset, questionnaire) -> None:
    answers = [{"q_genai": "yes"}] * (MIN_GROUP - 1)
    item = by_id(room_questions(dataset, questionnaire, answers, "en"), "q_genai")
    assert item.answered == MIN_GROUP - 1
    assert item.suppressed
    assert item.share is None and item.share_text is None and item.in_group is None
    assert item.options == ()
    assert item.figure is not None  # what the room will be compared with is no secret


def test_room_share_against_the_published_figure(dataset, questionnaire) -> None:
    answers = [{"q_genai": "yes"}] * 3 + [{"q_genai": "no"}] * 2 + [{"q_strategy": "yes"}]
    items = room_questions(dataset, questionnaire, answers, "fr")
    genai = by_id(items, "q_genai")
    assert not genai.suppressed
    assert genai.answered == 5  # the sixth participant skipped this question
    assert genai.in_group == 3
    assert genai.share == pytest.approx(60.0)
    assert genai.share_text == f"60{NNBSP}%"
    assert genai.group_answers == "Oui"
    # SMEs in the OECD survey's seven countries, named as such.
    assert genai.figure is not None and genai.figure.value_text == f"31{NNBSP}%"
    assert "OCDE" in genai.figure.population
    assert [(o.code, o.count) for o in genai.options] == [("yes", 3), ("no", 2)]
    # Only one person answered the strategy question: it stays hidden.
    assert by_id(items, "q_strategy").suppressed


def test_scale_questions_count_the_in_group_answers(dataset, questionnaire) -> None:
    answers = [{"q_essential": code} for code in ("1", "4", "5", "5", "3")]
    item = by_id(room_questions(dataset, questionnaire, answers, "en"), "q_essential")
    assert item.in_group == 3  # "4" and "5" count as "sees AI as essential"
    assert item.group_answers == "4, 5 – completely"


def test_questions_without_figure_show_the_spread(dataset, questionnaire) -> None:
    answers = [{"q_licences": c} for c in ("personal", "mixed", "mixed", "professional", "mixed")]
    item = by_id(room_questions(dataset, questionnaire, answers, "en"), "q_licences")
    assert item.figure is None and item.share is None
    assert [o.count for o in item.options] == [1, 3, 1, 0]  # nobody chose "no AI tool"
    assert [o.share_text for o in item.options] == ["20%", "60%", "20%", "0%"]


def test_invalid_answers_are_not_counted(dataset, questionnaire) -> None:
    answers = [{"q_genai": "yes"}] * 4 + [{"q_genai": "maybe"}, {"q_unknown": "yes"}]
    item = by_id(room_questions(dataset, questionnaire, answers, "en"), "q_genai")
    assert item.answered == 4 and item.suppressed


def test_a_session_subset_keeps_display_order(dataset, questionnaire) -> None:
    items = room_questions(dataset, questionnaire, [], "en", ["q_kpi", "q_genai", "q_nope"])
    assert [i.question_id for i in items] == ["q_genai", "q_kpi"]
    assert len(room_questions(dataset, questionnaire, [], "en")) == len(questionnaire.questions)


@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "q_genai": st.sampled_from(["yes", "no", "bogus"]),
                "q_essential": st.sampled_from(["1", "2", "3", "4", "5"]),
                "q_frequency": st.sampled_from(
                    ["never", "occasional", "weekly_one", "weekly_many"]
                ),
            },
        ),
        max_size=12,
    )
)
def test_no_share_is_ever_shown_below_the_minimum(
    dataset, questionnaire, answers: list[dict[str, str]]
) -> None:
    for item in room_questions(dataset, questionnaire, answers, "en"):
        if item.answered < MIN_GROUP:
            assert item.suppressed and item.share is None and not item.options
        else:
            assert not item.suppressed
            assert sum(o.count for o in item.options) == item.answered
            assert sum(o.share for o in item.options) == pytest.approx(100)


# --------------------------------------------------------------------------- pillars


def test_pillar_averages_are_suppressed_below_the_minimum(questionnaire) -> None:
    result = room_pillars(questionnaire, [ALL_YES] * (MIN_GROUP - 1))
    assert result.suppressed and result.pillars == {} and result.overall is None
    assert result.respondents == MIN_GROUP - 1


def test_pillar_averages_are_the_mean_of_benchmark_scores(questionnaire) -> None:
    room = [ALL_YES, ALL_YES, {"q_genai": "no"}, {"q_kpi": "yes"}, {"q_policy": "no"}]
    result = room_pillars(questionnaire, room)
    assert not result.suppressed
    assert set(result.pillars) == set(PILLARS)
    for pillar in PILLARS:
        expected = sum(score(questionnaire, a).pillars[pillar] for a in room) / len(room)
        assert result.pillars[pillar] == pytest.approx(expected)
    assert result.overall == pytest.approx(sum(result.pillars.values()) / len(PILLARS))


def test_participants_without_a_valid_answer_are_not_averaged(questionnaire) -> None:
    result = room_pillars(questionnaire, [ALL_YES] * MIN_GROUP + [{}, {"q_genai": "bogus"}])
    assert result.respondents == MIN_GROUP


def test_a_subset_session_averages_only_the_pillars_it_asked(questionnaire) -> None:
    ids = ["q_frequency", "q_strategy"]
    answers = [{"q_frequency": "weekly_many", "q_strategy": "yes"}] * 5
    result = room_pillars(questionnaire, answers, ids)
    assert set(result.pillars) == {"use", "strategy"}
    assert result.pillars["use"] == 100
    assert result.pillars["strategy"] == 100


# --------------------------------------------------------------------------- participant


def test_participant_result_on_a_subset(dataset, questionnaire) -> None:
    """The benchmark's own result on the session's questions: the score averages the asked
    pillars only, and nothing is said of a question the session did not ask."""
    ids = ["q_frequency", "q_genai", "q_strategy", "q_policy"]
    profile = Profile(size="20-49", country="FR")
    answers = {
        "q_frequency": "weekly_many",
        "q_genai": "yes",
        "q_strategy": "no",
        "q_policy": "yes",
    }
    mine = participant_result(dataset, questionnaire, answers, profile, "en", ids)
    assert mine.asked_pillars == ("strategy", "use", "governance")
    assert mine.pillars == {"use": 100, "strategy": 0, "governance": 100}
    assert mine.score.overall == 67  # mean of the asked pillars, half up
    # 67 is past the "structuring" threshold, but that stage says uses are tracked and
    # this session never asked about measurement: the stage cannot claim it.
    assert mine.score.stage == "experimenting"
    # What the next stage takes names measurement as not asked, not "n/a".
    assert "measurement at 50 or more (a pillar this session did not ask about)" in (
        mine.view.next_stage
    )
    assert "n/a" not in mine.view.next_stage
    assert mine.subset and (mine.asked, mine.total) == (4, len(questionnaire.questions))
    assert mine.score.total == 4 and mine.score.answered == 4
    # The engine is the benchmark's, on the session's questions.
    asked = session_questionnaire(questionnaire, ids)
    engine = result(dataset, asked, answers, profile, "en")
    assert mine.view == dataclasses.replace(engine, next_stage=mine.view.next_stage)
    said = [*mine.view.own_population(), *(i for g in mine.view.references for i in g.items)]
    assert said and {s.comparison.question_id for s in said} <= set(ids)
    assert all(b.question_id in ids for b in mine.view.official)
    # A French firm of 20–49 is a PME-ETI: its own population comes first, as membership.
    assert mine.view.own[0].comparison.question_id == "q_strategy"
    assert all(s.comparison.member for s in mine.view.own)
    assert 3 <= len(mine.view.steps) <= 5
    # The share token holds the answers and the profile, in the benchmark's own format.
    state, problems = decode(mine.token, questionnaire)
    assert problems == [] and dict(state.answers) == answers and state.profile == profile


def test_participant_result_is_the_benchmarks_result_for_its_share_link(
    dataset, questionnaire
) -> None:
    """With every question asked, the phone's result is the one the benchmark page shows
    for the share token: the same score, population, steps and references."""
    answers = {q.id: q.codes[0] for q in questionnaire.questions}
    profile = Profile(size="50-249", sector="construction", country="FR")
    for ids in ([], [q.id for q in questionnaire.questions]):
        mine = participant_result(dataset, questionnaire, answers, profile, "fr", ids)
        assert not mine.subset
        assert mine.asked_pillars == PILLARS
        state, problems = decode(mine.token, questionnaire)
        assert problems == []
        assert mine.view == result(dataset, questionnaire, state.answers, state.profile, "fr")
        assert mine.score == score(questionnaire, answers)


def test_participant_result_drops_what_the_session_does_not_offer(dataset, questionnaire) -> None:
    """Answers to questions the session did not ask, and profile codes nobody offers, are
    neither scored nor carried in the link."""
    answers = {"q_genai": "yes", "q_strategy": "yes", "q_kpi": "maybe"}
    mine = participant_result(
        dataset, questionnaire, answers, Profile(size="huge", country="FR"), "en", ["q_genai"]
    )
    assert dict(mine.state.answers) == {"q_genai": "yes"}
    assert mine.state.profile == Profile(country="FR")
    state, _ = decode(mine.token, questionnaire)
    assert dict(state.answers) == {"q_genai": "yes"}


def test_session_questionnaire_falls_back_to_everything(questionnaire) -> None:
    assert session_questionnaire(questionnaire, ()) is questionnaire
    assert session_questionnaire(questionnaire, ["q_gone"]) is questionnaire
    assert session_questionnaire(questionnaire, ["q_kpi"]).ids == ("q_kpi",)


def test_profile_keeps_size_sector_and_country_only() -> None:
    profile = Profile(size="10-49", sector="industry", country="FR")
    stored = profile_to_store(profile)
    assert stored == {"size_class": "10-49", "sector": "industry", "country": "FR"}
    assert profile_from_store(stored) == profile
    assert profile_from_store({**stored, "city": "Lyon"}) == profile
    assert profile_to_store(Profile(country="DE")) == {"country": "DE"}
    assert profile_to_store(Profile()) == {}


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    ("page_url", "base"),
    [
        ("http://localhost:8501/workshop", "http://localhost:8501"),
        ("http://localhost:8501/workshop/", "http://localhost:8501"),
        ("http://localhost:8501", "http://localhost:8501"),
        ("http://localhost:8501/", "http://localhost:8501"),
        ("https://ai.example.org/bench/workshop", "https://ai.example.org/bench"),
        ("https://ai.example.org/bench/presenter?code=X#top", "https://ai.example.org/bench"),
        ("https://ai.example.org/bench", "https://ai.example.org/bench"),
        ("https://ai.example.org/workshops-app", "https://ai.example.org/workshops-app"),
        (None, ""),
        ("", ""),
    ],
)
def test_app_base_strips_the_page_path(page_url: str | None, base: str) -> None:
    assert app_base(page_url) == base


def test_join_link_holds_code_and_language_and_no_secret() -> None:
    link = join_link("https://ai.example.org/bench", "K7MQ4P", "fr")
    assert link == "https://ai.example.org/bench/join?code=K7MQ4P&lang=fr"
    assert "key" not in link


# The projector opens in Streamlit's embed mode: no top bar, menu or "running" indicator.
def test_the_facilitator_link_carries_the_key() -> None:
    parts = urlsplit(facilitator_link("http://h:8501/", "K7MQ4P", SECRET, "en"))
    assert parts.path == "/workshop"
    assert parse_qs(parts.query) == {"code": ["K7MQ4P"], "key": [SECRET], "lang": ["en"]}


def test_the_presenter_link_carries_a_view_token_never_a_key() -> None:
    parts = urlsplit(presenter_link("http://h:8501/", "K7MQ4P", "abc.def", "en"))
    assert parts.path == "/presenter"
    expected = {"code": ["K7MQ4P"], "view": ["abc.def"], "lang": ["en"], "embed": ["true"]}
    assert parse_qs(parts.query) == expected


def test_a_key_with_url_characters_is_encoded() -> None:
    link = facilitator_link("http://h", "K7MQ4P", "a&b=c d", "en")
    assert parse_qs(urlsplit(link).query)["key"] == ["a&b=c d"]


@pytest.mark.parametrize(
    ("base", "local"),
    [("http://localhost:8501", True), ("http://127.0.0.1:8620", True),
     ("http://192.168.1.20:8501", False), ("https://ai.example.org", False)],
)  # fmt: skip
def test_is_local(base: str, local: bool) -> None:
    assert is_local(base) is local


# --------------------------------------------------------------------------- QR code

LINK = "https://ai.example.org/bench/join?code=K7MQ4P&lang=fr"


def test_qr_svg_is_a_valid_svg_document() -> None:
    svg = qr_svg(LINK)
    assert svg.startswith(b"<?xml")
    root = ET.fromstring(svg)  # noqa: S314 - our own SVG, not untrusted input
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    size = (segno.make(LINK, error="m").symbol_size(scale=8, border=4))[0]
    assert int(root.get("width")) == size


def test_qr_png_is_a_valid_png_of_the_expected_size() -> None:
    png = qr_png(LINK, scale=10)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    modules = segno.make(LINK, error="m").symbol_size(scale=1, border=4)[0]
    assert width == height == modules * 10


# --------------------------------------------------------------------------- text, settings


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "![img](http://x/y.png)",
        ":red[alert] :material/warning:",
        "$x^2$ **bold** _it_ `code` # not a heading",
        "&lt;b&gt; entity",
        "C:\\path\\to",
    ],
)
def test_escape_markdown_leaves_no_markup(title: str) -> None:
    escaped = escape_markdown(title)
    # Every Markdown/HTML/directive character is backslash-escaped...
    assert not re.search(r"(?<!\\)[<>\[\]()*_`$:&!#]", escaped.replace("\\\\", ""))
    # ...and removing the escapes gives the title back, as typed.
    assert re.sub(r"\\(.)", r"\1", escaped) == title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"16{NNBSP}%", f"16{NNBSP}%"),
        (f"« Atelier{NNBSP}» du 3{NBSP}mars{NNBSP}: 84{NNBSP}%{NNBSP}?", f"« Atelier{NNBSP}» du 3{NBSP}mars{NNBSP}\\: 84{NNBSP}%{NNBSP}?"),
        (f"a{NNBSP}{NNBSP}b", f"a{NNBSP}{NNBSP}b"),  # typed twice, kept twice
    ],
)  # fmt: skip
def test_escape_markdown_keeps_no_break_spaces(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Atelier\n\n  IA\t\tPME  ", "Atelier IA PME"),
        ("a\r\nb\x0bc\x0cd", "a b c d"),
        (f"\n16{NNBSP}%\t de\n\nla salle ", f"16{NNBSP}% de la salle"),
        (f"{NBSP}titre{NNBSP}", "titre"),  # the ends are trimmed, as before
        ("\u2028a\u3000 b\x85", "a b"),  # other breakable spaces still collapse
    ],
)  # fmt: skip
def test_escape_markdown_still_collapses_breakable_whitespace(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


@pytest.mark.parametrize(
    ("raw", "days"),
    [(None, DEFAULT_RETENTION_DAYS), ("7", 7), (" 90 ", 90), ("0", DEFAULT_RETENTION_DAYS),
     ("-3", DEFAULT_RETENTION_DAYS), ("abc", DEFAULT_RETENTION_DAYS), ("٣", DEFAULT_RETENTION_DAYS),
     ("999999", DEFAULT_RETENTION_DAYS)],
)  # fmt: skip
def test_retention_days_from_the_environment(raw: str | None, days: int) -> None:
    env = {} if raw is None else {"ADOPTION_RETENTION_DAYS": raw}
    assert retention_days(env) == days


# --------------------------------------------------------------------------- from the tally


def _room(questionnaire: Questionnaire, people: int, seed: int = 7) -> list[dict[str, str]]:
    import random

    chance = random.Random(seed)  # noqa: S311 - made-up answers
    return [{q.id: chance.choice(q.codes) for q in questionnaire.questions} for _ in range(people)]


@pytest.mark.parametrize("people", [3, 4, 5, 12])
def test_the_tally_gives_what_the_answers_give(dataset, questionnaire, people: int) -> None:
    from adoption.workshop import answer_counts, room_questions_from_counts

    room = [*_room(questionnaire, people), {"q_genai": "bogus"}]
    counts = answer_counts(questionnaire, room)
    counts.setdefault("q_genai", {})["bogus"] = 1  # the store keeps any code: ignored
    assert room_questions_from_counts(dataset, questionnaire, counts, "fr") == room_questions(
        dataset, questionnaire, room, "fr"
    )


@pytest.mark.parametrize("people", [4, 5, 9])
def test_pillar_averages_from_the_stored_scores(questionnaire, people: int) -> None:
    from adoption.workshop import participant_scores, room_pillars_from_means

    room = _room(questionnaire, people)
    per_person = [participant_scores(questionnaire, given) for given in room]
    means = {}
    for pillar in PILLARS:
        values = [s[pillar] for s in per_person if pillar in s]
        if values:
            means[pillar] = (sum(values) / len(values), len(values))
    expected = room_pillars(questionnaire, room)
    got = room_pillars_from_means(questionnaire, means, people)
    assert got.suppressed == expected.suppressed == (people < MIN_GROUP)
    assert got.pillars == pytest.approx(expected.pillars)
    assert participant_scores(questionnaire, {"q_genai": "bogus"}) == {}


@pytest.mark.parametrize(
    ("action", "slide", "revealed", "showable", "expected"),
    [
        ("next", 0, False, True, (1, False)),  # from the join slide to the first question
        ("next", 1, False, True, (1, True)),  # a question is revealed before moving on
        ("next", 1, True, True, (2, False)),
        ("next", 1, False, False, (2, False)),  # nothing to reveal: move on
        ("next", 5, False, True, (5, False)),  # the closing slide is the last
        ("prev", 2, True, True, (1, False)),
        ("prev", 0, False, True, (0, False)),
        ("reveal", 2, False, True, (2, True)),
        ("reveal", 2, True, True, (2, False)),
        ("reveal", 0, False, True, (0, False)),  # nothing to reveal on the join slide
        ("next", 99, False, True, (5, False)),  # a slide beyond a shortened deck
    ],
)
def test_slides_move_like_a_quiz_tool(
    action: str, slide: int, revealed: bool, showable: bool, expected: tuple[int, bool]
) -> None:
    from adoption.workshop import next_slide

    assert next_slide(action, slide, revealed, 6, showable=showable) == expected


def test_links_use_the_network_address_for_phones() -> None:
    from adoption.workshop import lan_address, on_network, short_address

    assert on_network("http://localhost:8501", "192.168.1.23") == "http://192.168.1.23:8501"
    assert on_network("http://127.0.0.1:8501/app", "10.0.0.5") == "http://10.0.0.5:8501/app"
    assert on_network("https://adoption.example.org", "10.0.0.5") == (
        "https://adoption.example.org"
    ), "a real host is kept"
    assert on_network("http://localhost:8501", None) == "http://localhost:8501"
    assert short_address("http://192.168.1.23:8501/join?code=K7MQ4P") == "192.168.1.23:8501/join"
    found = lan_address()  # no network needed; None on a machine with loopback only
    assert found is None or not found.startswith("127.")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_room_report_holds_the_count_and_every_question(
    dataset, questionnaire, lang: str
) -> None:
    import io

    from pypdf import PdfReader

    from adoption.room_report import build_room_pdf

    room = _room(questionnaire, 6)
    items = room_questions(dataset, questionnaire, room, lang)
    pdf = build_room_pdf(
        "Club <Lyon>", "K7MQ4P", 6, items, room_pillars(questionnaire, room), lang, min_group=5
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Club <Lyon>" in flat and "K7MQ4P" in flat
    assert "6 participants" in flat
    for item in items:
        assert " ".join(item.label.split())[:40] in flat, item.question_id
    assert "OECD" in flat or "OCDE" in flat


# --------------------------------------------------------------------------- fakes vs k


def test_the_minimum_group_counts_devices_that_joined_from_the_projected_code() -> None:
    assert group_shown(MIN_GROUP, None), "nobody admitted (no projector): today's rule"
    assert not group_shown(MIN_GROUP - 1, None)
    assert not group_shown(MIN_GROUP, 1), "four fakes and one real participant"
    assert not group_shown(MIN_GROUP + 10, MIN_GROUP - 1)
    assert group_shown(MIN_GROUP + 3, MIN_GROUP)


def test_four_fakes_and_one_admitted_participant_reveal_nothing(dataset, questionnaire) -> None:
    # Four scripted "no" from the typed code, one real "yes" from the projected code.
    counts = {"q_genai": {"no": MIN_GROUP - 1, "yes": 1}}
    (item,) = room_questions_from_counts(
        dataset, questionnaire, counts, "en", ("q_genai",), admitted={"q_genai": 1}
    )
    assert item.answered == MIN_GROUP and item.suppressed
    assert item.admitted_missing == MIN_GROUP - 1, "four more from the room's devices"
    assert item.options == () and item.share is None and item.in_group is None
    (shown,) = room_questions_from_counts(dataset, questionnaire, counts, "en", ("q_genai",))
    assert not shown.suppressed, "the same counts without admissions: today's rule shows them"
    means = {"strategy": (26.0, MIN_GROUP)}
    pillars = room_pillars_from_means(questionnaire, means, MIN_GROUP, admitted_scored=1)
    assert pillars.suppressed and pillars.overall is None
    assert pillars.admitted_missing == MIN_GROUP - 1
    assert not room_pillars_from_means(questionnaire, means, MIN_GROUP).suppressed


def test_the_rooms_profiles_are_not_used_with_too_few_admitted(questionnaire) -> None:
    profiles = [({"country": "FR", "size_class": "10-49"}, MIN_GROUP)]
    fake_room = room_population(questionnaire, None, profiles, admitted=1)
    assert fake_room.firms == () and fake_room.size_from == "too_few"
    assert room_population(questionnaire, None, profiles, admitted=MIN_GROUP).firms != ()


def test_the_join_link_carries_the_token_once() -> None:
    link = join_link("https://x.example/app", "K7MQ4P", "fr")
    assert with_join_token(link, "") == link
    tokened = with_join_token(with_join_token(link, "old-token-abcdef"), "new-token-abcdef")
    assert parse_qs(urlsplit(tokened).query) == {
        "code": ["K7MQ4P"],
        "lang": ["fr"],
        "t": ["new-token-abcdef"],
    }
