"""Entry point and router: resolves the language, checks the data, lists the pages.

Run with ``streamlit run app.py`` (or ``make run``). Every page is listed explicitly; the
language is kept in ``?lang=fr|en`` on every page, because Streamlit clears query
parameters when the user moves to another page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from adoption.datapackage import DataError
from adoption.i18n import DEFAULT_LANG, LANGS, normalise_lang, t
from adoption_ui import appdata, chrome, router
from adoption_ui.text import notice_bad_params

st.set_page_config(
    page_title="SME AI Benchmark · Baromètre IA des PME",
    page_icon=":material/insights:",
    layout="wide",
    initial_sidebar_state="collapsed",
)


def resolve_lang() -> tuple[str, bool]:
    """The language for this run, and whether the URL asked for one we do not have.

    Order: the URL (a shared link wins), then this session's choice, then the browser.
    """
    bad = False
    if "lang" in st.query_params:
        from_url = st.query_params.get("lang")
        if from_url in LANGS:
            return from_url, False
        bad = True
    if st.session_state.get("lang") in LANGS:
        return st.session_state["lang"], bad
    return normalise_lang(st.context.locale) or DEFAULT_LANG, bad


def on_lang_change() -> None:
    choice = st.session_state.get("lang_choice")
    if choice in LANGS:
        st.session_state["lang"] = choice
        st.query_params["lang"] = choice


lang, bad_lang = resolve_lang()
st.session_state["lang"] = lang
st.session_state["lang_choice"] = lang
if st.query_params.get("lang") != lang:  # writing it unchanged would still reach the browser
    st.query_params["lang"] = lang


def projecting() -> bool:
    """True on the projector page: it shows the session and nothing of the app (no
    navigation, no language switch), so the room sees only the slides."""
    try:
        url = st.context.url or ""
    except Exception:  # no browser context (AppTest)
        url = ""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] == "presenter"


PROJECTING = projecting()
chrome.page_setup(lang)
if not PROJECTING:
    header, switch = st.columns([5, 1], vertical_alignment="center")
    header.markdown(f"**{t('app.title', lang)}** · {t('app.tagline', lang)}")
    switch.segmented_control(
        t("app.language", lang),
        options=list(LANGS),
        format_func=str.upper,
        key="lang_choice",
        required=True,
        on_change=on_lang_change,
        label_visibility="collapsed",
        width="stretch",
    )
if bad_lang:
    notice_bad_params(["lang"])

try:
    appdata.dataset()
    appdata.questionnaire()
except DataError as error:
    st.error(t("app.data_error", lang), icon=":material/error:")
    st.code(str(error), language=None)
    st.stop()
appdata.freeze_long_lived()

pages = router.navigation_pages(lang)
page = st.navigation(pages, position="hidden" if PROJECTING else "top")
router.mark_routed()  # the page checks it: see router.require_router
page.run()
