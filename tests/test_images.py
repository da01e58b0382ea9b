"""Tests for adoption.images: each chart as PNG and SVG, drawn offline, and as data."""

from __future__ import annotations

import asyncio
import io
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from PIL import Image

from adoption import images
from adoption.charts import country_chart
from adoption.i18n import NNBSP
from adoption.keyfigures import key_figures
from conftest import skip_or_fail
from test_charts import BUILDERS, DATASET

SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture(scope="module")
def drawn() -> dict[tuple[str, str], bytes]:
    """Every chart the app draws, as PNG and SVG, in one browser session."""
    if not images.export_available():
        skip_or_fail("no Chrome or Chromium to draw chart images with")
    requests = [
        (name, fmt, images.for_export(build("fr"), f"Titre {name}", "Source : essai"))
        for name, build in BUILDERS.items()
        for fmt in images.FORMATS
    ]
    out = images.chart_images([(figure, fmt) for _, fmt, figure in requests])
    return {(name, fmt): data for (name, fmt, _), data in zip(requests, out, strict=True)}


@pytest.mark.slow  # Kaleido starts Chromium to draw every chart twice
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_is_a_valid_png_and_svg(drawn: dict[tuple[str, str], bytes], name: str) -> None:
    png = Image.open(io.BytesIO(drawn[(name, "png")]))
    png.verify()
    assert png.format == "PNG" and png.width == images.EXPORT_WIDTH * images.PNG_SCALE
    svg = drawn[(name, "svg")].decode("utf-8")
    assert ET.fromstring(svg).tag == SVG  # noqa: S314 - the app's own export
    assert f"Titre {name}" in svg and "Source : essai" in svg  # what it is, who counted it


def test_the_drawing_page_loads_nothing_from_the_network() -> None:
    from kaleido._page_generator import PageGenerator

    page = PageGenerator(mathjax=images.KALEIDO_OPTIONS["mathjax"]).generate_index()
    scripts = [line for line in page.splitlines() if "<script" in line]
    assert scripts, "the page has its plotly.js"
    assert all("file://" in line and "http" not in line for line in scripts), scripts


def test_chart_data_lists_each_bar_and_a_withheld_value_as_unknown() -> None:
    europe = key_figures(DATASET).europe.copy()
    europe.loc[europe.index[0], "value"] = float("nan")
    frame = images.chart_data(
        country_chart(europe, "fr"), label="Pays", value="Valeur", shown="Affiché"
    )
    assert list(frame.columns) == ["Pays", "Valeur", "Affiché"]
    assert len(frame) == len(europe)
    withheld = frame[frame["Pays"] == europe.iloc[0]["country_fr"]].iloc[0]
    assert pd.isna(withheld["Valeur"]) and withheld["Affiché"] == "non publié"
    france = frame[frame["Pays"] == "France"].iloc[0]
    assert france["Affiché"] == f"{france['Valeur']:.1f}".replace(".", ",") + f"{NNBSP}%"


def test_chart_data_of_a_legend_chart_names_each_series() -> None:
    frame = images.chart_data(
        BUILDERS["progress_chart"]("en"), label="Label", value="Value", shown="Shown as"
    )
    assert list(frame.columns)[:2] == ["", "Label"]
    assert not frame["Label"].str.contains("<").any()  # markup removed


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        images.chart_images([(BUILDERS["pillar_bars"]("en"), "gif")])


def test_without_a_browser_export_says_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **_: None))
    assert images.export_available() is False


@pytest.mark.slow  # Kaleido starts Chromium
def test_images_can_be_drawn_from_a_thread_that_runs_an_event_loop() -> None:
    async def inside_a_loop() -> bytes:
        return images.chart_image(BUILDERS["pillar_bars"]("en"), "svg")

    if not images.export_available():
        skip_or_fail("no Chrome or Chromium to draw chart images with")
    # As a Streamlit server or Playwright's sync API would: a loop runs in the caller.
    with ThreadPoolExecutor(max_workers=1) as caller:
        assert caller.submit(asyncio.run, inside_a_loop()).result().startswith(b"<svg")
