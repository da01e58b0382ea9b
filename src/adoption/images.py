"""A chart as an image (PNG or SVG), for the download buttons (its data come with it:
:class:`adoption.charts.Chart`).

Images are drawn by Kaleido, which drives a Chrome or Chromium already on the machine with
the plotly.js that ships inside the ``plotly`` package: nothing is fetched from the
network (MathJax, which Kaleido would load from a CDN, is switched off; our charts have no
formulas). Where no such browser is installed, :func:`export_available` says so and the
page offers the data only; Kaleido is never allowed to download a browser.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import plotly.graph_objects as go

from adoption.charts import wrap_label

FORMATS = ("png", "svg")
EXPORT_WIDTH = 1100  # px: wide enough for the longest labels beside their bars
PNG_SCALE = 2  # sharp on a slide or a retina screen
SOURCE_WRAP = 150  # characters per line of the source under an exported chart
KALEIDO_OPTIONS: dict[str, Any] = {"mathjax": False}  # no CDN script in the page


def export_available() -> bool:
    """Whether a Chrome or Chromium is installed for Kaleido to draw with."""
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:  # pragma: no cover - kaleido is a pinned requirement
        return False
    return Chromium.find_browser(skip_local=True) is not None


def for_export(figure: go.Figure, title: str, source: str) -> go.Figure:
    """A copy of ``figure`` that carries its title above and its source below, so the
    image says what it shows and who measured it once it has left the app."""
    height = int(figure.layout.height or 450)
    source = wrap_label(source, SOURCE_WRAP)
    top, bottom = 70, 30 + 17 * (source.count("<br>") + 1)
    margin = figure.layout.margin
    exported = go.Figure(figure)
    exported.update_layout(
        height=height + top + bottom,
        margin={"t": top + (margin.t or 0), "b": bottom + (margin.b or 0)},
        title={"text": title, "x": 0.015, "xanchor": "left", "font": {"size": 20}},
        annotations=[
            {
                "text": source,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -(bottom + (margin.b or 0)) + 12,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "align": "left",
                "font": {"size": 12},
            }
        ],
    )
    return exported


def chart_images(requests: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    """Each ``(figure, format)`` drawn as PNG or SVG bytes, with one browser for all."""
    import kaleido

    for _, fmt in requests:
        if fmt not in FORMATS:
            raise ValueError(f"unknown image format {fmt!r}")

    async def draw() -> list[bytes]:
        async with kaleido.Kaleido(n=1, **KALEIDO_OPTIONS) as browser:
            return [
                await browser.calc_fig(figure, _options(figure, fmt)) for figure, fmt in requests
            ]

    # A thread of its own: the caller's thread may already run an event loop (a server, a
    # notebook, Playwright's sync API), where asyncio.run() is refused.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, draw()).result()


def chart_image(figure: go.Figure, fmt: str) -> bytes:
    """One chart as PNG or SVG bytes."""
    return chart_images([(figure, fmt)])[0]


def _options(figure: go.Figure, fmt: str) -> dict[str, Any]:
    height = figure.layout.height or 450
    return {
        "format": fmt,
        "width": EXPORT_WIDTH,
        "height": height,
        "scale": PNG_SCALE if fmt == "png" else 1,
    }
