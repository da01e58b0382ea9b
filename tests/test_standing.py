"""Tests for adoption.standing: the result opens on the firm's own population, states one
number per fact, keeps references in their place, and the PDF carries exactly that."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import fixtures
from adoption import report
from adoption.benchmark import Comparison, Profile, _period_key, position, status
from adoption.dataset import Dataset
from adoption.i18n import NNBSP
from adoption.i18n import t as text
from adoption.questionnaire import Questionnaire
from adoption.standing import Result, result
from claims import USES_AI, plain


def statements(view: Result) -> list[Comparison]:
    """Every comparison the result states as membership ("you are among…")."""
    found = [b.lead.comparison for b in view.official if b.lead is not None]
    found += [s.comparison for s in view.own]
    return [c for c in found if status(c) in ("in", "out")]


DATASET: Dataset = fixtures.dataset()
QUESTIONNAIRE: Questionnaire = fixtures.questionnaire()
SIZES = [c.code for c in QUESTIONNAIRE.profile_options("size")]
SECTORS = [c.code for c in QUESTIONNAIRE.profile_options("sector")]
COUNTRIES = [c.code for c in QUESTIONNAIRE.profile_options("country")]

NO_AI = {q: "no" for q in ("q_genai", "q_genai_self", "q_any_ai", "q_strategy", "q_agency")}
ANSWER_SETS = (USES_AI, NO_AI, {"q_any_ai": "yes"}, {"q_agency": "yes", "q_satisfaction": "1"})
# The profile grid and answer sets the property tests sample.
GRID = {
    "size": st.sampled_from(SIZES),
    "sector": st.sampled_from(SECTORS),
    "country": st.sampled_from(COUNTRIES),
    "answers": st.sampled_from(ANSWER_SETS),
    "lang": st.sampled_from(["fr", "en"]),
}
GERMAN_300 = Profile("250-4999", "industry", "DE")
FRENCH_5 = Profile("5-9", "construction", "FR")


def _statement_texts(question_id: str, lang: str) -> set[str]:
    """The question's own "you are among" / "not among" templates, without placeholders."""
    question = QUESTIONNAIRE.question(question_id)
    found = set()
    for side in (True, False):
        template = question.statement(side, lang)
        if template:
            found.add(re.split(r"\{", template)[0])
    return found


def _every_figure(view: Result) -> list[Comparison]:
    items = [s.comparison for s in view.own_population()]
    return items + [s.comparison for g in view.references for s in g.items]


def _check(view: Result, profile: Profile, answers: dict[str, str], lang: str) -> None:
    # 1. The first block: the statement and the frame contain the firm; a nearest
    #    population never does, and is a reference.
    for block in view.official:
        if block.lead is not None:
            assert block.lead.comparison.member
        assert all(c.member for c in block.frame)
        assert not any(c.member for c in block.nearest)
    assert all(s.comparison.member for s in view.own)
    # 2. At most one membership statement per question, and only where the firm belongs.
    stated = statements(view)
    questions = [c.question_id for c in stated]
    assert len(questions) == len(set(questions)), questions
    assert all(c.member for c in stated)
    # ... and nothing else in the result is phrased as one.
    others = [c for c in _every_figure(view) if c not in stated]
    for comparison in others:
        for opening in _statement_texts(comparison.question_id, lang):
            assert not comparison.sentence.startswith(opening), comparison.sentence
    # 3. One number per fact: a stated figure is the latest of its series for its
    #    population, and no figure appears twice.
    members = [c for c in position(DATASET, QUESTIONNAIRE, answers, profile, lang) if c.member]
    for item in view.own_population():
        comparison = item.comparison
        if not comparison.member or not comparison.series:
            continue
        same = [
            c
            for c in members
            if c.series == comparison.series and c.population_spec == comparison.population_spec
        ]
        assert max(_period_key(c.period) for c in same) == _period_key(comparison.period)
    ids = [c.figure_id for c in _every_figure(view)]
    assert len(ids) == len(set(ids)), ids
    # ... and no series is given twice, in any section (its line says it once).
    series = [(c.series, c.population_spec) for c in _every_figure(view) if c.series]
    assert len(series) == len(set(series)), series
    # 4. A nearest population from the EU27 is never shown without a line saying why.
    for block in view.official:
        eu = [c for c in block.nearest if c.population_spec.geo == "EU27_2020"]
        if eu and profile.country not in (None, "other"):
            assert block.gaps, (profile, [c.figure_id for c in eu])


@given(**GRID)
@settings(max_examples=300, deadline=None)
def test_the_result_states_only_the_firms_own_populations(
    size: str, sector: str, country: str, answers: dict[str, str], lang: str
) -> None:
    profile = Profile(size, sector, country)
    _check(result(DATASET, QUESTIONNAIRE, answers, profile, lang), profile, answers, lang)


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.slow  # 25 PDFs built and read back: about 20 s of CPU
@given(**GRID)
@settings(max_examples=25, deadline=None)
def test_every_own_population_figure_of_the_page_is_in_the_pdf(
    size: str, sector: str, country: str, answers: dict[str, str], lang: str
) -> None:
    profile = Profile(size, sector, country)
    view = result(DATASET, QUESTIONNAIRE, answers, profile, lang)
    content = plain(
        _pdf_text(report.build_pdf(DATASET, QUESTIONNAIRE, answers, profile, lang, None))
    )
    for item in view.own_population():
        assert plain(item.comparison.sentence) in content, item.comparison.figure_id
        assert plain(item.context) in content
    for block in view.official:
        for gap in block.gaps:
            assert plain(gap) in content
    for step in view.steps:
        assert plain(step.practice) in content


def test_a_german_manufacturer_of_300_reads_its_own_population_first() -> None:
    view = result(DATASET, QUESTIONNAIRE, USES_AI, GERMAN_300, "en")
    (block,) = view.official
    assert block.lead is not None
    lead = block.lead.comparison
    assert lead.figure_id == "eurostat:E_AI_TANY:GE250:C10-S951_X_K:DE:2025"
    assert "Germany" in lead.population and "250+" in lead.population
    assert lead.sentence.startswith("Your firm is among the 56.99%")
    # The series as one line, oldest first, ending on the stated figure.
    assert block.lead.context.startswith(text("bench.context", "en", series=""))
    # It crosses 2025, when Eurostat started counting more technologies: the line says so.
    assert (
        "→ 56.99% (2025) " + text("bench.context_break", "en", year=2025)
        == (block.lead.context[block.lead.context.index("→ 56.99%") :])
    )
    # Then Germany × manufacturing, the EU27 × 250+ and the EU27 × manufacturing.
    assert [c.figure_id.split(":")[2:5] for c in block.frame] == [
        ["GE10", "C", "DE"],
        ["GE250", "C10-S951_X_K", "EU27_2020"],
        ["GE10", "C", "EU27_2020"],
    ]
    assert block.nearest == () and block.gaps == ()
    assert view.own == ()  # no article figure describes a German firm of 300
    # The headline figures are context, not the firm's comparison.
    assert view.references[0].key == "headlines"
    assert all(not s.comparison.member for s in view.references[0].items)


def test_a_french_builder_of_5_gets_one_number_per_fact() -> None:
    view = result(DATASET, QUESTIONNAIRE, USES_AI, FRENCH_5, "fr")
    (block,) = view.official
    assert block.lead is not None
    assert block.lead.comparison.figure_id == "francenum_ai_2025"
    assert block.lead.context == text(
        "bench.context", "fr", series=f"13{NNBSP}% (2024) → 26{NNBSP}% (2025)"
    )
    # No official statistic counts firms under 10: said in one line, the nearest named.
    assert block.gaps == (text("bench.gap.small_covered", "fr", source="France Num"),)
    assert [c.figure_id for c in block.nearest] == ["eurostat:E_AI_TANY:GE10:F:FR:2025"]
    # Generative AI: 55 % (end 2025) is stated once; 15 % and 31 % only in its series.
    (genai,) = [s for s in view.own if s.comparison.question_id == "q_genai_self"]
    assert genai.comparison.figure_id == "genai_use_tpe_pme_2025"
    assert "15\u202f% (fin 2023) → 31\u202f% (fin 2024) → 55\u202f% (fin 2025)" in genai.context
    shown = {c.figure_id for c in _every_figure(view)}
    assert not shown & {"genai_use_tpe_pme_2023", "genai_use_tpe_pme_2024"}
    # The contested ~67 % contains the firm too, but is another measure, not a statement.
    (other,) = [g for g in view.references if g.key == "other_measure"]
    assert [s.comparison.figure_id for s in other.items] == ["any_ai_tool_dfm"]
    assert "fait partie des" not in other.items[0].comparison.sentence


@pytest.mark.parametrize(
    ("profile", "gap"),
    [
        (Profile("5-9", "industry", "DE"), "bench.gap.small"),
        (Profile("250-4999", "finance", "DE"), "bench.gap.sector_scope"),
    ],
)
def test_a_slot_without_a_figure_for_the_firm_says_why(profile: Profile, gap: str) -> None:
    view = result(DATASET, QUESTIONNAIRE, USES_AI, profile, "en")
    (block,) = view.official
    assert any(line == text(gap, "en") for line in block.gaps)
    assert block.lead is None
    assert block.nearest and all(not c.member for c in block.nearest)


def test_a_country_eurostat_does_not_cover_is_said_so() -> None:
    view = result(DATASET, QUESTIONNAIRE, USES_AI, Profile("50-249", "trade", "JP"), "en")
    (block,) = view.official
    place = DATASET.place_name("JP", "en")
    assert text("bench.gap.no_country", "en", place=place) in block.gaps
    # The EU27 stands in, as a reference (Japan is not in it).
    assert block.nearest and all(c.population_spec.geo == "EU27_2020" for c in block.nearest)


def test_french_pdf_keeps_its_typography() -> None:
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, USES_AI, FRENCH_5, "fr", None)
    content = _pdf_text(pdf)
    view = result(DATASET, QUESTIONNAIRE, USES_AI, FRENCH_5, "fr")
    for item in view.own_population():
        assert item.comparison.value_text in content  # "26 %" with its narrow space
    for line in content.splitlines():
        stripped = line.strip()
        # No "%", ":", "?", "!", ";" or "»" starting a line, no "«" ending one.
        assert not re.match(r"^[%:?!;»]", stripped), line
        assert not stripped.endswith("«"), line
    assert re.search(r"\S \?|\S :|\d %", content) is None, "a plain space where a line could break"


def test_a_withheld_country_value_is_said_so_and_the_eu27_stands_in() -> None:
    # Montenegro's 250+ value for 2025 is confidential ("c"): the block says so, and the
    # EU27's 250+ figure stands in, as a reference (Montenegro is not in the EU27).
    view = result(DATASET, QUESTIONNAIRE, USES_AI, Profile("250-4999", "industry", "ME"), "en")
    (block,) = view.official
    rows = DATASET.eurostat_cells()[("E_AI_TANY", "GE250", "C10-S951_X_K", "ME", "PC_ENT")]
    assert rows[0]["value"] is None or rows[0]["value"] != rows[0]["value"]
    place = DATASET.place_name("ME", "en")
    assert text("bench.gap.withheld", "en", place=place, cells="250+") in block.gaps
    assert [c.figure_id for c in block.nearest] == [
        "eurostat:E_AI_TANY:GE250:C10-S951_X_K:EU27_2020:2025"
    ]
    assert not block.nearest[0].member
    assert block.lead is not None and block.lead.comparison.population_spec.geo == "ME"
