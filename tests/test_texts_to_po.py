"""scripts/texts_to_po.py brings strings written as Python dicts into the catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from scripts import texts_to_po

WORKSHOP = """
WORKSHOP_TEXTS: dict[str, dict[str, str]] = {
    "ws.retry": {"fr": "Réessayer", "en": "Try " "again"},
    "ws.pres.answered": {
        "fr_one": "{n} réponse", "fr": "{n} réponses",
        "en_one": "{n} answer", "en": "{n} answers",
    },
}
"""


def po(locales: Path, lang: str) -> dict[str, object]:
    with (locales / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    return {(m.id[0] if m.pluralizable else m.id): m.string for m in catalog if m.id}


def test_new_strings_are_added_and_changed_ones_take_the_dict_text(tmp_path: Path) -> None:
    source = tmp_path / "workshop_texts.py"
    source.write_text(WORKSHOP, encoding="utf-8")
    locales = tmp_path / "locales"
    assert texts_to_po.main([str(source), "--locales", str(locales)]) == 0
    assert po(locales, "en") == {
        "ws.retry": "Try again",
        "ws.pres.answered": ("{n} answer", "{n} answers"),
    }
    assert po(locales, "fr")["ws.pres.answered"] == ("{n} réponse", "{n} réponses")

    source.write_text(WORKSHOP.replace("Réessayer", "Réessayer maintenant").replace(
        '"ws.retry"', '"ws.new": {"fr": "Neuf", "en": "New"},\n    "ws.retry"'
    ), encoding="utf-8")  # fmt: skip
    texts_to_po.main([str(source), "--locales", str(locales)])
    fr = po(locales, "fr")
    assert fr["ws.retry"] == "Réessayer maintenant"
    assert fr["ws.new"] == "Neuf"
    assert fr["ws.pres.answered"] == ("{n} réponse", "{n} réponses")  # untouched


def test_an_entry_missing_a_language_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "texts.py"
    source.write_text('T = {"ws.x": {"fr": "Seul"}}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"ws\.x"):
        texts_to_po.main([str(source), "--locales", str(tmp_path / "locales")])
