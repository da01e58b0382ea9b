"""Where a source comes from, as Our World in Data keeps it: citation, licence, the day it
was accessed, the publisher's last update, the publication's own address.

A Eurostat dataset (a source with a ``dataset``) takes its access date and last update from
``data/eurostat_releases.csv``, which ``make update-data`` rewrites: the latest of its
releases. Every other source gives them in ``sources.csv`` or leaves them empty. The
citation is built from the source's own organisation, date and title (or Eurostat's dataset
code), never from our labels: a source with neither title nor code has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from adoption.dataset import SURVEY_KINDS, Dataset
from adoption.i18n import format_date, format_period


@dataclass(frozen=True)
class SourceDetails:
    """One source's origin; an empty string is a fact the source does not give."""

    citation: str
    licence: str
    accessed: str  # YYYY-MM-DD
    last_update: str  # YYYY, YYYY-MM or YYYY-MM-DD
    url: str  # the publication's own address
    publisher_site: str  # the publisher's home page, when the publication's is not known
    published: str  # the publication's date, as far as known
    measured: bool  # a survey or official statistics: its figures are dated ("data as of")

    @property
    def data_as_of(self) -> str:
        """The version of the data: the publisher's last update, else the publication's
        date (a one-off publication's figures are as of it), else empty."""
        return self.last_update or self.published


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _latest(values: pd.Series) -> str:
    known = [v for v in values if pd.notna(v)]
    return max(known).isoformat() if known else ""


def citation(organisation: str, year: str, title: str) -> str:
    """``Eurostat (2026). Artificial intelligence by size class of enterprise.``; without an
    organisation, ``Title (2025).``; without a title, nothing (an organisation alone does
    not say which publication)."""
    if not title:
        return ""
    if organisation:
        text = f"{organisation} ({year}). {title}" if year else f"{organisation}. {title}"
    else:
        text = f"{title} ({year})" if year else title
    return text if text.endswith((".", "?", "!")) else f"{text}."


def source_details(ds: Dataset) -> dict[str, SourceDetails]:
    """Every source's details, by source id."""
    releases = ds.eurostat_releases
    found: dict[str, SourceDetails] = {}
    for _, row in ds.sources.iterrows():
        accessed, last_update = _text(row["accessed"]), _text(row["last_update"])
        eurostat_dataset = _text(row["dataset"])
        if eurostat_dataset:
            own = releases[releases["dataset"] == eurostat_dataset]
            accessed, last_update = _latest(own["retrieved"]), _latest(own["last_update"])
        published = _text(row["date"])
        found[str(row["id"])] = SourceDetails(
            citation=citation(
                _text(row["organisation"]),
                (published or last_update)[:4],
                _text(row["title"]) or eurostat_dataset,
            ),
            licence=_text(row["licence"]),
            accessed=accessed,
            last_update=last_update,
            url=_text(row["url"]),
            publisher_site=_text(row["publisher_site"]),
            published=published,
            measured=row["kind"] in SURVEY_KINDS,
        )
    return found


def release_as_of(ds: Dataset) -> dict[tuple[str, str], str]:
    """Eurostat's last update of each (dataset, extract) of ``eurostat_ai.csv``; empty
    where the stored copy did not record it."""
    return {
        (str(r["dataset"]), str(r["extract"])): _latest(pd.Series([r["last_update"]]))
        for _, r in ds.eurostat_releases.iterrows()
    }


def format_day(text: str, lang: str) -> str:
    """A date as people read it: ``15 juin 2026``, ``juil. 2025``, ``2025``; empty stays
    empty."""
    if len(text) == len("YYYY-MM-DD"):
        return format_date(date.fromisoformat(text), lang)
    return format_period(text, lang) if text else ""
