"""Load CSV tables described by a Frictionless ``datapackage.json`` and validate them.

The descriptor follows the Data Package and Table Schema standards (v2): frictionless, their
reference implementation, finds it valid (a test checks). This loader implements the part
of them the project uses: field types ``string``, ``number``, ``integer`` and ``list``
(string items separated by the field's ``delimiter``), the constraints ``required``,
``unique``, ``enum``, ``pattern``, ``minimum`` and ``maximum``, primary keys and foreign
keys between resources.

The standard says nothing of the items of a list, so two properties of the project's own
carry that, and other tools ignore them: a list field's ``itemConstraints`` (``enum``,
``pattern``) apply to each of its items, and a schema's ``itemForeignKeys``, shaped like
``foreignKeys``, make each item of a list field a key of another resource.

Every problem is reported as a :class:`DataError` naming the file, the row (as a
spreadsheet shows it: the header is row 1) and the field, so that whoever edits the CSV
can find it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

LIST_DELIMITER = ","  # the standard's default
_TYPES = {"string", "number", "integer", "list"}


class DataError(ValueError):
    """A data file that cannot be used, with where the problem is."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.detail = message
        where = file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Resource:
    """One validated table: its descriptor entry and its rows as a typed DataFrame."""

    name: str
    path: str
    descriptor: Mapping[str, Any]
    frame: pd.DataFrame


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as plain dicts keyed by field name."""
    return frame.to_dict("records", into=dict)


def numbered_records(frame: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """(row number as a spreadsheet shows it, row) pairs: the header is row 1."""
    return list(enumerate(records(frame), start=2))


def read_descriptor(data_dir: Path) -> dict[str, Any]:
    """Read ``datapackage.json``, failing with a :class:`DataError` if it is not usable."""
    path = data_dir / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path.name, "file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path.name, f"not valid JSON ({exc})") from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(descriptor, dict) or not isinstance(resources, list) or not resources:
        raise DataError(path.name, "no 'resources' list")
    for resource in resources:
        for field in resource.get("schema", {}).get("fields", []):
            if field.get("type") not in _TYPES:
                raise DataError(
                    path.name,
                    f"resource '{resource.get('name')}' field '{field.get('name')}' "
                    f"has unsupported type {field.get('type')!r}",
                )
    return descriptor


def load_package(data_dir: Path) -> dict[str, Resource]:
    """Read and validate every resource of the package in ``data_dir``.

    Raises :class:`DataError` at the first problem found, with file, row and field.
    """
    descriptor = read_descriptor(data_dir)
    resources: dict[str, Resource] = {}
    for entry in descriptor["resources"]:
        name, path = entry["name"], entry["path"]
        rows = _read_csv(data_dir / path)
        frame = _validate_rows(path, entry.get("schema", {}), rows)
        resources[name] = Resource(name=name, path=path, descriptor=entry, frame=frame)
    for resource in resources.values():
        _check_foreign_keys(resource, resources)
    return resources


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(path.name, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataError(path.name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
        rows = []
        for row in reader:
            if None in row:
                raise DataError(path.name, "more values than columns", row=reader.line_num)
            rows.append(row)
    except csv.Error as exc:
        raise DataError(path.name, f"not valid CSV ({exc})") from None
    if reader.fieldnames is None:
        raise DataError(path.name, "file is empty (no header)")
    return rows


def _validate_rows(
    file: str, schema: Mapping[str, Any], rows: list[dict[str, str]]
) -> pd.DataFrame:
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    header = list(rows[0].keys()) if rows else names
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(file, f"missing column(s): {', '.join(missing)}", field=missing[0])
    columns: dict[str, list[Any]] = {n: [] for n in names}
    seen: dict[str, dict[Any, int]] = {n: {} for n in names}
    for index, row in enumerate(rows):
        line = index + 2  # row 1 is the header, as in a spreadsheet
        for field in fields:
            name = field["name"]
            raw = (row.get(name) or "").strip()
            value = _convert(file, line, field, raw)
            _check_constraints(file, line, field, value, seen[name])
            columns[name].append(value)
    key = schema.get("primaryKey") or []
    if len(key) > 1:  # a single-field key is declared `unique` and checked above
        seen_keys: dict[tuple[Any, ...], int] = {}
        for index in range(len(rows)):
            values = tuple(columns[k][index] for k in key)
            if values in seen_keys:
                raise DataError(
                    file,
                    f"duplicate key {values} (first seen on row {seen_keys[values]})",
                    row=index + 2,
                    field=key[0],
                )
            seen_keys[values] = index + 2
    return _to_frame(fields, columns)


def _convert(file: str, line: int, field: Mapping[str, Any], raw: str) -> Any:
    kind = field["type"]
    if raw == "":
        return [] if kind == "list" else None
    if kind == "string":
        return raw
    if kind == "list":
        parts = raw.split(field.get("delimiter", LIST_DELIMITER))
        return [part.strip() for part in parts if part.strip()]
    try:
        number = float(raw.replace("\u202f", "").replace(" ", ""))
    except ValueError:
        raise DataError(file, f"{raw!r} is not a number", row=line, field=field["name"]) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise DataError(file, f"{raw!r} is not a finite number", row=line, field=field["name"])
    if kind == "integer":
        if not number.is_integer():
            raise DataError(file, f"{raw!r} is not a whole number", row=line, field=field["name"])
        return int(number)
    return number


def _check_constraints(
    file: str, line: int, field: Mapping[str, Any], value: Any, seen: dict[Any, int]
) -> None:
    name = field["name"]
    constraints = field.get("constraints", {})
    empty = value is None or value == []
    if empty:
        if constraints.get("required"):
            raise DataError(file, "value is required but empty", row=line, field=name)
        return
    if isinstance(value, list):
        for item in value:
            _check_value(file, line, name, item, field.get("itemConstraints", {}))
    else:
        _check_value(file, line, name, value, constraints)
    if constraints.get("unique"):
        if value in seen:
            raise DataError(
                file,
                f"{value!r} is not unique (first seen on row {seen[value]})",
                row=line,
                field=name,
            )
        seen[value] = line


def _check_value(
    file: str, line: int, name: str, item: Any, constraints: Mapping[str, Any]
) -> None:
    if "enum" in constraints and item not in constraints["enum"]:
        allowed = ", ".join(repr(v) for v in constraints["enum"] if v != "")
        raise DataError(file, f"{item!r} is not one of {allowed}", row=line, field=name)
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(item)):
        raise DataError(file, f"{item!r} has an invalid format", row=line, field=name)
    if "minimum" in constraints and item < constraints["minimum"]:
        raise DataError(
            file,
            f"{item:g} is below the minimum {constraints['minimum']}",
            row=line,
            field=name,
        )
    if "maximum" in constraints and item > constraints["maximum"]:
        raise DataError(
            file,
            f"{item:g} is above the maximum {constraints['maximum']}",
            row=line,
            field=name,
        )


def _to_frame(fields: list[Mapping[str, Any]], columns: dict[str, list[Any]]) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for field in fields:
        name, kind = field["name"], field["type"]
        values = columns[name]
        if kind == "string":
            data[name] = pd.array(
                [v if v is not None else "" for v in values], dtype="string[pyarrow]"
            )
        elif kind == "number":
            data[name] = pd.array(values, dtype="double[pyarrow]")
        elif kind == "integer":
            data[name] = pd.array(values, dtype="int64[pyarrow]")
        else:  # list: kept as Python tuples, hashable and easy to test membership in
            data[name] = pd.Series([tuple(v) for v in values], dtype="object")
    return pd.DataFrame(data)


def _check_foreign_keys(resource: Resource, resources: Mapping[str, Resource]) -> None:
    schema = resource.descriptor.get("schema", {})
    for fk in [*schema.get("foreignKeys", []), *schema.get("itemForeignKeys", [])]:
        (field,) = fk["fields"]
        target_name = fk["reference"]["resource"]
        (target_field,) = fk["reference"]["fields"]
        target = resources.get(target_name)
        if target is None:
            raise DataError("datapackage.json", f"foreign key to unknown resource '{target_name}'")
        known = set(target.frame[target_field].tolist())
        for index, value in enumerate(resource.frame[field].tolist()):
            items = value if isinstance(value, tuple) else ([value] if value else [])
            for item in items:
                if item not in known:
                    raise DataError(
                        resource.path,
                        f"{item!r} does not match any '{target_field}' in {target.path}",
                        row=index + 2,
                        field=field,
                    )
