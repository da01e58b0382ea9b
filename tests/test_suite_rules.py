"""Rules of the test suite itself: a test module imports helpers (``apptest``, ``browser``,
``chart_cases``, ``claims``, ``fixtures``, ``conftest``), never another test module, so that
running, moving or deleting one module never changes what another one tests."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_check_sees_imports_inside_functions() -> None:
    source = "import os\ndef f():\n    from test_store import hold_lock\n"
    assert imported_modules(source) == {"os", "test_store"}


def test_no_test_module_imports_another() -> None:
    modules = sorted(TESTS.glob("test_*.py"))
    assert len(modules) > 30
    found = [
        f"{path.name} imports {name}"
        for path in modules
        for name in sorted(imported_modules(path.read_text(encoding="utf-8")))
        if name.startswith("test_")
    ]
    assert not found, "\n".join(found)
