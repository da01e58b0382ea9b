"""How many runs of the join page a phone's arrival costs the server, at protocol level.

The page draws the device probe; the browser answers with the token it keeps. A new phone
answers with the token the page offered and no draft: that report reruns the probe's
fragment only, never the whole page (issue 21: one script run per join). A phone that kept
another token has the whole page drawn again, for that device's answers.

The phone here is the bench's (``bench.browser_room``): the websocket protocol, the probe's
report as the component sends it. No timing is judged.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

from adoption.store import WorkshopStore, make_engine, new_participant

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python -m pytest` has it; a bare `pytest` does not
    sys.path.insert(0, str(ROOT))

from bench.browser_room import JoinPage, Socket  # noqa: E402

pytestmark = pytest.mark.browser  # a live `streamlit run` server


class Counting(Socket):
    """The bench's phone socket, counting what each run drew outside any fragment."""

    async def run(self, state: ClientState, page: JoinPage) -> float:
        self.whole_page = 0
        self.fragment_runs: set[str] = set()
        original = self.ws.recv

        async def recv() -> bytes:
            data: bytes = await original()
            message = ForwardMsg()
            message.ParseFromString(data)
            if message.WhichOneof("type") == "delta":
                if message.delta.fragment_id:
                    self.fragment_runs.add(message.delta.fragment_id)
                else:
                    self.whole_page += 1
            return data

        self.ws.recv = recv
        try:
            return await super().run(state, page)
        finally:
            self.ws.recv = original


async def _join(app_url: str, code: str, token: str | None) -> tuple[JoinPage, Counting]:
    query = f"code={code}&lang=en"
    page = JoinPage()
    async with Counting(app_url, "127.0.0.1", "") as ws:
        await ws.run(ClientState(query_string=query, page_name="join"), page)
        assert page.probe and page.probe_fragment and page.choices, "the page drew its probe"
        assert ws.whole_page > 0
        device = WidgetState(id=page.probe)
        device.json_value = json.dumps(
            {
                "device": {
                    "token": token or page.provisional,
                    "code": code,
                    "draft": None,
                    # As the page's component reports: the server session it reports to.
                    "session": page.provisional,
                    "again": False,
                }
            }
        )
        report = ClientState(
            query_string=query,
            page_name="join",
            widget_states=WidgetStates(widgets=[device]),
            fragment_id=page.probe_fragment,
        )
        await ws.run(report, page)
        return page, ws


def _session(url: str) -> str:
    engine = make_engine(url)
    try:
        store = WorkshopStore(engine)
        store.init_schema()
        return store.create_session("Runs per join", "en").info.code
    finally:
        engine.dispose()


def test_a_new_phone_costs_one_run_of_the_page(app_url: str, workshop_db_url: str) -> None:
    code = _session(workshop_db_url)
    _page, ws = asyncio.run(_join(app_url, code, None))
    assert ws.whole_page == 0, "the report of the offered token redrew the whole page"
    assert ws.fragment_runs == {_page.probe_fragment}


def test_a_phone_that_kept_another_token_has_the_page_drawn_again(
    app_url: str, workshop_db_url: str
) -> None:
    code = _session(workshop_db_url)
    page, ws = asyncio.run(_join(app_url, code, new_participant()))
    assert ws.whole_page > 0, "the page was not drawn again for the device's own token"
    assert page.choices and page.send
