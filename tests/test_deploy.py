"""The launcher of replicas behind HAProxy (``deploy/replicas.py``), without starting any.

What it refuses before starting anything, the layout of ports, and the configuration it
gives HAProxy (checked by HAProxy itself where it is installed). The replicas running
behind a real balancer are ``tests/test_balancer.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, skip_or_fail
from deploy.replicas import (
    DATABASE_URL_ENV,
    HAPROXY_ENV,
    TEMPLATE,
    ServeError,
    database_problem,
    find_haproxy,
    layout,
    render_config,
)


@pytest.mark.parametrize(
    ("url", "replicas", "refused"),
    [
        ("", 1, False),  # one process on the local SQLite file: `make run` behind a balancer
        ("sqlite:///var/workshop.sqlite3", 1, False),
        # The replicas all run on this machine: one SQLite file is shared by them all.
        ("", 2, False),
        ("sqlite:///var/workshop.sqlite3", 3, False),
        ("sqlite+pysqlite:////tmp/w.sqlite3", 2, False),
        # An in-memory database is one per process.
        ("sqlite://", 2, True),
        ("sqlite:///:memory:", 2, True),
        ("sqlite:///file:room?mode=memory&uri=true", 2, True),
        ("sqlite://", 1, False),
        ("mysql://u@db/workshops", 2, True),
        ("postgresql://u:p@db:5432/workshops", 3, False),
        ("postgresql+psycopg://u@db/workshops", 2, False),
        ("postgres://u@db/workshops", 2, False),
        ("postgresql://u@db/workshops", 0, True),
    ],
)
def test_replicas_share_a_database_file_or_server_never_one_in_memory(
    url: str, replicas: int, refused: bool
) -> None:
    assert (database_problem(url, replicas) is not None) is refused


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_make_serve_refuses_an_in_memory_database_for_two_replicas_and_says_why(url: str) -> None:
    env = {**os.environ, DATABASE_URL_ENV: url}
    done = subprocess.run(
        [sys.executable, "-m", "deploy.replicas", "serve", "--replicas", "2", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    message = " ".join(done.stderr.split())
    assert "2 replicas need one database they all share" in message
    assert "in-memory SQLite database, which lives inside one process" in message
    assert f"Set {DATABASE_URL_ENV} to a SQLite file" in message
    assert "Traceback" not in done.stderr


def test_replicas_listen_on_consecutive_ports_after_the_balancer() -> None:
    plan = layout(3, 8501)
    assert [(r.name, r.port) for r in plan.replicas] == [("r1", 8502), ("r2", 8503), ("r3", 8504)]
    assert plan.run_dir == ROOT / "var" / "serve" / "8501"
    assert [r.port for r in layout(2, 8501, first_port=9000).replicas] == [9000, 9001]


def test_the_configuration_names_each_replica_with_its_cookie() -> None:
    config = render_config(TEMPLATE.read_text(encoding="utf-8"), layout(3, 8501).replicas)
    servers = [line.split() for line in config.splitlines() if line.strip().startswith("server ")]
    assert servers == [
        ["server", f"r{i}", f"127.0.0.1:{8501 + i}", "cookie", f"r{i}"] for i in (1, 2, 3)
    ]
    assert "cookie SERVERID insert indirect nocache" in config
    assert "uri /_stcore/health" in config
    with pytest.raises(ServeError):
        render_config("backend replicas\n", layout(1, 8501).replicas)


def test_haproxy_accepts_the_configuration(tmp_path: Path) -> None:
    haproxy = find_haproxy()
    if haproxy is None:
        skip_or_fail(f"HAProxy is not installed (Debian package 'haproxy', or set {HAPROXY_ENV})")
        return
    plan = layout(3, 8501, run_dir=tmp_path)
    plan.config.write_text(render_config(TEMPLATE.read_text(encoding="utf-8"), plan.replicas))
    env = {**os.environ, "BALANCER_BIND": "127.0.0.1:8501", "BALANCER_SOCKET": str(plan.socket)}
    check = subprocess.run(
        [haproxy, "-c", "-f", str(plan.config)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert "[WARNING]" not in check.stderr + check.stdout, check.stderr
