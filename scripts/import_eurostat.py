"""Rebuild ``data/eurostat_ai.csv`` from the project's Eurostat reference extracts.

A curator's tool, not part of the app: it reads the tidy files kept beside the project
(``../shared/data/eurostat/`` and ``../shared/data/eurostat_isoc_eb_ai_2025_ge10.csv``, see
their README for where each value was copied from) and writes one long table in the
project's format. Values and flags are copied as published; nothing is computed or
rounded. A withheld value stays empty with its flag (``u`` low reliability, ``c``
confidential): the app shows it as "not published", never as 0. The euro-area aggregate
(``EA``) is left out: its membership changed over the years and the benchmark never
compares a firm with it.

Run: ``python scripts/import_eurostat.py [path/to/shared/data]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from adoption.eurostat_update import (
    FIELDS,  # the table's columns, as `make update-data` writes them
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "eurostat_ai.csv"

# (file, dataset, extract): which stored copy each file's rows come from (see the README).
FILES = (
    ("eurostat/ai_use_by_size.csv", "isoc_eb_ai", "s1"),
    ("eurostat/ai_barriers_by_size.csv", "isoc_eb_ai", "s2"),
    ("eurostat/ai_technologies_by_size.csv", "isoc_eb_ai", "s2"),
    ("eurostat/ai_purposes_by_size_2025.csv", "isoc_eb_ai", "s2"),
    ("eurostat/ai_use_by_sector.csv", "isoc_eb_ain2", "s3"),
    ("eurostat/ai_technologies_by_sector_2025.csv", "isoc_eb_ain2", "s2"),
)
SKIPPED_GEO = {"EA"}


def main(shared: Path) -> None:
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for name, dataset, extract in FILES:
        with (shared / name).open(encoding="utf-8", newline="") as handle:
            for raw in csv.DictReader(handle):
                if raw["geo"] in SKIPPED_GEO:
                    continue
                # E_AI_TAR 10-49 2021-2024 in the technologies file comes from S1.
                source = (
                    "s1" if raw["indicator"] == "E_AI_TAR" and raw["time"] != "2025" else extract
                )
                row = {
                    "dataset": dataset,
                    "indicator": raw["indicator"],
                    "size_emp": raw["size_emp"],
                    "nace_r2": raw["nace_r2"],
                    "geo": raw["geo"],
                    "year": raw["time"],
                    "unit": raw["unit"],
                    "value": raw["value"],
                    "flag": raw["flag"],
                    "extract": source,
                }
                key = tuple(
                    row[f]
                    for f in ("dataset", "indicator", "size_emp", "nace_r2", "geo", "year", "unit")
                )
                if key in rows and rows[key]["value"] != row["value"]:
                    raise SystemExit(f"conflicting values for {key}")
                rows[key] = row
    # The 2025 GE10 extract adds E_AI_EC and E_AI_ADOWN (E_AI_TANY is already in S1 and
    # was cross-checked 34/34 against it).
    with (shared / "eurostat_isoc_eb_ai_2025_ge10.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        for raw in csv.DictReader(handle):
            if raw["indic_is"] == "E_AI_TANY" or raw["geo"] in SKIPPED_GEO:
                continue
            row = {
                "dataset": "isoc_eb_ai",
                "indicator": raw["indic_is"],
                "size_emp": raw["size_emp"],
                "nace_r2": raw["nace_r2"],
                "geo": raw["geo"],
                "year": raw["time_period"],
                "unit": raw["unit"],
                "value": raw["obs_value"],
                "flag": raw["obs_flag"],
                "extract": "ge10_2025",
            }
            key = tuple(
                row[f]
                for f in ("dataset", "indicator", "size_emp", "nace_r2", "geo", "year", "unit")
            )
            rows[key] = row
    ordered = sorted(rows.values(), key=lambda r: tuple(r[f] for f in FIELDS[:7]))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(ordered)
    print(f"{OUT.relative_to(ROOT)}: {len(ordered)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
