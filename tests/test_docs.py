"""The README documents every setting the code reads, and the make targets it names."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_is_documented() -> None:
    code = [
        *ROOT.glob("src/adoption*/**/*.py"),
        *ROOT.glob("pages/*.py"),
        ROOT / "app.py",
        *ROOT.glob("deploy/*.py"),
    ]
    used = set()
    for path in code:
        used |= set(re.findall(r"\bADOPTION_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert used, "the code reads no ADOPTION_ variable: the pattern is wrong"
    missing = sorted(v for v in used if v not in readme)
    assert not missing, f"README does not mention {missing}"


def test_readme_gives_the_two_commands_and_they_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "check", "test", "bench", "serve", "rolling-restart"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
