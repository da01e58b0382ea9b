"""Where the firm stands: the result that the benchmark page and its PDF both read.

:func:`adoption.benchmark.position` sets every answer against every figure mapped to its
question and says, figure by figure, whether the firm belongs to the population. This
module turns those comparisons into a result an executive can read in one look, in the
order a result must tell (``shared/PRODUCT.md``, "What a result must tell"):

1. the score, the stage and what it takes to reach the next stage;
2. **the firm's own population**. For a question Eurostat measures (AI use), the official
   figures for the firm's country × size class and country × sector, then the EU27 for the
   same size class and sector (:class:`OfficialBlock`); a slot with no figure that contains
   the firm gets the nearest published population instead, labelled as a reference, and a
   line says why. For every other question, the one figure whose population contains the
   firm. **One number per fact**: only the latest period is stated; the series it belongs
   to is one context line (``15 % → 31 % → 55 %``). One "you are among" per question at
   most: the other figures that contain the firm are stated as facts, not as membership;
3. the next steps;
4. **references**, closed by default: every other figure, grouped by why it is not the
   firm's (another country, another size, not measured on firms…), the four headline
   figures first as context.

A figure appears once in a result: as a statement, in a context line, or as a reference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from adoption.benchmark import (
    EUROSTAT_BREAK_YEAR,
    EUROSTAT_SCOPE,
    EUROSTAT_SIZES,
    SOURCE_TIERS,
    Answers,
    Comparison,
    MaturityScore,
    NextStep,
    Profile,
    _tier,
    comparison_notes,
    figure_population,
    firm_of,
    mid_sentence,
    nearest_eurostat_size,
    next_stage,
    next_steps,
    position,
    score,
    specificity,
)
from adoption.benchmark import _period_key as period_key
from adoption.dataset import EUROSTAT_EU, Dataset
from adoption.i18n import fmt_pct, format_band, format_period
from adoption.i18n import t as text
from adoption.population import Firm, Population
from adoption.questionnaire import Questionnaire

# The four places a Eurostat-measured answer is set against, in reading order.
SLOTS = ("country_size", "country_sector", "eu_size", "eu_sector")
# Why a reference is not the firm's: the membership reason → the group it is shown in.
REASON_GROUPS = {
    "unit": "unit",
    "geo_not_stated": "not_stated",
    "size_not_stated": "not_stated",
    "country_unknown": "unknown",
    "size_unknown": "unknown",
    "sector_unknown": "unknown",
    "country": "country",
    "size": "size",
    "sector": "sector",
    "condition_unknown": "condition",
    "condition": "condition",
}
GROUP_ORDER = (
    "headlines",
    "other_measure",
    "country",
    "size",
    "sector",
    "not_stated",
    "unknown",
    "condition",
    "unit",
)
EUROSTAT_PREFIX = "eurostat:"


@dataclass(frozen=True)
class Stated:
    """One figure as the result states it, with its series as a context line ("" when the
    figure stands alone: no other period of the same measurement is in the data)."""

    comparison: Comparison
    context: str = ""


@dataclass(frozen=True)
class OfficialBlock:
    """The firm's own population for one question Eurostat measures.

    ``lead`` is the one figure stated as membership ("your firm is among…"): the most
    specific population that contains the firm. ``frame`` holds the other official slots
    that contain the firm, stated as facts; ``nearest`` the slots no published figure fills
    for the firm, each with the nearest population, a labelled reference. ``gaps`` says in
    one line each why a slot is not the firm's own. ``labels`` are the short names of
    ``lead``, ``frame`` and ``nearest`` in that order (for the chart).
    """

    question_id: str
    answer_text: str | None
    lead: Stated | None
    frame: tuple[Comparison, ...]
    nearest: tuple[Comparison, ...]
    gaps: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """Every figure of the block, in reading order."""
        lead = (self.lead.comparison,) if self.lead else ()
        return (*lead, *self.frame, *self.nearest)


@dataclass(frozen=True)
class ReferenceGroup:
    """Figures about other populations, grouped by why they are not the firm's."""

    key: str
    title: str
    items: tuple[Stated, ...]


@dataclass(frozen=True)
class Result:
    """Everything the result shows, in its order; the page and the PDF both read this.

    ``official``: the firm's own population for each question Eurostat measures; ``own``:
    one statement per other question whose population contains the firm; ``steps``: the
    next steps; ``references``: the rest, grouped; ``notes``: what the profile left open.
    """

    score: MaturityScore
    next_stage: str
    official: tuple[OfficialBlock, ...]
    own: tuple[Stated, ...]
    steps: tuple[NextStep, ...]
    references: tuple[ReferenceGroup, ...]
    notes: tuple[str, ...]

    def own_population(self) -> list[Stated]:
        """The firm's own-population figures in reading order, with their context lines."""
        items: list[Stated] = []
        for block in self.official:
            if block.lead is not None:
                items.append(block.lead)
            items += [Stated(c) for c in (*block.frame, *block.nearest)]
        return items + list(self.own)

    def reference_count(self) -> int:
        return sum(len(group.items) for group in self.references)


# --------------------------------------------------------------------------- the result


def result(
    dataset: Dataset,
    questionnaire: Questionnaire,
    answers: Answers,
    profile: Profile,
    lang: str,
) -> Result:
    """The firm's result in ``lang``: its score, own population, next steps, references."""
    clean = questionnaire.valid_answers(answers)
    firm = firm_of(questionnaire, profile, clean)
    comparisons = position(dataset, questionnaire, clean, profile, lang)
    by_question: dict[str, list[Comparison]] = {}
    for comparison in comparisons:
        by_question.setdefault(comparison.question_id, []).append(comparison)

    placed: set[str] = set()  # figures already stated, in a context line, or in a block
    official: list[OfficialBlock] = []
    own: list[Stated] = []
    other_measures: list[Comparison] = []
    references: list[Comparison] = []
    for question in questionnaire.questions:
        items = by_question.get(question.id, [])
        if not items:
            continue
        answered = items[0].in_group is not None
        if question.eurostat_indicator:
            block, rest = _official_block(dataset, firm, question.id, items, lang)
            official.append(block)
            placed |= {c.figure_id for c in block.comparisons}
            if block.lead is not None:
                placed |= set(_series_members(block.lead.comparison, items))
            rest = [c for c in rest if c.figure_id not in placed]
        else:
            members = [c for c in items if c.member]
            rest = items
            if members and answered:
                lead = min(members, key=lambda c: _rank(dataset, c))
                own.append(Stated(lead, _context(dataset, lead, lang)))
                placed |= {lead.figure_id, *_series_members(lead, items)}
                rest = [c for c in items if c.figure_id not in placed]
        if not answered:
            continue  # an unanswered question's other figures say nothing of the firm
        other_measures += [c for c in rest if c.member]
        references += [c for c in rest if not c.member]

    groups = _reference_groups(dataset, comparisons, placed, other_measures, references, lang)
    current = score(questionnaire, clean)
    upcoming = next_stage(current)
    return Result(
        score=current,
        next_stage=upcoming.text(lang) if upcoming else "",
        official=tuple(official),
        own=tuple(own),
        steps=tuple(next_steps(dataset, questionnaire, clean, lang)),
        references=groups,
        notes=tuple(comparison_notes(questionnaire, profile, lang)),
    )


# --------------------------------------------------------------------------- own population


def _rank(dataset: Dataset, comparison: Comparison) -> tuple[int, ...]:
    """The engine's ranking of populations that contain the firm (most specific first)."""
    spec = comparison.population_spec
    if spec is None:  # every comparison the engine builds has one
        raise ValueError(f"{comparison.figure_id}: no population")
    return specificity(
        dataset, spec, comparison.source_id, comparison.period, dataset.group_members
    )


def _slot(comparison: Comparison, firm: Firm) -> str | None:
    """Which of :data:`SLOTS` a figure fills for this firm, if any."""
    spec = comparison.population_spec
    if spec is None:
        return None
    if firm.country is not None and spec.geo == firm.country:
        place = "country"
    elif spec.geo == EUROSTAT_EU:
        place = "eu"
    else:
        return None
    one_sector = spec.sectors is not None and len(spec.sectors) == 1
    return f"{place}_{'sector' if one_sector else 'size'}"


def _official_block(
    dataset: Dataset, firm: Firm, question_id: str, items: Sequence[Comparison], lang: str
) -> tuple[OfficialBlock, list[Comparison]]:
    """The block for one Eurostat-measured question, and the comparisons it leaves over."""
    members = [c for c in items if c.member]
    lead = min(members, key=lambda c: _rank(dataset, c)) if members else None
    filled: dict[str, Comparison] = {}
    if lead is not None and (slot := _slot(lead, firm)) is not None:
        filled[slot] = lead
    for comparison in sorted(members, key=lambda c: _rank(dataset, c)):
        slot = _slot(comparison, firm)
        if slot is not None and slot not in filled and _official(dataset, comparison):
            filled[slot] = comparison
    # A slot no figure fills for the firm gets the nearest published population: its own
    # country's slots first; the EU27's only where its country has nothing for that slot
    # (the EU27 is the wider frame, not a stand-in for what its country's figures cover).
    stand_in: dict[str, Comparison] = {}
    for comparison in items:
        slot = _slot(comparison, firm)
        if (
            slot is not None
            and slot not in stand_in
            and not comparison.member
            and comparison.figure_id.startswith(EUROSTAT_PREFIX)
        ):
            stand_in[slot] = comparison
    # The EU27 stands in for a slot only when the firm's own country has nothing there.
    nearest: dict[str, Comparison] = {}
    for slot in SLOTS:
        if slot in filled or slot not in stand_in:
            continue
        counterpart = slot.replace("eu_", "country_")
        if slot.startswith("country") or (counterpart not in filled and counterpart not in nearest):
            nearest[slot] = stand_in[slot]
    frame = [
        dataclasses.replace(c, sentence=_frame_sentence(c, lang))
        for s in SLOTS
        if (c := filled.get(s)) is not None and c is not lead
    ]
    stand_ins = [
        dataclasses.replace(c, sentence=_nearest_sentence(c, lang))
        for s in SLOTS
        if (c := nearest.get(s)) is not None
    ]
    shown = {c.figure_id for c in (*frame, *stand_ins)} | ({lead.figure_id} if lead else set())
    block = OfficialBlock(
        question_id=question_id,
        answer_text=items[0].answer_text,
        lead=Stated(lead, _context(dataset, lead, lang)) if lead is not None else None,
        frame=tuple(frame),
        nearest=tuple(stand_ins),
        gaps=tuple(_gaps(dataset, firm, lead, filled, nearest, items, lang)),
        labels=tuple(
            short_label(dataset, c, lang)
            for c in ((lead,) if lead else ()) + tuple(frame) + tuple(stand_ins)
        ),
    )
    return block, [c for c in items if c.figure_id not in shown]


def _official(dataset: Dataset, comparison: Comparison) -> bool:
    return _tier(dataset, comparison.source_id) == SOURCE_TIERS["official_statistics"]


def _restated(comparison: Comparison) -> dict[str, str]:
    """What a sentence of the result says of a figure, restated in another frame."""
    return {
        "label": mid_sentence(comparison.label),
        "value": comparison.value_text,
        "population": comparison.population,
        "period": comparison.period_text,
    }


def _frame_sentence(comparison: Comparison, lang: str) -> str:
    return text("bench.frame", lang, **_restated(comparison))


def _nearest_sentence(comparison: Comparison, lang: str) -> str:
    return text("bench.nearest", lang, **_restated(comparison))


def _gaps(
    dataset: Dataset,
    firm: Firm,
    lead: Comparison | None,
    filled: Mapping[str, Comparison],
    nearest: Mapping[str, Comparison],
    items: Sequence[Comparison],
    lang: str,
) -> list[str]:
    """One line for each reason a slot of the firm's own country is not filled by a figure
    that contains the firm, naming what stands in."""
    lines: list[str] = []
    headcount = firm.headcount
    small = headcount is not None and headcount.high is not None and headcount.high < 10
    if small:
        if lead is not None and not lead.figure_id.startswith(EUROSTAT_PREFIX):
            lines.append(text("bench.gap.small_covered", lang, source=_short_source(dataset, lead)))
        else:
            lines.append(text("bench.gap.small", lang))
    out_of_scope = firm.sector is not None and firm.sector not in EUROSTAT_SCOPE
    if out_of_scope:
        lines.append(text("bench.gap.sector_scope", lang))
    if firm.country is None:
        return lines  # the profile notes ask for the country
    place = dataset.place_name(firm.country, lang)
    indicator = next(
        (c.series.split(":")[1] for c in items if c.series.startswith(EUROSTAT_PREFIX)), None
    )
    if indicator is None:
        return lines
    if not _published(dataset, indicator, firm.country):
        lines.append(text("bench.gap.no_country", lang, place=place))
        return lines
    # A country slot left empty although the firm's size and sector are ones Eurostat
    # covers: Eurostat withheld the value or does not publish that cell.
    missing = []
    size = nearest_eurostat_size(firm.headcount)
    if "country_size" not in filled and "country_size" not in nearest and not small:
        missing.append(("eu_size", format_band(EUROSTAT_SIZES[size], lang)))
    if (
        firm.sector is not None
        and not out_of_scope
        and "country_sector" not in filled
        and "country_sector" not in nearest
    ):
        missing.append(("eu_sector", text(f"bench.nace.{firm.sector}", lang)))
    if missing:
        cells = ", ".join(name for _, name in missing)
        stands_in = all(slot in filled or slot in nearest for slot, _ in missing)
        if stands_in:
            lines.append(text("bench.gap.withheld", lang, place=place, cells=cells))
        else:
            lines.append(text("bench.gap.unpublished", lang, place=place, cells=cells))
    return lines


def _short_source(dataset: Dataset, comparison: Comparison) -> str:
    """The publisher's name alone (``INSEE``, ``France Num``), for chart labels and lines."""
    try:
        name = str(dataset.source(comparison.source_id)["organisation"])
    except KeyError:
        name = ""
    # "France Num (DGE / Crédoc)" → "France Num": the name goes inside parentheses.
    return name.split(" (")[0].strip() or comparison.organisation


def _published(dataset: Dataset, indicator: str, geo: str) -> bool:
    """Whether Eurostat publishes ``indicator`` for ``geo`` at all, in any cell and year."""
    return any(
        key[0] == indicator and key[3] == geo and any(r["value"] is not None for r in rows)
        for key, rows in dataset.eurostat_cells().items()
    )


def _missing(value: object) -> bool:
    return value is None or value != value  # NaN is the one value unequal to itself


def short_label(dataset: Dataset, comparison: Comparison, lang: str) -> str:
    """A population in a few words, for a chart: ``Germany · 250+``, ``EU27 · construction``,
    ``France · 0–249 (France Num)``."""
    spec = comparison.population_spec
    if spec is None:
        return comparison.population
    place = text("bench.short.eu", lang) if spec.geo == EUROSTAT_EU else None
    place = place or dataset.place_name(spec.geo, lang)
    if spec.sectors is not None and len(spec.sectors) == 1:
        what = text(f"bench.nace.{next(iter(spec.sectors))}", lang)
    elif spec.headcount is not None:
        what = format_band(spec.headcount, lang)
    else:
        what = ""
    label = f"{place} · {what}" if what else place
    if not comparison.figure_id.startswith(EUROSTAT_PREFIX):
        label += f" ({_short_source(dataset, comparison)})"
    return label


# --------------------------------------------------------------------------- series


def _same_fact(a: Comparison, b: Comparison) -> bool:
    """Two periods of one measurement of one population (a series), or the same figure."""
    return bool(a.series) and a.series == b.series and a.population_spec == b.population_spec


def _series_members(lead: Comparison, items: Iterable[Comparison]) -> list[str]:
    """Figure ids of the other periods of ``lead``'s series among ``items``."""
    return [c.figure_id for c in items if c.figure_id != lead.figure_id and _same_fact(c, lead)]


def _context(dataset: Dataset, comparison: Comparison, lang: str) -> str:
    """The series a figure belongs to, oldest period first, as one line; "" when the data
    holds no other period of the same measurement of the same population."""
    points = _series_points(dataset, comparison, lang)
    if len(points) < 2:
        return ""
    line = text("bench.context", lang, series=" → ".join(p for p, _ in points))
    years = [year for _, year in points if year is not None]
    if years and min(years) < EUROSTAT_BREAK_YEAR <= max(years):
        line += " " + text("bench.context_break", lang, year=EUROSTAT_BREAK_YEAR)
    return line


def _series_points(
    dataset: Dataset, comparison: Comparison, lang: str
) -> list[tuple[str, int | None]]:
    """Each period of the series as (text, Eurostat year or None), oldest first."""
    if comparison.series.startswith(EUROSTAT_PREFIX):
        _, indicator, size, nace, geo = comparison.series.split(":")
        rows = dataset.eurostat_cells().get((indicator, size, nace, geo, "PC_ENT"), [])
        published = [r for r in rows if not _missing(r["value"])]
        return [
            (f"{fmt_pct(float(r['value']), lang)} ({r['year']})", int(r["year"]))
            for r in sorted(published, key=lambda r: int(r["year"]))
        ]
    if not comparison.series:
        return []
    figures = [
        dataset.figure(figure_id)
        for figure_id in map(str, dataset.series(comparison.series)["id"])
        if figure_population(dataset, figure_id) == comparison.population_spec
    ]
    figures.sort(key=lambda row: period_key(str(row["period"])))
    return [
        (
            f"{fmt_pct(float(row['value']), lang, kind=str(row['value_kind']))} "
            f"({format_period(str(row['period']), lang)})",
            None,
        )
        for row in figures
    ]


# --------------------------------------------------------------------------- references


def _reference_groups(
    dataset: Dataset,
    comparisons: Sequence[Comparison],
    placed: set[str],
    other_measures: Sequence[Comparison],
    references: Sequence[Comparison],
    lang: str,
) -> tuple[ReferenceGroup, ...]:
    """Every figure not stated for the firm, grouped by why, the headlines first.

    One number per fact here too: a headline figure whose series has a later period is
    given at that period (its series as the context line), and no figure of a series
    appears twice."""
    by_figure: dict[str, Comparison] = {}
    for comparison in comparisons:
        by_figure.setdefault(comparison.figure_id, comparison)
    taken = set(placed)
    headlines: list[Stated] = []
    for figure_id in (str(i) for i in dataset.headlines()["id"]):
        found = by_figure.get(figure_id)
        if found is None or figure_id in taken:
            continue
        same = [found, *(by_figure[i] for i in _series_members(found, comparisons))]
        latest = max(same, key=lambda c: period_key(c.period))
        taken |= {c.figure_id for c in same}
        if latest.figure_id in placed:
            continue  # the firm's own statement already gives this fact
        sentence = _headline_sentence(latest, lang)
        headlines.append(
            Stated(dataclasses.replace(latest, sentence=sentence), _context(dataset, latest, lang))
        )
    grouped: dict[str, list[Comparison]] = {key: [] for key in GROUP_ORDER}
    for comparison in other_measures:
        if comparison.figure_id not in taken:
            sentence = _other_measure_sentence(comparison, lang)
            grouped["other_measure"].append(dataclasses.replace(comparison, sentence=sentence))
    for comparison in references:
        if comparison.figure_id not in taken:
            grouped[REASON_GROUPS.get(str(comparison.reason), "unit")].append(comparison)
    groups = []
    if headlines:
        title = text("bench.refgroup.headlines", lang)
        groups.append(ReferenceGroup(key="headlines", title=title, items=tuple(headlines)))
    for key in GROUP_ORDER[1:]:
        items = _latest_of_each_series(dataset, grouped[key], lang)
        if items:
            title = text(f"bench.refgroup.{key}", lang)
            groups.append(ReferenceGroup(key=key, title=title, items=tuple(items)))
    return tuple(groups)


def _latest_of_each_series(
    dataset: Dataset, items: Sequence[Comparison], lang: str
) -> list[Stated]:
    """One number per fact among references too: the latest period of each series, with
    the series as its context line."""
    kept: list[Stated] = []
    seen: set[tuple[str, Population | None]] = set()
    for comparison in items:
        if not comparison.series:
            kept.append(Stated(comparison))
            continue
        key = (comparison.series, comparison.population_spec)
        if key in seen:
            continue
        seen.add(key)
        same = [c for c in items if _same_fact(c, comparison)]
        latest = max(same, key=lambda c: period_key(c.period))
        kept.append(Stated(latest, _context(dataset, latest, lang)))
    return kept


def _headline_sentence(comparison: Comparison, lang: str) -> str:
    return text("bench.headline_context", lang, **_restated(comparison))


def _other_measure_sentence(comparison: Comparison, lang: str) -> str:
    return text("bench.other_measure", lang, **_restated(comparison))
