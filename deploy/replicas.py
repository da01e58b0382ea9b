"""Several replicas of the app behind HAProxy, on one PostgreSQL database.

``make serve REPLICAS=3`` runs ``python -m deploy.replicas serve --replicas 3``: three
``streamlit run app.py`` processes on consecutive loopback ports after the balancer's
(8502, 8503, 8504 behind 8501), then HAProxy in front of them with the configuration in
``deploy/haproxy.cfg`` (sticky sessions by cookie, health checks on Streamlit's
``/_stcore/health``, the websocket as a long tunnel). It stays in the foreground and
supervises: a replica that exits is started again on its port, and Ctrl-C (or SIGTERM)
stops the balancer and every replica before it returns, leaving no process behind.

More than one replica needs one database they all share: the command refuses to start
unless ``ADOPTION_DATABASE_URL`` is a PostgreSQL URL (with SQLite each replica would keep
its own file, and a room would be split between them). Every replica gets that URL and
one ``server.cookieSecret``, so a browser moved to another replica keeps valid cookies.

``python -m deploy.replicas restart [r2 ...]`` (``make rolling-restart``) restarts
replicas one at a time through HAProxy's runtime API: drain (no new phones), maintenance
(none at all), stop the process, wait until the supervisor's new one is healthy, ready.
``status`` prints each replica's state as HAProxy sees it.

Files of a running balancer live in ``var/serve/<port>/``: the rendered configuration, the
runtime API's socket, ``replicas.json`` (each replica's port and process id) and the
access log, one line per request naming the replica that served it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType
from typing import IO

__all__ = [
    "BACKEND",
    "DATABASE_URL_ENV",
    "HAPROXY_ENV",
    "Cluster",
    "Layout",
    "ServeError",
    "database_problem",
    "find_haproxy",
    "layout",
    "render_config",
    "rolling_restart",
    "runtime",
    "server_states",
]

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("haproxy.cfg")
DATABASE_URL_ENV = "ADOPTION_DATABASE_URL"
HAPROXY_ENV = "ADOPTION_HAPROXY"
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"  # noqa: S105 - a variable's name
# Told to the replicas when the balancer listens on every interface (``make workshop``,
# ``make serve``'s default): they listen on the loopback only, so they cannot tell by their
# own address that links opened as localhost should carry the machine's network address.
ON_NETWORK_ENV = "ADOPTION_ON_NETWORK"
EVERY_INTERFACE = ("0.0.0.0", "::", "")  # noqa: S104 - compared, not bound
# `make workshop`'s app processes: one Python process uses one core, a laptop has two or
# more (measured, 200 phones on 2 cores: join p95 17.8 s with one process, 9.3 s with two).
WORKSHOP_REPLICAS = 2
BACKEND = "replicas"
REPLICAS_MARKER = "    # @replicas@"
# Seconds: a replica's start (Streamlit, the app's modules) on a busy 2-core machine.
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 15


class ServeError(Exception):
    """Why the replicas cannot start, or a restart cannot go on: said to the operator."""


def say(message: str) -> None:
    print(f"[serve] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the plan


def find_haproxy(environ: Mapping[str, str] = os.environ) -> str | None:
    """``$ADOPTION_HAPROXY``, else ``haproxy`` on the PATH, else Debian's /usr/sbin one."""
    configured = environ.get(HAPROXY_ENV, "").strip()
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    found = shutil.which("haproxy")
    if found:
        return found
    for candidate in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def database_problem(url: str, replicas: int) -> str | None:
    """Why ``replicas`` processes cannot share the database at ``url``, or None if they can.

    The replicas all run on this machine: one SQLite file (WAL, writes queued on its lock)
    is shared by them as by one process's threads, so a laptop's cores can all serve a
    room. An in-memory SQLite database is one per process, which nothing can share."""
    if replicas < 1:
        return "REPLICAS must be 1 or more."
    if replicas == 1:
        return None
    clean = url.strip()
    scheme = clean.split(":", 1)[0].split("+", 1)[0].lower()
    if scheme in ("postgresql", "postgres"):
        return None
    if not clean or (scheme == "sqlite" and not _in_memory(clean)):
        return None  # the default SQLite file under var/, or another file
    given = (
        f"{DATABASE_URL_ENV} is an in-memory SQLite database, which lives inside one "
        "process: a room's answers would be split between the replicas and each projector "
        "would count only its own"
        if scheme == "sqlite"
        else f"{DATABASE_URL_ENV} is a {scheme} URL, which the app does not use"
    )
    return (
        f"{replicas} replicas need one database they all share, and {given}. Set "
        f"{DATABASE_URL_ENV} to a SQLite file (sqlite:///var/workshop.sqlite3) or to "
        "postgresql://user:password@host:5432/dbname, or serve REPLICAS=1."
    )


def _in_memory(url: str) -> bool:
    """``sqlite://``, ``sqlite:///:memory:``, ``…?mode=memory``: no file to share."""
    path = url.split(":", 1)[1].removeprefix("///") if url.count("/") >= 3 else ""
    return path.split("?", 1)[0] in ("", ":memory:") or "mode=memory" in url


@dataclass(frozen=True)
class Replica:
    name: str
    port: int


@dataclass(frozen=True)
class Layout:
    """Where the balancer listens, where each replica listens, and the balancer's files."""

    address: str
    port: int
    replicas: tuple[Replica, ...]
    run_dir: Path

    @property
    def socket(self) -> Path:
        return self.run_dir / "haproxy.sock"

    @property
    def config(self) -> Path:
        return self.run_dir / "haproxy.cfg"

    @property
    def access_log(self) -> Path:
        return self.run_dir / "access.log"

    @property
    def state(self) -> Path:
        return self.run_dir / "replicas.json"


def run_dir_for(port: int) -> Path:
    return ROOT / "var" / "serve" / str(port)


def layout(
    replicas: int,
    port: int,
    address: str = "0.0.0.0",  # noqa: S104 - the balancer is what phones reach
    first_port: int | None = None,
    run_dir: Path | None = None,
) -> Layout:
    """``replicas`` replicas on consecutive ports from ``first_port`` (the balancer's + 1)."""
    first = port + 1 if first_port is None else first_port
    return Layout(
        address=address,
        port=port,
        replicas=tuple(Replica(f"r{i + 1}", first + i) for i in range(replicas)),
        run_dir=run_dir or run_dir_for(port),
    )


def render_config(template: str, replicas: Sequence[Replica]) -> str:
    """The template with one ``server`` line per replica in place of its marker line."""
    if REPLICAS_MARKER not in template:
        raise ServeError(f"{TEMPLATE} has lost its line {REPLICAS_MARKER.strip()!r}")
    lines = [f"    server {r.name} 127.0.0.1:{r.port} cookie {r.name}" for r in replicas]
    return template.replace(REPLICAS_MARKER, "\n".join(lines))


def port_free(address: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


# Straight to the replica: an operator's http_proxy must not see loopback health checks.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def healthy(port: int) -> bool:
    """True when the replica on ``port`` answers Streamlit's health check with ``ok``."""
    try:
        with _DIRECT.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return bool(response.read() == b"ok")
    except OSError:
        return False


# --------------------------------------------------------------------------- runtime API


def runtime(socket_path: Path, command: str, timeout: float = 5) -> str:
    """Send one command to HAProxy's runtime API and return its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(socket_path))
        sock.sendall(command.encode() + b"\n")
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks).decode()


def set_state(socket_path: Path, name: str, state: str) -> None:
    """Put a replica in HAProxy's ``ready``, ``drain`` or ``maint`` state."""
    answer = runtime(socket_path, f"set server {BACKEND}/{name} state {state}").strip()
    if answer:
        raise ServeError(f"HAProxy refused to set {name} to {state}: {answer}")


def server_states(socket_path: Path) -> dict[str, dict[str, str]]:
    """Each replica's row of ``show stat``: ``status`` (UP, DOWN, DRAIN, MAINT…), ``scur``
    (connections open now), ``stot`` (connections so far)…"""
    table = runtime(socket_path, "show stat").lstrip("# ")
    rows = csv.DictReader(io.StringIO(table))
    return {
        row["svname"]: row
        for row in rows
        if row.get("pxname") == BACKEND and row.get("svname") not in ("BACKEND", "FRONTEND")
    }


# --------------------------------------------------------------------------- processes


def _forward(name: str, stream: IO[bytes] | None) -> None:
    """Copy a process's log to ours, each line prefixed with its name, in the background."""
    if stream is None:
        return

    def copy(stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            sys.stderr.write(f"[{name}] {raw.decode(errors='replace')}")
            sys.stderr.flush()
        stream.close()

    threading.Thread(target=copy, args=(stream,), daemon=True).start()


def _stop_process(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


class Cluster:
    """The replicas and the balancer of one :class:`Layout`, started and stopped together.

    :meth:`start` returns once every replica answers its health check and HAProxy sees
    them all UP; :meth:`supervise` then restarts any replica that exits until ``stopping``
    is set; :meth:`stop` ends the balancer, then every replica (SIGTERM, then SIGKILL
    after 15 s). Only the processes it started are ever signalled.
    """

    def __init__(
        self,
        plan: Layout,
        database_url: str,
        haproxy: str,
        *,
        python: str = sys.executable,
        environ: Mapping[str, str] = os.environ,
        stopping: threading.Event | None = None,
    ) -> None:
        self.plan = plan
        self.haproxy = haproxy
        self.python = python
        self.stopping = stopping or threading.Event()
        cookie_secret = environ.get(COOKIE_SECRET_ENV) or secrets.token_urlsafe(32)
        self.env = {**environ, DATABASE_URL_ENV: database_url, COOKIE_SECRET_ENV: cookie_secret}
        if plan.address in EVERY_INTERFACE:
            self.env[ON_NETWORK_ENV] = "1"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.started_at: dict[str, float] = {}
        self.balancer: subprocess.Popen[bytes] | None = None

    # -- starting

    def start(self) -> None:
        plan = self.plan
        busy = [r.port for r in plan.replicas if not port_free("127.0.0.1", r.port)]
        busy += [plan.port] if not port_free(plan.address, plan.port) else []
        if busy:
            raise ServeError(f"port(s) {', '.join(map(str, busy))} already in use")
        plan.run_dir.mkdir(parents=True, exist_ok=True)
        plan.config.write_text(
            render_config(TEMPLATE.read_text(encoding="utf-8"), plan.replicas), encoding="utf-8"
        )
        self._check_config()
        for replica in plan.replicas:
            self._start_replica(replica)
        for replica in plan.replicas:
            self._wait(partial(healthy, replica.port), f"replica {replica.name} healthy")
        self._start_balancer()
        self._wait(self._all_up, "HAProxy to see every replica up")

    def _haproxy_env(self) -> dict[str, str]:
        bind = f"{self.plan.address}:{self.plan.port}"
        return {**self.env, "BALANCER_BIND": bind, "BALANCER_SOCKET": str(self.plan.socket)}

    def _check_config(self) -> None:
        check = subprocess.run(  # noqa: S603 - the configured haproxy, fixed arguments
            [self.haproxy, "-c", "-q", "-f", str(self.plan.config)],
            env=self._haproxy_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode != 0:
            raise ServeError(f"HAProxy rejects {self.plan.config}:\n{check.stderr.strip()}")

    def _start_replica(self, replica: Replica) -> None:
        command = [
            self.python, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(replica.port),
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 - this Python, fixed arguments
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            # Streamlit's stdout only says where this replica listens, which nobody should
            # open directly; the app's own log is on stderr.
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _forward(replica.name, process.stderr)
        self.processes[replica.name] = process
        self.started_at[replica.name] = time.monotonic()
        self._write_state()

    def _start_balancer(self) -> None:
        with self.plan.access_log.open("ab") as log:
            self.balancer = subprocess.Popen(  # noqa: S603 - the configured haproxy
                [self.haproxy, "-db", "-f", str(self.plan.config)],
                env=self._haproxy_env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.PIPE,
            )
        _forward("haproxy", self.balancer.stderr)

    def _all_up(self) -> bool:
        try:
            states = server_states(self.plan.socket)
        except OSError:
            return False
        return len(states) == len(self.plan.replicas) and all(
            row["status"] == "UP" for row in states.values()
        )

    def _wait(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not condition():
            self._check_alive()
            if self.stopping.is_set():
                raise ServeError("stopped while starting")
            if time.monotonic() > deadline:
                raise ServeError(f"gave up waiting for {what} after {START_TIMEOUT_S} s")
            time.sleep(0.2)

    def _check_alive(self) -> None:
        if self.balancer is not None and self.balancer.poll() is not None:
            raise ServeError(f"HAProxy exited with code {self.balancer.returncode}")
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise ServeError(f"replica {name} exited with code {process.returncode}")

    def _write_state(self) -> None:
        state = {
            r.name: {"port": r.port, "pid": self.processes[r.name].pid}
            for r in self.plan.replicas
            if r.name in self.processes
        }
        tmp = self.plan.state.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        tmp.replace(self.plan.state)

    # -- running

    def supervise(self, poll_s: float = 0.5) -> int:
        """Start again any replica that exits, until ``stopping`` is set; 1 if HAProxy dies."""
        while not self.stopping.wait(poll_s):
            if self.balancer is not None and self.balancer.poll() is not None:
                say(f"HAProxy exited with code {self.balancer.returncode}: stopping")
                return 1
            for replica in self.plan.replicas:
                process = self.processes[replica.name]
                if process.poll() is None:
                    continue
                # A replica that fails as it starts is not started again at once.
                ran = time.monotonic() - self.started_at[replica.name]
                if self.stopping.wait(max(0.0, 10 - ran)):
                    break
                say(f"{replica.name} exited with code {process.returncode}: starting it again")
                self._start_replica(replica)
        return 0

    # -- stopping

    def stop(self) -> None:
        """Stop the balancer, then the replicas; forget the state file."""
        self.stopping.set()
        if self.balancer is not None:
            _stop_process(self.balancer)
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            _stop_process(process)
        for path in (self.plan.state, self.plan.socket):
            path.unlink(missing_ok=True)

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- restarts


def read_state(plan: Layout) -> dict[str, dict[str, int]]:
    try:
        state: dict[str, dict[str, int]] = json.loads(plan.state.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ServeError(
            f"no replicas are served on port {plan.port} ({plan.state} is missing): "
            "start them with `make serve`"
        ) from None
    return state


def rolling_restart(
    plan: Layout, names: Sequence[str] = (), grace_s: float = 10, poll_s: float = 0.5
) -> None:
    """Restart replicas one at a time (all when ``names`` is empty), as the README says.

    Drain (phones already on it stay, new ones go elsewhere) for at most ``grace_s`` s or
    until it has no connection left; maintenance (every request goes elsewhere, and the
    phones it served reconnect elsewhere once it stops); SIGTERM; wait for the supervisor's
    new process to answer its health check; ready again.
    """
    state = read_state(plan)
    unknown = sorted(set(names) - set(state))
    if unknown:
        raise ServeError(f"no replica named {', '.join(unknown)} (there are {', '.join(state)})")
    for name in names or list(state):
        old_pid, port = state[name]["pid"], state[name]["port"]
        set_state(plan.socket, name, "drain")
        say(f"{name}: draining (new phones go to the other replicas)")
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and server_states(plan.socket)[name]["scur"] != "0":
            time.sleep(poll_s)
        set_state(plan.socket, name, "maint")
        say(f"{name}: in maintenance; stopping process {old_pid}")
        os.kill(old_pid, signal.SIGTERM)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (read_state(plan)[name]["pid"] != old_pid and healthy(port)):
            if time.monotonic() > deadline:
                raise ServeError(f"{name} did not come back within {START_TIMEOUT_S} s")
            time.sleep(poll_s)
        set_state(plan.socket, name, "ready")
        while server_states(plan.socket)[name]["status"] != "UP":
            if time.monotonic() > deadline:
                raise ServeError(f"HAProxy does not see {name} up again")
            time.sleep(poll_s)
        say(f"{name}: restarted (process {read_state(plan)[name]['pid']}) and back in rotation")


# --------------------------------------------------------------------------- command line


def _serve(args: argparse.Namespace) -> int:
    database_url = os.environ.get(DATABASE_URL_ENV, "").strip()
    problem = database_problem(database_url, args.replicas)
    haproxy = find_haproxy()
    if problem is None and haproxy is None:
        problem = (
            "HAProxy is not installed: `apt-get install haproxy` (Debian), or set "
            f"{HAPROXY_ENV} to its path."
        )
    if problem or haproxy is None:
        say(problem or "")
        return 2
    plan = layout(args.replicas, args.port, args.address, args.first_port, args.run_dir)
    stopping = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    cluster = Cluster(plan, database_url, haproxy, stopping=stopping)
    try:
        cluster.start()
        first, last = plan.replicas[0].port, plan.replicas[-1].port
        ports = str(first) if first == last else f"{first}-{last}"
        host = "localhost" if plan.address in EVERY_INTERFACE else plan.address
        say(
            f"{len(plan.replicas)} replica(s) on 127.0.0.1:{ports} behind HAProxy: "
            f"open http://{host}:{plan.port}/ (Ctrl-C stops everything)"
        )
        say(f"runtime API {plan.socket}, access log {plan.access_log}")
        code = cluster.supervise()
    except ServeError as err:
        if not stopping.is_set():
            say(str(err))
            code = 1
        else:
            code = 0
    finally:
        say("stopping the balancer and the replicas")
        cluster.stop()
    return code


def workshop_command(port: int, python: str = sys.executable) -> list[str]:
    """``streamlit run`` on every interface: ``make workshop`` where HAProxy is missing."""
    return [
        python, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.address", "0.0.0.0",  # noqa: S104 - the local network, on purpose
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def _workshop(args: argparse.Namespace) -> int:
    """``make workshop``: app processes (two by default: a laptop's cores) behind HAProxy
    on every interface, on one database (the local SQLite file unless set), so the
    balancer's cache, not the app, sends each phone Streamlit's front end (3 MB, 96 files);
    without HAProxy, the app alone, as before, with a note of what that costs."""
    if find_haproxy() is None:
        say(
            "HAProxy is not installed (`apt-get install haproxy`): serving the app alone. "
            "It then sends every phone Streamlit's front end itself, which takes most of "
            'its time while a room arrives (README, "Running a workshop").'
        )
        command = workshop_command(args.port)
        os.execv(command[0], command)  # noqa: S606 - this Python, fixed arguments
    args.address, args.first_port = "0.0.0.0", None  # noqa: S104 - the room's Wi-Fi
    return _serve(args)


def _restart(args: argparse.Namespace) -> int:
    plan = layout(0, args.port, run_dir=args.run_dir)
    try:
        rolling_restart(plan, args.names, grace_s=args.grace)
    except (ServeError, OSError) as err:
        say(str(err))
        return 1
    return 0


def _status(args: argparse.Namespace) -> int:
    plan = layout(0, args.port, run_dir=args.run_dir)
    try:
        state = read_state(plan)
        states = server_states(plan.socket)
    except (ServeError, OSError) as err:
        say(str(err))
        return 1
    for name, row in states.items():
        where = state.get(name, {})
        print(
            f"{name}  port {where.get('port', '?')}  pid {where.get('pid', '?')}  "
            f"{row['status']}  open connections {row['scur']}  total {row['stot']}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.replicas", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the replicas and the balancer")
    serve.add_argument("--replicas", type=int, default=2)
    serve.add_argument("--port", type=int, default=8501, help="the balancer's port")
    serve.add_argument("--address", default="0.0.0.0", help="the balancer's address")  # noqa: S104
    serve.add_argument("--first-port", type=int, help="the first replica's (the port + 1)")
    serve.set_defaults(run=_serve)
    workshop = commands.add_parser(
        "workshop", help="app processes behind HAProxy on every interface (make workshop)"
    )
    workshop.add_argument("--replicas", type=int, default=WORKSHOP_REPLICAS)
    workshop.add_argument("--port", type=int, default=8501, help="the balancer's port")
    workshop.set_defaults(run=_workshop)
    restart = commands.add_parser("restart", help="restart replicas one at a time")
    restart.add_argument("names", nargs="*", help="r1, r2…; all when none is named")
    restart.add_argument("--port", type=int, default=8501, help="the balancer's port")
    restart.add_argument("--grace", type=float, default=10, help="seconds of draining")
    restart.set_defaults(run=_restart)
    status = commands.add_parser("status", help="each replica as HAProxy sees it")
    status.add_argument("--port", type=int, default=8501, help="the balancer's port")
    status.set_defaults(run=_status)
    for command in (serve, workshop, restart, status):
        command.add_argument(
            "--run-dir", type=Path, help="the balancer's files (var/serve/<port>/)"
        )
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
