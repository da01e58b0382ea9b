"""The router's hand-over: every page runs under ``app.py`` (language, navigation)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from adoption.dynamic_messages import N_
from adoption.i18n import t

ROUTED = "_adoption_routed"  # set by app.py right before it runs the page


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its script (relative to ``app.py``), its title's message id,
    its icon and its address (``""`` for the home page). A hidden page is reached by a link
    (the workshop's join and projector pages), never from the navigation."""

    file: str
    title: str
    icon: str
    url_path: str
    hidden: bool = False


# The one table of pages: app.py's navigation, the router's hand-over and the tests read it.
PAGES = (
    PageSpec("pages/home.py", N_("nav.home"), ":material/monitoring:", ""),
    PageSpec("pages/explore.py", N_("nav.explore"), ":material/table_view:", "explore"),
    PageSpec("pages/benchmark.py", N_("nav.benchmark"), ":material/speed:", "benchmark"),
    PageSpec("pages/workshop.py", N_("nav.workshop"), ":material/groups:", "workshop"),
    PageSpec("pages/sources.py", N_("nav.sources"), ":material/menu_book:", "sources"),
    PageSpec("pages/join.py", N_("ws.join.title"), ":material/login:", "join", hidden=True),
    PageSpec("pages/presenter.py", N_("ws.pres.title"), ":material/co_present:", "presenter", True),
)


def navigation_pages(lang: str) -> list[StreamlitPage]:
    """The table as Streamlit pages, titled in ``lang``; the first is the default."""
    return [
        st.Page(
            spec.file,
            title=t(spec.title, lang),
            icon=spec.icon,
            url_path=spec.url_path or None,
            default=not spec.url_path,
            visibility="hidden" if spec.hidden else "visible",
        )
        for spec in PAGES
    ]


def mark_routed() -> None:
    """Called by ``app.py`` just before it runs the page: this run goes through the router."""
    st.session_state[ROUTED] = True


def require_router() -> None:
    """Make sure this page is drawn under ``app.py`` (language, navigation), never on its own.

    Because the project has a ``pages/`` folder, the first script run of a fresh server
    process uses Streamlit's legacy folder navigation, which runs the requested page file
    directly, skipping ``app.py``, until ``st.navigation`` is first called. A page reached
    that way (no mark from ``app.py`` in this run) calls ``st.navigation`` itself with the
    listing Streamlit just used (``app.py`` as the default page, then the folder's pages,
    named after their files),
    so the requested page is found and the legacy mode ends for the whole process; then
    it reruns. The rerun keeps the page and its query parameters and goes through
    ``app.py``.
    """
    if st.session_state.pop(ROUTED, False):
        return
    legacy = [st.Page("app.py", default=True)]
    legacy += [st.Page(spec.file) for spec in PAGES]
    st.navigation(legacy, position="hidden")
    st.rerun()
