"""Cold start: from ``streamlit run`` to the home page fully drawn in headless Chromium.

One cold start = start a fresh server, wait for ``/_stcore/health``, open the page in a new
browser context (empty cache), wait until it is fully rendered, stop the server. "Fully
rendered" = the script state is ``notRunning`` *and* every chart has its SVG drawn (the
state alone is not enough: a page reports ``notRunning`` before its first run's elements
arrive), then ``notRunning`` again. The app and the reference page take turns, ``STARTS``
times each; Chromium itself is launched once beforehand and not timed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from tests.browser import EXCEPTION, IDLE

from bench import Row, median
from bench._server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start, stop, wait_healthy

STARTS = 3
MAX_RATIO = 1.5
TIMEOUT_MS = 120_000
DRAWN = """n => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(plot => plot.querySelector('.main-svg')).length >= n"""
VIEWPORT = {"width": 1280, "height": 800}

if TYPE_CHECKING:
    from playwright.sync_api import Browser


class ColdStart:
    """One page served from ``script``, opened at ``path``, with ``charts`` charts to wait for."""

    def __init__(self, script: Path, path: str, charts: int, env: dict[str, str]) -> None:
        self.script, self.path, self.charts, self.env = script, path, charts, env
        self.to_health: list[float] = []
        self.to_rendered: list[float] = []

    def measure(self, browser: Browser) -> None:
        port = free_port()
        started = time.perf_counter()
        process = start(self.script, port, self.env)
        try:
            wait_healthy(port, process)
            self.to_health.append((time.perf_counter() - started) * 1000)
            context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
            try:
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}{self.path}", timeout=TIMEOUT_MS)
                page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
                page.wait_for_function(DRAWN, arg=self.charts, timeout=TIMEOUT_MS)
                page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
                self.to_rendered.append((time.perf_counter() - started) * 1000)
                if page.locator(EXCEPTION).count():
                    raise RuntimeError(f"{self.script.name} shows an exception box")
            finally:
                context.close()
        finally:
            stop(process)


def run(home_charts: int, env: dict[str, str] | None = None) -> list[Row]:
    """Rows for the cold start of the home page (``home_charts`` charts) and its parts."""
    what = "home: cold start to fully rendered"
    if not Path(CHROMIUM).exists():
        return [Row(what, max_ratio=MAX_RATIO, note=f"no Chromium at {CHROMIUM}")]
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        return [Row(what, max_ratio=MAX_RATIO, note=f"playwright is not installed: {err}")]

    env = env or {}
    app = ColdStart(ROOT / "app.py", "/?lang=fr", home_charts, env)
    reference = ColdStart(ROOT / "bench" / "reference_page.py", "/", 1, env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for _ in range(STARTS):
                    app.measure(browser)
                    reference.measure(browser)
            finally:
                browser.close()
    except (PlaywrightError, RuntimeError) as err:
        return [Row(what, max_ratio=MAX_RATIO, note=f"failed: {str(err).splitlines()[0][:200]}")]
    return [
        Row(
            what,
            median(app.to_rendered),
            median(reference.to_rendered),
            max_ratio=MAX_RATIO,
            note=f"median of {STARTS}, {home_charts} charts drawn; reference = "
            "bench/reference_page.py served the same way",
        ),
        Row(
            "home: cold start, of which server ready",
            median(app.to_health),
            median(reference.to_health),
            note="Popen → /_stcore/health ok (information: no target)",
        ),
    ]
