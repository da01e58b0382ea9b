"""The pool of anonymous answers against real SQLite and PostgreSQL databases: what a
contribution keeps (read back from the raw rows), one per device and month, retention,
deletion by month and origin, and the rate limit per address.

Each test gets a fresh database: a SQLite file in ``tmp_path`` or its own PostgreSQL schema.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adoption import pool
from adoption.benchmark import Profile
from adoption.dataset import Dataset
from adoption.peers import peers_in, release
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption.store import (
    InvalidInput,
    PoolAnswers,
    PoolStore,
    dispose_all,
    make_engine,
    new_participant,
    shared_pool,
)
from adoption.store.limits import RateLimiter, client_ip, trusted_proxies
from conftest import empty_database
from fixtures import complete

NOVEMBER = datetime(2026, 11, 14, 9, 30, 17, tzinfo=UTC)
ANSWERS = {"q_genai": "yes", "q_strategy": "no"}
KEPT = {"month", "origin", "size_band", "sector", "country", "answers"}


class Clock:
    def __init__(self, now: datetime = NOVEMBER) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def month_later(self, months: int = 1) -> None:
        year, month = divmod(self.now.month - 1 + months, 12)
        self.now = self.now.replace(year=self.now.year + year, month=month + 1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with empty_database(request, request.param, tmp_path / "pool.sqlite3", "test_pool") as eng:
        yield eng


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(engine: Engine, clock: Clock) -> PoolStore:
    shop = PoolStore(engine, retention_months=24, clock=clock)
    shop.init_schema()
    return shop


@pytest.fixture(scope="module")
def questionnaire(dataset: Dataset) -> Questionnaire:
    return load_questionnaire(dataset)


def given(**changes: object) -> PoolAnswers:
    values: dict[str, object] = {
        "size_band": "250+",
        "sector": "industry",
        "country": "DE",
        "answers": dict(ANSWERS),
        "origin": "benchmark",
    }
    values.update(changes)
    return PoolAnswers(**values)  # type: ignore[arg-type]


def raw(engine: Engine, table: str) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(sa.text(f"SELECT * FROM {table}"))]


def everything_stored(engine: Engine) -> str:
    """Every value of every table of the pool, as one text to search."""
    with engine.connect() as conn:
        tables = [t for t in sa.inspect(conn).get_table_names() if t.startswith("pool_")]
        assert len(tables) == 3
        values = [
            str(value)
            for table in tables
            for row in conn.execute(sa.text(f"SELECT * FROM {table}"))
            for value in row
        ]
    return "\n".join(values)


# --------------------------------------------------------------------------- what is kept


def test_a_contribution_keeps_exactly_the_listed_fields(store: PoolStore, engine: Engine) -> None:
    """The row has the month, origin, size band, sector, country and answers, and nothing
    else: no key, no time, no device; the device token appears nowhere in the database,
    nor its plain hash."""
    token = new_participant()
    assert store.contribute(given(), token)
    (row,) = raw(engine, "pool_contributions")
    assert set(row) == KEPT
    assert row == {
        "month": "2026-11",
        "origin": "benchmark",
        "size_band": "250+",
        "sector": "industry",
        "country": "DE",
        "answers": '{"q_genai": "yes", "q_strategy": "no"}',
    }
    with engine.connect() as conn:
        columns = sa.inspect(conn).get_columns("pool_contributions")
    assert not [c["name"] for c in columns if isinstance(c["type"], sa.DateTime)]
    stored = everything_stored(engine)
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() not in stored
    assert "09:30" not in stored and "2026-11-14" not in stored
    (device,) = raw(engine, "pool_devices")
    assert set(device) == {"month", "device"} and len(str(device["device"])) == 64


def test_not_given_sector_and_country_are_kept_as_nothing(store: PoolStore, engine: Engine) -> None:
    assert store.contribute(given(sector=None, country=None), new_participant())
    (row,) = raw(engine, "pool_contributions")
    assert (row["sector"], row["country"]) == (None, None)
    (entry,) = store.entries()
    assert (entry.month, entry.size_band, entry.answers) == ("2026-11", "250+", ANSWERS)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"size_band": "250-4999"}, "size_band"),
        ({"size_band": ""}, "size_band"),
        ({"origin": "phone"}, "origin"),
        ({"country": "Germany"}, "country"),
        ({"country": "de"}, "country"),
        ({"sector": "Robert'); DROP TABLE pool_keys;--"}, "sector"),
        ({"answers": {}}, "answers"),
        ({"answers": {"q_genai": "x" * 41}}, "answers"),
        ({"answers": {"Q GENAI": "yes"}}, "answers"),
    ],
)
def test_bad_contributions_are_refused(
    store: PoolStore, engine: Engine, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        store.contribute(given(**changes), new_participant())
    assert info.value.field == field
    assert raw(engine, "pool_contributions") == []


@pytest.mark.parametrize("token", ["", "short", "x" * 65, "has space in it!!", None])
def test_a_bad_device_token_is_refused(store: PoolStore, token: object) -> None:
    with pytest.raises(InvalidInput):
        store.contribute(given(), token)  # type: ignore[arg-type]


def test_sqlite_keeps_the_device_hashes_without_insertion_order(
    tmp_path: Path, clock: Clock
) -> None:
    """WITHOUT ROWID: the hashes are stored in hash order, on a new database and on one
    upgraded to the pool's version alike (PostgreSQL keeps no rowid to drop)."""
    eng = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    PoolStore(eng, clock=clock).init_schema()
    with eng.connect() as conn:
        ddl = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'pool_devices'"
        ).scalar_one()
    assert "WITHOUT ROWID" in ddl
    eng.dispose()


# --------------------------------------------------------------------------- one per device


def test_one_contribution_per_device_per_month(
    store: PoolStore, engine: Engine, clock: Clock
) -> None:
    phone, other = new_participant(), new_participant()
    assert store.contribute(given(), phone)
    assert not store.contribute(given(answers={"q_genai": "no"}), phone), "same month: refused"
    assert store.contribute(given(), other)
    assert len(raw(engine, "pool_contributions")) == 2
    assert [e.answers["q_genai"] for e in store.entries()] == ["yes", "yes"], "the first kept"
    clock.month_later()
    assert store.contribute(given(), phone), "a new month: the device may add again"
    assert sorted(e.month for e in store.entries()) == ["2026-11", "2026-11", "2026-12"]


def test_last_months_device_hashes_and_key_are_deleted(
    store: PoolStore, engine: Engine, clock: Clock
) -> None:
    """After the month, nothing is left that a token could be matched against."""
    store.contribute(given(), new_participant())
    november_key = raw(engine, "pool_keys")[0]["secret"]
    clock.month_later()
    store.purge_expired()
    assert raw(engine, "pool_devices") == [] and raw(engine, "pool_keys") == []
    store.contribute(given(), new_participant())
    assert [row["month"] for row in raw(engine, "pool_devices")] == ["2026-12"]
    (key,) = raw(engine, "pool_keys")
    assert key["month"] == "2026-12" and key["secret"] != november_key
    assert len(raw(engine, "pool_contributions")) == 2, "contributions stay"


def test_one_device_sending_from_ten_threads_counts_once(store: PoolStore, engine: Engine) -> None:
    phone = new_participant()
    barrier = threading.Barrier(10)
    results: list[bool] = []
    errors: list[BaseException] = []

    def send() -> None:
        barrier.wait()
        try:
            results.append(store.contribute(given(), phone))
        except BaseException as error:  # collected and asserted on
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False] * 9 + [True]
    assert len(raw(engine, "pool_contributions")) == 1


def test_replicas_share_the_months_key(engine: Engine, clock: Clock) -> None:
    """Two app processes on one database: a device refused by one is refused by the other."""
    first = PoolStore(engine, clock=clock)
    first.init_schema()
    second = PoolStore(engine, clock=clock)
    phone = new_participant()
    assert first.contribute(given(), phone)
    assert not second.contribute(given(), phone)


# --------------------------------------------------------------------------- retention


def test_retention_keeps_whole_months_and_purges_the_rest(engine: Engine, clock: Clock) -> None:
    shop = PoolStore(engine, retention_months=3, clock=clock)
    shop.init_schema()
    for _ in range(4):  # November, December, January, February
        shop.contribute(given(), new_participant())
        clock.month_later()
    clock.now = clock.now.replace(month=2)  # back in February 2027
    assert shop.current_month() == "2027-02" and shop.oldest_month() == "2026-12"
    assert [e.month for e in shop.entries()] == ["2026-12", "2027-01", "2027-02"], (
        "November is past the retention: never read, even before the purge"
    )
    assert len(raw(engine, "pool_contributions")) == 4
    assert shop.purge_expired() == 1
    assert sorted(str(r["month"]) for r in raw(engine, "pool_contributions")) == [
        "2026-12",
        "2027-01",
        "2027-02",
    ]


@pytest.mark.parametrize("months", [0, -1, 121, True, 2.5])
def test_bad_retentions_are_refused(engine: Engine, months: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        PoolStore(engine, retention_months=months)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("env", "months"),
    [
        ({}, 24),
        ({"ADOPTION_POOL_RETENTION_MONTHS": "6"}, 6),
        ({"ADOPTION_POOL_RETENTION_MONTHS": "0"}, 24),
        ({"ADOPTION_POOL_RETENTION_MONTHS": "999"}, 24),
        ({"ADOPTION_POOL_RETENTION_MONTHS": "six"}, 24),
    ],
)
def test_the_retention_setting(env: dict[str, str], months: int) -> None:
    assert pool.retention_months(env) == months


def test_opening_the_shared_pool_creates_it_and_purges(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    eng = make_engine(url)
    old = PoolStore(eng, clock=lambda: datetime(2020, 1, 5, tzinfo=UTC))
    old.init_schema()
    old.contribute(given(), new_participant())
    eng.dispose()
    try:
        shared = shared_pool(url, retention_months=24)
        assert shared.entries() == []
        assert shared_pool(url, retention_months=24) is shared
    finally:
        dispose_all()


# --------------------------------------------------------------------------- deletion


def test_delete_by_month_by_origin_or_both(store: PoolStore, engine: Engine, clock: Clock) -> None:
    for origin in ("benchmark", "workshop", "workshop"):
        store.contribute(given(origin=origin), new_participant())
    clock.month_later()
    for origin in ("benchmark", "workshop"):
        store.contribute(given(origin=origin), new_participant())
    assert store.counts() == {
        ("2026-11", "benchmark"): 1,
        ("2026-11", "workshop"): 2,
        ("2026-12", "benchmark"): 1,
        ("2026-12", "workshop"): 1,
    }
    assert store.delete(month="2026-11", origin="workshop") == 2
    assert store.delete(origin="benchmark") == 2
    assert store.delete(month="2026-12") == 1
    assert store.delete(month="2026-12") == 0
    assert raw(engine, "pool_contributions") == []


@pytest.mark.parametrize(
    "where", [{}, {"month": "2026-13"}, {"month": "11/2026"}, {"origin": "phone"}]
)
def test_a_bad_deletion_is_refused_and_deletes_nothing(
    store: PoolStore, engine: Engine, where: dict[str, str]
) -> None:
    store.contribute(given(), new_participant())
    with pytest.raises(InvalidInput):
        store.delete(**where)
    assert len(raw(engine, "pool_contributions")) == 1


# --------------------------------------------------------------------------- rate limit


class Ticks:
    """A monotonic clock for the limiter that a test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_script_from_one_address_moves_no_shown_figure(
    store: PoolStore, clock: Clock, questionnaire: Questionnaire
) -> None:
    """1,000 contributions within a minute, each with a new device token and a new
    X-Forwarded-For from a peer that is not a trusted proxy: the address's bucket lets
    the first few in and refuses the rest, and the figures shown this month do not move
    (only months that have ended count)."""
    firm = Profile(size="250-4999", sector="industry", country="DE")
    answers = complete(questionnaire, 1)
    # A pool of 30 October answers is what the page shows in November.
    clock.now = datetime(2026, 10, 3, tzinfo=UTC)
    for index in range(30):
        store.contribute(given(answers=complete(questionnaire, index % 3)), new_participant())
    clock.now = NOVEMBER
    today = date(2026, 11, 20)
    before = peers_in(release(questionnaire, store.entries(), today), questionnaire, firm, answers)
    assert before.group is not None

    ticks = Ticks()
    limiter = RateLimiter(clock=ticks)
    untrusted, _ = trusted_proxies("10.0.0.1")
    flood = pool.contribution_of(questionnaire, firm, complete(questionnaire, 9))
    assert flood is not None
    outcomes = []
    for attempt in range(1000):
        ticks.now += 0.06  # 1,000 in one minute
        address = client_ip("203.0.113.9", f"198.51.100.{attempt % 250}", untrusted)
        outcomes.append(pool.offer(store, limiter, flood, new_participant(), address))
    assert outcomes.count(pool.ADDED) == pool.PER_ADDRESS["benchmark"].burst
    assert outcomes.count(pool.THROTTLED) == 1000 - pool.PER_ADDRESS["benchmark"].burst
    after = peers_in(release(questionnaire, store.entries(), today), questionnaire, firm, answers)
    assert after == before
    # When November ends, those few join the pool, no more.
    assert sum(e.month == "2026-11" for e in store.entries()) == pool.PER_ADDRESS["benchmark"].burst


def test_every_address_together_is_limited_too(
    store: PoolStore, questionnaire: Questionnaire
) -> None:
    """A script with many addresses still adds at most the process-wide burst at once."""
    ticks = Ticks()
    limiter = RateLimiter(clock=ticks)
    given_ = pool.contribution_of(questionnaire, Profile(size="10-19"), complete(questionnaire))
    assert given_ is not None
    added = sum(
        pool.offer(store, limiter, given_, new_participant(), f"198.51.{i // 250}.{i % 250}")
        == pool.ADDED
        for i in range(300)
    )
    assert added == pool.EVERY_ADDRESS.burst


def test_offer_says_when_the_device_already_added(store: PoolStore) -> None:
    limiter = RateLimiter(clock=Ticks())
    phone = new_participant()
    assert pool.offer(store, limiter, given(), phone, "192.0.2.1") == pool.ADDED
    assert pool.offer(store, limiter, given(), phone, "192.0.2.1") == pool.ALREADY
