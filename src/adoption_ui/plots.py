"""Charts on the page, with their image and data downloads."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import partial

import pandas as pd
import streamlit as st

from adoption.charts import Chart, as_of_text, sources_caption
from adoption.dataset import Dataset
from adoption.exports import to_csv_bytes
from adoption.images import chart_image, export_available, for_export
from adoption_ui.appdata import cached
from adoption_ui.text import current_lang, tr

CHART_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


def chart(figure: Chart, key: str, *, title: str | None = None, source: str = "") -> None:
    """Draw the chart; with a ``title``, also offer it as PNG, SVG and CSV (its rows), and
    say under it where its numbers come from (``source``) and what date their data are as
    of: the same words printed on the images, in the page's language."""
    st.plotly_chart(figure.figure, width="stretch", config=CHART_CONFIG, key=key)
    if title is None:
        return
    footer = " ".join(part for part in (source, as_of_text(figure.rows, current_lang())) if part)
    stem = slug(title)
    images = image_export()
    with st.container(horizontal=True, gap="small", key=f"{key}_downloads"):
        if images:
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                st.download_button(
                    tr(f"chart.download_{fmt}"),
                    data=partial(_image_bytes, figure, title, footer, fmt),
                    file_name=f"{stem}.{fmt}",
                    mime=mime,
                    on_click="ignore",
                    icon=":material/image:",
                    type="tertiary",
                    key=f"{key}_{fmt}",
                )
        st.download_button(
            tr("chart.download_csv"),
            data=partial(to_csv_bytes, csv_rows(figure.rows), lang=current_lang()),
            file_name=f"{stem}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
            type="tertiary",
            key=f"{key}_csv",
        )
    if not images:
        st.caption(tr("chart.no_image_export"))
    if footer:
        st.caption(footer)


def csv_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """A chart's rows with their column names in the page's language."""
    names = {
        "series": tr("chart.col_series"),
        "label": tr("chart.col_label"),
        "value": tr("chart.col_value"),
        "shown": tr("chart.col_shown"),
        "source": tr("chart.col_source"),
        "population": tr("chart.col_population"),
        "period": tr("chart.col_period"),
        "data_as_of": tr("chart.col_data_as_of"),
    }
    return rows.rename(columns=names)


@st.cache_resource(show_spinner=False)
def image_export() -> bool:
    """Whether this server can draw charts as images (a Chrome or Chromium is installed)."""
    return export_available()


def slug(text: str) -> str:
    """A file name from a title: ``Usage de l'IA`` → ``usage-de-l-ia``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))[:60] or "chart"


def sourced_chart(
    figure: Chart, key: str, *, title: str, ds: Dataset, figure_ids: Iterable[str]
) -> None:
    """A chart of published figures, its downloads, and the sources it draws on below."""
    ids = tuple(figure_ids)
    caption = cached("caption:" + ",".join(ids), lambda: sources_caption(ds, ids, current_lang()))
    chart(figure, key, title=title, source=caption)


def _image_bytes(figure: Chart, title: str, footer: str, fmt: str) -> bytes:
    return chart_image(for_export(figure.figure, title, footer), fmt)
