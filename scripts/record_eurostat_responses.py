"""Write the recorded Eurostat API responses the updater's tests replay (never the network).

A development tool. Eurostat's API cannot be reached from where this project is built, so
the responses are rebuilt, in the API's own format (SDMX-ML 2.1, what sdmx1 reads), from
the reference extracts the bundled data came from (``../shared/data/eurostat/``, see its
README): for each of ``isoc_eb_ai`` and ``isoc_eb_ain2``, the dataflow with its structure
and Eurostat's ``UPDATE_DATA`` annotation (2026-06-15, the release those extracts are),
and the data: the cells the app uses, with the euro area ``EA`` the API also returns.
Flags as Eurostat marks them: ``b``/``u`` in ``OBS_FLAG``, confidential as
``CONF_STATUS="C"``; a withheld observation has no value.

What is not Eurostat's own: the observations are flat (``dimensionAtObservation`` all
dimensions) where Eurostat groups them in series, the structure holds no code lists, and
``isoc_eb_ain2``'s dimensions are assumed in ``isoc_eb_ai``'s order. sdmx1 reads both
shapes the same way.

Run: ``python scripts/record_eurostat_responses.py [path/to/shared/data]``; writes
``tests/data/eurostat_responses/{dataset}.{structure,data}.xml``.
"""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path

import sdmx
from sdmx.message import DataMessage, Header, StructureMessage
from sdmx.model import common, v21

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "eurostat_responses"
UPDATE_DATA = "2026-06-15T11:00:00+0200"
PREPARED = datetime(2026, 10, 1, 13, 56, 20)
DIMENSIONS = ("freq", "size_emp", "nace_r2", "indic_is", "unit", "geo", "TIME_PERIOD")
# The tidy extracts, by dataset (their README says where each came from).
FILES = {
    "isoc_eb_ai": (
        "eurostat/ai_use_by_size.csv",
        "eurostat/ai_barriers_by_size.csv",
        "eurostat/ai_technologies_by_size.csv",
        "eurostat/ai_purposes_by_size_2025.csv",
    ),
    "isoc_eb_ain2": (
        "eurostat/ai_use_by_sector.csv",
        "eurostat/ai_technologies_by_sector_2025.csv",
    ),
}
Obs = tuple[
    str, str, str, str, str, str, str, str
]  # size, nace, indic, unit, geo, year, value, flag


def extract_rows(shared: Path, dataset: str) -> list[Obs]:
    rows: dict[tuple[str, ...], Obs] = {}
    for name in FILES[dataset]:
        with (shared / name).open(encoding="utf-8", newline="") as handle:
            for r in csv.DictReader(handle):
                obs = (
                    r["size_emp"],
                    r["nace_r2"],
                    r["indicator"],
                    r["unit"],
                    r["geo"],
                    r["time"],
                    r["value"],
                    r["flag"],
                )
                rows[obs[:6]] = obs
    if dataset == "isoc_eb_ai":  # E_AI_EC and E_AI_ADOWN, GE10 2025 (TANY is in S1 already)
        with (shared / "eurostat_isoc_eb_ai_2025_ge10.csv").open(
            encoding="utf-8", newline=""
        ) as handle:
            for r in csv.DictReader(handle):
                if r["indic_is"] == "E_AI_TANY":
                    continue
                obs = (
                    r["size_emp"],
                    r["nace_r2"],
                    r["indic_is"],
                    r["unit"],
                    r["geo"],
                    r["time_period"],
                    r["obs_value"],
                    r["obs_flag"],
                )
                rows[obs[:6]] = obs
    return [rows[key] for key in sorted(rows)]


def structure(dataset: str) -> tuple[v21.DataflowDefinition, v21.DataStructureDefinition]:
    estat = common.Agency(id="ESTAT")
    dsd = v21.DataStructureDefinition(
        id=dataset.upper(), maintainer=estat, version="1.0", is_final=True
    )
    for position, name in enumerate(DIMENSIONS, start=1):
        kind = v21.TimeDimension if name == "TIME_PERIOD" else v21.Dimension
        dsd.dimensions.append(kind(id=name, order=position))
    dsd.measures.append(v21.PrimaryMeasure(id="OBS_VALUE"))
    for name in ("OBS_FLAG", "CONF_STATUS"):
        dsd.attributes.append(
            v21.DataAttribute(id=name, related_to=v21.PrimaryMeasureRelationship())
        )
    flow = v21.DataflowDefinition(
        id=dataset.upper(),
        maintainer=estat,
        version="1.0",
        is_final=True,
        structure=dsd,
        annotations=[v21.Annotation(type="UPDATE_DATA", title=UPDATE_DATA)],
    )
    return flow, dsd


def data_message(
    flow: v21.DataflowDefinition, dsd: v21.DataStructureDefinition, rows: list[Obs]
) -> DataMessage:
    data_set = v21.StructureSpecificDataSet(structured_by=dsd, described_by=flow)
    observations = []
    for size_emp, nace_r2, indic_is, unit, geo, year, value, flag in rows:
        key = dsd.make_key(
            v21.Key,
            {
                "freq": "A",
                "size_emp": size_emp,
                "nace_r2": nace_r2,
                "indic_is": indic_is,
                "unit": unit,
                "geo": geo,
                "TIME_PERIOD": year,
            },
        )
        attributes = {}
        if flag == "c":
            attributes["CONF_STATUS"] = v21.AttributeValue(
                value="C", value_for=dsd.attributes.get("CONF_STATUS")
            )
        elif flag:
            attributes["OBS_FLAG"] = v21.AttributeValue(
                value=flag, value_for=dsd.attributes.get("OBS_FLAG")
            )
        observations.append(
            v21.Observation(
                dimension=key,
                value=value or None,
                attached_attribute=attributes,
                value_for=dsd.measures[0],
            )
        )
    data_set.add_obs(observations)
    return DataMessage(
        header=Header(id=f"{flow.id}_recorded", prepared=PREPARED, test=False),
        data=[data_set],
        dataflow=flow,
    )


def main(shared: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for dataset in FILES:
        flow, dsd = structure(dataset)
        message = StructureMessage(
            header=Header(id=f"{flow.id}_structure", prepared=PREPARED, test=False)
        )
        message.add(flow)
        message.add(dsd)
        (OUT / f"{dataset}.structure.xml").write_bytes(sdmx.to_xml(message, pretty_print=True))
        rows = extract_rows(shared, dataset)
        data = sdmx.to_xml(data_message(flow, dsd, rows), pretty_print=True)
        (OUT / f"{dataset}.data.xml").write_bytes(data)
        print(f"{dataset}: {len(rows)} observations, {len(data) // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
