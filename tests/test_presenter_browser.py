"""The facilitator key never sits in an address bar that may be projected (real Chromium).

The facilitator page moves the key of its private link to the browser's storage and out of
the URL, and keeps it out of the page until "show my private link" is pressed; a reload
finds the panel again. The presenter link holds a view token, which shows the slides and
cannot close, export or delete; an old presenter link with the key is swapped for one at
once; an expired or altered token gets one message. During an outage no page shows where
the database is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from adoption.store import Forbidden, WorkshopStore, make_engine
from adoption.store.validation import hash_secret
from adoption.view_token import ViewToken, make_view_token
from browser import DESKTOP, EXCEPTION, create_session, settle, stored_key
from conftest import serving

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def store(workshop_db_url: str) -> Iterator[WorkshopStore]:
    """The app's own database, seen from the test."""
    engine = make_engine(workshop_db_url)
    try:
        shop = WorkshopStore(engine)
        shop.init_schema()
        yield shop
    finally:
        engine.dispose()


def presenter_href(tab) -> str:  # type: ignore[no-untyped-def]
    """The address behind the panel's "Open the presenter view" button."""
    link = tab.get_by_role("link", name=re.compile("presenter view"))
    return unescape(link.first.get_attribute("href") or "")


def test_the_facilitator_key_leaves_the_address_bar_and_a_reload_keeps_the_panel(
    browser, app_url: str
) -> None:
    facilitator, tab, code, key = create_session(browser, app_url, "Key out of sight")
    try:
        # Right after creation: the code in the URL, the key in the browser's storage only.
        assert "key" not in query(tab.url) and key not in tab.url
        assert query(tab.url)["code"] == [code]
        assert key not in tab.content(), "no link of the panel holds the key"
        presenter = presenter_href(tab)
        assert "view" in query(presenter) and "key" not in query(presenter)
        assert key not in presenter

        tab.reload()
        settle(tab)
        expect(tab.get_by_role("link", name=re.compile("presenter view"))).to_have_count(
            1, timeout=30_000
        )
        assert tab.locator(EXCEPTION).count() == 0
        assert key not in tab.url and key not in tab.content()

        # Only when asked for: the private link, key included, to bookmark or copy.
        tab.get_by_role("button", name="Show my private link").click()
        tab.get_by_text("Your facilitator link (private)").wait_for(timeout=30_000)
        settle(tab)
        assert key in tab.content()

        # The private link opened in another browser: the key moves over, out of the URL.
        other = browser.new_context(viewport=DESKTOP, locale="fr-FR")
        page = other.new_page()
        try:
            page.goto(f"{app_url}/workshop?code={code}&key={key}&lang=fr")
            page.wait_for_url(lambda url: "key=" not in url, timeout=30_000)
            # The panel comes with the run that follows the key's move to the browser's
            # storage, which a quiet network may not wait for.
            expect(page.get_by_role("link", name=re.compile("vue présentateur"))).to_have_count(
                1, timeout=30_000
            )
            settle(page)
            assert key not in page.content()
            assert stored_key(page, code) == key
        finally:
            other.close()
    finally:
        facilitator.close()


def test_a_browser_without_the_key_is_asked_for_the_private_link(browser, app_url: str) -> None:
    facilitator, _tab, code, key = create_session(browser, app_url, "Not this browser")
    facilitator.close()
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/workshop?code={code}&lang=en")
        tab.get_by_text("does not hold the key to this session").wait_for(timeout=30_000)
        settle(tab)
        assert tab.locator(EXCEPTION).count() == 0
        assert "Not this browser" not in tab.content()
        assert tab.get_by_role("link", name=re.compile("presenter view")).count() == 0
        # A presenter token where the key goes opens nothing either.
        view = query(presenter_href_of(browser, app_url, code, key))["view"][0]
        tab.goto(f"{app_url}/workshop?code={code}&key={view}&lang=en")
        tab.get_by_text("This facilitator link is not valid").first.wait_for(timeout=30_000)
        settle(tab)
        assert "Not this browser" not in tab.content()
        assert tab.get_by_role("button", name="Close the session").count() == 0
        # A key this browser kept that opens nothing (the session was deleted, say) is
        # forgotten once refused: the next visit asks for the private link again.
        tab.evaluate(
            "([name, value]) => window.localStorage.setItem(name, value)",
            [f"adoption.facilitator.{code}", "not-the-key"],
        )
        tab.goto(f"{app_url}/workshop?code={code}&lang=en")
        tab.get_by_text("This facilitator link is not valid").first.wait_for(timeout=30_000)
        settle(tab)
        assert stored_key(tab, code) is None
        tab.reload()
        tab.get_by_text("does not hold the key to this session").wait_for(timeout=30_000)
    finally:
        context.close()


def presenter_href_of(browser, app_url: str, code: str, key: str) -> str:  # type: ignore[no-untyped-def]
    """The presenter link as the panel gives it, read from a facilitator's browser."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/workshop?code={code}&key={key}&lang=en")
        tab.get_by_role("link", name=re.compile("presenter view")).wait_for(timeout=30_000)
        return presenter_href(tab)
    finally:
        context.close()


def test_the_presenter_link_shows_the_slides_and_cannot_close_export_or_delete(
    browser, app_url: str, store: WorkshopStore
) -> None:
    facilitator, tab, code, key = create_session(browser, app_url, "Projected, keyless")
    href = presenter_href(tab)
    facilitator.close()
    view = query(href)["view"][0]
    context = browser.new_context(viewport=PROJECTOR, locale="en-GB")
    screen = context.new_page()
    try:
        screen.goto(href)
        screen.get_by_text("then type the code").first.wait_for(timeout=30_000)
        settle(screen)
        assert screen.locator(EXCEPTION).count() == 0
        assert "key" not in query(screen.url) and key not in screen.content()
        # The projector's keys move the slides with the token alone.
        screen.keyboard.press("ArrowRight")
        screen.wait_for_function(
            "() => !document.body.innerText.includes('then type the code')", timeout=30_000
        )
        assert store.get_session(code).slide == 1
    finally:
        context.close()
    # What the token can never do, given as a token or in place of the key.
    for credential in (ViewToken(view), view):
        for refused in (
            lambda c: store.close(code, c),
            lambda c: store.room_answers(code, c),
            lambda c: store.delete(code, c),
            lambda c: store.set_capacity(code, c, 2),
        ):
            with pytest.raises(Forbidden):
                refused(credential)
    assert store.check_secret(code, key).is_open


def test_an_old_presenter_link_with_the_key_is_swapped_for_a_view_token(
    browser, app_url: str, store: WorkshopStore
) -> None:
    facilitator, _tab, code, key = create_session(browser, app_url, "Old link")
    facilitator.close()
    context = browser.new_context(viewport=PROJECTOR, locale="en-GB")
    screen = context.new_page()
    try:
        screen.goto(f"{app_url}/presenter?code={code}&key={key}&lang=en&embed=true")
        screen.wait_for_url(lambda url: "key=" not in url, timeout=30_000)
        settle(screen)
        assert screen.get_by_text("then type the code").first.is_visible()
        assert key not in screen.url and key not in screen.content()
        view = query(screen.url)["view"][0]
        assert store.check_view(code, ViewToken(view)).code == code
        screen.reload()
        settle(screen)
        assert screen.get_by_text("then type the code").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("which", ["expired", "tampered"])
def test_an_expired_or_altered_presenter_link_gets_one_clear_message(
    browser, app_url: str, store: WorkshopStore, which: str
) -> None:
    created = store.create_session("Room that must not show", "en")
    code = created.info.code
    fresh = store.presenter_token(code, created.secret)
    view = {
        "expired": make_view_token(
            hash_secret(created.secret), code, datetime.now(UTC) - timedelta(hours=30)
        ),
        "tampered": fresh[:-1] + ("x" if fresh[-1] != "x" else "y"),
    }[which]
    context = browser.new_context(viewport=PROJECTOR, locale="fr-FR")
    screen = context.new_page()
    try:
        screen.goto(f"{app_url}/presenter?code={code}&view={view}&lang=fr&embed=true")
        screen.get_by_text("Demandez au facilitateur un nouveau lien présentateur").wait_for(
            timeout=30_000
        )
        settle(screen)
        assert screen.locator(EXCEPTION).count() == 0
        html = screen.content()
        assert "Room that must not show" not in html and code[:3] + "-" not in html
    finally:
        context.close()


# An address that cannot answer, with every detail a stranger should never read.
HIDDEN = ("hush-user", "hush-db", "db-hidden.invalid", "5999")


@pytest.fixture(scope="module")
def broken_app_url() -> Iterator[str]:
    url = "postgresql+psycopg://hush-user:hush-pass@db-hidden.invalid:5999/hush-db"
    with serving({"ADOPTION_DATABASE_URL": url}) as served:
        yield served


@pytest.mark.parametrize(
    "path",
    [
        "/workshop?lang=en",
        "/workshop?lang=fr&code=K7MQ4P&key=abc",
        "/presenter?lang=en&code=K7MQ4P&view=abc.def&embed=true",
        "/join?lang=fr&code=K7MQ4P",
    ],
)
def test_no_page_says_where_the_database_is_during_an_outage(
    browser, broken_app_url: str, path: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    tab = context.new_page()
    try:
        tab.goto(f"{broken_app_url}{path}")
        tab.get_by_role("alert").first.wait_for(timeout=30_000)
        settle(tab)
        assert tab.locator(EXCEPTION).count() == 0
        html = tab.content()
        shown = [detail for detail in HIDDEN if detail in html]
        assert not shown, f"{path} shows {shown}"
        assert "hush-pass" not in html
    finally:
        context.close()
