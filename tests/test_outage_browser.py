"""A PostgreSQL that stops answering (accepts TCP, says nothing) under real Chromium phones.

The database sits behind :class:`tcp_proxy.FreezableProxy`. Two phones tap answers and
press Send while it is frozen: each is told within the store's deadline that nothing is
saved yet, and keeps a draft marked as being sent. One of them then reloads its page during
the outage (the participant thought a reload would help): the page says what it kept and
retries on its own, with nothing to press. When the database answers again, both phones
store their answers without any tap, say so, and no notice of the outage is left on screen
once "Done" shows, on either phone, within one retry period.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adoption.i18n import t
from adoption.join_flow import RETRY_S
from adoption.store import WorkshopStore, answers_table, make_engine
from browser import EXCEPTION, PHONE, settle
from conftest import PG_URL, pg_schema, serving
from tcp_proxy import FreezableProxy

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

QUESTIONS = ("q_genai", "q_genai_self")
PHONES = [("yes", "no"), ("no", "yes")]  # the second one reloads during the outage
WATCHER = ("yes", "yes")  # a third phone only taps, and switches to French during the outage
# Every notice that says the database is not answering, or that a send is not done.
OUTAGE_NOTICES = ("ws.db_unavailable", "ws.join.offline", "ws.join.failed", "ws.join.retrying")


@pytest.fixture
def schema(pg_admin: Engine) -> Iterator[str]:
    with pg_schema(pg_admin, "test_outage") as name:
        yield name


def option(tab: Any, code: str, question: str, answer: str) -> Any:
    return tab.locator(f'.st-key-wsj_{code}_{question} [role="radio"]').nth(
        0 if answer == "yes" else 1
    )


def notice_texts(lang: str) -> list[str]:
    # The first sentence of each is enough to find it (some have placeholders later).
    return [t(key, lang, s=RETRY_S).split(".")[0].split("…")[0] for key in OUTAGE_NOTICES]


def notices(tab: Any, lang: str = "en") -> list[str]:
    """The outage notices the page shows now."""
    return [text for text in notice_texts(lang) if tab.get_by_text(text).count()]


def stored(engine: Engine, code: str) -> list[tuple[str, ...]]:
    ans = answers_table
    phones: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        query = sa.select(ans.c.participant, ans.c.question_id, ans.c.answer)
        for phone, question, answer in conn.execute(query.where(ans.c.session_code == code)):
            phones.setdefault(phone, {})[question] = answer
    return sorted(tuple(a.get(q, "") for q in QUESTIONS) for a in phones.values())


def test_a_reload_during_an_outage_keeps_sending_and_the_notices_clear(
    browser: Any, pg_admin: Engine, schema: str
) -> None:
    direct = sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    proxy = FreezableProxy((direct.host or "127.0.0.1", direct.port or 5432))
    via_proxy = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    engine = make_engine(direct.render_as_string(hide_password=False))
    store = WorkshopStore(engine)
    store.init_schema()
    code = store.create_session("Frozen room", "en").info.code
    contexts, tabs = [], []
    try:
        with serving({"ADOPTION_DATABASE_URL": via_proxy}) as app_url:
            for answers in PHONES:
                context = browser.new_context(viewport=PHONE, locale="en-GB")
                contexts.append(context)
                tab = context.new_page()
                tab.goto(f"{app_url}/join?code={code}&lang=en")
                settle(tab)
                for question, answer in zip(QUESTIONS, answers, strict=True):
                    option(tab, code, question, answer).click()
                    settle(tab)
                tabs.append(tab)
            context = browser.new_context(viewport=PHONE, locale="en-GB")
            contexts.append(context)
            watcher = context.new_page()
            watcher.goto(f"{app_url}/join?code={code}&lang=en")
            settle(watcher)
            for question, answer in zip(QUESTIONS, WATCHER, strict=True):
                option(watcher, code, question, answer).click()
                settle(watcher)

            proxy.freeze()
            # A whole run of the page during the outage: it says the database is not
            # answering, and keeps the answers on screen.
            watcher.get_by_role("radio", name="FR", exact=True).click()
            watcher.get_by_text(t("ws.join.offline", "fr").split(".")[0]).first.wait_for(
                timeout=30_000
            )
            for tab in tabs:
                tab.get_by_role("button", name=t("ws.join.submit", "en")).click()
            for tab in tabs:
                tab.get_by_text("Not saved yet").first.wait_for(timeout=30_000)
                tab.wait_for_function(
                    f"""() => JSON.parse(window.localStorage.getItem(
                        'adoption.draft.{code}') || '{{}}').pending === true""",
                    timeout=30_000,
                )
            reloaded = tabs[1]
            reloaded.reload()
            reloaded.get_by_text(t("ws.join.kept_on_phone", "en")).first.wait_for(timeout=30_000)
            assert reloaded.get_by_role("button", name=t("ws.retry", "en")).count() == 0, (
                "nothing to press: the reloaded page tries again by itself"
            )
            assert store.count(code) == 0

            proxy.thaw()
            done = t("ws.join.sent_late", "en")
            for tab in tabs:  # nobody taps anything
                tab.get_by_text(done).first.wait_for(timeout=60_000)
            # Once "Done" shows, no notice of the outage stays above or below it.
            for tab in tabs:
                settle(tab)
                assert notices(tab) == [], notices(tab)
                assert tab.get_by_text(done).first.is_visible()
                assert tab.locator(EXCEPTION).count() == 0
            # The phone that only tapped: its notice goes once the database answers, with
            # nothing tapped (the page asks again every few seconds), and its answers stay.
            gone = " && ".join(
                f"!document.body.innerText.includes({text!r})" for text in notice_texts("fr")
            )
            watcher.wait_for_function(f"() => {gone}", timeout=60_000)
            assert all(
                option(watcher, code, q, a).get_attribute("aria-checked") == "true"
                for q, a in zip(QUESTIONS, WATCHER, strict=True)
            )
            assert watcher.locator(EXCEPTION).count() == 0
        assert stored(engine, code) == sorted(PHONES), "each phone's answers, stored once"
    finally:
        for context in contexts:
            context.close()
        proxy.close()
        engine.dispose()
