"""Workshop mode without Streamlit: the room's answers against the published figures, links, QR.

A facilitator's session collects anonymous submissions (see :mod:`adoption.store`). This
module turns them into what the projector shows and what participants open:

- :func:`room_population` says who the room is (the session's country, the participants'
  headcounts, sectors and countries) and :func:`room_figure` picks, for one question, the
  published figure for that population with the benchmark's own engine
  (:func:`adoption.benchmark.question_comparisons`): the most specific population that
  holds every firm in the room, at its latest period, else the closest labelled reference.
- :func:`room_questions` gives, per question, how many answered, the room's share in the
  group the figure describes ("room: 45 %"), that figure ("French TPE-PME: 55 %") and the
  spread of answers. Below :data:`MIN_GROUP` answers a question shows nothing of the room
  but its count, so that no single participant's answer can be read off the screen; the
  published figure is no secret and always shows.
- :func:`room_pillars` averages the maturity score of :func:`adoption.benchmark.score`
  across the room, under the same minimum.
- :func:`participant_result` is one participant's own result, built by the benchmark's
  engine (:func:`adoption.standing.result`) on the session's questions, with the token of
  the benchmark's share link (:func:`adoption.urlstate.encode`) that reopens it.
- :func:`app_base`, :func:`join_link`, :func:`facilitator_link` and :func:`presenter_link`
  build absolute links from the page URL Streamlit reports; :func:`qr_svg`,
  :func:`qr_png` and :func:`qr_modules` draw the join link as a QR code, locally, with
  segno.

A session may ask only some of the questions: scores are then computed on those questions
only (a pillar nobody was asked about is left out rather than shown as 0).
"""

from __future__ import annotations

import dataclasses
import io
import ipaddress
import os
import re
import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import segno

from adoption.benchmark import (
    MaturityScore,
    Profile,
    firm_of,
    format_headcount,
    mid_sentence,
    next_stage,
    question_comparisons,
    score,
)
from adoption.dataset import Dataset
from adoption.i18n import fmt_pct, round_half_up, t, tn
from adoption.peers import Release, RoomAmongPeers, room_among
from adoption.population import MEMBER_COUNTS, Firm, Headcount
from adoption.questionnaire import PILLARS, Question, Questionnaire
from adoption.standing import Result, result
from adoption.urlstate import State, encode

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "MIN_GROUP",
    "PAGE_PATHS",
    "RETENTION_ENV",
    "OptionShare",
    "ParticipantResult",
    "PublishedFigure",
    "RoomPillars",
    "RoomPopulation",
    "RoomQuestion",
    "answer_counts",
    "app_base",
    "asked_pillars",
    "describe_room",
    "escape_markdown",
    "facilitator_link",
    "figure_relation",
    "group_shown",
    "is_local",
    "join_link",
    "lan_address",
    "next_slide",
    "on_network",
    "participant_result",
    "participant_scores",
    "presenter_link",
    "profile_from_store",
    "profile_to_store",
    "qr_modules",
    "qr_png",
    "qr_svg",
    "retention_days",
    "room_figure",
    "room_peers",
    "room_pillars",
    "room_pillars_from_means",
    "room_population",
    "room_questions",
    "room_questions_from_counts",
    "session_questionnaire",
    "session_score",
    "short_address",
    "short_join",
    "with_join_token",
]

# Fewer answers than this and a share would let the room guess who answered what.
MIN_GROUP = 5


def group_shown(answered: int, admitted: int | None, min_group: int = MIN_GROUP) -> bool:
    """Whether the room's numbers over ``answered`` respondents may be shown.

    At least ``min_group`` answered and, when the session has devices that joined from the
    projected code (``admitted`` is how many of them are among the respondents; None when
    nobody was admitted, a session run without the projector), at least ``min_group`` of
    those: four scripted devices that only know the typed code cannot make up the group
    around one real participant.
    """
    return answered >= min_group and (admitted is None or admitted >= min_group)


RETENTION_ENV = "ADOPTION_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30
# The app's own page paths (``url_path`` in app.py): stripped from a page URL to find the
# app's base, so links work whichever page builds them and under a hosting sub-path.
PAGE_PATHS = ("workshop", "join", "presenter", "explore", "sources", "benchmark")
# Profile keys as the store and the export keep them (see adoption.exports.PROFILE_COLUMNS).
STORE_PROFILE = {"size": "size_class", "sector": "sector", "country": "country"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# Runs of breakable whitespace (spaces, tabs, line breaks…), but not the no-break spaces
# French typography puts before % : ; ? ! and inside « » (U+202F, U+00A0, U+2007):
# `str.split()` would turn "16\u202f%" into "16 %", free to break between 16 and %.
_BREAKABLE_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class PublishedFigure:
    """The published figure a question's room share is set against, with its population.

    ``member``: its population holds every firm in the room (see :class:`RoomPopulation`);
    otherwise it is a labelled reference and ``reason`` says why (one of
    :data:`adoption.population.REASONS`).
    """

    figure_id: str
    label: str
    value: float
    value_text: str
    population: str
    period: str
    period_text: str
    organisation: str
    member: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class RoomPopulation:
    """Who the room is, for the figure each question's slide sets it against.

    ``frame`` is the room as the benchmark engine reads one firm: it names the candidate
    figures (its country's and the EU27's Eurostat cells for its size class and sector)
    and the closest reference. Its country is the session's, else the one country every
    participant gave; its headcount the narrowest range holding every participant's band
    (None unless each gave one); its sector the one they all share, else None.
    ``firms`` are the participants' own firms, each distinct one once (a participant
    without a country counts in the session's): a figure is said of the room only when
    its population holds every one of them.

    Below ``min_group`` participants their profiles are not used at all (they would tell
    who is in the room): ``firms`` is empty and the frame holds only the session's country.
    ``country_from`` is ``session``, ``answers``, ``mixed`` (several countries, or some
    unknown) or ``none``; ``size_from`` is ``answers``, ``missing`` (``without_size``
    participants gave none), ``none`` (nobody did) or ``too_few``.
    """

    frame: Firm
    firms: tuple[Firm, ...] = ()
    country_from: str = "none"
    size_from: str = "too_few"
    respondents: int = 0
    without_size: int = 0


UNKNOWN_ROOM = RoomPopulation(Firm(country=None, headcount=None, sector=None, answers={}))


@dataclass(frozen=True)
class OptionShare:
    """How many in the room picked one answer option, and their share of those who answered."""

    code: str
    label: str
    count: int
    share: float
    share_text: str
    in_group: bool


@dataclass(frozen=True)
class RoomQuestion:
    """The room's answers to one question; the numbers are None while suppressed."""

    question_id: str
    label: str
    answered: int
    suppressed: bool
    in_group: int | None
    share: float | None
    share_text: str | None
    group_answers: str  # the answers that count as "in the group", e.g. "Oui" or "4, 5"
    options: tuple[OptionShare, ...]
    figure: PublishedFigure | None
    # Answers from devices that joined from the projected code still needed before the
    # numbers show (0: none, or nobody joined that way; see group_shown).
    admitted_missing: int = 0


@dataclass(frozen=True)
class RoomPillars:
    """Average maturity score of the room, per pillar asked about (None while suppressed)."""

    respondents: int
    suppressed: bool
    pillars: dict[str, float]
    overall: float | None
    admitted_missing: int = 0  # as RoomQuestion.admitted_missing


@dataclass(frozen=True)
class ParticipantResult:
    """One participant's own result: the benchmark's result on the session's questions.

    ``view`` is what the benchmark page shows for the same answers and profile, computed on
    the questions this session asked (a question it did not ask is never compared, and the
    score averages only the pillars it asked about). ``token`` is the benchmark's share
    token for the same answers and profile (it holds them: nothing is stored behind it).
    """

    view: Result
    state: State  # the answers valid for the session, and the profile
    token: str
    asked_pillars: tuple[str, ...]  # the pillars the session asked about, in PILLARS order
    asked: int  # how many questions the session asks
    total: int  # how many the benchmark asks

    @property
    def score(self) -> MaturityScore:
        return self.view.score

    @property
    def pillars(self) -> dict[str, int]:
        """The score of each pillar the session asked about that has one."""
        return {
            p: value for p in self.asked_pillars if (value := self.score.pillars[p]) is not None
        }

    @property
    def subset(self) -> bool:
        """The session asked only some of the benchmark's questions: the benchmark page,
        which asks all of them, counts the others as unanswered."""
        return self.asked < self.total


# --------------------------------------------------------------------------- settings


def retention_days(environ: Mapping[str, str] | None = None) -> int:
    """Days a session is kept: ``$ADOPTION_RETENTION_DAYS`` when a positive integer, else 30."""
    env = os.environ if environ is None else environ
    raw = str(env.get(RETENTION_ENV, "")).strip()
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 36_500:
        return int(raw)
    return DEFAULT_RETENTION_DAYS


# --------------------------------------------------------------------------- text


def escape_markdown(text: str) -> str:
    """``text`` with every Markdown, HTML and Streamlit directive character backslash-escaped.

    For user text (session titles) shown through ``st.markdown``/``st.title``: it then reads
    exactly as typed, never as a link, an image, colour markup, LaTeX or HTML. Line breaks,
    tabs and runs of spaces become one space and the ends are trimmed; no-break spaces
    (U+00A0, U+202F, U+2007) are kept as typed, so ``16\u202f%`` never splits across lines.
    """
    collapsed = _BREAKABLE_SPACES.sub(" ", text).strip()
    return _MARKDOWN_SPECIAL.sub(r"\\\1", collapsed)


# --------------------------------------------------------------------------- questions


def session_questionnaire(
    questionnaire: Questionnaire, question_ids: Sequence[str]
) -> Questionnaire:
    """The questionnaire limited to a session's questions (all of them when none is named).

    Unknown ids are ignored; if none is known, the whole questionnaire is used.
    """
    wanted = set(question_ids)
    if not wanted:
        return questionnaire
    kept = tuple(q for q in questionnaire.questions if q.id in wanted)
    if not kept:
        return questionnaire
    return dataclasses.replace(questionnaire, questions=kept)


def asked_pillars(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The pillars a questionnaire (a session's) has at least one scored question for."""
    return tuple(
        p for p in PILLARS if any(q.scored and q.max_points > 0 for q in questionnaire.by_pillar(p))
    )


def room_population(
    questionnaire: Questionnaire,
    country: str | None,
    profiles: Iterable[tuple[Mapping[str, str], int]],
    *,
    min_group: int = MIN_GROUP,
    admitted: int | None = None,
) -> RoomPopulation:
    """The room as :class:`RoomPopulation`, from the session's ``country`` (a geo code or
    None) and the distinct ``profiles`` participants gave, each with how many gave it (as
    the store keeps them: ``size_class``, ``sector``, ``country``). ``admitted``: how many
    respondents joined from the projected code (None: nobody did); profiles are used only
    when :func:`group_shown`."""
    known = {c.code for c in questionnaire.countries}
    session = country if country in known and country != "other" else None
    given = [(stored, n) for stored, n in profiles if n > 0]
    respondents = sum(n for _, n in given)
    if not group_shown(respondents, admitted, min_group):
        frame = Firm(country=session, headcount=None, sector=None, answers={})
        origin = "session" if session else "none"
        return RoomPopulation(frame, (), origin, "too_few", respondents)
    firms: dict[tuple[str | None, Headcount | None, str | None], Firm] = {}
    weights: dict[tuple[str | None, Headcount | None, str | None], int] = {}
    for stored, n in given:
        profile = profile_from_store(stored)
        if session and not profile.country:
            profile = dataclasses.replace(profile, country=session)
        firm = firm_of(questionnaire, profile, {})
        key = (firm.country, firm.headcount, firm.sector)
        firms.setdefault(key, firm)
        weights[key] = weights.get(key, 0) + n
    countries = {key[0] for key in firms}
    place: str | None = session
    country_from = "session"
    if not session:
        stated = {c for c in countries if c is not None}
        place = next(iter(stated)) if len(countries) == 1 and stated else None
        country_from = "answers" if place else "mixed" if stated else "none"
    bands = [key[1] for key in firms if key[1] is not None]
    without_size = sum(n for key, n in weights.items() if key[1] is None)
    span: Headcount | None = None
    if bands and not without_size:
        high = None if any(b.high is None for b in bands) else max(b.high or 0 for b in bands)
        span = Headcount(min(b.low for b in bands), high)
    size_from = "answers" if span else "missing" if bands else "none"
    sectors = {key[2] for key in firms}
    sector = next(iter(sectors)) if len(sectors) == 1 else None
    frame = Firm(country=place, headcount=span, sector=sector, answers={})
    return RoomPopulation(
        frame, tuple(firms.values()), country_from, size_from, respondents, without_size
    )


def room_figure(
    dataset: Dataset, question: Question, room: RoomPopulation, lang: str
) -> PublishedFigure | None:
    """The figure the room is set beside for ``question``, or None.

    The benchmark's own choice for the room (:func:`adoption.benchmark.question_comparisons`
    with the room's frame and firms): the most specific population that holds every firm
    in the room (official statistics first, a country before a group, the narrowest
    headcount range, the latest period), else the closest reference, labelled. Only
    figures that count firms or leaders: a share of deployments or employees is not set
    beside a share of the room's firms. The slide always names the figure's population:
    a room is not a sample of it."""
    comparisons = question_comparisons(dataset, question, room.frame, None, lang, within=room.firms)
    chosen = next(
        (
            c
            for c in comparisons
            if c.population_spec is not None and c.population_spec.counts in MEMBER_COUNTS
        ),
        None,
    )
    if chosen is None:
        return None
    return PublishedFigure(
        figure_id=chosen.figure_id,
        label=chosen.label,
        value=chosen.value,
        value_text=chosen.value_text,
        population=chosen.population,
        period=chosen.period,
        period_text=chosen.period_text,
        organisation=chosen.organisation,
        member=chosen.member,
        reason=chosen.reason,
    )


def describe_room(
    dataset: Dataset,
    questionnaire: Questionnaire,
    room: RoomPopulation,
    lang: str,
    min_group: int,
) -> str:
    """Who the room is, in one line, and where each fact comes from: "France, the
    session's country · from the participants' answers: 10–249 employees, manufacturing"."""
    parts: list[str] = []
    facts: list[str] = []
    frame = room.frame
    if room.country_from == "session" and frame.country:
        place = dataset.place_name(frame.country, lang)
        parts.append(t("ws.room.country.session", lang, country=place))
    elif room.size_from != "too_few":
        if room.country_from == "answers" and frame.country:
            facts.append(dataset.place_name(frame.country, lang))
        elif room.country_from == "mixed":
            facts.append(t("ws.room.country.mixed", lang))
        else:
            parts.append(t("ws.room.country.none", lang))
    if room.size_from == "answers" and frame.headcount is not None:
        facts.append(format_headcount(frame.headcount, lang))
    sector = next((o for o in questionnaire.sectors if o.nace and o.nace == frame.sector), None)
    if sector is not None and room.size_from != "too_few":
        facts.append(mid_sentence(sector.label(lang)))
    if facts:
        parts.append(t("ws.room.from_answers", lang, facts=", ".join(facts)))
    if room.size_from == "too_few":
        parts.append(t("ws.room.size.too_few", lang, min=min_group))
    elif room.size_from == "missing":
        parts.append(tn("ws.room.size.missing", room.without_size, lang))
    elif room.size_from == "none":
        parts.append(t("ws.room.size.none", lang))
    return " · ".join(parts)


def figure_relation(
    dataset: Dataset, figure: PublishedFigure, room: RoomPopulation, lang: str
) -> str:
    """How the figure's population stands to the room: it holds every firm in the room,
    or it is a reference, and why (for a room in one country, naming it)."""
    if figure.member:
        return t("ws.room.member", lang)
    country = room.frame.country
    if figure.reason == "country" and country and all(f.country == country for f in room.firms):
        place = dataset.place_name(country, lang)
        return t("ws.room.reason.country_not_in", lang, country=place)
    return t(f"ws.room.reason.{figure.reason or 'unit'}", lang)


def _validator(questionnaire: Questionnaire) -> Callable[[Mapping[str, str]], dict[str, str]]:
    """A fast equivalent of ``questionnaire.valid_answers`` for many participants."""
    codes = {q.id: frozenset(q.codes) for q in questionnaire.questions}

    def valid(answers: Mapping[str, str]) -> dict[str, str]:
        return {k: v for k, v in answers.items() if v in codes.get(k, ())}

    return valid


def answer_counts(
    questionnaire: Questionnaire, answers: Iterable[Mapping[str, str]]
) -> dict[str, dict[str, int]]:
    """Per question, how many participants gave each valid answer (as the store tallies)."""
    valid = _validator(questionnaire)
    counts: dict[str, dict[str, int]] = {}
    for given in answers:
        for question_id, code in valid(given).items():
            per = counts.setdefault(question_id, {})
            per[code] = per.get(code, 0) + 1
    return counts


def room_questions(
    dataset: Dataset,
    questionnaire: Questionnaire,
    answers: Iterable[Mapping[str, str]],
    lang: str,
    question_ids: Sequence[str] = (),
    *,
    min_group: int = MIN_GROUP,
    room: RoomPopulation = UNKNOWN_ROOM,
) -> list[RoomQuestion]:
    """Per question of the session, in display order: the room against the published figure.

    ``answers`` holds one mapping per participant (question id → answer code); answers the
    questionnaire does not know are ignored. See :func:`room_questions_from_counts`.
    """
    counts = answer_counts(questionnaire, answers)
    return room_questions_from_counts(
        dataset, questionnaire, counts, lang, question_ids, min_group=min_group, room=room
    )


def room_questions_from_counts(
    dataset: Dataset,
    questionnaire: Questionnaire,
    counts: Mapping[str, Mapping[str, int]],
    lang: str,
    question_ids: Sequence[str] = (),
    *,
    min_group: int = MIN_GROUP,
    room: RoomPopulation = UNKNOWN_ROOM,
    admitted: Mapping[str, int] | None = None,
) -> list[RoomQuestion]:
    """Per question of the session, from the room's counts (question → answer → people).

    Codes the question does not offer are ignored. A question answered by fewer than
    ``min_group`` participants, or (``admitted``: question → respondents who joined from
    the projected code, None when nobody did) by fewer than ``min_group`` admitted ones, is
    ``suppressed`` (:func:`group_shown`): its count is given and nothing else of the
    room. The figure is chosen for ``room`` (:func:`room_figure`; a room nothing is
    known of by default) and given whatever the count.
    """
    asked = session_questionnaire(questionnaire, question_ids)
    result: list[RoomQuestion] = []
    for question in asked.questions:
        given = {o.code: int(counts.get(question.id, {}).get(o.code, 0)) for o in question.options}
        answered = sum(given.values())
        figure = room_figure(dataset, question, room, lang)
        group_answers = ", ".join(
            o.label(lang) for o in question.options if o.code in question.in_group
        )
        # Below the minimum group size nothing but the count is computed, so nothing leaks.
        from_room = None if admitted is None else admitted.get(question.id, 0)
        suppressed = not group_shown(answered, from_room, min_group)
        options: tuple[OptionShare, ...] = ()
        in_group = share = share_text = None
        if not suppressed:
            options = tuple(
                OptionShare(
                    code=o.code,
                    label=o.label(lang),
                    count=given[o.code],
                    share=100 * given[o.code] / answered,
                    share_text=fmt_pct(round_half_up(100 * given[o.code] / answered), lang),
                    in_group=o.code in question.in_group,
                )
                for o in question.options
            )
            if question.in_group:
                in_group = sum(n for code, n in given.items() if code in question.in_group)
                share = 100 * in_group / answered
                share_text = fmt_pct(round_half_up(share), lang)
        result.append(
            RoomQuestion(
                question_id=question.id,
                label=question.label(lang),
                answered=answered,
                suppressed=suppressed,
                in_group=in_group,
                share=share,
                share_text=share_text,
                group_answers=group_answers,
                options=options,
                figure=figure,
                admitted_missing=0 if from_room is None else max(0, min_group - from_room),
            )
        )
    return result


def participant_scores(
    questionnaire: Questionnaire, answers: Mapping[str, str], question_ids: Sequence[str] = ()
) -> dict[str, float]:
    """One participant's score per pillar the session asked about (what the store keeps
    for the room's averages); empty when no answer is valid."""
    asked = session_questionnaire(questionnaire, question_ids)
    clean = _validator(asked)(answers)
    if not clean:
        return {}
    result = score(asked, clean)
    return {
        p: float(value) for p in asked_pillars(asked) if (value := result.pillars[p]) is not None
    }


def room_pillars_from_means(
    questionnaire: Questionnaire,
    means: Mapping[str, tuple[float, int]],
    scored: int,
    question_ids: Sequence[str] = (),
    *,
    min_group: int = MIN_GROUP,
    admitted_scored: int | None = None,
) -> RoomPillars:
    """The room's pillar averages from the store's (mean, participants) per pillar, and
    how many participants were scored; suppressed below ``min_group``, as
    :func:`room_pillars`, and below ``min_group`` scored participants who joined from the
    projected code (``admitted_scored``; None when nobody did, see :func:`group_shown`)."""
    pillars = asked_pillars(session_questionnaire(questionnaire, question_ids))
    kept = {p: float(means[p][0]) for p in pillars if p in means and means[p][1] > 0}
    if not group_shown(scored, admitted_scored, min_group) or not kept:
        missing = 0 if admitted_scored is None else max(0, min_group - admitted_scored)
        return RoomPillars(scored, True, {}, None, admitted_missing=missing)
    overall = sum(kept.values()) / len(kept)
    return RoomPillars(respondents=scored, suppressed=False, pillars=kept, overall=overall)


def room_pillars(
    questionnaire: Questionnaire,
    answers: Iterable[Mapping[str, str]],
    question_ids: Sequence[str] = (),
    *,
    min_group: int = MIN_GROUP,
) -> RoomPillars:
    """The room's mean maturity score per pillar the session asked about, and overall.

    Each participant is scored with :func:`adoption.benchmark.score` on the session's
    questions; a participant who sent no valid answer is not counted. Suppressed (no
    numbers) below ``min_group`` respondents.
    """
    asked = session_questionnaire(questionnaire, question_ids)
    pillars = asked_pillars(asked)
    valid = _validator(asked)
    # Scoring one participant costs ~0.2 ms: a room of 50 is scored afresh in 10 ms.
    scores = [score(asked, clean) for given in answers if (clean := valid(given))]
    if len(scores) < min_group or not pillars:
        return RoomPillars(respondents=len(scores), suppressed=True, pillars={}, overall=None)
    means: dict[str, float] = {}
    for pillar in pillars:
        values = [value for s in scores if (value := s.pillars[pillar]) is not None]
        if values:  # a pillar nobody could answer (all "not applicable") has no mean
            means[pillar] = sum(values) / len(values)
    if not means:
        return RoomPillars(respondents=len(scores), suppressed=True, pillars={}, overall=None)
    overall = sum(means.values()) / len(means)
    return RoomPillars(respondents=len(scores), suppressed=False, pillars=means, overall=overall)


def room_peers(
    questionnaire: Questionnaire,
    question_ids: Sequence[str],
    shown: Release | None,
    room_scores: Iterable[Mapping[str, float]],
    *,
    min_group: int = MIN_GROUP,
) -> RoomAmongPeers | None:
    """The room against everyone who answered here (the closing slide), or None: the pool
    unread or under k, the room under ``min_group``, or a session that asked only some
    questions (its scores are not on the pool's scale: the pool holds whole
    questionnaires)."""
    asked = session_questionnaire(questionnaire, question_ids)
    if shown is None or len(asked.questions) < len(questionnaire.questions):
        return None
    return room_among(shown, room_scores, min_group)


def participant_result(
    dataset: Dataset,
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    profile: Profile,
    lang: str,
    question_ids: Sequence[str] = (),
) -> ParticipantResult:
    """A participant's result, by the benchmark's own engine, on the session's questions.

    The score averages the pillars the session asked about (the benchmark's score on the
    session's questions), so a stage is reached only on what was asked; only the asked
    questions are compared with published figures. With every question asked, it is
    exactly the result the benchmark page shows for the share ``token``.
    """
    asked = session_questionnaire(questionnaire, question_ids)
    clean = asked.valid_answers(answers)
    state = State(clean, profile.cleaned(questionnaire))
    view = result(dataset, asked, clean, state.profile, lang)
    pillars = asked_pillars(asked)
    upcoming = next_stage(view.score)
    if upcoming is not None and len(pillars) < len(PILLARS):
        # A pillar the next stage needs but the session never asked about is "not asked",
        # not "not applicable".
        unasked = [p for p in PILLARS if p not in pillars]
        view = dataclasses.replace(view, next_stage=upcoming.text(lang, unasked))
    return ParticipantResult(
        view=view,
        state=state,
        token=encode(state, questionnaire),  # the whole questionnaire's slots
        asked_pillars=pillars,
        asked=len(asked.questions),
        total=len(questionnaire.questions),
    )


def session_score(
    questionnaire: Questionnaire, answers: Mapping[str, str], question_ids: Sequence[str] = ()
) -> tuple[MaturityScore, dict[str, int]]:
    """A participant's score on the session's questions, as their phone shows it (the
    benchmark's score on the asked questions, see :func:`participant_result`) and the export
    writes it: the score, and the value of each pillar the session asked about and the
    participant's answers gave a value."""
    asked = session_questionnaire(questionnaire, question_ids)
    result = score(asked, asked.valid_answers(answers))
    pillars = {p: value for p in asked_pillars(asked) if (value := result.pillars[p]) is not None}
    return result, pillars


def profile_to_store(profile: Profile) -> dict[str, str]:
    """The optional size, sector and country as the store keeps them."""
    values = {"size": profile.size, "sector": profile.sector, "country": profile.country}
    return {STORE_PROFILE[k]: v for k, v in values.items() if isinstance(v, str) and v}


def profile_from_store(stored: Mapping[str, str]) -> Profile:
    """The stored profile back as a benchmark :class:`Profile`."""
    return Profile(
        size=stored.get("size_class"), sector=stored.get("sector"), country=stored.get("country")
    )


# --------------------------------------------------------------------------- slides


def next_slide(
    action: str, slide: int, revealed: bool, total: int, *, showable: bool = True
) -> tuple[int, bool]:
    """The projector's (slide, revealed) after "next", "prev" or "reveal".

    Slides: 0 the join slide, 1..total-2 the questions, total-1 the closing slide. "next"
    on a question not revealed yet reveals it first (as a quiz tool does), unless there is
    nothing to show (``showable`` False: too few answers); "reveal" toggles.
    """
    last = max(total - 1, 0)
    slide = min(max(slide, 0), last)
    question = 1 <= slide <= total - 2
    if action == "next":
        if question and not revealed and showable:
            return slide, True
        return min(slide + 1, last), False
    if action == "prev":
        return max(slide - 1, 0), False
    if action == "reveal" and question:
        return slide, not revealed
    return slide, revealed


# --------------------------------------------------------------------------- links


def app_base(page_url: str | None, page_paths: Sequence[str] = PAGE_PATHS) -> str:
    """The app's base URL from a page URL: ``https://h/app/workshop`` → ``https://h/app``.

    Query and fragment are dropped, and so is a trailing page path. Empty for no URL.
    """
    if not page_url or not page_url.strip():
        return ""
    parts = urlsplit(page_url.strip())
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in page_paths:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def is_local(base: str) -> bool:
    """True when links built on ``base`` only work on this computer (localhost)."""
    host = (urlsplit(base).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def lan_address() -> str | None:
    """This machine's address on the local network (``192.168.1.23``), or None.

    A UDP socket "connected" to a private address only picks the interface the system
    would route through: no packet is sent, so this works without network access. Then
    the host name's addresses. Loopback and link-local addresses do not count.
    """
    candidates: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))
            candidates.append(str(probe.getsockname()[0]))
    except OSError:
        pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        candidates += [str(info[4][0]) for info in infos]
    except OSError:
        pass
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            return candidate
    return None


def on_network(base: str, address: str | None) -> str:
    """``base`` with a local host (localhost) replaced by the machine's network
    ``address``, so that phones on the same Wi-Fi can open the links; else unchanged."""
    if not address or not is_local(base):
        return base
    parts = urlsplit(base)
    netloc = address if parts.port is None else f"{address}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def short_address(link: str) -> str:
    """A link as read from a slide: no scheme, no query (``192.168.1.23:8501/join``)."""
    parts = urlsplit(link)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def short_join(link: str) -> str:
    """A join link as written on a slide for typing: no scheme, the code alone
    (``192.168.1.23:8501/join?code=K7MQ4P``); the language follows the phone's."""
    parts = urlsplit(link)
    code = dict(parse_qsl(parts.query)).get("code", "")
    address = short_address(link)
    return f"{address}?{urlencode({'code': code})}" if code else address


def _link(base: str, page: str, params: Mapping[str, str]) -> str:
    return f"{base.rstrip('/')}/{page}?{urlencode(dict(params))}"


def join_link(base: str, code: str, lang: str) -> str:
    """``<base>/join?code=XXXX&lang=fr``: what participants open (holds no secret)."""
    return _link(base, "join", {"code": code, "lang": lang})


def with_join_token(link: str, token: str) -> str:
    """The join ``link`` carrying the room's join token ``t`` (unchanged without one)."""
    if not token:
        return link
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"] + [("t", token)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def facilitator_link(base: str, code: str, secret: str, lang: str) -> str:
    """``<base>/workshop?code=XXXX&key=<secret>``: the facilitator's private management link."""
    return _link(base, "workshop", {"code": code, "key": secret, "lang": lang})


def presenter_link(base: str, code: str, view: str, lang: str) -> str:
    """``<base>/presenter?code=XXXX&view=<token>&embed=true``: the projector view, opened in
    Streamlit's embed mode (no top bar). ``view`` is a presenter token (see
    :mod:`adoption.view_token`): it shows and moves the slides, never closes, exports or
    deletes, and expires; this address may be projected, the facilitator link never."""
    params = {"code": code, "view": view, "lang": lang, "embed": "true"}
    return _link(base, "presenter", params)


# --------------------------------------------------------------------------- QR code


def _qr(link: str) -> segno.QRCode:
    # Level M survives a smudged screen or a glare spot on the projection.
    return segno.make(link, error="m", micro=False)


def qr_modules(link: str, *, border: int = 4) -> tuple[tuple[bool, ...], ...]:
    """The link's QR code as rows of modules (True: dark), quiet zone included, for a
    page that draws it itself (a slide: the HTML sanitiser drops inline SVG and data
    images, and Streamlit's image element brings a fullscreen button along)."""
    return tuple(
        tuple(bool(module) for module in row)
        for row in _qr(link).matrix_iter(scale=1, border=border)
    )


def qr_svg(link: str, *, scale: int = 8) -> bytes:
    """The link as a QR code in SVG (black on white, quiet zone of 4 modules)."""
    buffer = io.BytesIO()
    _qr(link).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, dark="#000")
    return buffer.getvalue()


def qr_png(link: str, *, scale: int = 10) -> bytes:
    """The link as a QR code in PNG, for slides."""
    buffer = io.BytesIO()
    _qr(link).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
