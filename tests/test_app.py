"""Every page through Streamlit's AppTest, in both languages, including tampered links and
a broken data folder: no exception, a clear notice instead."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from functools import reduce
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from adoption.i18n import NNBSP, t
from adoption.workshop import escape_markdown
from adoption_ui import appdata, router
from apptest import displayed, html_texts, open_app

PAGES = [spec.file for spec in router.PAGES]  # the app's own table of pages
# Each page's heading (a page title in the navigation may be shorter).
TITLES = {
    "pages/home.py": "home.title",
    "pages/explore.py": "explore.title",
    "pages/benchmark.py": "benchpage.title",
    "pages/workshop.py": "ws.title",
    "pages/join.py": "ws.join.title",
    "pages/presenter.py": "ws.pres.title",
    "pages/sources.py": "sources.title",
}


@pytest.fixture(autouse=True)
def _private_workshop_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workshop pages open a store: keep it out of the project's var/ folder."""
    monkeypatch.setenv("ADOPTION_DATABASE_URL", f"sqlite:///{tmp_path / 'workshop.sqlite3'}")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(page: str, lang: str) -> None:
    at = open_app(page, lang=lang)
    assert not at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert at.title[0].value == t(TITLES[page], lang)
    assert at.query_params["lang"] == [lang] or at.query_params["lang"] == lang


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", [f"31{NNBSP}%", f"84{NNBSP}%", f"58{NNBSP}%", f"16{NNBSP}%"]), ("en", ["31%", "84%", "58%", "16%"])],
)  # fmt: skip
def test_home_shows_the_four_headline_figures_formatted_locally(
    lang: str, expected: list[str]
) -> None:
    at = open_app(lang=lang)
    shown = html_texts(at)
    for value in expected:
        assert any(f">{value}<" in body for body in shown), value
    assert len(at.get("plotly_chart")) >= 4


BADGE = re.compile(r":(\w+)-badge\[(.*)\]", re.DOTALL)
ARTICLE_CLAIM = {"fr": "Affirmation d'article", "en": "Article claim"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_headline_card_shows_its_grade_before_the_source_is_opened(dataset, lang: str) -> None:
    at = open_app(lang=lang)
    cards = [
        (column, badges)
        for column in at.columns
        if (badges := [m for b in column.markdown if (m := BADGE.fullmatch(b.value))])
    ]
    headlines = dataset.headlines()
    assert len(cards) == len(headlines) == 4
    percent = f"{NNBSP}%" if lang == "fr" else "%"
    claims = []
    for (column, badges), (_, row) in zip(cards, headlines.iterrows(), strict=True):
        assert len(badges) == 1, "one grade per card, outside the closed popover"
        colour, label = badges[0].groups()
        assert label == t("grade." + row["grade"], lang)
        value = f"{row['value']:.0f}{percent}"
        assert any(f">{value}<" in html.proto.body for html in column.get("html")), value
        if row["grade"] == "article_claim":
            claims.append(value)
            assert label == ARTICLE_CLAIM[lang]
            assert colour == "orange"  # never the colour of a checked figure
        else:
            assert colour == "blue"
    assert claims == [f"84{percent}", f"16{percent}"]


def shown_texts(at: AppTest) -> list[str]:
    """Every text a reader sees outside charts and tables: Markdown (popovers and
    expanders included), captions, notices, headings, metrics, st.html bodies, labels."""
    texts = [
        element.value
        for elements in (at.markdown, at.caption, at.info, at.warning, at.success, at.error,
                         at.title, at.header, at.subheader, at.text)
        for element in elements
    ]  # fmt: skip
    texts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    texts += html_texts(at)
    texts += [e.label for e in at.expander] + [tab.label for tab in at.tabs]
    texts += [node.proto.popover.label for node in at.get("popover")]
    for kind in ("page_link", "button", "download_button"):
        texts += [node.proto.label for node in at.get(kind)]
    return texts


@pytest.mark.parametrize(
    ("page", "percentages"),
    [
        ("pages/home.py", True),
        ("pages/explore.py", False),  # only in the table, checked on its own below
        ("pages/sources.py", True),
    ],
)
def test_french_percentages_keep_their_narrow_no_break_space(
    page: str, percentages: bool, dataset
) -> None:
    at = open_app(page, lang="fr")
    # A publication's title is quoted as published ("Pourquoi 84% des Projets Échouent"):
    # the rule is for the app's own writing.
    titles = [escape_markdown(str(title)) for title in dataset.sources["title"] if title]
    texts = [reduce(lambda text, title: text.replace(title, ""), titles, text)
             for text in shown_texts(at)]  # fmt: skip
    assert at.title[0].value == t(TITLES[page], "fr")
    assert any(f"{NNBSP}%" in text for text in texts) == percentages
    for text in texts:
        assert not re.search(r"\d %", text), text  # a plain space: "16" and "%" may part
        assert not re.search(r"\d%", text), text  # the English way


def test_home_charts_carry_a_sources_caption() -> None:
    at = open_app(lang="en")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Sources: Bpifrance Le Lab") for c in captions)
    assert any("Eurostat, isoc_eb_ai" in c for c in captions)


def test_french_charts_use_french_number_format() -> None:
    at = open_app(lang="fr")
    specs = "".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert "19,95\u202f%" in specs or "19,95\\u202f%" in specs
    assert "19.95%" not in specs


def test_language_switch_changes_the_page_and_the_url() -> None:
    at = open_app(lang="fr")
    at.get("segmented_control")[0].set_value("en").run()
    assert at.title[0].value == t("home.title", "en")
    assert at.query_params["lang"] in ("en", ["en"])


@pytest.mark.parametrize(
    "bad",
    ["xx", "", "<script>alert(1)</script>", "fr" * 3000, "en\x00", "FR-fr"],
    ids=["unknown", "empty", "script", "very-long", "nul", "odd-case"],
)
def test_a_tampered_language_falls_back_with_a_notice(bad: str) -> None:
    at = open_app(lang=bad)
    assert not at.exception
    assert at.title[0].value == t("home.title", "fr")
    assert any("lang" in w.value for w in at.warning)
    assert "<script>" not in "".join(w.value for w in at.warning)


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "nonsense"},
        {"theme": "adoption,<b>x</b>", "grade": "primary"},
        {"source": "x" * 10_000},
        {"q": "<script>alert('x')</script>"},
        {"geo": "FR,EU27,MARS"},
    ],
    ids=["unknown-theme", "html-in-list", "very-long", "script-search", "unknown-geo"],
)
def test_explore_survives_tampered_filters(params: dict[str, str]) -> None:
    at = open_app("pages/explore.py", lang="en", **params)
    assert not at.exception
    assert at.warning, "a notice must say which parameter was ignored"
    assert at.dataframe, "the table still shows"


def test_explore_link_reopens_the_same_view_and_filters_update_the_url() -> None:
    at = open_app("pages/explore.py", lang="en", theme="risk")
    assert not at.warning
    assert at.multiselect(key="f_theme").value == ["risk"]
    frame = at.dataframe[0].value
    assert list(frame["id"]) == ["not_ready_risks"]
    at.multiselect(key="f_theme").set_value(["risk", "skills"]).run()
    assert at.query_params["theme"] in ("risk,skills", ["risk,skills"])
    assert len(at.dataframe[0].value) > 1


def test_explore_empty_selection_says_so() -> None:
    at = open_app("pages/explore.py", lang="en", theme="risk", geo="BE")
    assert not at.exception
    assert any(i.value == t("explore.empty", "en") for i in at.info)


def test_sources_page_lists_every_source(dataset) -> None:
    at = open_app("pages/sources.py", lang="en")
    frame = at.dataframe[0].value
    assert set(frame["organisation"]) == set(dataset.sources["organisation"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_source_has_its_full_record_one_click_away(dataset, lang: str) -> None:
    """One expander per source, each giving its licence, its access date and, where the
    publication's own address is unknown, the publisher's site labelled as such."""
    at = open_app("pages/sources.py", lang=lang)
    assert not at.exception
    names = [dataset.source_name(s, lang) for s in dataset.sources["id"]]
    assert sorted(e.label for e in at.expander if e.label in names) == sorted(names)
    records = {e.label: " ".join(m.value for m in e.markdown) for e in at.expander}
    colon = f"{NNBSP}:" if lang == "fr" else ":"
    for _, source in dataset.sources.iterrows():
        record = records[dataset.source_name(source["id"], lang)]
        assert f"**{t('prov.licence', lang)}**{colon}" in record
        assert f"**{t('prov.accessed', lang)}**{colon}" in record
        if source["licence"]:
            assert source["licence"] in record
        site = f"**{t('prov.publisher_site', lang)}**"
        assert (site in record) == bool(source["publisher_site"] and not source["url"])
        if source["url"]:
            assert f"]({source['url']})" in record


def test_a_broken_data_file_shows_an_error_panel_not_a_traceback(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_copy / "figures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[3]["value"] = "140"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("ADOPTION_DATA_DIR", str(data_copy))
    at = open_app(lang="en")
    assert not at.exception
    assert at.error[0].value == t("app.data_error", "en")
    assert "figures.csv, row 5, field 'value'" in at.code[0].value
    assert not at.get("plotly_chart")


def _break_keeping_an_older_stamp(path: Path) -> None:
    stamp = path.stat().st_mtime_ns
    path.write_text("id,nothing\n", encoding="utf-8")
    os.utime(path, ns=(stamp - 10**10, stamp - 10**10))  # older than the file it replaces


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_break_keeping_an_older_stamp, "figures.csv"),
        (Path.unlink, "figures.csv"),
    ],
    ids=["replaced by an older-stamped broken file", "deleted"],
)
def test_a_data_file_changed_under_a_running_app_is_noticed(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, change, expected: str
) -> None:
    monkeypatch.setenv("ADOPTION_DATA_DIR", str(data_copy))
    at = open_app(lang="en")
    assert not at.error and at.get("plotly_chart")
    change(data_copy / "figures.csv")
    appdata._data_signature.clear()  # as if the 2-second re-check had come round
    at.run()
    assert not at.exception
    assert at.error[0].value == t("app.data_error", "en")
    assert expected in at.code[0].value


def test_every_home_chart_offers_png_svg_and_csv() -> None:
    at = open_app(lang="fr")
    charts = at.get("plotly_chart")
    buttons = {d.proto.id: d for d in at.get("download_button")}
    labels = [d.proto.label for d in buttons.values()]
    for kind in ("png", "svg", "csv"):
        assert labels.count(t(f"chart.download_{kind}", "fr")) == len(charts), kind


def test_explore_keeps_its_sort_in_the_url_and_numbers_the_language_way() -> None:
    at = open_app("pages/explore.py", lang="fr", sort="value_asc")
    assert not at.warning
    values = list(at.dataframe[0].value["value"])
    assert values == sorted(values)
    assert all(text.endswith(f"{NNBSP}%") and "." not in text for text in displayed(at, "value"))
    at.selectbox(key="f_sort").set_value("label").run()
    assert at.query_params["sort"] in ("label", ["label"])
    labels = list(at.dataframe[0].value["label"])
    assert labels == sorted(labels, key=str.casefold)
    at.selectbox(key="f_sort").set_value("value_desc").run()
    assert "sort" not in at.query_params  # the default stays out of the link
    english = open_app("pages/explore.py", lang="en", sort="sideways")
    assert english.warning and list(english.dataframe[0].value["value"]) == sorted(
        english.dataframe[0].value["value"], reverse=True
    )


# --------------------------------------------------------------------------- memory

FREEZE_PROBE = """
import gc, sys
from adoption_ui import appdata
appdata.freeze_long_lived()
first = gc.get_freeze_count()
appdata.freeze_long_lived()
edge = sorted(m for m in sys.modules if m.startswith("adoption_ui."))
print(first, gc.get_freeze_count(), ",".join(edge))
"""


@pytest.mark.slow  # starts two fresh interpreters that import the whole edge
@pytest.mark.parametrize("setting", [None, "0"])
def test_long_lived_objects_are_frozen_once_with_every_edge_module_loaded(
    setting: str | None,
) -> None:
    """In a fresh interpreter (freezing is for the whole process): every module of the edge
    is imported, then what is alive is frozen, once; ``ADOPTION_GC_FREEZE=0`` leaves the
    collector alone."""
    env = {k: v for k, v in os.environ.items() if k != appdata.GC_FREEZE_ENV}
    if setting is not None:
        env[appdata.GC_FREEZE_ENV] = setting
    done = subprocess.run(
        [sys.executable, "-c", FREEZE_PROBE], env=env, capture_output=True, text=True, check=True
    )
    first, again, edge = done.stdout.split()
    if setting == "0":
        assert (first, again) == ("0", "0")
        return
    assert int(first) > 50_000 and again == first, "frozen once, with the app's modules"
    package = Path(appdata.__file__).parent
    assert set(edge.split(",")) >= {f"adoption_ui.{p.stem}" for p in package.glob("[!_]*.py")}
