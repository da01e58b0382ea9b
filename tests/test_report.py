"""Tests for adoption.report: a valid PDF in both languages, in the bundled font, saying what
the result page says."""

from __future__ import annotations

import io
import re
import tomllib
from datetime import date
from fnmatch import fnmatch
from pathlib import Path

import pytest
from pypdf import PdfReader

import fixtures
from adoption import report
from adoption.benchmark import Profile, score
from adoption.i18n import fmt_pct, t
from adoption.peers import peer_lines, peers
from adoption.standing import result
from adoption.store import PoolEntry
from adoption.urlstate import State

DATASET = fixtures.dataset()
QUESTIONNAIRE = fixtures.questionnaire()
ROOT = Path(__file__).resolve().parents[1]
SHARE = "https://example.org/benchmark?b=1.0023100111111011.22.BE&lang=fr"

ANSWERS = {
    "q_genai": "yes",
    "q_any_ai": "yes",
    "q_frequency": "weekly_one",
    "q_essential": "4",
    "q_strategy": "no",
    "q_satisfaction": "2",
    "q_risk_ready": "no",
    "q_policy": "no",
    "q_kpi": "no",
}


def _worst() -> dict[str, str]:
    return {
        q.id: q.codes[q.points.index(min(q.points))] for q in QUESTIONNAIRE.questions if q.scored
    }


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    content = "\n".join(page.extract_text() or "" for page in reader.pages)
    # Narrow no-break spaces and line breaks vary with the extractor: compare on plain spaces.
    return len(reader.pages), re.sub(r"[\s\u202f\u00a0]+", " ", content)


def _pct(value: float, lang: str) -> str:
    return fmt_pct(value, lang).replace("\u202f", " ")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    ("answers", "profile", "share"),
    [
        pytest.param(ANSWERS, Profile("50-249", "trade", "FR"), SHARE, id="typical"),
        pytest.param({}, Profile(), None, id="empty"),
        pytest.param(
            _worst(), Profile("10-19", "business_services", "BE"), SHARE * 3, id="longest"
        ),
        pytest.param(ANSWERS, Profile("1-4", "other", "other"), SHARE, id="micro firm"),
    ],
)
def test_pdf_is_valid_and_short(
    lang: str, answers: dict[str, str], profile: Profile, share: str | None
) -> None:
    pdf = report.build_pdf(
        DATASET, QUESTIONNAIRE, answers, profile, lang, share, answered_on=date(2026, 1, 5)
    )
    assert pdf.startswith(b"%PDF-")
    pages, content = _text(pdf)
    assert pages <= 2
    overall = score(QUESTIONNAIRE, answers).overall
    assert f"{overall}/100" in content
    # Every figure of the firm's own population the page shows, in the language's format,
    # with its publisher.
    for stated in result(DATASET, QUESTIONNAIRE, answers, profile, lang).own_population():
        assert stated.comparison.value_text.replace("\u202f", " ") in content
        assert _plain(stated.comparison.organisation) in content


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_language(lang: str) -> None:
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, ANSWERS, Profile("50-249"), lang, SHARE)
    _, content = _text(pdf)
    expected = {"fr": "Prochaines étapes", "en": "Next steps"}[lang]
    other = {"fr": "Next steps", "en": "Prochaines étapes"}[lang]
    assert expected in content
    assert other not in content


def test_the_firms_own_population_is_in_the_report() -> None:
    # A French firm of 50–249 in trade: its "uses AI" comparison is Eurostat's French
    # enterprises of 50–249 (official statistics come first).
    pdf = report.build_pdf(
        DATASET, QUESTIONNAIRE, ANSWERS, Profile("50-249", "trade", "FR"), "fr", SHARE
    )
    _, content = _text(pdf)
    cell = DATASET.eurostat_cells()[("E_AI_TANY", "50-249", "C10-S951_X_K", "FR", "PC_ENT")][0]
    assert _pct(cell["value"], "fr") in content.replace(".", ",")
    assert "Eurostat" in content


def test_share_link_is_clickable() -> None:
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, ANSWERS, Profile(), "en", SHARE)
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert SHARE in uris


# Where systems keep fonts; the report must print without reading any of them.


def test_system_fonts_are_really_hidden(system_fonts_hidden: None) -> None:
    with pytest.raises(PermissionError):
        open("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "rb")  # noqa: SIM115


def test_unicode_prints_exactly_with_the_bundled_font(system_fonts_hidden: None) -> None:
    line = "Cœur de métier\u202f: ≈\u202f31\u202f% → «\u202fœuvre\u202f»"
    pdf = report._Report()
    pdf.para(line, 10)
    pdf.heading(line)
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    content = reader.pages[0].extract_text()
    for piece in ("œ", "≈", "\u202f", "→", "Cœur de métier\u202f:", "31\u202f%"):
        assert piece in content, piece
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert names == {"DejaVuSansBook", "DejaVuSansBold"}  # embedded: regular and bold


def test_a_french_report_keeps_its_narrow_no_break_spaces(system_fonts_hidden: None) -> None:
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, ANSWERS, Profile("50-249"), "fr", SHARE)
    content = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert fmt_pct(DATASET.figure("genai_use_tpe_pme_2024")["value"], "fr") in content


def test_the_fonts_are_installed_with_the_package() -> None:
    """Every file of ``adoption/fonts`` matches the package data a wheel would carry."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["adoption"]
    files = [p for p in report.FONT_DIR.iterdir() if p.is_file()]
    assert set(report.FONT_FILES) <= {p.name for p in files}
    for path in files:
        relative = path.relative_to(report.FONT_DIR.parent).as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    "profile",
    [Profile("20-49", "business_services", "FR"), Profile("250-4999", "industry", "DE")],
    ids=["french-20", "german-300"],
)
def test_the_pdf_says_what_the_page_says(lang: str, profile: Profile) -> None:
    answers = {q.id: q.codes[0] for q in QUESTIONNAIRE.questions}
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, answers, profile, lang, SHARE)
    _, content = _text(pdf)
    view = result(DATASET, QUESTIONNAIRE, answers, profile, lang)
    assert 3 <= len(view.steps) <= 5
    for step in view.steps:
        assert _plain(step.practice) in content and _plain(step.text) in content
    for stated in view.own_population():
        assert _plain(stated.comparison.sentence) in content, stated.comparison.figure_id
        assert _plain(stated.context) in content
    for group in view.references:
        assert _plain(group.title) in content
        for stated in group.items:
            assert _plain(stated.comparison.sentence) in content, stated.comparison.figure_id
    for note in view.notes:
        assert _plain(note) in content
    # Nothing meant for developers: no file names, question ids or data codes.
    for leak in ("data/", ".csv", "q_", "article_claim", "not_stated", "E_AI_", "PC_ENT"):
        assert leak not in content, leak


def test_the_pdf_shows_the_progress_when_an_earlier_result_is_given() -> None:
    earlier = State({"q_strategy": "no", "q_policy": "no"}, Profile("20-49"))
    today = {"q_strategy": "yes", "q_policy": "yes", "q_kpi": "yes"}
    pdf = report.build_pdf(
        DATASET, QUESTIONNAIRE, today, Profile("20-49"), "en", SHARE, earlier=earlier
    )
    _, content = _text(pdf)
    before, after = score(QUESTIONNAIRE, earlier.answers), score(QUESTIONNAIRE, today)
    assert f"Overall score: {before.overall} → {after.overall}" in content
    assert _plain(QUESTIONNAIRE.question("q_policy").label("en") + ": No → Yes") in content
    without = report.build_pdf(DATASET, QUESTIONNAIRE, today, Profile("20-49"), "en", SHARE)
    assert "Overall score:" not in _text(without)[1]


def _plain(value: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", value)


def test_a_workshop_participants_report_says_what_their_phone_says() -> None:
    """A session that asked three questions: the PDF is built from the phone's own result
    (score over the asked pillars, "not asked" in what the next stage takes) and draws only
    the pillars the session asked about, with no link that would score all the questions."""
    from adoption.workshop import participant_result, session_questionnaire

    asked = ("q_genai", "q_strategy", "q_kpi")
    answers = {"q_genai": "yes", "q_strategy": "yes", "q_kpi": "no"}
    profile = Profile(size="20-49", country="FR")
    mine = participant_result(DATASET, QUESTIONNAIRE, answers, profile, "en", asked)
    pdf = report.build_pdf(
        DATASET,
        session_questionnaire(QUESTIONNAIRE, asked),
        mine.state.answers,
        mine.state.profile,
        "en",
        None,
        answered_on=date(2026, 12, 7),
        view=mine.view,
        pillars=mine.asked_pillars,
    )
    _, content = _text(pdf)
    assert f"{mine.score.overall}/100" in content
    assert "3 answers out of 3 questions" in content
    assert re.search(r"Strategy 100\b", content) and re.search(r"Measurement 0\b", content)
    assert not re.search(r"\b(Use|Skills|Governance) (\d+|n/a)\b", content), "unasked pillars"
    for unasked in ("n/a", "Reopen this result"):
        assert unasked not in content, unasked
    assert re.sub(r"\s+", " ", mine.view.next_stage) in content
    assert "did not ask about" in content


def test_a_report_without_a_scored_pillar_says_there_is_no_score() -> None:
    from adoption.workshop import participant_result, session_questionnaire

    asked = ("q_genai", "q_essential")
    answers = {"q_genai": "yes", "q_essential": "4"}
    mine = participant_result(DATASET, QUESTIONNAIRE, answers, Profile(country="FR"), "fr", asked)
    assert mine.asked_pillars == ()
    pdf = report.build_pdf(
        DATASET,
        session_questionnaire(QUESTIONNAIRE, asked),
        mine.state.answers,
        mine.state.profile,
        "fr",
        None,
        view=mine.view,
        pillars=mine.asked_pillars,
    )
    _, content = _text(pdf)
    assert "aucune question qui compte dans le score" in content
    assert not re.search(r"\d/100", content)


def _peer_pool(count: int) -> list[PoolEntry]:
    """``count`` German 250+ answers in trade, of October 2026, half with every practice."""
    made = []
    for index in range(count):
        answers: dict[str, str] = {}
        for question in QUESTIONNAIRE.questions:
            if question.applies(answers):
                answers[question.id] = question.codes[index % 2]
        made.append(PoolEntry("2026-10", "benchmark", "250+", "trade", "DE", answers))
    return made


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_says_what_the_peers_block_says_between_own_population_and_steps(
    lang: str,
) -> None:
    profile = Profile("250-4999", "trade", "DE")
    answers = {q.id: q.codes[0] for q in QUESTIONNAIRE.questions}
    view = peers(QUESTIONNAIRE, _peer_pool(12), profile, answers, today=date(2026, 11, 20))
    assert view.group == ("250+", "DE", "trade")
    lines = peer_lines(view, QUESTIONNAIRE, lang)
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, answers, profile, lang, SHARE, peers=view)
    _, content = _text(pdf)
    assert lines.group is not None
    for line in (lines.caveat, lines.group, *lines.standings, *lines.shares, lines.method):
        assert _plain(line) in content, line
    own = content.index(_plain(t("benchpage.own_title", lang)))
    block = content.index(_plain(lines.title))
    steps = content.index(_plain(t("bench.next_steps.title", lang)))
    assert own < block < steps
    # Without the pool (the page could not read it), the report leaves the block out.
    alone = _text(report.build_pdf(DATASET, QUESTIONNAIRE, answers, profile, lang, SHARE))[1]
    assert _plain(lines.title) not in alone


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_of_an_empty_pool_says_how_many_more_answers_and_no_figure(lang: str) -> None:
    profile = Profile("250-4999", "trade", "DE")
    view = peers(QUESTIONNAIRE, [], profile, ANSWERS, today=date(2026, 11, 20))
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, ANSWERS, profile, lang, SHARE, peers=view)
    _, content = _text(pdf)
    lines = peer_lines(view, QUESTIONNAIRE, lang)
    assert lines.waiting is not None and _plain(lines.waiting) in content
    assert _plain(t("peers.caveat", lang)) in content
    median = {"fr": "médiane", "en": "median"}[lang]
    assert median not in content.split(_plain(lines.title))[1].split(_plain(lines.method))[0]
