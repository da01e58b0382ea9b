"""Benchmark one company against the published figures: positioning, maturity score, next steps.

Everything here is a pure function of the dataset, the questionnaire and the company's
answers and profile, so the page, the PDF report and the tests share one implementation.

- :func:`position` puts each answer that maps onto a published figure next to that figure,
  in plain words, with the figure's population, grade and source. Figures for the company's
  own size class and country come first; figures that describe a population the company
  cannot belong to (a 10+ employee statistic for a 5-person firm) are left out.
- :func:`score` turns the answers into a 0–100 score per pillar and overall, and a stage.
  It is a self-assessment: no published figure gives a per-pillar average, so none is shown.
- :func:`next_steps` picks 3 to 5 practices from ``data/practices.csv``, weakest pillar first.
- :func:`pillar_chart` and :func:`position_chart` build the page's Plotly figures.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from adoption.charts import TEMPLATE
from adoption.dataset import Dataset
from adoption.i18n import fmt_pct
from adoption.i18n import t as text
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
MIN_STEPS = 3
MAX_STEPS = 5
# At most this many next steps from one pillar, so the list is not five variations on the
# weakest pillar while another is nearly as weak.
MAX_STEPS_PER_PILLAR = 2
# The Eurostat country table carries no source column; its rows are this source's.
EUROSTAT_SOURCE = "eurostat_isoc"
EUROSTAT_SIZE_CLASS = "10+"

IN_COLOUR = "#1f5fa8"
OUT_COLOUR = "#9aa5b1"
UNANSWERED_COLOUR = "#dde3ea"
ZERO_WIDTH_SPACE = "\u200b"


@dataclass(frozen=True)
class SizeBand:
    """How a profile size class maps onto the size bands that published figures use."""

    exact: tuple[str, ...]  # the same band
    within: tuple[str, ...]  # narrower bands inside it: the closest published ones
    broader: tuple[str, ...]  # wider populations that include such a firm

    @property
    def ten_plus(self) -> bool:
        """Whether "10 or more employees" statistics (Eurostat, INSEE) include such a firm."""
        return EUROSTAT_SIZE_CLASS in self.broader


# "0-249" is not used by figures.csv today (France Num's all-sizes rows say "all"); it is
# listed so that a firm of 250+ stops being compared with them once the data says so.
SIZE_BANDS: dict[str, SizeBand] = {
    "1-9": SizeBand(exact=(), within=("1-4",), broader=("all", "0-249")),
    "10-49": SizeBand(exact=("10-49",), within=("10-19", "20-49"), broader=("all", "0-249", "10+")),
    "50-249": SizeBand(exact=("50-249",), within=(), broader=("all", "0-249", "10+")),
    "250+": SizeBand(exact=("250+",), within=(), broader=("all", "10+")),
}

# Comparison bases, most specific first: positionings are sorted on this.
BASES = ("size", "size_closest", "country", "general")


@dataclass(frozen=True)
class Profile:
    """Who the company is: size class, sector and country codes (None when not given)."""

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
class Positioning:
    """The company's answer to one question set against one published figure."""

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
    in_group: bool | None  # None when the question is unanswered
    sentence: str
    basis: str  # one of BASES
    comparison_basis: str
    headline: int | None
    caveat: str


@dataclass(frozen=True)
class MaturityScore:
    """Scores 0–100 by pillar and overall, the stage, and how many questions were answered."""

    pillars: dict[str, int]
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

    def attribution(self, lang: str) -> str:
        """ "Practice: …. Drawn from: …" in ``lang``."""
        return text(
            "bench.next_steps.from",
            lang,
            practice=self.practice,
            source=f"{self.source_organisation}, « {self.source_title} »"
            if lang == "fr"
            else f'{self.source_organisation}, "{self.source_title}"',
        )


# --------------------------------------------------------------------------- formatting


def format_period(period: str, lang: str) -> str:
    """``2024-12`` → ``déc. 2024`` / ``Dec 2024``; a bare year is kept as it is."""
    year, _, month = period.partition("-")
    if month.isdigit() and 1 <= int(month) <= 12:
        months = text("bench.months", lang).split(";")
        return f"{months[int(month) - 1]} {year}"
    return period


def format_band(band: str, lang: str) -> str:
    """A size band for people: ``50-249`` → ``50–249 salariés``."""
    return text("bench.size_band", lang, band=band.replace("-", "–"))


def stage_for(overall: float) -> str:
    """The stage whose threshold is the highest one not above ``overall``."""
    stage = STAGES[0][0]
    for name, threshold in STAGES:
        if overall >= threshold:
            stage = name
    return stage


def _round(value: float) -> int:
    # Half up, not Python's half-to-even, so 62.5 shows as 63 as people expect.
    return math.floor(value + 0.5)


# --------------------------------------------------------------------------- score


def score(questionnaire: Questionnaire, answers: Answers) -> MaturityScore:
    """Maturity score: per pillar, points earned over points possible, on 0–100.

    Unanswered questions earn 0 (the score only credits what was declared); unknown
    question ids and invalid codes are ignored. Overall is the mean of the rounded pillars.
    """
    clean = questionnaire.valid_answers(answers)
    pillars: dict[str, int] = {}
    for pillar in PILLARS:
        scored = [q for q in questionnaire.by_pillar(pillar) if q.scored]
        possible = sum(q.max_points for q in scored)
        earned = sum(q.points_for(clean.get(q.id)) for q in scored)
        pillars[pillar] = _round(100 * earned / possible) if possible else 0
    overall = _round(sum(pillars.values()) / len(pillars))
    return MaturityScore(
        pillars=pillars,
        overall=overall,
        stage=stage_for(overall),
        answered=len(clean),
        total=len(questionnaire.questions),
    )


def method_text(lang: str) -> str:
    """How the score and the stage are computed, for the page and the report."""
    t1, t2, t3 = (threshold for _, threshold in STAGES[1:])
    return text("bench.method.text", lang, t1=t1, t2=t2, t3=t3)


# --------------------------------------------------------------------------- positioning


@dataclass(frozen=True)
class _Candidate:
    basis: str
    figure: Mapping[str, Any]


def position(
    dataset: Dataset,
    questionnaire: Questionnaire,
    answers: Answers,
    profile: Profile,
    lang: str,
) -> list[Positioning]:
    """Where the company stands against every figure its questions map onto.

    Ordered by question, then most specific comparison first (size class, country, then
    the overall population). Unanswered questions still get their figures, with
    ``in_group=None``, so the page can show what answering would compare against.
    """
    clean = questionnaire.valid_answers(answers)
    profile = profile.cleaned(questionnaire)
    result: list[Positioning] = []
    for question in questionnaire.questions:
        for candidate in _candidates(dataset, question, profile, lang):
            result.append(
                _positioning(dataset, question, candidate, clean.get(question.id), profile, lang)
            )
    return result


@functools.lru_cache(maxsize=2048)
def _candidates(
    dataset: Dataset, question: Question, profile: Profile, lang: str
) -> tuple[_Candidate, ...]:
    # Answers play no part here, so the page recomputes nothing of this when one changes.
    # The candidates are shared between calls: nothing downstream modifies them.
    band = SIZE_BANDS.get(profile.size or "")
    found: list[_Candidate] = []
    for figure_id in question.figure_ids:
        figure = dataset.figure(figure_id).to_dict()
        basis = _basis(figure["size_class"], band)
        if basis is not None:
            found.append(_Candidate(basis, figure))
    country = _eurostat_country(dataset, question, profile, band, lang)
    if country is not None:
        found.append(country)
    found.sort(key=lambda c: BASES.index(c.basis))  # stable: keeps the CSV order within a basis
    # When a publisher has a figure for the firm's own size or country, its all-sizes figure
    # adds nothing but noise: keep only the most specific figure of each publisher.
    kept: list[_Candidate] = []
    best_rank: dict[str, int] = {}
    for candidate in found:
        rank = _rank(candidate.basis)
        source = candidate.figure["attributed_to"]
        if source in best_rank and best_rank[source] < rank:
            continue
        best_rank.setdefault(source, rank)
        kept.append(candidate)
    return tuple(kept)


def _rank(basis: str) -> int:
    # "size" and "size_closest" are equally specific: both are the firm's own size class.
    return {"size": 0, "size_closest": 0, "country": 1, "general": 2}[basis]


def _basis(size_class: str, band: SizeBand | None) -> str | None:
    if size_class == "all":
        return "general"
    if band is None:
        return None  # a size-specific figure says nothing about a firm of unknown size
    if size_class in band.exact:
        return "size"
    if size_class in band.within:
        return "size_closest"
    if size_class in band.broader:
        return "general"
    return None


def _eurostat_country(
    dataset: Dataset,
    question: Question,
    profile: Profile,
    band: SizeBand | None,
    lang: str,
) -> _Candidate | None:
    if not question.eurostat_indicator or profile.country is None or band is None:
        return None
    if not band.ten_plus:
        return None  # Eurostat only surveys enterprises with 10 or more persons employed
    table = dataset.eurostat
    rows = table[
        (table["indicator"] == question.eurostat_indicator) & (table["geo"] == profile.country)
    ]
    if rows.empty or pd.isna(rows.iloc[0]["value"]):
        return None  # not a reporting country, or value withheld for low reliability
    row = rows.iloc[0]
    period = str(row["period"])
    # Reuse the curated figure row when there is one (France), so ids match the home page.
    figures = dataset.figures
    match = figures[
        (figures["attributed_to"] == EUROSTAT_SOURCE)
        & (figures["geo"] == profile.country)
        & (figures["size_class"] == EUROSTAT_SIZE_CLASS)
        & (figures["period"] == period)
    ]
    if not match.empty:
        return _Candidate("country", match.iloc[0].to_dict())
    country = {"fr": row["country_fr"], "en": row["country_en"]}
    figure: dict[str, Any] = {
        "id": f"eurostat_{question.eurostat_indicator.lower()}_{str(row['geo']).lower()}_{period}",
        "value": float(row["value"]),
        "value_kind": "exact",
        "period": period,
        "attributed_to": EUROSTAT_SOURCE,
        "grade": "primary",
        "headline": None,
        "size_class": EUROSTAT_SIZE_CLASS,
    }
    for code in ("fr", "en"):
        figure[f"label_{code}"] = text(
            "bench.eurostat.label", code, country=country[code], period=period
        )
        figure[f"population_{code}"] = text(
            "bench.eurostat.population", code, country=country[code]
        )
        figure[f"caveat_{code}"] = ""
    return _Candidate("country", figure)


def _positioning(
    dataset: Dataset,
    question: Question,
    candidate: _Candidate,
    answer: str | None,
    profile: Profile,
    lang: str,
) -> Positioning:
    figure = candidate.figure
    suffix = "en" if lang == "en" else "fr"
    value = float(figure["value"])
    value_text = fmt_pct(value, lang, kind=str(figure["value_kind"]))
    population = str(figure[f"population_{suffix}"])
    period = str(figure["period"])
    period_text = format_period(period, lang)
    source_id = str(figure["attributed_to"])
    try:
        source = dataset.source(source_id)
        organisation, title = str(source["organisation"]), str(source["title"])
    except KeyError:
        organisation, title = source_id, ""
    label = str(figure[f"label_{suffix}"])
    in_group = None if answer is None else answer in question.in_group
    if in_group is None:
        sentence = text(
            "bench.unanswered",
            lang,
            label=label,
            value=value_text,
            population=population,
            period=period_text,
        )
    else:
        sentence = question.statement(in_group, lang).format(
            value=value_text, population=population, period=period_text, organisation=organisation
        )
    if candidate.basis == "size_closest":
        size = format_band(profile.size or "", lang)
        basis_text = text("bench.basis.size_closest", lang, size=size, population=population)
    else:
        basis_text = text(f"bench.basis.{candidate.basis}", lang, population=population)
    headline = figure.get("headline")
    return Positioning(
        question_id=question.id,
        figure_id=str(figure["id"]),
        label=label,
        value=value,
        value_kind=str(figure["value_kind"]),
        value_text=value_text,
        population=population,
        period=period,
        period_text=period_text,
        grade=str(figure["grade"]),
        source_id=source_id,
        organisation=organisation,
        source_title=title,
        answer=answer,
        in_group=in_group,
        sentence=sentence,
        basis=candidate.basis,
        comparison_basis=basis_text,
        headline=None if headline is None or pd.isna(headline) else int(headline),
        caveat=str(figure.get(f"caveat_{suffix}") or ""),
    )


def comparison_notes(questionnaire: Questionnaire, profile: Profile, lang: str) -> list[str]:
    """What the comparison could not use, in plain words (missing size, sector, small firm)."""
    profile = profile.cleaned(questionnaire)
    notes: list[str] = []
    if profile.size is None:
        notes.append(text("bench.basis.no_size", lang))
    elif not SIZE_BANDS[profile.size].ten_plus:
        notes.append(text("bench.basis.small_no_eurostat", lang))
    if profile.sector is not None:
        notes.append(text("bench.basis.no_sector", lang))
    return notes


def uncompared_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """Questions that count in the score but that no published figure covers."""
    return tuple(
        q for q in questionnaire.questions if not q.figure_ids and not q.eurostat_indicator
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
        return (pillars[practice.pillar], practice.priority, order[practice.id])

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
    try:
        source = dataset.source(practice.source)
        organisation, title = str(source["organisation"]), str(source["title"])
    except KeyError:
        organisation, title = practice.source, ""
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


# --------------------------------------------------------------------------- charts


def pillar_chart(result: MaturityScore, lang: str) -> go.Figure:
    """Horizontal bars, one per pillar, on a fixed 0–100 axis with the stage thresholds."""
    labels = [text(f"bench.pillar.{p}", lang) for p in PILLARS]
    values = [result.pillars[p] for p in PILLARS]
    bar = {
        "type": "bar",
        "x": values,
        "y": labels,
        "orientation": "h",
        "marker": {"color": IN_COLOUR},
        "text": [str(v) for v in values],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}/100<extra></extra>",
    }
    # Threshold lines as plain layout shapes: fig.add_vline costs ~10x a whole bar chart.
    thresholds = [
        {
            "type": "line",
            "x0": threshold,
            "x1": threshold,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"width": 1, "dash": "dot", "color": "#8c959f"},
        }
        for _, threshold in STAGES[1:]
    ]
    layout = {
        "template": TEMPLATE,
        "shapes": thresholds,
        "height": 260,
        "margin": {"l": 8, "r": 24, "t": 8, "b": 36},
        "showlegend": False,
        "plot_bgcolor": "white",
        "xaxis": {
            "range": [0, 100],
            "title": {"text": text("bench.chart.pillar_axis", lang)},
            "fixedrange": True,
        },
        # Plotly draws the first category at the bottom; reversed so the list reads top-down.
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        "separators": ",\u202f" if lang == "fr" else ".,",
    }
    # Built from plain dicts in one go: Plotly validates once instead of once per update.
    return go.Figure({"data": [bar], "layout": layout})


def pillar_caption(lang: str) -> str:
    """Caption under the pillar chart: what the score is, and that no average exists."""
    return text("bench.caption.pillars", lang)


def _wrap(label: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(label, width)) or label


def position_chart(positionings: Sequence[Positioning], lang: str) -> go.Figure:
    """The published values as bars, coloured by whether the company is in each group.

    One trace per status (in, out, unanswered) so the legend explains the colours; the
    unanswered bars are also hatched, so the chart does not rely on colour alone.
    """
    ticks = [f"{_wrap(p.label, 30)}<br><i>{_wrap(p.population, 36)}</i>" for p in positionings]
    # Identical label/population pairs (a question answered against two periods of the same
    # survey) would merge into one category: suffix an invisible counter to keep them apart.
    categories = [tick + ZERO_WIDTH_SPACE * index for index, tick in enumerate(ticks)]
    traces = []
    statuses = (
        (True, "bench.legend.in", IN_COLOUR, ""),
        (False, "bench.legend.out", OUT_COLOUR, ""),
        (None, "bench.legend.unanswered", UNANSWERED_COLOUR, "/"),
    )
    for status, key, colour, pattern in statuses:
        rows = [
            (c, p) for c, p in zip(categories, positionings, strict=True) if p.in_group is status
        ]
        if not rows:
            continue
        traces.append(
            {
                "type": "bar",
                "name": text(key, lang),
                "x": [p.value for _, p in rows],
                "y": [c for c, _ in rows],
                "orientation": "h",
                "marker": {"color": colour, "pattern": {"shape": pattern}},
                "text": [p.value_text for _, p in rows],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [[p.organisation, p.period_text] for _, p in rows],
                "hovertemplate": "%{text} · %{customdata[0]}, %{customdata[1]}<extra></extra>",
            }
        )
    layout = {
        "template": TEMPLATE,
        "height": max(200, 90 + 80 * len(positionings)),  # room for 4-line labels on a phone
        "margin": {"l": 8, "r": 40, "t": 8, "b": 40},
        "plot_bgcolor": "white",
        "barmode": "overlay",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0},
        "xaxis": {
            "range": [0, 100],
            "title": {"text": text("bench.chart.position_axis", lang)},
            "fixedrange": True,
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": categories,
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "tickfont": {"size": 11},
        },
        "separators": ",\u202f" if lang == "fr" else ".,",
    }
    # Built from plain dicts in one go: Plotly validates once instead of once per update.
    return go.Figure({"data": traces, "layout": layout})


def position_caption(positionings: Sequence[Positioning], lang: str) -> str:
    """Caption listing every source shown in the chart, in order of first appearance."""
    sources = list(dict.fromkeys(p.organisation for p in positionings))
    return text("bench.caption.position", lang, sources=", ".join(sources))
