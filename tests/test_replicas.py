"""Two app replicas on one PostgreSQL database, as a hosted deployment runs them.

Two real ``streamlit run`` processes on different ports share one database (a throw-away
schema of the test database). Replica A takes the URL from ``ADOPTION_DATABASE_URL``;
replica B from Streamlit's own ``[connections.workshop]`` secrets section. The projector
is open on B while the room answers through A, and shows every answer without a reload;
the facilitator closes the session on A, and B's projector and join page see it closed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from adoption.i18n import t
from adoption.store import WorkshopStore, make_engine
from browser import ANSWERS, DESKTOP, EXCEPTION, PHONE, join_and_answer, settle
from conftest import pg_schema_url, serving

pytestmark = [pytest.mark.postgres, pytest.mark.browser]


def secrets_file(folder: Path, url: sa.URL) -> Path:
    """``[connections.workshop]`` with the keys ``st.connection`` reads, one per line."""
    options = url.query["options"]
    lines = [
        "[connections.workshop]",
        f'dialect = "{url.get_backend_name()}"',
        f'driver = "{url.get_driver_name()}"',
        f'host = "{url.host}"',
        f"port = {url.port or 5432}",
        f'database = "{url.database}"',
        f'username = "{url.username}"',
        *([f'password = "{url.password}"'] if url.password else []),
        f'query = {{ options = "{options}" }}',
    ]
    path = folder / "secrets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_replicas_share_one_postgresql_database(
    browser,  # type: ignore[no-untyped-def]
    replica_schema: str,
    tmp_path: Path,
) -> None:
    url = pg_schema_url(replica_schema)
    text_url = url.render_as_string(hide_password=False)
    engine = make_engine(text_url)
    try:
        store = WorkshopStore(engine)
        store.init_schema()
        created = store.create_session("Two replicas", "en")
    finally:
        engine.dispose()
    code, secret = created.info.code, created.secret

    replica_a = {"ADOPTION_DATABASE_URL": text_url}
    replica_b = {
        "ADOPTION_DATABASE_URL": "",  # nothing from the environment: the secrets decide
        "STREAMLIT_SECRETS_FILES": str(secrets_file(tmp_path, url)),
    }
    with serving(replica_a) as app_a, serving(replica_b) as app_b:
        projector = browser.new_context(viewport=DESKTOP, locale="en-GB")
        screen = projector.new_page()
        screen.goto(f"{app_b}/presenter?code={code}&key={secret}&lang=en")
        # B's first request: the page hands over to the router and reruns (see _ui.py).
        screen.get_by_text("Two replicas").first.wait_for(timeout=60_000)
        settle(screen)
        assert screen.locator(EXCEPTION).count() == 0
        assert screen.get_by_text("Two replicas").first.is_visible()
        screen.evaluate("window.__notReloaded = true")

        for answer in ANSWERS:
            join_and_answer(browser, app_a, code, secret, answer)

        # B's projector timer reads what A wrote.
        screen.locator('[data-testid="stHtml"]', has_text="participants have answered").filter(
            has_text=str(len(ANSWERS))
        ).first.wait_for(timeout=20_000)
        screen.keyboard.press("ArrowRight")  # the first question
        screen.get_by_text("Question 1 of").first.wait_for(timeout=15_000)
        screen.keyboard.press("ArrowRight")  # its answer, revealed
        screen.get_by_text("60%", exact=True).first.wait_for(timeout=20_000)
        assert screen.evaluate("window.__notReloaded === true")

        # The facilitator closes the session on A ...
        facilitator = browser.new_context(viewport=DESKTOP, locale="en-GB")
        manage = facilitator.new_page()
        manage.goto(f"{app_a}/workshop?code={code}&key={secret}&lang=en")
        settle(manage)
        manage.get_by_role("button", name=t("ws.close", "en")).click()
        manage.get_by_text(t("ws.closed_done", "en")).first.wait_for(timeout=30_000)

        # ... and B sees it: the projector (back on its join slide) on its next tick, a
        # phone joining through B.
        screen.keyboard.press("ArrowLeft")
        screen.get_by_text(t("ws.pres.closed", "en")).first.wait_for(timeout=20_000)
        assert screen.locator(EXCEPTION).count() == 0
        phone = browser.new_context(viewport=PHONE, locale="en-GB")
        late = phone.new_page()
        late.goto(f"{app_b}/join?code={code}&lang=en")
        settle(late)
        assert late.get_by_text(t("ws.join.closed", "en")).first.is_visible()
        assert late.get_by_role("button", name=t("ws.join.submit", "en")).count() == 0
        for context in (phone, facilitator, projector):
            context.close()
