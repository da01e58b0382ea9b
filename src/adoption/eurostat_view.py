"""Explore's view of the official table: Eurostat's AI use by country, size class, sector,
year and indicator, filtered from the URL; the figures whose headcounts cover a band; and
where a country ranks among a group's members.

Parsing never raises: unknown values are dropped and reported, as for the figures' filters
(:mod:`adoption.explore`). A value Eurostat withheld stays missing here (``NaN``), is
written "not published" and is never ranked, charted or counted as 0. The indicators
offered, their order, names and units, and the one opened on (the ``adoption`` panel) are
``data/eurostat_indicators.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from adoption.dataset import EUROSTAT_ALL_SIZES, EUROSTAT_BUSINESS, EUROSTAT_EU, Dataset
from adoption.i18n import fmt_pct, t
from adoption.population import Headcount

MAX_PARAM_LENGTH = 500
# Explore's two views (?view=…); the first is the default and stays out of the URL.
VIEWS = ("figures", "eurostat")
# The URL parameters of the Eurostat view, one per filter.
EUROSTAT_PARAMS = ("egeo", "esize", "enace", "eyear", "eind")
# Eurostat's size classes (persons employed) and the headcounts each holds.
SIZE_CLASSES: dict[str, Headcount] = {
    "10-49": Headcount(10, 49),
    "50-249": Headcount(50, 249),
    "GE250": Headcount(250),
    "10-249": Headcount(10, 249),
    "GE10": Headcount(10),
}
UNITS = ("PC_ENT", "PC_ENT_AI_TANY", "PC_ENT_AI_EC")
FLAGS = ("b", "u", "c")
FIRST_YEAR = 2021


@dataclass(frozen=True)
class EurostatFilters:
    """The Eurostat view's filters; an empty tuple means "no filter on this field", an
    empty indicator the dataset's adoption indicator."""

    geos: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    naces: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    indicator: str = ""


@dataclass(frozen=True)
class ParsedView:
    view: str
    filters: EurostatFilters
    rejected: tuple[str, ...] = field(default=())


def eurostat_options(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """The values each filter accepts, in display order (the EU first, then by code)."""
    frame = dataset.eurostat
    geos = sorted(set(frame["geo"]), key=lambda g: (g != EUROSTAT_EU, g))
    naces = sorted(set(frame["nace_r2"]), key=lambda n: (n != EUROSTAT_BUSINESS, n))
    sizes = set(frame["size_emp"])
    return {
        "egeo": tuple(geos),
        "esize": tuple(s for s in SIZE_CLASSES if s in sizes),
        "enace": tuple(naces),
        "eyear": tuple(str(y) for y in sorted(set(frame["year"]), reverse=True)),
        "eind": tuple(str(i) for i in dataset.eurostat_indicators["indicator"]),
    }


def parse_view(params: Mapping[str, str], dataset: Dataset) -> ParsedView:
    """Read the view and its filters from URL parameters; never raises."""
    options = eurostat_options(dataset)
    rejected: list[str] = []
    view = str(params.get("view") or VIEWS[0])
    if view not in VIEWS:
        rejected.append("view")
        view = VIEWS[0]
    chosen: dict[str, tuple[str, ...]] = {}
    for name in ("egeo", "esize", "enace", "eyear"):
        raw = params.get(name)
        if raw is None:
            chosen[name] = ()
            continue
        text = str(raw)
        values = [v.strip() for v in text[:MAX_PARAM_LENGTH].split(",") if v.strip()]
        chosen[name] = tuple(dict.fromkeys(v for v in values if v in options[name]))
        if len(text) > MAX_PARAM_LENGTH or any(v not in options[name] for v in values):
            rejected.append(name)
    indicator = str(params.get("eind") or dataset.adoption_indicator)
    if indicator not in options["eind"]:
        rejected.append("eind")
        indicator = dataset.adoption_indicator
    filters = EurostatFilters(
        geos=chosen["egeo"],
        sizes=chosen["esize"],
        naces=chosen["enace"],
        years=tuple(int(y) for y in chosen["eyear"]),
        indicator=indicator,
    )
    return ParsedView(view, filters, tuple(rejected))


def view_to_params(view: str, filters: EurostatFilters, dataset: Dataset) -> dict[str, str]:
    """The URL parameters for the view; the default view, the default indicator and empty
    filters are omitted."""
    if view == VIEWS[0]:
        return {}
    params = {
        "view": view,
        "egeo": ",".join(filters.geos),
        "esize": ",".join(filters.sizes),
        "enace": ",".join(filters.naces),
        "eyear": ",".join(str(y) for y in filters.years),
        "eind": "" if filters.indicator == dataset.adoption_indicator else filters.indicator,
    }
    return {k: v for k, v in params.items() if v}


def eurostat_rows(dataset: Dataset, filters: EurostatFilters) -> pd.DataFrame:
    """The Eurostat rows that pass every filter: by country, size, sector, newest year first."""
    rows = dataset.eurostat
    mask = rows["indicator"] == (filters.indicator or dataset.adoption_indicator)
    for column, values in (
        ("geo", filters.geos),
        ("size_emp", filters.sizes),
        ("nace_r2", filters.naces),
        ("year", filters.years),
    ):
        if values:
            mask &= rows[column].isin(values)
    chosen = rows[mask]
    order = {code: i for i, code in enumerate(eurostat_options(dataset)["egeo"])}
    sizes = {code: i for i, code in enumerate(SIZE_CLASSES)}
    key = pd.DataFrame(
        {
            "geo": chosen["geo"].map(order),
            "nace": chosen["nace_r2"] != EUROSTAT_BUSINESS,
            "nace_code": chosen["nace_r2"],
            "size": chosen["size_emp"].map(sizes),
            "year": -chosen["year"].astype(int),
            "unit": chosen["unit"],
        }
    )
    ordered = key.sort_values(list(key.columns), kind="stable").index
    return chosen.loc[ordered].reset_index(drop=True)


# --------------------------------------------------------------------------- labels


def size_label(code: str, lang: str) -> str:
    """``10–49``, ``250+``, ``10+``: a size class as the reader writes it."""
    band = SIZE_CLASSES.get(code)
    if band is None:
        return code
    return f"{band.low}+" if band.high is None else f"{band.low}–{band.high}"


def nace_label(code: str, lang: str) -> str:
    """A NACE section by its name, capitalised; the business economy as a whole by ours."""
    if code == EUROSTAT_BUSINESS:
        return t("explore.es.business", lang)
    name = t(f"bench.nace.{code}", lang)
    return name[:1].upper() + name[1:]


def unit_label(code: str, lang: str) -> str:
    return t(f"explore.es.unit.{code}", lang)


def flag_text(flag: str, extract: str, lang: str) -> str:
    """What Eurostat's flag says, in words; a value from an export without flags says so."""
    if flag in FLAGS:
        return t(f"explore.es.flag.{flag}", lang)
    if extract == "s3":
        return t("explore.es.flag.unknown", lang)
    return ""


def value_text(value: float | None, lang: str) -> str:
    """``15,04 %`` / ``15.04%``; a withheld value is "not published", never 0."""
    if value is None or pd.isna(value):
        return t("chart.not_published", lang)
    return fmt_pct(float(value), lang)


TABLE_COLUMNS = ("geo", "size", "nace", "year", "indicator", "unit", "value", "flag")


def eurostat_table(rows: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """The rows as the reader sees them: names in ``lang``, the value a number (``NaN`` when
    withheld) beside its text, the flag in words."""
    records = [
        {
            "geo": dataset.place_name(str(r["geo"]), lang),
            "size": size_label(str(r["size_emp"]), lang),
            "nace": nace_label(str(r["nace_r2"]), lang),
            "year": int(r["year"]),
            "indicator": dataset.indicator_label(str(r["indicator"]), lang),
            "unit": unit_label(str(r["unit"]), lang),
            "value": None if pd.isna(r["value"]) else float(r["value"]),
            "value_text": value_text(r["value"], lang),
            "flag": flag_text(str(r["flag"] or ""), str(r["extract"]), lang),
        }
        for r in rows.to_dict("records")
    ]
    frame = pd.DataFrame.from_records(records, columns=[*TABLE_COLUMNS, "value_text"])
    frame["value"] = frame["value"].astype("float64")
    return frame


def eurostat_download_frame(rows: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """The CSV download: the table's columns under their names in ``lang``, Eurostat's codes
    beside them, the value a number (empty when withheld), the source on every row."""
    table = eurostat_table(rows, dataset, lang)
    out = pd.DataFrame(
        {
            t("explore.es.col.geo", lang): table["geo"],
            t("explore.es.col.geo_code", lang): rows["geo"].astype(str),
            t("explore.es.col.size", lang): table["size"],
            t("explore.es.col.nace", lang): table["nace"],
            t("explore.es.col.year", lang): table["year"],
            t("explore.es.col.indicator", lang): table["indicator"],
            t("explore.es.col.indicator_code", lang): rows["indicator"].astype(str),
            t("explore.es.col.unit", lang): table["unit"],
            t("explore.es.col.value", lang): table["value"],
            t("explore.es.col.flag", lang): table["flag"],
            t("explore.es.col.dataset", lang): rows["dataset"].astype(str),
        }
    )
    return out


def eurostat_export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The Parquet download: Eurostat's own columns and codes, unchanged."""
    return rows.drop(columns=["extract"]).reset_index(drop=True)


# --------------------------------------------------------------------------- time series


def series_rows(
    dataset: Dataset,
    geos: tuple[str, ...],
    *,
    indicator: str | None = None,
    size: str = EUROSTAT_ALL_SIZES,
    nace: str = EUROSTAT_BUSINESS,
) -> pd.DataFrame:
    """One indicator (the adoption indicator by default) for ``geos`` from 2021 to the latest
    year, in the unit the app charts it in, oldest first: the rows a time-series chart draws
    (a withheld year kept, with its value missing)."""
    indicator = indicator or dataset.adoption_indicator
    unit = dataset.indicator_unit(indicator)
    rows = dataset.eurostat
    chosen = rows[
        (rows["indicator"] == indicator)
        & (rows["size_emp"] == size)
        & (rows["nace_r2"] == nace)
        & (rows["unit"] == unit)
        & rows["geo"].isin(geos)
        & (rows["year"] >= FIRST_YEAR)
    ].copy()
    chosen["order"] = chosen["geo"].map({g: i for i, g in enumerate(geos)})
    chosen = chosen.sort_values(["order", "year"]).drop(columns="order")
    return chosen.reset_index(drop=True)


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class Rank:
    """Where one country stands among a group's members with a published value."""

    geo: str
    year: int
    rank: int | None  # None when the country's value is withheld or missing
    count: int  # members ranked (a withheld member is not ranked)
    value: float | None
    group_value: float | None
    leaders: tuple[tuple[str, float], ...]  # the top three, highest first
    tied_with: tuple[str, ...]  # members with exactly the country's value
    unranked: tuple[str, ...]  # members whose value is withheld or missing that year


def rank_among(
    dataset: Dataset,
    geo: str,
    group: str = EUROSTAT_EU,
    indicator: str | None = None,
    year: int | None = None,
    *,
    size: str = EUROSTAT_ALL_SIZES,
    nace: str = EUROSTAT_BUSINESS,
) -> Rank:
    """``geo``'s rank among ``group``'s members on ``indicator`` (the adoption indicator and
    the latest year by default).

    Highest value first; equal values share a rank (1, 2, 2, 4); a member whose value is
    withheld or absent is not ranked and is listed in ``unranked``.
    """
    indicator = indicator or dataset.adoption_indicator
    rows = dataset.eurostat
    rows = rows[
        (rows["indicator"] == indicator)
        & (rows["size_emp"] == size)
        & (rows["nace_r2"] == nace)
        & (rows["unit"] == dataset.indicator_unit(indicator))
    ]
    wanted = int(rows["year"].max()) if year is None else year
    rows = rows[rows["year"] == wanted]
    members = sorted(dataset.group_members.get(group, frozenset()))
    values: dict[str, float] = {}
    for record in rows.to_dict("records"):
        if record["geo"] in members and pd.notna(record["value"]):
            values[str(record["geo"])] = float(record["value"])
    group_values = rows.loc[rows["geo"] == group, "value"].dropna()
    group_value = float(group_values.iloc[0]) if len(group_values) else None
    ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    own = values.get(geo)
    rank = None if own is None else 1 + sum(1 for v in values.values() if v > own)
    tied = () if own is None else tuple(g for g, v in ordered if v == own and g != geo)
    return Rank(
        geo=geo,
        year=wanted,
        rank=rank,
        count=len(values),
        value=own,
        group_value=group_value,
        leaders=tuple(ordered[:3]),
        tied_with=tied,
        unranked=tuple(m for m in members if m not in values),
    )


def ordinal(number: int, lang: str) -> str:
    """``15e`` / ``1er`` in French, ``15th`` / ``1st`` / ``22nd`` in English."""
    if lang == "fr":
        return "1er" if number == 1 else f"{number}e"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def rank_note(result: Rank, dataset: Dataset, lang: str) -> str:
    """The rank in one or two sentences, in our words; ties and unranked members said."""
    place = dataset.place_name(result.geo, lang)
    if result.rank is None or result.value is None:
        return t("explore.rank.withheld", lang, place=place, year=result.year)
    separator = " ; " if lang == "fr" else ", "
    leaders = separator.join(
        f"{dataset.place_name(g, lang)} {fmt_pct(v, lang)}" for g, v in result.leaders
    )
    key = "explore.rank.podium" if result.rank <= 3 else "explore.rank.not_podium"
    parts = [
        t(
            key,
            lang,
            place=place,
            rank=ordinal(result.rank, lang),
            count=result.count,
            year=result.year,
            value=fmt_pct(result.value, lang),
            group=value_text(result.group_value, lang),
            leaders=leaders,
        )
    ]
    if result.tied_with:
        names = separator.join(dataset.place_name(g, lang) for g in result.tied_with)
        parts.append(t("explore.rank.tied", lang, names=names))
    if result.unranked:
        names = separator.join(dataset.place_name(g, lang) for g in result.unranked)
        parts.append(t("explore.rank.unranked", lang, names=names))
    return " ".join(parts)


# --------------------------------------------------------------------------- headcount bands

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
# A number, possibly with thousands separators: 4999, 4 999, 4,999, 4.999, 4 999 (U+202F).
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?!\d)|\d+"
_BAND = re.compile(
    rf"(?<![\d])({_NUMBER})\s*(?:[{_DASHES}]|\bà\b|\ba\b|\bto\b|\bau\b)\s*({_NUMBER})(?!\d)",
    re.IGNORECASE,
)
_OPEN = re.compile(
    rf"(?<![\d])({_NUMBER})\s*(?:\+|\bor more\b|\bou plus\b|\bet plus\b|\band more\b)",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f,.](?=\d{3}(?!\d))")
# Words that link the numbers of a band and say nothing of the population.
_STOPWORDS = frozenset({"de", "du", "à", "a", "au", "to", "from", "of", "and", "et", "entre"})


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def normalise(text: str) -> str:
    """Search text: case folded, every dash a hyphen, thousands separators dropped, and
    "10 à 49" / "10 to 49" written "10-49"."""
    text = _THOUSANDS.sub("", text.casefold())
    text = re.sub(f"[{_DASHES}]", "-", text)
    return re.sub(r"(\d)\s*(?:-|\bà\b|\bto\b|\bau\b)\s*(\d)", r"\1-\2", text)


@dataclass(frozen=True)
class Search:
    """The population search: a headcount band when one is typed, and the other words."""

    band: Headcount | None
    words: tuple[str, ...]


def parse_search(text: str) -> Search:
    """``"France, 10 à 49"`` → band 10–49 and the word ``france``; ``"250+"`` → 250 or more.

    Dashes of any kind, "à", "to" between two numbers, and thousands separators
    (``1 000``, ``1,000``) are all read alike.
    """
    band: Headcount | None = None
    rest = text
    match = _BAND.search(text)
    if match:
        low, high = _number(match.group(1)), _number(match.group(2))
        if high >= low:
            band = Headcount(low, high)
            rest = text[: match.start()] + " " + text[match.end() :]
    else:
        match = _OPEN.search(text)
        if match:
            band = Headcount(_number(match.group(1)))
            rest = text[: match.start()] + " " + text[match.end() :]
    words = tuple(
        w for w in re.findall(r"[\w'’]+", normalise(rest)) if w not in _STOPWORDS and len(w) > 1
    )
    return Search(band, words)


def figure_headcount(low: Any, high: Any) -> Headcount | None:
    """The headcounts a figure's population spans (its ``size_min``, ``size_max``); None
    when the source does not say."""
    if low is None or pd.isna(low):
        return None
    return Headcount(int(low), None if high is None or pd.isna(high) else int(high))


def overlaps(a: Headcount, b: Headcount) -> bool:
    """True when some headcount lies in both ranges."""
    a_high = a.high if a.high is not None else float("inf")
    b_high = b.high if b.high is not None else float("inf")
    return a.low <= b_high and b.low <= a_high


def eurostat_covering(
    dataset: Dataset,
    band: Headcount,
    geos: tuple[str, ...] = (),
    indicator: str | None = None,
) -> pd.DataFrame:
    """Eurostat's latest published value of ``indicator`` (the adoption indicator by
    default) for every size class that holds the whole ``band`` (business economy), for
    ``geos`` (every country when empty), narrowest first."""
    indicator = indicator or dataset.adoption_indicator
    classes = [code for code, held in SIZE_CLASSES.items() if held.contains(band)]
    rows = dataset.eurostat
    rows = rows[
        (rows["indicator"] == indicator)
        & rows["size_emp"].isin(classes)
        & (rows["nace_r2"] == EUROSTAT_BUSINESS)
        & (rows["unit"] == dataset.indicator_unit(indicator))
        & rows["value"].notna()
    ]
    if geos:
        rows = rows[rows["geo"].isin(geos)]
    rows = rows.sort_values("year", ascending=False).drop_duplicates(["geo", "size_emp"])
    width = {code: SIZE_CLASSES[code].width for code in classes}
    order = {code: i for i, code in enumerate(eurostat_options(dataset)["egeo"])}
    key = pd.DataFrame({"geo": rows["geo"].map(order), "width": rows["size_emp"].map(width)})
    return rows.loc[key.sort_values(["geo", "width"], kind="stable").index].reset_index(drop=True)
