"""Benchmark: a whole room pressing "send" at the same moment.

For each back end (a SQLite file in a temporary folder; PostgreSQL at
`ADOPTION_TEST_PG_URL` when it answers, in a throw-away schema), 50 threads released by one
barrier each submit a distinct participant's answers. `run()` returns one row per back end;
it prints nothing and judges nothing, the caller decides what to do with the numbers.
"""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adoption.store import WorkshopStore, make_engine

PARTICIPANTS = 50
PG_URL = os.environ.get("ADOPTION_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ANSWERS = {f"q{i}": "often" for i in range(12)}
PROFILE = {"size_class": "10-49", "sector": "C", "country": "FR"}


def _room(engine: Engine, backend: str) -> dict[str, object]:
    store = WorkshopStore(engine)
    store.init_schema()
    code = store.create_session("Benchmark", "en").info.code
    people = [secrets.token_urlsafe(16) for _ in range(PARTICIPANTS)]
    barrier = threading.Barrier(PARTICIPANTS + 1)
    latencies: list[float] = [0.0] * PARTICIPANTS
    errors: list[BaseException] = []

    def participant(index: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        try:
            store.submit(code, people[index], ANSWERS, PROFILE)
        except BaseException as err:  # reported in the row, not raised from a thread
            errors.append(err)
        latencies[index] = time.perf_counter() - start

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(PARTICIPANTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    stored = store.count(code)

    return {
        "what": f"workshop submit, {PARTICIPANTS} concurrent, {backend}",
        "submissions_per_s": round(PARTICIPANTS / wall, 1),
        "p95_ms": round(statistics.quantiles(latencies, n=20)[18] * 1000, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "stored": stored,
        "errors": len(errors),
    }


@contextmanager
def _postgres_schema() -> Iterator[Engine | None]:
    """An engine on a fresh schema, or None when PostgreSQL does not answer."""
    admin = make_engine(PG_URL)
    schema = f"bench_store_{secrets.token_hex(6)}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.SQLAlchemyError:
        admin.dispose()
        yield None
        return
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run() -> list[dict]:
    """Return one result row per reachable back end."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="store-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'workshop.sqlite3'}")
        try:
            rows.append(_room(engine, "sqlite"))
        finally:
            engine.dispose()
    with _postgres_schema() as pg_engine:
        if pg_engine is not None:
            rows.append(_room(pg_engine, "postgres"))
    return rows
