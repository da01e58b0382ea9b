"""A curator's edit to ``data/`` changes no code test.

The project is copied as a curator would have it after correcting figures: a headline
figure's value and two of Eurostat's cells changed in ``data/``. Against that copy, the
checks of the curated data (``-m curated``) notice the edit, and every code test of the
fast tier passes: code tests read their fixture (``tests/fixtures/data/``), never the
curated folder. Slow tier: it runs the fast tier once more, in a subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Row, rewrite, set_field

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def copied() -> tuple[str, ...]:
    """What a checkout holds (caches, virtual environments and local databases left out):
    the top-level entries git tracks, so a new folder (deploy/ came that way) is never
    forgotten. Called in the fixture only: the copy, which is no git checkout, imports this
    module too."""
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return tuple(sorted({line.split("/", 1)[0] for line in listed.splitlines()}))


IGNORED = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "secrets.toml")
FAST_TIER = "not browser and not postgres and not slow"


def eurostat_cell(geo: str, size: str, value: str) -> Callable[[list[Row]], list[Row]]:
    """A change for :func:`rewrite`: AI use by firms of ``size`` in ``geo``, 2025, business
    economy, % of firms, becomes ``value``."""

    def change(rows: list[Row]) -> list[Row]:
        hits = 0
        for row in rows:
            if (row["indicator"], row["size_emp"], row["nace_r2"], row["unit"]) == (
                "E_AI_TANY", size, "C10-S951_X_K", "PC_ENT"
            ) and (row["geo"], row["year"]) == (geo, "2025"):  # fmt: skip
                row["value"] = value
                hits += 1
        assert hits == 1, f"{geo} {size} 2025 is not one row of eurostat_ai.csv"
        return rows

    return change


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project whose curated data a curator has just corrected."""
    root = tmp_path_factory.mktemp("edited") / "project"
    root.mkdir()
    for name in copied():
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=IGNORED)
        elif source.exists():
            shutil.copy2(source, root / name)
    data = root / "data"
    rewrite(data / "figures.csv", set_field("genai_use_tpe_pme_2024", "value", "33"))  # was 31
    rewrite(data / "eurostat_ai.csv", eurostat_cell("FR", "GE10", "21.5"))  # was 18.16, 15th
    rewrite(data / "eurostat_ai.csv", eurostat_cell("FR", "10-49", "16.5"))  # was 15.04
    return root


def pytest_in(root: Path, marker: str) -> subprocess.CompletedProcess[str]:
    """The copy's own tests, on the copy's own package (its ``src/`` first on the path)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    env.pop("ADOPTION_DATA_DIR", None)  # as in a developer's shell: the copy's conftest sets it
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", marker],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=1700,
    )


def test_the_copy_runs_its_own_package(edited: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(edited / "src"), str(edited)])}
    probe = subprocess.run(
        [sys.executable, "-c", "from adoption.dataset import DATA_DIR; print(DATA_DIR)"],
        cwd=edited,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()) == edited / "data"


def test_the_curated_checks_notice_the_edit(edited: Path) -> None:
    run = pytest_in(edited, "curated")
    assert run.returncode == 1, run.stdout[-3000:]
    for check in (
        "test_headlines_are_the_four_of_the_brief_in_order",
        "test_eurostat_spot_values",
        "test_france_is_15th_of_27_in_2025_not_on_the_podium",
    ):
        assert f"FAILED tests/test_curated_data.py::{check}" in run.stdout, check


def test_every_code_test_passes_with_the_curated_data_edited(edited: Path) -> None:
    run = pytest_in(edited, f"({FAST_TIER}) and not curated")
    assert run.returncode == 0, run.stdout[-6000:]
    assert " passed" in run.stdout.splitlines()[-1]
