"""Every deep link as the first request of a fresh server, on a requirements-only install.

Streamlit Community Cloud installs ``requirements.txt`` and nothing else, then runs
``streamlit run app.py``; a workshop starts with forty phones scanning the QR code of an
app that has just woken up. So each case builds nothing but a fresh server from a virtual
environment made with ``pip install -r requirements.txt`` (no ``make``, no separate
``pip install -e .``) and opens one deep link as that server's very first request: the page
must come through the router (its header and top navigation, the link's language), show
what the link points to, and never an error.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from adoption.benchmark import Profile
from adoption.dataset import Dataset
from adoption.i18n import t
from adoption.questionnaire import load_questionnaire
from adoption.store import WorkshopStore, make_engine
from adoption.urlstate import PARAM, State, encode
from browser import EXCEPTION, settle
from conftest import ROOT, serving, skip_or_fail

pytestmark = pytest.mark.browser

BROKEN = ("ModuleNotFoundError", "encountered an error", "Traceback", "Page not found")
ANSWERS = {"q_genai": "yes", "q_any_ai": "yes"}


@pytest.fixture(scope="session")
def requirements_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``python`` of a virtual environment built from ``requirements.txt`` only.

    Built once per test session: it takes tens of seconds. pip may use the package
    registry; nothing else is downloaded.
    """
    venv = tmp_path_factory.mktemp("requirements-only") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", "requirements.txt"],
        cwd=ROOT,  # Community Cloud installs from the repository root too
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    if install.returncode != 0:
        skip_or_fail(f"pip install -r requirements.txt failed: {install.stderr[-2000:]}")
    return python


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('deep-links') / 'workshop.sqlite3'}"


@pytest.fixture(scope="session")
def workshop(db_url: str) -> tuple[str, str]:
    """A real session (join code, facilitator secret), made through the store."""
    engine = make_engine(db_url)
    try:
        store = WorkshopStore(engine)
        store.init_schema()
        created = store.create_session("Petit-déjeuner des dirigeants", "en")
    finally:
        engine.dispose()
    return created.info.code, created.secret


@pytest.fixture(scope="session")
def links(workshop: tuple[str, str], dataset: Dataset) -> dict[str, dict[str, str]]:
    """Each deep link's query: a real join code and secret, a token from today's encoder."""
    code, secret = workshop
    token = encode(State(ANSWERS, Profile("10-49", None, "FR")), load_questionnaire(dataset))
    return {
        "join": {"code": code},
        "presenter": {"code": code, "key": secret},
        "benchmark": {PARAM: token},
        "explore": {"theme": "risk"},
        "sources": {},
    }


def visible(locator) -> None:  # type: ignore[no-untyped-def]
    """Wait (up to 20 s) for the element to show: on a loaded machine the router's rerun
    can still be drawing the page when the app first reports itself idle."""
    locator.wait_for(state="visible", timeout=20_000)


def check_join(tab, query: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert tab.locator("h1").first.inner_text() == t("ws.join.title", "en")
    visible(tab.get_by_text("Petit-déjeuner des dirigeants").first)
    visible(tab.get_by_role("button", name=t("ws.join.submit", "en")))
    assert f"code={query['code']}" in tab.url


def check_presenter(tab, query: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    code = query["code"]
    visible(tab.get_by_text("Petit-déjeuner des dirigeants").first)
    visible(tab.get_by_text(f"{code[:3]}-{code[3:]}").first)
    visible(tab.get_by_text(t("ws.slides.then_code", "en")).first)


def check_benchmark(tab, query: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert tab.locator("h1").first.inner_text() == t("benchpage.title", "en")
    assert f"{PARAM}={query[PARAM]}" in tab.url, "the share token was kept"
    tab.get_by_role("tab", name=t("benchpage.result", "en")).click()
    tab.get_by_text(re.compile(r"^\d{1,3}/100$")).first.wait_for(timeout=10_000)
    assert tab.locator('[data-testid="stAlert"]', has_text="ignored").count() == 0


def check_explore(tab, query: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert tab.locator("h1").first.inner_text() == t("explore.title", "en")
    assert "theme=risk" in tab.url
    visible(tab.get_by_text("Risk", exact=True).first)  # the filter, set


def check_sources(tab, query: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert tab.locator("h1").first.inner_text() == t("sources.title", "en")
    visible(tab.get_by_text("Bpifrance Le Lab").first)


CHECKS: dict[str, Callable[..., None]] = {
    "join": check_join,
    "presenter": check_presenter,
    "benchmark": check_benchmark,
    "explore": check_explore,
    "sources": check_sources,
}


@pytest.fixture
def first_tab(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("name", list(CHECKS))
def test_a_deep_link_works_as_the_first_request_of_a_fresh_server(
    name: str,
    first_tab,  # type: ignore[no-untyped-def]
    requirements_python: Path,
    links: dict[str, dict[str, str]],
    db_url: str,
) -> None:
    query = links[name]
    # An empty PYTHONPATH: nothing from this test run's environment can supply the package.
    env = {"ADOPTION_DATABASE_URL": db_url, "PYTHONPATH": ""}
    with serving(env, python=requirements_python) as app:
        first_tab.goto(f"{app}/{name}?{urlencode({**query, 'lang': 'en'})}")
        # A page reached before the router hands over and reruns; the script is idle for a
        # moment in between, so wait for something only the router draws before settling:
        # its header, or on the projector (which shows nothing of the app) the join slide.
        header = first_tab.locator('[data-testid="stHeader"]')
        routed = (
            first_tab.get_by_text(t("ws.slides.then_code", "en")).first
            if name == "presenter"
            else header.get_by_role("link", name=t("nav.sources", "en"))
        )
        routed.wait_for(timeout=60_000)
        settle(first_tab)
        text = first_tab.locator("body").inner_text()  # dialogs live outside the app
        assert first_tab.locator(EXCEPTION).count() == 0, text[:2000]
        assert not [word for word in BROKEN if word in text], text[:2000]
        assert first_tab.locator('[data-testid="stSidebarNav"]').count() == 0
        assert "lang=en" in first_tab.url
        if name != "presenter":
            # Through the router: its header, its top navigation, the link's language (the
            # browser says French), no legacy sidebar listing pages/.
            visible(first_tab.get_by_text(t("app.title", "en")).first)
            assert header.get_by_role("link", name=t("nav.sources", "en")).count() == 1
        CHECKS[name](first_tab, query)
