"""What every browser test waits on, in one place: conditions, never timers.

Streamlit marks its root element with the script's state; the page is settled when the
script has finished, the network is quiet (media, components and the page's own script
have loaded) and the script has not started again meanwhile (a component's first report
reruns it). :func:`painted` then lets the browser run what it queued for the next frames
(the page script's batched changes, a slide's scaling) before anything is measured.

Imported by the browser tests, ``tests/a11y.py`` and ``make bench`` (as ``tests.browser``);
it imports nothing of the tests, so both can.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ANSWERS = ["Yes", "Yes", "Yes", "No", "No"]  # a room of five: 60 % use generative AI
SETTLE_MS = 60_000

# Every visible text node's font size; hidden helpers (a 1 px skip link) do not count.
SMALL_TEXTS = """(least) => {
  const small = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    if (box.bottom < 0 || box.top > innerHeight || el.closest("[aria-hidden=true]")) continue;
    const size = parseFloat(style.fontSize);
    if (size < least - 0.05) small.push(size + "px: " + node.textContent.trim().slice(0, 40));
  }
  return small;
}"""

# Resolves after two animation frames: whatever the page queued with requestAnimationFrame
# (or as a microtask) before the call has run, and the result has been laid out.
_TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def settle(page: Any, timeout: float = SETTLE_MS) -> None:
    """Wait until the page's script has finished and stays finished once the network is
    quiet (a component's report or a late media request may start one more run)."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(IDLE, timeout=timeout)


def painted(page: Any) -> None:
    """Wait until the browser has drawn two more frames: changes the page queued for the
    next frame (a slide's new scale) are on screen."""
    page.evaluate(_TWO_FRAMES)


# --- flows several test modules share ---------------------------------------------------


FACILITATOR_ZONE = "Europe/Paris"


def stored_key(tab: Any, code: str) -> str | None:
    """The facilitator key the browser keeps for session ``code`` (never in the URL)."""
    key = tab.evaluate(
        "(name) => window.localStorage.getItem(name)", f"adoption.facilitator.{code}"
    )
    return key if isinstance(key, str) else None


def create_session(browser: Any, app_url: str, title: str) -> tuple[Any, Any, str, str]:
    """A facilitator creates a session on the workshop page: the browser context, its tab
    on the management panel, the join code and the key (read from the browser's storage,
    where the page keeps it: the address bar only ever holds the code)."""
    # A facilitator in Paris: the export writes times in the browser's time zone.
    context = browser.new_context(
        viewport=DESKTOP, locale="en-GB", timezone_id=FACILITATOR_ZONE, accept_downloads=True
    )
    tab = context.new_page()
    tab.goto(f"{app_url}/workshop?lang=en")
    settle(tab)
    tab.locator('[data-testid="stTextInput"] input').first.fill(title)
    tab.get_by_role("button", name="Create the session").click()
    tab.wait_for_url(re.compile(r"[?&]code="), timeout=30_000)
    settle(tab)
    code = parse_qs(urlsplit(tab.url).query)["code"][0]
    key = stored_key(tab, code)
    assert key, "the browser keeps the facilitator key"
    return context, tab, code, key


def join_and_answer(browser: Any, app_url: str, code: str, secret: str, answer: str) -> None:
    """A phone joins the room by its link, answers the first question and sends."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/join?code={code}&lang=en")
        settle(tab)
        # The first question asks about generative AI; its "Yes"/"No" come first on the page.
        tab.get_by_role("radio", name=answer, exact=True).first.click()
        settle(tab)
        tab.get_by_role("button", name="Send my answers").click()
        tab.get_by_text("Answers saved.").wait_for(timeout=30_000)
        settle(tab)
        assert tab.locator(EXCEPTION).count() == 0
        assert tab.get_by_text("Your result").first.is_visible()
        assert "p=" not in tab.url, "no participant identity in the shareable URL"
        device = tab.evaluate("window.localStorage.getItem('adoption.device')")
        assert re.fullmatch(r"[A-Za-z0-9_-]{16,64}", device or ""), "the device keeps its token"
        assert secret not in tab.url and secret not in tab.content()
        overflow = tab.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, "the phone page scrolls sideways"
    finally:
        context.close()
