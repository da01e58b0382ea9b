"""A figure on the page: its number, its provenance one click away."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import pandas as pd
import streamlit as st

from adoption import palette
from adoption.benchmark import format_headcount
from adoption.dataset import Dataset
from adoption.i18n import NNBSP, fmt_pct, format_band, format_period, messages, pick
from adoption.population import Headcount
from adoption.sources import SourceDetails, format_day, source_details
from adoption.workshop import escape_markdown
from adoption_ui.appdata import cached
from adoption_ui.text import current_lang, tr

NUMBER_STYLE = (
    f"font-size:2.6rem;font-weight:700;line-height:1.15;color:{palette.INK};margin:0.2rem 0"
)


NOTE_STYLE = f"font-size:0.85rem;color:{palette.MUTED}"


def lines(ds: Dataset, row: pd.Series) -> list[str]:
    """Who measured this, on whom, when, and who quoted it, as Markdown lines."""
    code = current_lang()

    lines = [
        _line("prov.population", pick(row, "population", code)),
        _line("prov.counts", tr("counts." + row["counts"])),
        _line("prov.where", ds.place_name(str(row["geo"]), code)),
        _line("prov.headcount", headcount_text(row, persons=_counts_persons(ds, row))),
        _line("prov.period", format_period(str(row["period"]), code)),
    ]
    details = cached("source_details", lambda: source_details(ds))
    measurer = details.get(str(row["attributed_to"]))
    if measurer is not None and measurer.measured:
        lines.append(_line("prov.data_as_of", _day(measurer.data_as_of)))
    lines.append(_line("prov.attributed_to", ds.source_name(str(row["attributed_to"]), code)))
    if len(row["sector"]):
        sectors = ", ".join(
            tr(f"bench.nace.{s}") if f"bench.nace.{s}" in messages(code) else s
            for s in row["sector"]
        )
        lines.append(_line("prov.sector", sectors))
    if row["condition"]:
        condition = ds.conditions[ds.conditions["id"] == row["condition"]].iloc[0]
        lines.append(_line("prov.condition", pick(condition, "label", code)))
    original = row["original_source"]
    if original:
        publication = ds.source(original)
        name = publication["title"] or ds.source_name(original, code)
        title = f"*{name}*"
        if publication["url"]:
            title = f"[{name}]({publication['url']})"
        lines.append(_line("prov.original", title))
        sample = pick(publication, "sample", code)
        lines.append(_line("prov.sample", sample or tr("prov.not_stated")))
        lines += [_line(key, value) for key, value in origin_lines(details[original])]
    articles = [ds.source_name(a, code) for a in row["cited_in"]]
    separator = " ; " if code == "fr" else "; "
    lines.append(_line("prov.cited_in", separator.join(articles) or tr("prov.none")))
    lines.append(
        _line("prov.grade", f"{tr('grade.' + row['grade'])} — {tr('grade_help.' + row['grade'])}")
    )
    lines.append(_line("prov.value_kind", tr("kind." + row["value_kind"])))
    caveat = pick(row, "caveat", code)
    if caveat:
        lines.append(_line("prov.caveat", caveat))
    return lines


def _line(key: str, value: str) -> str:
    """``**Label** : value`` (a narrow no-break space before the colon in French)."""
    colon = f"{NNBSP}:" if current_lang() == "fr" else ":"
    return f"**{tr(key)}**{colon} {value}"


def source_lines(ds: Dataset, source_id: str, figures: int) -> list[str]:
    """Everything known of one source, as Markdown lines: its publication (linked when its
    own address is known), kind, date, sample, how many figures it gives or relays here, and
    its origin (citation, licence, access date, last update, publisher's site)."""
    code = current_lang()
    source = ds.source(source_id)
    details = cached("source_details", lambda: source_details(ds))[source_id]
    title = escape_markdown(str(source["title"])) or tr("sources.title_unknown")
    if source["url"]:
        title = f"[{title}]({source['url']})"
    found = [
        _line("prov.publication", title),
        _line("prov.source_kind", tr("source_kind." + str(source["kind"]))),
        _line("prov.published", format_day(str(source["date"]), code) or tr("prov.not_stated")),
        _line("prov.sample", pick(source, "sample", code) or tr("prov.not_stated")),
        _line("prov.figures", str(figures)),
    ]
    found += [_line(key, value) for key, value in origin_lines(details)]
    note = pick(source, "note", code)
    if note:
        found.append(_line("prov.source_note", note))
    return found


def origin_lines(source: SourceDetails) -> list[tuple[str, str]]:
    """A source's citation, licence, access date, last update and (where the publication's
    own address is not known) its publisher's site, as (message id, Markdown) pairs."""
    found = [
        ("prov.citation", escape_markdown(source.citation) or tr("prov.not_stated")),
        ("prov.licence", source.licence or tr("prov.not_stated")),
        ("prov.accessed", _day(source.accessed)),
        ("prov.last_update", _day(source.last_update)),
    ]
    if not source.url and source.publisher_site:
        found.append(
            ("prov.publisher_site", f"[{_host(source.publisher_site)}]({source.publisher_site})")
        )
    return found


def _day(text: str) -> str:
    return format_day(text, current_lang()) or tr("prov.not_stated")


def _host(url: str) -> str:
    return url.removeprefix("https://").rstrip("/")


def headcount_text(row: pd.Series, *, persons: bool = False) -> str:
    """A figure's headcount range for people (``10–49 salariés``; ``10+ personnes
    occupées`` for a source that counts persons employed), or "not stated"."""
    low, high = row["size_min"], row["size_max"]
    if pd.isna(low):
        return tr("prov.not_stated")
    band = Headcount(int(low), None if pd.isna(high) else int(high))
    if persons:
        return tr("bench.size_band_persons", band=format_band(band, current_lang()))
    return format_headcount(band, current_lang())


def _counts_persons(ds: Dataset, row: pd.Series) -> bool:
    # Eurostat's enterprise surveys size firms by persons employed (employees, owners,
    # family workers), not by employees: its figures must not say "employees".
    try:
        return str(ds.source(str(row["attributed_to"]))["organisation"]) == "Eurostat"
    except KeyError:
        return False


def popover(ds: Dataset, row: pd.Series, *, key: str) -> None:
    """A "Source" button that opens the figure's full provenance."""
    with st.popover(tr("prov.button"), icon=":material/info:", key=key):
        st.markdown("  \n".join(lines(ds, row)))


def big_number(text: str, label: str, note: str = "") -> None:
    """A large figure under its label, with an optional small note, as one element.

    The label wraps instead of being cut off (as ``st.metric`` does). Everything shown
    comes from data/ and is escaped anyway.
    """
    note_html = f"<div style='{NOTE_STYLE}'>{escape(note)}</div>" if note else ""
    st.html(
        f"<div style='font-weight:600;line-height:1.35'>{escape(label)}</div>"
        f"<div style='{NUMBER_STYLE}'>{escape(text)}</div>{note_html}"
    )


def score_lines(items: Iterable[tuple[str, int | None]]) -> None:
    """One line per pillar: its name, a 0–100 bar and the score ("n/a" when it does not
    apply), as one element; readable on a phone where a chart's labels would be tiny."""
    rows = []
    for label, value in items:
        shown = tr("bench.pillar.not_applicable") if value is None else str(value)
        width = 0 if value is None else value
        rows.append(
            "<div role='listitem' style='display:flex;align-items:center;gap:0.6rem;"
            "margin:0.35rem 0'>"
            f"<span style='flex:0 0 8.5rem;color:{palette.INK}'>{escape(label)}</span>"
            f"<span aria-hidden='true' style='flex:1 1 auto;height:0.7rem;border-radius:0.35rem;"
            f"background:{palette.TRACK}'><span style='display:block;height:100%;width:{width}%;"
            f"border-radius:0.35rem;background:{palette.FIRM}'></span></span>"
            f"<span style='flex:0 0 3.2rem;text-align:right;font-weight:700;"
            f"color:{palette.INK}'>{escape(shown)}</span></div>"
        )
    st.html(f"<div role='list' style='font-size:1rem'>{''.join(rows)}</div>")


def pct(row: pd.Series) -> str:
    return fmt_pct(row["value"], current_lang(), kind=row["value_kind"])
