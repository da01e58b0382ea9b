"""Tests for adoption.sources and the loader's rules on where a source comes from: the
publication's own address (never a home page passed off as it), a licence from the list,
real dates in order, and a Eurostat dataset's dates read from its releases, not restated.
Each rule is broken on a copy of data/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from adoption.datapackage import DataError
from adoption.dataset import is_home_page, load_dataset
from adoption.sources import citation, format_day, source_details
from conftest import Row, rewrite, set_field

BROKEN = [
    pytest.param(set_field("eurostat_isoc", "licence", "CC-BY"), "licence", "is not one of", id="licence-not-in-list"),
    pytest.param(set_field("eurostat_isoc", "licence", ""), "licence", "differs from the releases' CC BY 4.0", id="eurostat-licence-missing"),
    pytest.param(set_field("insee_tic", "accessed", "2026-02-30"), "accessed", "is not a date", id="accessed-not-a-day"),
    pytest.param(set_field("insee_tic", "accessed", "12/10/2026"), "accessed", "is not a date", id="accessed-written-the-french-way"),
    pytest.param(set_field("insee_tic", "last_update", "2025-13"), "last_update", "is not a date", id="last-update-month-13"),
    pytest.param(set_field("insee_tic", "last_update", "juillet 2025"), "last_update", "has an invalid format", id="last-update-in-words"),
    pytest.param(
        lambda rows: set_field("insee_tic", "accessed", "2025-06-01")(set_field("insee_tic", "last_update", "2025-07")(rows)),
        "last_update", "after the access date", id="updated-after-access",
    ),
    pytest.param(set_field("eurostat_isoc", "last_update", "2026-06-15"), "last_update", "comes from eurostat_releases.csv", id="eurostat-date-restated"),
    pytest.param(set_field("insee_tic", "url", "https://www.insee.fr/"), "url", "is a home page, not the publication", id="home-page-as-publication"),
    pytest.param(set_field("oecd_genai_sme", "url", "https://www.oecd.org"), "url", "is a home page", id="bare-host-as-publication"),
    pytest.param(set_field("insee_tic", "publisher_site", "https://www.insee.fr/fr/statistiques"), "publisher_site", "has an invalid format", id="publisher-site-not-a-home-page"),
    pytest.param(set_field("eurostat_se", "dataset", "isoc_ci_it"), "dataset", "is not one of", id="unknown-eurostat-dataset"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field", "message"), BROKEN)
def test_a_broken_source_names_file_row_and_field(
    data_copy: Path, change: Callable[[list[Row]], list[Row]], field: str, message: str
) -> None:
    rewrite(data_copy / "sources.csv", change)
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    error = caught.value
    assert (error.file, error.field) == ("sources.csv", field)
    assert error.row is not None
    assert message in str(error)


def test_a_eurostat_dataset_without_releases_is_refused(data_copy: Path) -> None:
    rewrite(
        data_copy / "eurostat_releases.csv",
        lambda rows: [r for r in rows if r["dataset"] != "isoc_eb_ain2"],
    )
    rewrite(
        data_copy / "eurostat_ai.csv",
        lambda rows: [r for r in rows if r["dataset"] != "isoc_eb_ain2"],
    )
    with pytest.raises(DataError, match=r"no row of eurostat_releases\.csv") as caught:
        load_dataset(data_copy)
    assert caught.value.field == "dataset"


def test_a_eurostat_sources_dates_follow_its_latest_release(data_copy: Path) -> None:
    """After `make update-data`, the releases table holds the API's row only: the source
    follows it without anyone editing sources.csv."""
    (data_copy / "eurostat_releases.csv").write_text(
        "dataset,extract,retrieved,last_update,url,licence,copy\n"
        "isoc_eb_ai,api,2027-01-10,2026-12-18,https://ec.europa.eu/eurostat/x,CC BY 4.0,\n"
        "isoc_eb_ain2,api,2027-01-10,2026-12-18,https://ec.europa.eu/eurostat/y,CC BY 4.0,\n",
        encoding="utf-8",
    )
    rewrite(data_copy / "eurostat_ai.csv", lambda rows: [{**r, "extract": "api"} for r in rows])
    details = source_details(load_dataset(data_copy))["eurostat_isoc"]
    assert (details.accessed, details.last_update, details.data_as_of) == (
        "2027-01-10",
        "2026-12-18",
        "2026-12-18",
    )


def test_an_undated_source_is_not_dated(data_copy: Path) -> None:
    rewrite(data_copy / "sources.csv", set_field("insee_tic", "date", ""))
    details = source_details(load_dataset(data_copy))["insee_tic"]
    assert details.data_as_of == "" and details.accessed == "" and details.licence == ""


@pytest.mark.parametrize(
    ("organisation", "year", "title", "expected"),
    [
        ("Eurostat", "2026", "AI by size class", "Eurostat (2026). AI by size class."),
        ("Agence IA", "", "PME, IA et Désillusion", "Agence IA. PME, IA et Désillusion."),
        ("", "2025", "L'IA dans les PME : mode ou levier ?", "L'IA dans les PME : mode ou levier ? (2025)."),
        ("", "", "Un billet", "Un billet."),
        ("Bpifrance Le Lab", "2025", "", ""),  # a publisher alone names no publication
    ],
)  # fmt: skip
def test_citation_uses_only_the_sources_own_words(
    organisation: str, year: str, title: str, expected: str
) -> None:
    assert citation(organisation, year, title) == expected


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://www.insee.fr", True),
        ("https://www.insee.fr/", True),
        ("https://www.insee.fr/fr/statistiques/1234", False),
        ("https://ec.europa.eu/eurostat/statistics-explained/index.php?title=Use_of_AI", False),
        ("https://example.org/?id=3", False),
    ],
)
def test_a_home_page_is_a_url_without_path_or_query(url: str, home: bool) -> None:
    assert is_home_page(url) is home


@pytest.mark.parametrize(
    ("text", "lang", "shown"),
    [
        ("2026-06-15", "fr", "15\u00a0juin\u00a02026"),
        ("2026-06-15", "en", "15\u00a0Jun\u00a02026"),
        ("2025-07", "fr", "juil. 2025"),
        ("2025", "en", "2025"),
        ("", "fr", ""),
    ],
)
def test_format_day(text: str, lang: str, shown: str) -> None:
    assert format_day(text, lang) == shown
