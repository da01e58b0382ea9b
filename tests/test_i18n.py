"""Translations are complete in both languages and numbers are written the local way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adoption.i18n import (
    LANGS,
    NNBSP,
    TEXTS,
    fmt_number,
    fmt_pct,
    format_band,
    normalise_lang,
    quoted,
    round_half_up,
    t,
    tn,
)
from adoption.population import Headcount

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_key_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    forms = set(entry) - set(LANGS)
    assert forms in (set(), {f"{lang}_one" for lang in LANGS}), "plural forms in both languages"
    assert set(LANGS) <= set(entry)
    assert all(text.strip() for text in entry.values())
    placeholders = {form: set(re.findall(r"{(\w+)}", text)) for form, text in entry.items()}
    assert len({frozenset(p) for p in placeholders.values()}) == 1, placeholders
    if forms:
        assert "n" in placeholders["fr"], "a plural entry writes its count as {n}"


def test_no_faked_plurals_are_left() -> None:
    faked = [key for key, entry in TEXTS.items() if any("(s)" in v for v in entry.values())]
    assert not faked, faked


@pytest.mark.parametrize(
    ("count", "lang", "expected"),
    [
        (0, "fr", "0 réponse"),
        (1, "fr", "1 réponse"),
        (6, "fr", "6 réponses"),
        (1200, "fr", f"1{NNBSP}200 réponses"),
        (0, "en", "0 answers"),
        (1, "en", "1 answer"),
        (6, "en", "6 answers"),
        (1200, "en", "1,200 answers"),
    ],
)
def test_real_plurals(count: int, lang: str, expected: str) -> None:
    assert tn("ws.pres.answered", count, lang) == expected


def test_every_key_used_in_the_code_exists() -> None:
    """A key typed wrong would show a KeyError on a page: find them statically."""
    sources = [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("src/adoption/*.py")]
    used: set[str] = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        used |= set(
            re.findall(r"""(?:trn?|tn|t|plural)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", text)
        )
    missing = sorted(k for k in used if k not in TEXTS)
    assert not missing, missing


@pytest.mark.parametrize(
    ("value", "lang", "kind", "decimals", "expected"),
    [
        (31, "fr", "exact", None, f"31{NNBSP}%"),
        (31, "en", "exact", None, "31%"),
        (19.95, "fr", "exact", None, f"19,95{NNBSP}%"),
        (19.95, "en", "exact", None, "19.95%"),
        (18.16, "fr", "exact", 1, f"18,2{NNBSP}%"),
        (75, "fr", "approximate", None, f"~75{NNBSP}%"),
        (57, "en", "derived", None, "57%*"),
        (55.0, "en", "exact", None, "55%"),
        (13.5, "fr", "exact", None, f"13,5{NNBSP}%"),
    ],
)
def test_fmt_pct(value: float, lang: str, kind: str, decimals: int | None, expected: str) -> None:
    assert fmt_pct(value, lang, kind=kind, decimals=decimals) == expected


def test_fmt_number_never_shows_a_trailing_separator() -> None:
    assert fmt_number(10.0, "fr") == "10"
    assert fmt_number(10.5, "fr") == "10,5"


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (4677, "fr", 0, f"4{NNBSP}677"),
        (4677, "en", 0, "4,677"),
        (1234.5, "fr", None, f"1{NNBSP}234,5"),
        (1234.5, "en", None, "1,234.5"),
        (1000000, "fr", None, f"1{NNBSP}000{NNBSP}000"),
        (999, "fr", 0, "999"),
    ],
)
def test_fmt_number_groups_thousands_the_local_way(
    value: float, lang: str, decimals: int | None, expected: str
) -> None:
    assert fmt_number(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("low", "high", "lang", "expected"),
    [
        (10, 49, "fr", "10–49"),
        (250, None, "en", "250+"),
        (5000, None, "fr", f"5{NNBSP}000+"),
        (250, 4999, "en", "250–4,999"),
        (0, 0, "fr", "0"),
    ],
)
def test_format_band_uses_the_number_formatter(
    low: int, high: int | None, lang: str, expected: str
) -> None:
    assert format_band(Headcount(low, high), lang) == expected


def test_round_half_up_and_quotes() -> None:
    assert [round_half_up(v) for v in (62.5, 12.5, 12.49, 0.5)] == [63, 13, 12, 1]
    assert quoted("Baromètre", "fr") == "« Baromètre »"
    assert quoted("Barometer", "en") == "“Barometer”"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("fr", "fr"), ("en", "en"), ("fr-FR", "fr"), ("en_GB", "en"), ("EN-us", "en"),
     ("de-DE", None), ("xx", None), ("", None), (None, None), (42, None)],
)  # fmt: skip
def test_normalise_lang(raw: object, expected: str | None) -> None:
    assert normalise_lang(raw) == expected


def test_t_fills_placeholders_and_falls_back_to_french() -> None:
    assert (
        t("app.bad_param", "en", name="x") == 'The link parameter "x" is not valid and was ignored.'
    )
    assert t("app.bad_param", "de", name="x") == t("app.bad_param", "fr", name="x")
    assert tn("explore.count", 3, "de", total=40) == tn("explore.count", 3, "fr", total=40)
