"""`make update-data`: fetch Eurostat's isoc_eb_ai and isoc_eb_ain2, show what changed, and
write ``data/eurostat_ai.csv`` and ``data/eurostat_releases.csv`` only when asked.

A curator's command; the logic is :mod:`adoption.eurostat_update`. Without ``--write`` it
asks (default: no) when run from a terminal, and with ``--no-input`` (as ``make
update-data`` runs it) it only prints the review and how to write. A failed, timed-out,
malformed or partial download changes nothing and says what failed (exit status 1).

Run: ``python scripts/update_eurostat.py [--write] [--all] [--timeout SECONDS]``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from adoption.dataset import DATA_DIR
from adoption.eurostat_update import (
    TIMEOUT_SECONDS,
    Fetch,
    UpdateError,
    plan_update,
    sdmx_fetcher,
    write_plan,
)

HOW_TO_WRITE = "make update-data WRITE=1 (or: python scripts/update_eurostat.py --write)"


def main(argv: list[str] | None = None, fetch: Fetch | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write without asking")
    parser.add_argument(
        "--no-input", action="store_true", help="never ask; write only with --write"
    )
    parser.add_argument("--all", action="store_true", help="list every change, not the first 20")
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds per request"
    )
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the data folder")
    args = parser.parse_args(argv)
    today = datetime.now(UTC).date()
    try:
        plan = plan_update(args.data, fetch or sdmx_fetcher(timeout=args.timeout), today)
    except UpdateError as exc:
        print(f"Update failed: {exc}\nNothing was written.", file=sys.stderr)
        return 1
    print(plan.review(None if args.all else 20))
    write = args.write
    if not write and not args.no_input and sys.stdin.isatty():
        write = input("Write these changes to data/? [y/N] ").strip().lower() in ("y", "yes")
    if not write:
        print(f"Nothing written. To write: {HOW_TO_WRITE}")
        return 0
    for path in write_plan(plan, args.data):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
