"""frictionless, the reference implementation of the Data Package standard, finds data/ valid.

The app reads data/ with its own loader (adoption.datapackage), whose messages name the
file, row and field for whoever edits a CSV. These tests hold the descriptor to the
standard itself: another tool reading data/ sees the same tables, types, ranges and keys,
and a broken copy is broken for both. The network is closed while frictionless runs.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import frictionless
import pytest

import fixtures
from adoption.datapackage import DataError
from adoption.dataset import Dataset, load_dataset
from conftest import Row, rewrite, set_field

# frictionless reads every table again; `make test` runs it, `make check` does not.
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"frictionless tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def validate(folder: Path) -> frictionless.Report:
    return frictionless.validate(folder / "datapackage.json")


def errors(report: frictionless.Report) -> list[list[object]]:
    return report.flatten(["name", "rowNumber", "fieldName", "type", "note"])


def test_the_bundled_package_is_valid_for_frictionless(dataset: Dataset) -> None:
    report = validate(fixtures.FIXTURE_DIR)
    assert report.valid, errors(report)
    # Every table was read, row for row as the app's loader reads it.
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows == {name: len(r.frame) for name, r in dataset.resources.items()}


@pytest.mark.parametrize(
    ("file", "change", "error_type"),
    [
        pytest.param("figures.csv", set_field("need_training", "value", "140"), "constraint-error", id="above-maximum"),
        pytest.param("figures.csv", set_field("need_training", "value", "beaucoup"), "type-error", id="not-a-number"),
        pytest.param("figures.csv", set_field("need_training", "geo", "MARS"), "foreign-key", id="unknown-place"),
        pytest.param("sources.csv", lambda rows: [*rows, dict(rows[0])], "primary-key", id="duplicate-id"),
        pytest.param("geo.csv", lambda rows: [{k: v for k, v in r.items() if k != "name_en"} for r in rows], "missing-label", id="missing-column"),
        pytest.param("figures.csv", lambda rows: [{**r, "comment": ""} for r in rows], "extra-label", id="unknown-column"),
    ],
)  # fmt: skip
def test_a_broken_copy_is_invalid_for_frictionless_and_for_the_app(
    data_copy: Path, file: str, change: Callable[[list[Row]], list[Row]], error_type: str
) -> None:
    rewrite(data_copy / file, change)
    report = validate(data_copy)
    assert not report.valid
    assert error_type in {e[3] for e in errors(report)}, errors(report)
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    assert caught.value.file == file


def test_list_items_are_checked_by_the_apps_loader_alone(data_copy: Path) -> None:
    # The standard says nothing of a list's items: `itemConstraints` and `itemForeignKeys`
    # are the project's own, which frictionless ignores and the app's loader enforces.
    rewrite(data_copy / "figures.csv", set_field("need_training", "cited_in", "art_002;ghost"))
    assert validate(data_copy).valid
    with pytest.raises(DataError, match=r"'ghost' does not match any 'id' in sources\.csv"):
        load_dataset(data_copy)
