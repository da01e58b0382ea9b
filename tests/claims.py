"""What the benchmark's result says about the firm, read the same way by the AppTest, PDF and
browser tests: the answer set they share, the sentences that claim membership of a
population, and the text normaliser they compare with."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from adoption.benchmark import Profile

USES_AI = {
    "q_genai": "yes",
    "q_genai_self": "yes",
    "q_any_ai": "yes",
    "q_frequency": "occasional",
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
    "q_pilot": "no",
    "q_impact": "no",
    "q_agency": "no",
}


def plain(value: str) -> str:
    """Text as compared across page, PDF and extractors: every run of spaces as one."""
    return re.sub(r"[\s\u202f\u00a0]+", " ", value).strip()


# Phrases that claim the firm belongs to a population (see data/questions.csv statements).
MEMBERSHIP = re.compile(
    r"(You are (not yet |not )?among|Your firm is (not yet |not )?among|Like [~\d]|Unlike the"
    r"|Your AI projects have not|Your projects reached)"
)


def membership_claims(text_block: str) -> list[str]:
    """Every statement of the result that says the firm is (or is not) in a group."""
    return [s for s in re.split(r"\n+", text_block) if MEMBERSHIP.search(s)]


# A German firm of 300 is not French and not an SME; a French firm of 5 is not a PME-ETI,
# not 10+, not 1–4: no membership statement may name those populations.
OUTSIDE_CASES = pytest.mark.parametrize(
    ("profile", "outside"),
    [
        (
            Profile(size="250-4999", sector="industry", country="DE"),
            ("French", "France", "TPE-PME", "0–249", "under 250", "OECD survey"),
        ),
        (
            Profile(size="5-9", sector="trade", country="FR"),
            ("PME-ETI", "10+", "10–", "persons employed", "1–4", "OECD"),
        ),
    ],
    ids=["german-300", "french-5"],
)


def assert_no_claim_about(claims: list[str], outside: tuple[str, ...]) -> None:
    """The result states something, and nothing about the populations ``outside``."""
    assert claims, "the result makes no statement at all"
    for claim in claims:
        for population in outside:
            assert population not in claim, claim


def pdf_claims(pdf: bytes) -> list[str]:
    """The PDF's sentences that say the firm is (or is not) in a group."""
    text_of_pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    sentences = re.split(r"(?<=[.)])\s+(?=[A-Z0-9~])", " ".join(text_of_pdf.split()))
    return [s for s in sentences if MEMBERSHIP.search(s)]
