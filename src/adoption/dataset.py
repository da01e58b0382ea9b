"""The curated dataset: figures, sources, honesty notes and the Eurostat extract.

``load_dataset`` reads ``data/`` through its descriptor (see :mod:`adoption.datapackage`),
then checks the rules a schema cannot express, such as "a Eurostat value withheld for low
reliability is empty, never 0". The result is immutable; the app caches it at the page
edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from adoption.datapackage import DataError, Resource, load_package

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
GRADES = ("primary", "relayed", "article_claim")
SOURCE_KINDS = ("official_statistics", "industry_survey", "vendor_claim", "press_article")
EUROSTAT_EU = "EU27_2020"


@dataclass(frozen=True, eq=False)
class Dataset:
    """All curated tables, validated. Frames use pyarrow-backed dtypes."""

    figures: pd.DataFrame
    sources: pd.DataFrame
    notes: pd.DataFrame
    eurostat: pd.DataFrame
    resources: dict[str, Resource]

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

    def notes_of_kind(self, kind: str) -> pd.DataFrame:
        return self._grouped("notes", "kind", None).get(kind, self.notes.iloc[:0])

    def eurostat_indicator(self, indicator: str) -> pd.DataFrame:
        """One Eurostat indicator for every reporting country, highest value first."""
        rows = self._grouped("eurostat", "indicator", None).get(indicator, self.eurostat.iloc[:0])
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


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Load and validate the curated dataset; raise :class:`DataError` on any problem."""
    resources = load_package(Path(data_dir))
    for required in ("figures", "sources", "notes", "eurostat"):
        if required not in resources:
            raise DataError("datapackage.json", f"resource '{required}' is missing")
    dataset = Dataset(
        figures=resources["figures"].frame,
        sources=resources["sources"].frame,
        notes=resources["notes"].frame,
        eurostat=resources["eurostat"].frame,
        resources=resources,
    )
    _check_rules(dataset)
    return dataset


def _check_rules(dataset: Dataset) -> None:
    figures_file = dataset.resources["figures"].path
    kinds = dict(zip(dataset.sources["id"], dataset.sources["kind"], strict=True))
    for index, row in dataset.figures.iterrows():
        line = int(index) + 2
        for article in row["cited_in"]:
            if kinds[article] != "press_article":
                raise DataError(
                    figures_file,
                    f"'{article}' is a {kinds[article]}, not an article",
                    row=line,
                    field="cited_in",
                )
        if row["grade"] in ("primary", "relayed") and not row["original_source"]:
            raise DataError(
                figures_file,
                f"a '{row['grade']}' figure must name its original_source",
                row=line,
                field="original_source",
            )
        if not row["cited_in"] and not row["original_source"]:
            raise DataError(
                figures_file,
                "a figure must be cited in an article or have an original_source",
                row=line,
                field="cited_in",
            )
    eurostat_file = dataset.resources["eurostat"].path
    for index, row in dataset.eurostat.iterrows():
        line = int(index) + 2
        withheld = row["flag"] == "u"
        if withheld and pd.notna(row["value"]):
            raise DataError(
                eurostat_file, "a value flagged 'u' must be left empty", row=line, field="value"
            )
        if not withheld and pd.isna(row["value"]):
            raise DataError(
                eurostat_file,
                "value is empty; leave it empty only with flag 'u'",
                row=line,
                field="value",
            )
