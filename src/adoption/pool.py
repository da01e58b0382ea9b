"""The pool of anonymous answers, for the pages that add to it and for its operator.

- The settings: :func:`min_answers` (k, ``ADOPTION_POOL_MIN_ANSWERS``, 10 by default and
  never below 5) and :func:`retention_months` (``ADOPTION_POOL_RETENTION_MONTHS``, 24 by
  default). Addresses are the workshop's (``adoption.store.limits.client_ip``, whose
  ``X-Forwarded-For`` is believed only from ``ADOPTION_TRUSTED_PROXIES``).
- :func:`contribution_of` turns a completed benchmark into what the pool keeps, and
  :func:`offer` adds it under the rate limits per address (:data:`PER_ADDRESS`) and for
  the whole process (:data:`EVERY_ADDRESS`). Pages call it through
  ``adoption_ui.pool_ui.add_to_pool``; the join page can do the same with
  ``origin="workshop"`` once a facilitator allows a session's answers in.
- :func:`aggregates` is what the operator may export: per shown group (at least k answers,
  see :mod:`adoption.peers`), never a row.
- ``python -m adoption.pool`` is the operator's command: ``list``, ``delete --month
  2026-11 | --origin workshop`` (``--yes`` to delete), ``purge``, ``export --format
  csv|parquet``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

import pandas as pd

from adoption.benchmark import Answers, Profile
from adoption.i18n import round_half_up
from adoption.peers import (
    DEFAULT_K,
    LEVELS,
    MIN_K,
    Peer,
    Release,
    band_of,
    release,
    round_count,
    round_percent,
)
from adoption.questionnaire import PILLARS, Questionnaire
from adoption.store.engine import default_database_url, make_engine
from adoption.store.errors import StoreError
from adoption.store.limits import Limit, RateLimiter
from adoption.store.pool_store import (
    DEFAULT_RETENTION_MONTHS,
    MAX_RETENTION_MONTHS,
    PoolStore,
)
from adoption.store.records import PoolAnswers
from adoption.store.validation import clean_month, month_at, month_index, month_of

__all__ = [
    "ADDED",
    "ALREADY",
    "EVERY_ADDRESS",
    "K_ENV",
    "PER_ADDRESS",
    "RETENTION_ENV",
    "THROTTLED",
    "aggregates",
    "contribution_of",
    "counted_from",
    "main",
    "min_answers",
    "offer",
    "retention_months",
]

K_ENV = "ADOPTION_POOL_MIN_ANSWERS"
RETENTION_ENV = "ADOPTION_POOL_RETENTION_MONTHS"

ADDED, ALREADY, THROTTLED = "added", "already", "throttled"
# A firm adds its answers once a month: a few tries from one address, then one every 20
# minutes, is plenty for firms behind one office network and nothing for a script. A
# workshop room shares the venue's address: its whole room may send at once.
PER_ADDRESS = {
    "benchmark": Limit(burst=3, per_s=1 / 1200),
    "workshop": Limit(burst=60, per_s=1 / 60),
}
# However many addresses a script uses, this process adds at most this many.
EVERY_ADDRESS = Limit(burst=120, per_s=1 / 30)


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def _whole(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else None


def min_answers(environ: Mapping[str, str] | None = None) -> int:
    """k: ``$ADOPTION_POOL_MIN_ANSWERS`` when a whole number (below 5 counts as 5), else 10."""
    value = _whole(str(_env(environ).get(K_ENV, "")))
    return DEFAULT_K if value is None else max(MIN_K, value)


def retention_months(environ: Mapping[str, str] | None = None) -> int:
    """Months a contribution is kept: ``$ADOPTION_POOL_RETENTION_MONTHS`` (1–120), else 24."""
    value = _whole(str(_env(environ).get(RETENTION_ENV, "")))
    if value is None or not 1 <= value <= MAX_RETENTION_MONTHS:
        return DEFAULT_RETENTION_MONTHS
    return value


# --------------------------------------------------------------------------- adding


def contribution_of(
    questionnaire: Questionnaire, profile: Profile, answers: Answers, origin: str = "benchmark"
) -> PoolAnswers | None:
    """What the pool keeps of a completed benchmark, or None when it is not complete: a
    size given, and every question asked of the firm answered (a half-answered
    questionnaire would be scored low for what it left out). "Other" country or sector is
    kept as not given."""
    clean = profile.cleaned(questionnaire)
    band = band_of(clean.size)
    valid = questionnaire.valid_answers(answers)
    if band is None or not valid:
        return None
    if any(question.id not in valid for question in questionnaire.asked(valid)):
        return None
    return PoolAnswers(
        size_band=band,
        sector=None if clean.sector in (None, "other") else clean.sector,
        country=None if clean.country in (None, "other") else clean.country,
        answers=valid,
        origin=origin,
    )


def counted_from(today: date) -> str:
    """The first month answers added ``today`` count among the peers: the next one."""
    return month_at(month_index(month_of(today)) + 1)


def offer(
    pool: PoolStore, limiter: RateLimiter, given: PoolAnswers, device: str, address: str
) -> str:
    """Add ``given`` unless ``address`` (or the process) is over its limit: :data:`ADDED`,
    :data:`ALREADY` (this device added answers this month) or :data:`THROTTLED`. Every
    attempt takes a token, so a script retrying with new device tokens is still counted.
    Raises :class:`~adoption.store.StoreError` when the pool cannot take it."""
    limit = PER_ADDRESS.get(given.origin, PER_ADDRESS["benchmark"])
    checks = ((f"pool:{given.origin}:{address}", limit), ("pool:every", EVERY_ADDRESS))
    if not limiter.allow(*checks):
        return THROTTLED
    return ADDED if pool.contribute(given, device) else ALREADY


# --------------------------------------------------------------------------- export

AGGREGATE_COLUMNS = (
    "level",
    "size_band",
    "country",
    "sector",
    "answers_at_least",
    "first_month",
    "last_month",
    "measure",
    "item",
    "value",
)


QUARTILES = ("score_p25", "score_median", "score_p75")


def _scores(members: Sequence[Peer], pillar: str | None) -> list[int]:
    """The members' overall score (``pillar`` None) or pillar scores, where they have one."""
    if pillar is None:
        return [member.score.overall for member in members]
    return [v for member in members if (v := member.score.pillars.get(pillar)) is not None]


def aggregates(shown: Release, questionnaire: Questionnaire) -> pd.DataFrame:
    """The pool as a consultant may have it: one row per shown group and measure, never an
    entry. Per group: its level and path, its count rounded down ("at least"), the months
    of the release; the overall score's and each pillar's quartiles (where at least k
    peers have a score), and for each question asked of at least k peers, the share
    (rounded to 5 points) that gave each answer."""
    rows: list[dict[str, object]] = []
    for group in sorted(shown.shown, key=lambda g: (len(g), g)):
        members = shown.members(group)
        head: dict[str, object] = {
            "level": LEVELS[len(group)],
            "size_band": group[0] if len(group) > 0 else "",
            "country": group[1] if len(group) > 1 else "",
            "sector": group[2] if len(group) > 2 else "",
            "answers_at_least": round_count(len(members)),
            "first_month": shown.first_month or "",
            "last_month": shown.last_month or "",
        }
        for pillar in (None, *PILLARS):
            values = _scores(members, pillar)
            if len(values) < shown.k:
                continue
            quartiles = statistics.quantiles(values, n=4, method="inclusive")
            for name, quartile in zip(QUARTILES, quartiles, strict=True):
                item = pillar or "overall"
                rows.append(
                    {**head, "measure": name, "item": item, "value": round_half_up(quartile)}
                )
        for question in questionnaire.questions:
            asked = [m for m in members if question.applies(m.answers)]
            if len(asked) < shown.k:
                continue
            for code in question.codes:
                same = sum(m.answers.get(question.id) == code for m in asked)
                rows.append(
                    {
                        **head,
                        "measure": "share_percent",
                        "item": f"{question.id}={code}",
                        "value": round_percent(100 * same / len(asked)),
                    }
                )
    return pd.DataFrame(rows, columns=list(AGGREGATE_COLUMNS))


def export_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The aggregates as CSV (UTF-8, comma) or Parquet."""
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


# --------------------------------------------------------------------------- command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m adoption.pool",
        description="The pool of anonymous answers: list, delete, purge, export aggregates.",
    )
    parser.add_argument(
        "--database",
        default=None,
        help="database URL (default: $ADOPTION_DATABASE_URL, else the local SQLite file)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="how many contributions each month and origin holds")
    delete = commands.add_parser("delete", help="delete the contributions of a month or origin")
    delete.add_argument("--month", help="a month, YYYY-MM")
    delete.add_argument("--origin", choices=("benchmark", "workshop"))
    delete.add_argument("--yes", action="store_true", help="delete (without it: only count)")
    commands.add_parser("purge", help="delete what the retention no longer keeps")
    export = commands.add_parser("export", help="aggregates of the groups shown, never rows")
    export.add_argument("--format", choices=("csv", "parquet"), default="csv")
    export.add_argument("--output", help="file to write (CSV: standard output by default)")
    return parser


def _pool(url: str | None) -> PoolStore:
    store = PoolStore(
        make_engine(url or default_database_url()), retention_months=retention_months()
    )
    store.init_schema()
    return store


def _questionnaire() -> Questionnaire:
    from adoption.dataset import load_dataset
    from adoption.questionnaire import load_questionnaire

    return load_questionnaire(load_dataset())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the operator's command; 0 on success, 2 on a bad argument or database."""
    args = _parser().parse_args(argv)
    out = sys.stdout
    try:
        pool = _pool(args.database)
        if args.command == "list":
            for (month, origin), n in pool.counts().items():
                out.write(f"{month}\t{origin}\t{n}\n")
            return 0
        if args.command == "purge":
            out.write(f"purged {pool.purge_expired()} contributions\n")
            return 0
        if args.command == "delete":
            return _delete(pool, args.month, args.origin, yes=args.yes)
        return _export(pool, args.format, args.output)
    except StoreError as error:
        sys.stderr.write(f"{error}\n")
        return 2


def _delete(pool: PoolStore, month: str | None, origin: str | None, *, yes: bool) -> int:
    if month is None and origin is None:
        sys.stderr.write("give --month, --origin or both\n")
        return 2
    if month is not None:
        month = clean_month(month)
    matching = sum(
        n
        for (m, o), n in pool.counts().items()
        if (month is None or m == month) and (origin is None or o == origin)
    )
    if not yes:
        sys.stdout.write(f"would delete {matching} contributions; add --yes to delete them\n")
        return 0
    sys.stdout.write(f"deleted {pool.delete(month=month, origin=origin)} contributions\n")
    return 0


def _export(pool: PoolStore, fmt: str, output: str | None) -> int:
    if output is None and fmt == "parquet":
        sys.stderr.write("--output is needed for Parquet\n")
        return 2
    questionnaire = _questionnaire()
    today = datetime.now(UTC).date()
    shown = release(questionnaire, pool.entries(), today, min_answers())
    frame = aggregates(shown, questionnaire)
    data = export_bytes(frame, fmt)
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    with open(output, "wb") as handle:
        handle.write(data)
    groups = frame.drop_duplicates(["level", "size_band", "country", "sector"]).shape[0]
    sys.stdout.write(f"wrote {len(frame)} rows to {output}; groups shown: {groups}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
