"""Benchmark: a room of phones against one ``streamlit run`` process, projector open.

N simulated participants (10, 25, 50) speak Streamlit's websocket protocol (the tests'
:class:`tests.streamlit_client.StreamlitClient`, no browser): each opens the join link,
taps an answer to a yes/no question every 1–3 s (a rerun of the questions' fragment, as
the browser sends it), then presses Send (a full run). The projector is another client,
asking for its fragment every 1.5 s as the browser's timer does, and reading the count it
shows. Measured per run: tap latency (message sent → run finished, p50/p95), Send
latency, the delay from a Send to the projector's count including it, the server's CPU
time per tap (user + system, from /proc, projector refreshes included), and whether every
answer was stored exactly once. The yardstick is the round trip of an empty page on its
own server, measured in the same bench run. SQLite, then PostgreSQL when it answers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from tests.streamlit_client import StreamlitClient

from adoption.store import WorkshopStore, make_engine, submissions_table
from bench import Row
from bench._server import ROOT, free_port, start, stop, wait_healthy

T = TypeVar("T")
ROOMS = (10, 25, 50)
TAPS = 6  # answers tapped by each participant before Send
PACE_S = (1.0, 3.0)
PROJECTOR_EVERY_S = 1.5  # the presenter page's fragment timer
MAX_TAP_RATIO = 3.0  # p95 tap latency against the empty page's round trip
MAX_DELAY_S = 3.0  # answer → projector, p95
EMPTY_PAGE = ROOT / "bench" / "empty_page.py"
PG_URL = os.environ.get("ADOPTION_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_COUNT = re.compile(r"font-size:120px[^>]*>([0-9\s\u202f\u00a0]+)<")


@dataclass
class Page:
    """What a run drew that the simulation needs: yes/no widgets, the Send button."""

    choices: dict[str, list[str]] = field(default_factory=dict)  # widget id → option texts
    fragment: str = ""
    send: str = ""
    count: int | None = None
    live: str = ""  # the projector's fragment


async def _run(client: StreamlitClient, state: ClientState, page: Page) -> float:
    """Send one rerun, read its messages into ``page``; the seconds it took."""
    started = time.perf_counter()
    await client.send(BackMsg(rerun_script=state))
    assert client._ws is not None
    while True:
        message = ForwardMsg()
        message.ParseFromString(await client._ws.recv())
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            which = element.WhichOneof("type")
            if which == "button_group" and len(element.button_group.options) == 2:
                page.choices[element.button_group.id] = [
                    o.content for o in element.button_group.options
                ]
                page.fragment = message.delta.fragment_id or page.fragment
            elif which == "button" and "send" in element.button.id:
                page.send = element.button.id
            elif which == "html" and (found := _COUNT.search(element.html.body)):
                page.count = int(re.sub(r"\D", "", found.group(1)))
                page.live = message.delta.fragment_id or page.live
        elif kind == "script_finished" and (
            message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            return time.perf_counter() - started


@dataclass
class Outcome:
    taps: list[float] = field(default_factory=list)
    sends: list[float] = field(default_factory=list)
    pressed: list[float] = field(default_factory=list)  # monotonic times of Send
    answers: list[dict[str, str]] = field(default_factory=list)
    errors: int = 0


async def _participant(url: str, code: str, seed: int, out: Outcome) -> None:
    chance = random.Random(seed)  # noqa: S311 - made-up answers, not security
    query = f"code={code}&lang=en"
    page, states = Page(), {}
    async with StreamlitClient(url) as client:
        await _run(client, ClientState(query_string=query, page_name="join"), page)
        if not page.choices or not page.send:
            out.errors += 1
            return
        chosen: dict[str, str] = {}
        for widget in list(page.choices)[:TAPS]:
            await asyncio.sleep(chance.uniform(*PACE_S))
            label = chance.choice(page.choices[widget])
            chosen[widget] = label
            states[widget] = WidgetState(id=widget)
            states[widget].string_array_value.data.append(label)
            rerun = ClientState(
                query_string=query,
                page_name="join",
                widget_states=WidgetStates(widgets=list(states.values())),
                fragment_id=page.fragment,
            )
            out.taps.append(await _run(client, rerun, page))
        await asyncio.sleep(chance.uniform(*PACE_S))
        press = WidgetState(id=page.send, trigger_value=True)
        send = ClientState(
            query_string=query,
            page_name="join",
            widget_states=WidgetStates(widgets=[*states.values(), press]),
        )
        out.pressed.append(time.monotonic())
        out.sends.append(await _run(client, send, page))
        out.answers.append({w: label for w, label in chosen.items()})


async def _projector(url: str, code: str, secret: str, stop_at: asyncio.Event) -> list:
    """(time, count shown) every refresh, until ``stop_at`` is set."""
    query = f"code={code}&key={secret}&lang=en"
    page, seen = Page(), []
    async with StreamlitClient(url) as client:
        await _run(client, ClientState(query_string=query, page_name="presenter"), page)
        while not stop_at.is_set():
            await asyncio.sleep(PROJECTOR_EVERY_S)
            tick = ClientState(query_string=query, page_name="presenter", is_auto_rerun=True)
            if page.live:
                tick.fragment_id = page.live
            page.count = None
            await _run(client, tick, page)
            if page.count is not None:
                seen.append((time.monotonic(), page.count))
    return seen


def _run_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in its own thread: a caller (Playwright's sync API in the tests) may
    already run an event loop in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _delays(pressed: list[float], seen: list[tuple[float, int]]) -> list[float]:
    """For the k-th Send, the wait until the projector showed k answers or more."""
    delays = []
    for k, at in enumerate(sorted(pressed), start=1):
        shown = next((t for t, count in seen if count >= k and t >= at), None)
        if shown is not None:
            delays.append(shown - at)
    return delays


async def _room(url: str, code: str, secret: str, people: int) -> tuple[Outcome, list]:
    out = Outcome()
    done = asyncio.Event()
    projector = asyncio.create_task(_projector(url, code, secret, done))
    await asyncio.sleep(PROJECTOR_EVERY_S)
    # Phones arrive over a few seconds, as a room does after the code is read out.
    tasks = []
    for i in range(people):
        tasks.append(asyncio.create_task(_participant(url, code, 1000 + i, out)))
        await asyncio.sleep(0.1)
    await asyncio.gather(*tasks)
    await asyncio.sleep(2 * PROJECTOR_EVERY_S + 1)  # the last answers reach the screen
    done.set()
    return out, await projector


def empty_round_trip(runs: int = 30) -> float:
    """Median seconds of a rerun of an empty page, on its own server."""
    port = free_port()
    server = start(EMPTY_PAGE, port)
    try:
        wait_healthy(port, server)

        async def main() -> list[float]:
            page = Page()
            async with StreamlitClient(f"http://127.0.0.1:{port}") as client:
                await _run(client, ClientState(), page)
                return [await _run(client, ClientState(), page) for _ in range(runs)]

        return statistics.median(_run_loop(main()))
    finally:
        stop(server)


@contextlib.contextmanager
def _database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'room.sqlite3'}"
        return
    name = f"bench_room_{os.getpid()}"
    admin = make_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
        url = sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.dispose()


def _pg_reachable() -> bool:
    engine = make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True
    except Exception:  # not configured here: the rows say so
        return False
    finally:
        engine.dispose()


def measure(backend: str, people: int, empty_s: float) -> list[Row]:
    """One room of ``people`` on ``backend``: its rows of the table."""
    with (
        tempfile.TemporaryDirectory(prefix="room-bench-") as folder,
        _database(backend, Path(folder)) as url,
    ):
        engine = make_engine(url)
        store = WorkshopStore(engine)
        store.init_schema()
        created = store.create_session(f"Bench room {people}", "en")
        code = created.info.code
        port = free_port()
        server = start(ROOT / "app.py", port, {"ADOPTION_DATABASE_URL": url})
        try:
            wait_healthy(port, server)
            before = _cpu_seconds(server.pid)
            out, seen = _run_loop(_room(f"http://127.0.0.1:{port}", code, created.secret, people))
            cpu = _cpu_seconds(server.pid) - before
        finally:
            stop(server)
        with engine.connect() as conn:
            stored = conn.execute(
                sa.select(sa.func.count())
                .select_from(submissions_table)
                .where(submissions_table.c.session_code == code)
            ).scalar_one()
        counts = store.tally(code, created.secret).counts
        engine.dispose()
    tapped = {
        answer: sum(1 for a in out.answers for label in a.values() if label == answer)
        for answer in ("Yes", "No")
    }
    in_store = {
        answer: sum(
            n for per in counts.values() for code_, n in per.items() if code_ == answer.lower()
        )
        for answer in ("Yes", "No")
    }
    delays = _delays(out.pressed, seen)
    what = f"room {backend}, N={people}"
    taps_total = len(out.taps) + len(out.sends)
    exact = stored == people and tapped == in_store and not out.errors
    p95_delay = _pct(delays, 0.95)
    return [
        Row(f"{what}: tap p50", _ms(_pct(out.taps, 0.5)), _ms(empty_s)),
        Row(
            f"{what}: tap p95",
            _ms(_pct(out.taps, 0.95)),
            _ms(empty_s),
            max_ratio=MAX_TAP_RATIO if people == max(ROOMS) else None,
        ),
        Row(f"{what}: Send p95", _ms(_pct(out.sends, 0.95)), _ms(empty_s)),
        Row(
            f"{what}: answer → projector p95",
            _ms(p95_delay),
            target=f"≤ {MAX_DELAY_S:g} s",
            passed=None if p95_delay is None else p95_delay <= MAX_DELAY_S,
            note=f"{len(delays)} of {len(out.pressed)} sends seen on the projector",
        ),
        Row(f"{what}: server CPU per tap", _ms(cpu / taps_total if taps_total else None)),
        Row(
            f"{what}: answers stored",
            float(stored),
            unit=f"of {people}",
            target="each once",
            passed=exact,
            note=f"tapped {tapped}, stored {in_store}, {out.errors} errors",
        ),
    ]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def run(
    rooms: tuple[int, ...] = ROOMS, backends: tuple[str, ...] = ("sqlite", "postgres")
) -> list[Row]:
    """The room-load rows: the empty page's round trip, then each backend and room size."""
    empty_s = empty_round_trip()
    rows = [Row("empty page round trip (yardstick)", _ms(empty_s))]
    for backend in backends:
        if backend == "postgres" and not _pg_reachable():
            rows.append(Row("room postgres", note="PostgreSQL did not answer: not measured"))
            continue
        for people in rooms:
            rows += measure(backend, people, empty_s)
    return rows


if __name__ == "__main__":
    from bench import format_table

    print(format_table(run()))
