"""Opening the app through Streamlit's AppTest, and reading what a page shows: shared by the
AppTest modules (test modules do not import from each other)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from streamlit.testing.v1 import AppTest

from adoption_ui.facilitator import KEYS as FACILITATOR_KEYS

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_app(page: str = "pages/home.py", **params: str) -> AppTest:
    """The app through its router, on ``page`` with the query ``params``: one run, the page
    as the session's first request (a deep link), as a browser opening its address does."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "pages/home.py":
        at.switch_page(page)
    return at.run()


def facilitator_key(at: AppTest, code: str) -> str:
    """The facilitator key the workshop page holds for session ``code``: in the page's
    session (and the browser's storage), never in its URL."""
    return str(at.session_state[FACILITATOR_KEYS][code])


def html_texts(at: AppTest) -> list[str]:
    """The body of every ``st.html`` element on the page."""
    return [element.proto.body for element in at.get("html")]


def displayed(at: AppTest, column: str) -> list[str]:
    """A column of the page's first table as the reader sees it (the Styler's display values)."""
    styler = at.dataframe[0].proto.arrow_data.styler
    shown = pa.ipc.open_stream(styler.display_values).read_all().to_pandas()
    return [str(v) for v in shown[column]]
