"""``downloads/datapackage.json``: the CSV downloads as a Frictionless Tabular Data Package.

Each table (``tables.py``) is a resource with its Table Schema: column types, required
columns, enumerations and patterns, its primary key, and foreign keys from records to
actors, topics and sources (through the link tables) and from citations to records and
sources.  ``frictionless validate downloads/datapackage.json`` checks every row against
them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..dataset.model import Dataset

if TYPE_CHECKING:
    from .tables import Column, Table
from .urls import absolute_url, is_published

PATH = "downloads/datapackage.json"
NAME = "cambodia-japan-briefing"


def _field(column: Column) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "description": column.description,
    }
    if column.format:
        spec["format"] = column.format
    if column.type == "boolean":
        spec["trueValues"], spec["falseValues"] = ["true"], ["false"]
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.pattern:
        constraints["pattern"] = column.pattern
    if constraints:
        spec["constraints"] = constraints
    return spec


def _resource(table: Table) -> dict[str, Any]:
    table_schema: dict[str, Any] = {
        "fields": [_field(c) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        table_schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {"resource": fk.resource, "fields": list(fk.reference)},
            }
            for fk in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": table.path.removeprefix("downloads/"),
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema,
    }


def datapackage_json(dataset: Dataset, tables: list[Table], base_url: str) -> str:
    info = dataset.info
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": info.title,
        "description": info.description,
        # The revision date names the version: the dataset has no other version number.
        "version": info.updated.iso,
    }
    if info.author:
        package["contributors"] = [{"title": info.author, "role": "author"}]
    licence: dict[str, str] = {"title": info.licence}
    if info.licence_spdx:
        licence["name"] = info.licence_spdx
    if info.licence_url:
        licence["path"] = info.licence_url
    if len(licence) > 1:  # a licence needs an identifier or an address, not a title alone
        package["licenses"] = [licence]
    if is_published(base_url):
        package["homepage"] = absolute_url(base_url, "data.md")
    package["resources"] = [_resource(t) for t in tables]
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"
