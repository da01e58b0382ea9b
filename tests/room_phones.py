"""Phones at protocol level for the room tests: join a session's page, answer its yes/no
questions and send, read what the page said; many at once, from one address or with a
forged ``X-Forwarded-For`` (shared by the room tests, never a test module itself).

A phone here is a script in every way the server can see: it runs no JavaScript, so its
browser never reports a device token and the page's own token stands for it (as for a
phone whose storage is blocked). ``token`` is the join token its link carries (the QR code
on the projector), None for the plain link or a typed code.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

from streamlit_client import StreamlitClient

__all__ = ["Page", "Phone", "in_thread", "with_phone"]

T = TypeVar("T")


@dataclass
class Page:
    """What one run drew: the yes/no questions (widget id → option labels), the Send
    button's id, and every element's text (to look for messages)."""

    choices: dict[str, list[str]] = field(default_factory=dict)
    send: str = ""
    texts: list[str] = field(default_factory=list)

    def says(self, text: str) -> bool:
        return any(text in chunk for chunk in self.texts)

    @property
    def has_form(self) -> bool:
        return bool(self.send and self.choices)


class Phone:
    """One participant's websocket session on the join page of ``code``."""

    def __init__(
        self,
        client: StreamlitClient,
        code: str,
        token: str | None = None,
    ) -> None:
        self.client = client
        self.code = code
        self.token = token
        self.page = Page()

    @property
    def query(self) -> str:
        return f"code={self.code}&lang=en" + (f"&t={self.token}" if self.token else "")

    async def run(self, widgets: list[WidgetState] | None = None, timeout: float = 60) -> Page:
        """One run of the join page (with ``widgets`` as the browser would send them)."""
        state = ClientState(query_string=self.query, page_name="join")
        if widgets:
            state.widget_states.CopyFrom(WidgetStates(widgets=widgets))
        await self.client.send(BackMsg(rerun_script=state))
        page = Page()
        ws = self.client._ws
        assert ws is not None
        async with asyncio.timeout(timeout):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await ws.recv())
                kind = message.WhichOneof("type")
                if kind == "delta":
                    page.texts.append(str(message.delta))
                    if message.delta.WhichOneof("type") == "new_element":
                        element = message.delta.new_element
                        which = element.WhichOneof("type")
                        group = element.button_group
                        # The questions' widgets, keyed wsj_<code>_… (not the language switch).
                        if which == "button_group" and f"wsj_{self.code}_" in group.id:
                            page.choices[group.id] = [o.content for o in group.options]
                        elif which == "button" and "send" in element.button.id:
                            page.send = element.button.id
                elif kind == "script_finished" and (
                    message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
                ):
                    self.page = page if page.has_form or not self.page.has_form else self.page
                    return page

    async def answer(self, pick: Callable[[list[str]], str], timeout: float = 60) -> Page:
        """Answer every yes/no question drawn on the last form with ``pick(options)``, then
        press Send (one run, as a browser sends the widgets' values with the press)."""
        states = []
        for widget, options in self.page.choices.items():
            state = WidgetState(id=widget)
            state.string_array_value.data.append(pick(options))
            states.append(state)
        press = WidgetState(id=self.page.send, trigger_value=True)
        self.token = None  # the page took ``t`` out of the address after the join
        return await self.run([*states, press], timeout=timeout)


async def with_phone(
    app_url: str,
    code: str,
    token: str | None,
    work: Callable[[Phone], Awaitable[T]],
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> T:
    """Open a websocket session (from ``source``, see StreamlitClient), hand ``work`` its
    phone, close it."""
    async with StreamlitClient(app_url, headers=headers, source=source) as client:
        return await work(Phone(client, code, token))


def in_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` on its own event loop in another thread (Playwright's sync API
    may hold this thread's loop)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
