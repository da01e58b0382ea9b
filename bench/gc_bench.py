"""What freezing the app's long-lived objects buys (``adoption_ui.appdata.freeze_long_lived``).

Streamlit collects garbage fully after every script run. Two servers of the app run one after
the other, the collector left as Streamlit has it (``ADOPTION_GC_FREEZE=0``) and frozen after
warm-up (the default); a protocol client asks each for the same page runs, and the server
process's CPU time per run is compared: the unfrozen server is the yardstick.
"""

from __future__ import annotations

import os

from tests.streamlit_client import StreamlitClient

from bench import Row
from bench._server import ROOT, free_port, start, stop, wait_healthy
from bench.room_bench import _cpu_seconds, _run_loop

RUNS = 20
MAX_RATIO = 0.6  # frozen CPU per run against Streamlit's default collector
PAGES = {"home": ("", "lang=fr"), "join": ("join", "lang=fr&code=ABCDEF")}


async def _runs(url: str, page: str, query: str, count: int) -> None:
    async with StreamlitClient(url) as client:
        for _ in range(count):
            await client.run_page(page, query)


def _cpu_ms_per_run(freeze: str) -> dict[str, float]:
    port = free_port()
    server = start(ROOT / "app.py", port, {"ADOPTION_GC_FREEZE": freeze})
    try:
        wait_healthy(port, server)
        url = f"http://127.0.0.1:{port}"
        for page, query in PAGES.values():  # warm-up: imports, data, caches
            _run_loop(_runs(url, page, query, 3))
        measured = {}
        for name, (page, query) in PAGES.items():
            before = _cpu_seconds(server.pid)
            _run_loop(_runs(url, page, query, RUNS))
            measured[name] = (_cpu_seconds(server.pid) - before) / RUNS * 1000
        return measured
    finally:
        stop(server)


def run() -> list[Row]:
    default = _cpu_ms_per_run("0")
    frozen = _cpu_ms_per_run(os.environ.get("ADOPTION_GC_FREEZE", "1"))
    return [
        Row(
            f"server CPU per {name} run, collector frozen vs Streamlit's default",
            frozen[name],
            default[name],
            max_ratio=MAX_RATIO,
        )
        for name in PAGES
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
