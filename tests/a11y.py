"""The accessibility sweep: axe-core (shipped inside axe-playwright-python, nothing fetched)
run on every page of a live app, in both languages, at desktop and phone widths.

Used by ``tests/test_accessibility.py`` and runnable by hand against a running app
(``python tests/a11y.py http://localhost:8501 <sqlite url>``) to print every violation.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from axe_playwright_python.sync_playwright import Axe

import fixtures
from adoption.benchmark import Profile
from adoption.store import WorkshopStore, make_engine, new_participant
from adoption.urlstate import State, encode
from browser import settle

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
LANGS = ("fr", "en")
BLOCKING = ("critical", "serious")
# Streamlit's own markup that the app cannot change (kept short, each with its reason).
IGNORED_RULES: dict[str, str] = {}


@dataclass(frozen=True)
class Violation:
    page: str
    lang: str
    width: str
    rule: str
    impact: str
    targets: tuple[str, ...]
    help: str


def session_links(database_url: str, *, answers: int = 0, slide: int = 0) -> dict[str, str]:
    """A session in the app's database, with ``answers`` participants who said yes to every
    question and the projector on ``slide`` (revealed): the workshop pages' query."""
    store = WorkshopStore(make_engine(database_url))
    store.init_schema()
    created = store.create_session("Accessibility check", "fr")
    code, key = created.info.code, created.secret
    questionnaire = fixtures.questionnaire()
    for _ in range(answers):
        yes = {q.id: q.codes[0] for q in questionnaire.questions}
        store.submit(code, new_participant(), yes)
    if slide:
        store.set_slide(code, key, slide, True)
    return {"code": code, "key": key, "view": store.presenter_token(code, key)}


def pages(database_url: str) -> dict[str, str]:
    """Every page, by name, with the query that shows its fullest state (``{lang}`` filled
    later): the benchmark with its result, the facilitator panel, the projector."""
    questionnaire = fixtures.questionnaire()
    answers = {q.id: q.codes[0] for q in questionnaire.questions}
    token = encode(State(answers, Profile("20-49", "business_services", "FR")), questionnaire)
    session = session_links(database_url)
    room = session_links(database_url, answers=6, slide=1)
    last = len(questionnaire.questions) + 1  # join slide, one per question, closing slide
    closing = session_links(database_url, answers=6, slide=last)
    return {
        "home": "/?lang={lang}",
        "explore": "/explore?lang={lang}&theme=adoption",
        "benchmark": "/benchmark?lang={lang}",
        "benchmark-answered": f"/benchmark?lang={{lang}}&b={token}",
        "benchmark-result": f"/benchmark?lang={{lang}}&view=result&b={token}",
        "sources": "/sources?lang={lang}",
        "workshop": "/workshop?lang={lang}",
        "facilitator": f"/workshop?lang={{lang}}&code={session['code']}&key={session['key']}",
        "join": f"/join?lang={{lang}}&code={session['code']}",
        "presenter": (
            f"/presenter?lang={{lang}}&code={session['code']}&key={session['key']}&embed=true"
        ),
        "presenter-question": (
            f"/presenter?lang={{lang}}&code={room['code']}&key={room['key']}&embed=true"
        ),
        "presenter-closing": (
            f"/presenter?lang={{lang}}&code={closing['code']}&key={closing['key']}&embed=true"
        ),
        "facilitator-room": f"/workshop?lang={{lang}}&code={room['code']}&key={room['key']}",
    }


@dataclass(frozen=True)
class Visit:
    """What one page × language × width showed: axe's blocking violations, its document
    language, its text (visible and accessible names, see TEXT_JS) and heading levels."""

    page: str
    lang: str
    width: str
    violations: tuple[Violation, ...]
    document_lang: str
    text: str
    headings: tuple[int, ...]


# Visible text and accessible names, without icon ligatures ("download" drawn as an icon).
TEXT_JS = """() => {
  const parts = [];
  const skip = (el) => el && el.closest('[aria-hidden="true"], [data-testid="stIconMaterial"]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!skip(node.parentElement)) { parts.push(node.nodeValue); }
  }
  for (const el of document.querySelectorAll("[aria-label],[title],[alt],[placeholder]")) {
    if (skip(el)) { continue; }
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      const value = el.getAttribute(name);
      if (value) { parts.push(value); }
    }
  }
  return parts.join("\\n");
}"""


HEADINGS_JS = (
    "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
    ".filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))"
)


def visit_all(browser: Any, base: str, database_url: str) -> Iterator[Visit]:
    """Every page × language × width, once, with everything the checks need."""
    axe = Axe()
    for name, query in pages(database_url).items():
        for lang in LANGS:
            for width, (w, h) in WIDTHS.items():
                context = browser.new_context(viewport={"width": w, "height": h})
                page = context.new_page()
                page.goto(base + query.format(lang=lang))
                settle(page)
                page.wait_for_function(
                    f"document.documentElement.lang === '{lang}'", timeout=10_000
                )
                results = axe.run(page).response
                violations = tuple(
                    Violation(
                        page=name,
                        lang=lang,
                        width=width,
                        rule=violation["id"],
                        impact=violation["impact"],
                        targets=tuple(
                            " ".join(map(str, node["target"])) for node in violation["nodes"]
                        ),
                        help=violation["help"],
                    )
                    for violation in results["violations"]
                    if violation["impact"] in BLOCKING and violation["id"] not in IGNORED_RULES
                )
                yield Visit(
                    page=name,
                    lang=lang,
                    width=width,
                    violations=violations,
                    document_lang=page.evaluate("document.documentElement.lang"),
                    text=page.evaluate(TEXT_JS),
                    headings=tuple(page.evaluate(HEADINGS_JS)),
                )
                context.close()


def sweep(browser: Any, base: str, database_url: str) -> Iterator[Violation]:
    """Every critical or serious violation on every page × language × width."""
    for visit in visit_all(browser, base, database_url):
        yield from visit.violations


if __name__ == "__main__":  # pragma: no cover - a tool for people
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        found = list(sweep(chromium, sys.argv[1], sys.argv[2]))
        for v in found:
            print(
                f"{v.page:17} {v.lang} {v.width:7} {v.impact:8} {v.rule}: {len(v.targets)} "
                f"{v.targets[:3]} — {v.help}"
            )
        rules = {(v.rule, v.impact) for v in found}
        print(f"{len(found)} violations ({sorted(rules)})")
