"""Shared fixtures: the fixture dataset, a copy of it to break, a running app, a browser.

Code tests read ``tests/fixtures/data/`` (see :mod:`fixtures`), never the curated
``data/``: this module points ``ADOPTION_DATA_DIR`` there before any test module is
collected, so AppTest pages, the servers the tests start and ``load_dataset()`` all read
it. Only ``tests/test_curated_data.py`` reads ``data/``.

The browser and the app server are expensive, so they are session-scoped. Where Chromium
is missing the browser tests skip with the reason, except in CI (``CI=true``), where a
missing browser is a failure: CI must run them.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adoption.dataset import DATA_DIR_ENV, Dataset
from adoption.store import WorkshopStore, make_engine

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("ADOPTION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("ADOPTION_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_configure(config: pytest.Config) -> None:
    """Whatever the shell says, a code test reads the fixture copy, never the curated data/.

    Set here, under pytest only: ``make bench`` imports this module's server helpers and
    measures the real data.
    """
    import fixtures

    os.environ[DATA_DIR_ENV] = str(fixtures.FIXTURE_DIR)


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where every test must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The fixture dataset (``tests/fixtures/data/``)."""
    import fixtures

    return fixtures.dataset()


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with empty rate-limit buckets.

    The limiters live in the page modules, one per process, and every AppTest page comes
    from the same address: without this, the sessions earlier test files created use up a
    later test's allowance (creation is 10 at once per address), and whether a test passes
    depends on which files ran before it in the same process. A test that tests a limit
    sets its own limiter on top of this one.
    """
    from adoption.store.limits import RateLimiter

    for name in ("adoption_ui.workshop_ui", "adoption_ui.pool_ui"):
        module = sys.modules.get(name)
        if module is not None:
            monkeypatch.setattr(module, "LIMITER", RateLimiter())


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The workshop database the pages of one AppTest use: a new SQLite file, named in
    ``ADOPTION_DATABASE_URL``, with Streamlit's caches and the pages' shared engines
    emptied around the test (those engines live outside Streamlit's caches)."""
    import streamlit as st

    from adoption.store import dispose_all

    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    monkeypatch.setenv("ADOPTION_DATABASE_URL", url)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()
    dispose_all()


@pytest.fixture
def store(db_url: str) -> Iterator[WorkshopStore]:
    """A store on the pages' database (:func:`db_url`), its tables created."""
    engine = make_engine(db_url)
    shop = WorkshopStore(engine)
    shop.init_schema()
    yield shop
    engine.dispose()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture data that a test may break."""
    import fixtures

    target = tmp_path / "data"
    shutil.copytree(fixtures.FIXTURE_DIR, target)
    return target


Row = dict[str, str]


def rewrite(path: Path, change: Callable[[list[Row]], list[Row]]) -> None:
    """Rewrite a CSV table through ``change``, which gets and returns its rows as dicts.

    The columns are the keys of the first row returned, in their order (the old header
    when no row is left).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    rows = change(rows)
    fields = list(rows[0]) if rows else fields
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_field(row_id: str, field: str, value: str) -> Callable[[list[Row]], list[Row]]:
    """A change for :func:`rewrite`: ``field`` of the row whose id is ``row_id`` becomes ``value``."""

    def change(rows: list[Row]) -> list[Row]:
        for row in rows:
            if row["id"] == row_id:
                row[field] = value
        return rows

    return change


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """End a launcher started in its own process group (``start_new_session``) as Ctrl-C
    in its terminal does: SIGINT to the group, then SIGKILL if it is not gone in 60 s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def free_port(count: int = 1) -> int:
    """A free loopback port, the first of ``count`` free consecutive ones: from
    ``$ADOPTION_TEST_PORTS`` ("8670-8699") when set, so that tests on a shared machine stay
    in the range they were given, else any."""
    first, _, last = os.environ.get("ADOPTION_TEST_PORTS", "").partition("-")
    if first.isdigit() and last.isdigit():
        candidates: list[int] = list(range(int(first), int(last) + 2 - count))
    else:
        candidates = [_any_port() for _ in range(50)]
    for port in candidates:
        if all(_port_free(port + i) for i in range(count)):
            return port
    raise RuntimeError(f"no {count} free consecutive port(s) in {first}-{last}")


def _any_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_app(
    port: int,
    env: dict[str, str] | None = None,
    script: Path = ROOT / "app.py",
    python: Path | str = sys.executable,
) -> subprocess.Popen[bytes]:
    """``streamlit run app.py`` the way a user would, with error details on for the tests.

    ``make bench`` starts its reference page through here too, so both run alike; the
    deep-link test passes the ``python`` of a requirements-only virtual environment.
    """
    return subprocess.Popen(
        [
            str(python), "-m", "streamlit", "run", str(script),
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            "--client.showErrorDetails", "full",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def wait_healthy(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"streamlit exited early: {err[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit not healthy on port {port} after {timeout} s")


def stop_app(process: subprocess.Popen[bytes]) -> None:
    """Stop one server :func:`start_app` started (never anything else)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    if process.stderr:
        process.stderr.close()


@contextmanager
def serving(
    env: dict[str, str] | None = None, python: Path | str = sys.executable
) -> Iterator[str]:
    """A fresh ``streamlit run app.py`` on a free loopback port, healthy; yields its URL."""
    port = free_port()
    process = start_app(port, env, python=python)
    try:
        wait_healthy(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(process)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An engine on the test PostgreSQL database, or a skip (a failure in CI)."""
    engine = make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as err:
        engine.dispose()
        reason = (str(getattr(err, "orig", None) or err).splitlines() or ["?"])[0]
        safe = engine.url.render_as_string(hide_password=True)
        skip_or_fail(f"PostgreSQL not reachable at {safe}: {reason}")
    yield engine
    engine.dispose()


def hold_lock(engine: Engine, backend: str) -> Callable[[], None]:
    """Another client takes the submissions table's write lock and keeps it; returns release."""
    if backend == "sqlite":
        other = sqlite3.connect(engine.url.database, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        return lambda: (other.rollback(), other.close())  # type: ignore[func-returns-value]
    conn = engine.connect()
    tx = conn.begin()
    conn.execute(sa.text("LOCK TABLE workshop_submissions IN ACCESS EXCLUSIVE MODE"))
    return lambda: (tx.rollback(), conn.close())  # type: ignore[func-returns-value]


@contextmanager
def pg_schema(admin: Engine, prefix: str) -> Iterator[str]:
    """A throw-away schema in the test database, dropped afterwards with all it holds."""
    schema = f"{prefix}_{secrets.token_hex(6)}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@contextmanager
def empty_database(
    request: pytest.FixtureRequest, backend: str, sqlite_file: Path, prefix: str
) -> Iterator[Engine]:
    """A bare engine on an empty database (no tables yet) of ``backend``: a SQLite file, or
    a throw-away schema of the test PostgreSQL (``prefix``), dropped afterwards."""
    with ExitStack() as stack:
        url: str | sa.URL = f"sqlite:///{sqlite_file}"
        args: dict[str, str] = {}
        if backend != "sqlite":
            admin: Engine = request.getfixturevalue("pg_admin")
            schema = stack.enter_context(pg_schema(admin, prefix))
            url, args = PG_URL, {"options": f"-csearch_path={schema}"}
        eng = make_engine(url, connect_args=args)
        stack.callback(eng.dispose)
        yield eng


def pg_schema_url(schema: str) -> sa.URL:
    """The test database's URL with ``schema`` first on the search path: an app given it
    keeps its tables there."""
    return sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})


@pytest.fixture
def replica_schema(pg_admin: Engine) -> Iterator[str]:
    """A throw-away schema for the app replicas of one test to share."""
    with pg_schema(pg_admin, "test_replicas") as name:
        yield name


@pytest.fixture(scope="session")
def workshop_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'workshop.sqlite3'}"


@pytest.fixture(scope="session")
def app_url(workshop_db_url: str) -> Iterator[str]:
    """The app served by ``streamlit run`` on a free loopback port, for the browser tests."""
    with serving({"ADOPTION_DATABASE_URL": workshop_db_url}) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """System Chromium driven by Playwright; nothing is ever downloaded."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"no Chromium at {CHROMIUM} (install the Debian package 'chromium')")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - requirements-dev.txt installs it
        skip_or_fail(f"playwright is not installed: {exc}")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


# --------------------------------------------------------------------------- fonts

# The PDF tests print with the package's own fonts only: with this fixture, opening any file
# under a system font folder fails.
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "C:\\Windows\\Fonts",
)
_HIDE_SYSTEM_FONTS: list[bool] = []


def _refuse_system_fonts(event: str, args: tuple[object, ...]) -> None:
    # An audit hook sees every file the process opens, whoever opens it (fpdf2, fontTools).
    hidden = _HIDE_SYSTEM_FONTS and event == "open" and isinstance(args[0], str | os.PathLike)
    if hidden and str(args[0]).startswith(SYSTEM_FONT_DIRS):
        raise PermissionError(f"system fonts are hidden in this test: {args[0]}")


sys.addaudithook(_refuse_system_fonts)  # hooks cannot be removed: it acts only when asked


@pytest.fixture
def system_fonts_hidden() -> Iterator[None]:
    _HIDE_SYSTEM_FONTS.append(True)
    try:
        yield
    finally:
        _HIDE_SYSTEM_FONTS.clear()
