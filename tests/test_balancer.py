"""Two app replicas behind a real HAProxy, started as ``make serve REPLICAS=2`` starts them.

The module starts ``python -m deploy.replicas serve`` (the command ``make serve`` runs) on
a throw-away schema of the test PostgreSQL database, in its own process group, and waits
until HAProxy sees both replicas up. Phones (real Chromium pages) join through the
balancer; the projector is open on each replica directly. Then, in order: every answer is
stored once and both projectors count them all; each request that carries the balancer's
SERVERID cookie, the websocket included, reached the replica it names, and an image the
page shows comes from the replica that made it (the other has never heard of it); a
rolling restart of the replica a phone is on moves that phone to the other one without
losing its unsent answers; Ctrl-C stops the balancer and every replica.

Without HAProxy or PostgreSQL the tests skip with the reason; in CI they must run.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.engine import Engine

from adoption.i18n import t
from adoption.store import WorkshopStore, make_engine
from browser import ANSWERS, DESKTOP, EXCEPTION, PHONE, join_and_answer, settle
from conftest import ROOT, free_port, pg_schema, pg_schema_url, skip_or_fail, stop_group
from deploy.replicas import DATABASE_URL_ENV, HAPROXY_ENV, find_haproxy, server_states

pytestmark = [pytest.mark.postgres, pytest.mark.browser]

# One line of the balancer's access log (deploy/haproxy.cfg, `log-format`).
LOG_LINE = re.compile(
    r"^\S+ \[[^\]]+\] replicas/(?P<server>\S+) (?P<status>-?\d+) \S+ \S+ "
    r'(?P<flags>\S{4}) (?P<cookie>\S+) (?P<method>\S+) "(?P<path>[^"]*)"$'
)
READY_S = 180


@dataclass(frozen=True)
class Served:
    """The running command: its process (leader of its own group), the balancer's URL,
    each replica's own URL, where its files are, and the workshop session."""

    process: subprocess.Popen[bytes]
    url: str
    replicas: dict[str, str]
    run_dir: Path
    socket: Path
    database_url: str
    code: str
    secret: str
    output: Path


def launcher_output(served: Served) -> str:
    return served.output.read_text(encoding="utf-8", errors="replace")[-4000:]


def access_log(served: Served) -> list[dict[str, str]]:
    """The balancer's access log so far, one dict per request (its path, server, cookie…)."""
    lines = (served.run_dir / "access.log").read_text(encoding="utf-8").splitlines()
    return [match.groupdict() for line in lines if (match := LOG_LINE.match(line))]


def running(served: Served) -> bool:
    if served.process.poll() is not None:
        raise AssertionError(f"the launcher exited early:\n{launcher_output(served)}")
    return True


def all_up(served: Served) -> bool:
    try:
        states = server_states(served.socket)
    except OSError:
        return False
    return len(states) == 2 and all(row["status"] == "UP" for row in states.values())


def wait_until(served: Served, condition: Any, what: str, timeout: float = READY_S) -> None:
    """Poll ``condition`` (a cheap check of the processes' state) until it holds."""
    deadline = time.monotonic() + timeout
    while running(served) and not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout} s\n{launcher_output(served)}")
        time.sleep(0.2)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def haproxy() -> str:
    found = find_haproxy()
    if found is None:
        skip_or_fail(f"HAProxy is not installed (Debian package 'haproxy', or set {HAPROXY_ENV})")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def served(
    haproxy: str, pg_admin: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    with pg_schema(pg_admin, "test_balancer") as schema:
        database_url = pg_schema_url(schema).render_as_string(hide_password=False)
        engine = make_engine(database_url)
        try:
            store = WorkshopStore(engine)
            store.init_schema()
            created = store.create_session("Behind the balancer", "en")
        finally:
            engine.dispose()
        folder = tmp_path_factory.mktemp("serve")
        port = free_port(3)  # the balancer, then its two replicas
        output = folder / "serve.log"
        with output.open("wb") as log:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "deploy.replicas", "serve",
                    "--replicas", "2", "--port", str(port), "--address", "127.0.0.1",
                    "--run-dir", str(folder),
                ],
                cwd=ROOT,
                env={**os.environ, DATABASE_URL_ENV: database_url, HAPROXY_ENV: haproxy},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, as a terminal's job is
            )  # fmt: skip
        result = Served(
            process=process,
            url=f"http://127.0.0.1:{port}",
            replicas={f"r{i}": f"http://127.0.0.1:{port + i}" for i in (1, 2)},
            run_dir=folder,
            socket=folder / "haproxy.sock",
            database_url=database_url,
            code=created.info.code,
            secret=created.secret,
            output=output,
        )
        try:
            wait_until(result, lambda: all_up(result), "HAProxy sees both replicas up")
            yield result
        finally:
            stop_group(process)


def open_projector(browser: Any, app: str, served: Served) -> Any:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    screen = context.new_page()
    screen.goto(f"{app}/presenter?code={served.code}&key={served.secret}&lang=en")
    screen.get_by_text("Behind the balancer").first.wait_for(timeout=60_000)
    settle(screen)
    assert screen.locator(EXCEPTION).count() == 0
    screen.evaluate("window.__notReloaded = true")
    return screen


def wait_count(screen: Any, count: int) -> None:
    """The projector's join slide says ``count`` participants have answered."""
    screen.locator('[data-testid="stHtml"]', has_text="participants have answered").filter(
        has_text=str(count)
    ).first.wait_for(timeout=30_000)


def stored(served: Served) -> tuple[list[int], dict[str, int]]:
    """Rows per participant of the session, and its answers to the first question."""
    engine = make_engine(served.database_url)
    try:
        with engine.connect() as conn:
            per_participant = conn.execute(
                sa.text(
                    "SELECT count(*) FROM workshop_submissions WHERE session_code = :code "
                    "GROUP BY participant"
                ),
                {"code": served.code},
            ).scalars()
            answers = conn.execute(
                sa.text(
                    "SELECT answer, count(*) FROM workshop_answers WHERE session_code = :code "
                    "AND question_id = 'q_genai' GROUP BY answer"
                ),
                {"code": served.code},
            ).all()
            return sorted(per_participant), {str(a): int(n) for a, n in answers}
    finally:
        engine.dispose()


def test_phones_join_through_the_balancer_and_every_answer_counts_once(
    browser: Any, served: Served
) -> None:
    screens = {name: open_projector(browser, app, served) for name, app in served.replicas.items()}

    for answer in ANSWERS:
        join_and_answer(browser, served.url, served.code, served.secret, answer)

    per_participant, answers = stored(served)
    assert per_participant == [1] * len(ANSWERS), "each phone's answers are one submission"
    assert answers == {"yes": 3, "no": 2}
    # The balancer shared the phones out: each replica served some of them their page.
    joins = [r for r in access_log(served) if r["path"] == "/join"]
    assert {r["server"] for r in joins} == {"r1", "r2"}, joins
    # Each replica's projector counts the whole room, without a reload.
    for name, screen in screens.items():
        wait_count(screen, len(ANSWERS))
        assert screen.evaluate("window.__notReloaded === true"), name
        assert screen.locator(EXCEPTION).count() == 0, name
        screen.context.close()


def test_a_browser_keeps_to_the_replica_that_served_its_page(browser: Any, served: Served) -> None:
    def websockets() -> list[dict[str, str]]:
        return [r for r in access_log(served) if r["path"] == "/_stcore/stream"]

    before = len(websockets())
    # The facilitator page through the balancer: its QR code's downloads are files
    # Streamlit keeps in the memory of the replica that drew the page, under /media/.
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    fetched: list[tuple[str, int]] = []

    def on_response(response: Any) -> None:
        path = urlsplit(response.url).path
        if path.startswith("/media/"):
            fetched.append((path, response.status))

    page.on("response", on_response)
    page.goto(f"{served.url}/workshop?code={served.code}&key={served.secret}&lang=en")
    settle(page)
    assert page.locator(EXCEPTION).count() == 0
    home = next(c["value"] for c in context.cookies() if c["name"] == "SERVERID")
    with page.expect_download() as download:
        page.get_by_role("button", name=t("ws.qr_svg", "en")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"<?xml")
    assert fetched and all(status == 200 for _, status in fetched), fetched
    media = fetched[-1][0]
    context.close()  # ends its websocket: HAProxy logs a tunnel when it closes

    other = "r2" if home == "r1" else "r1"
    with urllib.request.urlopen(served.replicas[home] + media) as response:  # noqa: S310
        assert response.status == 200
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served.replicas[other] + media)  # noqa: S310
    assert missing.value.code == 404, "only the replica that drew the page has its file"

    wait_until(served, lambda: len(websockets()) > before, "its websocket logged", 30)
    requests = access_log(served)
    # The front end's files came from the balancer's cache once a phone had fetched them.
    assert any(r["server"] == "<CACHE>" and r["path"].startswith("/static/") for r in requests)
    assert all(r["path"].startswith("/static/") for r in requests if r["server"] == "<CACHE>")
    # Every request a replica served that carried the cookie went to the replica it names
    # ("V": valid)...
    carried = [
        r for r in requests if r["cookie"].startswith("SERVERID=") and r["server"] != "<CACHE>"
    ]
    assert carried and all(
        r["flags"][2] == "V" and r["cookie"] == f"SERVERID={r['server']}" for r in carried
    ), [r for r in carried if r["cookie"] != f"SERVERID={r['server']}"]
    # ... the download among them, and every websocket: none arrived without the cookie.
    assert {r["server"] for r in requests if r["path"] == media} == {home}
    assert all(r["status"] == "101" and r["flags"][2] == "V" for r in websockets())
    assert websockets()[-1]["server"] == home


def test_the_balancer_sends_the_front_end_compressed_and_long_cached(served: Served) -> None:
    """Streamlit sends its static files uncompressed; through HAProxy a browser that accepts
    gzip gets them compressed, with Streamlit's year-long immutable caching kept."""
    with urllib.request.urlopen(served.url + "/join") as response:  # noqa: S310
        page = response.read().decode("utf-8", errors="replace")
    script = re.search(r'src="\.?(/static/js/[^"]+\.js)"', page)
    assert script, page[:500]
    for _ in range(2):  # the second comes from the balancer's cache
        url = served.url + script.group(1)
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
        with urllib.request.urlopen(request) as response:  # noqa: S310
            body = response.read()
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
        with urllib.request.urlopen(served.replicas["r1"] + script.group(1)) as plain:  # noqa: S310
            assert plain.headers.get("Content-Encoding") is None
            assert len(body) < len(plain.read()) / 2


def test_a_rolling_restart_moves_its_phones_to_the_other_replica(
    browser: Any, served: Served
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    phone = context.new_page()
    phone.goto(f"{served.url}/join?code={served.code}&lang=en")
    settle(phone)
    home = next(c["value"] for c in context.cookies() if c["name"] == "SERVERID")
    yes = phone.get_by_role("radio", name="Yes", exact=True).first
    yes.click()
    settle(phone)
    screen = open_projector(browser, served.replicas[home], served)
    old_pid = server_pids(served)[home]

    # The restart: drain, maintenance, stop; the launcher starts it again; ready.
    with phone.expect_websocket(timeout=120_000):
        restart = subprocess.run(
            [
                sys.executable, "-m", "deploy.replicas", "restart", home,
                "--grace", "1", "--run-dir", str(served.run_dir),
            ],
            cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
        )  # fmt: skip
    assert restart.returncode == 0, restart.stderr
    assert server_pids(served)[home] != old_pid
    assert all_up(served)

    # The phone's websocket reconnected by itself, through the balancer, to the replica
    # that stayed up: a new Streamlit session there, and a new cookie naming it.
    settle(phone)
    assert next(c["value"] for c in context.cookies() if c["name"] == "SERVERID") != home
    assert phone.locator(EXCEPTION).count() == 0
    # The restarted replica is back in rotation: with no phone left on it, it takes the
    # next one to arrive.
    join_and_answer(browser, served.url, served.code, served.secret, "No")
    assert [r for r in access_log(served) if r["path"] == "/join"][-1]["server"] == home
    # The tap made before the restart is not on screen in the new session, and is often
    # gone from the phone's own copy too (README, "Rolling restart"): tap again, send.
    if not yes.is_checked():
        yes.click()
        settle(phone)
    expect(yes).to_be_checked()
    phone.get_by_role("button", name=t("ws.join.submit", "en")).click()
    phone.get_by_text("Answers saved.").wait_for(timeout=30_000)
    assert phone.locator(EXCEPTION).count() == 0
    context.close()

    per_participant, answers = stored(served)
    assert per_participant == [1] * (len(ANSWERS) + 2)
    assert answers == {"yes": 4, "no": 3}
    # The projector open on the restarted replica reconnected to its new process.
    wait_count(screen, len(ANSWERS) + 2)
    screen.context.close()


def server_pids(served: Served) -> dict[str, int]:
    state = json.loads((served.run_dir / "replicas.json").read_text(encoding="utf-8"))
    return {name: int(row["pid"]) for name, row in state.items()}


def test_ctrl_c_stops_the_balancer_and_every_replica(served: Served) -> None:
    os.killpg(served.process.pid, signal.SIGINT)  # what Ctrl-C sends a terminal's job
    assert served.process.wait(timeout=60) == 0, launcher_output(served)
    assert not group_alive(served.process.pid), "a process of the group outlived Ctrl-C"
    for url in (served.url, *served.replicas.values()):
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(url + "/_stcore/health", timeout=5)  # noqa: S310
