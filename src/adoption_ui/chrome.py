"""What the page carries besides its content: the document's language, page-wide styles,
scrolling to one of the app's own containers."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v2 as components

from adoption import palette
from adoption_ui.questionnaire_form import QUESTIONNAIRE_KEY

# Runs in the page (components v2 render in the document, not in an iframe). It touches only
# what the app owns: the document's language, which follows the app's (so screen readers
# pronounce French as French, and it changes when the user switches), and the app's own
# stylesheet. Streamlit's own interface words stay as Streamlit writes them (see the README,
# "Streamlit's own words").
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
}
"""


_page_script = components.component("adoption_page", js=_PAGE_JS)


# Brings one of the app's own keyed containers (its `st-key-…` class) into view, ``margin``
# rem below the top of the window (clear of Streamlit's top bar) when given.
_SCROLL_JS = """
export default function ({ data }) {
  const el = document.querySelector(`.st-key-${data.key}`);
  if (!el) { return; }
  if (data.margin) { el.style.scrollMarginTop = `${data.margin}rem`; }
  el.scrollIntoView({ block: "start" });
}
"""


_scroll_script = components.component("adoption_scroll", js=_SCROLL_JS)


def scroll_to(key: str, nonce: int, *, margin_rem: float = 0) -> None:
    """Scroll the page to the app's own container keyed ``key`` (once per ``nonce``),
    ``margin_rem`` below the top of the window."""
    data = {"key": key, "margin": margin_rem}
    _scroll_script(key=f"scroll_{key}_{nonce}", data=data, height=0)


# Styles reach Streamlit's elements only through the app's own keyed containers (their
# `st-key-…` classes; tests/test_edge_rules.py checks it). A question's label is plain text
# (Streamlit puts a label's Markdown, asterisks included, in its accessible name): it is made
# bold here, as the label of the questionnaire's widgets, not their options (a radio list's
# options are labels inside its radiogroup). Every control shows where the keyboard is.
PAGE_CSS = f"""
.st-key-{QUESTIONNAIRE_KEY} label:not([role="radiogroup"] *) p {{ font-weight: 600; }}
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
    """From app.py: the document's language and the page-wide styles. The script stays
    active in the page after it has run, so it is sent again only when the language changes
    (or in a new browser session): a rerun costs nothing."""
    if st.session_state.get(_SENT) == code:
        return
    st.session_state[_SENT] = code
    _page_script(key=f"page_script_{code}", data={"lang": code, "css": PAGE_CSS}, height=0)
