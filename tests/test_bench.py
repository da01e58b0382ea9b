"""The bench's own plumbing (medians, ratios, verdicts, the table) on synthetic numbers, and
its reference page under AppTest. No timing is asserted: the machines are shared and noisy."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python -m pytest` has it; a bare `pytest` does not
    sys.path.insert(0, str(ROOT))

from bench import Row, format_table, median, ratio, rows_from_dicts  # noqa: E402

REFERENCE_PAGE = ROOT / "bench" / "reference_page.py"


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3.0, 1.0, 2.0], 2.0), ([4.0, 1.0, 3.0, 2.0], 2.5), ([7.0], 7.0), ([], None)],
)
def test_median(values: list[float], expected: float | None) -> None:
    assert median(values) == expected


@pytest.mark.parametrize(
    ("measured", "reference", "expected"),
    [
        (60.0, 20.0, 3.0),
        (10.0, 40.0, 0.25),
        (None, 20.0, None),
        (60.0, None, None),
        (60.0, 0.0, None),
    ],
)
def test_ratio(measured: float | None, reference: float | None, expected: float | None) -> None:
    assert ratio(measured, reference) == expected


@pytest.mark.parametrize(
    ("row", "status"),
    [
        (Row("at the target", 60.0, 20.0, max_ratio=3.0), "ok"),
        (Row("over the target", 61.0, 20.0, max_ratio=3.0), "MISS"),
        (Row("not measured", None, 20.0, max_ratio=3.0, note="page missing"), "n/a"),
        (Row("no reference", 60.0, None, max_ratio=3.0), "n/a"),
        (Row("information only", 364.0, unit="/s"), ""),
        (Row("other target, met", 50.0, target="all", passed=True), "ok"),
        (Row("other target, missed", 49.0, target="all", passed=False), "MISS"),
    ],
    ids=lambda value: value.what if isinstance(value, Row) else value,
)
def test_row_status(row: Row, status: str) -> None:
    assert row.status == status


def test_table_has_aligned_columns_and_the_notes() -> None:
    rows = [
        Row("home: rerun", 476.49, 22.86, max_ratio=3.0, note="11 charts"),
        Row("explore: rerun", 24.7, 21.2, max_ratio=3.0),
        Row("benchmark: rerun", max_ratio=3.0, note="pages/benchmark.py not found"),
        Row("cold start", 5374.2, 3738.0, max_ratio=1.5),
    ]
    lines = format_table(rows).splitlines()
    header, rule, *body = lines[:6]
    assert [cell.strip() for cell in header.split("|")] == [
        "what", "measured", "reference", "ratio", "target", "ok",
    ]  # fmt: skip
    # Every separator sits at the same place on every line of the table.
    bars = [i for i, char in enumerate(header) if char == "|"]
    assert [i for i, char in enumerate(rule) if char == "+"] == bars
    for line in body:
        assert [i for i, char in enumerate(line) if char == "|"] == bars
    cells = [[cell.strip() for cell in line.split("|")] for line in body]
    assert cells[0] == ["home: rerun", "476 ms", "22.9 ms", "20.84×", "≤ 3×", "MISS"]
    assert cells[1][3:] == ["1.17×", "≤ 3×", "ok"]
    assert cells[2][1:] == ["n/a", "", "", "≤ 3×", "n/a"]
    assert cells[3][1:] == ["5374 ms", "3738 ms", "1.44×", "≤ 1.5×", "ok"]
    assert "  benchmark: rerun: pages/benchmark.py not found" in lines
    assert "  home: rerun: 11 charts" in lines


def test_json_row_carries_numbers_and_verdict() -> None:
    data = Row("home: rerun", 476.4897, 22.8576, max_ratio=3.0).to_json()
    assert data["measured"] == 476.49
    assert data["reference"] == 22.858
    assert data["ratio"] == pytest.approx(20.846, abs=0.001)
    assert (data["target"], data["status"]) == ("≤ 3×", "MISS")


def test_rows_from_other_benches() -> None:
    store = {
        "what": "submit, sqlite",
        "submissions_per_s": 364.2,
        "p95_ms": 113.0,
        "median_ms": 46.5,
        "stored": 49,
        "errors": 1,
        "expected": 50,
    }
    presenter = {"what": "presenter rerun", "median_ms": 80.0, "reference_ms": 20.0, "answers": 50}
    rows = rows_from_dicts([store, presenter, {"what": "empty"}])
    by_what = {row.what: row for row in rows}
    assert by_what["submit, sqlite: throughput"].cells()[1] == "364 /s"
    assert by_what["submit, sqlite: p95 latency"].measured == 113.0
    assert by_what["submit, sqlite: answers stored"].status == "MISS"
    assert by_what["presenter rerun"].ratio == 4.0
    assert by_what["presenter rerun"].note == "answers=50"
    assert by_what["empty"].status == "n/a"


def test_reference_page_runs_under_apptest() -> None:
    at = AppTest.from_file(str(REFERENCE_PAGE), default_timeout=60).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1


@pytest.mark.browser  # starts two `streamlit run` servers
def test_the_room_bench_runs_a_tiny_room() -> None:
    """Three phones (two in Chromium, one at protocol level) and the projector against a
    real server: every row is there, the answers are stored once, and a tap sends the
    server at most one message (its fragment's run). No timing is judged here."""
    from bench import room_bench

    rows = room_bench.run(rooms=(3,), backends=("sqlite",))
    by_name = {row.what: row for row in rows}
    assert by_name["empty page round trip (yardstick)"].measured
    assert by_name["room sqlite, N=3: tap p95"].measured
    assert "12 taps timed in 2 Chromium pages" in by_name["room sqlite, N=3: tap p50"].note
    assert by_name["room sqlite, N=3: messages sent per tap"].passed
    assert by_name["room sqlite, N=3: tap fragment run p95"].measured
    seen = by_name["room sqlite, N=3: answer → projector p95"]
    assert seen.measured is not None and "3 of 3 sends seen" in seen.note, seen.note
    stored = by_name["room sqlite, N=3: answers stored"]
    assert stored.measured == 3 and stored.passed, stored.note


@pytest.mark.parametrize(
    ("response", "length"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 5),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
            5,
        ),
    ],
    ids=["length", "chunked"],
)
def test_the_phones_read_a_whole_http_response(response: bytes, length: int) -> None:
    """A phone's keep-alive connection reads each response to its end, whichever way the
    server (a replica, or HAProxy compressing on the fly) framed it."""
    import asyncio
    import concurrent.futures

    from bench.browser_room import _read_response

    async def read() -> tuple[int, dict[str, str], int, bytes]:
        reader = asyncio.StreamReader()
        reader.feed_data(response + b"NEXT")
        reader.feed_eof()
        status, headers, size = await _read_response(reader)
        return status, headers, size, await reader.read()

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in
    # this one, and asyncio.run() refuses to start inside it.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        status, _headers, size, rest = pool.submit(asyncio.run, read()).result()
    assert (status, size, rest) == (200, length, b"NEXT")


def test_each_phone_has_its_own_address_and_its_widgets_name_their_question() -> None:
    from bench.browser_room import _max_age, _question, source_address

    addresses = [source_address(i) for i in range(300)]
    assert len(set(addresses)) == 300 and "127.0.0.1" not in addresses
    assert all(a.startswith("127.0.") for a in addresses)
    assert _question("$$ID-98e5-wsj_K7MQ4P_q_genai") == "q_genai"
    assert _max_age("public, immutable, max-age=31536000") == 31536000
    assert _max_age("no-cache") == 0


@pytest.mark.browser  # Chromium records the page's files once; a real server
def test_the_browser_like_room_bench_runs_a_tiny_room() -> None:
    """Three browser-like phones (files, websocket, device handshake, taps, Send) and the
    projector against a real server, through the command line: its table has every row,
    each answer was stored once, and each phone fetched what Chromium fetched. No timing
    is judged here."""
    import json
    import subprocess

    from bench import browser_room

    # A process of its own, as `make bench` runs it: the bench drives its phones with
    # asyncio and records with Playwright, neither of which may share this process with
    # the browser tests' running Playwright.
    tiny_room = ("--quick", "--rooms", "3", "--backends", "sqlite")
    done = subprocess.run(
        [sys.executable, "-m", "bench.browser_room", *tiny_room],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = done.stdout
    lines = {line.split("|")[0].strip(): line for line in printed.splitlines() if "|" in line}
    what = "room sqlite, 1 process, N=3"
    for row in (
        "join p95 (link → questions)", "device handshake run p95", "Send → confirmation p95",
        "answer → projector p95", "CPU s per participant", "memory per 50 participants",
    ):  # fmt: skip
        assert f"{what}: {row}" in lines, row
    assert "empty page: opened like a phone, p95" in lines
    stored = lines[f"{what}: answers stored"]
    assert "3 of 3" in stored and stored.rstrip().endswith("ok"), printed
    assert f"{what}: answer → projector p95: 3 of 3 sends seen" in printed
    recorded = json.loads(browser_room.ASSETS.read_text(encoding="utf-8"))
    assert len(recorded) > 10 and recorded[0]["kind"] == "document"
    fetched = [line for line in printed.splitlines() if f"{what}: fetched per phone:" in line]
    assert fetched and f"{len(recorded)} files" in fetched[0], fetched
