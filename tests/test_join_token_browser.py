"""The join slide's rotating QR code and the phone's side of it, in headless Chromium.

At 1920×1080 and 1280×720 the join slide's QR code, read from a screenshot as a phone
would, decodes to the join link with a token the store accepts; a phone that opens it gets
the questions, is admitted, and the token leaves its address bar. In a capped session, a
phone that typed the code is told, in French and in English, to scan the screen. The
screenshots are kept in ``$ADOPTION_SHOTS`` when it is set (to look at them).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from adoption.i18n import t
from adoption.store import WorkshopStore, make_engine
from adoption.workshop import join_link, presenter_link
from browser import EXCEPTION, PHONE, painted, settle

pytestmark = pytest.mark.browser

SCREENS = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]


@pytest.fixture(scope="module")
def store(workshop_db_url: str) -> Iterator[WorkshopStore]:
    engine = make_engine(workshop_db_url)
    shop = WorkshopStore(engine)
    shop.init_schema()
    yield shop
    engine.dispose()


def keep(page: Any, name: str) -> bytes:
    shot: bytes = page.screenshot()
    folder = os.environ.get("ADOPTION_SHOTS")
    if folder:
        Path(folder, f"{name}.png").write_bytes(shot)
    return shot


@pytest.mark.parametrize("viewport", SCREENS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_the_join_slides_qr_code_carries_a_token_that_admits_the_phone(  # type: ignore[no-untyped-def]
    browser, app_url: str, store: WorkshopStore, viewport: dict[str, int]
) -> None:
    import zxingcpp
    from PIL import Image

    created = store.create_session("Dirigeants de PME, Lyon", "fr", ["q_genai"], capacity=30)
    code, secret = created.info.code, created.secret
    projector = browser.new_context(viewport=viewport, locale="fr-FR")
    phone = browser.new_context(viewport=PHONE, locale="fr-FR")
    try:
        screen = projector.new_page()
        screen.goto(presenter_link(app_url, code, store.presenter_token(code, secret), "fr"))
        screen.get_by_role("img", name=re.compile("QR code")).first.wait_for()
        settle(screen)
        painted(screen)
        size = f"{viewport['width']}x{viewport['height']}"
        shot = Image.open(io.BytesIO(keep(screen, f"join-slide-{size}")))
        decoded = [found.text for found in zxingcpp.read_barcodes(shot)]
        assert len(decoded) == 1, decoded
        link = urlsplit(decoded[0])
        token = parse_qs(link.query)["t"][0]
        assert store.join_token_valid(code, token)
        plain = join_link(app_url, code, "fr")
        assert decoded[0].replace(f"&t={token}", "") == plain, "the join link, plus the token"

        page = phone.new_page()
        page.goto(decoded[0])
        page.get_by_role("button", name=t("ws.join.submit", "fr")).wait_for()
        settle(page)
        assert page.locator(EXCEPTION).count() == 0
        assert "t" not in parse_qs(urlsplit(page.url).query), "the token left the address bar"
        assert store.tally(code, secret).admissions == 1
    finally:
        projector.close()
        phone.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_typed_code_in_a_capped_session_is_told_to_scan_the_screen(  # type: ignore[no-untyped-def]
    browser, app_url: str, store: WorkshopStore, lang: str
) -> None:
    created = store.create_session("Capped", lang, ["q_genai"], capacity=10)
    context = browser.new_context(viewport=PHONE, locale=f"{lang}-FR")
    try:
        page = context.new_page()
        page.goto(join_link(app_url, created.info.code, lang))
        message = page.get_by_text(t("ws.join.scan_needed", lang))
        message.wait_for()
        settle(page)
        painted(page)
        keep(page, f"phone-scan-needed-{lang}")
        assert message.is_visible()
        send = page.get_by_role("button", name=t("ws.join.submit", lang))
        assert send.count() == 0, "no questions to answer"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "nothing wider than the phone"
    finally:
        context.close()
