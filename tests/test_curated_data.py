"""Checks of the curated content of data/ itself (not of the code): a curator's edit may
need them changed, a code change never should.

Provenance as Our World in Data keeps it: every Eurostat source under Eurostat's licence
and dated by the releases the updater records; no publication address that is only a
publisher's home page.
"""

from __future__ import annotations

import csv
from urllib.parse import urlsplit

import pytest

from adoption.dataset import DATA_DIR, Dataset
from adoption.sources import source_details


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SOURCES = _rows("sources.csv")
RELEASES = _rows("eurostat_releases.csv")


def _bare(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


@pytest.mark.parametrize(
    "row", [r for r in SOURCES if r["organisation"] == "Eurostat"], ids=lambda r: r["id"]
)
def test_every_eurostat_source_is_cc_by_4(row: dict[str, str]) -> None:
    assert row["licence"] == "CC BY 4.0"


@pytest.mark.parametrize("row", [r for r in SOURCES if r["dataset"]], ids=lambda r: r["id"])
def test_a_eurostat_datasets_dates_are_its_releases(dataset: Dataset, row: dict[str, str]) -> None:
    own = [r for r in RELEASES if r["dataset"] == row["dataset"]]
    assert own, row["dataset"]
    details = source_details(dataset)[row["id"]]
    assert details.last_update == max(r["last_update"] for r in own)
    assert details.accessed == max(r["retrieved"] for r in own)
    assert details.licence == {r["licence"] for r in own}.pop()


def test_eurostat_isoc_eb_ai_is_as_of_its_june_2026_update(dataset: Dataset) -> None:
    details = source_details(dataset)["eurostat_isoc"]
    assert (details.last_update, details.accessed) == ("2026-06-15", "2026-10-01")


@pytest.mark.parametrize("row", SOURCES, ids=lambda r: r["id"])
def test_no_publication_address_is_a_home_page(row: dict[str, str]) -> None:
    if row["url"]:
        assert not _bare(row["url"]), f"{row['id']}: {row['url']} is a home page"
    if row["publisher_site"]:
        assert _bare(row["publisher_site"])
        assert not row["url"], "a publisher's site stands in only for an unknown address"


def test_the_home_pages_once_given_as_publications_are_the_publishers_sites() -> None:
    by_id = {r["id"]: r for r in SOURCES}
    for source in ("bpi_lab_aube", "francenum_baro", "insee_tic", "oecd_genai_sme"):
        assert by_id[source]["url"] == "" and by_id[source]["publisher_site"], source


def test_only_eurostat_states_a_licence() -> None:
    """Nothing in the sources we read states another publisher's licence: it stays empty
    (shown "not stated"), never assumed."""
    stated = {r["id"] for r in SOURCES if r["licence"]}
    assert stated == {r["id"] for r in SOURCES if r["organisation"] == "Eurostat"}


@pytest.mark.parametrize("row", [r for r in SOURCES if r["title"]], ids=lambda r: r["id"])
def test_a_citation_quotes_the_exact_title(dataset: Dataset, row: dict[str, str]) -> None:
    text = source_details(dataset)[row["id"]].citation
    assert row["title"] in text and row["organisation"] in text
    if row["date"]:
        assert f"({row['date'][:4]})" in text
