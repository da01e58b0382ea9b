"""The catalogs are complete in both languages and match the code; numbers are written the
local way."""

from __future__ import annotations

import ast
import gettext
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import fixtures
from adoption import dynamic_messages, progress
from adoption.benchmark import EUROSTAT_SCOPE, STAGES
from adoption.dataset import COUNTS, GRADES, SOURCE_KINDS, THEMES
from adoption.eurostat_view import FLAGS, UNITS, VIEWS
from adoption.explore import DOWNLOAD_COLUMNS, SORTS
from adoption.i18n import (
    DEFAULT_LANG,
    LANGS,
    NNBSP,
    catalog,
    fmt_number,
    fmt_pct,
    format_band,
    messages,
    normalise_lang,
    plural_form,
    quoted,
    round_half_up,
    t,
    tn,
)
from adoption.population import REASONS, Headcount
from adoption.questionnaire import PILLARS
from adoption.standing import GROUP_ORDER
from adoption.urlstate import BAD_VERSION, PROFILE_FIELDS, TOO_LONG

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "src" / "adoption" / "locales"
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "en": "nplurals=2; plural=(n != 1);"}
PLACEHOLDER = re.compile(r"{(\w+)}")


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def po_path(lang: str, locales: Path = LOCALES) -> Path:
    return locales / lang / "LC_MESSAGES" / "messages.po"


def forms(message: Message) -> tuple[str, ...]:
    """A message's text: its one string, or every plural form."""
    return tuple(message.string) if message.pluralizable else (message.string,)


def entries(catalog_: Catalog) -> dict[str, Message]:
    return {
        message.id[0] if message.pluralizable else message.id: message
        for message in catalog_
        if message.id
    }


CATALOGS = {lang: read_catalog(po_path(lang)) for lang in LANGS}
TEMPLATE = read_catalog(LOCALES / "messages.pot")


# --------------------------------------------------------------------------- catalogs


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_is_complete(lang: str) -> None:
    """Every message the template holds is translated, in every plural form, and nothing
    else is there: no fuzzy guess, no obsolete leftover."""
    po = CATALOGS[lang]
    assert po.plural_forms == PLURAL_FORMS[lang]
    assert entries(po).keys() == entries(TEMPLATE).keys()
    assert not po.obsolete, sorted(po.obsolete)
    for key, message in entries(po).items():
        assert not message.fuzzy, key
        assert message.pluralizable == entries(TEMPLATE)[key].pluralizable, key
        assert len(forms(message)) == (po.num_plurals if message.pluralizable else 1), key
        assert all(text.strip() for text in forms(message)), f"{key} is not translated"


@pytest.mark.parametrize("key", sorted(entries(TEMPLATE)))
def test_placeholders_are_the_same_in_every_language_and_form(key: str) -> None:
    placeholders = {
        (lang, index): set(PLACEHOLDER.findall(text))
        for lang in LANGS
        for index, text in enumerate(forms(entries(CATALOGS[lang])[key]))
    }
    assert len({frozenset(p) for p in placeholders.values()}) == 1, placeholders
    if entries(TEMPLATE)[key].pluralizable:
        assert "n" in placeholders[(DEFAULT_LANG, 0)], "a plural message writes its count as {n}"


def test_no_faked_plurals_are_left() -> None:
    faked = [
        key
        for po in CATALOGS.values()
        for key, message in entries(po).items()
        if any("(s)" in text for text in forms(message))
    ]
    assert not faked, faked


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_mo_is_the_compiled_po(lang: str) -> None:
    """The app reads the .mo: one compiled from an older .po would show older strings."""
    fresh = io.BytesIO()
    write_mo(fresh, CATALOGS[lang])
    fresh.seek(0)
    committed = catalog(lang)._catalog  # type: ignore[attr-defined]
    assert committed == gettext.GNUTranslations(fresh)._catalog, (
        "run `make messages-compile` and commit the .mo files"
    )


def test_extract_and_update_change_no_catalog(tmp_path: Path) -> None:
    """`make messages-extract messages-update` on this tree keeps every message as it is:
    every id the code uses, directly or through adoption.dynamic_messages, is in the
    catalogs, and no translation would be made obsolete."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "messages-extract", "messages-update",
         f"LOCALES={locales}", f"BIN={Path(sys.executable).parent}"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    template = entries(read_catalog(locales / "messages.pot"))
    assert sorted(template.keys() - entries(TEMPLATE).keys()) == [], "ids missing from the catalogs"
    assert sorted(entries(TEMPLATE).keys() - template.keys()) == [], "ids no code uses"
    for lang in LANGS:
        updated = read_catalog(po_path(lang, locales))
        assert not updated.obsolete, sorted(updated.obsolete)
        old, new = entries(CATALOGS[lang]), entries(updated)
        assert {k: forms(m) for k, m in new.items()} == {k: forms(m) for k, m in old.items()}


# --------------------------------------------------------------------------- run time


def test_each_catalog_is_read_once_per_process() -> None:
    assert catalog("en") is catalog("en")
    assert catalog("de") is catalog(DEFAULT_LANG)
    assert messages("en") == messages("fr") == frozenset(entries(TEMPLATE))


def test_an_unknown_id_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("app.no_such_message", "en")
    with pytest.raises(KeyError):
        tn("app.no_such_message", 2, "fr")


@pytest.mark.parametrize("count", range(0, 12))
def test_plural_form_follows_each_language_rule(count: int) -> None:
    # French: 0 and 1 are singular; English: only 1.
    assert plural_form(count, "fr") == ("one" if count < 2 else "other")
    assert plural_form(count, "en") == ("one" if count == 1 else "other")


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


# --------------------------------------------------------------------------- ids in the code

CODE = [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("src/adoption*/**/*.py")]
CALLS = {"t", "tr", "tn", "trn", "text", "plural"}


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _pattern(node: ast.expr) -> str | None:
    """``f"bench.pillar.{p}"`` or ``"theme." + th`` as ``bench.pillar.{}`` / ``theme.{}``."""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Add)
        and isinstance(node.left, ast.Constant)
        and isinstance(node.left.value, str)
    ):
        return node.left.value + "{}"
    return None


def built_patterns() -> dict[str, list[str]]:
    """Every id pattern the code hands to a translation call, with where it does."""
    found: dict[str, list[str]] = {}
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _call_name(node) in CALLS and node.args:
                pattern = _pattern(node.args[0])
                if pattern is not None:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(pattern, []).append(where)
    return found


def _enum(resource: str, field: str) -> list[str]:
    package = json.loads((fixtures.FIXTURE_DIR / "datapackage.json").read_text(encoding="utf-8"))
    (table,) = [r for r in package["resources"] if r["name"] == resource]
    (column,) = [f for f in table["schema"]["fields"] if f["name"] == field]
    return list(column["constraints"]["enum"])


# What the code can put in each pattern: its own constants, or the data descriptor's enums.
FAMILY_VALUES: dict[str, Iterable[str]] = {
    "bench.pillar.{}": PILLARS,
    "bench.stage.{}": [stage for stage, _ in STAGES],
    "bench.stage_help.{}": [stage for stage, _ in STAGES],
    "bench.profile.{}": PROFILE_FIELDS,
    "bench.reason.{}": REASONS,
    "ws.room.reason.{}": REASONS,
    "bench.refgroup.{}": GROUP_ORDER,
    "bench.url.{}": (TOO_LONG, BAD_VERSION),
    "bench.period.{}": ("h1", "h2"),
    "bench.progress.answer.{}": (
        progress.CHANGED,
        progress.ANSWERED,
        progress.ADDED,
        progress.DROPPED,
    ),
    "bench.{}.title": ("barriers", "technologies"),
    "bench.{}.population": ("barriers", "technologies"),
    "bench.{}.source": ("barriers", "technologies"),
    # adoption_ui/provenance.py shows an unlabelled code as it is
    "bench.nace.{}": sorted(EUROSTAT_SCOPE),
    "grade.{}": GRADES,
    "grade_help.{}": GRADES,
    "kind.{}": _enum("figures", "value_kind"),
    "source_kind.{}": SOURCE_KINDS,
    "counts.{}": COUNTS,
    "theme.{}": THEMES,
    "note.{}": _enum("note_kinds", "kind"),
    "explore.{}": ("theme", "source", "grade", "geo"),  # pages/explore.py KEYS
    "explore.sort.{}": SORTS,
    "col.{}": DOWNLOAD_COLUMNS,
    "chart.download_{}": ("png", "svg"),
    "explore.view.{}": VIEWS,
    "explore.es.{}": ("egeo", "esize", "enace", "eyear"),  # pages/explore.py E_KEYS
    "explore.es.flag.{}": FLAGS,
    "explore.es.unit.{}": UNITS,
}


def test_every_id_pattern_in_the_code_is_declared() -> None:
    """A new f"….{x}" id must be declared in adoption.dynamic_messages (for extraction)
    and given its values here (for the next test)."""
    built = built_patterns()
    undeclared = {p: w for p, w in built.items() if p not in dynamic_messages.FAMILIES}
    assert not undeclared, undeclared
    assert set(dynamic_messages.FAMILIES) == set(FAMILY_VALUES)
    assert not set(FAMILY_VALUES) - set(built), "families no code builds any more"


@pytest.mark.parametrize("pattern", sorted(FAMILY_VALUES))
def test_every_id_the_code_can_build_exists(pattern: str) -> None:
    declared = dynamic_messages.FAMILIES[pattern]
    built = {pattern.format(value) for value in FAMILY_VALUES[pattern]}
    assert sorted(built - set(declared)) == [], "declare them in adoption.dynamic_messages"
    assert sorted(set(declared) - messages(DEFAULT_LANG)) == [], "missing from the catalogs"


def test_every_id_held_in_a_variable_is_used_and_exists() -> None:
    """adoption.dynamic_messages also lists ids the code keeps in variables or tables: each
    must still appear in the code (else it is dead weight for translators) and exist."""
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in CODE if path.name != "dynamic_messages.py"
    )
    held = [
        key
        for name, value in vars(dynamic_messages).items()
        if name.startswith("HELD_")
        for key in value
    ]
    assert held
    assert [k for k in held if f'"{k}"' not in source and f"'{k}'" not in source] == []
    assert sorted(set(held) - messages(DEFAULT_LANG)) == []


def test_every_key_used_in_the_code_exists() -> None:
    """A key typed wrong would show a KeyError on a page: find them statically."""
    used: set[str] = set()
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        used |= set(
            re.findall(r"""(?:trn?|tn|t|plural)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", text)
        )
    missing = sorted(k for k in used if k not in messages(DEFAULT_LANG))
    assert not missing, missing


# --------------------------------------------------------------------------- numbers


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
    assert quoted("Baromètre", "fr") == "«\u202fBaromètre\u202f»"
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
