"""``python -m bench`` (``make bench``): run every benchmark, print one table, save it as JSON.

The table goes to stdout, progress to stderr, the same rows to ``artifacts/bench.json``.
A missed target is a ``MISS`` in the table, not a failure: the exit status is 0 unless the
bench itself breaks. The app runs on a throw-away SQLite file, never on the user's database.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit

from bench import (
    Row,
    browser_bench,
    browser_room,
    format_table,
    gc_bench,
    pages_bench,
    room_bench,
    rows_from_dicts,
    store_bench,
)

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "artifacts" / "bench.json"


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _other_bench(what: str, run: Callable[[], list], extra: dict | None = None) -> list[Row]:
    """Rows from a bench written elsewhere; its failure becomes a row, not a crash."""
    try:
        results = run()
    except Exception as err:  # someone else's bench: report it, keep the rest of the table
        return [Row(what, note=f"failed: {type(err).__name__}: {str(err)[:200]}")]
    rows: list[Row] = []
    for result in results:
        if isinstance(result, Row):
            rows.append(result)
        else:
            rows += rows_from_dicts([{**result, **(extra or {})}])
    return rows or [Row(what, note="no rows returned")]


def store_rows() -> list[Row]:
    rows = _other_bench(
        "workshop submit (store_bench)",
        store_bench.run,
        {"expected": store_bench.PARTICIPANTS},
    )
    if not any("postgres" in row.what for row in rows):  # store_bench skips it silently
        note = "PostgreSQL did not answer at ADOPTION_TEST_PG_URL (or its default): not measured"
        rows.append(Row("workshop submit, postgres", note=note))
    return rows


def workshop_rows(reference_ms: float | None) -> list[Row]:
    """The presenter view's rerun, beside the reference page's rerun when it has no own."""
    what = "workshop presenter (workshop_bench)"
    try:
        workshop_bench = importlib.import_module("bench.workshop_bench")
    except ModuleNotFoundError as err:
        if err.name != "bench.workshop_bench":  # the bench exists but needs something missing
            return [Row(what, note=f"workshop bench not available ({err})")]
        return [Row(what, note="workshop bench not available (no bench/workshop_bench.py yet)")]
    except ImportError as err:
        return [Row(what, note=f"workshop bench not available ({err})")]

    def run() -> list:
        results = workshop_bench.run()
        return [
            {"reference_ms": reference_ms, **r}
            if isinstance(r, dict) and "median_ms" in r and "p95_ms" not in r
            else r
            for r in results
        ]

    return _other_bench(what, run)


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="adoption-bench-") as folder:
        env = {"ADOPTION_DATABASE_URL": f"sqlite:///{Path(folder) / 'workshop.sqlite3'}"}
        os.environ.update(env)  # AppTest runs the pages in this process

        progress(f"page reruns through AppTest ({pages_bench.RUNS} each, interleaved)…")
        rows = pages_bench.run()
        reference_ms = next(r.measured for r in rows if r.what == pages_bench.REFERENCE_ROW)

        progress(f"cold starts in Chromium ({browser_bench.STARTS} each)…")
        try:
            home_charts = pages_bench.chart_count()
        except pages_bench.BenchError:
            home_charts = 1
        rows += browser_bench.run(home_charts, env)

        progress("50 concurrent workshop submissions…")
        rows += store_rows()
        progress("workshop presenter…")
        rows += workshop_rows(reference_ms)
        progress(f"server CPU per run, collector frozen or not ({gc_bench.RUNS} runs each)…")
        rows += _other_bench("collector freeze (gc_bench)", gc_bench.run)
        progress(f"room load: {room_bench.ROOMS} simulated phones, SQLite then PostgreSQL…")
        rows += _other_bench("room load (room_bench)", room_bench.run)
        full = os.environ.get("BENCH_ROOM") == "full"
        sizes = (
            "50/100/200 on one process, 200 on SQLite behind HAProxy (1 and 2 processes), "
            "300 on 2 replicas"
            if full
            else "50 (quick)"
        )
        progress(f"browser-like room: {sizes}; BENCH_ROOM=full for all sizes…")
        rows += _other_bench(
            "browser-like room (browser_room)", lambda: browser_room.run(progress=progress)
        )

    seconds = time.perf_counter() - started
    table = format_table(rows)
    print(table)
    print(f"\n{len(rows)} rows in {seconds:.0f} s; JSON in {OUTPUT.relative_to(ROOT)}")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "seconds": round(seconds, 1),
        "rows": [row.to_json() for row in rows],
    }
    OUTPUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
