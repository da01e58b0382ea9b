"""Load CSV tables described by a Frictionless ``datapackage.json`` and validate them.

The descriptor follows the Data Package and Table Schema standards (v2): frictionless, their
reference implementation, finds it valid (a test checks). This loader implements the part
of them the project uses: field types ``string``, ``number``, ``integer``, ``date``
(``YYYY-MM-DD``, the standard's default format) and ``list`` (string items separated by
the field's ``delimiter``), the constraints ``required``,
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

import pandas as pd

DESCRIPTOR = "datapackage.json"
LIST_DELIMITER = ","  # the standard's default
FIRST_ROW = 2  # row 1 is the header, as in a spreadsheet


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
    return list(enumerate(records(frame), start=FIRST_ROW))


def read_descriptor(data_dir: Path) -> dict[str, Any]:
    """Read ``datapackage.json``, failing with a :class:`DataError` if it is not usable.

    Its shape is checked whole before any table is read, so that a slip in the descriptor
    is reported as such rather than as a puzzling error in some table.
    """
    text = _read_text(data_dir / DESCRIPTOR, "utf-8")
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(DESCRIPTOR, f"not valid JSON ({exc})") from None
    return _check_descriptor(descriptor)


def load_package(data_dir: Path) -> dict[str, Resource]:
    """Read and validate every resource of the package in ``data_dir``.

    Raises :class:`DataError` at the first problem found, with file, row and field.
    """
    descriptor = read_descriptor(data_dir)
    resources: dict[str, Resource] = {}
    for entry in descriptor["resources"]:
        name, path = entry["name"], entry["path"]
        header, rows = _read_csv(data_dir / path)
        frame = _validate_rows(path, entry["schema"], header, rows)
        resources[name] = Resource(name=name, path=path, descriptor=entry, frame=frame)
    for resource in resources.values():
        _check_foreign_keys(resource, resources)
    return resources


# --- reading files ----------------------------------------------------------------------


def _read_text(path: Path, encoding: str) -> str:
    """The text of a data file, or a :class:`DataError` saying why it cannot be had."""
    fix = "; save it as CSV UTF-8" if path.suffix == ".csv" else ""  # as spreadsheets say
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path.name, "file not found") from None
    except IsADirectoryError:
        raise DataError(path.name, "is a folder, not a file") from None
    except PermissionError:
        raise DataError(path.name, "cannot be read: permission denied") from None
    except OSError as exc:
        raise DataError(path.name, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(path.name, f"not UTF-8 text ({exc.reason} on line {line}){fix}") from None
    if "\0" in text:  # valid UTF-8 can still be binary: a text file never holds NUL
        line = text.count("\n", 0, text.index("\0")) + 1
        raise DataError(path.name, f"not text (a NUL character on line {line}){fix}")
    return text


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV file whose every row has one value per column."""
    text = _read_text(path, "utf-8-sig")  # a spreadsheet may save a byte order mark
    reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
    rows: list[dict[str, str]] = []
    try:
        header = reader.fieldnames
        if header is None:
            raise DataError(path.name, "file is empty (no header)")
        for position, column in enumerate(header, start=1):
            if not column.strip():
                raise DataError(path.name, f"column {position} has no name in the header")
            if header.count(column) > 1:
                raise DataError(
                    path.name, f"column '{column}' appears twice in the header", field=column
                )
        for row in reader:
            line = len(rows) + FIRST_ROW
            if None in row:
                raise DataError(path.name, "more values than columns", row=line)
            given = sum(value is not None for value in row.values())
            if given < len(header):
                raise DataError(
                    path.name, f"fewer values than columns ({given} of {len(header)})", row=line
                )
            rows.append(row)
    except csv.Error as exc:
        raise DataError(path.name, f"not valid CSV ({exc})", row=len(rows) + FIRST_ROW) from None
    return list(header), rows


# --- the descriptor's shape ---------------------------------------------------------------


def _check_descriptor(descriptor: object) -> dict[str, Any]:
    if not isinstance(descriptor, dict):
        raise DataError(DESCRIPTOR, "not a JSON object")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DataError(DESCRIPTOR, "no 'resources' list")
    types: dict[str, dict[str, str]] = {}  # resource -> field -> type
    for number, resource in enumerate(resources, start=1):
        name, fields = _check_resource(number, resource)
        if name in types:
            raise DataError(DESCRIPTOR, f"resource '{name}' is declared twice")
        types[name] = fields
    for resource in resources:
        _check_keys(resource["name"], resource["schema"], types)
    return descriptor


def _check_resource(number: int, resource: object) -> tuple[str, dict[str, str]]:
    """The resource's name and its fields' types, once its shape is known to be right."""
    if not isinstance(resource, dict) or not _is_name(resource.get("name")):
        raise DataError(DESCRIPTOR, f"resource {number} has no 'name'")
    where = f"resource '{resource['name']}'"
    path = resource.get("path")
    if not isinstance(path, str) or PurePosixPath(path).name != path or not path.endswith(".csv"):
        raise DataError(DESCRIPTOR, f"{where}: 'path' must name a CSV file in the data folder")
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        raise DataError(DESCRIPTOR, f"{where} has no 'schema' with a 'fields' list")
    types: dict[str, str] = {}
    for position, field in enumerate(fields, start=1):
        if not isinstance(field, dict) or not _is_name(field.get("name")):
            raise DataError(DESCRIPTOR, f"{where}, field {position} has no 'name'")
        name = field["name"]
        if name in types:
            raise DataError(DESCRIPTOR, f"{where}: field '{name}' is declared twice")
        types[name] = _check_field(f"{where}, field '{name}'", field)
    return resource["name"], types


def _check_field(where: str, field: Mapping[str, Any]) -> str:
    kind = field.get("type")
    if not isinstance(kind, str) or kind not in _CONSTRAINTS:
        raise DataError(DESCRIPTOR, f"{where} has unsupported type {kind!r}")
    _check_constraints_shape(where, field.get("constraints", {}), _CONSTRAINTS[kind])
    if kind == "list":
        delimiter = field.get("delimiter", LIST_DELIMITER)
        if not isinstance(delimiter, str) or not delimiter:
            raise DataError(DESCRIPTOR, f"{where}: 'delimiter' must be a non-empty string")
        if field.get("itemType", "string") != "string":
            raise DataError(DESCRIPTOR, f"{where}: only 'string' list items are supported")
        _check_constraints_shape(where, field.get("itemConstraints", {}), _ITEM_CONSTRAINTS)
    return kind


def _check_constraints_shape(where: str, constraints: object, allowed: set[str]) -> None:
    if not isinstance(constraints, dict):
        raise DataError(DESCRIPTOR, f"{where}: constraints must be an object")
    for name, value in constraints.items():
        if name not in allowed:
            raise DataError(DESCRIPTOR, f"{where}: constraint '{name}' is not supported here")
        valid, expected = _CONSTRAINT_VALUES[name]
        if not valid(value):
            raise DataError(DESCRIPTOR, f"{where}: constraint '{name}' must be {expected}")


def _check_keys(resource: str, schema: Mapping[str, Any], types: dict[str, dict[str, str]]) -> None:
    where = f"resource '{resource}'"
    own = types[resource]
    key = schema.get("primaryKey", [])
    if not isinstance(key, list) or not all(_is_name(k) and k in own for k in key):
        raise DataError(DESCRIPTOR, f"{where}: 'primaryKey' must list fields of the resource")
    for prop, of_items in (("foreignKeys", False), ("itemForeignKeys", True)):
        keys = schema.get(prop, [])
        if not isinstance(keys, list):
            raise DataError(DESCRIPTOR, f"{where}: '{prop}' must be a list")
        for fk in keys:
            _check_foreign_key(where, _object(fk), of_items, types[resource], types)


def _check_foreign_key(
    where: str,
    fk: dict[str, Any],
    of_items: bool,
    own: dict[str, str],
    types: dict[str, dict[str, str]],
) -> None:
    reference = _object(fk.get("reference"))
    fields, target, target_fields = (
        fk.get("fields"),
        reference.get("resource"),
        reference.get("fields"),
    )
    if not (_one_name(fields) and _is_name(target) and _one_name(target_fields)):
        raise DataError(
            DESCRIPTOR,
            f"{where}: a foreign key names one field, and a resource and one of its fields",
        )
    (field,), (target_field,) = fields, target_fields
    if field not in own:
        raise DataError(DESCRIPTOR, f"{where}: foreign key on unknown field '{field}'")
    if (own[field] == "list") != of_items:
        right = "itemForeignKeys" if own[field] == "list" else "foreignKeys"
        raise DataError(DESCRIPTOR, f"{where}: the key of '{field}' belongs in '{right}'")
    if target not in types:
        raise DataError(DESCRIPTOR, f"{where}: foreign key to unknown resource '{target}'")
    if target_field not in types[target]:
        raise DataError(
            DESCRIPTOR,
            f"{where}: foreign key to unknown field '{target_field}' of resource '{target}'",
        )


def _object(value: object) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (for reading a shape to check)."""
    return value if isinstance(value, dict) else {}


def _is_name(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


def _one_name(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and len(value) == 1 and _is_name(value[0])


def _is_regex(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        re.compile(value)
    except re.error:
        return False
    return True


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# Which constraints each type takes (a list only `required`: its items have their own), and
# what a constraint's value must be.
_CONSTRAINTS = {
    "string": {"required", "unique", "enum", "pattern"},
    "number": {"required", "unique", "enum", "minimum", "maximum"},
    "integer": {"required", "unique", "enum", "minimum", "maximum"},
    "date": {"required", "unique"},
    "list": {"required"},
}
_ITEM_CONSTRAINTS = {"enum", "pattern"}
_CONSTRAINT_VALUES: dict[str, tuple[Callable[[object], bool], str]] = {
    "required": (lambda v: isinstance(v, bool), "true or false"),
    "unique": (lambda v: isinstance(v, bool), "true or false"),
    "enum": (lambda v: isinstance(v, list) and bool(v), "a non-empty list"),
    "pattern": (_is_regex, "a regular expression"),
    "minimum": (_is_number, "a number"),
    "maximum": (_is_number, "a number"),
}


# --- the rows -----------------------------------------------------------------------------


def _validate_rows(
    file: str, schema: Mapping[str, Any], header: list[str], rows: list[dict[str, str]]
) -> pd.DataFrame:
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(file, f"missing column(s): {', '.join(missing)}", field=missing[0])
    unknown = [c for c in header if c not in names]
    if unknown:
        raise DataError(
            file,
            f"unknown column(s): {', '.join(unknown)}; add them to {DESCRIPTOR} or remove them",
            field=unknown[0],
        )
    columns: dict[str, list[Any]] = {n: [] for n in names}
    seen: dict[str, dict[Any, int]] = {n: {} for n in names}
    for line, row in enumerate(rows, start=FIRST_ROW):
        for field in fields:
            name = field["name"]
            raw = (row.get(name) or "").strip()
            value = _convert(file, line, field, raw)
            _check_constraints(file, line, field, value, seen[name])
            columns[name].append(value)
    key = schema.get("primaryKey") or []
    if len(key) > 1:  # a single-field key is declared `unique` and checked above
        seen_keys: dict[tuple[Any, ...], int] = {}
        for line, values in enumerate(zip(*(columns[k] for k in key), strict=True), FIRST_ROW):
            if values in seen_keys:
                raise DataError(
                    file,
                    f"duplicate key {values} (first seen on row {seen_keys[values]})",
                    row=line,
                    field=key[0],
                )
            seen_keys[values] = line
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
    if kind == "date":
        return _date(file, line, field["name"], raw)
    try:
        number = float(raw.replace("\u202f", "").replace(" ", ""))
    except ValueError:
        hint = " (write decimals with a point)" if re.fullmatch(r"-?\d+,\d+", raw) else ""
        raise DataError(
            file, f"{raw!r} is not a number{hint}", row=line, field=field["name"]
        ) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise DataError(file, f"{raw!r} is not a finite number", row=line, field=field["name"])
    if kind == "integer":
        if not number.is_integer():
            raise DataError(file, f"{raw!r} is not a whole number", row=line, field=field["name"])
        return int(number)
    return number


def _date(file: str, line: int, name: str, raw: str) -> date:
    # date.fromisoformat also takes 20260615 or 2026-W24: the standard's default is YYYY-MM-DD.
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise DataError(
            file, f"{raw!r} is not a date (write YYYY-MM-DD)", row=line, field=name
        ) from None


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
        elif kind == "date":
            data[name] = pd.array(values, dtype="date32[pyarrow]")
        else:  # list: kept as Python tuples, hashable and easy to test membership in
            data[name] = pd.Series([tuple(v) for v in values], dtype="object")
    return pd.DataFrame(data)


def _check_foreign_keys(resource: Resource, resources: Mapping[str, Resource]) -> None:
    # The descriptor's check made sure every key names one known field on either side.
    schema = resource.descriptor["schema"]
    for fk in [*schema.get("foreignKeys", []), *schema.get("itemForeignKeys", [])]:
        (field,) = fk["fields"]
        target = resources[fk["reference"]["resource"]]
        (target_field,) = fk["reference"]["fields"]
        known = set(target.frame[target_field].tolist())
        for line, value in enumerate(resource.frame[field].tolist(), start=FIRST_ROW):
            items = value if isinstance(value, tuple) else ([value] if value else [])
            for item in items:
                if item not in known:
                    raise DataError(
                        resource.path,
                        f"{item!r} does not match any '{target_field}' in {target.path}",
                        row=line,
                        field=field,
                    )
