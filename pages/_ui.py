"""Streamlit helpers shared by the pages: language, cached data, provenance, charts.

This is the UI edge: caching (``st.cache_resource``) lives here, not in the domain.
Pages import it as ``from pages import _ui as ui``.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v2 as components

from adoption import palette
from adoption.benchmark import format_headcount
from adoption.charts import sources_caption
from adoption.dataset import DATA_DIR, Dataset, load_dataset
from adoption.dynamic_messages import N_
from adoption.exports import to_csv_bytes
from adoption.i18n import DEFAULT_LANG, fmt_pct, format_band, format_period, messages, pick, t, tn
from adoption.images import chart_data, chart_image, export_available, for_export
from adoption.population import Headcount
from adoption.questionnaire import Questionnaire, load_questionnaire

MAX_CACHED = 500
T = TypeVar("T")
NUMBER_STYLE = (
    f"font-size:2.6rem;font-weight:700;line-height:1.15;color:{palette.INK};margin:0.2rem 0"
)
NOTE_STYLE = f"font-size:0.85rem;color:{palette.MUTED}"
CHART_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


ROUTED = "_adoption_routed"  # set by app.py right before it runs the page


def mark_routed() -> None:
    """Called by ``app.py`` just before it runs the page: this run goes through the router."""
    st.session_state[ROUTED] = True


def require_router() -> None:
    """Make sure this page is drawn under ``app.py`` (language, navigation), never on its own.

    Because the project has a ``pages/`` folder, the first script run of a fresh server
    process uses Streamlit's legacy folder navigation, which runs the requested page file
    directly, skipping ``app.py``, until ``st.navigation`` is first called. A page reached
    that way (no mark from ``app.py`` in this run) calls ``st.navigation`` itself with the
    listing Streamlit just used (``app.py`` as the default page, then the folder's pages),
    so the requested page is found and the legacy mode ends for the whole process; then
    it reruns. The rerun keeps the page and its query parameters and goes through
    ``app.py``.
    """
    if st.session_state.pop(ROUTED, False):
        return
    folder = Path(__file__).parent
    legacy = [st.Page(folder.parent / "app.py", default=True)]
    legacy += [st.Page(page) for page in sorted(folder.glob("[!_]*.py"))]
    st.navigation(legacy, position="hidden")
    st.rerun()


def data_dir() -> Path:
    """The data folder: ``ADOPTION_DATA_DIR`` when set (tests use it), else the bundled one."""
    return Path(os.environ.get("ADOPTION_DATA_DIR") or DATA_DIR)


# Streamlit's caches are the only ones: the domain keeps nothing between calls.
# `_data_signature` lists the data folder at most every 2 s (a page asks for the data
# several times per rerun); the dataset, the questionnaire and what pages derive from them
# are keyed by that signature, so an edited, replaced or deleted file takes effect on the
# next rerun, and at most a few old versions stay in memory.
DATA_CHECK_SECONDS = 2


@st.cache_data(ttl=DATA_CHECK_SECONDS, show_spinner=False)
def _data_signature(folder: str) -> str:
    """A digest of the name, size and modification time (ns) of every entry in the folder.

    Compared for equality, not for the newest time: a file deleted, or replaced by one
    with an older stamp, changes the signature too. A short string, because every cached
    call below hashes it.
    """
    entries = []
    for path in sorted(Path(folder).iterdir()):
        info = path.stat()
        entries.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.blake2b("\n".join(entries).encode(), digest_size=8).hexdigest()


def _data_version() -> tuple[str, str]:
    folder = str(data_dir())
    try:
        return folder, _data_signature(folder)
    except OSError:  # a missing folder: the loader says which, in its own words
        return folder, ""


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_dataset(folder: str, signature: str) -> Dataset:
    # A failed load raises and is not cached: the next rerun tries again.
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    """The validated dataset, loaded once per process and data version."""
    return _cached_dataset(*_data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_questionnaire(folder: str, signature: str) -> Questionnaire:
    return load_questionnaire(_cached_dataset(folder, signature))


def questionnaire() -> Questionnaire:
    """The validated questionnaire, built from the same cached dataset."""
    return _cached_questionnaire(*_data_version())


# Runs in the page (components v2 render in the document, not in an iframe). The document's
# language follows the app's, so screen readers pronounce French as French, and it changes
# when the user switches. Streamlit's own interface words (the skip link, "Help for …",
# "Clear value", "Fullscreen"…) exist only in English: on French pages they are replaced,
# text and accessible names alike, from the `chrome.*` texts, and put back on English ones.
_PAGE_JS = """
export default function ({ data }) {
  const root = document.documentElement;
  if (root.lang !== data.lang) { root.lang = data.lang; }
  let style = document.getElementById("adoption-page-css");
  if (!style) {
    style = document.createElement("style");
    style.id = "adoption-page-css";
    document.head.appendChild(style);
  }
  style.textContent = data.css;
  const pairs = data.pairs;  // [[english, french], …]
  const toFrench = data.lang === "fr";
  const exact = new Map(pairs.map(([en, fr]) => toFrench ? [en, fr] : [fr, en]));
  const prefixes = data.prefixes.map(([en, fr]) => toFrench ? [en, fr] : [fr, en]);
  const swap = (value) => {
    if (!value) { return null; }
    const plain = value.trim();
    if (exact.has(plain)) { return value.replace(plain, exact.get(plain)); }
    for (const [from, to] of prefixes) {
      if (plain.startsWith(from)) { return to + plain.slice(from.length); }
    }
    return null;
  };
  const translate = () => {
    for (const el of document.querySelectorAll("[aria-label],[title],[placeholder]")) {
      for (const name of ["aria-label", "title", "placeholder"]) {
        const next = swap(el.getAttribute(name));
        if (next !== null) { el.setAttribute(name, next); }
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const next = swap(node.nodeValue);
      if (next !== null) { node.nodeValue = next; }
    }
  };
  if (window.__adoptionChrome) { window.__adoptionChrome.disconnect(); }
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      observer.disconnect();
      translate();
      observer.observe(document.body, OPTIONS);
    });
  });
  const OPTIONS = { subtree: true, childList: true, characterData: true, attributes: true,
                    attributeFilter: ["aria-label", "title", "placeholder"] };
  window.__adoptionChrome = observer;
  translate();
  observer.observe(document.body, OPTIONS);
}
"""
_page_script = components.component("adoption_page", js=_PAGE_JS)

# Brings one of the app's own keyed containers (its `st-key-…` class) into view.
_SCROLL_JS = """
export default function ({ data }) {
  const el = document.querySelector(`.st-key-${data.key}`);
  if (el) { el.scrollIntoView({ block: "start" }); }
}
"""
_scroll_script = components.component("adoption_scroll", js=_SCROLL_JS)


def scroll_to(key: str, nonce: int) -> None:
    """Scroll the page to the app's own container keyed ``key`` (once per ``nonce``)."""
    _scroll_script(key=f"scroll_{key}_{nonce}", data={"key": key}, height=0)


# i18n: Streamlit's own interface words. The English text must be Streamlit's exact words
# (the page finds them by it); one ending with a space is the start of a longer label
# ("Help for <question>").
CHROME = (
    N_("chrome.skip"),
    N_("chrome.pages"),
    N_("chrome.choose"),
    N_("chrome.clear_value"),
    N_("chrome.clear_all"),
    N_("chrome.select_all"),
    N_("chrome.open"),
    N_("chrome.close"),
    N_("chrome.search"),
    N_("chrome.no_results"),
    N_("chrome.fullscreen"),
    N_("chrome.exit_fullscreen"),
    N_("chrome.download_csv"),
    N_("chrome.copy"),
    N_("chrome.decrement"),
    N_("chrome.increment"),
    N_("chrome.link_heading"),
    N_("chrome.main_menu"),
    N_("chrome.selected_values"),
    N_("chrome.info_icon"),
    N_("chrome.columns"),
    N_("chrome.help_for"),
    N_("chrome.remove"),
    N_("chrome.fullscreen_for"),
    N_("chrome.search_for"),
    N_("chrome.download_csv_for"),
    N_("chrome.columns_for"),
)


def _chrome_pairs() -> list[tuple[str, str]]:
    return [(t(key, "en"), t(key, "fr")) for key in CHROME]


# Widget labels are plain text (a screen reader would read Markdown's asterisks aloud):
# they are made bold here instead; and every control shows where the keyboard is.
PAGE_CSS = f"""
[data-testid="stWidgetLabel"] p {{ font-weight: 600; }}
.st-key-bench_score_bar {{
  position: fixed; right: 1rem; bottom: 1rem; z-index: 50; width: auto; max-width: 22rem;
  padding: 0.35rem 0.9rem; background: {palette.WHITE}; border: 1px solid {palette.BORDER};
  border-radius: 1.2rem; box-shadow: 0 2px 8px rgba(31, 41, 51, 0.18);
}}
.st-key-bench_score_bar p {{ margin: 0; font-size: 0.88rem; }}
.st-key-bench_score_bar:empty {{ display: none; }}
[class*="st-key-bench_facts_"] :is(p, li) {{ font-size: 0.92rem; margin-bottom: 0.15rem; }}
:focus-visible,
[role="radiogroup"] label:has(input:focus-visible),
[role="radiogroup"] label:focus-within {{
  outline: 3px solid {palette.FOCUS} !important;
  outline-offset: 2px;
}}
"""
_SENT = "_adoption_page_script"


def page_setup(code: str) -> None:
    """From app.py: the document's language, Streamlit's own words in it, and the
    page-wide styles. The script stays active in the page after it has run, so it is sent
    again only when the language changes (or in a new browser session): a rerun costs
    nothing."""
    if st.session_state.get(_SENT) == code:
        return
    st.session_state[_SENT] = code
    data = {
        "lang": code,
        "css": PAGE_CSS,
        "pairs": [p for p in _chrome_pairs() if not p[0].endswith(" ")],
        "prefixes": [p for p in _chrome_pairs() if p[0].endswith(" ")],
    }
    _page_script(key=f"page_script_{code}", data=data, height=0)


def lang() -> str:
    """The current language, resolved by ``app.py`` before any page runs."""
    return st.session_state.get("lang", DEFAULT_LANG)


def tr(key: str, **values: object) -> str:
    """Translate ``key`` into the current language."""
    return t(key, lang(), **values)


def trn(key: str, count: int, **values: object) -> str:
    """Translate ``key`` in the plural form ``count`` calls for (see ``i18n.tn``)."""
    return tn(key, count, lang(), **values)


def notice_bad_params(names: Iterable[str]) -> None:
    """Say, once per run, which URL parameters were ignored."""
    for name in names:
        st.warning(tr("app.bad_param", name=name[:40]), icon="⚠️")


@st.cache_resource(show_spinner=False, max_entries=MAX_CACHED)
def _derived(name: str, language: str, version: object, _build: Callable[[], Any]) -> Any:
    # `_build` is not hashed (leading underscore): `name` says what it builds.
    return _build()


def cached(name: str, build: Callable[[], T]) -> T:
    """Something that depends only on the data and the language, built once per process.

    For charts (a Plotly figure costs a few ms) and the tables pages derive from the data
    on every rerun. Results are shared between sessions, so they must never be modified
    after they are built. ``name`` must say everything ``build`` depends on besides the
    data and the language.
    """
    result: T = _derived(name, lang(), _data_version(), build)
    return result


def chart(fig: go.Figure, key: str, *, title: str | None = None, source: str = "") -> None:
    """Draw ``fig``; with a ``title``, also offer it as PNG, SVG (title and ``source``
    printed on the image) and its data as CSV, in the page's language."""
    st.plotly_chart(fig, width="stretch", config=CHART_CONFIG, key=key)
    if title is None:
        return
    code = lang()
    stem = slug(title)
    images = image_export()
    with st.container(horizontal=True, gap="small", key=f"{key}_downloads"):
        if images:
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                st.download_button(
                    tr(f"chart.download_{fmt}"),
                    data=lambda fmt=fmt: chart_image(for_export(fig, title, source), fmt),
                    file_name=f"{stem}.{fmt}",
                    mime=mime,
                    on_click="ignore",
                    icon=":material/image:",
                    type="tertiary",
                    key=f"{key}_{fmt}",
                )
        st.download_button(
            tr("chart.download_csv"),
            data=lambda: to_csv_bytes(
                chart_data(
                    fig,
                    label=t("chart.col_label", code),
                    value=t("chart.col_value", code),
                    shown=t("chart.col_shown", code),
                ),
                lang=code,
            ),
            file_name=f"{stem}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
            type="tertiary",
            key=f"{key}_csv",
        )
    if not images:
        st.caption(tr("chart.no_image_export"))


@st.cache_resource(show_spinner=False)
def image_export() -> bool:
    """Whether this server can draw charts as images (a Chrome or Chromium is installed)."""
    return export_available()


def slug(text: str) -> str:
    """A file name from a title: ``Usage de l'IA`` → ``usage-de-l-ia``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))[:60] or "chart"


def sourced_chart(
    fig: go.Figure, key: str, *, title: str, ds: Dataset, figure_ids: Iterable[str]
) -> None:
    """A chart of published figures, its downloads, and the sources it draws on below."""
    ids = tuple(figure_ids)
    caption = cached("caption:" + ",".join(ids), lambda: sources_caption(ds, ids, lang()))
    chart(fig, key, title=title, source=caption)
    st.caption(caption)


def provenance_lines(ds: Dataset, row: pd.Series) -> list[str]:
    """Who measured this, on whom, when, and who quoted it, as Markdown lines."""
    code = lang()
    colon = " :" if code == "fr" else ":"

    def line(key: str, value: str) -> str:
        return f"**{tr(key)}**{colon} {value}"

    lines = [
        line("prov.population", pick(row, "population", code)),
        line("prov.counts", tr("counts." + row["counts"])),
        line("prov.where", ds.place_name(str(row["geo"]), code)),
        line("prov.headcount", headcount_text(row, persons=_counts_persons(ds, row))),
        line("prov.period", format_period(str(row["period"]), code)),
        line("prov.attributed_to", ds.source_name(str(row["attributed_to"]), code)),
    ]
    if len(row["sector"]):
        sectors = ", ".join(
            tr(f"bench.nace.{s}") if f"bench.nace.{s}" in messages(code) else s
            for s in row["sector"]
        )
        lines.append(line("prov.sector", sectors))
    if row["condition"]:
        condition = ds.conditions[ds.conditions["id"] == row["condition"]].iloc[0]
        lines.append(line("prov.condition", pick(condition, "label", code)))
    original = row["original_source"]
    if original:
        publication = ds.source(original)
        name = publication["title"] or ds.source_name(original, code)
        title = f"*{name}*"
        if publication["url"]:
            title = f"[{name}]({publication['url']})"
        lines.append(line("prov.original", title))
        sample = pick(publication, "sample", code)
        lines.append(line("prov.sample", sample or tr("prov.not_stated")))
    articles = [ds.source_name(a, code) for a in row["cited_in"]]
    separator = " ; " if code == "fr" else "; "
    lines.append(line("prov.cited_in", separator.join(articles) or tr("prov.none")))
    lines.append(
        line("prov.grade", f"{tr('grade.' + row['grade'])} — {tr('grade_help.' + row['grade'])}")
    )
    lines.append(line("prov.value_kind", tr("kind." + row["value_kind"])))
    caveat = pick(row, "caveat", code)
    if caveat:
        lines.append(line("prov.caveat", caveat))
    return lines


def headcount_text(row: pd.Series, *, persons: bool = False) -> str:
    """A figure's headcount range for people (``10–49 salariés``; ``10+ personnes
    occupées`` for a source that counts persons employed), or "not stated"."""
    low, high = row["size_min"], row["size_max"]
    if pd.isna(low):
        return tr("prov.not_stated")
    band = Headcount(int(low), None if pd.isna(high) else int(high))
    if persons:
        return tr("bench.size_band_persons", band=format_band(band, lang()))
    return format_headcount(band, lang())


def _counts_persons(ds: Dataset, row: pd.Series) -> bool:
    # Eurostat's enterprise surveys size firms by persons employed (employees, owners,
    # family workers), not by employees: its figures must not say "employees".
    try:
        return str(ds.source(str(row["attributed_to"]))["organisation"]) == "Eurostat"
    except KeyError:
        return False


def provenance_popover(ds: Dataset, row: pd.Series, *, key: str) -> None:
    """A "Source" button that opens the figure's full provenance."""
    with st.popover(tr("prov.button"), icon=":material/info:", key=key):
        st.markdown("  \n".join(provenance_lines(ds, row)))


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
    return fmt_pct(row["value"], lang(), kind=row["value_kind"])
