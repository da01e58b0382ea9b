"""The app styles and scripts only what it owns.

No script watches or rewrites Streamlit's DOM (no MutationObserver), and no style or script
selects Streamlit's elements by their ``data-testid`` (Streamlit's test hooks, which change
between versions): the app reaches Streamlit's elements only through its own keyed
containers (the ``st-key-…`` class ``key=`` gives them). The browser test checks the other
half: every selector of the app's stylesheets matches something on the page it is for, so
a renamed key or a changed Streamlit element fails here instead of silently styling
nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from adoption.dataset import load_dataset
from adoption.questionnaire import load_questionnaire
from adoption.workshop import presenter_link

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("MutationObserver", "data-testid")
SOURCE_SUFFIXES = {".py", ".js", ".css", ".html"}


def app_sources() -> list[Path]:
    """Every file of the app's code: app.py, the page scripts, everything under src/."""
    files = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*"))]
    files += sorted((ROOT / "src").rglob("*"))
    return [f for f in files if f.is_file() and f.suffix in SOURCE_SUFFIXES]


def offences(files: list[Path], root: Path = ROOT) -> list[tuple[str, str]]:
    """(file, line) for every line that names a forbidden word."""
    found = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if any(word in line for word in FORBIDDEN):
                found.append((path.relative_to(root).as_posix(), line.strip()))
    return found


def test_the_check_reads_every_app_file() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in app_sources()}
    assert {"app.py", "pages/benchmark.py", "src/adoption_ui/chrome.py"} <= names


def test_the_check_finds_a_test_id_selector_and_an_observer(tmp_path: Path) -> None:
    style = tmp_path / "style.py"
    style.write_text(
        'CSS = "[data-testid=stForm] p {}"\nOK = ".st-key-a p {}"\nJS = "new MutationObserver(f)"\n'
    )
    assert offences([style], tmp_path) == [
        ("style.py", 'CSS = "[data-testid=stForm] p {}"'),
        ("style.py", 'JS = "new MutationObserver(f)"'),
    ]


def test_no_dom_rewriting_and_no_test_id_selectors_in_the_app() -> None:
    found = [f"{file}: {line}" for file, line in offences(app_sources())]
    assert not found, "\n".join(found)


# ------------------------------------------------------------------ the selectors in use

# State pseudo-classes: a rule may apply only while an element is focused or empty, but its
# element must exist all the same.
_STATES = re.compile(r":(?:empty|focus-visible|focus-within|focus|hover|active)\b")


def keyed_selectors(css: str) -> list[str]:
    """Every selector of ``css`` that goes through one of the app's keyed containers (an
    ``st-key-`` class), split at its top-level commas, state pseudo-classes removed."""
    css = re.sub(r"</?style>", "", css)
    selectors = []
    for head in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        depth, start = 0, 0
        for i, char in enumerate(head + ","):
            if char in "([":
                depth += 1
            elif char in ")]":
                depth -= 1
            elif char == "," and depth == 0:
                part = head[start:i].strip()
                start = i + 1
                if "st-key-" in part:
                    selectors.append(_STATES.sub("", part))
    return selectors


def test_keyed_selectors_reads_a_stylesheet() -> None:
    css = """<style>
    :root { --u: 1px; }
    .st-key-a p, [class*="st-key-b_"] :is(p, li) { margin: 0; }
    .st-key-c:empty { display: none; }
    :focus-visible { outline: 1px solid; }
    .st-key-q:not(:has(.st-key-x :is([a="1"], [b]))) .st-key-y { display: none; }
    </style>"""
    assert keyed_selectors(css) == [
        ".st-key-a p",
        '[class*="st-key-b_"] :is(p, li)',
        ".st-key-c",
        '.st-key-q:not(:has(.st-key-x :is([a="1"], [b]))) .st-key-y',
    ]


def unmatched(page, selectors: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The selectors that match nothing on ``page``, once its elements have drawn (a page
    shows placeholders while Streamlit loads a widget's code: wait for the first match)."""
    try:
        page.wait_for_function(
            "sels => sels.every(s => document.querySelector(s) !== null)",
            arg=selectors,
            timeout=30_000,
        )
    except PlaywrightTimeout:  # the report says which ones
        return [s for s in selectors if not page.evaluate("s => !!document.querySelector(s)", s)]
    return []


@pytest.mark.browser
def test_every_selector_of_the_apps_stylesheets_matches_its_page(  # type: ignore[no-untyped-def]
    browser, app_url: str, workshop_db_url: str
) -> None:
    """The site-wide styles on the benchmark page (questions, the floating score bar, the
    result's facts) and the projector's on its join slide."""
    from a11y import session_links
    from adoption.benchmark import Profile
    from adoption.urlstate import State, encode
    from adoption_ui import chrome, slides
    from browser import settle

    questionnaire = load_questionnaire(load_dataset())
    answers = {q.id: q.codes[0] for q in questionnaire.questions}
    token = encode(State(answers, Profile("20-49", "business_services", "FR")), questionnaire)
    session = session_links(workshop_db_url)
    # Where each selector applies, by its keyed container; a selector of a new key fails
    # until it is given a page here.
    pages = {
        "questionnaire": f"/benchmark?lang=fr&b={token}",
        "bench_score_bar": f"/benchmark?lang=fr&b={token}",
        "bench_facts_": f"/benchmark?lang=en&view=result&b={token}",
        "ws_pres_": presenter_link("", session["code"], session["view"], "fr"),
    }
    wanted: dict[str, list[str]] = {}
    for selector in keyed_selectors(chrome.PAGE_CSS + slides.PROJECTOR_CSS):
        keys = re.findall(r"st-key-([\w-]+)", selector)
        where = [pages[k] for k in pages if any(key.startswith(k) for key in keys[-1:])]
        assert where, f"say on which page {selector!r} applies"
        wanted.setdefault(where[0], []).append(selector)
    assert len(wanted) == len(set(pages.values()))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        missing = []
        for path, selectors in wanted.items():
            page = context.new_page()
            page.goto(app_url + path)
            settle(page)
            missing += [f"{path}: {s}" for s in unmatched(page, selectors)]
            page.close()
        assert not missing, "\n".join(missing)
    finally:
        context.close()
