"""Start and stop a ``streamlit run`` server for the browser benchmark.

Port choice, the health poll and the Chromium settings are the test suite's own
(``tests/conftest.py``), so the bench measures the app started exactly the way the browser
tests start it, reference page included.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    start_app,
    stop_app,
    wait_healthy,
)

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "free_port", "start", "stop", "wait_healthy"]


def start(script: Path, port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``streamlit run script`` headless on a loopback port, with the tests' flags."""
    return start_app(port, env, script=script)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop one server this module started (never anything else)."""
    stop_app(process)
