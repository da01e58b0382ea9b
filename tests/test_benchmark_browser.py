"""Benchmark in a real phone-sized browser: answer, read the score, reopen the share link
in a fresh browser context, download the PDF and read the score in it."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from test_browser import EXCEPTION, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def read_score(page) -> str:
    page.get_by_role("tab", name="Your result").click()
    locator = page.get_by_text(re.compile(r"^\d{1,3}/100$")).first
    locator.wait_for(timeout=30_000)
    return locator.inner_text()


def test_answer_share_reopen_and_download(app_url: str, browser) -> None:
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_url}/benchmark?lang=en")
    settle(page)
    for question, choice in [
        ("Do you or your staff use generative AI", "Yes"),
        ("Do you have a formal AI strategy", "Yes"),
    ]:
        group = page.get_by_role("radiogroup", name=question)
        group.get_by_role("radio", name=choice, exact=True).click()
        settle(page)
    score = read_score(page)
    assert score != "0/100"
    assert page.locator(EXCEPTION).count() == 0

    link = page.locator('[data-testid="stCode"] code').last.inner_text().strip()
    assert "b=" in link and "lang=en" in link
    assert link == page.url or link.split("?")[1] in page.url

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the report (PDF)").click()
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert score in reader.pages[0].extract_text()
    context.close()

    other = browser.new_context(viewport=PHONE)
    fresh = other.new_page()
    fresh.goto(link)
    settle(fresh)
    assert read_score(fresh) == score
    assert fresh.locator(EXCEPTION).count() == 0
    other.close()
