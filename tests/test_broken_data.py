"""Every way the data folder can break gives the loader's own message, never a traceback.

One table of cases: each breaks a fresh copy of data/ the way a person editing it (or a
copy gone wrong) could, and gives the start of the message the loader must raise as a
:class:`DataError`: the file, the row and the field where there is one, and what is
wrong (``#`` stands for a row or line number, ``…`` for any text). The app loads the data as the router does (dataset,
then questionnaire), and for a few cases the page itself is checked to show the message.
Row-level rules of the dataset (grades, periods, populations) have their own table in
test_dataset.py.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from adoption.datapackage import DataError
from adoption.dataset import Dataset, load_dataset
from adoption.i18n import t
from adoption.questionnaire import load_questionnaire
from conftest import ROOT, Row, rewrite, set_field

Damage = Callable[[Path], object]
# A kernel file that is write-only even for root, who may read any ordinary file.
WRITE_ONLY = Path("/proc/sys/vm/drop_caches")


def load_all(data: Path) -> None:
    load_questionnaire(load_dataset(data))


# --- ways to break a copy of data/ ------------------------------------------------------


def remove(name: str) -> Damage:
    return lambda data: (data / name).unlink()


def folder_instead(name: str) -> Damage:
    def damage(data: Path) -> None:
        (data / name).unlink()
        (data / name).mkdir()

    return damage


def unreadable(name: str) -> Damage:
    """The file is there but may not be read. Root reads any file whatever its mode, so as
    root the file becomes a link to a kernel file that even root may not read."""

    def damage(data: Path) -> None:
        path = data / name
        if os.geteuid() == 0:
            path.unlink()
            path.symlink_to(WRITE_ONLY)
        else:
            path.chmod(0)
        with pytest.raises(PermissionError):  # the case must really be unreadable
            path.open("rb")

    return damage


def write(name: str, content: bytes) -> Damage:
    return lambda data: (data / name).write_bytes(content)


def recode(name: str, encoding: str) -> Damage:
    def damage(data: Path) -> None:
        path = data / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding, errors="replace"))

    return damage


def edit_text(name: str, change: Callable[[str], str]) -> Damage:
    def damage(data: Path) -> None:
        path = data / name
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, "the damage changed nothing"
        path.write_text(after, encoding="utf-8")

    return damage


def last_line(change: Callable[[str], str]) -> Callable[[str], str]:
    def on_text(text: str) -> str:
        *lines, last = text.rstrip("\n").split("\n")
        return "\n".join([*lines, change(last)]) + "\n"

    return on_text


def edit_rows(name: str, change: Callable[[list[Row]], list[Row]]) -> Damage:
    return lambda data: rewrite(data / name, change)


def duplicate_first_row(rows: list[Row]) -> list[Row]:
    return [*rows, dict(rows[0])]


def edit_descriptor(change: Callable[[dict[str, Any]], object]) -> Damage:
    def damage(data: Path) -> None:
        path = data / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        change(descriptor)
        path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")

    return damage


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [r for r in descriptor["resources"] if r["name"] == name]
    return found


def field(descriptor: dict[str, Any], table: str, name: str) -> dict[str, Any]:
    (found,) = [f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name]
    return found


def foreign_key(descriptor: dict[str, Any], table: str, name: str) -> dict[str, Any]:
    keys = resource(descriptor, table)["schema"]["foreignKeys"]
    (found,) = [k for k in keys if k["fields"] == [name]]
    return found


def set_first_row(name: str, column: str, value: str) -> Damage:
    def change(rows: list[Row]) -> list[Row]:
        rows[0][column] = value
        return rows

    return edit_rows(name, change)


CASES = [
    # --- the descriptor
    pytest.param(remove("datapackage.json"), "datapackage.json: file not found", id="descriptor-missing"),
    pytest.param(folder_instead("datapackage.json"), "datapackage.json: is a folder, not a file", id="descriptor-is-a-folder"),
    pytest.param(write("datapackage.json", b'{"resources": [{"name": "figures",'), "datapackage.json: not valid JSON", id="descriptor-invalid-json"),
    pytest.param(write("datapackage.json", b"[]"), "datapackage.json: not a JSON object", id="descriptor-not-an-object"),
    pytest.param(edit_descriptor(lambda d: d.update(resources={r["name"]: r for r in d["resources"]})), "datapackage.json: no 'resources' list", id="descriptor-resources-not-a-list"),
    pytest.param(edit_descriptor(lambda d: d["resources"].insert(0, "figures.csv")), "datapackage.json: resource 1 has no 'name'", id="descriptor-resource-not-an-object"),
    pytest.param(edit_descriptor(lambda d: d["resources"].remove(resource(d, "notes"))), "datapackage.json: resource 'notes' is missing", id="descriptor-table-left-out"),
    pytest.param(edit_descriptor(lambda d: resource(d, "figures").pop("schema")), "datapackage.json: resource 'figures' has no 'schema' with a 'fields' list", id="descriptor-resource-without-schema"),
    pytest.param(edit_descriptor(lambda d: resource(d, "figures")["schema"]["fields"][2].pop("name")), "datapackage.json: resource 'figures', field 3 has no 'name'", id="descriptor-field-without-name"),
    pytest.param(edit_descriptor(lambda d: field(d, "figures", "value").update(type="percentage")), "datapackage.json: resource 'figures', field 'value' has unsupported type 'percentage'", id="descriptor-unsupported-type"),
    pytest.param(edit_descriptor(lambda d: field(d, "figures", "value")["constraints"].update(maximum="100")), "datapackage.json: resource 'figures', field 'value': constraint 'maximum' must be a number", id="descriptor-maximum-not-a-number"),
    pytest.param(edit_descriptor(lambda d: field(d, "figures", "id")["constraints"].update(pattern="^[a-z")), "datapackage.json: resource 'figures', field 'id': constraint 'pattern' must be a regular expression", id="descriptor-broken-pattern"),
    pytest.param(edit_descriptor(lambda d: field(d, "figures", "sector").update(constraints={"pattern": "^[A-U]$"})), "datapackage.json: resource 'figures', field 'sector': constraint 'pattern' is not supported here", id="descriptor-list-constraint-on-the-whole-list"),
    pytest.param(edit_descriptor(lambda d: resource(d, "figures")["schema"]["foreignKeys"].extend(resource(d, "figures")["schema"].pop("itemForeignKeys"))), "datapackage.json: resource 'figures': the key of 'cited_in' belongs in 'itemForeignKeys'", id="descriptor-list-key-in-foreignKeys"),
    pytest.param(edit_descriptor(lambda d: resource(d, "figures").update(path="../figures.csv")), "datapackage.json: resource 'figures': 'path' must name a CSV file in the data folder", id="descriptor-path-outside-the-folder"),
    pytest.param(edit_descriptor(lambda d: foreign_key(d, "figures", "geo")["reference"].update(fields=["iso"])), "datapackage.json: resource 'figures': foreign key to unknown field 'iso' of resource 'geo'", id="descriptor-key-to-unknown-field"),
    # --- a CSV file as a whole
    pytest.param(remove("figures.csv"), "figures.csv: file not found", id="missing-file"),
    pytest.param(folder_instead("figures.csv"), "figures.csv: is a folder, not a file", id="folder-instead-of-file"),
    pytest.param(unreadable("figures.csv"), "figures.csv: cannot be read: permission denied", id="permission-denied"),
    pytest.param(write("figures.csv", b""), "figures.csv: file is empty (no header)", id="empty-file"),
    pytest.param(write("figures.csv", bytes(range(256))), "figures.csv: not UTF-8 text", id="binary-garbage"),
    pytest.param(recode("figures.csv", "cp1252"), "figures.csv: not UTF-8 text (… on line #); save it as CSV UTF-8", id="windows-1252-encoding"),
    pytest.param(recode("figures.csv", "utf-16"), "figures.csv: not UTF-8 text (invalid start byte on line 1)", id="utf-16-encoding"),
    pytest.param(edit_text("notes.csv", lambda s: s.replace("\n", "\n\0", 1)), "notes.csv: not text (a NUL character on line 2); save it as CSV UTF-8", id="nul-bytes"),
    pytest.param(edit_text("notes.csv", lambda s: s + '"unterminated,paradox\n'), "notes.csv, row #: not valid CSV (unexpected end of data)", id="unterminated-quote"),
    pytest.param(edit_text("geo.csv", last_line(lambda line: line.split(",")[0] + ",country")), "geo.csv, row #: fewer values than columns (2 of 4)", id="truncated-line"),
    pytest.param(edit_text("geo.csv", last_line(lambda line: line + ",extra")), "geo.csv, row #: more values than columns", id="extra-value"),
    # --- the header
    pytest.param(edit_rows("sources.csv", lambda rows: [{k: v for k, v in r.items() if k != "kind"} for r in rows]), "sources.csv, field 'kind': missing column(s): kind", id="missing-column"),
    pytest.param(edit_rows("figures.csv", lambda rows: [{**r, "comment": "to check"} for r in rows]), "figures.csv, field 'comment': unknown column(s): comment", id="unknown-column"),
    pytest.param(edit_text("geo.csv", lambda s: s.replace("name_en\n", "name_fr\n", 1)), "geo.csv, field 'name_fr': column 'name_fr' appears twice in the header", id="duplicate-column"),
    pytest.param(edit_text("geo.csv", lambda s: s.replace("name_en\n", "name_en,\n", 1)), "geo.csv: column 5 has no name in the header", id="header-trailing-comma"),
    pytest.param(edit_rows("sources.csv", lambda rows: []), "figures.csv, row #, field 'attributed_to':", id="header-only"),
    # --- values
    pytest.param(edit_rows("sources.csv", duplicate_first_row), "sources.csv, row #, field 'id':", id="duplicate-id"),
    pytest.param(edit_rows("geo_groups.csv", duplicate_first_row), "geo_groups.csv, row #, field 'group': duplicate key", id="duplicate-composite-key"),
    pytest.param(set_first_row("figures.csv", "value", "12,5"), "figures.csv, row 2, field 'value': '12,5' is not a number (write decimals with a point)", id="decimal-comma"),
    pytest.param(set_first_row("eurostat_ai.csv", "value", "inf"), "eurostat_ai.csv, row 2, field 'value': 'inf' is not a finite number", id="infinite-value"),
    pytest.param(set_first_row("practices.csv", "priority", "1.5"), "practices.csv, row 2, field 'priority': '1.5' is not a whole number", id="not-a-whole-number"),
    pytest.param(set_first_row("eurostat_ai.csv", "year", "2019"), "eurostat_ai.csv, row 2, field 'year': 2019 is below the minimum 2021", id="out-of-range"),
    pytest.param(set_first_row("figures.csv", "sector", "C;Z"), "figures.csv, row 2, field 'sector': 'Z' has an invalid format", id="list-item-bad-format"),
    pytest.param(edit_rows("figures.csv", set_field("francenum_ai_2025", "original_source", "ghost")), "figures.csv, row #, field 'original_source': 'ghost' does not match any 'id' in sources.csv", id="unknown-source-id"),
    pytest.param(set_first_row("eurostat_ai.csv", "geo", "XX"), "eurostat_ai.csv, row 2, field 'geo': 'XX' does not match any 'code' in geo.csv", id="unknown-geo"),
    # --- Eurostat's releases (when each dataset was retrieved, which release it is)
    pytest.param(remove("eurostat_releases.csv"), "eurostat_releases.csv: file not found", id="releases-missing"),
    pytest.param(set_first_row("eurostat_releases.csv", "retrieved", "27/09/2026"), "eurostat_releases.csv, row 2, field 'retrieved': '27/09/2026' is not a date (write YYYY-MM-DD)", id="release-date-not-iso"),
    pytest.param(set_first_row("eurostat_releases.csv", "retrieved", "2026-02-30"), "eurostat_releases.csv, row 2, field 'retrieved': '2026-02-30' is not a date (write YYYY-MM-DD)", id="release-date-impossible"),
    pytest.param(edit_rows("eurostat_releases.csv", lambda rows: [*rows, {**rows[1], "extract": "api", "last_update": ""}]), "eurostat_releases.csv, row #, field 'last_update': a release taken from the API records its day and Eurostat's update", id="api-release-without-update"),
    pytest.param(edit_rows("eurostat_releases.csv", lambda rows: [*rows, {**rows[1], "extract": "api", "last_update": "2026-12-01", "retrieved": "2026-11-30"}]), "eurostat_releases.csv, row #, field 'last_update': Eurostat's update 2026-12-01 is after the retrieval 2026-11-30", id="release-updated-after-retrieval"),
    pytest.param(edit_rows("eurostat_releases.csv", lambda rows: [r for r in rows if r["dataset"] != "isoc_eb_ain2"]), "eurostat_ai.csv, row #, field 'dataset': 'isoc_eb_ain2' does not match any 'dataset' in eurostat_releases.csv", id="dataset-without-release"),
    pytest.param(set_first_row("eurostat_ai.csv", "extract", "api"), "eurostat_ai.csv, row 2, field 'extract': no row of eurostat_releases.csv for dataset 'isoc_eb_ai' and extract 'api'", id="extract-without-release"),
    pytest.param(set_first_row("conditions.csv", "question_id", "q_ghost"), "conditions.csv, row 2, field 'question_id': 'q_ghost' does not match any 'id' in questions.csv", id="unknown-condition-question"),
    # --- the shapes the pages rely on, declared in data (notes by kind, series, panels)
    pytest.param(edit_rows("figures.csv", lambda rows: [{**r, "headline": ""} for r in rows]), "figures.csv, field 'headline': no figure has a headline: Key figures opens on them", id="no-headline"),
    pytest.param(edit_rows("figures.csv", set_field("agency_disappointed", "headline", "")), "figures.csv, row #, field 'headline': headline 3 without a headline 2: number them 1, 2, 3…", id="headline-gap"),
    pytest.param(edit_rows("notes.csv", set_field("paradox_strategy", "figure_ids", "ai_survival_issue;no_ai_strategy;need_training")), "notes.csv, row #, field 'figure_ids': a 'paradox' note names 2 figure(s) (note_kinds.csv), this one names 3", id="paradox-of-three"),
    pytest.param(edit_rows("notes.csv", set_field("paradox_experts", "figure_ids", "need_training")), "notes.csv, row #, field 'figure_ids': a 'paradox' note names 2 figure(s) (note_kinds.csv), this one names 1", id="paradox-of-one"),
    pytest.param(edit_rows("notes.csv", lambda rows: [r for r in rows if r["kind"] != "range"]), "note_kinds.csv, row 5, field 'notes_min': notes.csv must hold 1 note(s) of kind 'range', it holds 0", id="no-range-note"),
    pytest.param(edit_rows("notes.csv", lambda rows: [*rows, *({**r, "id": "range_again"} for r in rows if r["kind"] == "range")]), "note_kinds.csv, row 5, field 'notes_max': notes.csv must hold 1 note(s) of kind 'range', it holds 2", id="two-range-notes"),
    pytest.param(edit_rows("notes.csv", lambda rows: [r for r in rows if r["kind"] != "paradox"]), "note_kinds.csv, row 4, field 'notes_min': notes.csv must hold at least 1 note(s) of kind 'paradox', it holds 0", id="no-paradox-note"),
    pytest.param(edit_rows("notes.csv", set_field("two_ninety", "kind", "aside")), "notes.csv, row #, field 'kind': 'aside' does not match any 'kind' in note_kinds.csv", id="unknown-note-kind"),
    pytest.param(edit_rows("note_kinds.csv", lambda rows: [{**r, "figures_max": "1"} if r["kind"] == "paradox" else r for r in rows]), "note_kinds.csv, row 4, field 'figures_max': figures_max 1 is below figures_min 2", id="note-kind-bounds-inverted"),
    pytest.param(edit_rows("figures.csv", set_field("oecd_genai_sme", "series", "ghost")), "figures.csv, row #, field 'series': 'ghost' does not match any 'id' in series.csv", id="unknown-series"),
    pytest.param(edit_rows("series.csv", lambda rows: [*rows, {**rows[-1], "id": "orphan"}]), "series.csv, row #, field 'id': no figure of figures.csv is in this series", id="series-without-figures"),
    pytest.param(edit_rows("series.csv", lambda rows: [{**r, "page": ""} for r in rows]), "series.csv: no series has page 'key_figures': the page charts one", id="no-charted-series"),
    pytest.param(edit_rows("series.csv", lambda rows: [{**r, "page": "key_figures"} for r in rows]), "series.csv, row 3, field 'page': 'key_figures' charts one series, and 'genai_tpe_pme' is already it", id="two-charted-series"),
    pytest.param(edit_rows("figures.csv", set_field("genai_use_tpe_pme_2025", "period", "2024-H2")), "figures.csv, row #, field 'period': series 'genai_tpe_pme' is charted one column per period: this period is also row 3's", id="charted-series-period-twice"),
    pytest.param(edit_rows("eurostat_indicators.csv", lambda rows: [{**r, "panel": "adoption"} if r["indicator"] == "E_AI_TGE2" else r for r in rows]), "eurostat_panels.csv, row 2, field 'indicators_max': panel 'adoption' holds 1 indicator(s), eurostat_indicators.csv gives it 2", id="adoption-panel-of-two"),
    pytest.param(edit_rows("eurostat_indicators.csv", lambda rows: [r for r in rows if r["panel"] != "barriers"]), "eurostat_panels.csv, row 6, field 'indicators_min': panel 'barriers' holds at least 1 indicator(s), eurostat_indicators.csv gives it 0", id="no-barrier-indicator"),
    pytest.param(edit_rows("eurostat_indicators.csv", lambda rows: [*rows, {**rows[-1], "indicator": "E_AI_BXYZ"}]), "eurostat_indicators.csv, row #, field 'indicator': 'E_AI_BXYZ' has no value in eurostat_ai.csv", id="indicator-without-values"),
    pytest.param(edit_rows("eurostat_indicators.csv", lambda rows: [{**r, "unit": "PC_ENT"} if r["indicator"] == "E_AI_BLE" else r for r in rows]), "eurostat_indicators.csv, row #, field 'unit': 'E_AI_BLE' has no value in PC_ENT in eurostat_ai.csv", id="indicator-in-a-unit-without-values"),
    pytest.param(edit_rows("eurostat_indicators.csv", lambda rows: [{**r, "panel": "uses"} for r in rows]), "eurostat_indicators.csv, row 2, field 'panel': 'uses' does not match any 'panel' in eurostat_panels.csv", id="unknown-panel"),
    pytest.param(edit_rows("eurostat_ai.csv", lambda rows: [r for r in rows if not (r["indicator"] == "E_AI_TANY" and r["size_emp"] == "GE10" and r["nace_r2"] == "C10-S951_X_K")]), "eurostat_indicators.csv, row 2, field 'indicator': Key figures charts 'E_AI_TANY' by country for all firms of 10+ in the business economy (GE10, C10-S951_X_K), and eurostat_ai.csv has none of these values", id="adoption-indicator-not-by-country"),
    pytest.param(edit_rows("questions.csv", set_field("q_any_ai", "eurostat_indicator", "E_AI_TML")), "questions.csv, row #, field 'eurostat_indicator': only E_AI_TANY (the 'adoption' panel of eurostat_indicators.csv) can be compared", id="question-compared-with-another-indicator"),
]  # fmt: skip


def pattern(expected: str) -> str:
    """``expected`` as a regular expression: ``#`` is any row or line number, ``…`` any text."""
    return re.escape(expected).replace(re.escape("#"), r"\d+").replace(re.escape("…"), ".*")


@pytest.mark.parametrize(("damage", "expected"), CASES)
def test_broken_data_gives_the_loaders_message(
    data_copy: Path, damage: Damage, expected: str
) -> None:
    damage(data_copy)
    with pytest.raises(DataError) as caught:
        load_all(data_copy)
    message = str(caught.value)
    assert re.match(pattern(expected), message), message
    assert message.startswith(caught.value.file)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(recode("figures.csv", "utf-8-sig"), id="utf-8-with-bom"),
        pytest.param(edit_text("figures.csv", lambda s: s.replace("\n", "\r\n")), id="windows-line-ends"),
        pytest.param(edit_text("geo.csv", lambda s: s + "\n\n"), id="blank-lines-at-the-end"),
        pytest.param(edit_rows("geo.csv", lambda rows: [dict(reversed(r.items())) for r in rows]), id="columns-in-another-order"),
    ],
)  # fmt: skip
def test_what_a_spreadsheet_does_to_a_csv_changes_nothing(
    data_copy: Path, dataset: Dataset, damage: Damage
) -> None:
    damage(data_copy)
    loaded = load_dataset(data_copy)
    for name, original in dataset.resources.items():
        pd.testing.assert_frame_equal(loaded.resources[name].frame, original.frame)


# --- the page shows the message ---------------------------------------------------------

PAGE_CASES = ["folder-instead-of-file", "descriptor-resource-not-an-object", "descriptor-resource-without-schema"]  # fmt: skip
# Each shape a page relies on: the app shows the loader's message, not a broken page.
SHAPE_CASES = ["no-headline", "headline-gap", "paradox-of-three", "paradox-of-one", "no-range-note", "two-range-notes", "no-paradox-note", "note-kind-bounds-inverted", "series-without-figures", "no-charted-series", "two-charted-series", "charted-series-period-twice", "adoption-panel-of-two", "no-barrier-indicator", "indicator-without-values", "indicator-in-a-unit-without-values", "adoption-indicator-not-by-country", "question-compared-with-another-indicator"]  # fmt: skip


@pytest.mark.slow  # one whole app run per case; the loader's messages are checked above
@pytest.mark.parametrize("case", [*PAGE_CASES, *SHAPE_CASES])
def test_the_page_shows_the_message_not_a_traceback(
    case: str, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (damage, expected) = next(p.values for p in CASES if p.id == case)
    damage(data_copy)
    monkeypatch.setenv("ADOPTION_DATA_DIR", str(data_copy))
    monkeypatch.setenv("ADOPTION_DATABASE_URL", f"sqlite:///{tmp_path / 'workshop.sqlite3'}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("app.data_error", "en")]
    assert re.match(pattern(expected), at.code[0].value), at.code[0].value
    assert not at.get("plotly_chart")
