"""Unsent answers across a restart of the app server, in real Chromium phones.

Five phones join a room and tap answers without sending them. Two of them press Send while
another client holds the database's write lock, so their send waits (the phone keeps a
draft marked as being sent). The server process is then stopped (SIGKILL, as a crash or an
out-of-memory kill; SIGTERM, as a redeploy) and a new one started on the same port and
database. The phones reconnect on their own:

- the two whose send was under way get their answers stored with no tap, and say so;
- the three others say that their answers were kept and are to be sent, still show them,
  and a press of Send stores exactly what they show.

A phone may also say clearly that its answers were not stored and keep them; what no phone
may do is drop a tapped answer silently. The test counts, over the five phones, those whose
answers were stored exactly as tapped, so a failure reads as a figure. It runs on SQLite and
on PostgreSQL (the lock then also holds the page's reads of the answers).
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from adoption.i18n import t
from adoption.store import WorkshopStore, answers_table, make_engine
from browser import EXCEPTION, PHONE, SETTLE_MS, settle
from conftest import free_port, hold_lock, pg_schema_url, start_app, stop_app, wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTIONS = ("q_genai", "q_genai_self")  # two yes/no questions: "yes" is the first option
PHONES = [("yes", "no"), ("no", "yes"), ("yes", "yes"), ("no", "no"), ("yes", "no")]
PENDING = 2  # the first phones press Send just before the restart, while the database waits
RECONNECT_MS = 30_000  # the browser reconnects on its own, backing off a few seconds


def option(tab: Any, code: str, question: str, answer: str) -> Any:
    return tab.locator(f'.st-key-wsj_{code}_{question} [role="radio"]').nth(
        0 if answer == "yes" else 1
    )


def on_screen(tab: Any, code: str, answers: tuple[str, ...]) -> bool:
    return all(
        option(tab, code, q, a).get_attribute("aria-checked") == "true"
        for q, a in zip(QUESTIONS, answers, strict=True)
    )


def appears(tab: Any, text: str, timeout: float) -> bool:
    """Whether ``text`` shows on the page within ``timeout`` ms (counted, not asserted at
    once, so that the test reports how many phones got there)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        tab.get_by_text(text).first.wait_for(timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


def wait_kept(tab: Any, code: str, condition: str) -> None:
    """Wait until the draft the browser keeps for ``code`` satisfies ``condition`` (JS on
    ``d``, the parsed draft)."""
    tab.wait_for_function(
        f"""() => {{
            const d = JSON.parse(window.localStorage.getItem('adoption.draft.{code}') || 'null');
            return d !== null && ({condition});
        }}""",
        timeout=SETTLE_MS,
    )


def stored_answers(engine: sa.Engine, code: str) -> list[tuple[str, ...]]:
    ans = answers_table
    phones: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(ans.c.participant, ans.c.question_id, ans.c.answer).where(
                ans.c.session_code == code
            )
        )
        for phone, question, answer in rows:
            phones.setdefault(phone, {})[question] = answer
    return sorted(tuple(a.get(q, "") for q in QUESTIONS) for a in phones.values())


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_unsent_answers_survive_a_server_restart(
    browser: Any, request: pytest.FixtureRequest, tmp_path: Path, backend: str, stop: signal.Signals
) -> None:
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    if backend != "sqlite":
        schema = request.getfixturevalue("replica_schema")
        url = pg_schema_url(schema).render_as_string(hide_password=False)
    env = {"ADOPTION_DATABASE_URL": url}
    engine = make_engine(url)
    store = WorkshopStore(engine)
    store.init_schema()
    code = store.create_session("Restart room", "en").info.code
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    process = start_app(port, env)
    contexts, tabs = [], []
    release = None
    try:
        wait_healthy(port, process)
        for answers in PHONES:
            context = browser.new_context(viewport=PHONE, locale="en-GB")
            contexts.append(context)
            tab = context.new_page()
            tab.goto(f"{app_url}/join?code={code}&lang=en")
            settle(tab)
            for question, answer in zip(QUESTIONS, answers, strict=True):
                option(tab, code, question, answer).click()
                settle(tab)
            wait_kept(
                tab,
                code,
                " && ".join(
                    f"d.answers?.{q} === '{a}'" for q, a in zip(QUESTIONS, answers, strict=True)
                ),
            )
            tabs.append(tab)

        # The first phones press Send while another client holds the write lock: their
        # send fails after the store's deadline and the phone keeps it as under way.
        release = hold_lock(engine, backend)
        for tab in tabs[:PENDING]:
            tab.get_by_role("button", name=t("ws.join.submit", "en")).click()
        for tab in tabs[:PENDING]:
            tab.get_by_text("Not saved yet").first.wait_for(timeout=30_000)
            wait_kept(tab, code, "d.pending === true")

        process.send_signal(stop)
        process.wait(timeout=30)
        release()
        release = None
        process = start_app(port, env)
        wait_healthy(port, process)

        sent_late = t("ws.join.sent_late", "en")
        reconnected = t("ws.join.reconnected", "en")
        # Nobody taps on the phones whose send was under way: it goes on by itself.
        told_late = sum(appears(tab, sent_late, RECONNECT_MS) for tab in tabs[:PENDING])
        notices = shown = told_sent = 0
        for tab, answers in zip(tabs[PENDING:], PHONES[PENDING:], strict=True):
            notices += appears(tab, reconnected, RECONNECT_MS)
            settle(tab)
            shown += on_screen(tab, code, answers)
            tab.get_by_role("button", name=t("ws.join.submit", "en")).click()
            told_sent += appears(tab, t("ws.join.sent", "en"), 30_000)
            settle(tab)
        exceptions = sum(tab.locator(EXCEPTION).count() for tab in tabs)
        lingering = sum(tab.get_by_text(reconnected).count() for tab in tabs)
    finally:
        if release is not None:
            release()
        for context in contexts:
            context.close()
        stop_app(process)
    got = stored_answers(engine, code)
    engine.dispose()
    exact = sum(min(got.count(a), PHONES.count(a)) for a in set(PHONES))
    others = len(PHONES) - PENDING
    report = (
        f"stored exactly as tapped {exact}/{len(PHONES)} ({len(got)} rows); "
        f"pending sent with no tap {told_late}/{PENDING}; notice {notices}/{others}; "
        f"answers still on screen {shown}/{others}; confirmed {told_sent}/{others}"
    )
    print(report)
    assert got == sorted(PHONES), report
    assert (told_late, notices, shown, told_sent) == (PENDING, others, others, others), report
    assert exceptions == 0
    assert lingering == 0, "the notice clears once the answers are sent"
