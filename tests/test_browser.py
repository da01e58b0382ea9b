"""The whole app in a real browser: `streamlit run` + headless system Chromium, at desktop
and phone widths, in both languages. No page may show an exception box."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from adoption.i18n import DEFAULT_LANG, NNBSP, messages
from browser import EXCEPTION, settle

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
PAGES = {
    "home": "",
    "explore": "explore",
    "benchmark": "benchmark",
    "workshop": "workshop",
    "join": "join",
    "presenter": "presenter",
    "sources": "sources",
}
# A translation key shown as-is, e.g. "ws.join.title" or "bench.score.overall".
RAW_KEY = re.compile(
    r"\b(?:" + "|".join(sorted({k.split(".")[0] for k in messages(DEFAULT_LANG)})) + r")\.[a-z_]+\b"
)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser) -> Iterator[object]:
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders_without_an_exception(app_url: str, page, name: str, lang: str) -> None:
    page.goto(f"{app_url}/{PAGES[name]}?lang={lang}")
    settle(page)
    page.wait_for_selector("h1", timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0
    assert f"lang={lang}" in page.url
    text = page.locator('[data-testid="stMain"]').inner_text()
    raw = RAW_KEY.findall(text)
    assert not raw, f"untranslated keys on the page: {raw}"
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "the page scrolls sideways"


@pytest.mark.parametrize(
    ("lang", "numbers"),
    [("fr", [f"31{NNBSP}%", f"84{NNBSP}%", f"58{NNBSP}%", f"16{NNBSP}%"]), ("en", ["31%", "84%", "58%", "16%"])],
)  # fmt: skip
def test_home_shows_the_four_headline_numbers(
    app_url: str, page, lang: str, numbers: list[str]
) -> None:
    page.goto(f"{app_url}/?lang={lang}")
    settle(page)
    for number in numbers:
        locator = page.get_by_text(number, exact=True).first
        locator.scroll_into_view_if_needed()
        assert locator.is_visible(), number
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize(
    ("locale", "lang", "title"),
    [("en-GB", "en", "AI in SMEs"), ("fr-BE", "fr", "L'IA dans les PME")],
)
def test_browser_language_is_used_when_the_link_has_none(
    app_url: str, browser, locale: str, lang: str, title: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
    tab = context.new_page()
    tab.goto(app_url)
    settle(tab)
    assert f"lang={lang}" in tab.url
    assert tab.locator("h1").first.inner_text().startswith(title)
    context.close()


def test_source_popover_opens_the_provenance(app_url: str, page) -> None:
    page.goto(f"{app_url}/?lang=en")
    settle(page)
    page.get_by_role("button", name="Source").first.click()
    popover = page.get_by_text("Measured by", exact=False).first
    popover.wait_for(timeout=10_000)
    assert page.get_by_text("Bpifrance Le Lab").first.is_visible()


def test_the_language_survives_moving_to_another_page(app_url: str, page) -> None:
    page.goto(f"{app_url}/?lang=en")
    settle(page)
    if page.viewport_size["width"] < 640:  # phone: the top navigation folds into the sidebar
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        nav = page.locator('[data-testid="stSidebar"]')
    else:
        nav = page.locator('[data-testid="stHeader"]')
    nav.get_by_role("link", name="Sources & method").click()
    page.wait_for_url("**/sources*")
    settle(page)
    assert "lang=en" in page.url
    assert page.locator("h1").first.inner_text() == "Sources & method"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_explore_eurostat_view_on_a_phone(app_url: str, browser, lang: str) -> None:
    """Explore's Eurostat view at 390×844: filters, table, chart and France's rank, with no
    exception box and nothing wider than the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/explore?lang={lang}&view=eurostat&egeo=FR,DE,EU27_2020")
        settle(tab)
        tab.wait_for_selector("h1", timeout=30_000)
        assert tab.locator(EXCEPTION).count() == 0
        assert "view=eurostat" in tab.url
        note = tab.locator(".st-key-rank_note")
        note.scroll_into_view_if_needed()
        assert note.is_visible()
        # Plotly draws once its script has loaded, after the run has finished.
        tab.wait_for_selector(".js-plotly-plot", state="attached", timeout=30_000)
        assert tab.locator(EXCEPTION).count() == 0
        overflow = tab.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, "the page scrolls sideways"
    finally:
        context.close()
