"""The operator's command, ``python -m adoption.pool``: list, delete by month or origin
(counting first, deleting with --yes), purge, and export the aggregates (CSV, Parquet) of
the groups shown, never a row."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from adoption import pool
from adoption.dataset import Dataset
from adoption.questionnaire import Questionnaire, load_questionnaire
from adoption.store import PoolAnswers, PoolStore, make_engine, new_participant
from conftest import ROOT
from fixtures import complete


@pytest.fixture(scope="module")
def questionnaire(dataset: Dataset) -> Questionnaire:
    return load_questionnaire(dataset)


def last_month() -> datetime:
    """A moment in the month before this one: what the export counts today."""
    today = datetime.now(UTC)
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return datetime(year, month, 10, tzinfo=UTC)


@pytest.fixture
def url(tmp_path: Path, questionnaire: Questionnaire) -> str:
    """A pool with 14 German 250+ answers in industry (12 from the benchmark, 2 from a
    workshop) and 3 French 10-49 ones, all of last month, and one of this month."""
    address = f"sqlite:///{tmp_path / 'pool.sqlite3'}"
    engine = make_engine(address)
    past = PoolStore(engine, clock=last_month)
    past.init_schema()
    for index in range(17):
        german = index < 14
        past.contribute(
            PoolAnswers(
                size_band="250+" if german else "10-49",
                sector="industry",
                country="DE" if german else "FR",
                answers=complete(questionnaire, index % 3),
                origin="workshop" if index in (0, 1) else "benchmark",
            ),
            new_participant(),
        )
    PoolStore(engine).contribute(
        PoolAnswers("0-9", None, None, complete(questionnaire)), new_participant()
    )
    engine.dispose()
    return address


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = pool.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_list_counts_each_month_and_origin(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--database", url, "list"], capsys)
    month = last_month().strftime("%Y-%m")
    this = datetime.now(UTC).strftime("%Y-%m")
    assert code == 0
    assert out.splitlines() == [
        f"{month}\tbenchmark\t15",
        f"{month}\tworkshop\t2",
        f"{this}\tbenchmark\t1",
    ]


def test_delete_counts_first_and_deletes_with_yes(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    month = last_month().strftime("%Y-%m")
    code, out, _ = run(["--database", url, "delete", "--origin", "workshop"], capsys)
    assert (code, out) == (0, "would delete 2 contributions; add --yes to delete them\n")
    code, out, _ = run(["--database", url, "delete", "--origin", "workshop", "--yes"], capsys)
    assert (code, out) == (0, "deleted 2 contributions\n")
    code, out, _ = run(["--database", url, "delete", "--month", month, "--yes"], capsys)
    assert (code, out) == (0, "deleted 15 contributions\n")
    code, out, _ = run(["--database", url, "list"], capsys)
    assert len(out.splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["delete"],
        ["delete", "--month", "2026-13", "--yes"],
        ["delete", "--month", "last month"],
    ],
)
def test_a_bad_deletion_says_why_and_deletes_nothing(
    url: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _, err = run(["--database", url, *argv], capsys)
    assert code == 2 and err
    assert run(["--database", url, "list"], capsys)[1].count("\n") == 3


def test_purge_applies_the_retention(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADOPTION_POOL_RETENTION_MONTHS", "1")
    code, out, _ = run(["--database", url, "purge"], capsys)
    assert (code, out) == (0, "purged 17 contributions\n")


def test_export_csv_holds_only_groups_of_at_least_k(
    url: str, capsys: pytest.CaptureFixture[str], questionnaire: Questionnaire
) -> None:
    """Last month's 14 German answers of 250+ would make 250+ and its German groups, but
    beside everyone (17) they would single out the 3 French firms of 10-49: only everyone
    is exported (this month's answer waits for the month to end)."""
    code, out, _ = run(["--database", url, "export", "--format", "csv"], capsys)
    assert code == 0
    frame = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert list(frame.columns) == list(pool.AGGREGATE_COLUMNS)
    groups = set(frame[["level", "size_band", "country", "sector"]].itertuples(index=False))
    assert groups == {("everyone", "", "", "")}, "250+ beside everyone would single out 3"
    assert set(frame["answers_at_least"]) == {15}
    assert not frame["item"].str.contains("token|device|session", regex=True).any()
    overall = frame[(frame["measure"] == "score_median") & (frame["item"] == "overall")]
    assert len(overall) == 1


def test_export_parquet_is_the_same_table(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "pool.parquet"
    code, out, _ = run(
        ["--database", url, "export", "--format", "parquet", "--output", str(target)], capsys
    )
    assert code == 0 and out.startswith("wrote ") and "groups shown: 1" in out
    parquet = pd.read_parquet(target)
    run(["--database", url, "export", "--format", "csv"], capsys)
    assert list(parquet.columns) == list(pool.AGGREGATE_COLUMNS)
    assert len(parquet) > 0
    code, _, err = run(["--database", url, "export", "--format", "parquet"], capsys)
    assert code == 2 and "--output" in err


def test_an_unreachable_database_is_said_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["--database", "postgresql+psycopg://nobody:hunter2@127.0.0.1:1/x", "list"], capsys
    )
    assert code == 2 and "hunter2" not in err and len(err.strip().splitlines()) == 1


def test_the_module_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "adoption.pool", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    for command in ("list", "delete", "purge", "export"):
        assert command in done.stdout


def test_counted_from_is_the_next_month() -> None:
    assert pool.counted_from(date(2026, 12, 31)) == "2027-01"
    assert pool.counted_from(date(2026, 1, 1)) == "2026-02"
