"""``make bench``: how fast the app is, every timing beside a yardstick from the same run.

A shared two-core machine is too noisy for absolute thresholds, so each timing of the app is
reported beside the same timing of ``bench/reference_page.py`` (one four-bar chart) measured
in the same run, and the *ratio* is what a target applies to. The bench is a report, not a
test: a missed target is marked ``MISS`` and the exit status stays 0.

This module holds the small pure helpers (median, ratio, the result row, the table); the
measurements live in ``pages_bench`` (AppTest reruns), ``browser_bench`` (cold start in
Chromium), ``store_bench`` and ``workshop_bench``; ``python -m bench`` runs them all.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

COLUMNS = ("what", "measured", "reference", "ratio", "target", "ok")


def median(values: Iterable[float]) -> float | None:
    """The median, or None when there is nothing to take it of."""
    values = list(values)
    return statistics.median(values) if values else None


def ratio(measured: float | None, reference: float | None) -> float | None:
    """``measured / reference``, or None when either is missing or the reference is not > 0."""
    if measured is None or reference is None or reference <= 0:
        return None
    return measured / reference


@dataclass(frozen=True)
class Row:
    """One line of the report.

    ``measured`` and ``reference`` are numbers in ``unit``; ``max_ratio`` is the target on
    ``measured / reference``. A row without ``max_ratio`` may carry another kind of target
    as text (``target``) with its verdict (``passed``); a row with neither is information.
    ``measured`` None means the measurement could not be made (``note`` says why).
    """

    what: str
    measured: float | None = None
    reference: float | None = None
    unit: str = "ms"
    max_ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return ratio(self.measured, self.reference)

    @property
    def target_text(self) -> str:
        return f"≤ {self.max_ratio:g}×" if self.max_ratio is not None else self.target

    @property
    def status(self) -> str:
        """``ok``, ``MISS``, ``n/a`` (nothing measured) or empty (no target)."""
        if self.measured is None:
            return "n/a"
        verdict = self.passed
        if self.max_ratio is not None:
            value = self.ratio
            verdict = None if value is None else value <= self.max_ratio
        if verdict is None:
            return "n/a" if self.max_ratio is not None else ""
        return "ok" if verdict else "MISS"

    def cells(self) -> tuple[str, str, str, str, str, str]:
        value = self.ratio
        return (
            self.what,
            fmt_value(self.measured, self.unit) if self.measured is not None else "n/a",
            fmt_value(self.reference, self.unit) if self.reference is not None else "",
            f"{value:.2f}×" if value is not None else "",
            self.target_text,
            self.status,
        )

    def to_json(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {
            **asdict(self),
            "measured": rounded(self.measured),
            "reference": rounded(self.reference),
            "ratio": rounded(self.ratio),
            "target": self.target_text,
            "status": self.status,
        }


def fmt_number(value: float) -> str:
    """A number with as many decimals as its size deserves: 1234, 56.7, 8.91, 3."""
    if float(value).is_integer():
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_value(value: float, unit: str) -> str:
    return f"{fmt_number(value)} {unit}".strip()


def format_table(rows: Sequence[Row]) -> str:
    """The rows as a plain-text table with aligned columns, then one line per note."""
    body = [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in [COLUMNS, *body]) for i in range(len(COLUMNS))]
    numeric = {1, 2, 3}  # right-align the numbers

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return " | ".join(parts).rstrip()

    out = [line(COLUMNS), "-+-".join("-" * width for width in widths)]
    out += [line(cells) for cells in body]
    notes = [f"  {row.what}: {row.note}" for row in rows if row.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


def rows_from_dicts(results: Iterable[Mapping[str, Any]]) -> list[Row]:
    """Turn the plain dicts returned by ``store_bench.run()``/``workshop_bench.run()`` into rows.

    Understood keys: ``submissions_per_s``, ``p95_ms``, ``median_ms`` (with ``reference_ms``
    and ``max_ratio`` when the bench measured its own yardstick), ``stored`` (with
    ``expected`` and ``errors``). Any other key goes into the note, so nothing is lost.
    """
    rows: list[Row] = []
    for result in results:
        what = str(result.get("what", "?"))
        first = len(rows)
        if "submissions_per_s" in result:
            rows.append(Row(f"{what}: throughput", result["submissions_per_s"], unit="/s"))
        if "p95_ms" in result:
            rows.append(Row(f"{what}: p95 latency", result["p95_ms"]))
        if "median_ms" in result:
            label = f"{what}: median latency" if "p95_ms" in result else what
            rows.append(
                Row(
                    label,
                    result["median_ms"],
                    result.get("reference_ms"),
                    max_ratio=result.get("max_ratio"),
                )
            )
        if "stored" in result:
            expected = result.get("expected")
            errors = result.get("errors", 0)
            rows.append(
                Row(
                    f"{what}: answers stored",
                    result["stored"],
                    unit=f"of {expected}" if expected is not None else "",
                    target="all, 0 errors",
                    passed=(expected is None or result["stored"] == expected) and not errors,
                    note=f"{errors} errors" if errors else "",
                )
            )
        rest = ", ".join(f"{k}={v}" for k, v in result.items() if k not in _UNDERSTOOD)
        if len(rows) == first:
            rows.append(Row(what, note=rest or "no numbers returned"))
        elif rest:
            head = rows[first]
            rows[first] = replace(head, note="; ".join(filter(None, [head.note, rest])))
    return rows


_UNDERSTOOD = frozenset(
    {"what", "submissions_per_s", "p95_ms", "median_ms", "reference_ms", "max_ratio"}
    | {"stored", "expected", "errors"}
)
