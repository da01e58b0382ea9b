"""Benchmark: the projector's rerun with a room of 5, 50 and 500.

The presenter view redraws itself every few seconds (a fragment timer), so its rerun time
is what the room waits for. Here a session on a throw-away SQLite file holds ``n``
submissions, every question answered, and the projector shows the first question
revealed (the room's counts against the figure); the page is opened through app.py with
its facilitator link, warmed up once, then rerun ``RUNS`` times through AppTest (which
reruns the whole page: an upper bound for the fragment alone). ``run()`` returns the
medians, and the 500-answer rerun against the 5-answer one: the projector's counts are
grouped from the answer rows on an index, so a full room costs it a few milliseconds more
than a small one, no more. It prints nothing.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from adoption.dataset import load_dataset
from adoption.questionnaire import load_questionnaire
from adoption.store import DATABASE_URL_ENV, WorkshopStore, make_engine

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
PARTICIPANTS = 50
ROOMS = (5, PARTICIPANTS, 500)
MAX_GROWTH = 1.5  # the 500-answer rerun against the 5-answer one
RUNS = 20
TIMEOUT = 60  # seconds per AppTest run: a slow shared machine is not a failure here
MAX_RATIO = 3.0  # against the reference page's rerun, like the other pages
SEED = 20250314  # the same room every time

logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "missing ScriptRunContext" not in record.getMessage()
)


def _fill_room(store: WorkshopStore, people: int) -> tuple[str, str]:
    questionnaire = load_questionnaire(load_dataset())
    chance = random.Random(SEED)  # noqa: S311 - made-up answers, not security
    created = store.create_session("Bench room", "fr")
    for _ in range(people):
        answers = {q.id: chance.choice(q.codes) for q in questionnaire.questions}
        profile = {
            "size_class": chance.choice(["1-4", "5-9", "10-19", "20-49", "50-249", "250-4999"])
        }
        store.submit(created.info.code, secrets.token_urlsafe(16), answers, profile)
    store.set_slide(created.info.code, created.secret, 1, True)  # a question, revealed
    return created.info.code, created.secret


def _presenter(code: str, secret: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/presenter.py")
    for key, value in {"lang": "fr", "code": code, "key": secret}.items():
        at.query_params[key] = value
    return at


def _timed(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"presenter view raised: {at.exception[0].message[:200]}")
    if at.error:
        raise RuntimeError(f"presenter view refused: {at.error[0].value[:200]}")
    return elapsed


def _median_rerun(people: int) -> tuple[float, int]:
    """Median presenter rerun (seconds) with ``people`` answers, and the count stored."""
    previous = os.environ.get(DATABASE_URL_ENV)
    with tempfile.TemporaryDirectory(prefix="workshop-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'workshop.sqlite3'}"
        engine = make_engine(url)
        os.environ[DATABASE_URL_ENV] = url  # the page opens its own store on this file
        try:
            store = WorkshopStore(engine)
            store.init_schema()
            code, secret = _fill_room(store, people)
            at = _presenter(code, secret)
            _timed(at)  # warm-up: the page's first run opens the store and loads the data
            times = [_timed(at) for _ in range(RUNS)]
            shown = store.count(code)
        finally:
            engine.dispose()
            if previous is None:
                os.environ.pop(DATABASE_URL_ENV, None)
            else:
                os.environ[DATABASE_URL_ENV] = previous
    return statistics.median(times), shown


def run(rooms: tuple[int, ...] = ROOMS) -> list[dict]:
    """A row per room size (its median rerun against the reference page), then the largest
    room against the smallest."""
    medians = {people: _median_rerun(people) for people in rooms}
    rows: list[dict] = [
        {
            "what": f"presenter view rerun, {people} answers",
            "median_ms": round(median * 1000, 1),
            "max_ratio": MAX_RATIO,
            "runs": RUNS,
            "answers": shown,
        }
        for people, (median, shown) in medians.items()
    ]
    small, large = min(rooms), max(rooms)
    if large > small:
        rows.append(
            {
                "what": f"presenter view rerun, {large} answers against {small}",
                "median_ms": round(medians[large][0] * 1000, 1),
                "reference_ms": round(medians[small][0] * 1000, 1),
                "max_ratio": MAX_GROWTH,
                "runs": RUNS,
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
