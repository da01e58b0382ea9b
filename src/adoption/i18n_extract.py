"""The message extractor ``pybabel extract`` runs over the code (see ``babel.cfg``).

Babel's own Python extractor reads tokens, not syntax: it glues ``"theme." + th`` into the id
``theme.``, ``row["counts"]`` into ``counts.counts`` and ``tr("a" if x else "b")`` into
``ab``, ids that exist nowhere. This one reads the syntax tree and takes an argument only
when it *is* a string literal, so a key built at run time is simply not seen (those are
declared in :mod:`adoption.dynamic_messages`) and no made-up id reaches the catalogs.

Keywords follow Babel's specs (``-k t -k tn:1,1``): ``tn:1,1`` takes the first argument as
both the singular and the plural id, since the catalogs' plural entries use the key for both.
A comment that starts with a tag given by ``--add-comments`` (``i18n:``) directly above a
statement becomes a ``#.`` note, for the translator, on every message of that statement.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

Extracted = tuple[int, str, tuple[str | None, ...], list[str]]


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):  # ui.tr(...), i18n.t(...)
        return func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _notes(lines: list[str], lineno: int, tags: Collection[str]) -> list[str]:
    """The tagged comment lines directly above line ``lineno`` (1-based), top to bottom."""
    notes: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].lstrip().startswith("#"):
        comment = lines[index].lstrip()[1:].strip()
        if any(comment.startswith(tag) for tag in tags):
            notes.insert(0, comment)
        index -= 1
    return notes


def _calls(node: ast.AST, statement: ast.stmt | None) -> Iterator[tuple[ast.Call, ast.stmt]]:
    """Every call under ``node`` with the innermost statement that holds it."""
    for child in ast.iter_child_nodes(node):
        holder = child if isinstance(child, ast.stmt) else statement
        if isinstance(child, ast.Call) and holder is not None:
            yield child, holder
        yield from _calls(child, holder)


def extract(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel's extraction-method interface: ``(lineno, funcname, arguments, comments)``.

    Every positional argument is passed on, ``None`` where it is not a string literal;
    Babel then picks the ones the keyword's spec names and drops a call whose pick is None.
    """
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    lines = source.splitlines()
    for call, statement in _calls(ast.parse(source), None):
        name = _name(call.func)
        if name is None or name not in keywords or not call.args:
            continue
        notes = _notes(lines, statement.lineno, comment_tags)
        if statement.lineno != call.lineno:
            notes += [n for n in _notes(lines, call.lineno, comment_tags) if n not in notes]
        yield call.lineno, name, tuple(_literal(arg) for arg in call.args), notes
