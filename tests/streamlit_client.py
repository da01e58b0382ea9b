"""A protocol-level Streamlit client, as a hostile script would write one.

It speaks Streamlit's websocket protocol directly (``/_stcore/stream``, ``BackMsg`` and
``ForwardMsg`` protobufs from the installed package), with no browser: open a session, run
a page with a query string, send any message, read what the server sends back.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Iterable
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["Run", "StreamlitClient", "clear_cache_burst"]


@dataclass
class Run:
    """What one script run sent: its element texts and how it finished."""

    texts: list[str] = field(default_factory=list)
    status: int | None = None


class StreamlitClient:
    """One websocket session on a running app (``http://127.0.0.1:PORT``)."""

    def __init__(
        self, app_url: str, headers: dict[str, str] | None = None, source: str | None = None
    ) -> None:
        self.ws_url = app_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.headers = headers or {}  # e.g. a forged X-Forwarded-For
        # The address to connect from, e.g. 127.0.0.2: a peer that is not the loopback
        # proxy uvicorn believes X-Forwarded-For from (FORWARDED_ALLOW_IPS: 127.0.0.1).
        self.source = source
        self._ws = None

    async def __aenter__(self) -> StreamlitClient:
        import websockets

        self._ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=30,
            additional_headers=self.headers,
            **({"local_addr": (self.source, 0)} if self.source else {}),
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def send(self, message: BackMsg) -> None:
        assert self._ws is not None
        await self._ws.send(message.SerializeToString())

    async def run_page(self, page: str, query: str, timeout: float = 60) -> Run:
        """Ask for a run of ``page`` (its url_path) with ``query``; wait until it finishes."""
        rerun = BackMsg(rerun_script=ClientState(query_string=query, page_name=page))
        await self.send(rerun)
        return await self.wait_finished(timeout)

    async def wait_finished(self, timeout: float = 60) -> Run:
        assert self._ws is not None
        run = Run()
        async with asyncio.timeout(timeout):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await self._ws.recv())
                kind = message.WhichOneof("type")
                if kind == "delta":
                    run.texts.append(str(message.delta))
                elif kind == "script_finished":
                    run.status = message.script_finished
                    if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        return run


async def _burst(app_url: str, page: str, query: str, rounds: int, wait: bool) -> list[Run]:
    runs = []
    async with StreamlitClient(app_url) as client:
        runs.append(await client.run_page(page, query))
        rerun = BackMsg(rerun_script=ClientState(query_string=query, page_name=page))
        for _ in range(rounds):
            await client.send(BackMsg(clear_cache=True))
            if wait:
                runs.append(await client.run_page(page, query))
            else:
                # As fast as the socket takes them: each run interrupts the one before.
                await client.send(rerun)
                await asyncio.sleep(0.01)
        if not wait:
            runs.append(await client.run_page(page, query))
    return runs


def clear_cache_burst(
    app_url: str, page: str, query: str, *, clients: int = 4, rounds: int = 50, wait: bool = True
) -> list[Run]:
    """``clients`` sessions at once, each sending "clear cache" then a run, ``rounds`` times.

    With ``wait`` each run is waited for; without, messages go out back to back (a flood)
    and only the last run is read.
    """

    async def main() -> Iterable[list[Run]]:
        return await asyncio.gather(
            *(_burst(app_url, page, query, rounds, wait) for _ in range(clients))
        )

    # In its own thread: Playwright's sync API may already run an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        results = pool.submit(asyncio.run, main()).result()
    return [run for runs in results for run in runs]
