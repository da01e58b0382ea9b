"""What the store hands back: a session's public facts, a new session, a submission; and
what the pool of anonymous answers takes and keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["CreatedSession", "PoolAnswers", "PoolEntry", "RoomTally", "SessionInfo", "Submission"]


@dataclass(frozen=True)
class SessionInfo:
    """Public facts about a session; holds nothing secret."""

    code: str
    title: str
    lang: str
    question_ids: tuple[str, ...]
    status: str
    created_at: datetime
    closed_at: datetime | None
    capacity: int | None = None  # expected room size; None: not capped
    refused_full: int = 0  # new devices turned away because the session was full
    refused_throttled: int = 0  # joins and sends turned away as too fast
    slide: int = 0  # what the projector shows: 0 the join slide, then one per question
    revealed: bool = False  # whether the room's answer on that slide is shown
    country: str | None = None  # the room's country (a geo code) as the facilitator set it
    pool_allowed: bool = False  # whether participants may add their answers to the pool

    @property
    def is_open(self) -> bool:
        """True while participants may still submit or change answers."""
        return self.status == "open"


@dataclass(frozen=True)
class CreatedSession:
    """A new session and its facilitator secret, which is returned this once only."""

    info: SessionInfo
    secret: str = field(repr=False)


@dataclass(frozen=True)
class RoomTally:
    """The room in numbers, grouped from its answer and score rows: what the projector and
    the report need.

    ``counts`` maps a question id to {answer code: participants who gave it};
    ``pillars`` maps a pillar to (mean score, participants scored on it); ``scored`` is
    how many participants have any score; ``profiles`` each distinct profile given (size
    class, sector, country) with how many participants gave it, which is who the room is.
    No participant's own row is in it.
    """

    info: SessionInfo
    respondents: int
    counts: dict[str, dict[str, int]]
    pillars: dict[str, tuple[float, int]]
    scored: int
    profiles: tuple[tuple[dict[str, str], int], ...] = ()
    # The devices that joined from the projected code (see adoption.join_token): how many
    # there are, how many of them answered each question, were scored, and answered at all.
    admissions: int = 0
    admitted_counts: dict[str, int] = field(default_factory=dict)
    admitted_scored: int = 0
    admitted_respondents: int = 0
    join_token: str = field(default="", repr=False)  # the projected code's token, for now


@dataclass(frozen=True)
class Submission:
    """One participant's answers to one session."""

    session_code: str
    # The token lets its holder change these answers: keep it out of logs and reprs.
    participant: str = field(repr=False)
    answers: dict[str, str]
    profile: dict[str, str]
    submitted_at: datetime
    updated_at: datetime
    revision: int


@dataclass(frozen=True)
class PoolAnswers:
    """What a firm adds to the pool: its answers, size band, sector and country (None when
    not given), and where it answered (``benchmark`` or ``workshop``). The store stamps the
    month; nothing else about the firm, its device or its visit is kept."""

    size_band: str
    sector: str | None
    country: str | None
    answers: dict[str, str]
    origin: str = "benchmark"


@dataclass(frozen=True)
class PoolEntry:
    """One contribution as the pool keeps it: exactly these fields."""

    month: str  # "2026-11"
    origin: str
    size_band: str
    sector: str | None
    country: str | None
    answers: dict[str, str]
