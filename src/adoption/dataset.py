"""The curated dataset: figures, sources, honesty notes, places, conditions and Eurostat.

``load_dataset`` reads ``data/`` through its descriptor (see :mod:`adoption.datapackage`),
then checks the rules a schema cannot express: a derived value is never graded "primary",
an article's claim has no invented period, a survey names its publisher and its sample, a
headcount range runs from low to high, a group of countries lists its members, a value
Eurostat withheld is empty (never 0), every Eurostat value names the release it was taken
from, and a release retrieved from the API carries both its dates. It also checks the shapes
the pages rely on, each declared in data: the headline figures numbered 1, 2, 3…, how many
notes of each kind and how many figures each names (``note_kinds.csv``: a paradox is a
pair), the series Key figures charts (``series.csv``), and the Eurostat panels and their
indicators (``eurostat_panels.csv``, ``eurostat_indicators.csv``). The result is immutable;
the app caches it at the page edge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from adoption.datapackage import (
    DESCRIPTOR,
    DataError,
    Resource,
    load_package,
    numbered_records,
    records,
)
from adoption.population import NOT_STATED, Condition

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"

THEMES = (
    "adoption",
    "satisfaction",
    "strategy",
    "skills",
    "risk",
    "investment",
    "impact",
    "barriers",
    "productivity",
)
GRADES = ("primary", "relayed", "derived", "article_claim")
SOURCE_KINDS = (
    "official_statistics",
    "public_survey",
    "industry_survey",
    "unverified_study",
    "unsourced_claim",
    "press_article",
)
# Kinds whose publisher, method and sample are known: only these can back a checked figure.
SURVEY_KINDS = ("official_statistics", "public_survey", "industry_survey")
# Kinds that cannot vouch for a figure: what they say stays an article's claim.
CLAIM_KINDS = ("unverified_study", "unsourced_claim", "press_article")
COUNTS = ("firms", "leaders", "employees", "deployments", "time_share", "formula")
EUROSTAT_EU = "EU27_2020"
EUROSTAT_ALL_SIZES = "GE10"
EUROSTAT_BUSINESS = "C10-S951_X_K"


@dataclass(frozen=True, eq=False)
class Dataset:
    """All curated tables, validated. Frames use pyarrow-backed dtypes."""

    figures: pd.DataFrame
    sources: pd.DataFrame
    notes: pd.DataFrame
    eurostat: pd.DataFrame
    eurostat_releases: pd.DataFrame
    geo: pd.DataFrame
    geo_groups: pd.DataFrame
    conditions: pd.DataFrame
    note_kinds: pd.DataFrame
    series_table: pd.DataFrame
    eurostat_panels: pd.DataFrame
    eurostat_indicators: pd.DataFrame
    resources: dict[str, Resource]

    @cached_property
    def _geo_rows(self) -> dict[str, dict[str, Any]]:
        return {str(row["code"]): row for row in records(self.geo)}

    @cached_property
    def condition_rules(self) -> dict[str, Condition]:
        """Each condition a population can put on firms, with the answers that meet it."""
        return {
            str(row["id"]): Condition(
                id=str(row["id"]),
                question_id=str(row["question_id"]) or None,
                answers=frozenset(row["answers"]),
            )
            for row in records(self.conditions)
        }

    @cached_property
    def group_members(self) -> dict[str, frozenset[str]]:
        """Each named group of countries (EU27_2020, OECD7) and its member countries."""
        members: dict[str, set[str]] = {}
        for row in records(self.geo_groups):
            members.setdefault(str(row["group"]), set()).add(str(row["member"]))
        return {group: frozenset(codes) for group, codes in members.items()}

    def place_name(self, code: str, lang: str) -> str:
        """A country or group in ``lang``; the code itself when unknown."""
        row = self._geo_rows.get(code)
        if row is None:
            return code
        return str(row["name_en" if lang == "en" else "name_fr"])

    def source_name(self, source_id: str, lang: str) -> str:
        """A source's short name in ``lang`` (its ``label_fr`` / ``label_en``)."""
        row = self._source_rows.get(source_id)
        if row is None:
            return source_id
        return str(row["label_en" if lang == "en" else "label_fr"])

    def is_country(self, code: str) -> bool:
        row = self._geo_rows.get(code)
        return row is not None and row["kind"] == "country"

    @cached_property
    def _figure_rows(self) -> dict[str, pd.Series]:
        # Looked up by id on every rerun of every page: index once instead of filtering.
        return {row["id"]: row for _, row in self.figures.iterrows()}

    @cached_property
    def _source_rows(self) -> dict[str, pd.Series]:
        return {row["id"]: row for _, row in self.sources.iterrows()}

    def figure(self, figure_id: str) -> pd.Series:
        """One figure row; ``KeyError`` for an unknown id."""
        return self._figure_rows[figure_id]

    def source(self, source_id: str) -> pd.Series:
        """One source row; ``KeyError`` for an unknown id."""
        return self._source_rows[source_id]

    def headlines(self) -> pd.DataFrame:
        """The four headline figures in display order."""
        return self._headlines

    def series(self, name: str) -> pd.DataFrame:
        """The figures of one time series, oldest first."""
        return self._grouped("figures", "series", "period").get(name, self.figures.iloc[:0])

    def series_on(self, page: str) -> tuple[str, ...]:
        """The series ``page`` charts on their own (``series.csv``'s ``page``), in file order."""
        return tuple(str(i) for i in self.series_table.loc[self.series_table["page"] == page, "id"])

    def series_title(self, name: str, lang: str) -> str:
        """A series' title in ``lang``; ``KeyError`` for an unknown series."""
        return str(self._series_rows[name]["title_en" if lang == "en" else "title_fr"])

    def notes_of_kind(self, kind: str) -> pd.DataFrame:
        return self._grouped("notes", "kind", None).get(kind, self.notes.iloc[:0])

    def eurostat_panel(self, panel: str) -> tuple[str, ...]:
        """The indicators of one panel (``eurostat_indicators.csv``), in file order."""
        return tuple(
            str(row["indicator"]) for row in self._indicator_rows.values() if row["panel"] == panel
        )

    @cached_property
    def adoption_indicator(self) -> str:
        """The indicator of the ``adoption`` panel: charted by country on Key figures, France
        ranked on it, Explore opened on it, and the one a question may be compared with."""
        (indicator,) = self.eurostat_panel(PANEL_ADOPTION)  # the loader checked it is one
        return indicator

    def indicator_label(self, indicator: str, lang: str) -> str:
        """An indicator's name in ``lang``; the code itself when the app does not show it."""
        row = self._indicator_rows.get(indicator)
        if row is None:
            return indicator
        return str(row["label_en" if lang == "en" else "label_fr"])

    def indicator_unit(self, indicator: str) -> str:
        """The unit the app charts an indicator in; ``KeyError`` for one it does not show."""
        return str(self._indicator_rows[indicator]["unit"])

    @cached_property
    def _series_rows(self) -> dict[str, dict[str, Any]]:
        return {str(row["id"]): row for row in records(self.series_table)}

    @cached_property
    def _indicator_rows(self) -> dict[str, dict[str, Any]]:
        return {str(row["indicator"]): row for row in records(self.eurostat_indicators)}

    @cached_property
    def _eurostat_cells(self) -> dict[tuple[str, str, str, str, str], list[dict[str, Any]]]:
        cells: dict[tuple[str, str, str, str, str], list[dict[str, Any]]] = {}
        for row in records(self.eurostat):
            key = (row["indicator"], row["size_emp"], row["nace_r2"], row["geo"], row["unit"])
            cells.setdefault(key, []).append(row)
        for rows in cells.values():
            rows.sort(key=lambda r: -int(r["year"]))
        return cells

    def eurostat_cells(self) -> Mapping[tuple[str, str, str, str, str], list[dict[str, Any]]]:
        """Eurostat rows by (indicator, size class, NACE, geo, unit), newest year first.

        Shared between callers: never modify what it returns.
        """
        return self._eurostat_cells

    def eurostat_indicator(self, indicator: str, year: int | None = None) -> pd.DataFrame:
        """One Eurostat indicator for all enterprises of 10+ in every reporting country, for
        ``year`` (the latest year published when None), highest value first.

        Adds the place names (``country_fr``, ``country_en``) for charts.
        """
        rows = self._grouped("eurostat", "indicator", None).get(indicator, self.eurostat.iloc[:0])
        rows = rows[
            (rows["size_emp"] == EUROSTAT_ALL_SIZES)
            & (rows["nace_r2"] == EUROSTAT_BUSINESS)
            & (rows["unit"] == "PC_ENT")
        ]
        if rows.empty:
            return rows.reset_index(drop=True)
        wanted = int(rows["year"].max()) if year is None else year
        rows = rows[rows["year"] == wanted].copy()
        rows["country_fr"] = [self.place_name(str(g), "fr") for g in rows["geo"]]
        rows["country_en"] = [self.place_name(str(g), "en") for g in rows["geo"]]
        return rows.sort_values("value", ascending=False, na_position="last").reset_index(drop=True)

    # Pages call these on every rerun and pandas filtering costs about a millisecond each:
    # split each table once. The frames returned are shared and must not be modified.
    @cached_property
    def _headlines(self) -> pd.DataFrame:
        rows = self.figures[self.figures["headline"].notna()]
        return rows.sort_values("headline").reset_index(drop=True)

    @cached_property
    def _groups(self) -> dict[tuple[str, str], dict[str, pd.DataFrame]]:
        return {}

    def _grouped(self, table: str, column: str, order: str | None) -> dict[str, pd.DataFrame]:
        key = (table, column)
        if key not in self._groups:
            frame: pd.DataFrame = getattr(self, table)
            groups = {}
            for value, rows in frame.groupby(column, sort=False):
                rows = rows.sort_values(order) if order else rows
                groups[str(value)] = rows.reset_index(drop=True)
            self._groups[key] = groups
        return self._groups[key]


REQUIRED_RESOURCES = (
    "figures",
    "sources",
    "notes",
    "eurostat",
    "eurostat_releases",
    "geo",
    "geo_groups",
    "conditions",
    "note_kinds",
    "series",
    "eurostat_panels",
    "eurostat_indicators",
)
# The panel of the one indicator the pages treat as "uses AI" (see Dataset.adoption_indicator).
PANEL_ADOPTION = "adoption"
# The page that charts one series on its own, one column per period.
KEY_FIGURES_PAGE = "key_figures"


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Load and validate the curated dataset; raise :class:`DataError` on any problem."""
    resources = load_package(Path(data_dir))
    for required in REQUIRED_RESOURCES:
        if required not in resources:
            raise DataError(DESCRIPTOR, f"resource '{required}' is missing")
    dataset = Dataset(
        figures=resources["figures"].frame,
        sources=resources["sources"].frame,
        notes=resources["notes"].frame,
        eurostat=resources["eurostat"].frame,
        eurostat_releases=resources["eurostat_releases"].frame,
        geo=resources["geo"].frame,
        geo_groups=resources["geo_groups"].frame,
        conditions=resources["conditions"].frame,
        note_kinds=resources["note_kinds"].frame,
        series_table=resources["series"].frame,
        eurostat_panels=resources["eurostat_panels"].frame,
        eurostat_indicators=resources["eurostat_indicators"].frame,
        resources=resources,
    )
    _check_rules(dataset)
    return dataset


def _check_rules(dataset: Dataset) -> None:
    _check_sources(dataset)
    _check_places(dataset)
    _check_figures(dataset)
    _check_eurostat(dataset)
    _check_eurostat_releases(dataset)
    _check_headlines(dataset)
    _check_notes(dataset)
    _check_series(dataset)
    _check_panels(dataset)


def _check_sources(dataset: Dataset) -> None:
    file = dataset.resources["sources"].path
    for line, row in numbered_records(dataset.sources):
        if bool(row["sample_fr"]) != bool(row["sample_en"]):
            raise DataError(
                file,
                "give the sample in both languages, or in neither",
                row=line,
                field="sample_en",
            )
        if row["kind"] in SURVEY_KINDS:
            # A survey we cannot name or size is not a survey we can vouch for.
            if not row["organisation"]:
                raise DataError(
                    file,
                    f"a '{row['kind']}' source must name its publisher; "
                    "use 'unverified_study' when nobody is named",
                    row=line,
                    field="organisation",
                )
            if not row["sample_fr"]:
                raise DataError(
                    file,
                    f"a '{row['kind']}' source must describe its sample; "
                    "use 'unverified_study' when the sample is unknown",
                    row=line,
                    field="sample_fr",
                )
        _check_source_origin(dataset, file, line, row)


def is_home_page(url: str) -> bool:
    """Whether ``url`` is a site's home page (no path, no query), not a publication."""
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query


def _check_source_origin(dataset: Dataset, file: str, line: int, row: Mapping[str, Any]) -> None:
    # Our World in Data's provenance: the publication's own address (never a home page
    # passed off as it), a licence, and dates that are real and in order.
    if row["url"] and is_home_page(str(row["url"])):
        raise DataError(
            file,
            f"{row['url']} is a home page, not the publication: move it to publisher_site "
            "and leave url empty until the publication's own address is known",
            row=line,
            field="url",
        )
    last_update = str(row["last_update"] or "")
    if last_update:
        try:
            day = _partial_date(last_update)
        except ValueError:
            raise DataError(
                file, f"{last_update!r} is not a date", row=line, field="last_update"
            ) from None
        if pd.notna(row["accessed"]) and day > row["accessed"]:
            raise DataError(
                file,
                f"the publisher's update {last_update} is after the access date {row['accessed']}",
                row=line,
                field="last_update",
            )
    eurostat_dataset = row["dataset"]
    if not eurostat_dataset:
        return
    # A Eurostat dataset's dates are the releases the updater records: one place, not two.
    for name in ("accessed", "last_update"):
        if pd.notna(row[name]) and row[name] != "":
            raise DataError(
                file,
                f"{name} of a Eurostat dataset comes from eurostat_releases.csv: leave it empty",
                row=line,
                field=name,
            )
    releases = dataset.eurostat_releases
    licences = set(releases.loc[releases["dataset"] == eurostat_dataset, "licence"])
    if not licences:
        raise DataError(
            file,
            f"no row of eurostat_releases.csv for dataset {eurostat_dataset!r}",
            row=line,
            field="dataset",
        )
    if licences != {row["licence"]}:
        raise DataError(
            file,
            f"licence {row['licence'] or '(empty)'!r} differs from the releases' "
            f"{', '.join(sorted(licences))}",
            row=line,
            field="licence",
        )


def _partial_date(text: str) -> date:
    """The first day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date can mean; ValueError
    when it names no day of the calendar."""
    year, month, day = ([*text.split("-"), "01", "01"])[:3]
    return date(int(year), int(month), int(day))


def _check_places(dataset: Dataset) -> None:
    file = dataset.resources["geo_groups"].path
    kinds = dict(zip(dataset.geo["code"], dataset.geo["kind"], strict=True))
    for line, row in numbered_records(dataset.geo_groups):
        if kinds[row["group"]] != "group":
            raise DataError(
                file, f"{row['group']!r} is not a group in geo.csv", row=line, field="group"
            )
        if kinds[row["member"]] != "country":
            raise DataError(
                file, f"{row['member']!r} is not a country in geo.csv", row=line, field="member"
            )
    members = dataset.group_members
    for index, (code, kind) in enumerate(kinds.items()):
        if kind == "group" and not members.get(code):
            raise DataError(
                dataset.resources["geo"].path,
                f"group {code!r} has no member in geo_groups.csv",
                row=index + 2,
                field="code",
            )
    conditions_file = dataset.resources["conditions"].path
    for line, row in numbered_records(dataset.conditions):
        if bool(row["question_id"]) != bool(row["answers"]):
            raise DataError(
                conditions_file,
                "a condition's question needs the answers that meet it, "
                "and answers need a question",
                row=line,
                field="answers",
            )


def _check_figures(dataset: Dataset) -> None:
    file = dataset.resources["figures"].path
    kinds = dict(zip(dataset.sources["id"], dataset.sources["kind"], strict=True))
    for line, row in numbered_records(dataset.figures):
        for article in row["cited_in"]:
            if kinds[article] != "press_article":
                raise DataError(
                    file,
                    f"'{article}' is a {kinds[article]}, not an article",
                    row=line,
                    field="cited_in",
                )
        grade, value_kind = row["grade"], row["value_kind"]
        if (value_kind == "derived") != (grade == "derived"):
            raise DataError(
                file,
                "a derived value (computed or inferred, never published as such) is graded "
                "'derived', and only such a value is",
                row=line,
                field="grade",
            )
        if grade in ("primary", "relayed"):
            original = row["original_source"]
            if not original:
                raise DataError(
                    file,
                    f"a '{grade}' figure must name its original_source",
                    row=line,
                    field="original_source",
                )
            if kinds[original] not in SURVEY_KINDS:
                raise DataError(
                    file,
                    f"a '{grade}' figure needs an original_source whose method is known, "
                    f"not a {kinds[original]}",
                    row=line,
                    field="original_source",
                )
        if kinds[row["attributed_to"]] in CLAIM_KINDS and grade not in ("article_claim", "derived"):
            raise DataError(
                file,
                f"what a {kinds[row['attributed_to']]} says stays an 'article_claim'",
                row=line,
                field="grade",
            )
        if grade == "article_claim" and row["period"] != NOT_STATED:
            raise DataError(
                file,
                f"an article claim has no checked period: write '{NOT_STATED}' "
                "(the article's date belongs in sources.csv)",
                row=line,
                field="period",
            )
        if not row["cited_in"] and not row["original_source"]:
            raise DataError(
                file,
                "a figure must be cited in an article or have an original_source",
                row=line,
                field="cited_in",
            )
        low, high = row["size_min"], row["size_max"]
        if pd.isna(low) and pd.notna(high):
            raise DataError(
                file,
                "size_max without size_min: give both, size_min alone (open-ended), or neither",
                row=line,
                field="size_min",
            )
        if pd.notna(low) and pd.notna(high) and int(low) > int(high):
            raise DataError(
                file, f"size_min {low} is above size_max {high}", row=line, field="size_max"
            )


def _check_eurostat(dataset: Dataset) -> None:
    file = dataset.resources["eurostat"].path
    withheld_flags = {"u", "c"}
    for index, (value, flag) in enumerate(
        zip(dataset.eurostat["value"], dataset.eurostat["flag"], strict=True)
    ):
        withheld = flag in withheld_flags
        if withheld and pd.notna(value):
            raise DataError(
                file,
                f"a value flagged '{flag}' is withheld: leave it empty",
                row=index + 2,
                field="value",
            )
        if not withheld and pd.isna(value):
            raise DataError(
                file,
                "value is empty; leave it empty only with flag 'u' or 'c'",
                row=index + 2,
                field="value",
            )


API_EXTRACT = "api"


def _check_eurostat_releases(dataset: Dataset) -> None:
    releases_file = dataset.resources["eurostat_releases"].path
    known: set[tuple[str, str]] = set()
    for line, row in numbered_records(dataset.eurostat_releases):
        known.add((str(row["dataset"]), str(row["extract"])))
        retrieved, last_update = row["retrieved"], row["last_update"]
        if row["extract"] == API_EXTRACT:
            for name in ("retrieved", "last_update"):
                if pd.isna(row[name]):
                    raise DataError(
                        releases_file,
                        "a release taken from the API records its day and Eurostat's update",
                        row=line,
                        field=name,
                    )
        if pd.notna(retrieved) and pd.notna(last_update) and last_update > retrieved:
            raise DataError(
                releases_file,
                f"Eurostat's update {last_update} is after the retrieval {retrieved}",
                row=line,
                field="last_update",
            )
    file = dataset.resources["eurostat"].path
    for index, pair in enumerate(
        zip(dataset.eurostat["dataset"], dataset.eurostat["extract"], strict=True)
    ):
        if pair not in known:
            raise DataError(
                file,
                f"no row of {releases_file} for dataset {pair[0]!r} and extract {pair[1]!r}",
                row=index + 2,
                field="extract",
            )


def _bounds(low: Any, high: Any) -> str:
    """``2``, ``1 to 3`` or ``at least 1``: a count's bounds as a curator reads them."""
    if pd.isna(high):
        return f"at least {low}"
    return str(low) if low == high else f"{low} to {high}"


def _within(count: int, low: Any, high: Any) -> bool:
    return count >= int(low) and (pd.isna(high) or count <= int(high))


def _check_bounds(file: str, rows: pd.DataFrame, low: str, high: str) -> None:
    for line, row in numbered_records(rows):
        if pd.notna(row[high]) and int(row[high]) < int(row[low]):
            raise DataError(
                file, f"{high} {row[high]} is below {low} {row[low]}", row=line, field=high
            )


def _check_headlines(dataset: Dataset) -> None:
    """Key figures opens on the headline figures, a column each in their order: at least
    one, numbered 1, 2, 3… without a gap."""
    file = dataset.resources["figures"].path
    numbered = [
        (int(row["headline"]), line)
        for line, row in numbered_records(dataset.figures)
        if pd.notna(row["headline"])
    ]
    if not numbered:
        raise DataError(
            file, "no figure has a headline: Key figures opens on them", field="headline"
        )
    for expected, (position, line) in enumerate(sorted(numbered), start=1):
        if position != expected:
            raise DataError(
                file,
                f"headline {position} without a headline {expected}: number them 1, 2, 3…",
                row=line,
                field="headline",
            )


def _check_notes(dataset: Dataset) -> None:
    """Each kind of note holds as many notes, each naming as many figures, as the pages
    rely on (note_kinds.csv): Key figures draws a paradox's figures side by side, and the
    range note as one chart."""
    kinds_file = dataset.resources["note_kinds"].path
    _check_bounds(kinds_file, dataset.note_kinds, "figures_min", "figures_max")
    _check_bounds(kinds_file, dataset.note_kinds, "notes_min", "notes_max")
    kinds = {str(row["kind"]): row for row in records(dataset.note_kinds)}
    file = dataset.resources["notes"].path
    for line, row in numbered_records(dataset.notes):
        shape = kinds[row["kind"]]
        count = len(row["figure_ids"])
        if not _within(count, shape["figures_min"], shape["figures_max"]):
            wanted = _bounds(shape["figures_min"], shape["figures_max"])
            raise DataError(
                file,
                f"a '{row['kind']}' note names {wanted} figure(s) ({kinds_file}), "
                f"this one names {count}",
                row=line,
                field="figure_ids",
            )
    counts = dataset.notes["kind"].value_counts()
    for line, shape in numbered_records(dataset.note_kinds):
        count = int(counts.get(shape["kind"], 0))
        if not _within(count, shape["notes_min"], shape["notes_max"]):
            wanted = _bounds(shape["notes_min"], shape["notes_max"])
            raise DataError(
                kinds_file,
                f"{file} must hold {wanted} note(s) of kind '{shape['kind']}', it holds {count}",
                row=line,
                field="notes_min" if count < int(shape["notes_min"]) else "notes_max",
            )


def _check_series(dataset: Dataset) -> None:
    """Every series has figures, and Key figures has its one series to chart, a column per
    period: periods stated, none twice."""
    file = dataset.resources["series"].path
    members = set(dataset.figures["series"])
    charted: list[str] = []
    for line, row in numbered_records(dataset.series_table):
        if row["id"] not in members:
            raise DataError(
                file,
                f"no figure of {dataset.resources['figures'].path} is in this series",
                row=line,
                field="id",
            )
        if row["page"] == KEY_FIGURES_PAGE:
            if charted:
                raise DataError(
                    file,
                    f"'{KEY_FIGURES_PAGE}' charts one series, and {charted[0]!r} is already it",
                    row=line,
                    field="page",
                )
            charted.append(str(row["id"]))
    if not charted:
        raise DataError(file, f"no series has page '{KEY_FIGURES_PAGE}': the page charts one")
    figures_file = dataset.resources["figures"].path
    seen: dict[str, int] = {}
    for line, row in numbered_records(dataset.figures):
        if row["series"] != charted[0]:
            continue
        period = str(row["period"])
        if period == NOT_STATED or period in seen:
            problem = "is not stated" if period == NOT_STATED else f"is also row {seen[period]}'s"
            raise DataError(
                figures_file,
                f"series {charted[0]!r} is charted one column per period: this period {problem}",
                row=line,
                field="period",
            )
        seen[period] = line


def _check_panels(dataset: Dataset) -> None:
    """Each panel holds as many indicators as the pages rely on (eurostat_panels.csv), and
    each indicator shown has values in its unit; the adoption indicator has the values Key
    figures charts and ranks by country (all firms of 10+, the business economy)."""
    panels_file = dataset.resources["eurostat_panels"].path
    _check_bounds(panels_file, dataset.eurostat_panels, "indicators_min", "indicators_max")
    counts = dataset.eurostat_indicators["panel"].value_counts()
    for line, panel in numbered_records(dataset.eurostat_panels):
        count = int(counts.get(panel["panel"], 0))
        low = int(panel["indicators_min"])
        if not _within(count, low, panel["indicators_max"]):
            wanted = _bounds(low, panel["indicators_max"])
            raise DataError(
                panels_file,
                f"panel '{panel['panel']}' holds {wanted} indicator(s), "
                f"{dataset.resources['eurostat_indicators'].path} gives it {count}",
                row=line,
                field="indicators_min" if count < low else "indicators_max",
            )
    file = dataset.resources["eurostat_indicators"].path
    eurostat_file = dataset.resources["eurostat"].path
    published = set(zip(dataset.eurostat["indicator"], dataset.eurostat["unit"], strict=True))
    indicators = {indicator for indicator, _ in published}
    for line, row in numbered_records(dataset.eurostat_indicators):
        indicator, unit = row["indicator"], row["unit"]
        if indicator not in indicators:
            raise DataError(
                file, f"{indicator!r} has no value in {eurostat_file}", row=line, field="indicator"
            )
        if (indicator, unit) not in published:
            raise DataError(
                file,
                f"{indicator!r} has no value in {unit} in {eurostat_file}",
                row=line,
                field="unit",
            )
        if row["panel"] == PANEL_ADOPTION:
            rows = dataset.eurostat
            if not (
                (rows["indicator"] == indicator)
                & (rows["size_emp"] == EUROSTAT_ALL_SIZES)
                & (rows["nace_r2"] == EUROSTAT_BUSINESS)
                & (rows["unit"] == unit)
            ).any():
                raise DataError(
                    file,
                    f"Key figures charts {indicator!r} by country for all firms of 10+ in the "
                    f"business economy ({EUROSTAT_ALL_SIZES}, {EUROSTAT_BUSINESS}), "
                    f"and {eurostat_file} has none of these values",
                    row=line,
                    field="indicator",
                )
