"""The editor's toolkit: JSON Schemas for the data files, and skeletons of new records.

``schemas/<collection>.schema.json`` are slices of the published ``schema.json``
(``website.exports.json_schema``), one per kind of data file, so that editors using
yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed) complete field names and
flag errors as they type. ``.vscode/settings.json`` maps them to the files.

``skeleton`` writes a new event or agreement from the schema: required fields with what the
command line gave or the placeholder ``TODO`` as their value (with the allowed values in a
comment), optional fields commented out, each with its documentation. An event gets a
``date`` (``TODO`` unless given) or, with ``--reported``, the date of the report. The loader
refuses a record with any ``TODO`` left, in one message (``dataset.placeholders``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dataset import schema
from ..dataset.model import Dataset
from ..dataset.placeholders import MARKER
from ..website.exports import json_schema

SCHEMA_FOLDER = "schemas"
VSCODE_SETTINGS = ".vscode/settings.json"
# Data files an editor writes, by collection; dataset.yml and vocabulary.yml are rarely edited.
EDITED = ("topics", "sources", "actors", "events", "agreements")


# ---------------------------------------------------------------------------
# Schemas for editors
# ---------------------------------------------------------------------------


def schema_path(collection: str) -> str:
    return f"{SCHEMA_FOLDER}/{collection}.schema.json"


def editor_files(dataset: Dataset) -> dict[str, str]:
    """Every generated file of the toolkit, by path from the project root: the schemas."""
    published = json.loads(json_schema(dataset, ""))
    files = {}
    for name in EDITED:
        collection = schema.COLLECTION_BY_NAME[name]
        document = {
            "$schema": published["$schema"],
            "title": f"{dataset.info.title}: {collection.location}",
            **published["properties"][name],
        }
        files[schema_path(name)] = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    return files


def yaml_schemas() -> dict[str, str]:
    """yaml-language-server's ``yaml.schemas``: schema file → the data files it describes."""
    return {f"./{schema_path(name)}": schema.COLLECTION_BY_NAME[name].location for name in EDITED}


def vscode_settings(current: str | None) -> str:
    """``.vscode/settings.json`` with ``yaml.schemas`` set, keeping any other setting."""
    settings: dict[str, Any] = json.loads(current) if current else {}
    settings["yaml.schemas"] = yaml_schemas()
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def stale_files(root: Path, dataset: Dataset) -> dict[str, str]:
    """Generated files that are missing or differ from what the data gives, with their text."""
    wanted = editor_files(dataset)
    settings = root / VSCODE_SETTINGS
    current = settings.read_text(encoding="utf-8") if settings.is_file() else None
    wanted[VSCODE_SETTINGS] = vscode_settings(current)
    stale = {}
    for path, text in wanted.items():
        target = root / path
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale[path] = text
    return stale


# ---------------------------------------------------------------------------
# New records
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """What the command line knows about the new record."""

    id: str
    date: str | None = None
    source: str | None = None
    topics: tuple[str, ...] = ()
    reported: str | None = None  # events only: the date of the source that reports it


_CHOICES_SHOWN = 12


def _choices(values: list[str] | tuple[str, ...]) -> str:
    shown = ", ".join(values[:_CHOICES_SHOWN])
    return shown + (", …" if len(values) > _CHOICES_SHOWN else "")


class _Writer:
    def __init__(self, collection: schema.Collection, dataset: Dataset, given: Given):
        self.collection = collection
        self.dataset = dataset
        self.given = given
        self.lines: list[str] = []

    def ids(self, collection: str) -> list[str]:
        return list(getattr(self.dataset, collection))

    def fields(self, fields: tuple[schema.Field, ...], indent: str, first: str) -> None:
        """Write a mapping's fields; ``first`` prefixes the first line (``- `` in a list)."""
        for index, spec in enumerate(fields):
            lead = first if index == 0 else indent
            if spec.required or self.known(spec) is not None or self.wanted(spec):
                self.field(spec, lead, indent)
            else:
                self.lines.append(f"{indent}# {spec.name}:  # optional: {spec.doc}")

    def wanted(self, spec: schema.Field) -> bool:
        """Optional in the schema, but one of them must be given: an event's date,
        unless the date of its report is."""
        events = self.collection is schema.EVENTS
        return events and spec.name == "date" and self.given.reported is None

    def known(self, spec: schema.Field) -> Any:
        given = self.given
        if spec.name == "id":
            return given.id
        if spec.name == "date" and given.date:
            return json.dumps(given.date)
        if spec.name == "reported" and given.reported:
            return json.dumps(given.reported)
        if spec.name == "topics" and given.topics:
            return "[" + ", ".join(given.topics) + "]"
        if spec.name == "source" and given.source:
            return given.source
        return None

    def field(self, spec: schema.Field, lead: str, indent: str) -> None:
        known = self.known(spec)
        ftype = spec.type
        if known is not None:
            self.lines.append(f"{lead}{spec.name}: {known}  # {spec.doc}")
        elif isinstance(ftype, schema.Obj):
            self.lines.append(f"{lead}{spec.name}:  # {spec.doc}")
            self.fields(ftype.fields, indent + "  ", indent + "  ")
        elif isinstance(ftype, schema.ListOf) and isinstance(ftype.item, schema.Obj):
            self.lines.append(f"{lead}{spec.name}:  # {spec.doc}")
            self.fields(ftype.item.fields, indent + "    ", indent + "  - ")
        else:
            self.lines.append(f"{lead}{spec.name}: {self.placeholder(ftype, spec)}")

    def placeholder(self, ftype: schema.FieldType, spec: schema.Field) -> str:
        """The marker as the value (never a plausible value that could be published
        by mistake), with what should replace it in a comment."""
        if isinstance(ftype, schema.ListOf):
            return f"[{MARKER}]  # {self.hint(ftype.item, spec)}"
        return f"{MARKER}  # {self.hint(ftype, spec)}"

    def hint(self, ftype: schema.FieldType, spec: schema.Field) -> str:
        if isinstance(ftype, schema.Vocab):
            allowed = self.dataset.vocabulary.get(ftype.name, ())
            return f"{spec.doc} One of: {_choices(allowed)}"
        if isinstance(ftype, schema.Ref):
            ids = self.ids(ftype.collection)
            where = schema.COLLECTION_BY_NAME[ftype.collection].location
            return f"{spec.doc} Ids from {where}: {_choices(ids)}"
        kind = ftype.kind if isinstance(ftype, schema.Scalar) else "string"
        if kind == "date":
            return f'{spec.doc} "YYYY", "YYYY-MM" or "YYYY-MM-DD", in quotes'
        return spec.doc


def skeleton(collection: schema.Collection, dataset: Dataset, given: Given) -> str:
    """A new record of ``collection`` as YAML text: one list item, ready to append to a file."""
    writer = _Writer(collection, dataset, given)
    writer.lines.append(
        f"# New {collection.singular}: replace each placeholder with what the source says; "
        "the build refuses any left."
    )
    writer.fields(collection.fields, "  ", "- ")
    return "\n".join(writer.lines) + "\n"


def default_file(collection: schema.Collection, record_id: str) -> str:
    """Where a new record goes unless told: a file of its own in the collection's folder."""
    folder = collection.location.rsplit("/", 1)[0]
    return f"{folder}/{record_id}.yml"
