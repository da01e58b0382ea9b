"""Server-side rerun time of every page, beside the reference page, through Streamlit's AppTest.

Each page is opened through ``app.py`` (the router, in French), warmed up once, then rerun
``RUNS`` times; each timed rerun of the page is followed by one timed rerun of
``bench/reference_page.py`` on its own AppTest, so both medians see the same machine load.
The benchmark page is also timed while one answer changes on every run, with the whole
questionnaire and profile answered (its fullest result).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from adoption.dataset import load_dataset
from adoption.questionnaire import PROFILE_LISTS, Questionnaire, load_questionnaire
from bench import Row, median

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
REFERENCE = ROOT / "bench" / "reference_page.py"
BENCHMARK_PAGE = "pages/benchmark.py"
PAGES = {
    "home": "pages/home.py",
    "explore": "pages/explore.py",
    "sources": "pages/sources.py",
    "benchmark": BENCHMARK_PAGE,
}
RUNS = 20
MAX_RATIO = 3.0
TIMEOUT = 60  # seconds per AppTest run: a slow shared machine is not a failure here
REFERENCE_ROW = "reference page (1 chart): rerun"
DEFAULT_PREFIX = "bq_"
CHANGED_QUESTION = "q_genai"

# AppTest writes widget state from the main thread, where Streamlit warns on every write
# that there is no script context; harmless here, and it would bury the progress lines.
# (A filter, not a level: Streamlit resets its loggers' levels when AppTest loads the config.)
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "missing ScriptRunContext" not in record.getMessage()
)


class BenchError(Exception):
    """A page could not be measured (missing, raised, not routed); the message says why."""


def _checked_run(at: AppTest) -> float:
    """Rerun and return the seconds it took; raise if the script raised."""
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise BenchError(f"exception: {at.exception[0].message[:200]}")
    return elapsed


def open_reference() -> AppTest:
    at = AppTest.from_file(str(REFERENCE), default_timeout=TIMEOUT)
    _checked_run(at)
    return at


def open_page(page: str, before: Callable[[AppTest], None] | None = None) -> AppTest:
    """``page`` opened through app.py in French, after the router's first run."""
    if not (ROOT / page).exists():
        raise BenchError(f"{page} not found")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "fr"
    _checked_run(at)
    if page != PAGES["home"]:
        try:
            at.switch_page(page)
        except ValueError as err:
            raise BenchError(f"{page} is not in app.py's navigation ({err})") from err
    if before is not None:
        before(at)
    if page != PAGES["home"] or before is not None:
        _checked_run(at)
    return at


def interleaved(
    at: AppTest, reference: AppTest, change: Callable[[int], None] | None = None
) -> tuple[list[float], list[float]]:
    """Times in ms of ``RUNS`` reruns of ``at`` and of ``reference``, one after the other.

    ``change(i)`` runs before the i-th rerun of ``at`` (0 is the warm-up), outside the timing:
    it only records the new widget value, the rerun is what a click costs.
    """
    if change is not None:
        change(0)
    _checked_run(at)  # warm-up
    _checked_run(reference)
    page_times, reference_times = [], []
    for i in range(1, RUNS + 1):
        if change is not None:
            change(i)
        page_times.append(_checked_run(at) * 1000)
        reference_times.append(_checked_run(reference) * 1000)
    return page_times, reference_times


def benchmark_prefix() -> str:
    """The widget-key prefix pages/benchmark.py uses (``PREFIX = "bq_"``), else the default."""
    try:
        source = (ROOT / BENCHMARK_PAGE).read_text(encoding="utf-8")
    except OSError:
        return DEFAULT_PREFIX
    found = re.search(r"""^PREFIX\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", source, re.M)
    return found.group(1) if found else DEFAULT_PREFIX


def _answer_everything(questionnaire: Questionnaire, prefix: str) -> Callable[[AppTest], None]:
    """Put the first option of every question and profile field into the page's widgets."""

    def fill(at: AppTest) -> None:
        for question in questionnaire.questions:
            at.session_state[f"{prefix}{question.id}"] = question.codes[0]
        for field in PROFILE_LISTS:
            at.session_state[f"{prefix}{field}"] = questionnaire.profile_options(field)[0].code

    return fill


def _answer_changer(at: AppTest, key: str, values: tuple[str, str]) -> Callable[[int], None]:
    """Set the answer widget ``key`` to ``values[0]``, ``values[1]``, ``values[0]``… by run."""

    def change(i: int) -> None:
        try:
            widget = at.segmented_control(key=key)
        except KeyError:
            try:
                widget = at.radio(key=key)
            except KeyError as err:
                raise BenchError(f"no answer widget with key {key!r} on the page") from err
        widget.set_value(values[i % 2])

    return change


def page_rows(reference: AppTest, reference_times: list[float]) -> list[Row]:
    rows = []
    for name, page in PAGES.items():
        what = f"{name}: rerun"
        try:
            at = open_page(page)
            times, ref_times = interleaved(at, reference)
            charts = len(at.get("plotly_chart"))
        except BenchError as err:
            rows.append(Row(what, max_ratio=MAX_RATIO, note=str(err)))
            continue
        reference_times += ref_times
        note = f"{charts} charts"
        rows.append(Row(what, median(times), median(ref_times), max_ratio=MAX_RATIO, note=note))
    return rows


def answer_change_row(reference: AppTest, reference_times: list[float]) -> Row:
    what = "benchmark: rerun per answer change"
    prefix = benchmark_prefix()
    questionnaire = load_questionnaire(load_dataset())
    question = next(
        (q for q in questionnaire.questions if q.id == CHANGED_QUESTION),
        questionnaire.questions[0],
    )
    key = f"{prefix}{question.id}"
    # Everything starts on the first option: change to the second, back, and so on.
    values = (question.codes[1], question.codes[0])
    try:
        at = open_page(BENCHMARK_PAGE, before=_answer_everything(questionnaire, prefix))
        times, ref_times = interleaved(at, reference, _answer_changer(at, key, values))
        if at.session_state[key] != values[RUNS % 2]:
            raise BenchError(f"{key} did not follow the changes")
        charts = len(at.get("plotly_chart"))
    except BenchError as err:
        return Row(what, max_ratio=MAX_RATIO, note=str(err))
    reference_times += ref_times
    note = f"{key} {values[0]}↔{values[1]}, all questions and profile answered, {charts} charts"
    return Row(what, median(times), median(ref_times), max_ratio=MAX_RATIO, note=note)


def chart_count(page: str = PAGES["home"]) -> int:
    """How many plotly charts ``page`` draws (the browser bench waits for that many)."""
    return len(open_page(page).get("plotly_chart"))


def run() -> list[Row]:
    """The reference's own row first (all its reruns), then one row per page, then the
    answer change; each page row's reference is the reruns interleaved with that page's."""
    reference = open_reference()
    reference_times: list[float] = []
    rows = page_rows(reference, reference_times)
    rows.append(answer_change_row(reference, reference_times))
    yardstick = Row(
        REFERENCE_ROW,
        median(reference_times),
        note=f"bench/reference_page.py, median of all {len(reference_times)} reruns",
    )
    return [yardstick, *rows]
