"""The Eurostat updater on recorded API responses: never the network.

``tests/data/eurostat_responses/`` holds SDMX-ML responses rebuilt from the reference
extracts the bundled data came from (``scripts/record_eurostat_responses.py``). A
``requests`` session whose adapter serves them (or edits of them, or a timeout) goes into
sdmx1's client, so the real client and parser run; only the transport is replaced.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from lxml import etree
from requests.adapters import BaseAdapter
from requests.models import PreparedRequest, Response
from scripts.update_eurostat import main

import fixtures
from adoption.dataset import load_dataset
from adoption.eurostat_update import (
    Plan,
    UpdateError,
    normalise_value,
    observation_row,
    plan_update,
    read_rows,
    sdmx_fetcher,
    write_plan,
)
from conftest import ROOT

# The updater is a curator's tool: its replays parse whole SDMX responses (tens of
# seconds); `make test` runs them, `make check` does not.
pytestmark = pytest.mark.slow

RECORDED = ROOT / "tests" / "data" / "eurostat_responses"
TODAY = date(2026, 12, 7)
STRUCTURE_TYPE = "application/vnd.sdmx.structure+xml;version=2.1"
DATA_TYPE = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
Edit = Callable[[etree._Element], None]  # changes a data message's tree in place


class Replay(BaseAdapter):
    """Serves the recorded response for each request, edited, broken or withheld."""

    def __init__(
        self,
        edits: dict[str, Edit] | None = None,
        raw: dict[str, bytes] | None = None,
        fail: dict[str, Exception] | None = None,
        missing: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.edits, self.raw, self.fail = edits or {}, raw or {}, fail or {}
        self.missing = missing
        self.urls: list[str] = []

    def send(self, request: PreparedRequest, **kwargs: object) -> Response:  # type: ignore[override]
        url = str(request.url)
        self.urls.append(url)
        assert kwargs.get("timeout"), "every request has a timeout"
        kind = "structure" if "/dataflow/" in url else "data"
        dataset = next(d for d in ("isoc_eb_ain2", "isoc_eb_ai") if f"/{d.upper()}" in url)
        name = f"{dataset}.{kind}"
        if name in self.fail:
            raise self.fail[name]
        response = Response()
        response.url, response.request, response.encoding = url, request, "utf-8"
        if name in self.raw:
            response.status_code, response._content = 200, self.raw[name]
        elif name not in self.missing:
            content = (RECORDED / f"{name}.xml").read_bytes()
            if name in self.edits:
                tree = etree.fromstring(content)
                self.edits[name](tree)
                content = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
            response.status_code, response._content = 200, content
        else:
            response.status_code, response._content = 404, b"not found"
        response.headers["Content-Type"] = STRUCTURE_TYPE if kind == "structure" else DATA_TYPE
        return response

    def close(self) -> None:
        pass


def session(adapter: Replay) -> requests.Session:
    s = requests.Session()
    s.mount("https://", adapter)
    s.mount("http://", adapter)
    return s


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(fixtures.FIXTURE_DIR, copy)
    return copy


def plan(data: Path, adapter: Replay | None = None) -> Plan:
    return plan_update(data, sdmx_fetcher(session(adapter or Replay()), timeout=5), TODAY)


def observations(tree: etree._Element) -> list[etree._Element]:
    return [e for e in tree.iter() if isinstance(e.tag, str) and e.tag.endswith("Obs")]


def find(tree: etree._Element, **where: str) -> etree._Element:
    (found,) = [o for o in observations(tree) if all(o.get(k) == v for k, v in where.items())]
    return found


FR_2025 = {"indic_is": "E_AI_TANY", "size_emp": "GE10", "geo": "FR", "TIME_PERIOD": "2025"}


def released_2026(tree: etree._Element) -> None:
    """A synthetic 2026 release: every 2025 value of E_AI_TANY again, for 2026, one point
    higher, with a new break in series for the Netherlands."""
    for obs in observations(tree):
        if obs.get("indic_is") == "E_AI_TANY" and obs.get("TIME_PERIOD") == "2025":
            new = etree.SubElement(obs.getparent(), "Obs", dict(obs.attrib))
            new.set("TIME_PERIOD", "2026")
            new.attrib.pop("OBS_FLAG", None)
            if new.get("OBS_VALUE"):
                new.set("OBS_VALUE", f"{float(new.get('OBS_VALUE', '0')) + 1:.2f}")
            if new.get("geo") == "NL":
                new.set("OBS_FLAG", "b")


# --- the file stays what it was --------------------------------------------------------------


def test_an_unchanged_release_keeps_every_value_and_flag_the_app_showed(data: Path) -> None:
    before = {row.key: row for row in read_rows(fixtures.FIXTURE_DIR / "eurostat_ai.csv")}
    result = plan(data)
    assert result.diff.empty, result.review()
    write_plan(result, data)
    after = {row.key: row for row in read_rows(data / "eurostat_ai.csv")}
    # Same cells, same values, same flags; only the extract says "api" now. Values are
    # written with Eurostat's two decimals: the ge10_2025 extract's 4 values spelled "3.0"
    # become "3.00", the same number. s3's flags were unknown and the recording, made from
    # s3, has none: they stay empty (a real release's flags would be listed as "now known").
    assert after.keys() == before.keys()
    for key, was in before.items():
        now = after[key]
        assert now.flag == was.flag, key
        assert (now.value == "") == (was.value == ""), key
        assert not was.value or Decimal(now.value) == Decimal(was.value), key
    respelled = [k for k, v in before.items() if after[k].value != v.value]
    assert {before[k].extract for k in respelled} <= {"ge10_2025"}
    assert {row.extract for row in after.values()} == {"api"}
    dataset = load_dataset(data)
    releases = dataset.eurostat_releases.set_index("dataset")
    assert list(releases["extract"]) == ["api", "api"]
    assert {str(d) for d in releases["last_update"]} == {"2026-06-15"}
    assert {str(d) for d in releases["retrieved"]} == {"2026-12-07"}
    assert "EA" not in set(dataset.eurostat["geo"])


def test_running_twice_on_the_same_responses_writes_identical_files(data: Path) -> None:
    write_plan(plan(data), data)
    first = {
        name: (data / name).read_bytes() for name in ("eurostat_ai.csv", "eurostat_releases.csv")
    }
    again = plan(data)
    assert again.diff.empty
    write_plan(again, data)
    assert {name: (data / name).read_bytes() for name in first} == first


def test_only_the_apps_cells_are_asked_for_with_a_timeout(data: Path) -> None:
    adapter = Replay()
    plan(data, adapter)
    data_urls = [u for u in adapter.urls if "/data/" in u]
    assert len(data_urls) == 2
    assert all("E_AI_TANY" in u and ".." not in u.split("?")[0].rstrip(".") for u in data_urls)


# --- what a new release changes --------------------------------------------------------------


def test_a_new_year_is_listed_and_a_new_break_in_series_is_called_out(data: Path) -> None:
    adapter = Replay(edits={"isoc_eb_ai.data": released_2026, "isoc_eb_ain2.data": released_2026})
    result = plan(data, adapter)
    assert result.diff.new_years == ["2026"]
    assert result.diff.added and all(r.year == "2026" for r in result.diff.added)
    assert list(result.diff.new_breaks) == ["2026"]
    text = result.review()
    assert "New years: 2026" in text
    assert "BREAK IN SERIES flagged 'b' for 2026" in text
    write_plan(result, data)
    assert load_dataset(data).eurostat_indicator("E_AI_TANY")["year"].iloc[0] == 2026


def test_a_revised_value_shows_old_and_new(data: Path) -> None:
    def revise(tree: etree._Element) -> None:
        find(tree, **FR_2025).set("OBS_VALUE", "18.2")

    result = plan(data, Replay(edits={"isoc_eb_ai.data": revise}))
    ((old, new),) = result.diff.changed
    assert (old.geo, old.value, new.value) == ("FR", "18.16", "18.20")
    assert "isoc_eb_ai E_AI_TANY GE10 C10-S951_X_K PC_ENT FR 2025: 18.16 → 18.20" in result.review()
    assert not (result.diff.added or result.diff.withdrawn or result.diff.flags_changed)


def test_a_changed_flag_is_listed(data: Path) -> None:
    def unflag(tree: etree._Element) -> None:
        obs = find(tree, indic_is="E_AI_TANY", size_emp="GE10", geo="NL", TIME_PERIOD="2025")
        assert obs.attrib.pop("OBS_FLAG") == "b"

    result = plan(data, Replay(edits={"isoc_eb_ai.data": unflag}))
    ((old, new),) = result.diff.flags_changed
    assert (old.flag, new.flag) == ("b", "")
    assert "Flags changed: 1" in result.review()


def test_a_withdrawn_value_becomes_empty_with_its_flag_never_zero(data: Path) -> None:
    def withhold(tree: etree._Element) -> None:
        obs = find(tree, **FR_2025)
        del obs.attrib["OBS_VALUE"]
        obs.set("CONF_STATUS", "C")
        gone = find(tree, indic_is="E_AI_TANY", size_emp="GE10", geo="DE", TIME_PERIOD="2025")
        gone.getparent().remove(gone)

    result = plan(data, Replay(edits={"isoc_eb_ai.data": withhold}))
    shown = result.review()
    assert "Cells withdrawn (value now empty, or row gone): 2" in shown
    assert "FR 2025: 18.16 → not published (c)" in shown
    assert "DE 2025: " in shown and "→ row gone" in shown
    write_plan(result, data)
    (fr,) = [
        r
        for r in read_rows(data / "eurostat_ai.csv")
        if r.key == ("isoc_eb_ai", "E_AI_TANY", "GE10", "C10-S951_X_K", "FR", "2025", "PC_ENT")
    ]
    assert (fr.value, fr.flag) == ("", "c")
    load_dataset(data)  # the loader takes the withheld value as "not published"


# --- downloads that change nothing -----------------------------------------------------------


def broken_cases() -> list[object]:
    def drop_indicator(tree: etree._Element) -> None:
        for obs in observations(tree):
            if obs.get("indic_is") == "E_AI_BCST":
                obs.getparent().remove(obs)

    return [
        pytest.param(Replay(fail={"isoc_eb_ai.data": requests.ReadTimeout("read timed out")}), "isoc_eb_ai: Eurostat did not answer within 5 s (asking for its data)", id="timeout"),
        pytest.param(Replay(fail={"isoc_eb_ain2.structure": requests.ConnectionError("refused")}), "isoc_eb_ain2: could not reach Eurostat", id="unreachable"),
        pytest.param(Replay(raw={"isoc_eb_ai.data": (RECORDED / "isoc_eb_ai.data.xml").read_bytes()[:5000]}), "isoc_eb_ai: the response for its data is not SDMX-ML as expected", id="cut-short"),
        pytest.param(Replay(raw={"isoc_eb_ain2.data": b"<html>Service unavailable</html>"}), "isoc_eb_ain2: the response for its data is not SDMX-ML as expected", id="not-sdmx"),
        pytest.param(Replay(raw={"isoc_eb_ain2.data": b"DATAFLOW,LAST UPDATE,freq\n"}), "isoc_eb_ain2: the response for its data is not SDMX-ML as expected", id="csv-instead"),
        pytest.param(Replay(raw={"isoc_eb_ain2.data": b""}), "isoc_eb_ain2: the response for its data is not SDMX-ML as expected", id="empty-body"),
        pytest.param(Replay(edits={"isoc_eb_ai.data": drop_indicator}), "isoc_eb_ai: the response has no row for 4 of the", id="an-indicator-missing"),
        pytest.param(Replay(missing=frozenset({"isoc_eb_ain2.data"})), "isoc_eb_ain2: Eurostat answered 404 Client Error", id="dataset-missing"),
        pytest.param(Replay(edits={"isoc_eb_ai.structure": lambda t: [a.getparent().remove(a) for a in t.iter() if isinstance(a.tag, str) and a.tag.endswith("}Annotations")]}), "isoc_eb_ai: the dataflow gives no last-update date (UPDATE_DATA)", id="no-last-update"),
    ]  # fmt: skip


@pytest.mark.parametrize(("adapter", "message"), broken_cases())
def test_a_failed_download_writes_nothing_and_says_what_failed(
    data: Path, adapter: Replay, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    with pytest.raises(UpdateError, match="^" + re.escape(message)):
        plan(data, adapter)
    fetch = sdmx_fetcher(session(adapter), timeout=5)
    assert main(["--write", "--data", str(data)], fetch=fetch) == 1
    err = capsys.readouterr().err
    assert err.startswith("Update failed: ") and "Nothing was written." in err
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_a_new_country_the_app_cannot_name_is_refused(data: Path) -> None:
    def add_country(tree: etree._Element) -> None:
        obs = find(tree, **FR_2025)
        etree.SubElement(obs.getparent(), "Obs", {**dict(obs.attrib), "geo": "XK"})

    with pytest.raises(UpdateError, match=r"the app would refuse the new data: .*'XK'"):
        plan(data, Replay(edits={"isoc_eb_ai.data": add_country}))


# --- the command -----------------------------------------------------------------------------


def test_the_command_prints_the_review_and_writes_only_when_asked(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fetch = sdmx_fetcher(session(Replay(edits={"isoc_eb_ai.data": released_2026})), timeout=5)
    before = (data / "eurostat_ai.csv").read_bytes()
    assert main(["--no-input", "--data", str(data)], fetch=fetch) == 0
    out = capsys.readouterr().out
    assert "New years: 2026" in out and "Nothing written. To write: make update-data WRITE=1" in out
    assert (data / "eurostat_ai.csv").read_bytes() == before
    assert main(["--write", "--data", str(data)], fetch=fetch) == 0
    assert "2026" in {r.year for r in read_rows(data / "eurostat_ai.csv")}


# --- the pure steps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("18.16", "18.16"),
        ("30.1", "30.10"),
        ("7", "7.00"),
        ("12.345", "12.345"),
        ("", ""),
        ("NaN", ""),
    ],
)
def test_values_are_written_as_published_never_rounded(text: str, written: str) -> None:
    assert normalise_value(text) == written


def test_a_confidential_observation_is_flagged_c_and_left_empty() -> None:
    key = {
        "indic_is": "E_AI_TANY",
        "size_emp": "GE10",
        "nace_r2": "C10-S951_X_K",
        "geo": "ME",
        "unit": "PC_ENT",
        "TIME_PERIOD": "2025",
    }
    row = observation_row("isoc_eb_ai", key, None, {"CONF_STATUS": "C"})
    assert (row.value, row.flag, row.extract) == ("", "c", "api")
    with pytest.raises(UpdateError, match="not a number"):
        observation_row("isoc_eb_ai", key, "n/a", {})
