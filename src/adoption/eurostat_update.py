"""Refresh ``data/eurostat_ai.csv`` from Eurostat's own API, after a review of what changed.

A curator's tool (``make update-data``, see ``scripts/update_eurostat.py``), never run by
the app. It fetches ``isoc_eb_ai`` and ``isoc_eb_ain2`` from Eurostat's SDMX 2.1 REST API,
keeps exactly the cells the app uses (the indicator × size class × NACE × unit
combinations already in ``data/eurostat_ai.csv``, every country but the euro area ``EA``,
every year), compares them with the file, and writes only when asked. What it writes keeps
the file's schema: values as Eurostat publishes them (never rounded), flags kept, a
withheld value empty with its flag (never 0), ``extract = api``; and
``data/eurostat_releases.csv`` records, per dataset, the day of retrieval and Eurostat's
own last update (Eurostat keeps no past versions, so this is the project's dated snapshot).

**Client: sdmx1** (``sdmx``), rather than the ``eurostat`` package. sdmx1 speaks SDMX 2.1
REST with Eurostat as a built-in source (``ESTAT``, including its quirks: the
``references`` parameter, the deferred ZIP answer of large queries), builds the key filter
from the dataflow's own structure, parses SDMX-ML into observations that keep their
attributes (``OBS_FLAG``, ``CONF_STATUS``) and the dataflow's annotations (``UPDATE_DATA``:
Eurostat's last update), and takes a ``requests`` session and a timeout per call, which is
how the tests replay recorded responses without a network. ``eurostat`` 1.1.1 is a thin
wrapper over the TSV download: flags come back glued to the values, the timeout is a
module-wide setting, every call opens its own connection (nothing to inject), and it does
not give the dataset's last-update date without downloading the whole table of contents.

Everything here but :func:`sdmx_fetcher` is pure: parse observations into rows, select the
app's cells, check a response is complete, diff, render the diff, write. A download that
fails, times out, is malformed or lacks a dataset or one of the app's cells raises
:class:`UpdateError` before anything is written; the candidate files are loaded by
:func:`adoption.dataset.load_dataset` (in a scratch copy of ``data/``) before they replace
the real ones.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from adoption.datapackage import DataError
from adoption.dataset import API_EXTRACT, load_dataset

if TYPE_CHECKING:
    import requests

DATASETS = ("isoc_eb_ai", "isoc_eb_ain2")
FIELDS = (
    "dataset",
    "indicator",
    "size_emp",
    "nace_r2",
    "geo",
    "year",
    "unit",
    "value",
    "flag",
    "extract",
)
RELEASE_FIELDS = ("dataset", "extract", "retrieved", "last_update", "url", "licence", "copy")
EUROSTAT_FILE = "eurostat_ai.csv"
RELEASES_FILE = "eurostat_releases.csv"
API_URL = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1"
LICENCE = "CC BY 4.0"
TIMEOUT_SECONDS = 60.0
# The euro area changed members over the years and the benchmark never compares with it.
SKIPPED_GEO = frozenset({"EA"})
BREAK_FLAG = "b"
# The app already tells of 2025's break (image, video and sound generation counted).
KNOWN_BREAK_YEARS = frozenset({2025})
# Extracts whose dump dropped Eurostat's flags: an empty flag there is unknown, not absent.
FLAGS_UNKNOWN = frozenset({"s3"})

Cell = tuple[str, str, str, str, str]  # dataset, indicator, size_emp, nace_r2, unit
Key = tuple[str, str, str, str, str, str, str]  # dataset … geo, year, unit


class UpdateError(Exception):
    """A download or response that cannot be used; nothing has been written."""


class Row(NamedTuple):
    """One row of ``eurostat_ai.csv``, as text (the file's own spelling)."""

    dataset: str
    indicator: str
    size_emp: str
    nace_r2: str
    geo: str
    year: str
    unit: str
    value: str
    flag: str
    extract: str

    @property
    def key(self) -> Key:
        return (
            self.dataset,
            self.indicator,
            self.size_emp,
            self.nace_r2,
            self.geo,
            self.year,
            self.unit,
        )

    @property
    def cell(self) -> Cell:
        return (self.dataset, self.indicator, self.size_emp, self.nace_r2, self.unit)


@dataclass(frozen=True)
class Release:
    """One dataset as the API gave it: its rows (all of them, unfiltered) and its dates."""

    dataset: str
    last_update: date
    url: str
    rows: tuple[Row, ...]


# (dataset, the key filter by dimension) -> the release; raises UpdateError.
Fetch = Callable[[str, Mapping[str, Sequence[str]]], Release]


# --- reading and selecting ----------------------------------------------------------------


def read_rows(path: Path) -> list[Row]:
    """The rows of an ``eurostat_ai.csv`` file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [Row(**{name: raw[name] or "" for name in FIELDS}) for raw in csv.DictReader(handle)]


def wanted_cells(rows: Iterable[Row]) -> dict[str, set[Cell]]:
    """The cells the app uses, by dataset: those already in the file."""
    cells: dict[str, set[Cell]] = {dataset: set() for dataset in DATASETS}
    for row in rows:
        cells.setdefault(row.dataset, set()).add(row.cell)
    return cells


def key_filter(cells: Iterable[Cell]) -> dict[str, list[str]]:
    """The API's key filter for ``cells``: every value used, per dimension (annual data).

    The filter asks for the product of the values, a few cells more than the app uses;
    :func:`select` keeps exactly the app's.
    """
    cells = list(cells)
    return {
        "freq": ["A"],
        "indic_is": sorted({c[1] for c in cells}),
        "size_emp": sorted({c[2] for c in cells}),
        "nace_r2": sorted({c[3] for c in cells}),
        "unit": sorted({c[4] for c in cells}),
    }


def normalise_value(text: str) -> str:
    """A published value in the file's spelling: two decimals, as Eurostat gives these
    percentages (``30.1`` is written ``30.10``); never rounded, so more decimals stay."""
    text = text.strip()
    if text == "" or text.lower() == "nan":
        return ""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise UpdateError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise UpdateError(f"{text!r} is not a finite number")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        number = number.quantize(Decimal("0.01"))
    return format(number, "f")


def observation_row(
    dataset: str, key: Mapping[str, str], value: str | None, attributes: Mapping[str, str]
) -> Row:
    """One observation of the API (its dimensions, value and attributes) as a row.

    ``CONF_STATUS`` ``C`` (confidential) becomes the flag ``c``; otherwise the flag is
    ``OBS_FLAG`` as published. A withheld value is empty, never 0.
    """
    try:
        year = key["TIME_PERIOD"]
        dims = [key[name] for name in ("indic_is", "size_emp", "nace_r2", "geo", "unit")]
    except KeyError as missing:
        raise UpdateError(f"{dataset}: an observation has no {missing} dimension") from None
    confidential = attributes.get("CONF_STATUS", "").strip().upper() == "C"
    flag = "c" if confidential else attributes.get("OBS_FLAG", "").strip()
    text = "" if value is None else str(value)
    indicator, size_emp, nace_r2, geo, unit = dims
    return Row(
        dataset=dataset,
        indicator=indicator,
        size_emp=size_emp,
        nace_r2=nace_r2,
        geo=geo,
        year=year,
        unit=unit,
        value=normalise_value(text),
        flag=flag,
        extract=API_EXTRACT,
    )


def select(rows: Iterable[Row], cells: set[Cell]) -> list[Row]:
    """The rows of the app's cells, without the euro area, in the file's order."""
    kept = [r for r in rows if r.cell in cells and r.geo not in SKIPPED_GEO]
    return sorted(kept, key=lambda r: r.key)


def check_complete(release: Release, selected: Sequence[Row], cells: set[Cell]) -> None:
    """Fail when the response has no row for a cell the app uses, or one row twice."""
    seen: set[Key] = set()
    for row in selected:
        if row.key in seen:
            raise UpdateError(f"{release.dataset}: the response gives {_label(row)} twice")
        seen.add(row.key)
    missing = sorted(cells - {row.cell for row in selected})
    if missing:
        shown = "; ".join(" ".join(cell[1:]) for cell in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise UpdateError(
            f"{release.dataset}: the response has no row for {len(missing)} of the "
            f"{len(cells)} series the app uses ({shown}{more}); a partial download?"
        )


# --- the diff ----------------------------------------------------------------------------


@dataclass
class Diff:
    """What a new release changes in the file, for a person to review."""

    changed: list[tuple[Row, Row]] = field(default_factory=list)  # value revised
    added: list[Row] = field(default_factory=list)  # a cell new to the file
    published: list[tuple[Row, Row]] = field(default_factory=list)  # empty before, now given
    withdrawn: list[tuple[Row, Row | None]] = field(default_factory=list)  # emptied or gone
    flags_changed: list[tuple[Row, Row]] = field(default_factory=list)
    flags_learned: list[tuple[Row, Row]] = field(default_factory=list)  # unknown before (s3)
    new_years: list[str] = field(default_factory=list)
    new_countries: list[str] = field(default_factory=list)
    new_breaks: dict[str, list[Row]] = field(default_factory=dict)  # year -> rows flagged b

    @property
    def empty(self) -> bool:
        return not (
            self.changed
            or self.added
            or self.published
            or self.withdrawn
            or self.flags_changed
            or self.flags_learned
        )


def diff(old: Iterable[Row], new: Iterable[Row]) -> Diff:
    """Compare the file's rows with the candidate's, cell by cell (key: dataset … unit)."""
    before = {row.key: row for row in old}
    after = {row.key: row for row in new}
    result = Diff()
    for key, row in sorted(after.items()):
        was = before.get(key)
        if was is None:
            result.added.append(row)
            continue
        if was.value and not row.value:
            result.withdrawn.append((was, row))
        elif not was.value and row.value:
            result.published.append((was, row))
        elif was.value and Decimal(was.value) != Decimal(row.value):
            result.changed.append((was, row))
        if was.flag != row.flag:
            unknown = was.extract in FLAGS_UNKNOWN and not was.flag
            (result.flags_learned if unknown else result.flags_changed).append((was, row))
    for key, was in sorted(before.items()):
        if key not in after:
            result.withdrawn.append((was, None))
    old_years = {r.year for r in before.values()}
    result.new_years = sorted({r.year for r in after.values()} - old_years)
    result.new_countries = sorted(
        {r.geo for r in after.values()} - {r.geo for r in before.values()}
    )
    old_breaks = {r.year for r in before.values() if BREAK_FLAG in r.flag}
    for row in after.values():
        if (
            BREAK_FLAG in row.flag
            and row.year not in old_breaks
            and int(row.year) not in KNOWN_BREAK_YEARS
        ):
            result.new_breaks.setdefault(row.year, []).append(row)
    return result


def _label(row: Row) -> str:
    return " ".join(
        (row.dataset, row.indicator, row.size_emp, row.nace_r2, row.unit, row.geo, row.year)
    )


def _shown(row: Row | None) -> str:
    if row is None:
        return "row gone"
    if not row.value:
        return f"not published ({row.flag})" if row.flag else "not published"
    return f"{row.value} ({row.flag})" if row.flag else row.value


def render(result: Diff, releases: Sequence[Release] = (), limit: int | None = 20) -> str:
    """The diff as text: a count and the first ``limit`` lines of each kind of change."""
    lines: list[str] = []
    for release in releases:
        lines.append(
            f"{release.dataset}: Eurostat's last update {release.last_update.isoformat()}, "
            f"{len(release.rows)} observations received"
        )

    def section(title: str, items: Sequence[str]) -> None:
        if not items:
            return
        lines.append("")
        lines.append(f"{title}: {len(items)}")
        cut = items if limit is None else items[:limit]
        lines.extend(f"  {item}" for item in cut)
        if len(cut) < len(items):
            lines.append(f"  … and {len(items) - len(cut)} more (--all lists every one)")

    section(
        "Values changed (old → new)",
        [f"{_label(a)}: {_shown(a)} → {_shown(b)}" for a, b in result.changed],
    )
    section("Cells added", [f"{_label(r)}: {_shown(r)}" for r in result.added])
    section(
        "Values now published (empty before)",
        [f"{_label(a)}: {_shown(a)} → {_shown(b)}" for a, b in result.published],
    )
    section(
        "Cells withdrawn (value now empty, or row gone)",
        [f"{_label(a)}: {_shown(a)} → {_shown(b)}" for a, b in result.withdrawn],
    )
    section(
        "Flags changed", [f"{_label(a)}: '{a.flag}' → '{b.flag}'" for a, b in result.flags_changed]
    )
    section(
        "Flags now known (the s3 dump had dropped them)",
        [f"{_label(a)}: '{b.flag}'" for a, b in result.flags_learned],
    )
    if result.new_years:
        lines += ["", f"New years: {', '.join(result.new_years)}"]
    if result.new_countries:
        lines += ["", f"New countries: {', '.join(result.new_countries)} (geo.csv must name them)"]
    for year, rows in sorted(result.new_breaks.items()):
        lines += [
            "",
            f"BREAK IN SERIES flagged '{BREAK_FLAG}' for {year} in {len(rows)} cells "
            f"(e.g. {_label(rows[0])}): the app's note tells only of 2025's break; "
            "add a note for this one.",
        ]
    if result.empty:
        lines += ["", "No value, cell or flag changes."]
    return "\n".join(lines).strip("\n") + "\n"


# --- writing -----------------------------------------------------------------------------


def rows_text(rows: Iterable[Row]) -> str:
    """``eurostat_ai.csv`` as text: header, then the rows in key order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    ordered: list[Row] = sorted(rows, key=lambda r: r.key)
    writer.writerows(ordered)
    return buffer.getvalue()


def releases_text(releases: Sequence[Release], retrieved: date) -> str:
    """``eurostat_releases.csv`` for rows that all come from the API."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RELEASE_FIELDS)
    for release in sorted(releases, key=lambda r: r.dataset):
        writer.writerow(
            (
                release.dataset,
                API_EXTRACT,
                retrieved.isoformat(),
                release.last_update.isoformat(),
                release.url,
                LICENCE,
                "",
            )
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class Plan:
    """A checked update: the new files' text and what they change."""

    diff: Diff
    releases: tuple[Release, ...]
    files: Mapping[str, str]  # file name in data/ -> its new text

    def review(self, limit: int | None = 20) -> str:
        return render(self.diff, self.releases, limit)


def plan_update(data_dir: Path, fetch: Fetch, retrieved: date) -> Plan:
    """Fetch both datasets, keep the app's cells, diff them with the file and check that
    the loader accepts the result. Raises :class:`UpdateError`; writes nothing."""
    old = read_rows(data_dir / EUROSTAT_FILE)
    cells = wanted_cells(old)
    releases: list[Release] = []
    new: list[Row] = []
    for dataset in DATASETS:
        if not cells.get(dataset):
            raise UpdateError(f"{EUROSTAT_FILE} has no {dataset} row: nothing says what to fetch")
        release = fetch(dataset, key_filter(cells[dataset]))
        if release.dataset != dataset:
            raise UpdateError(f"asked for {dataset}, the response is {release.dataset}")
        selected = select(release.rows, cells[dataset])
        check_complete(release, selected, cells[dataset])
        releases.append(release)
        new.extend(selected)
    if retrieved < max(r.last_update for r in releases):
        raise UpdateError("Eurostat's last update is after today: check the machine's clock")
    files = {EUROSTAT_FILE: rows_text(new), RELEASES_FILE: releases_text(releases, retrieved)}
    _check_loadable(data_dir, files)
    return Plan(diff=diff(old, new), releases=tuple(releases), files=files)


def _check_loadable(data_dir: Path, files: Mapping[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="eurostat-update-") as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy)
        for name, text in files.items():
            (copy / name).write_text(text, encoding="utf-8")
        try:
            load_dataset(copy)
        except DataError as exc:
            raise UpdateError(f"the app would refuse the new data: {exc}") from None


def write_plan(plan: Plan, data_dir: Path) -> list[Path]:
    """Write the plan's files into ``data_dir`` (each replaced whole, never half-written)."""
    written = []
    for name, text in plan.files.items():
        path = data_dir / name
        partial = path.with_suffix(".csv.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        written.append(path)
    return written


# --- the network -------------------------------------------------------------------------


def sdmx_fetcher(
    session: requests.Session | None = None, timeout: float = TIMEOUT_SECONDS
) -> Fetch:
    """A :data:`Fetch` over Eurostat's SDMX 2.1 API with sdmx1 (``session``: a
    ``requests`` session to use instead of sdmx1's own, e.g. one that replays recordings)."""
    import requests
    import sdmx

    client = sdmx.Client("ESTAT", session=session) if session else sdmx.Client("ESTAT")

    def fetch(dataset: str, key: Mapping[str, Sequence[str]]) -> Release:
        flow_id = dataset.upper()
        step = "its structure"
        try:
            structure: Any = client.get(
                resource_type="dataflow", resource_id=flow_id, timeout=timeout
            )
            flow = structure.dataflow[flow_id]
            last_update = _last_update(dataset, flow)
            step = "its data"
            message: Any = client.get(
                resource_type="data",
                resource_id=flow_id,
                key={name: list(values) for name, values in key.items()},
                dsd=flow.structure,
                timeout=timeout,
            )
            url = str(message.response.url)
            rows = tuple(
                observation_row(
                    dataset,
                    {dim: str(kv.value) for dim, kv in obs.key.values.items()},
                    None if obs.value is None else str(obs.value),
                    {name: str(av.value) for name, av in obs.attrib.items()},
                )
                for data_set in message.data
                for obs in data_set.obs
            )
        except requests.Timeout:
            raise UpdateError(
                f"{dataset}: Eurostat did not answer within {timeout:g} s (asking for {step})"
            ) from None
        except requests.ConnectionError as exc:
            raise UpdateError(f"{dataset}: could not reach Eurostat ({exc})") from None
        except requests.HTTPError as exc:
            raise UpdateError(f"{dataset}: Eurostat answered {exc} (asking for {step})") from None
        except UpdateError:
            raise
        except Exception as exc:  # whatever the parser raises, the answer is malformed
            raise UpdateError(
                f"{dataset}: the response for {step} is not SDMX-ML as expected "
                f"({type(exc).__name__}: {exc})"
            ) from None
        if not rows:
            raise UpdateError(f"{dataset}: the response holds no observation")
        return Release(dataset=dataset, last_update=last_update, url=url, rows=rows)

    return fetch


def _last_update(dataset: str, flow: Any) -> date:
    for annotation in getattr(flow, "annotations", []):
        if annotation.type == "UPDATE_DATA":
            text = str(annotation.title or "")
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                raise UpdateError(f"{dataset}: last update {text!r} is not a date") from None
    raise UpdateError(f"{dataset}: the dataflow gives no last-update date (UPDATE_DATA)")
