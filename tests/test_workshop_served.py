"""``make workshop``: two app processes on one SQLite file, behind HAProxy on every interface.

The command (``python -m deploy.replicas workshop``) is started as ``make workshop`` starts
it, on a throw-away SQLite file. Phones joining through the balancer land on both
processes, and every answer is stored once in the one file; the balancer, not the app,
answers the phones' requests for Streamlit's front end once it holds them (its cache,
compressed); the app processes, which listen on the loopback only, are told to give links
the machine's network address. Where HAProxy is missing, the command is ``streamlit run``
on every interface. Replicas on PostgreSQL, restarts included, are ``tests/test_balancer.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from adoption.i18n import t
from adoption.store import WorkshopStore, make_engine
from conftest import ROOT, free_port, skip_or_fail, stop_group
from deploy import replicas
from deploy.replicas import DATABASE_URL_ENV, HAPROXY_ENV, ON_NETWORK_ENV, find_haproxy
from room_phones import Phone, in_thread, with_phone

READY_S = 180
PHONES = 20
# One line of the balancer's access log (deploy/haproxy.cfg, `log-format`): the server
# that answered, `<CACHE>` for the balancer's cache, and the path.
LOG_LINE = re.compile(r"^\S+ \[[^\]]+\] replicas/(?P<server>\S+) .* \"(?P<path>[^\"]*)\"$")


@dataclass(frozen=True)
class Workshop:
    process: subprocess.Popen[bytes]
    url: str  # the balancer, as phones reach it
    replica: str  # the first app process itself
    run_dir: Path
    output: Path
    database_url: str


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workshop]:
    haproxy = find_haproxy()
    if haproxy is None:
        skip_or_fail(f"HAProxy is not installed (Debian package 'haproxy', or set {HAPROXY_ENV})")
    folder = tmp_path_factory.mktemp("workshop")
    port = free_port(3)  # the balancer, then the two app processes
    output = folder / "workshop.log"
    database_url = f"sqlite:///{folder / 'workshop.sqlite3'}"
    env = {**os.environ, DATABASE_URL_ENV: database_url, HAPROXY_ENV: str(haproxy)}
    env.pop(ON_NETWORK_ENV, None)
    with output.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "deploy.replicas", "workshop", "--port", str(port),
             "--run-dir", str(folder)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    served = Workshop(
        process,
        f"http://127.0.0.1:{port}",
        f"http://127.0.0.1:{port + 1}",
        folder,
        output,
        database_url,
    )
    try:
        deadline = time.monotonic() + READY_S
        while not _ok(served.url + "/_stcore/health") or "open http://" not in _log(served):
            log_text = output.read_text(errors="replace")[-3000:]
            assert process.poll() is None, log_text
            assert time.monotonic() < deadline, f"not up after {READY_S} s:\n{log_text}"
            time.sleep(0.5)
        yield served
    finally:
        stop_group(process)


def _log(workshop: Workshop) -> str:
    return workshop.output.read_text(encoding="utf-8", errors="replace")


def _served_by(workshop: Workshop, path: str) -> list[str]:
    """The servers the access log names for ``path``, oldest first."""
    text = (workshop.run_dir / "access.log").read_text(encoding="utf-8", errors="replace")
    found = (LOG_LINE.match(line) for line in text.splitlines())
    return [m["server"] for m in found if m is not None and m["path"] == path]


@pytest.mark.slow
def test_the_balancer_not_the_app_sends_the_front_end_to_a_room(workshop: Workshop) -> None:
    """A script of Streamlit's front end: the first phone's request reaches the app, the
    next ones are answered by the balancer's cache, compressed for a phone that accepts
    gzip; the app alone would send it uncompressed to every phone."""
    with urllib.request.urlopen(workshop.url + "/join") as response:  # noqa: S310
        page = response.read().decode("utf-8", errors="replace")
    script = re.search(r'src="\.?(/static/js/[^"]+\.js)"', page)
    assert script, page[:500]
    path = script.group(1)
    sizes = []
    for _ in range(3):  # three phones
        request = urllib.request.Request(  # noqa: S310 - loopback
            workshop.url + path, headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as response:  # noqa: S310
            assert response.headers["Content-Encoding"] == "gzip"
            sizes.append(len(response.read()))
    with urllib.request.urlopen(workshop.replica + path) as plain:  # noqa: S310
        assert plain.headers.get("Content-Encoding") is None
        assert max(sizes) < len(plain.read()) / 2
    deadline = time.monotonic() + 10  # HAProxy writes its log line once the answer is sent
    while len(_served_by(workshop, path)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    servers = _served_by(workshop, path)
    assert len(servers) == 3, servers
    assert servers[0] != "<CACHE>"
    assert servers[1:] == ["<CACHE>", "<CACHE>"], servers


@pytest.mark.slow
def test_the_app_behind_it_listens_on_the_loopback_and_links_the_network(
    workshop: Workshop,
) -> None:
    """The app process is not reachable from the network itself (only the balancer is),
    and it is told to make links for the network, as ``streamlit run`` on every interface
    is (:func:`adoption_ui.workshop_ui.base_url`)."""
    state = json.loads((workshop.run_dir / "replicas.json").read_text(encoding="utf-8"))
    assert len(state) == replicas.WORKSHOP_REPLICAS == 2
    for row in state.values():
        environ = Path(f"/proc/{row['pid']}/environ").read_bytes().split(b"\0")
        assert f"{ON_NETWORK_ENV}=1".encode() in environ
        assert f"{DATABASE_URL_ENV}={workshop.database_url}".encode() in environ
        command = Path(f"/proc/{row['pid']}/cmdline").read_bytes().split(b"\0")
        assert command[command.index(b"--server.address") + 1] == b"127.0.0.1"
    assert "2 replica(s)" in _log(workshop) and "open http://localhost:" in _log(workshop)


@pytest.mark.slow
def test_a_room_through_both_processes_is_stored_once_in_the_one_file(
    workshop: Workshop,
) -> None:
    """Twenty phones at once through the balancer: both processes serve some of them, and
    the one SQLite file holds every answer once, as the projector counts them."""
    engine = make_engine(workshop.database_url)
    try:
        store = WorkshopStore(engine)
        store.init_schema()
        created = store.create_session("Two processes, one file", "en")
        code = created.info.code

        async def one(index: int) -> bool:
            async def work(phone: Phone) -> bool:
                await phone.run()
                if not phone.page.has_form:
                    return False
                sent = await phone.answer(lambda options: options[index % len(options)])
                return sent.says(t("ws.join.sent", "en"))

            return await with_phone(workshop.url, code, None, work)

        async def room() -> list[bool]:
            return list(await asyncio.gather(*(one(i) for i in range(PHONES))))

        assert in_thread(room()) == [True] * PHONES
        assert store.count(code) == PHONES
        tally = store.tally(code, created.secret)
        assert tally.respondents == PHONES
    finally:
        engine.dispose()
    deadline = time.monotonic() + 10  # a websocket's log line is written when it closes
    while len(set(_served_by(workshop, "/_stcore/stream"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert set(_served_by(workshop, "/_stcore/stream")) >= {"r1", "r2"}


def test_without_haproxy_the_workshop_is_streamlit_alone_on_every_interface(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[list[str]] = []

    def execv(_path: str, argv: list[str]) -> None:  # the process becomes Streamlit
        started.append(list(argv))
        raise SystemExit(0)

    monkeypatch.setattr(replicas, "find_haproxy", lambda: None)
    monkeypatch.setattr(replicas.os, "execv", execv)
    monkeypatch.setattr(replicas, "_serve", lambda _args: pytest.fail("no balancer to start"))
    with pytest.raises(SystemExit):
        replicas._workshop(SimpleNamespace(port=8600))
    (command,) = started
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[command.index("--server.address") + 1] == "0.0.0.0"  # noqa: S104
    assert command[command.index("--server.port") + 1] == "8600"
    assert "HAProxy is not installed" in capsys.readouterr().err


@pytest.mark.parametrize(("address", "told"), [("0.0.0.0", True), ("127.0.0.1", False)])  # noqa: S104
def test_replicas_are_told_when_the_balancer_faces_the_network(address: str, told: bool) -> None:
    plan = replicas.layout(1, 8700, address, None, Path("/tmp/unused"))  # noqa: S108
    cluster = replicas.Cluster(plan, "", "/usr/sbin/haproxy", environ={})
    assert (cluster.env.get(ON_NETWORK_ENV) == "1") is told


def test_the_app_reads_the_variable_the_launcher_sets() -> None:
    from adoption_ui import workshop_ui

    assert workshop_ui.ON_NETWORK_ENV == ON_NETWORK_ENV


def test_links_carry_the_network_address_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened as localhost behind a balancer on every interface, the join link and QR code
    carry the laptop's network address; not told, they keep the address as opened."""
    from adoption import workshop as domain
    from adoption_ui import workshop_ui

    monkeypatch.setattr(domain, "lan_address", lambda: "192.168.1.23")
    workshop_ui._lan_address.clear()
    monkeypatch.delenv(ON_NETWORK_ENV, raising=False)
    assert "localhost" in workshop_ui.base_url()
    monkeypatch.setenv(ON_NETWORK_ENV, "1")
    assert workshop_ui.base_url().startswith("http://192.168.1.23:")
    workshop_ui._lan_address.clear()
