"""A pool of generated answers for the tests that need one: reproducible, of last month (so
that it counts today), spread over countries, size bands and sectors."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from adoption.questionnaire import Questionnaire
from adoption.store import PoolAnswers, PoolEntry, PoolStore, make_engine, new_participant

COUNTRIES = ("DE", "DE", "DE", "FR", "FR", "IT", "ES", None)
BANDS = ("0-9", "10-49", "50-249", "250+", "250+")
SECTORS = ("industry", "industry", "trade", "ict", "business_services", None)


def last_month() -> datetime:
    """A moment in the month before this one (UTC)."""
    today = datetime.now(UTC)
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return datetime(year, month, 12, tzinfo=UTC)


def generated(questionnaire: Questionnaire, count: int = 200, seed: int = 23) -> list[PoolAnswers]:
    """``count`` complete answer sets with profiles, drawn from ``seed``: firms further
    along answer the practice questions with more points."""
    draw = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    made = []
    for _ in range(count):
        lean = draw.random()
        answers: dict[str, str] = {}
        for question in questionnaire.questions:
            if not question.applies(answers):
                continue
            codes = list(question.codes)
            if question.points and draw.random() < lean * 0.7:
                answers[question.id] = max(codes, key=question.points_for)
            else:
                answers[question.id] = draw.choice(codes)
        made.append(
            PoolAnswers(
                size_band=draw.choice(BANDS),
                sector=draw.choice(SECTORS),
                country=draw.choice(COUNTRIES),
                answers=answers,
                origin=draw.choice(("benchmark", "benchmark", "workshop")),
            )
        )
    return made


def seed_pool(url: str, questionnaire: Questionnaire, count: int = 200) -> list[PoolEntry]:
    """Add ``count`` generated answers of last month to the pool at ``url``; its entries."""
    engine = make_engine(url)
    try:
        store = PoolStore(engine, clock=last_month)
        store.init_schema()
        for answers in generated(questionnaire, count):
            assert store.contribute(answers, new_participant())
        return store.entries()
    finally:
        engine.dispose()
