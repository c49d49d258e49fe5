"""The Frictionless data package (datapackage.json) describing a folder's CSV tables, from their schemas."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass

import pandas as pd

from .output import LIST_SEPARATOR
from .schemas import Column, Schema, split_list

# Column.type -> Frictionless field type; a list cell is text, its values joined by LIST_SEPARATOR
FIELD_TYPES = {"str": "string", "int": "integer", "float": "number", "date": "date", "bool": "boolean",
               "list": "string"}

# How the package's tables refer to one another: (table, its fields, referenced table, its fields).
# A relation is declared only where both tables are in the package.
RELATIONS = (
    ("asks", ("commitment_id",), "commitments", ("commitment_id",)),
    ("status", ("commitment_id",), "commitments", ("commitment_id",)),
    ("assessments", ("commitment_id",), "commitments", ("commitment_id",)),
    ("observations", ("indicator_id",), "indicators", ("indicator_id",)),
    ("indicator-commitments", ("indicator_id",), "indicators", ("indicator_id",)),
    ("indicator-commitments", ("commitment_id",), "commitments", ("commitment_id",)),
    ("implementation", ("ask_id",), "asks", ("ask_id",)),
    ("implementation", ("commitment_id",), "commitments", ("commitment_id",)),
)

LINK_SCHEMA = Schema(
    "indicator-commitments",
    (
        Column("indicator_id", description="the indicator (indicators table)"),
        Column("commitment_id", description="a commitment it informs (commitments table)"),
    ),
    key=("indicator_id", "commitment_id"),
    description="Which commitments each indicator informs: one row per pair, from the indicators' commitments lists",
)


@dataclass(frozen=True)
class Table:
    """One CSV file of the folder: its resource name, file name, the exact text written, and its schema."""

    name: str
    path: str
    text: str
    schema: Schema
    header_rows: int = 1  # an HXL variant has its hashtag row below the header


def indicator_links(indicators: pd.DataFrame, commitment_ids: set[str] | None = None) -> pd.DataFrame:
    """The link table from indicators to the commitments they inform (only those in commitment_ids, if given)."""
    rows = [{"indicator_id": i, "commitment_id": c}
            for i, listed in zip(indicators.get("indicator_id", []), indicators.get("commitments", []))
            for c in dict.fromkeys(split_list(listed)) if commitment_ids is None or c in commitment_ids]
    return pd.DataFrame(rows, columns=LINK_SCHEMA.column_names)


def schema_of(name: str, columns, *schemas: Schema, key: tuple[str, ...] = ()) -> Schema:
    """The schema of a table whose columns come from other tables' schemas (the first that names each column).

    A column no schema names is an error: every exported column is typed by exactly one schema.
    """
    found = {}
    for schema in reversed(schemas):
        found.update({c.name: c for c in schema.columns})
    missing = [c for c in columns if c not in found]
    if missing:
        raise KeyError(f"table {name}: no schema names the column(s) {', '.join(missing)}")
    return Schema(name, tuple(found[c] for c in columns), key=key or schemas[0].key,
                  description=schemas[0].description)


def _values(column: Column, vocabularies: dict[str, set[str]]) -> list[str] | None:
    if column.choices is None:
        return None
    values = vocabularies.get(column.choices) if isinstance(column.choices, str) else column.choices
    return sorted(values) if values is not None else None


def field(column: Column, vocabularies: dict[str, set[str]]) -> dict:
    """A Frictionless field for a schema column: its type, description and constraints (enum from the vocabulary)."""
    out = {"name": column.name, "type": FIELD_TYPES[column.type]}
    if column.description:
        out["description"] = column.description
    if column.type == "bool":  # how pandas writes them
        out["trueValues"], out["falseValues"] = ["True", "true", "yes"], ["False", "false", "no"]
    if column.type == "list":
        out["description"] = (out.get("description", "") + f" (a list: values separated by '{LIST_SEPARATOR}')").strip()
    constraints = {}
    if column.required:
        constraints["required"] = True
    values = _values(column, vocabularies)
    if values is not None and column.type == "list":
        # each value of the list from the vocabulary
        one = "(?:" + "|".join(re.escape(v) for v in values) + ")"
        constraints["pattern"] = f"{one}(?:{re.escape(LIST_SEPARATOR)}{one})*"
    elif values is not None:
        constraints["enum"] = [int(v) for v in values] if column.type == "int" else values
    elif column.pattern:
        constraints["pattern"] = f"(?:{column.pattern})"
    if constraints:
        out["constraints"] = constraints
    return out


def _rows(text: str, header_rows: int) -> int:
    """The records of a CSV text (a quoted cell may hold line breaks), less its header rows."""
    return max(sum(1 for _ in csv.reader(io.StringIO(text))) - header_rows, 0)


def resource(table: Table, vocabularies: dict[str, set[str]], foreign_keys: list[dict]) -> dict:
    data = table.text.encode("utf-8")
    schema = {"fields": [field(c, vocabularies) for c in table.schema.columns]}
    if table.schema.key:
        schema["primaryKey"] = list(table.schema.key)
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    out = {
        "name": table.name, "profile": "tabular-data-resource", "path": table.path, "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "rows": _rows(table.text, table.header_rows),
        "schema": schema,
    }
    if table.schema.description:
        out["description"] = table.schema.description
    if table.header_rows > 1:  # the rows below the header that are not data (HXL's hashtag row)
        out["dialect"] = {"commentRows": list(range(2, table.header_rows + 1))}
    return out


def _foreign_keys(name: str, names: set[str]) -> list[dict]:
    return [{"fields": list(fields), "reference": {"resource": target, "fields": list(target_fields)}}
            for table, fields, target, target_fields in RELATIONS if table == name and target in names]


def describe(tables: list[Table], vocabularies: dict[str, set[str]], name: str, title: str,
             created: str | None = None, description: str = "") -> str:
    """datapackage.json for the tables: every file with its size, sha256 and row count, the fields typed from
    their schemas, the vocabularies as enum constraints, primary keys and the RELATIONS among the tables."""
    names = {t.name for t in tables}
    package = {
        "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "monitor",
        "title": title,
        "profile": "tabular-data-package",
    }
    if description:
        package["description"] = description
    if created:
        package["created"] = created
    package["resources"] = [resource(t, vocabularies, _foreign_keys(t.name, names)) for t in tables]
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"
