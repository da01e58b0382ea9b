"""Benchmark: a room of phones that behave like browsers, arriving within ten seconds.

What one real page load does is recorded once, in the system Chromium (headless): every
file a browser fetches from the app's address to open ``/join?code=…`` (its path, size,
encoding and cache header). Then each bench phone, without a browser:

1. fetches those files over HTTP/1.1 keep-alive, six connections at a time as a browser
   does, with an empty cache (so every file once; the headers a browser sends, gzip and
   brotli accepted, the balancer's stickiness cookie carried back);
2. opens the websocket and asks for the join page's run, which draws the questions;
3. does the device handshake the page's probe component does (``join_page.device_report``):
   it reports the token it holds, a new phone the provisional one the page offered, and
   no kept draft; the page then runs again;
4. taps every yes/no question over a random 20–60 s (each tap one run of the questions'
   fragment), then presses Send once and waits for the confirmation.

A projector client watches the join slide's count. Each phone comes from its own loopback
address (127.0.x.y), as phones on mobile data do: the join limit per address is another
matter (issue 21's one-address test). Measured per room: join (link → questions drawn),
the handshake's run, Send → confirmation and answer → projector percentiles; the app
processes' CPU per participant and memory growth per 50 participants; the bytes a phone
fetched; every answer stored once. Beside them, the empty page (``bench/empty_page.py``)
opened the same way, in the same run, and its rerun.

``python -m bench.browser_room [--quick] [--rooms 50,100] [--backends sqlite,postgres]
[--replicas 300]`` prints the table; ``make bench`` runs it through :func:`run`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from playwright.async_api import async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

from adoption.i18n import t
from adoption.join_flow import RETRY_S
from adoption.store import WorkshopStore, make_engine, submissions_table
from bench import Row
from bench._server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start, stop, wait_healthy
from bench.room_bench import (
    _COUNT,
    EMPTY_PAGE,
    PROJECTOR_EVERY_S,
    Page,
    _cpu_seconds,
    _database,
    _delays,
    _pct,
    _pg_reachable,
    _run_loop,
)

ROOMS = (50, 100, 200)
REPLICA_ROOM = 300  # on two replicas behind HAProxy (PostgreSQL)
# On SQLite behind HAProxy, whose cache answers the static files (``make workshop``):
# (phones, app processes); one process, then a laptop's two cores sharing the file.
FRONTED_ROOMS = ((200, 1), (200, 2))
QUICK_ROOMS = (50,)
TAP_S = (20.0, 60.0)  # a participant taps for this long before Send
QUICK_TAP_S = (4.0, 8.0)
ARRIVAL_S = 10.0  # the room arrives within this, after the QR code goes up
CONNECTIONS = 6  # a browser's connections per host over HTTP/1.1
PHONE_DEADLINE_S = 300.0
ASSETS = ROOT / "artifacts" / "join_assets.json"
# BENCH_PYSPY=/tmp/profile: py-spy records each room's app processes into
# /tmp/profile.<room>.<pid>.txt (folded stacks); BENCH_PYSPY_BIN names py-spy.
PROFILE = os.environ.get("BENCH_PYSPY", "")
PY_SPY = os.environ.get("BENCH_PYSPY_BIN", "py-spy")
# The checkout whose app is measured: this one, or another (``--app``, e.g. an export of
# main for a before/after run with the same bench).
APP = Path(os.environ.get("BENCH_APP", str(ROOT))).resolve()


def _app_env() -> dict[str, str]:
    """The measured checkout's modules first, for a server started from it."""
    return {"PYTHONPATH": f"{APP / 'src'}{os.pathsep}{APP}"} if APP != ROOT else {}


# What Chromium sends for a script or a style sheet.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)
PROBE_ID = re.compile(r"ws_device_probe")
# The caption of a fragment that tries again every few seconds (a send the store did not
# take in time, or a page that could not read its session): a browser reruns it by itself.
RETRYING = t("ws.join.retrying", "en").split("{", 1)[0]


# --------------------------------------------------------------------------- recording


@dataclass(frozen=True)
class Asset:
    """One file a browser fetched to open the join page."""

    path: str  # with its query string
    size: int  # bytes on the wire (the body as sent)
    encoding: str  # Content-Encoding, "" when none
    cache: str  # Cache-Control, "" when none
    kind: str  # Playwright's resource type (document, script, stylesheet, font…)


async def _record(url: str, code: str) -> list[Asset]:
    """The files one headless Chromium load of the join page fetched, in order."""
    origin = urlsplit(url).netloc
    seen: list[Any] = []
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 390, "height": 844})
        page = await context.new_page()
        page.on("response", lambda response: seen.append(response))
        await page.goto(f"{url}/join?code={code}&lang=en")
        await page.wait_for_selector(f".st-key-wsj_{code}_send", timeout=120_000)
        await page.wait_for_timeout(1500)  # late fonts and icons
        assets = []
        for response in seen:
            parts = urlsplit(response.url)
            if parts.netloc != origin or response.request.method != "GET":
                continue
            if parts.path.startswith("/_stcore/stream") or response.status >= 300:
                continue
            headers = await response.all_headers()
            size = int(headers.get("content-length") or 0)
            if not size:
                with contextlib.suppress(Exception):  # an aborted body: counted as 0
                    size = len(await response.body())
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            assets.append(
                Asset(
                    path,
                    size,
                    headers.get("content-encoding", ""),
                    headers.get("cache-control", ""),
                    response.request.resource_type,
                )
            )
        await browser.close()
    return assets


def record(url: str, code: str) -> list[Asset]:
    """Record the join page's files and keep them in ``artifacts/join_assets.json``."""
    assets = _run_loop(_record(url, code))
    ASSETS.parent.mkdir(parents=True, exist_ok=True)
    ASSETS.write_text(json.dumps([asdict(a) for a in assets], indent=1) + "\n", encoding="utf-8")
    return assets


# --------------------------------------------------------------------------- HTTP


@dataclass
class Fetched:
    bytes: int = 0
    files: int = 0
    compressed: int = 0  # files that came with a Content-Encoding
    long_cache: int = 0  # files a browser may keep for a day or more
    cookie: str = ""  # the balancer's stickiness cookie, if it set one
    errors: list[str] = field(default_factory=list)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], int]:
    """Status, headers, body length of one HTTP/1.1 response (length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            name = name.strip().lower()
            headers[name] = (
                f"{headers[name]}, {value.strip()}" if name in headers else value.strip()
            )
    if "chunked" in headers.get("transfer-encoding", ""):
        total = 0
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return status, headers, total
            await reader.readexactly(size + 2)
            total += size
    length = int(headers.get("content-length", "0"))
    await reader.readexactly(length)
    return status, headers, length


def _max_age(cache: str) -> int:
    found = re.search(r"max-age=(\d+)", cache)
    return int(found.group(1)) if found and "no-cache" not in cache else 0


async def _fetch(
    host: str, port: int, paths: list[str], source: str, out: Fetched, lanes: int
) -> None:
    """GET ``paths`` over ``lanes`` keep-alive connections from address ``source``."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)

    async def lane() -> None:
        reader = writer = None
        try:
            while not queue.empty():
                path = queue.get_nowait()
                if writer is None:
                    reader, writer = await asyncio.open_connection(
                        host, port, local_addr=(source, 0)
                    )
                assert reader is not None
                cookie = f"Cookie: {out.cookie}\r\n" if out.cookie else ""
                writer.write(
                    (
                        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                        f"User-Agent: {USER_AGENT}\r\nAccept: */*\r\n"
                        f"Accept-Encoding: {ACCEPT_ENCODING}\r\n{cookie}"
                        "Connection: keep-alive\r\n\r\n"
                    ).encode()
                )
                status, headers, size = await _read_response(reader)
                if status != 200:
                    out.errors.append(f"{status} for {path}")
                out.files += 1
                out.bytes += size
                out.compressed += bool(headers.get("content-encoding"))
                out.long_cache += _max_age(headers.get("cache-control", "")) >= 86_400
                if not out.cookie and "set-cookie" in headers:
                    out.cookie = headers["set-cookie"].split(";", 1)[0]
                if headers.get("connection", "").lower() == "close":
                    writer.close()
                    reader = writer = None
        finally:
            if writer is not None:
                writer.close()

    await asyncio.gather(*(lane() for _ in range(lanes)))


# --------------------------------------------------------------------------- a phone


@dataclass
class Outcome:
    joins: list[float] = field(default_factory=list)  # link → questions drawn
    handshakes: list[float] = field(default_factory=list)  # the device report's run
    sends: list[float] = field(default_factory=list)
    pressed: list[float] = field(default_factory=list)  # monotonic times of Send
    bytes: list[int] = field(default_factory=list)
    files: list[int] = field(default_factory=list)
    compressed: int = 0
    long_cache: int = 0
    taps: int = 0
    answers: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    projector_refreshes: list[float] = field(default_factory=list)  # seconds each, in the room
    retried: int = 0  # sends the store did not take in time, which the page tried again


@dataclass
class JoinPage(Page):
    probe: str = ""  # the device probe's widget id
    probe_fragment: str = ""  # the fragment it is drawn in, if any
    provisional: str = ""
    sent_ok: bool = False  # the confirmation was drawn
    alerts: list[str] = field(default_factory=list)  # what the page said (first words)
    busy: bool = False  # the join limit turned the phone away
    retry: str = ""  # the fragment that tries a send again every few seconds, when drawn


def _read(message: ForwardMsg, page: JoinPage) -> None:
    if message.WhichOneof("type") != "delta":
        return
    if message.delta.WhichOneof("type") != "new_element":
        return
    element = message.delta.new_element
    which = element.WhichOneof("type")
    if (
        which == "button_group"
        and len(element.button_group.options) == 2
        and (
            "-wsj_" in element.button_group.id  # the questions, not the language switch
        )
    ):
        page.choices[element.button_group.id] = [o.content for o in element.button_group.options]
        page.fragments[element.button_group.id] = message.delta.fragment_id
        page.questions = message.delta.fragment_id or page.questions
    elif which == "button" and element.button.id.endswith("send"):
        page.send = element.button.id
    elif which == "bidi_component" and PROBE_ID.search(element.bidi_component.id):
        page.probe = element.bidi_component.id
        page.probe_fragment = message.delta.fragment_id  # "" when the probe is no fragment
        with contextlib.suppress(ValueError, TypeError):
            data = json.loads(element.bidi_component.json)
            page.provisional = str(data.get("provisional") or "")
    elif which == "markdown" and element.markdown.body.startswith(RETRYING):
        page.retry = message.delta.fragment_id
    elif which == "alert":
        page.sent_ok = page.sent_ok or "check_circle" in element.alert.icon
        page.busy = page.busy or "hourglass" in element.alert.icon
        page.alerts.append(element.alert.body[:40])
    elif which == "html" and (found := _COUNT.search(element.html.body)):
        page.count = int(re.sub(r"\D", "", found.group(1)))  # the projector's count
        page.live = message.delta.fragment_id or page.live


class Socket:
    """One phone's websocket, from its own address, with the balancer's cookie."""

    def __init__(self, url: str, source: str, cookie: str) -> None:
        self.url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.source, self.cookie = source, cookie
        self.ws: Any = None

    async def __aenter__(self) -> Socket:
        import websockets

        headers = {"User-Agent": USER_AGENT}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=120,
            ping_interval=None,  # a browser never pings: only the server does
            additional_headers=headers,
            local_addr=(self.source, 0),
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.ws.close()

    async def run(self, state: ClientState, page: JoinPage) -> float:
        started = time.perf_counter()
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.ws.recv())
            _read(message, page)
            if message.WhichOneof("type") == "script_finished" and (
                message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                return time.perf_counter() - started


def _question(widget: str) -> str:
    """The question a widget's id names (``…-wsj_K7MQ4P_q_genai`` → ``q_genai``)."""
    found = re.search(r"wsj_[A-Z0-9]+_(\w+)$", widget)
    return found.group(1) if found else widget


def source_address(index: int) -> str:
    """Phone ``index``'s own loopback address: 127.0.x.y, never 127.0.0.1."""
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


async def phone(
    url: str, code: str, assets: list[Asset], seed: int, tap_s: tuple[float, float], out: Outcome
) -> None:
    """One participant, as a browser: the files, the join run, the handshake, taps, Send."""
    chance = random.Random(seed)  # noqa: S311 - made-up answers, not security
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    source = source_address(seed)
    query = f"code={code}&lang=en"
    got = Fetched()
    started = time.perf_counter()
    paths = [a.path for a in assets if a.kind != "document"]
    # The document first (it sets the stickiness cookie), then the rest six at a time.
    await _fetch(host, port, [f"/join?{query}"], source, got, 1)
    await _fetch(host, port, paths, source, got, CONNECTIONS)
    out.bytes.append(got.bytes)
    out.files.append(got.files)
    out.compressed += got.compressed
    out.long_cache += got.long_cache
    out.errors += got.errors[:2]
    page = JoinPage()
    async with Socket(url, source, got.cookie) as ws:
        await ws.run(ClientState(query_string=query, page_name="join"), page)
        if page.busy or not page.choices or not page.send or not page.probe:
            what = "turned away (join limit)" if page.busy else "no questions or no probe"
            out.errors.append(f"phone {seed}: {what}")
            return
        out.joins.append(time.perf_counter() - started)
        # The probe's report: a new phone keeps the token the page offered, has no draft.
        device = WidgetState(id=page.probe)
        device.json_value = json.dumps(
            {
                "device": {
                    "token": page.provisional,
                    "code": code,
                    "draft": None,
                    # The server session it reports to, and not a reconnection.
                    "session": page.provisional,
                    "again": False,
                }
            }
        )
        base = [device]
        # As a browser sends it: a rerun of the probe's fragment when it is in one.
        report = ClientState(
            query_string=query,
            page_name="join",
            widget_states=WidgetStates(widgets=base),
            fragment_id=page.probe_fragment,
        )
        out.handshakes.append(await ws.run(report, page))
        widgets = list(page.choices)
        pause = chance.uniform(*tap_s) / (len(widgets) + 1)
        states, chosen = [], {}
        for widget in widgets:
            await asyncio.sleep(pause)
            label = chance.choice(page.choices[widget])
            chosen[_question(widget)] = label
            state = WidgetState(id=widget)
            state.string_array_value.data.append(label)
            states.append(state)
            tap = ClientState(
                query_string=query,
                page_name="join",
                widget_states=WidgetStates(widgets=[*base, *states]),
                # The fragment the widget is drawn in, as a browser sends it.
                fragment_id=page.fragments.get(widget) or page.questions,
            )
            await ws.run(tap, page)
            out.taps += 1
        await asyncio.sleep(pause)
        press = WidgetState(id=page.send, trigger_value=True)
        send = ClientState(
            query_string=query,
            page_name="join",
            widget_states=WidgetStates(widgets=[*base, *states, press]),
        )
        out.pressed.append(time.monotonic())
        page.sent_ok, page.alerts, page.retry = False, [], ""
        pressed = time.perf_counter()
        await ws.run(send, page)
        retried = False
        # Not taken in time: the page's own fragment tries again every few seconds, as a
        # browser runs it, until the confirmation (or the phone's deadline).
        while not page.sent_ok and page.retry:
            retried = True
            await asyncio.sleep(RETRY_S)
            again = ClientState(
                query_string=query,
                page_name="join",
                widget_states=WidgetStates(widgets=[*base, *states]),
                fragment_id=page.retry,
                is_auto_rerun=True,
            )
            page.retry = ""
            await ws.run(again, page)
        out.sends.append(time.perf_counter() - pressed)
        out.retried += retried
        if not page.sent_ok:
            out.errors.append(f"phone {seed}: no confirmation after Send ({page.alerts})")
        out.answers.append(chosen)


async def _guarded(coroutine: Any, out: Outcome, seed: int) -> None:
    try:
        async with asyncio.timeout(PHONE_DEADLINE_S):
            await coroutine
    except Exception as error:  # one phone's failure is a row's note, never the bench's end
        out.errors.append(f"phone {seed}: {type(error).__name__}: {str(error)[:100]}")


async def _watch(
    url: str, code: str, secret: str, stop_at: asyncio.Event, refreshes: list[float]
) -> list[tuple[float, int]]:
    """The projector: (time, count shown) at every refresh of its fragment; each refresh's
    seconds (request → run finished) go to ``refreshes``: while one is under way, the
    projector shows what it showed before, so a long one is the screen frozen."""
    query = f"code={code}&key={secret}&lang=en"
    page, seen = JoinPage(), list[tuple[float, int]]()
    got = Fetched()
    parts = urlsplit(url)
    await _fetch(parts.hostname or "", parts.port or 80, ["/presenter"], "127.0.0.1", got, 1)
    async with Socket(url, "127.0.0.1", got.cookie) as ws:
        await ws.run(ClientState(query_string=query, page_name="presenter"), page)
        while not stop_at.is_set():
            await asyncio.sleep(PROJECTOR_EVERY_S)
            tick = ClientState(query_string=query, page_name="presenter", is_auto_rerun=True)
            if page.live:
                tick.fragment_id = page.live
            page.count = None
            refreshes.append(await ws.run(tick, page))
            if page.count is not None:
                seen.append((time.monotonic(), page.count))
    return seen


async def room(
    url: str,
    code: str,
    secret: str,
    people: int,
    assets: list[Asset],
    tap_s: tuple[float, float],
    projector_url: str | None = None,
) -> tuple[Outcome, list[tuple[float, int]]]:
    out, done = Outcome(), asyncio.Event()
    watching = asyncio.create_task(
        _watch(projector_url or url, code, secret, done, out.projector_refreshes)
    )
    await asyncio.sleep(PROJECTOR_EVERY_S)
    arrivals = sorted(random.Random(people).uniform(0, ARRIVAL_S) for _ in range(people))  # noqa: S311
    began, tasks = time.monotonic(), []
    for i, at in enumerate(arrivals):
        await asyncio.sleep(max(0.0, began + at - time.monotonic()))
        tasks.append(asyncio.create_task(_guarded(phone(url, code, assets, i, tap_s, out), out, i)))
    await asyncio.gather(*tasks)
    await asyncio.sleep(2 * PROJECTOR_EVERY_S + 1)
    done.set()
    try:
        seen = await watching
    except Exception as error:
        out.errors.append(f"projector: {type(error).__name__}: {error}")
        seen = list[tuple[float, int]]()
    return out, seen


IDLE_REFRESHES = 20  # projector refreshes timed with the room quiet, per slide


async def _idle_projector(url: str, code: str, secret: str, refreshes: int) -> None:
    """The projector alone, for ``refreshes`` refreshes of its fragment."""
    query = f"code={code}&key={secret}&lang=en"
    page = JoinPage()
    async with Socket(url, "127.0.0.1", "") as ws:
        await ws.run(ClientState(query_string=query, page_name="presenter"), page)
        for _ in range(refreshes):
            await asyncio.sleep(PROJECTOR_EVERY_S)
            tick = ClientState(query_string=query, page_name="presenter", is_auto_rerun=True)
            tick.fragment_id = page.live
            await ws.run(tick, page)


def projector_cost(
    url: str, database: str, code: str, secret: str, pids: list[int]
) -> dict[str, float]:
    """Server CPU ms per projector refresh while nothing changes, on the join slide and on
    the first question's slide, revealed (the room's answers against the published
    figure)."""
    engine = make_engine(database)
    store = WorkshopStore(engine)
    costs = {}
    try:
        for name, slide in (("join slide", 0), ("question slide", 1)):
            store.set_slide(code, secret, slide, revealed=slide > 0)
            before = sum(_cpu_seconds(p) for p in pids)
            _run_loop(_idle_projector(url, code, secret, IDLE_REFRESHES))
            spent = sum(_cpu_seconds(p) for p in pids) - before
            costs[name] = spent / (IDLE_REFRESHES + 1) * 1000
        store.set_slide(code, secret, 0, revealed=False)
    finally:
        engine.dispose()
    return costs


# --------------------------------------------------------------------------- servers


def _rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class Measured:
    """One room's figures, the phones' and the server processes'."""

    label: str
    people: int
    out: Outcome
    seen: list[tuple[float, int]]  # (time, count) the projector showed
    cpu_s: float
    rss_growth: int
    stored: int
    in_store: dict[str, int]  # answers per question
    load_before: str
    bench_cpu_s: float
    projector_ms: dict[str, float]  # CPU per refresh with the room quiet, per slide


def _stored(url: str, code: str, secret: str) -> tuple[int, dict[str, int]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                sa.select(sa.func.count())
                .select_from(submissions_table)
                .where(submissions_table.c.session_code == code)
            ).scalar_one()
        counts = WorkshopStore(engine).tally(code, secret).counts
    finally:
        engine.dispose()
    in_store = {question: sum(per.values()) for question, per in counts.items() if per}
    return int(stored), in_store


def _session(url: str, people: int) -> tuple[str, str]:
    engine = make_engine(url)
    try:
        store = WorkshopStore(engine)
        store.init_schema()
        created = store.create_session(f"Bench room {people}", "en")
    finally:
        engine.dispose()
    return created.info.code, created.secret


def _play(
    label: str,
    url: str,
    pids: list[int],
    database: str,
    people: int,
    assets: list[Asset] | None,
    tap_s: tuple[float, float],
) -> tuple[Measured, list[Asset]]:
    code, secret = _session(database, people)
    if assets is None:
        assets = record(url, code)
    else:  # the data loads and first imports, as the recording does for the first room
        warm, aside = Outcome(), _session(database, 0)[0]  # its answers not in the room's
        _run_loop(_guarded(phone(url, aside, assets, 999, (0.0, 0.0), warm), warm, 999))
    load = _load()
    cpu_before = sum(_cpu_seconds(p) for p in pids)
    rss_before = sum(_rss_bytes(p) for p in pids)
    own_before = time.process_time()
    with _profiled(label, pids):
        out, seen = _run_loop(room(url, code, secret, people, assets, tap_s))
    own = time.process_time() - own_before
    cpu = sum(_cpu_seconds(p) for p in pids) - cpu_before
    rss = sum(_rss_bytes(p) for p in pids) - rss_before
    stored, in_store = _stored(database, code, secret)
    idle = projector_cost(url, database, code, secret, pids)
    measured = Measured(label, people, out, seen, cpu, rss, stored, in_store, load, own, idle)
    return measured, assets


@contextlib.contextmanager
def _profiled(label: str, pids: list[int]) -> Iterator[None]:
    """With ``BENCH_PYSPY``: py-spy samples each app process through the room (folded
    stacks, ``<BENCH_PYSPY>.<label, as a file name>.<pid>.txt``)."""
    if not PROFILE:
        yield
        return
    name = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")

    def command(pid: int) -> list[str]:
        # --gil: only the thread holding the GIL, i.e. where the CPU goes (threads waiting
        # on a lock are not work); 20 Hz disturbs it little.
        output = f"{PROFILE}.{name}.{pid}.txt"
        return [PY_SPY, "record", "--pid", str(pid), "--format", "raw", "--gil", "--rate", "20",
                "--output", output]  # fmt: skip

    profilers = [
        subprocess.Popen(command(pid), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for pid in pids
    ]
    try:
        yield
    finally:
        for profiler in profilers:
            profiler.send_signal(signal.SIGINT)  # py-spy writes its file and exits
            profiler.wait(timeout=60)


def one_process(
    backend: str, people: int, assets: list[Asset] | None, tap_s: tuple[float, float]
) -> tuple[Measured, list[Asset]]:
    with (
        tempfile.TemporaryDirectory(prefix="browser-room-") as folder,
        _database(backend, Path(folder)) as database,
    ):
        port = free_port()
        server = start(APP / "app.py", port, {"ADOPTION_DATABASE_URL": database, **_app_env()})
        try:
            wait_healthy(port, server, timeout=120)
            return _play(
                f"room {backend}, 1 process, N={people}",
                f"http://127.0.0.1:{port}",
                [server.pid],
                database,
                people,
                assets,
                tap_s,
            )
        finally:
            stop(server)


@contextlib.contextmanager
def _replicas(database: str, count: int) -> Iterator[tuple[str, list[int]]]:
    """``python -m deploy.replicas serve`` (``make serve``): the balancer's URL, app pids."""
    from deploy.replicas import server_states

    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    port = free_port(count + 1)
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "deploy.replicas", "serve", "--replicas", str(count),
            "--port", str(port), "--address", "127.0.0.1", "--run-dir", str(folder),
        ],
        cwd=APP,
        env={**os.environ, "ADOPTION_DATABASE_URL": database, **_app_env()},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                raise RuntimeError((folder / "serve.log").read_text()[-1500:])
            with contextlib.suppress(OSError):
                states = server_states(folder / "haproxy.sock")
                if len(states) == count and all(s["status"] == "UP" for s in states.values()):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the replicas were not up after 240 s")
            time.sleep(0.5)
        state = json.loads((folder / "replicas.json").read_text(encoding="utf-8"))
        yield f"http://127.0.0.1:{port}", [int(row["pid"]) for row in state.values()]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()


def behind_balancer(
    people: int,
    assets: list[Asset] | None,
    tap_s: tuple[float, float],
    count: int = 2,
    backend: str = "postgres",
) -> tuple[Measured, list[Asset]]:
    """A room through HAProxy (``make serve``): ``count`` replicas, or one process whose
    static files the balancer's cache answers (``count`` 1, SQLite allowed)."""
    with (
        tempfile.TemporaryDirectory(prefix="browser-room-") as folder,
        _database(backend, Path(folder)) as database,
    ):
        _session(database, 0)  # the schema, before the replicas race to make it
        what = f"{count} replicas" if count > 1 else "1 process"
        with _replicas(database, count) as (url, pids):
            return _play(
                f"room {backend}, {what} + HAProxy, N={people}",
                url,
                pids,
                database,
                people,
                None,  # recorded through the balancer: its headers, not a replica's
                tap_s,
            )


# --------------------------------------------------------------------------- yardstick


@dataclass
class Empty:
    join_s: float | None
    rerun_s: float | None
    cpu_per_open_s: float | None
    rss_per_50: float | None
    rerun_cpu_ms: float | None = None


def empty_page(assets: list[Asset], opens: int = 20) -> Empty:
    """The empty page opened as the phones open the join page (same files, websocket,
    one run), one at a time; then its rerun; on its own server."""
    port = free_port()
    server = start(EMPTY_PAGE, port)
    try:
        wait_healthy(port, server)
        url = f"http://127.0.0.1:{port}"
        paths = [a.path for a in assets if a.kind != "document"]

        async def main() -> tuple[list[float], list[float]]:
            joins, reruns = [], []
            for i in range(opens):
                got, page = Fetched(), JoinPage()
                started = time.perf_counter()
                await _fetch("127.0.0.1", port, ["/"], source_address(i), got, 1)
                await _fetch("127.0.0.1", port, paths, source_address(i), got, CONNECTIONS)
                async with Socket(url, source_address(i), "") as ws:
                    await ws.run(ClientState(), page)
                    joins.append(time.perf_counter() - started)
                    reruns.append(await ws.run(ClientState(), page))
            return joins, reruns

        async def rerun() -> None:
            async with Socket(url, "127.0.0.1", "") as ws:
                for _ in range(IDLE_REFRESHES + 1):
                    await ws.run(ClientState(), JoinPage())

        cpu, rss = _cpu_seconds(server.pid), _rss_bytes(server.pid)
        joins, reruns = _run_loop(main())
        cpu, rss = _cpu_seconds(server.pid) - cpu, _rss_bytes(server.pid) - rss
        rerun_cpu = _cpu_seconds(server.pid)
        _run_loop(rerun())
        rerun_cpu = (_cpu_seconds(server.pid) - rerun_cpu) / (IDLE_REFRESHES + 1) * 1000
        return Empty(
            _pct(joins, 0.95), _pct(reruns, 0.5), cpu / opens, rss / opens * 50, round(rerun_cpu, 1)
        )
    finally:
        stop(server)


# --------------------------------------------------------------------------- the rows


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def rows(result: Measured, empty: Empty) -> list[Row]:
    out, people, what = result.out, result.people, result.label
    delays = _delays(out.pressed, result.seen)
    tapped: dict[str, int] = {}
    for answers in out.answers:
        for question in answers:
            tapped[question] = tapped.get(question, 0) + 1
    exact = result.stored == people and tapped == result.in_store and not out.errors
    differ = sorted(
        q for q in {*tapped, *result.in_store} if tapped.get(q) != result.in_store.get(q)
    )
    join_p95, send_p95, delay_p95 = (
        _pct(out.joins, 0.95),
        _pct(out.sends, 0.95),
        _pct(delays, 0.95),
    )
    refreshes = out.projector_refreshes
    frozen = max(refreshes, default=None)
    files = max(out.files, default=0)
    kb = (sum(out.bytes) / len(out.bytes) / 1024) if out.bytes else None
    load = f"load {result.load_before}"
    return [
        Row(
            f"{what}: join p95 (link → questions)",
            _ms(join_p95),
            _ms(empty.join_s),
            target="≤ 5 s",
            passed=None if join_p95 is None else join_p95 <= 5.0,
            note=f"{len(out.joins)} of {people} joined; {load}",
        ),
        Row(f"{what}: join p50", _ms(_pct(out.joins, 0.5)), _ms(empty.join_s)),
        Row(
            f"{what}: device handshake run p95",
            _ms(_pct(out.handshakes, 0.95)),
            _ms(empty.rerun_s),
            note="the run the browser's report of its token starts",
        ),
        Row(
            f"{what}: Send → confirmation p95",
            _ms(send_p95),
            _ms(empty.rerun_s),
            target="≤ 1 s",
            passed=None if send_p95 is None else send_p95 <= 1.0,
            note=f"{out.retried} of {len(out.sends)} sends not taken in time at first, then "
            f"taken by the page's own retry (every {RETRY_S} s)"
            if out.retried
            else "",
        ),
        Row(
            f"{what}: answer → projector p95",
            _ms(delay_p95),
            target="≤ 3 s",
            passed=None if delay_p95 is None else delay_p95 <= 3.0,
            note=f"{len(delays)} of {len(out.pressed)} sends seen on the projector",
        ),
        Row(
            f"{what}: projector frozen, longest",
            _ms(frozen),
            _ms(empty.rerun_s),
            target="≤ 1 s",
            passed=None if frozen is None else frozen <= 1.0,
            note=f"the longest of {len(refreshes)} refreshes during the room (p95 "
            f"{_ms(_pct(refreshes, 0.95))} ms), from its request to its last element; "
            f"the screen keeps what it showed meanwhile",
        ),
        Row(
            f"{what}: CPU s per participant",
            round(result.cpu_s / people, 3),
            None if empty.cpu_per_open_s is None else round(empty.cpu_per_open_s, 3),
            unit="s",
            target="≤ 0.1 s",
            passed=result.cpu_s / people <= 0.1,
            note=f"{result.cpu_s:.1f} s for the room, projector included; "
            f"{out.taps} taps; the bench itself {result.bench_cpu_s:.1f} s",
        ),
        Row(
            f"{what}: memory per 50 participants",
            round(result.rss_growth / people * 50 / 2**20, 1),
            None if empty.rss_per_50 is None else round(empty.rss_per_50 / 2**20, 1),
            unit="MB",
            target="≤ 100 MB",
            passed=result.rss_growth / people * 50 <= 100 * 2**20,
            note="RSS growth of the app process(es) over the room",
        ),
        *(
            Row(
                f"{what}: projector refresh CPU, {slide}",
                round(ms, 1),
                empty.rerun_cpu_ms,
                note=f"{IDLE_REFRESHES} refreshes with the room quiet; the reference: "
                "the empty page's rerun",
            )
            for slide, ms in result.projector_ms.items()
        ),
        Row(
            f"{what}: fetched per phone",
            None if kb is None else round(kb, 1),
            unit="KB",
            note=f"{files} files; {out.compressed} of {sum(out.files)} compressed, "
            f"{out.long_cache} cacheable a day or more",
        ),
        Row(
            f"{what}: answers stored",
            float(result.stored),
            unit=f"of {people}",
            target="each once",
            passed=exact,
            note=f"{sum(tapped.values())} answers tapped in the phones that sent, "
            f"{sum(result.in_store.values())} stored"
            + (f"; differ on {differ[:4]}" if differ else "")
            + (f"; {len(out.errors)} errors: {'; '.join(out.errors[:3])}" if out.errors else ""),
        ),
    ]


def run(
    rooms: tuple[int, ...] | None = None,
    backends: tuple[str, ...] = ("sqlite", "postgres"),
    replica_room: int | None = None,
    *,
    fronted: tuple[tuple[int, int], ...] | None = None,
    quick: bool | None = None,
    progress: Any = None,
) -> list[Row]:
    """The room rows: each backend and size on one process, then the replicas' room.

    ``quick`` (the default unless ``BENCH_ROOM=full``): 50 phones tapping 4–8 s, SQLite
    and PostgreSQL, no replicas; full: 50/100/200 tapping 20–60 s, and 300 on 2 replicas.
    """
    if quick is None:
        quick = os.environ.get("BENCH_ROOM", "quick") != "full"
    if rooms is None:
        rooms = QUICK_ROOMS if quick else ROOMS
    tap_s = QUICK_TAP_S if quick else TAP_S
    if replica_room is None and not quick:
        replica_room = REPLICA_ROOM
    say = progress or (lambda _m: None)
    assets: list[Asset] | None = None
    results: list[Measured] = []
    skipped: list[Row] = []
    pg = "postgres" in backends and _pg_reachable()
    for backend in backends:
        if backend == "postgres" and not pg:
            skipped.append(Row("room postgres", note="PostgreSQL did not answer: not measured"))
            continue
        for people in rooms:
            say(f"{people} browser-like phones, {backend}, one process…")
            result, assets = one_process(backend, people, assets, tap_s)
            results.append(result)
    if fronted is None:
        fronted = () if quick else FRONTED_ROOMS
    for people, count in fronted:
        say(f"{people} browser-like phones, {count} process(es) behind HAProxy, sqlite…")
        try:
            result, recorded = behind_balancer(people, assets, tap_s, count, backend="sqlite")
            results.append(result)
            assets = assets or recorded  # the same files, for the empty page's opening
        except Exception as error:  # no HAProxy here: say so in the table
            skipped.append(Row("room, 1 process + HAProxy", note=f"not measured: {error}"[:300]))
    if replica_room and pg:
        say(f"{replica_room} browser-like phones, 2 replicas behind HAProxy…")
        try:
            result, _ = behind_balancer(replica_room, assets, tap_s)
            results.append(result)
        except Exception as error:  # no HAProxy here: say so in the table
            skipped.append(Row("room behind HAProxy", note=f"not measured: {error}"[:300]))
    say("the empty page, opened the same way…")
    empty = empty_page(assets or [])
    table = [
        Row("empty page: opened like a phone, p95", _ms(empty.join_s)),
        Row("empty page: rerun, median", _ms(empty.rerun_s)),
    ]
    for result in results:
        table += rows(result, empty)
    return table + skipped


def _fronted(text: str) -> tuple[tuple[int, int], ...]:
    """``200,100x2`` → ((200, 1), (100, 2)): phones, and app processes behind HAProxy."""
    rooms = []
    for item in filter(None, text.split(",")):
        people, _, count = item.partition("x")
        rooms.append((int(people), int(count or 1)))
    return tuple(rooms)


def main(argv: list[str] | None = None) -> int:
    from bench import format_table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="taps of 4–8 s, not 20–60 s")
    parser.add_argument("--full", action="store_true", help="taps of 20–60 s (the default)")
    parser.add_argument("--rooms", default="", help="sizes on one process, e.g. 50,100, or none")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--replicas", type=int, default=0, help="room size on 2 replicas")
    parser.add_argument(
        "--fronted", default="", help="SQLite behind HAProxy: 200 (one process), 200x2 (two)"
    )
    parser.add_argument("--app", default="", help="the checkout to measure (default: this one)")
    args = parser.parse_args(argv)
    if args.app:
        global APP
        APP = Path(args.app).resolve()
    rooms = (
        () if args.rooms == "none" else tuple(int(n) for n in args.rooms.split(",") if n) or None
    )
    table = run(
        rooms,
        tuple(args.backends.split(",")),
        args.replicas or None,
        fronted=_fronted(args.fronted) if args.fronted else None,
        quick=True if args.quick else (False if args.full else None),
        progress=lambda m: print(f"bench: {m}", file=sys.stderr, flush=True),
    )
    print(format_table(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
