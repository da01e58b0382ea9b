"""Peers from real answers: where a firm stands among the firms like it that chose to add
their answers to this installation's pool (:mod:`adoption.store.pool_store`).

A pure function of the pool's entries, the questionnaire and the firm, shared by the page,
the PDF and the operator's export. It is a self-selected group, never a sample: the texts
say so every time, and nothing here is phrased like an official statistic.

**Groups.** A group is a node of one fixed tree: everyone → size band → country × size
band → country × size band × sector (:data:`LEVELS`). No other group exists: nothing can be
asked of the pool at a finer grain or across another cut. An entry with no country (or
"other") counts in its size band and in everyone only; one with no sector stops at country
× size. The firm is compared with the most specific group on its own branch that is shown,
falling back in that order.

**What is shown (privacy).** Four rules, each with its reason:

1. *Closed months only* (:func:`release`). Answers count from the month after they were
   given, so figures change once a month, with the month's answers as one batch: nobody can
   watch a figure before and after one firm adds its answers.
2. *k answers* (:data:`DEFAULT_K`, never below :data:`MIN_K`). A group with fewer is not
   shown, and within a shown group a pillar or a question is stated only when at least k
   peers have a score or were asked it.
3. *No differencing* (:func:`shown_groups`). Two views can be subtracted: a size band
   minus its countries leaves the band's firms of other or no countries. Along the tree, the
   sets any combination of shown groups can single out are exactly each shown group's
   *remainder*: its entries in none of its shown sub-groups (every shown group is its
   remainder plus its shown sub-groups, so these remainders generate every set that adding
   and subtracting shown groups can make). A group whose remainder holds 1 to k−1 entries
   has its smallest shown sub-group hidden (with everything under it), which folds at
   least k entries into the remainder. So every set a user can isolate from views of one
   release holds 0 or at least k answers. ``tests/test_peers.py`` checks it on random
   pools: every atom, every pair of shown groups, every group minus any of its sub-groups.
4. *Rounding*. A count is rounded **down** to a multiple of :data:`COUNT_STEP` and stated as
   "at least": always true. Percentiles and shares are rounded half up to a multiple of
   :data:`PERCENT_STEP` points: the groups are small, a finer figure would claim a precision
   they do not have. The month range is the release's, not the group's (a group's own
   first month could date a single answer).

What rule 1 does not prevent: two releases a month apart differ by that month's answers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from adoption.benchmark import OTHER, Answers, MaturityScore, Profile, score
from adoption.i18n import fmt_pct, format_band, format_period, round_half_up
from adoption.i18n import t as text
from adoption.i18n import tn as plural
from adoption.population import Headcount
from adoption.questionnaire import PILLARS, Question, Questionnaire
from adoption.store.records import PoolEntry
from adoption.store.schema import POOL_BANDS
from adoption.store.validation import month_index, month_of

__all__ = [
    "BAND_RANGES",
    "COUNT_STEP",
    "DEFAULT_K",
    "EVERYONE",
    "LEVELS",
    "MIN_K",
    "PERCENT_STEP",
    "GroupKey",
    "Peer",
    "PeerLines",
    "PeerView",
    "Release",
    "RoomAmongPeers",
    "Share",
    "Standing",
    "answer_group",
    "band_of",
    "clean_k",
    "comparable",
    "firm_path",
    "group_counts",
    "group_name",
    "path_of",
    "peer_lines",
    "peers",
    "peers_in",
    "release",
    "room_among",
    "room_lines",
    "round_count",
    "round_percent",
    "shown_groups",
]

DEFAULT_K = 10
MIN_K = 5
COUNT_STEP = 5
PERCENT_STEP = 5

# A group: the path from everyone down the tree, in tree order (size band, country, sector).
GroupKey = tuple[str, ...]
EVERYONE: GroupKey = ()
# The levels by depth, most general first: the fallback runs this backwards.
LEVELS = ("everyone", "size", "country_size", "country_size_sector")
BAND_RANGES = dict(
    zip(
        POOL_BANDS,
        (Headcount(0, 9), Headcount(10, 49), Headcount(50, 249), Headcount(250, None)),
        strict=True,
    )
)


def clean_k(k: int) -> int:
    """The smallest group shown: ``k``, never below :data:`MIN_K`."""
    return max(MIN_K, int(k))


def round_count(n: int) -> int:
    """A count rounded down to a multiple of :data:`COUNT_STEP` (said as "at least")."""
    return n // COUNT_STEP * COUNT_STEP


def round_percent(value: float) -> int:
    """0–100 rounded half up to a multiple of :data:`PERCENT_STEP`."""
    return min(100, max(0, PERCENT_STEP * round_half_up(value / PERCENT_STEP)))


# --------------------------------------------------------------------------- groups


def band_of(size: str | None) -> str | None:
    """The pool's size band holding a profile's headcount option ("250-4999" → "250+")."""
    headcount = Headcount.parse(size) if size else None
    if headcount is None:
        return None
    for band, headcounts in BAND_RANGES.items():
        if headcounts.contains(headcount):
            return band
    return None


def path_of(size_band: str | None, country: str | None, sector: str | None) -> GroupKey:
    """The most specific group of the tree an entry or a firm belongs to: it stops at the
    first part not given."""
    path: list[str] = []
    for part in (size_band, country, sector):
        if part is None or part == OTHER:
            break
        path.append(part)
    return tuple(path)


def firm_path(questionnaire: Questionnaire, profile: Profile) -> GroupKey:
    """The firm's most specific group, from its profile ("other" is not a group)."""
    clean = profile.cleaned(questionnaire)
    return path_of(band_of(clean.size), clean.country, clean.sector)


def comparable(questionnaire: Questionnaire, entry: PoolEntry) -> dict[str, str] | None:
    """The entry's answers when today's questionnaire can score it as it scores a firm:
    a known size band and every question asked of it answered; None otherwise (an entry
    from an older questionnaire that lacks a question is left out, not scored low)."""
    clean = questionnaire.valid_answers(entry.answers)
    if entry.size_band not in BAND_RANGES or not clean:
        return None
    if any(question.id not in clean for question in questionnaire.asked(clean)):
        return None
    return clean


def group_counts(paths: Iterable[GroupKey]) -> Counter[GroupKey]:
    """How many entries each group of the tree holds (every prefix of each entry's path)."""
    counts: Counter[GroupKey] = Counter()
    for path in paths:
        for depth in range(len(path) + 1):
            counts[path[:depth]] += 1
    return counts


def _under(group: GroupKey, parent: GroupKey) -> bool:
    return len(group) > len(parent) and group[: len(parent)] == parent


def shown_groups(counts: Mapping[GroupKey, int], k: int) -> frozenset[GroupKey]:
    """The groups that may be shown: at least ``k`` entries each, and every shown group's
    remainder (its entries in none of its shown sub-groups) empty or at least ``k``; see
    the module docstring, rule 3. Deterministic: the smallest sub-group goes first (ties by
    name)."""
    k = clean_k(k)
    shown = {group for group, n in counts.items() if n >= k}
    for group in sorted(shown, key=lambda g: (len(g), g)):  # parents before children
        while group in shown:
            children = [c for c in shown if len(c) == len(group) + 1 and c[:-1] == group]
            remainder = counts[group] - sum(counts[c] for c in children)
            if remainder == 0 or remainder >= k:
                break
            smallest = min(children, key=lambda c: (counts[c], c))
            shown -= {g for g in shown if g == smallest or _under(g, smallest)}
    return frozenset(shown)


@dataclass(frozen=True)
class Peer:
    """One entry of the release, as the engine reads it."""

    path: GroupKey
    answers: dict[str, str]
    score: MaturityScore


@dataclass(frozen=True)
class Release:
    """The pool as the peers see it: the comparable entries of the months that have
    ended, the groups that may be shown, and the answers of the open month (``pending``)."""

    k: int
    peers: tuple[Peer, ...]
    counts: Mapping[GroupKey, int]
    shown: frozenset[GroupKey]
    first_month: str | None
    last_month: str | None
    pending: int

    def members(self, group: GroupKey) -> list[Peer]:
        depth = len(group)
        return [peer for peer in self.peers if peer.path[:depth] == group]


def release(
    questionnaire: Questionnaire, entries: Iterable[PoolEntry], today: date, k: int = DEFAULT_K
) -> Release:
    """What may be shown ``today``: the comparable entries of months before today's."""
    current = month_index(month_of(today))
    peers: list[Peer] = []
    months: list[str] = []
    pending = 0
    for entry in entries:
        answers = comparable(questionnaire, entry)
        if answers is None:
            continue
        if month_index(entry.month) >= current:
            pending += 1
            continue
        path = path_of(entry.size_band, entry.country, entry.sector)
        peers.append(Peer(path, answers, score(questionnaire, answers)))
        months.append(entry.month)
    counts = group_counts(peer.path for peer in peers)
    return Release(
        k=clean_k(k),
        peers=tuple(peers),
        counts=counts,
        shown=shown_groups(counts, k),
        first_month=min(months, default=None),
        last_month=max(months, default=None),
        pending=pending,
    )


# --------------------------------------------------------------------------- the firm


@dataclass(frozen=True)
class Standing:
    """The firm's score (overall when ``pillar`` is None) among its peers: ``percentile``
    (peers below it plus half of those level with it, rounded) and the peers' ``median``,
    both None when fewer than k peers have a score there or the firm has none."""

    pillar: str | None
    firm: int | None
    percentile: int | None
    median: int | None


@dataclass(frozen=True)
class Share:
    """Among the peers asked ``question_id``, the share (rounded) who gave an answer of the
    firm's answer group ``codes``."""

    question_id: str
    codes: tuple[str, ...]
    percent: int


@dataclass(frozen=True)
class PeerView:
    """What the result says about peers. ``group`` is None when no group can be shown; then
    ``needed`` says how many more answers the pool needs (0: enough have come in this
    month, they count once it ends)."""

    k: int
    wanted: GroupKey
    group: GroupKey | None
    count: int  # rounded down to COUNT_STEP
    months: tuple[str, str] | None
    standings: tuple[Standing, ...]
    shares: tuple[Share, ...]
    needed: int


def answer_group(question: Question, code: str) -> tuple[str, ...]:
    """The answers counted as the firm's: for a question with a published group
    (``in_group``), that group or the other answers (a "not applicable" answer alone);
    otherwise the firm's very answer."""
    if not question.in_group:
        return (code,)
    if code in question.in_group:
        return tuple(c for c in question.codes if c in question.in_group)
    if code in question.not_applicable:
        return (code,)
    excluded = question.in_group | question.not_applicable
    return tuple(c for c in question.codes if c not in excluded)


def _standing(pillar: str | None, firm: int | None, values: Sequence[int], k: int) -> Standing:
    if firm is None or len(values) < k:
        return Standing(pillar, firm, None, None)
    below = sum(value < firm for value in values)
    level = sum(value == firm for value in values)
    percentile = round_percent(100 * (below + level / 2) / len(values))
    return Standing(pillar, firm, percentile, round_half_up(statistics.median(values)))


def peers_in(
    shown: Release, questionnaire: Questionnaire, profile: Profile, answers: Answers
) -> PeerView:
    """Where the firm stands in the most specific shown group of its branch."""
    wanted = firm_path(questionnaire, profile)
    group = next(
        (wanted[:depth] for depth in range(len(wanted), -1, -1) if wanted[:depth] in shown.shown),
        None,
    )
    if group is None:
        total = len(shown.peers) + shown.pending
        return PeerView(shown.k, wanted, None, 0, None, (), (), max(0, shown.k - total))
    members = shown.members(group)
    mine = score(questionnaire, answers)
    standings = [_standing(None, mine.overall, [m.score.overall for m in members], shown.k)]
    for pillar in PILLARS:
        values = [v for m in members if (v := m.score.pillars.get(pillar)) is not None]
        standings.append(_standing(pillar, mine.pillars.get(pillar), values, shown.k))
    clean = questionnaire.valid_answers(answers)
    shares = []
    for question in questionnaire.questions:
        code = clean.get(question.id)
        if code is None:
            continue
        asked = [m for m in members if question.applies(m.answers)]
        if len(asked) < shown.k:
            continue
        codes = answer_group(question, code)
        same = sum(m.answers.get(question.id) in codes for m in asked)
        shares.append(Share(question.id, codes, round_percent(100 * same / len(asked))))
    months = (
        (shown.first_month, shown.last_month)
        if shown.first_month is not None and shown.last_month is not None
        else None
    )
    return PeerView(
        k=shown.k,
        wanted=wanted,
        group=group,
        count=round_count(len(members)),
        months=months,
        standings=tuple(standings),
        shares=tuple(shares),
        needed=0,
    )


def peers(
    questionnaire: Questionnaire,
    entries: Iterable[PoolEntry],
    profile: Profile,
    answers: Answers,
    *,
    today: date,
    k: int = DEFAULT_K,
) -> PeerView:
    """The firm among its peers, from the pool's ``entries`` as they stand ``today``."""
    return peers_in(release(questionnaire, entries, today, k), questionnaire, profile, answers)


# --------------------------------------------------------------------------- a room


@dataclass(frozen=True)
class RoomAmongPeers:
    """A workshop room against everyone in the pool (the closing slide): the room's median
    overall score, the share of the pool's firms below it (plus half of those level, rounded
    as a firm's percentile), the pool's median, its rounded count and its months."""

    room_median: int
    respondents: int
    percentile: int
    median: int
    count: int  # rounded down to COUNT_STEP
    months: tuple[str, str]


def _overall(pillars: Mapping[str, float]) -> int | None:
    """A participant's overall score from their pillar scores, as
    :func:`adoption.benchmark.score` makes it: the mean of the pillars that have one."""
    values = [float(v) for v in pillars.values()]
    return round_half_up(sum(values) / len(values)) if values else None


def room_among(
    shown: Release, room_scores: Iterable[Mapping[str, float]], min_group: int
) -> RoomAmongPeers | None:
    """The room (each participant's pillar scores) against everyone in the pool; None when
    the room has fewer than ``min_group`` scored participants (its own minimum) or the pool
    fewer than k answers (the "everyone" group is not shown)."""
    overall = [value for pillars in room_scores if (value := _overall(pillars)) is not None]
    if len(overall) < max(1, min_group) or EVERYONE not in shown.shown:
        return None
    if shown.first_month is None or shown.last_month is None:
        return None
    room = round_half_up(statistics.median(overall))
    standing = _standing(None, room, [peer.score.overall for peer in shown.peers], shown.k)
    if standing.percentile is None or standing.median is None:
        return None
    return RoomAmongPeers(
        room_median=room,
        respondents=len(overall),
        percentile=standing.percentile,
        median=standing.median,
        count=round_count(len(shown.peers)),
        months=(shown.first_month, shown.last_month),
    )


def room_lines(view: RoomAmongPeers, lang: str) -> tuple[str, str, str]:
    """The closing slide's words for ``view``: a heading, the comparison, and who the
    firms are (count, months, a self-selected group)."""
    first, last = (format_period(m, lang) for m in view.months)
    period = first if first == last else text("peers.room.period", lang, first=first, last=last)
    return (
        text("peers.room.title", lang),
        text(
            "peers.room.line",
            lang,
            room=view.room_median,
            percent=fmt_pct(view.percentile, lang),
            median=view.median,
        ),
        text("peers.room.who", lang, count=view.count, period=period),
    )


# --------------------------------------------------------------------------- words


def group_name(group: GroupKey, questionnaire: Questionnaire, lang: str) -> str:
    """A group in words, country first: ``Germany · 250+ employees · Manufacturing``."""
    if not group:
        return text("peers.everyone", lang)
    labels: dict[str, dict[str, str]] = {
        field: {c.code: c.label(lang) for c in questionnaire.profile_options(field)}
        for field in ("country", "sector")
    }
    band = text("bench.size_band", lang, band=format_band(BAND_RANGES[group[0]], lang))
    parts = [band]
    if len(group) > 1:
        parts.insert(0, labels["country"].get(group[1], group[1]))
    if len(group) > 2:
        parts.append(labels["sector"].get(group[2], group[2]))
    return " · ".join(parts)


def _either(labels: Sequence[str], lang: str) -> str:
    """``Yes``; ``4 or 5``; ``1, 2 or 3``."""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + text("peers.or", lang) + labels[-1]


@dataclass(frozen=True)
class PeerLines:
    """The peers' block in words, for the page and the PDF alike."""

    title: str
    caveat: str
    group: str | None  # which group, its rounded count and its months
    fallback: str | None  # the firm's own group, when too few answers to show it
    standings: tuple[str, ...]  # overall first, then each pillar
    shares: tuple[str, ...]
    waiting: str | None  # no figure: what the pool still needs
    method: str


def _standing_line(item: Standing, lang: str) -> str:
    name = text(f"bench.pillar.{item.pillar}", lang) if item.pillar else ""
    if item.firm is None:
        return text("peers.pillar_not_applicable", lang, pillar=name)
    if item.percentile is None or item.median is None:
        if item.pillar is None:
            return text("peers.overall_few", lang, score=item.firm)
        return text("peers.pillar_few", lang, pillar=name, score=item.firm)
    percent = fmt_pct(item.percentile, lang)
    if item.pillar is None:
        return text("peers.overall", lang, score=item.firm, percent=percent, median=item.median)
    return text(
        "peers.pillar", lang, pillar=name, score=item.firm, percent=percent, median=item.median
    )


def peer_lines(view: PeerView, questionnaire: Questionnaire, lang: str) -> PeerLines:
    """What the block says, in ``lang``."""
    method = text("peers.method", lang, k=view.k, step=COUNT_STEP, points=PERCENT_STEP)
    title, caveat = text("peers.title", lang), text("peers.caveat", lang)
    if view.group is None:
        if view.needed:
            waiting = plural("peers.waiting", view.needed, lang, k=view.k)
        else:
            waiting = text("peers.waiting_month", lang)
        return PeerLines(title, caveat, None, None, (), (), waiting, method)
    name = group_name(view.group, questionnaire, lang)
    if view.months is None or view.months[0] == view.months[1]:
        month = format_period(view.months[0], lang) if view.months else ""
        group = text("peers.group_month", lang, group=name, count=view.count, month=month)
    else:
        first, last = (format_period(m, lang) for m in view.months)
        group = text(
            "peers.group_months", lang, group=name, count=view.count, first=first, last=last
        )
    fallback = None
    if len(view.wanted) > len(view.group):
        fallback = text(
            "peers.fallback",
            lang,
            wanted=group_name(view.wanted, questionnaire, lang),
            group=name,
        )
    shares = []
    for share in view.shares:
        question = questionnaire.question(share.question_id)
        labels = [question.option(code).label(lang) for code in share.codes]
        shares.append(
            text(
                "peers.share",
                lang,
                question=question.label(lang),
                answers=_either(labels, lang),
                percent=fmt_pct(share.percent, lang),
            )
        )
    return PeerLines(
        title=title,
        caveat=caveat,
        group=group,
        fallback=fallback,
        standings=tuple(_standing_line(item, lang) for item in view.standings),
        shares=tuple(shares),
        waiting=None,
        method=method,
    )
