"""Bring strings written as Python dictionaries into the gettext catalogs.

Until the catalogs existed, interface strings lived in dictionaries shaped like this one
(``src/adoption/i18n.py``'s ``TEXTS``, ``benchmark_texts.py``'s ``BENCH_TEXTS``,
``workshop_texts.py``'s ``WORKSHOP_TEXTS``)::

    WORKSHOP_TEXTS: dict[str, dict[str, str]] = {
        "ws.retry": {"fr": "Réessayer", "en": "Try again"},
        "ws.pres.answered": {            # a plural: the ``_one`` form and the other form
            "fr_one": "{n} réponse", "fr": "{n} réponses",
            "en_one": "{n} answer", "en": "{n} answers",
        },
    }

This script reads every such dictionary in the files it is given (it parses them, it does
not import them) and writes each entry into ``locales/fr`` and ``locales/en``'s
``messages.po``: the key is the msgid, the text the msgstr; an entry with ``_one`` forms
becomes a plural message (``msgstr[0]`` the one form, ``msgstr[1]`` the other). An entry
already in a catalog takes the dictionary's text; every other message is left as it is.

Bringing a branch's new strings in, after merging a branch that still adds them to
``workshop_texts.py`` (deleted here: keep the branch's copy when git reports the conflict)::

    .venv/bin/python scripts/texts_to_po.py src/adoption/workshop_texts.py
    make messages          # extract the ids from the code, update the catalogs, compile .mo
    git rm src/adoption/workshop_texts.py
    make test              # every catalog complete, .mo up to date, no obsolete message

A file git no longer has in the work tree can be read from the branch:
``git show BRANCH:src/adoption/i18n.py > /tmp/i18n_texts.py`` then give that file.

An id that the code builds at run time (``f"ws.thing.{kind}"``) or keeps in a variable must
also be declared in ``src/adoption/dynamic_messages.py``, or ``make messages`` marks it
obsolete; the tests say which.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "src" / "adoption" / "locales"
LANGS = ("fr", "en")
DOMAIN = "messages"
PROJECT = "SME AI Adoption Benchmark"
VERSION = "0.1.0"
TEAMS = {"fr": "French", "en": "English"}
# The same line width as `make messages`, so that the two write identical files.
WIDTH = 76

Entry = dict[str, str]


def read_dicts(path: Path) -> dict[str, Entry]:
    """Every module-level ``NAME = {key: {"fr": …, "en": …}}`` in ``path``, merged."""
    found: dict[str, Entry] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(value, ast.Dict) or not value.values:
            continue
        if not all(isinstance(v, ast.Dict) for v in value.values):
            continue
        table = ast.literal_eval(value)
        for key, entry in table.items():
            if key in found and found[key] != entry:
                raise SystemExit(f"{path}: {key!r} is defined twice, differently")
            found[key] = entry
    return found


def check(key: str, entry: Entry) -> None:
    """Refuse an entry the catalogs could not hold faithfully."""
    allowed = {*LANGS, *(f"{lang}_one" for lang in LANGS)}
    if not set(LANGS) <= set(entry) or not set(entry) <= allowed:
        raise SystemExit(f"{key}: needs {' and '.join(LANGS)}, has {sorted(entry)}")
    ones = {f"{lang}_one" for lang in LANGS} & set(entry)
    if ones and len(ones) != len(LANGS):
        raise SystemExit(f"{key}: a plural needs the _one form in every language")


def load(lang: str, locales: Path) -> Catalog:
    po = locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        with po.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN)
    return Catalog(
        locale=lang,
        domain=DOMAIN,
        project=PROJECT,
        version=VERSION,
        copyright_holder=PROJECT,
        msgid_bugs_address="",
        last_translator="",
        language_team=TEAMS[lang],
        fuzzy=False,
    )


def merge(catalog: Catalog, lang: str, texts: dict[str, Entry]) -> tuple[int, int]:
    """Write ``texts`` into ``catalog``; return how many messages were added and changed."""
    added = changed = 0
    for key, entry in sorted(texts.items()):
        plural = f"{lang}_one" in entry
        msgid: str | tuple[str, str] = (key, key) if plural else key
        string: str | tuple[str, str] = (
            (entry[f"{lang}_one"], entry[lang]) if plural else entry[lang]
        )
        old = catalog.get(key)
        if old is not None and old.id == msgid and old.string == string:
            continue
        if old is None:
            added += 1
        else:
            changed += 1
            catalog.delete(key)  # a plural may have become a singular, or the reverse
        catalog.add(msgid, string, auto_comments=old.auto_comments if old else ())
    return added, changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="Python files holding the dicts")
    parser.add_argument("--locales", type=Path, default=LOCALES, help="catalogs' folder")
    args = parser.parse_args(argv)
    texts: dict[str, Entry] = {}
    for path in args.files:
        for key, entry in read_dicts(path).items():
            check(key, entry)
            if key in texts and texts[key] != entry:
                raise SystemExit(f"{key!r} differs between the files given")
            texts[key] = entry
    if not texts:
        raise SystemExit("no translation dictionary found in the files given")
    for lang in LANGS:
        catalog = load(lang, args.locales)
        added, changed = merge(catalog, lang, texts)
        po = args.locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=WIDTH, sort_output=True)
        print(f"{po.relative_to(args.locales)}: {added} added, {changed} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
