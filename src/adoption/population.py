"""Who a published figure describes, and whether a given firm belongs to that population.

A figure is only true of its own population. :class:`Population` holds, as data, what the
loader validated for each figure (see ``data/figures.csv``): what is counted (firms,
leaders, employees, deployments…), where (a country, a named group of countries, or not
stated), which headcounts (an inclusive range, open-ended or not stated), which sectors
(NACE sections, or no limit stated) and any condition on the firm ("bought from an AI
agency"). :func:`membership` answers one question: *can we say this firm is in it?*

The answer is "yes" only when every dimension is known to contain the firm. Anything the
source leaves unstated (its country, its headcount) or the firm leaves unanswered makes
the answer "no", with the reason, so that the app presents the figure as a labelled
reference to another population and never as "you are among…".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NOT_STATED = "not_stated"
# What a percentage counts. Only firms, and leaders answering for their firm or themselves,
# are populations a firm (through its leader, who fills in the benchmark) can belong to.
MEMBER_COUNTS = frozenset({"firms", "leaders"})
OPEN_ENDED = 10**9  # stands for "no upper bound" when ranking ranges by width

# Why a firm is not (or cannot be said to be) in a population, most basic first.
REASONS = (
    "unit",  # the figure counts employees, deployments, time or nothing measurable
    "geo_not_stated",  # the source does not say which country
    "country_unknown",  # the firm did not give a country we know
    "country",  # another country, or a group the firm's country is not in
    "size_not_stated",  # the source does not say which headcounts
    "size_unknown",  # the firm did not give its headcount
    "size",  # another headcount range
    "sector_unknown",  # the source is limited to some sectors; the firm's is not known
    "sector",  # another sector
    "condition_unknown",  # a condition nothing in the questionnaire can confirm
    "condition",  # the firm does not meet the condition
)

_RANGE = re.compile(r"^(\d+)(?:(-)(\d+)|(\+))?$")


@dataclass(frozen=True, order=True)
class Headcount:
    """An inclusive range of employees; ``high`` is None for "or more"."""

    low: int
    high: int | None = None

    @classmethod
    def parse(cls, code: str) -> Headcount | None:
        """``"0"``, ``"1-4"``, ``"250-4999"``, ``"5000+"`` → a range; None if not one."""
        match = _RANGE.match(code or "")
        if match is None:
            return None
        low = int(match.group(1))
        if match.group(2):
            high = int(match.group(3))
            return cls(low, high) if high >= low else None
        if match.group(4):
            return cls(low, None)
        return cls(low, low)

    def contains(self, other: Headcount) -> bool:
        """True when every headcount of ``other`` lies in this range."""
        if other.low < self.low:
            return False
        if self.high is None:
            return True
        return other.high is not None and other.high <= self.high

    @property
    def width(self) -> int:
        """How many headcounts the range spans (open-ended ranges rank as the widest)."""
        return (OPEN_ENDED if self.high is None else self.high) - self.low + 1


@dataclass(frozen=True)
class Condition:
    """A condition a population puts on firms, and the answers that meet it (if any)."""

    id: str
    question_id: str | None
    answers: frozenset[str]


@dataclass(frozen=True)
class Population:
    """Who a figure describes. None means "not stated by the source"."""

    counts: str
    geo: str  # a country code, a group code, or NOT_STATED
    headcount: Headcount | None
    sectors: frozenset[str] | None  # NACE sections; None when the source sets no limit
    condition: str | None = None


@dataclass(frozen=True)
class Firm:
    """What the benchmark knows of a firm. None means "not given"."""

    country: str | None
    headcount: Headcount | None
    sector: str | None  # a NACE section
    answers: Mapping[str, str]


@dataclass(frozen=True)
class Membership:
    """Whether a firm can be said to belong to a population; if not, the first reason why."""

    member: bool
    reason: str | None = None


YES = Membership(True)


def membership(
    population: Population,
    firm: Firm,
    groups: Mapping[str, frozenset[str]],
    conditions: Mapping[str, Condition],
) -> Membership:
    """Whether ``firm`` is known to belong to ``population``.

    ``groups`` maps a group code (``EU27_2020``, ``OECD7``) to its member countries;
    ``conditions`` maps a condition id to its definition. Checked in a fixed order (what is
    counted, country, headcount, sector, condition) and the first failure is the reason.
    """
    if population.counts not in MEMBER_COUNTS:
        return Membership(False, "unit")
    geo = population.geo
    if geo == NOT_STATED:
        return Membership(False, "geo_not_stated")
    if firm.country is None:
        return Membership(False, "country_unknown")
    if geo in groups:
        if firm.country not in groups[geo]:
            return Membership(False, "country")
    elif geo != firm.country:
        return Membership(False, "country")
    if population.headcount is None:
        return Membership(False, "size_not_stated")
    if firm.headcount is None:
        return Membership(False, "size_unknown")
    if not population.headcount.contains(firm.headcount):
        return Membership(False, "size")
    if population.sectors is not None:
        if firm.sector is None:
            return Membership(False, "sector_unknown")
        if firm.sector not in population.sectors:
            return Membership(False, "sector")
    if population.condition is not None:
        condition = conditions.get(population.condition)
        if condition is None or condition.question_id is None:
            return Membership(False, "condition_unknown")
        answer = firm.answers.get(condition.question_id)
        if answer is None:
            return Membership(False, "condition_unknown")
        if answer not in condition.answers:
            return Membership(False, "condition")
    return YES


def group_membership(
    population: Population,
    firms: Iterable[Firm],
    groups: Mapping[str, frozenset[str]],
    conditions: Mapping[str, Condition],
) -> Membership:
    """Whether every firm of ``firms`` (a workshop room) is known to belong to ``population``.

    A figure is said of a group of firms only when it is true of each one; otherwise the
    most basic reason any of them fails (in the order of :data:`REASONS`), so that a room
    with one firm of unknown size reads "size unknown" rather than "another size". No firm
    at all is no member either (nothing is known of them).
    """
    verdicts = [membership(population, firm, groups, conditions) for firm in firms]
    if not verdicts:
        return Membership(False, "country_unknown")
    failed = [v for v in verdicts if not v.member]
    if not failed:
        return YES
    return min(failed, key=lambda v: REASONS.index(str(v.reason)))
