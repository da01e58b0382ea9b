"""Start and stop a ``streamlit run`` server for the browser benchmark.

Port choice, the health poll and the Chromium settings are the test suite's own
(``tests/conftest.py``), so the bench measures the app started exactly the way the browser
tests start it. Only the command differs: it takes any script, because the bench also
serves its reference page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, wait_healthy

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "free_port", "start", "stop", "wait_healthy"]


def start(script: Path, port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``streamlit run script`` headless on a loopback port, with the tests' flags."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            "--client.showErrorDetails", "full",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop one server this module started (never anything else)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    if process.stderr:
        process.stderr.close()
