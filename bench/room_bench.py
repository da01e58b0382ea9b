"""Benchmark: a room of phones against one ``streamlit run`` process, projector open.

N participants (10, 25, 50) open the join link, tap an answer to six yes/no questions,
one every 1–3 s, then press Send. The questions are a fragment: a tap reruns the fragment
only (which hands the draft to the browser to keep), never the page, its store read or its
result. The room is therefore played two ways at once:

- ``PHONES`` participants are real pages in the system Chromium (390×844). Each tap is
  timed in the page, from the click to the next frame drawn with the option chosen, and
  the websocket messages the page sends while tapping are counted (the claim "a tap costs
  the server one fragment run" is measured, not assumed). Send is timed to the
  confirmation shown.
- the others speak Streamlit's websocket protocol (the tests'
  :class:`tests.streamlit_client.StreamlitClient`): the join run, the same pauses, one
  fragment rerun per tap (timed on the server's answer), then the message a browser sends
  at Send (every answer and the send trigger).

The projector is another protocol client, asking for its fragment every 1.5 s as the
browser's timer does, and reading the count it shows. Measured per run: tap latency
(p50/p95), messages per tap, join and Send latency, the delay from a Send to the
projector's count including it, the server's CPU time per participant (user + system,
from /proc, projector refreshes included), and whether every answer was stored exactly
once. The yardstick is the round trip of an empty page on its own server, measured in the
same bench run. SQLite, then PostgreSQL when it answers.
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
from playwright.async_api import Browser, async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from tests.streamlit_client import StreamlitClient

from adoption.store import WorkshopStore, make_engine, submissions_table
from adoption_ui import slides
from bench import Row
from bench._server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start, stop, wait_healthy

T = TypeVar("T")
ROOMS = (10, 25, 50)
TAPS = 6  # answers tapped by each participant before Send
PHONES = 2  # participants played by real Chromium pages (the rest speak the protocol)
PACE_S = (1.0, 3.0)
PROJECTOR_EVERY_S = 1.5  # the presenter page's fragment timer
MAX_TAP_RATIO = 3.0  # p95 tap latency against the empty page's round trip
MAX_DELAY_S = 3.0  # answer → projector, p95
EMPTY_PAGE = ROOT / "bench" / "empty_page.py"
PG_URL = os.environ.get("ADOPTION_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# The join slide's count: the number in the slides' largest type (see adoption_ui/slides.py).
_COUNT = re.compile(
    re.escape(f"font-size:{slides.u(slides.NUMBER_PX + 24)}") + r"[^>]*>([0-9\s\u202f\u00a0]+)<"
)


@dataclass
class Page:
    """What a run drew that the simulation needs: yes/no widgets, the Send button."""

    choices: dict[str, list[str]] = field(default_factory=dict)  # widget id → option texts
    send: str = ""
    questions: str = ""  # the fragment that holds the questions
    fragments: dict[str, str] = field(default_factory=dict)  # widget id → its own fragment
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
                page.fragments[element.button_group.id] = message.delta.fragment_id
                page.questions = message.delta.fragment_id or page.questions
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
    taps: list[float] = field(default_factory=list)  # seconds, timed in the browser pages
    tap_messages: list[int] = field(default_factory=list)  # sent by a page while tapping
    tap_runs: list[float] = field(default_factory=list)  # a tap's fragment run, protocol
    joins: list[float] = field(default_factory=list)  # the join run, protocol phones
    loads: list[float] = field(default_factory=list)  # goto → questions drawn, Chromium
    sends: list[float] = field(default_factory=list)
    pressed: list[float] = field(default_factory=list)  # monotonic times of Send
    answers: list[dict[str, str]] = field(default_factory=list)  # widget → "yes" / "no"
    errors: list[str] = field(default_factory=list)


async def _participant(url: str, code: str, seed: int, out: Outcome) -> None:
    """A phone at protocol level: the join run, one fragment run per tap, one Send."""
    chance = random.Random(seed)  # noqa: S311 - made-up answers, not security
    query = f"code={code}&lang=en"
    page = Page()
    async with StreamlitClient(url) as client:
        join = ClientState(query_string=query, page_name="join")
        out.joins.append(await _run(client, join, page))
        if not page.choices or not page.send or not page.questions:
            out.errors.append("protocol phone: no questions, no fragment or no Send button")
            return
        states, chosen = [], {}
        for widget in list(page.choices)[:TAPS]:
            await asyncio.sleep(chance.uniform(*PACE_S))
            label = chance.choice(page.choices[widget])
            chosen[widget] = label.lower()
            state = WidgetState(id=widget)
            state.string_array_value.data.append(label)
            states.append(state)
            tap = ClientState(
                query_string=query,
                page_name="join",
                widget_states=WidgetStates(widgets=states),
                fragment_id=page.fragments.get(widget) or page.questions,  # as a browser does
            )
            out.tap_runs.append(await _run(client, tap, page))
        await asyncio.sleep(chance.uniform(*PACE_S))
        press = WidgetState(id=page.send, trigger_value=True)
        send = ClientState(
            query_string=query,
            page_name="join",
            widget_states=WidgetStates(widgets=[*states, press]),
        )
        out.pressed.append(time.monotonic())
        out.sends.append(await _run(client, send, page))
        out.answers.append(chosen)


# One tap, timed inside the page: click the option, then wait for the frame that shows it
# chosen (the next animation frame after aria-checked turns true).
_TAP_JS = """
async ([key, index]) => {
  const option = document.querySelectorAll(`.st-key-${key} [role="radio"]`)[index];
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const started = performance.now();
  option.click();
  while (option.getAttribute("aria-checked") !== "true") {
    if (performance.now() - started > 10000) { return -1; }
    await frame();
  }
  await frame();
  return (performance.now() - started) / 1000;
}
"""
# The yes/no questions on the page: widget keys of segmented controls with two options.
_YES_NO_JS = """
() => [...document.querySelectorAll('[data-testid="stElementContainer"][class*="st-key-wsj_"]')]
  .filter((box) => box.querySelectorAll('[role="radio"]').length === 2)
  .map((box) => box.className.match(/st-key-(wsj_\\S+)/)[1])
"""


async def _phone(browser: Browser, url: str, code: str, seed: int, out: Outcome) -> None:
    """A phone in Chromium: join, six timed taps, Send, until the confirmation shows."""
    chance = random.Random(seed)  # noqa: S311 - made-up answers, not security
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _frame: sent.append(1)))
    try:
        started = time.perf_counter()
        await page.goto(f"{url}/join?code={code}&lang=en")
        await page.wait_for_selector(f".st-key-wsj_{code}_send", timeout=120_000)
        out.loads.append(time.perf_counter() - started)
        # The device probe's one report, before any tap: the page then keeps the draft.
        await page.wait_for_function(
            f"window.localStorage.getItem('adoption.draft.{code}') !== null", timeout=120_000
        )
        # A person taps what is on screen: wait until the questions are (a busy server may
        # still be drawing the page again after the probe's report).
        keys: list[str] = []
        for _ in range(120):
            keys = await page.evaluate(_YES_NO_JS)
            if len(keys) >= TAPS:
                break
            await page.wait_for_timeout(250)
        else:
            out.errors.append(f"browser phone: {len(keys)} yes/no questions on screen after 30 s")
        before, chosen = len(sent), {}
        for key in keys[:TAPS]:
            await asyncio.sleep(chance.uniform(*PACE_S))
            index = chance.randrange(2)
            took = await page.evaluate(_TAP_JS, [key, index])
            if took < 0:
                out.errors.append(f"browser phone: {key} never showed the tap")
                continue
            out.taps.append(took)
            chosen[key] = ("yes", "no")[index]
        out.tap_messages.append(len(sent) - before)
        await asyncio.sleep(chance.uniform(*PACE_S))
        out.pressed.append(time.monotonic())
        started = time.perf_counter()
        await page.locator(f".st-key-wsj_{code}_send button").click()
        await page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=120_000)
        out.sends.append(time.perf_counter() - started)
        out.answers.append(chosen)
    except Exception as error:  # reported in the table, never a crash of the whole bench
        try:
            shown = await page.locator('[data-testid="stAlert"]').all_inner_texts()
        except Exception:
            shown = []
        first = str(error).splitlines()[0] if str(error) else ""
        out.errors.append(f"browser phone: {type(error).__name__}: {first[:120]}; shown: {shown}")
        if os.environ.get("ROOM_BENCH_SHOTS"):
            await page.screenshot(path=f"{os.environ['ROOM_BENCH_SHOTS']}/phone-{seed}.png")
    finally:
        await context.close()


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
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        projector = asyncio.create_task(_projector(url, code, secret, done))
        await asyncio.sleep(PROJECTOR_EVERY_S)
        # Phones arrive over a few seconds, as a room does after the code is read out; the
        # browser phones are spread among them.
        phones = set(range(0, people, max(1, people // PHONES))[:PHONES])
        tasks = []
        for i in range(people):
            play = _phone(browser, url, code, 1000 + i, out) if i in phones else None
            tasks.append(asyncio.create_task(play or _participant(url, code, 1000 + i, out)))
            await asyncio.sleep(0.1)
        await asyncio.gather(*tasks)
        await asyncio.sleep(2 * PROJECTOR_EVERY_S + 1)  # the last answers reach the screen
        done.set()
        seen = await projector
        await browser.close()
    return out, seen


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
        answer: sum(1 for a in out.answers for code_ in a.values() if code_ == answer)
        for answer in ("yes", "no")
    }
    in_store = {
        answer: sum(n for per in counts.values() for code_, n in per.items() if code_ == answer)
        for answer in ("yes", "no")
    }
    delays = _delays(out.pressed, seen)
    what = f"room {backend}, N={people}"
    exact = stored == people and tapped == in_store and not out.errors
    p95_delay = _pct(delays, 0.95)
    messages = sum(out.tap_messages)
    return [
        Row(f"{what}: join run p95", _ms(_pct(out.joins, 0.95)), _ms(empty_s)),
        Row(
            f"{what}: page load in Chromium, slowest",
            _ms(max(out.loads, default=None)),
            note="from the link to the questions drawn, scripts and styles included",
        ),
        Row(
            f"{what}: tap p50",
            _ms(_pct(out.taps, 0.5)),
            _ms(empty_s),
            note=f"{len(out.taps)} taps timed in {len(out.tap_messages)} Chromium pages",
        ),
        Row(
            f"{what}: tap p95",
            _ms(_pct(out.taps, 0.95)),
            _ms(empty_s),
            max_ratio=MAX_TAP_RATIO if people == max(ROOMS) else None,
        ),
        Row(
            f"{what}: messages sent per tap",
            messages / len(out.taps) if out.taps else None,
            unit="",
            target="≤ 1",
            passed=bool(out.taps) and messages <= len(out.taps),
            note=f"{messages} websocket messages during {len(out.taps)} taps",
        ),
        Row(
            f"{what}: tap fragment run p95",
            _ms(_pct(out.tap_runs, 0.95)),
            _ms(empty_s),
            note=f"{len(out.tap_runs)} taps at protocol level, the server's answer",
        ),
        Row(f"{what}: Send p95", _ms(_pct(out.sends, 0.95)), _ms(empty_s)),
        Row(
            f"{what}: answer → projector p95",
            _ms(p95_delay),
            target=f"≤ {MAX_DELAY_S:g} s",
            passed=None if p95_delay is None else p95_delay <= MAX_DELAY_S,
            note=f"{len(delays)} of {len(out.pressed)} sends seen on the projector",
        ),
        Row(f"{what}: server CPU per participant", _ms(cpu / people)),
        Row(
            f"{what}: answers stored",
            float(stored),
            unit=f"of {people}",
            target="each once",
            passed=exact,
            note=f"tapped {tapped}, stored {in_store}"
            + (f"; errors: {'; '.join(out.errors[:3])}" if out.errors else ""),
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
