"""Every interface string in French and English, and locale-aware number formatting.

Strings live in gettext catalogs, one per language, under ``locales/`` beside this module:
``messages.po`` is what a translator edits, ``messages.mo`` what the app reads (compiled by
``make messages``, committed). A message id is a dotted key (``app.title``); ``t(key,
lang)`` looks one up and fills ``{placeholders}``; ``tn(key, count, lang)`` picks the plural
form the language's ``Plural-Forms`` rule calls for. The standard library reads the catalogs;
Babel only builds them. Data labels (figure labels, populations, caveats) live in ``data/``
with ``_fr``/``_en`` columns, not here.
"""

from __future__ import annotations

import functools
import gettext
import math
import re
from collections.abc import Callable
from datetime import date
from importlib import resources
from typing import Protocol

from adoption.population import NOT_STATED, Headcount

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
DOMAIN = "messages"

NNBSP = "\u202f"  # narrow no-break space: French puts it before % and between thousands
NBSP = "\u00a0"  # no-break space: keeps a date (day, month, year) on one line


class _Unknown(gettext.NullTranslations):
    """The end of every catalog's fallback chain: an id no catalog holds is a bug, not a
    string to show, so it fails as loudly as a missing dictionary key did."""

    def gettext(self, message: str) -> str:
        raise KeyError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise KeyError(msgid1)


def catalog(lang: str) -> gettext.GNUTranslations:
    """The compiled catalog of ``lang`` (French for any other), read once per process.

    A message missing from the English catalog falls back to French, as the default
    language; one missing from both raises ``KeyError``.
    """
    return _load(lang if lang in LANGS else DEFAULT_LANG)


@functools.cache
def _load(code: str) -> gettext.GNUTranslations:
    path = resources.files("adoption") / "locales" / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    translations.add_fallback(_load(DEFAULT_LANG) if code != DEFAULT_LANG else _Unknown())
    return translations


def messages(lang: str) -> frozenset[str]:
    """Every message id the catalog of ``lang`` holds."""
    return _ids(lang if lang in LANGS else DEFAULT_LANG)


@functools.cache
def _ids(lang: str) -> frozenset[str]:
    # The standard library keeps the messages in ``_catalog``: ids, and (id, index) pairs
    # for plural forms, "" for the header. It has no public way to list them.
    raw: dict[str | tuple[str, int], str] = catalog(lang)._catalog  # type: ignore[attr-defined]
    return frozenset(
        key if isinstance(key, str) else key[0]  # a plural form is stored as (id, index)
        for key in raw
        if key  # "" is the header
    )


def normalise_lang(value: object) -> str | None:
    """``"fr"``/``"en"`` from a URL value or a browser locale like ``"fr-FR"``; else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in LANGS else None


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = catalog(lang).gettext(key)
    return text.format(**values) if values else text


def plural_form(count: int, lang: str) -> str:
    """``"one"`` or ``"other"``, by the catalog's ``Plural-Forms`` rule: French treats 0 and
    1 as singular ("0 réponse", "1 réponse"); English only 1 ("0 answers", "1 answer")."""
    rule: Callable[[int], int] = catalog(lang).plural  # type: ignore[attr-defined]
    return "one" if rule(count) == 0 else "other"


def tn(key: str, count: int, lang: str, **values: object) -> str:
    """The string ``key`` in the plural form ``count`` calls for in ``lang``.

    The message's ``msgstr[0]`` is the one form, ``msgstr[1]`` the other. ``{n}`` is
    ``count`` written the language's way (``1 200`` in French) unless ``values`` gives it.
    """
    code = lang if lang in LANGS else DEFAULT_LANG
    text = catalog(code).ngettext(key, key, count)
    return text.format(**{"n": fmt_number(count, code, 0), **values})


class DataRow(Protocol):
    """A data row read by column name: a record ``dict`` or a pandas ``Series``."""

    def __getitem__(self, column: str, /) -> object: ...


def pick(row: DataRow, column: str, lang: str) -> str:
    """The ``column_fr`` or ``column_en`` value of a data row."""
    value = row[f"{column}_{lang}"]
    return "" if value is None else str(value)


def fmt_number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number the local way: ``1 234,5`` in French, ``1,234.5`` in English.

    French groups thousands with a narrow no-break space and uses a decimal comma.
    ``decimals=None`` keeps up to two decimals and drops trailing zeros.
    """
    if decimals is None:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return text


def round_half_up(value: float) -> int:
    """Half up, not Python's half-to-even: 62.5 shows as 63, as people expect."""
    return math.floor(value + 0.5)


def quoted(value: str, lang: str) -> str:
    """A title in the language's quotation marks: ``« … »`` in French, ``“…”`` in English."""
    return f"«{NNBSP}{value}{NNBSP}»" if lang == "fr" else f"“{value}”"


_FR_BEFORE = re.compile(r"[ \u00a0]([:;?!»%])")
_FR_AFTER = re.compile(r"«[ \u00a0]")


def typeset(value: str, lang: str) -> str:
    """French typography for print: a narrow no-break space (never a plain space, where a
    line could break) before ``: ; ? ! » %`` and after ``«``; other languages unchanged."""
    if lang != "fr":
        return value
    return _FR_AFTER.sub(f"«{NNBSP}", _FR_BEFORE.sub(f"{NNBSP}\\1", value))


def format_band(headcount: Headcount, lang: str) -> str:
    """A headcount range as numbers: ``10–49``, ``250+``, ``5\u202f000+`` in French."""
    low = fmt_number(headcount.low, lang, 0)
    if headcount.high is None:
        return f"{low}+"
    if headcount.high == headcount.low:
        return low
    return f"{low}–{fmt_number(headcount.high, lang, 0)}"


def format_date(day: date, lang: str) -> str:
    """``1er déc. 2026`` / ``7 Dec 2026``: a day for people, in the language's month names,
    held together by no-break spaces (a line never breaks inside a date)."""
    months = t("bench.months", lang).split(";")
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number}{NBSP}{months[day.month - 1]}{NBSP}{day.year}"


def format_period(period: str, lang: str) -> str:
    """``2024-12`` → ``déc. 2024``; ``2024-H2`` → ``fin 2024``; ``not_stated`` →
    ``période non précisée``; a bare year is kept as it is."""
    if period == NOT_STATED:
        return t("bench.period.not_stated", lang)
    year, _, part = period.partition("-")
    if part in ("H1", "H2"):
        return t(f"bench.period.{part.lower()}", lang, year=year)
    if part.isdigit() and 1 <= int(part) <= 12:
        # i18n: the twelve month abbreviations, January first, separated by ";" (no spaces)
        months = t("bench.months", lang).split(";")
        return f"{months[int(part) - 1]} {year}"
    return period


def fmt_pct(value: float, lang: str, *, kind: str = "exact", decimals: int | None = None) -> str:
    """A percentage: ``31 %`` (narrow no-break space) in French, ``31%`` in English.

    Approximate values get a leading ``~``, derived ones a trailing ``*``.
    """
    text = fmt_number(value, lang, decimals)
    text += f"{NNBSP}%" if lang == "fr" else "%"
    if kind == "approximate":
        text = "~" + text
    elif kind == "derived":
        text += "*"
    return text
