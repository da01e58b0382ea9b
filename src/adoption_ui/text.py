"""The current language and the words of the page in it."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from adoption.i18n import DEFAULT_LANG, t, tn


def current_lang() -> str:
    """The current language, resolved by ``app.py`` before any page runs."""
    code = st.session_state.get("lang", DEFAULT_LANG)
    return code if isinstance(code, str) else DEFAULT_LANG


def tr(key: str, **values: object) -> str:
    """Translate ``key`` into the current language."""
    return t(key, current_lang(), **values)


def trn(key: str, count: int, **values: object) -> str:
    """Translate ``key`` in the plural form ``count`` calls for (see ``i18n.tn``)."""
    return tn(key, count, current_lang(), **values)


def notice_bad_params(names: Iterable[str]) -> None:
    """Say, once per run, which URL parameters were ignored."""
    for name in names:
        st.warning(tr("app.bad_param", name=name[:40]), icon="⚠️")
