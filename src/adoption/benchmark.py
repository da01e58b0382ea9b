"""Benchmark one company against the published figures: comparisons, maturity score, next steps.

Everything here is a pure function of the dataset, the questionnaire and the company's
answers and profile, so the page, the PDF report and the tests share one implementation.

- :func:`position` sets each answer that maps onto published figures against them. For
  every figure it asks :func:`adoption.population.membership` whether the firm belongs to
  the population the figure describes (country, headcount, sector, condition, what is
  counted). Only then is the sentence "you are among…"; otherwise it is a labelled
  reference to another population. Per question, one comparison is ``primary``: the most
  specific population that contains the firm (official statistics first, then a country
  before a group, the narrowest headcount band, the firm's sector, the latest period), or,
  when none does, the closest reference.
- :func:`score` turns the answers into a 0–100 score per pillar and overall, and a stage.
  Only practices earn points; "not applicable" answers leave the denominator. It is a
  self-assessment: no published figure gives a per-pillar average, so none is shown.
- :func:`next_steps` picks 3 to 5 practices from ``data/practices.csv``, weakest pillar first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from adoption.dataset import EUROSTAT_ALL_SIZES, EUROSTAT_BUSINESS, EUROSTAT_EU, Dataset
from adoption.i18n import fmt_pct, format_band, format_period, quoted, round_half_up
from adoption.i18n import t as text
from adoption.population import (
    NOT_STATED,
    OPEN_ENDED,
    Firm,
    Headcount,
    Membership,
    Population,
    group_membership,
    membership,
)
from adoption.questionnaire import PILLARS, Practice, Question, Questionnaire

Answers = Mapping[str, str]
"""Question id → answer code (the option's ``code`` in ``choices.csv``)."""

# Stage thresholds on the overall score: a stage starts at its threshold.
STAGES: tuple[tuple[str, int], ...] = (
    ("exploring", 0),
    ("experimenting", 25),
    ("structuring", 50),
    ("scaling", 75),
)
# What each stage's one-line description claims, as pillar minimums: an overall score alone
# could put a firm with no usage policy and no pilot at "uses are framed and tracked".
# "Experimenting" claims uses exist; "structuring" that uses are framed (governance) and
# tracked (measurement); "scaling" that AI is run as a company project (every pillar).
STAGE_MINIMUMS: dict[str, dict[str, int]] = {
    "exploring": {},
    "experimenting": {"use": 25},
    "structuring": {"governance": 50, "measurement": 50},
    "scaling": dict.fromkeys(PILLARS, 50),
}
MIN_STEPS = 3
MAX_STEPS = 5
# At most this many next steps from one pillar, so the list is not five variations on the
# weakest pillar while another is nearly as weak.
MAX_STEPS_PER_PILLAR = 2
# The Eurostat table carries no source column: its rows are these sources'.
EUROSTAT_SOURCE = "eurostat_isoc"
EUROSTAT_SECTOR_SOURCE = "eurostat_ain2"
EUROSTAT_SIZES = {
    "10-49": Headcount(10, 49),
    "50-249": Headcount(50, 249),
    "GE250": Headcount(250, None),
    "10-249": Headcount(10, 249),
    "GE10": Headcount(10, None),
}
# Eurostat's enterprise survey covers NACE sections C to N except K (finance), plus S95.1;
# no profile option stands for S95.1 alone, so it is left out here.
EUROSTAT_SCOPE = frozenset("CDEFGHIJLMN")
# 2025 added image, video and sound generation to the technologies counted.
EUROSTAT_BREAK_YEAR = 2025
OTHER = "other"
# Ranking of sources when several populations contain the firm: official statistics
# first, then surveys by public bodies, named industry surveys, and claims last.
SOURCE_TIERS = {
    "official_statistics": 0,
    "public_survey": 1,
    "industry_survey": 2,
    "unverified_study": 3,
    "unsourced_claim": 4,
    "press_article": 4,
}


@dataclass(frozen=True)
class Profile:
    """Who the company is: headcount band, sector and country codes (None when not given)."""

    size: str | None = None
    sector: str | None = None
    country: str | None = None

    def cleaned(self, questionnaire: Questionnaire) -> Profile:
        """The same profile with any code the questionnaire does not offer set to None."""
        values: dict[str, str | None] = {}
        for field in ("size", "sector", "country"):
            code = getattr(self, field)
            codes = {c.code for c in questionnaire.profile_options(field)}
            values[field] = code if isinstance(code, str) and code in codes else None
        return Profile(**values)


@dataclass(frozen=True)
class Comparison:
    """The company's answer to one question set against one published figure.

    ``member`` says whether the firm is known to belong to the population the figure
    describes; only then does ``sentence`` say "you are among…". Otherwise the sentence is
    a labelled reference to another population and ``reason`` says why (see
    :data:`adoption.population.REASONS`). ``primary`` marks the one comparison shown for
    the question: the most specific population that contains the firm, else the closest
    reference.
    """

    question_id: str
    figure_id: str
    label: str
    value: float
    value_kind: str
    value_text: str
    population: str
    period: str
    period_text: str
    grade: str
    source_id: str
    organisation: str
    source_title: str
    answer: str | None
    answer_text: str | None
    in_group: bool | None  # None when the question is unanswered
    member: bool
    reason: str | None
    reason_text: str
    primary: bool
    sentence: str
    headline: int | None
    caveat: str
    # Who the figure describes, as data (for grouping and short chart labels), and the
    # series it belongs to: periods of one measurement of one population share a series
    # ("" when the figure stands alone).
    population_spec: Population | None = None
    series: str = ""


@dataclass(frozen=True)
class MaturityScore:
    """Scores 0–100 by pillar and overall, the stage, and how many questions were answered.

    A pillar whose every scored question was answered "not applicable" has no score (None).
    """

    pillars: dict[str, int | None]
    overall: int
    stage: str
    answered: int
    total: int

    def stage_label(self, lang: str) -> str:
        """The stage's name in ``lang``."""
        return text(f"bench.stage.{self.stage}", lang)


@dataclass(frozen=True)
class NextStep:
    """One suggested practice, with the pillar it strengthens and the article it comes from."""

    practice_id: str
    pillar: str
    practice: str
    text: str
    source_id: str
    source_organisation: str
    source_title: str
    triggered_by: str | None  # the question whose answer led to it; None for a default step


# --------------------------------------------------------------------------- formatting


def format_headcount(headcount: Headcount, lang: str) -> str:
    """A headcount range for people: ``50–249 salariés``, ``250+ employees``."""
    return text("bench.size_band", lang, band=format_band(headcount, lang))


def source_label(dataset: Dataset, source_id: str, lang: str) -> tuple[str, str]:
    """A source's short name in ``lang`` and its exact title (empty when not known)."""
    try:
        source = dataset.source(source_id)
    except KeyError:
        return source_id, ""
    return dataset.source_name(source_id, lang), str(source["title"] or "")


def stage_for(overall: float, pillars: Mapping[str, int | None]) -> str:
    """The highest stage whose overall threshold and pillar minimums are all met.

    Stages build on each other: a firm that misses a stage's minimums stays at the stage
    below, whatever its overall score. A pillar without a score (not applicable, or not
    asked) meets no minimum: nothing then shows the practice the stage claims.
    """
    stage = STAGES[0][0]
    for name, threshold in STAGES:
        if overall < threshold or not _meets(STAGE_MINIMUMS[name], pillars):
            break
        stage = name
    return stage


def _meets(minimums: Mapping[str, int], pillars: Mapping[str, int | None]) -> bool:
    return all(
        (value := pillars.get(pillar)) is not None and value >= need
        for pillar, need in minimums.items()
    )


@dataclass(frozen=True)
class Requirement:
    """One condition of the next stage the firm does not meet yet: the overall score
    (``pillar`` None) or a pillar, the level needed and where the firm is now."""

    pillar: str | None
    needed: int
    now: int | None


@dataclass(frozen=True)
class NextStage:
    """The stage after the firm's, and what it still takes to reach it."""

    stage: str
    missing: tuple[Requirement, ...]

    def text(self, lang: str, unasked: Collection[str] = ()) -> str:
        """``To reach Structuring: an overall score of 50 (now 29), governance 50 (now 25).``

        A pillar without a score reads "n/a", or, when it is one of ``unasked`` (a workshop
        that asked none of its questions), says it was not asked.
        """
        na = text("bench.pillar.not_applicable", lang)
        parts = []
        for need in self.missing:
            now = na if need.now is None else need.now
            if need.pillar is None:
                parts.append(text("bench.next_stage.overall", lang, needed=need.needed, now=now))
                continue
            name = text(f"bench.pillar.{need.pillar}", lang).lower()
            if need.now is None and need.pillar in unasked:
                part = text(
                    "bench.next_stage.pillar_unasked", lang, pillar=name, needed=need.needed
                )
            else:
                part = text(
                    "bench.next_stage.pillar", lang, pillar=name, needed=need.needed, now=now
                )
            parts.append(part)
        stage = text(f"bench.stage.{self.stage}", lang)
        return text("bench.next_stage.text", lang, stage=stage, needs=", ".join(parts))


def next_stage(result: MaturityScore) -> NextStage | None:
    """What the firm needs for the stage after its own; None at the last stage."""
    names = [name for name, _ in STAGES]
    index = names.index(result.stage)
    if index + 1 == len(STAGES):
        return None
    name, threshold = STAGES[index + 1]
    missing: list[Requirement] = []
    if result.overall < threshold:
        missing.append(Requirement(None, threshold, result.overall))
    # Minimums of the stages up to the next one (a stage keeps the ones below it).
    needs: dict[str, int] = {}
    for earlier, _ in STAGES[: index + 2]:
        for pillar, level in STAGE_MINIMUMS[earlier].items():
            needs[pillar] = max(needs.get(pillar, 0), level)
    for pillar in PILLARS:
        if pillar in needs and not _meets({pillar: needs[pillar]}, result.pillars):
            missing.append(Requirement(pillar, needs[pillar], result.pillars.get(pillar)))
    return NextStage(stage=name, missing=tuple(missing))


# --------------------------------------------------------------------------- score


def score(questionnaire: Questionnaire, answers: Answers) -> MaturityScore:
    """Maturity score: per pillar, points earned over points possible, on 0–100.

    Only practices score: opinions and feelings carry no points (their ``points`` are
    empty in the data). An answer meaning "not applicable" (no AI project yet, no AI
    tool) and a question not asked (its condition unmet) leave the question out of the
    pillar's denominator; an unanswered question counts 0 (the score only credits what was
    declared). Unknown question ids and invalid codes are ignored. Overall is the mean of
    the pillars that have a score.
    """
    clean = questionnaire.valid_answers(answers)
    asked = questionnaire.asked(clean)
    pillars: dict[str, int | None] = {}
    for pillar in PILLARS:
        possible = earned = 0
        for question in asked:
            if question.pillar != pillar or not question.scored:
                continue
            code = clean.get(question.id)
            if code in question.not_applicable:
                continue
            possible += question.max_points
            earned += question.points_for(code)
        pillars[pillar] = round_half_up(100 * earned / possible) if possible else None
    scored = [value for value in pillars.values() if value is not None]
    overall = round_half_up(sum(scored) / len(scored)) if scored else 0
    return MaturityScore(
        pillars=pillars,
        overall=overall,
        stage=stage_for(overall, pillars),
        answered=len(clean),
        total=len(asked),
    )


def method_text(lang: str) -> str:
    """How the score and the stage are computed, for the page and the report."""
    t1, t2, t3 = (threshold for _, threshold in STAGES[1:])
    return (
        text("bench.method.text", lang, t1=t1, t2=t2, t3=t3)
        + " "
        + text(
            "bench.method.minimums",
            lang,
            use=STAGE_MINIMUMS["experimenting"]["use"],
            governance=STAGE_MINIMUMS["structuring"]["governance"],
            measurement=STAGE_MINIMUMS["structuring"]["measurement"],
            every=min(STAGE_MINIMUMS["scaling"].values()),
        )
    )


# --------------------------------------------------------------------------- the firm


def firm_of(questionnaire: Questionnaire, profile: Profile, answers: Answers) -> Firm:
    """What the comparison knows of the firm: country, headcount, NACE section, answers.

    "Other country" and "other sector" are unknowns: they can match no population.
    """
    profile = profile.cleaned(questionnaire)
    country = profile.country if profile.country and profile.country != OTHER else None
    return Firm(
        country=country,
        headcount=Headcount.parse(profile.size) if profile.size else None,
        sector=questionnaire.sector_nace(profile.sector),
        answers=questionnaire.valid_answers(answers),
    )


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Candidate:
    """A figure a question can be compared with, with its population and ranking facts."""

    figure_id: str
    population: Population
    value: float
    value_kind: str
    period: str
    source_id: str
    grade: str
    headline: int | None
    labels: tuple[str, str]  # fr, en
    populations: tuple[str, str]
    caveats: tuple[str, str]
    order: int  # position in the question's list, to keep ties stable
    series: str = ""


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _figure_candidate(dataset: Dataset, figure_id: str, order: int) -> _Candidate:
    row = dataset.figure(figure_id)
    low, high = _int_or_none(row["size_min"]), _int_or_none(row["size_max"])
    sectors = tuple(row["sector"])
    population = Population(
        counts=str(row["counts"]),
        geo=str(row["geo"]),
        headcount=None if low is None else Headcount(low, high),
        sectors=frozenset(sectors) if sectors else None,
        condition=str(row["condition"]) or None,
    )
    return _Candidate(
        figure_id=figure_id,
        population=population,
        value=float(row["value"]),
        value_kind=str(row["value_kind"]),
        period=str(row["period"]),
        source_id=str(row["attributed_to"]),
        grade=str(row["grade"]),
        headline=_int_or_none(row["headline"]),
        labels=(str(row["label_fr"]), str(row["label_en"])),
        populations=(str(row["population_fr"]), str(row["population_en"])),
        caveats=(str(row["caveat_fr"] or ""), str(row["caveat_en"] or "")),
        order=order,
        series=str(row["series"] or ""),
    )


def figure_population(dataset: Dataset, figure_id: str) -> Population:
    """Who a figure of ``figures.csv`` describes, as data."""
    return _figure_candidate(dataset, figure_id, 0).population


def _eurostat_size(headcount: Headcount | None) -> str | None:
    # The narrowest Eurostat size class that holds every headcount of the firm's band.
    if headcount is None:
        return None
    for code in ("10-49", "50-249", "GE250"):
        if EUROSTAT_SIZES[code].contains(headcount):
            return code
    return None


def nearest_eurostat_size(headcount: Headcount | None) -> str:
    """The Eurostat size class to show for a firm: its own, else the nearest one (10–49 for
    a firm under 10, shown as a reference), else all sizes (10+) when the size is unknown
    or straddles two classes."""
    own = _eurostat_size(headcount)
    if own is not None:
        return own
    if headcount is not None and headcount.high is not None and headcount.high < 10:
        return "10-49"
    return EUROSTAT_ALL_SIZES


def _eurostat_cell(
    dataset: Dataset, indicator: str, size: str, nace: str, geo: str
) -> dict[str, Any] | None:
    """The newest year of one Eurostat cell; None when Eurostat withheld it (an older year
    would silently compare the firm with another period, across the 2025 break)."""
    rows = dataset.eurostat_cells().get((indicator, size, nace, geo, "PC_ENT"), [])
    if not rows or rows[0]["value"] is None or pd.isna(rows[0]["value"]):
        return None
    return rows[0]


def _eurostat_candidates(
    dataset: Dataset, indicator: str, firm: Firm, start: int
) -> list[_Candidate]:
    """Eurostat's published values for the firm's own size class and sector, in its country
    and in the EU27 (the EU27 value also stands in where the country's is not published)."""
    size = nearest_eurostat_size(firm.headcount)
    places = [g for g in (firm.country, EUROSTAT_EU) if g]
    cells: list[tuple[str, str, str]] = [(size, EUROSTAT_BUSINESS, geo) for geo in places]
    if firm.sector is not None:
        cells += [(EUROSTAT_ALL_SIZES, firm.sector, geo) for geo in places]
    found: list[_Candidate] = []
    for size_code, nace, geo in dict.fromkeys(cells):
        row = _eurostat_cell(dataset, indicator, size_code, nace, geo)
        if row is not None:
            found.append(_eurostat_candidate(dataset, row, start + len(found)))
    return found


def _eurostat_candidate(dataset: Dataset, row: Mapping[str, Any], order: int) -> _Candidate:
    size, nace, geo, year = (
        str(row["size_emp"]),
        str(row["nace_r2"]),
        str(row["geo"]),
        int(row["year"]),
    )
    sectors = EUROSTAT_SCOPE if nace == EUROSTAT_BUSINESS else frozenset({nace})
    headcount = EUROSTAT_SIZES[size]
    labels, populations, caveats = [], [], []
    for lang in ("fr", "en"):
        place = dataset.place_name(geo, lang)
        labels.append(text("bench.eurostat.label", lang))
        if nace == EUROSTAT_BUSINESS:
            populations.append(
                text(
                    "bench.eurostat.population",
                    lang,
                    size=format_band(headcount, lang),
                    place=place,
                )
            )
        else:
            populations.append(
                text(
                    "bench.eurostat.population_sector",
                    lang,
                    sector=text(f"bench.nace.{nace}", lang),
                    place=place,
                )
            )
        notes = []
        if year >= EUROSTAT_BREAK_YEAR:
            notes.append(text("bench.eurostat.break_2025", lang))
        if row["flag"] == "b":
            notes.append(text("bench.eurostat.flag_b", lang))
        if row["extract"] == "s3":
            notes.append(text("bench.eurostat.flags_unknown", lang))
        caveats.append(" ".join(notes))
    source = EUROSTAT_SECTOR_SOURCE if row["dataset"] == "isoc_eb_ain2" else EUROSTAT_SOURCE
    return _Candidate(
        figure_id=f"eurostat:{row['indicator']}:{size}:{nace}:{geo}:{year}",
        population=Population(counts="firms", geo=geo, headcount=headcount, sectors=sectors),
        value=float(row["value"]),
        value_kind="exact",
        period=str(year),
        source_id=source,
        grade="primary",
        headline=None,
        labels=(labels[0], labels[1]),
        populations=(populations[0], populations[1]),
        caveats=(caveats[0], caveats[1]),
        order=order,
        # One Eurostat cell over the years is one series.
        series=f"eurostat:{row['indicator']}:{size}:{nace}:{geo}",
    )


def _candidates(dataset: Dataset, question: Question, firm: Firm) -> list[_Candidate]:
    found = [
        _figure_candidate(dataset, figure_id, index)
        for index, figure_id in enumerate(question.figure_ids)
    ]
    if question.eurostat_indicator:
        found += _eurostat_candidates(dataset, question.eurostat_indicator, firm, len(found))
    return found


# --------------------------------------------------------------------------- ranking


def _period_key(period: str) -> int:
    # Later is larger; "not stated" ranks as the oldest.
    if period == NOT_STATED:
        return 0
    year, _, part = period.partition("-")
    month = {"H1": 6, "H2": 12}.get(part) or (int(part) if part.isdigit() else 12)
    return int(year) * 100 + month


def _tier(dataset: Dataset, source_id: str) -> int:
    try:
        kind = str(dataset.source(source_id)["kind"])
    except KeyError:
        return len(SOURCE_TIERS)
    return SOURCE_TIERS.get(kind, len(SOURCE_TIERS))


def _geo_rank(geo: str, groups: Mapping[str, frozenset[str]]) -> int:
    return 2 if geo == NOT_STATED else 1 if geo in groups else 0


def specificity(
    dataset: Dataset,
    population: Population,
    source_id: str,
    period: str,
    groups: Mapping[str, frozenset[str]],
) -> tuple[int, ...]:
    """How specific a population that contains the firm is, smallest first: the most
    reliable kind of source, then a country before a group, the narrowest headcount range,
    a single sector, the latest period."""
    width = population.headcount.width if population.headcount else OPEN_ENDED
    one_sector = population.sectors is not None and len(population.sectors) == 1
    return (
        _tier(dataset, source_id),
        _geo_rank(population.geo, groups),
        width,
        0 if one_sector else 1,
        -_period_key(period),
    )


def _member_key(
    dataset: Dataset, candidate: _Candidate, groups: Mapping[str, frozenset[str]]
) -> tuple[int, ...]:
    """:func:`specificity`, then the order of the question's list for ties."""
    return (
        *specificity(dataset, candidate.population, candidate.source_id, candidate.period, groups),
        candidate.order,
    )


def _reference_key(
    dataset: Dataset, candidate: _Candidate, firm: Firm, groups: Mapping[str, frozenset[str]]
) -> tuple[int, ...]:
    """For a question no population of which contains the firm: the closest reference,
    i.e. the firm's own country, then a group holding it, then the most reliable source."""
    geo = candidate.population.geo
    if firm.country is not None and geo == firm.country:
        place = 0  # the firm's own country (another size, sector or condition)
    elif firm.country is not None and firm.country in groups.get(geo, frozenset()):
        place = 1  # a group the firm's country belongs to
    elif firm.country is None and geo in groups:
        place = 2  # country unknown: the broadest measured population says most
    elif geo == NOT_STATED:
        place = 3
    elif geo in groups:
        place = 4  # another group: context rather than a single foreign country
    else:
        place = 5
    return (place, *_member_key(dataset, candidate, groups))


# --------------------------------------------------------------------------- positioning


def position(
    dataset: Dataset,
    questionnaire: Questionnaire,
    answers: Answers,
    profile: Profile,
    lang: str,
) -> list[Comparison]:
    """Every comparison for every question, the question's ``primary`` one first.

    In display order of the questions. Unanswered questions still get their comparisons,
    with ``in_group=None``, so the page can show what answering would compare against; so
    does a question not asked (its condition unmet), whose answer is then ignored.
    """
    clean = questionnaire.valid_answers(answers)
    firm = firm_of(questionnaire, profile, clean)
    result: list[Comparison] = []
    for question in questionnaire.questions:
        result += question_comparisons(dataset, question, firm, clean.get(question.id), lang)
    return result


def question_comparisons(
    dataset: Dataset,
    question: Question,
    firm: Firm,
    answer: str | None,
    lang: str,
    *,
    within: Sequence[Firm] = (),
) -> list[Comparison]:
    """One question's comparisons, its ``primary`` one first (see :func:`position`).

    ``firm`` says which figures are candidates (its country's and the EU27's Eurostat cells
    for its size class and sector) and which reference is closest. ``within`` holds the
    firms a population must contain for a figure to be said of them (a workshop room's
    participants): every one of them, by :func:`adoption.population.group_membership`;
    ``firm`` alone when empty.
    """
    groups = dataset.group_members
    conditions = dataset.condition_rules
    candidates = _candidates(dataset, question, firm)
    if not candidates:
        return []
    members_of = tuple(within) or (firm,)
    verdicts = [group_membership(c.population, members_of, groups, conditions) for c in candidates]
    members = [c for c, v in zip(candidates, verdicts, strict=True) if v.member]
    if members:
        primary = min(members, key=lambda c: _member_key(dataset, c, groups))
    else:
        primary = min(candidates, key=lambda c: _reference_key(dataset, c, firm, groups))
    ranked = sorted(
        zip(candidates, verdicts, strict=True),
        key=lambda pair: (
            pair[0] is not primary,
            not pair[1].member,
            _member_key(dataset, pair[0], groups)
            if pair[1].member
            else _reference_key(dataset, pair[0], firm, groups),
        ),
    )
    return [
        _comparison(dataset, question, candidate, verdict, answer, candidate is primary, lang)
        for candidate, verdict in ranked
    ]


def _comparison(
    dataset: Dataset,
    question: Question,
    candidate: _Candidate,
    verdict: Membership,
    answer: str | None,
    primary: bool,
    lang: str,
) -> Comparison:
    index = 1 if lang == "en" else 0
    value_text = fmt_pct(candidate.value, lang, kind=candidate.value_kind)
    population = candidate.populations[index]
    period_text = format_period(candidate.period, lang)
    organisation, title = source_label(dataset, candidate.source_id, lang)
    label = candidate.labels[index]
    in_group = None if answer is None else answer in question.in_group
    answer_text = None if answer is None else question.option(answer).label(lang)
    values = {"value": value_text, "population": population, "period": period_text}
    if not verdict.member:
        # Not the firm's population: a labelled reference, never "you are among".
        key = "bench.reference" if answer is None else "bench.reference_answered"
        sentence = text(key, lang, label=mid_sentence(label), answer=answer_text or "", **values)
    elif in_group is None:
        sentence = text("bench.unanswered", lang, label=mid_sentence(label), **values)
    else:
        sentence = question.statement(in_group, lang).format(organisation=organisation, **values)
    reason_text = (
        text("bench.member", lang)
        if verdict.member
        else text(f"bench.reason.{verdict.reason}", lang)
    )
    return Comparison(
        question_id=question.id,
        figure_id=candidate.figure_id,
        label=label,
        value=candidate.value,
        value_kind=candidate.value_kind,
        value_text=value_text,
        population=population,
        period=candidate.period,
        period_text=period_text,
        grade=candidate.grade,
        source_id=candidate.source_id,
        organisation=organisation,
        source_title=title,
        answer=answer,
        answer_text=answer_text,
        in_group=in_group,
        member=verdict.member,
        reason=verdict.reason,
        reason_text=reason_text,
        primary=primary,
        sentence=sentence,
        headline=candidate.headline,
        caveat=candidate.caveats[index],
        population_spec=candidate.population,
        series=candidate.series,
    )


def mid_sentence(label: str) -> str:
    """A figure's label as it reads after a colon: ``Utilisent l'IA`` → ``utilisent l'IA``;
    an acronym at the start (``PME…``) keeps its capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def primary_comparisons(comparisons: Sequence[Comparison]) -> list[Comparison]:
    """The one comparison shown per question."""
    return [c for c in comparisons if c.primary]


def comparison_notes(questionnaire: Questionnaire, profile: Profile, lang: str) -> list[str]:
    """What the comparison could not use, in plain words (missing country, size, sector)."""
    profile = profile.cleaned(questionnaire)
    notes: list[str] = []
    if profile.country is None or profile.country == OTHER:
        notes.append(text("bench.basis.no_country", lang))
    if profile.size is None:
        notes.append(text("bench.basis.no_size", lang))
    if profile.sector is None or questionnaire.sector_nace(profile.sector) is None:
        notes.append(text("bench.basis.no_sector", lang))
    return notes


def uncompared_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """Questions that count in the score but that no published figure covers."""
    return tuple(
        q for q in questionnaire.questions if not q.figure_ids and not q.eurostat_indicator
    )


# --------------------------------------------------------------------------- firms like yours


@dataclass(frozen=True)
class Breakdown:
    """One Eurostat panel for the firm's size class: barriers cited, or technologies used
    (the indicators of ``eurostat_indicators.csv`` in that panel).

    Value by value, ``origins`` says whose it is: the firm's country (``"country"``), the
    EU27 standing in where the country's is withheld (``"eu"``, its text marked so), or
    nobody's (``"none"``: withheld in both, "not published"). ``note`` says so in one line.
    ``like_yours``: the firm belongs to the population (country, size class, sector).
    """

    kind: str  # the panel: "barriers" or "technologies"
    place: str  # the firm's country when any value is its own, else the EU27
    like_yours: bool
    size: str
    year: int
    population: str
    source: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    value_texts: tuple[str, ...]
    origins: tuple[str, ...]
    note: str


def breakdown(
    dataset: Dataset, questionnaire: Questionnaire, kind: str, profile: Profile, lang: str
) -> Breakdown | None:
    """The barriers cited by firms that considered AI but do not use it, or the AI
    technologies firms use, for the firm's Eurostat size class: the firm's own country's
    values where Eurostat publishes them, the EU27's for the same year in their place
    otherwise, each marked. None without data."""
    codes = dataset.eurostat_panel(kind)
    firm = firm_of(questionnaire, profile, {})
    size = nearest_eurostat_size(firm.headcount)
    cells = dataset.eurostat_cells()

    def published(geo: str | None) -> dict[str, dict[int, float]]:
        found: dict[str, dict[int, float]] = {}
        for code in codes:
            unit = dataset.indicator_unit(code)
            rows = cells.get((code, size, EUROSTAT_BUSINESS, str(geo), unit), [])
            found[code] = {int(r["year"]): float(r["value"]) for r in rows if pd.notna(r["value"])}
        return found

    own = published(firm.country) if firm.country else {code: {} for code in codes}
    eu = published(EUROSTAT_EU)
    own_years = {year for by_year in own.values() for year in by_year}
    years = own_years or {year for by_year in eu.values() for year in by_year}
    if not years:
        return None
    year = max(years)
    values: list[float | None] = []
    origins: list[str] = []
    for code in codes:
        if year in own[code]:
            values.append(own[code][year])
            origins.append("country")
        elif year in eu[code]:
            values.append(eu[code][year])
            origins.append("eu")
        else:
            values.append(None)
            origins.append("none")
    geo = str(firm.country) if "country" in origins else EUROSTAT_EU
    population = Population(
        counts="firms", geo=geo, headcount=EUROSTAT_SIZES[size], sectors=EUROSTAT_SCOPE
    )
    verdict = membership(population, firm, dataset.group_members, {})
    order = sorted(range(len(codes)), key=lambda i: -(values[i] or -1))
    place = dataset.place_name(geo, lang)
    mine = origins.count("country")
    if firm.country is None:
        note = ""
    elif mine == 0:
        note = text("bench.breakdown.all_eu", lang, place=dataset.place_name(firm.country, lang))
    elif origins.count("eu"):
        note = text("bench.breakdown.mixed", lang, place=place, n=mine, total=len(codes))
    else:
        note = ""
    if not verdict.member:
        reference = text("bench.breakdown.reference", lang)
        note = f"{reference} {note}".strip()

    def shown(i: int) -> str:
        value = values[i]
        if value is None:
            return text("chart.not_published", lang)
        number = fmt_pct(value, lang, decimals=0)
        return (
            text("bench.breakdown.eu_value", lang, value=number) if origins[i] == "eu" else number
        )

    return Breakdown(
        kind=kind,
        place=geo,
        like_yours=verdict.member,
        size=size,
        year=year,
        population=text(
            f"bench.{kind}.population",
            lang,
            size=format_band(EUROSTAT_SIZES[size], lang),
            place=place,
            year=year,
        ),
        source=text(f"bench.{kind}.source", lang),
        labels=tuple(dataset.indicator_label(codes[i], lang) for i in order),
        values=tuple(values[i] for i in order),
        value_texts=tuple(shown(i) for i in order),
        origins=tuple(origins[i] for i in order),
        note=note,
    )


# --------------------------------------------------------------------------- next steps


def next_steps(
    dataset: Dataset,
    questionnaire: Questionnaire,
    answers: Answers,
    lang: str,
) -> list[NextStep]:
    """3 to 5 practices to adopt next, weakest pillar first.

    A practice is eligible when its trigger question got one of its trigger answers. They
    are taken weakest pillar first, then by priority, at most two per pillar; if that gives
    fewer than three, more triggered practices and then the default (untriggered) ones fill
    the list, again weakest pillar first.
    """
    clean = questionnaire.valid_answers(answers)
    pillars = score(questionnaire, clean).pillars
    order = {practice.id: index for index, practice in enumerate(questionnaire.practices)}

    def key(practice: Practice) -> tuple[int, int, int]:
        # A pillar that does not apply (no score) is not a weakness to work on first.
        weakness = pillars[practice.pillar]
        return (100 if weakness is None else weakness, practice.priority, order[practice.id])

    triggered = sorted((p for p in questionnaire.practices if p.triggered_by(clean)), key=key)
    defaults = sorted((p for p in questionnaire.practices if p.trigger_question is None), key=key)
    chosen: list[Practice] = []
    per_pillar: dict[str, int] = {}
    for practice in triggered:
        if len(chosen) == MAX_STEPS:
            break
        if per_pillar.get(practice.pillar, 0) < MAX_STEPS_PER_PILLAR:
            chosen.append(practice)
            per_pillar[practice.pillar] = per_pillar.get(practice.pillar, 0) + 1
    for practice in (*triggered, *defaults):
        if len(chosen) >= MIN_STEPS:
            break
        if practice not in chosen:
            chosen.append(practice)
    return [_next_step(dataset, practice, lang) for practice in chosen]


def _next_step(dataset: Dataset, practice: Practice, lang: str) -> NextStep:
    organisation, title = source_label(dataset, practice.source, lang)
    title = quoted(title, lang) if title else organisation
    return NextStep(
        practice_id=practice.id,
        pillar=practice.pillar,
        practice=practice.name(lang),
        text=practice.text(lang),
        source_id=practice.source,
        source_organisation=organisation,
        source_title=title,
        triggered_by=practice.trigger_question,
    )


# --------------------------------------------------------------------------- chart texts


def pillar_caption(lang: str) -> str:
    """Caption under the pillar chart: what the score is, and that no average exists."""
    return text("bench.caption.pillars", lang)


def status(comparison: Comparison) -> str:
    """Where the firm stands against a figure: ``in`` or ``out`` of the group the figure
    counts (only for a population the firm belongs to), ``reference`` (another
    population) or ``unanswered``."""
    if comparison.in_group is None:
        return "unanswered"
    if not comparison.member:
        return "reference"
    return "in" if comparison.in_group else "out"
