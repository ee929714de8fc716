"""Downloads and feeds: the dataset as JSON, CSV and JSON Schema, and Atom feeds."""

from __future__ import annotations

import dataclasses
import json
import uuid
from typing import Any

from ..dataset import schema
from ..dataset.dates import PartialDate
from ..dataset.model import Dataset, Record
from ..docs_pages import Docs, Essay
from . import corrections
from .jinja import make_xml_environment
from .outputs import Asset, Site
from .urls import Urls, absolute_url, is_published

FEED_SIZE = 100

# (file, what it holds) — listed on the Data page.
DOWNLOADS = (
    ("downloads/dataset.json", "Every collection in one JSON document."),
    (
        "downloads/datapackage.json",
        "The CSV tables as a Frictionless Data Package: each "
        "table's columns, types, keys and links to the other tables.",
    ),
    ("downloads/events.csv", "Events, one row each."),
    ("downloads/agreements.csv", "Agreements, one row each."),
    ("downloads/actors.csv", "Actors, one row each."),
    ("downloads/sources.csv", "Sources, one row each."),
    ("downloads/topics.csv", "Topics, one row each."),
    ("downloads/records.csv", "Every event and agreement, with its date and address."),
    (
        "downloads/citations.csv",
        "Every quotation a record cites: record, source, quote, account, one row each.",
    ),
    ("downloads/record-topics.csv", "Each topic of each record."),
    ("downloads/record-actors.csv", "Each actor a record names, and how."),
    ("downloads/event-agreements.csv", "Each agreement an event concerns, and what happened."),
    ("downloads/actor-roles.csv", "Each title an actor held, as of a date."),
    ("downloads/actor-citations.csv", "Every quotation an actor or a role cites."),
    ("downloads/grants-and-loans.csv", "Grants and loans, with amounts and terms."),
    ("downloads/schema.json", "The schema of dataset.json, as JSON Schema."),
    ("downloads/LICENSE.txt", "The licence of the text and data, and how to credit them."),
)

# ---------------------------------------------------------------------------
# Plain values
# ---------------------------------------------------------------------------


def record_dict(item: Any, fields: tuple[schema.Field, ...]) -> dict[str, Any]:
    """An item as the schema names its fields, in schema order; empty values left out."""
    result = {}
    for f in fields:
        value = getattr(item, f.name, None)
        if value is not None and value != () and value != "":
            result[f.name] = _plain(value, f.type)
    return result


def _plain(value: Any, ftype: schema.FieldType) -> Any:
    if isinstance(ftype, schema.Obj):
        return record_dict(value, ftype.fields)
    if isinstance(ftype, schema.ListOf):
        return [_plain(item, ftype.item) for item in value]
    if isinstance(value, PartialDate):
        return value.iso
    return value


class Plain:
    """Every item of the dataset as a plain dict, computed once per build."""

    def __init__(self, dataset: Dataset):
        self.tables: dict[str, dict[str, dict[str, Any]]] = {
            collection.name: {
                item_id: record_dict(item, collection.fields)
                for item_id, item in getattr(dataset, collection.name).items()
            }
            for collection in schema.COLLECTIONS
        }

    def rows(self, collection: str) -> list[dict[str, Any]]:
        return list(self.tables[collection].values())


def dataset_json(dataset: Dataset, plain: Plain) -> str:
    document: dict[str, Any] = {
        "title": dataset.info.title,
        "updated": dataset.info.updated.iso,
        "description": dataset.info.description,
        "coverage": dataset.revision_line,
        "licence": dataset.info.licence,
    }
    if dataset.info.licence_url:
        document["licence_url"] = dataset.info.licence_url
    for collection in schema.COLLECTIONS:
        document[collection.name] = plain.rows(collection.name)
    # Compact separators keep json on its C encoder; indenting would not.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


# ---------------------------------------------------------------------------
# JSON Schema, generated from the same declarations the validator uses
# ---------------------------------------------------------------------------

_ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Months 01-12, and days that exist in some year; 29 February in a year that is
# not a leap year is left to the validator, as JSON Schema has no arithmetic.
_DATE_PATTERN = (
    "^[0-9]{4}(-(0[1-9]|1[0-2]))?$"
    "|^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"
    "|^[0-9]{4}-(0[13-9]|1[0-2])-(29|30)$"
    "|^[0-9]{4}-(0[13578]|1[02])-31$"
    "|^[0-9]{4}-02-29$"
)
# Not blank, and none of the control characters the validator refuses.
_TEXT_PATTERN = (
    "^(?=[\\s\\S]*\\S)"
    "[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$"
)
ONLY_THE_VALIDATOR = (
    "Checked by the validator only: that ids are unique and references resolve, that "
    "dates exist (29 February only in leap years), that an end comes after its start, "
    "that every quote is found verbatim in its source, and lengths after white space "
    "is collapsed."
)


def _type_schema(ftype: schema.FieldType, vocabulary: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    if isinstance(ftype, schema.Scalar):
        if ftype.kind in ("string", "text"):
            return {
                "type": "string",
                "minLength": 1,
                "maxLength": ftype.max_length,
                "pattern": _TEXT_PATTERN,
            }
        scalars: dict[str, dict[str, Any]] = {
            "id": {"type": "string", "pattern": _ID_PATTERN, "maxLength": ftype.max_length},
            "date": {"type": "string", "pattern": _DATE_PATTERN},
            "url": {
                "type": "string",
                "format": "uri",
                "pattern": "^https?://[^\\s]+$",
                "maxLength": ftype.max_length,
            },
            "number": {"type": "number", "minimum": 0, "maximum": schema.MAX_NUMBER},
            "integer": {"type": "integer", "minimum": 0, "maximum": schema.MAX_NUMBER},
            "boolean": {"type": "boolean"},
        }
        return scalars[ftype.kind]
    if isinstance(ftype, schema.Vocab):
        return {"type": "string", "enum": list(vocabulary.get(ftype.name, ()))}
    if isinstance(ftype, schema.Ref):
        return {
            "type": "string",
            "pattern": _ID_PATTERN,
            "description": ftype.label[0].upper() + ftype.label[1:] + ".",
        }
    if isinstance(ftype, schema.ListOf):
        result: dict[str, Any] = {"type": "array", "items": _type_schema(ftype.item, vocabulary)}
        if not isinstance(ftype.item, schema.Obj):
            result["uniqueItems"] = True  # the validator refuses a value listed twice
        if ftype.min_items:
            result["minItems"] = ftype.min_items
        return result
    return _object_schema(ftype.fields, vocabulary)


def _object_schema(fields: tuple[schema.Field, ...], vocabulary: dict) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {
            f.name: {**_type_schema(f.type, vocabulary), "description": f.doc} for f in fields
        },
    }


def json_schema(dataset: Dataset, base_url: str) -> str:
    properties: dict[str, Any] = {
        "title": {"type": "string"},
        "updated": {"type": "string", "pattern": _DATE_PATTERN},
        "description": {"type": "string"},
        "coverage": {"type": "string", "description": "Period of the records and revision date."},
        "licence": {"type": "string", "description": "Licence of the text and data."},
    }
    for collection in schema.COLLECTIONS:
        properties[collection.name] = {
            "type": "array",
            "description": collection.doc,
            "items": _object_schema(collection.fields, dataset.vocabulary),
        }
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base_url}downloads/schema.json",
        "title": dataset.info.title,
        "$comment": ONLY_THE_VALIDATOR,
        "type": "object",
        "required": list(properties),
        "properties": properties,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------------------
# Atom feeds
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str
    updated: str
    summary: str
    category: str
    sort_key: tuple


def feed_entry_text(record: Record, revised: PartialDate) -> str:
    """An entry's text opens with the record's own date at its own precision ("July
    2024", "Reported 26 March 2024 (date of the event not given)"), as of the dataset's
    revision ``revised`` (``Dataset.when_label``): Atom's timestamp cannot say "month
    only", so the date a reader trusts is written out here."""
    return f"{record.when_label_as_of(revised)}. {record.text.strip()}"


def _feed_entries(
    records: list[Record], essays: list[Essay], base_url: str, revised: PartialDate
) -> list[FeedEntry]:
    # A record's <updated> is the dataset revision that last published it: Atom needs an
    # instant, and a record dated "2024-07" (or not at all) has none of its own.
    entries = [
        FeedEntry(
            absolute_url(base_url, Urls.record(r)),
            r.title,
            absolute_url(base_url, Urls.record(r)),
            revised.timestamp,
            feed_entry_text(r, revised),
            r.collection,
            r.sort_key,
        )
        for r in records
    ]
    for essay in essays:
        url = absolute_url(base_url, essay.src_uri)
        entries.append(
            FeedEntry(
                url,
                essay.title,
                url,
                essay.date.timestamp,
                essay.summary,
                "essays",
                (essay.date.sort_key, essay.src_uri),
            )
        )
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries[:FEED_SIZE]


def _atom_id(url: str) -> str:
    """An entry's or feed's permanent id: its address, or, where the site has none yet,
    a name-based UUID of its path (an Atom id must be absolute; a path is not)."""
    if is_published(url):
        return url
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "cambodia-japan-briefing:" + url))


def atom_feed(
    title: str,
    feed_uri: str,
    page_url: str,
    entries: list[FeedEntry],
    updated: PartialDate,
    subtitle: str = "",
    rights: str = "",
) -> str:
    template = make_xml_environment().get_template("feed.xml.j2")
    return template.render(
        title=title,
        feed_id=_atom_id(feed_uri),
        feed_url=feed_uri,
        page_url=page_url,
        entries=[dataclasses.replace(e, id=_atom_id(e.id)) for e in entries],
        updated=updated.timestamp,
        subtitle=subtitle,
        rights=rights,
    )


def licence_text(dataset: Dataset, site: Site) -> str:
    lines = [
        f"{dataset.info.title}",
        f"{dataset.revision_line}.",
        "",
        f"The text and data of {site.name} are published under {dataset.info.licence}"
        + (f" ({dataset.info.licence_url})." if dataset.info.licence_url else "."),
        "Credit: Cambodia–Japan Briefing editorial team.",
        "Quotations are short extracts of the sources, cited for reference; they remain",
        "under their authors' terms.",
        "",
        f"Corrections: {dataset.info.corrections}",
        corrections.sentence(site.corrections).striptags(),
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# All of it
# ---------------------------------------------------------------------------


def build_assets(
    dataset: Dataset, docs: Docs, site: Site, plain: Plain | None = None
) -> list[Asset]:
    """JSON, JSON Schema, licence and feeds; the CSV tables are ``tables.table_assets``."""
    base = site.url
    plain = plain or Plain(dataset)
    assets = [
        Asset("downloads/dataset.json", dataset_json(dataset, plain)),
        Asset("downloads/schema.json", json_schema(dataset, base)),
    ]
    updated = dataset.info.updated
    assets.append(Asset("downloads/LICENSE.txt", licence_text(dataset, site)))
    about = {"subtitle": dataset.revision_line, "rights": dataset.info.licence}
    everything = _feed_entries(dataset.records, docs.essays, base, updated)
    assets.append(
        Asset(
            "feed.xml",
            atom_feed(
                site.name,
                absolute_url(base, "feed.xml"),
                absolute_url(base, "index.md"),
                everything,
                updated,
                **about,
            ),
        )
    )
    for topic in dataset.topics.values():
        records = dataset.by_topic.get(topic.slug, [])
        essays = [e for e in docs.essays if topic.slug in e.topics]
        feed_uri = Urls.topic_feed(topic.slug)
        assets.append(
            Asset(
                feed_uri,
                atom_feed(
                    f"{site.name}: {topic.title}",
                    absolute_url(base, feed_uri),
                    absolute_url(base, Urls.topic(topic.slug)),
                    _feed_entries(records, essays, base, updated),
                    updated,
                    **about,
                ),
            )
        )
    return assets
