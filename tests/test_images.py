"""Tests for adoption.images: each chart as PNG and SVG, drawn offline, with its title and
sources (and the date its data are as of) printed on it."""

from __future__ import annotations

import asyncio
import io
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from adoption import images
from chart_cases import BUILDERS
from conftest import skip_or_fail

SVG = "{http://www.w3.org/2000/svg}svg"
FOOTER = "Source : essai. Données au 15\u00a0juin\u00a02026."


@pytest.fixture(scope="module")
def drawn() -> dict[tuple[str, str], bytes]:
    """Every chart the app draws, as PNG and SVG, in one browser session."""
    if not images.export_available():
        skip_or_fail("no Chrome or Chromium to draw chart images with")
    requests = [
        (name, fmt, images.for_export(build("fr").figure, f"Titre {name}", FOOTER))
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
    assert "Données au 15" in svg  # and which version of the data


def test_the_drawing_page_loads_nothing_from_the_network() -> None:
    from kaleido._page_generator import PageGenerator

    page = PageGenerator(mathjax=images.KALEIDO_OPTIONS["mathjax"]).generate_index()
    scripts = [line for line in page.splitlines() if "<script" in line]
    assert scripts, "the page has its plotly.js"
    assert all("file://" in line and "http" not in line for line in scripts), scripts


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        images.chart_images([(BUILDERS["pillar_bars"]("en").figure, "gif")])


def test_without_a_browser_export_says_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **_: None))
    assert images.export_available() is False


@pytest.mark.slow  # Kaleido starts Chromium
def test_images_can_be_drawn_from_a_thread_that_runs_an_event_loop() -> None:
    async def inside_a_loop() -> bytes:
        return images.chart_image(BUILDERS["pillar_bars"]("en").figure, "svg")

    if not images.export_available():
        skip_or_fail("no Chrome or Chromium to draw chart images with")
    # As a Streamlit server or Playwright's sync API would: a loop runs in the caller.
    with ThreadPoolExecutor(max_workers=1) as caller:
        assert caller.submit(asyncio.run, inside_a_loop()).result().startswith(b"<svg")
