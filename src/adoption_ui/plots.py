"""Charts on the page, with their image and data downloads."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from adoption.charts import sources_caption
from adoption.dataset import Dataset
from adoption.exports import to_csv_bytes
from adoption.i18n import t
from adoption.images import chart_data, chart_image, export_available, for_export
from adoption_ui.appdata import cached
from adoption_ui.text import current_lang, tr

CHART_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


def chart(fig: go.Figure, key: str, *, title: str | None = None, source: str = "") -> None:
    """Draw ``fig``; with a ``title``, also offer it as PNG, SVG (title and ``source``
    printed on the image) and its data as CSV, in the page's language."""
    st.plotly_chart(fig, width="stretch", config=CHART_CONFIG, key=key)
    if title is None:
        return
    code = current_lang()
    stem = slug(title)
    images = image_export()
    with st.container(horizontal=True, gap="small", key=f"{key}_downloads"):
        if images:
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                st.download_button(
                    tr(f"chart.download_{fmt}"),
                    data=partial(_image_bytes, fig, title, source, fmt),
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
    caption = cached("caption:" + ",".join(ids), lambda: sources_caption(ds, ids, current_lang()))
    chart(fig, key, title=title, source=caption)
    st.caption(caption)


def _image_bytes(fig: go.Figure, title: str, source: str, fmt: str) -> bytes:
    return chart_image(for_export(fig, title, source), fmt)
