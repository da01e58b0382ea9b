"""Filtering the figures table, and carrying the filters in the page URL.

The URL holds one parameter per filter, multi-values separated by commas
(``?theme=adoption,skills&grade=primary``). Parsing never raises: unknown values are
dropped and reported, so a tampered or outdated link still opens, with a notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from adoption.dataset import GRADES, THEMES, Dataset
from adoption.eurostat_view import figure_headcount, normalise, overlaps, parse_search
from adoption.i18n import fmt_pct, format_period, pick, t
from adoption.sources import SourceDetails, format_day, source_details

MAX_PARAM_LENGTH = 500
MAX_SEARCH_LENGTH = 60
FILTER_PARAMS = ("theme", "source", "grade", "geo", "q", "sort")
# How the table is ordered (?sort=…); the first is the default and stays out of the URL.
SORTS = ("value_desc", "value_asc", "label", "period_desc", "source")


@dataclass(frozen=True)
class Filters:
    """The Explore page's filters; an empty tuple means "no filter on this field"."""

    themes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    geos: tuple[str, ...] = ()
    search: str = ""
    sort: str = SORTS[0]


@dataclass(frozen=True)
class ParsedFilters:
    filters: Filters
    rejected: tuple[str, ...] = field(default=())  # names of parameters that had bad values


def filter_options(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """The allowed values of each multi-value filter, in display order."""
    attributed = set(dataset.figures["attributed_to"])
    return {
        "theme": THEMES,
        "source": tuple(s for s in dataset.sources["id"] if s in attributed),
        "grade": GRADES,
        "geo": tuple(dict.fromkeys(dataset.figures["geo"])),
    }


def parse_filters(params: Mapping[str, str], dataset: Dataset) -> ParsedFilters:
    """Read filters from URL parameters; never raises, drops and reports what it cannot use."""
    options = filter_options(dataset)
    rejected: list[str] = []
    chosen: dict[str, tuple[str, ...]] = {}
    for name, allowed in options.items():
        raw = params.get(name)
        if raw is None:
            chosen[name] = ()
            continue
        text = str(raw)
        values = [v.strip() for v in text[:MAX_PARAM_LENGTH].split(",") if v.strip()]
        kept = tuple(dict.fromkeys(v for v in values if v in allowed))
        if len(text) > MAX_PARAM_LENGTH or any(v not in allowed for v in values):
            rejected.append(name)
        chosen[name] = kept
    search = str(params.get("q") or "")
    if len(search) > MAX_SEARCH_LENGTH or any(c in search for c in "<>\x00"):
        rejected.append("q")
        search = ""
    sort = str(params.get("sort") or SORTS[0])
    if sort not in SORTS:
        rejected.append("sort")
        sort = SORTS[0]
    filters = Filters(
        themes=chosen["theme"],
        sources=chosen["source"],
        grades=chosen["grade"],
        geos=chosen["geo"],
        search=search.strip(),
        sort=sort,
    )
    return ParsedFilters(filters, tuple(rejected))


def filters_to_params(filters: Filters) -> dict[str, str]:
    """The URL parameters for ``filters``; filters left empty are omitted."""
    params = {
        "theme": ",".join(filters.themes),
        "source": ",".join(filters.sources),
        "grade": ",".join(filters.grades),
        "geo": ",".join(filters.geos),
        "q": filters.search,
        "sort": "" if filters.sort == SORTS[0] else filters.sort,
    }
    return {k: v for k, v in params.items() if v}


def apply_filters(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The figure rows that pass every filter (the population search ignores case)."""
    rows = dataset.figures
    mask = pd.Series(True, index=rows.index)
    for column, values in (
        ("theme", filters.themes),
        ("attributed_to", filters.sources),
        ("grade", filters.grades),
        ("geo", filters.geos),
    ):
        if values:
            mask &= rows[column].isin(values)
    if filters.search:
        mask &= _search_mask(dataset, filters.search, partly=False)
    return rows[mask].reset_index(drop=True)


def partly_covering(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """When the search names a headcount band: the figures that pass the other filters and
    speak of part of the band only (France Num's 10–19 and 20–49 for 10–49). Not members
    of :func:`apply_filters`'s selection: a figure on 10–19 says nothing of a firm of 30."""
    if parse_search(filters.search).band is None:
        return dataset.figures.iloc[:0]
    wider = apply_filters(
        dataset, Filters(filters.themes, filters.sources, filters.grades, filters.geos)
    )
    return wider[_search_mask(dataset, filters.search, partly=True, rows=wider)].reset_index(
        drop=True
    )


def _search_mask(
    dataset: Dataset, text: str, *, partly: bool, rows: pd.DataFrame | None = None
) -> pd.Series[bool]:
    """The population search. A headcount band typed ("10-49", "10 à 49", "10 to 49",
    "250+") keeps the figures whose population holds **every** firm of the band (a figure
    on 0–249 speaks of a firm of 30; one on 10–19 does not); with ``partly``, those that
    hold only part of it instead. The other words must all appear in the population or the
    place's name, read with dashes and thousands separators alike."""
    rows = dataset.figures if rows is None else rows
    search = parse_search(text)
    mask = pd.Series(True, index=rows.index)
    if search.band is not None:
        band = search.band
        held = []
        for low, high in zip(rows["size_min"], rows["size_max"], strict=True):
            span = figure_headcount(low, high)
            whole = span is not None and span.contains(band)
            some = span is not None and overlaps(span, band) and not whole
            held.append(some if partly else whole)
        mask &= pd.Series(held, index=rows.index, dtype=bool)
    if search.words:
        places = [
            f"{dataset.place_name(str(g), 'fr')} {dataset.place_name(str(g), 'en')}"
            for g in rows["geo"]
        ]
        haystack = [
            normalise(f"{fr} {en} {place}")
            for fr, en, place in zip(
                rows["population_fr"], rows["population_en"], places, strict=True
            )
        ]
        mask &= pd.Series(
            [all(word in hay for word in search.words) for hay in haystack],
            index=rows.index,
            dtype=bool,
        )
    return mask


def sort_rows(rows: pd.DataFrame, dataset: Dataset, sort: str, lang: str) -> pd.DataFrame:
    """``rows`` in the order ``sort`` names (see :data:`SORTS`); ties keep the data's order."""
    key: pd.Series[Any]
    if sort in ("value_desc", "value_asc"):
        key = rows["value"].astype(float)
        ascending = sort == "value_asc"
    elif sort == "label":
        key = rows[f"label_{lang}"].str.casefold()
        ascending = True
    elif sort == "period_desc":
        # "not stated" sorts last; within a year, months and halves follow the year.
        key = rows["period"].where(rows["period"] != "not_stated", "")
        ascending = False
    else:
        key = pd.Series(
            [dataset.source_name(str(s), lang).casefold() for s in rows["attributed_to"]],
            index=rows.index,
        )
        ascending = True
    order = key.sort_values(ascending=ascending, kind="stable").index
    return rows.loc[order].reset_index(drop=True)


def provenance_table(rows: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """The rows as the reader sees them: our labels, formatted value and full provenance."""
    urls = dict(zip(dataset.sources["id"], dataset.sources["url"], strict=True))
    details = source_details(dataset)
    separator = " ; " if lang == "fr" else "; "
    records = []
    for _, row in rows.iterrows():
        original = row["original_source"] or row["attributed_to"]
        records.append(
            {
                "id": row["id"],
                "label": pick(row, "label", lang),
                "value": float(row["value"]),
                "value_text": fmt_pct(row["value"], lang, kind=row["value_kind"]),
                "value_kind": t("kind." + row["value_kind"], lang),
                "theme": t("theme." + row["theme"], lang),
                "population": pick(row, "population", lang),
                "geo": dataset.place_name(str(row["geo"]), lang),
                "period": format_period(str(row["period"]), lang),
                "attributed_to": dataset.source_name(str(row["attributed_to"]), lang),
                "data_as_of": _as_of(details[str(row["attributed_to"])], lang),
                "cited_in": separator.join(dataset.source_name(a, lang) for a in row["cited_in"])
                or t("prov.none", lang),
                "grade": t("grade." + row["grade"], lang),
                "url": urls.get(original) or None,
                "caveat": pick(row, "caveat", lang),
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "id",
            "label",
            "value",
            "value_text",
            "value_kind",
            "theme",
            "population",
            "geo",
            "period",
            "attributed_to",
            "data_as_of",
            "cited_in",
            "grade",
            "url",
            "caveat",
        ],
    )


def _as_of(source: SourceDetails, lang: str) -> str:
    # Only a survey's or a statistic's figures have a version worth dating.
    if not source.measured:
        return ""
    return format_day(source.data_as_of, lang) or t("prov.not_stated", lang)


# The table's columns, in the order the page shows them.
TABLE_COLUMNS = (
    "label",
    "value",
    "value_kind",
    "population",
    "geo",
    "period",
    "attributed_to",
    "data_as_of",
    "cited_in",
    "grade",
    "caveat",
    "url",
)
# The CSV's: the same, with the original publication's title after who measured it.
DOWNLOAD_COLUMNS = (*TABLE_COLUMNS[:7], "original", *TABLE_COLUMNS[7:])


def download_frame(rows: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """The selection as the CSV download gives it: the table's columns under their names in
    ``lang``, the value as a number (written the language's way by the CSV), every source
    by its name and the original publication by its title."""
    table = provenance_table(rows, dataset, lang)
    originals = []
    for _, row in rows.iterrows():
        original = str(row["original_source"] or row["attributed_to"])
        title = str(dataset.source(original)["title"] or "")
        originals.append(title or dataset.source_name(original, lang))
    table["original"] = originals
    out = table[list(DOWNLOAD_COLUMNS)]
    return out.rename(columns={c: t(f"col.{c}", lang) for c in DOWNLOAD_COLUMNS})


def export_frame(rows: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The selected figures with every data column and the source organisation spelled out:
    what the CSV and Parquet downloads contain, in both languages."""
    out = rows.copy()
    out["cited_in"] = [";".join(v) for v in out["cited_in"]]
    out["sector"] = [";".join(v) for v in out["sector"]]
    at = list(out.columns).index("attributed_to") + 1
    for offset, lang in enumerate(("fr", "en")):
        out.insert(
            at + offset,
            f"attributed_to_name_{lang}",
            [dataset.source_name(s, lang) for s in out["attributed_to"]],
        )
    return out.reset_index(drop=True)
