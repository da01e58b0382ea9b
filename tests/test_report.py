"""Tests for adoption.report: a valid one-page PDF in both languages, with or without DejaVu."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from adoption import report
from adoption.benchmark import Profile, score
from adoption.dataset import load_dataset
from adoption.i18n import fmt_pct
from adoption.questionnaire import load_questionnaire

DATASET = load_dataset()
QUESTIONNAIRE = load_questionnaire(DATASET)
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
            _worst(), Profile("10-49", "business_services", "BE"), SHARE * 3, id="longest"
        ),
        pytest.param(ANSWERS, Profile("1-9", "other", "other"), SHARE, id="micro firm"),
    ],
)
def test_pdf_is_one_valid_page(
    lang: str, answers: dict[str, str], profile: Profile, share: str | None
) -> None:
    pdf = report.build_pdf(
        DATASET, QUESTIONNAIRE, answers, profile, lang, share, today=date(2026, 1, 5)
    )
    assert pdf.startswith(b"%PDF-")
    pages, content = _text(pdf)
    assert pages == 1
    overall = score(QUESTIONNAIRE, answers).overall
    assert f"{overall}/100" in content
    # The 31 % headline figure, in the language's format, with its publisher.
    headline = DATASET.figure("genai_use_tpe_pme_2024")
    assert _pct(headline["value"], lang) in content
    assert DATASET.source(headline["attributed_to"])["organisation"] in content
    for figure_id in DATASET.headlines()["id"]:
        figure = DATASET.figure(figure_id)
        assert _pct(figure["value"], lang) in content


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
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    uris = [
        annot.get_object()["/A"]["/URI"]
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert SHARE in uris


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_without_dejavu_falls_back_to_latin1(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setattr(report, "FONT_DIRS", ())
    assert report.find_unicode_fonts() is None
    pdf = report.build_pdf(
        DATASET, QUESTIONNAIRE, ANSWERS, Profile("50-249", "trade", "FR"), lang, SHARE
    )
    pages, content = _text(pdf)
    assert pages == 1
    assert f"{score(QUESTIONNAIRE, ANSWERS).overall}/100" in content
    assert _pct(31, lang) in content


def test_broken_font_file_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in report.FONT_FILES:
        (tmp_path / name).write_bytes(b"not a font")
    monkeypatch.setattr(report, "FONT_DIRS", (tmp_path,))
    pdf = report.build_pdf(DATASET, QUESTIONNAIRE, ANSWERS, Profile(), "fr", None)
    assert _text(pdf)[0] == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31\u202f%", "31 %"),
        ("1–4 salariés", "1-4 salariés"),
        ("l’IA", "l'IA"),
        ("“quoted”…", '"quoted"...'),
        ("cœur", "coeur"),
        ("« ok »", "« ok »"),  # guillemets are Latin-1
        ("emoji 🙂", "emoji ?"),
    ],
)
def test_to_latin1(raw: str, expected: str) -> None:
    assert report.to_latin1(raw) == expected
    expected.encode("latin-1")
