"""What the page carries besides its content: the document's language, page-wide styles,
scrolling to one of the app's own containers."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v2 as components

from adoption import palette
from adoption.dynamic_messages import N_
from adoption.i18n import t

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
