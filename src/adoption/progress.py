"""Progress over time: an earlier result beside today's, per pillar and per answer.

Both results come from share links (nothing is stored on the server). The earlier link may
be older than today's questionnaire: a question whose slot is beyond what the earlier link
held was added since, and says so instead of pretending the firm had not answered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adoption.benchmark import MaturityScore, score
from adoption.i18n import format_date
from adoption.i18n import t as text
from adoption.questionnaire import PILLARS, Question, Questionnaire
from adoption.urlstate import State

# What happened to one answer between the two results.
CHANGED = "changed"  # answered both times, differently
ANSWERED = "answered"  # answered now, not then
ADDED = "added"  # the question did not exist when the earlier link was made
DROPPED = "dropped"  # answered then, not now


@dataclass(frozen=True)
class PillarChange:
    pillar: str
    before: int | None  # None: the pillar did not apply (or nothing was answered in it)
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class AnswerChange:
    question_id: str
    kind: str  # CHANGED, ANSWERED, ADDED or DROPPED
    before: str | None  # the answer's label, in the page's language
    after: str | None
    points: int  # points gained (negative when lost); 0 for opinions

    def sentence(self, question: Question, lang: str) -> str:
        """``Written AI strategy: No → Yes``, or the other kinds in plain words."""
        label = question.label(lang)
        if self.kind == CHANGED:
            return text(
                "bench.progress.answer.changed", lang, q=label, before=self.before, after=self.after
            )
        return text(
            f"bench.progress.answer.{self.kind}", lang, q=label, answer=self.after or self.before
        )


@dataclass(frozen=True)
class Progress:
    before: MaturityScore
    after: MaturityScore
    pillars: tuple[PillarChange, ...]
    answers: tuple[AnswerChange, ...]

    @property
    def overall_delta(self) -> int:
        return self.after.overall - self.before.overall


def dates_line(before: date | None, after: date, lang: str) -> str:
    """``From 5 Oct 2026 to 1 Dec 2026``; an earlier link without its day says so."""
    if before is None:
        return text("bench.progress.dates_undated", lang, after=format_date(after, lang))
    return text(
        "bench.progress.dates",
        lang,
        before=format_date(before, lang),
        after=format_date(after, lang),
    )


def compare(questionnaire: Questionnaire, earlier: State, today: State, lang: str) -> Progress:
    """Today's result against the earlier one: every pillar, and every answer that changed,
    in questionnaire order."""
    before = score(questionnaire, earlier.answers)
    after = score(questionnaire, today.answers)
    pillars = tuple(
        PillarChange(pillar, before.pillars[pillar], after.pillars[pillar]) for pillar in PILLARS
    )
    changes: list[AnswerChange] = []
    for question in questionnaire.questions:
        old = earlier.answers.get(question.id)
        new = today.answers.get(question.id)
        if old == new:
            continue
        if old is None:
            added = earlier.slots is not None and question.slot >= earlier.slots
            kind = ADDED if added else ANSWERED
        elif new is None:
            kind = DROPPED
        else:
            kind = CHANGED
        changes.append(
            AnswerChange(
                question_id=question.id,
                kind=kind,
                before=None if old is None else question.option(old).label(lang),
                after=None if new is None else question.option(new).label(lang),
                points=question.points_for(new) - question.points_for(old),
            )
        )
    return Progress(before=before, after=after, pillars=pillars, answers=tuple(changes))
