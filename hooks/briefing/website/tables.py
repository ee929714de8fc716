"""The CSV downloads as tables that open cleanly in a spreadsheet and carry a Table Schema.

Every table is declared here once, with its columns, primary key and foreign keys; the
CSV files, their Excel-safe copies and ``datapackage.json`` (``datapackage.py``) are all
written from these declarations, and the columns of the record tables come from the same
schema the validator uses (``dataset/schema.py``).

- One cell, one value: a list of ids or words is joined by "; ", and anything with
  fields of its own (citations, roles, an event's agreements) is a table of its own, one
  row per item, instead of being packed into a cell.
- Every record, actor, source and topic has its page's address (``page_url``).
- A date is text at the precision the source gives (``2024-07``), with that precision
  (``year``, ``month`` or ``day``) in the column beside it.
- The plain CSV is UTF-8 without a byte-order mark, for programs; the copy under
  ``downloads/excel/`` adds the mark (so Excel reads ’ and – correctly), Windows line
  ends, and writes each date as a text formula (``="2024-07"``), which Excel shows as
  written instead of turning a month into a full date.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..dataset import money, schema
from ..dataset.model import Agreement, Dataset, Event, Record
from . import datapackage
from .exports import Plain
from .outputs import Asset
from .urls import Urls, absolute_url

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
PRECISIONS = ("year", "month", "day")
LIST_JOINER = "; "
EXCEL_FOLDER = "downloads/excel/"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, number, integer or boolean
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    format: str | None = None
    is_date: bool = False  # a partial date as text: the Excel copy keeps it text


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # a table's name; "" for the table itself
    reference: tuple[str, ...]


@dataclass
class Table:
    name: str  # the resource's name in the data package
    path: str  # where the CSV is published, from the site's root
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    rows: list[dict[str, str]] = field(default_factory=list)

    def csv(self) -> str:
        return _write(self.rows, [c.name for c in self.columns], "\n")

    def excel_csv(self) -> str:
        """The Excel-safe copy: byte-order mark, CRLF, dates kept as text."""
        dates = {c.name for c in self.columns if c.is_date}
        rows = [
            {k: (f'="{v}"' if k in dates and v else v) for k, v in row.items()} for row in self.rows
        ]
        return "\ufeff" + _write(rows, [c.name for c in self.columns], "\r\n")

    @property
    def excel_path(self) -> str:
        return excel_path(self.path)


def excel_path(path: str) -> str:
    """``downloads/events.csv`` → ``downloads/excel/events.csv``."""
    return EXCEL_FOLDER + path.removeprefix("downloads/")


def excel_downloads(downloads: Iterable[str]) -> list[tuple[str, str]]:
    """(file name, address of its Excel-safe copy) for each CSV among the downloads."""
    return [(p.rsplit("/", 1)[-1], excel_path(p)) for p in downloads if p.endswith(".csv")]


def _write(rows: list[dict[str, str]], columns: list[str], ending: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator=ending)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------


def cell(value: Any) -> str:
    if isinstance(value, list):
        text = LIST_JOINER.join(str(v) for v in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = "" if value is None else str(value)
    # A spreadsheet would run a cell that starts like a formula, a list's first item too.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def precision(iso: str | None) -> str:
    """``2024`` → year, ``2024-07`` → month, ``2024-07-05`` → day; "" for no date."""
    if not iso:
        return ""
    return PRECISIONS[iso.count("-")]


# ---------------------------------------------------------------------------
# Columns from the schema
# ---------------------------------------------------------------------------


def _date_columns(name: str, doc: str, required: bool) -> list[Column]:
    return [
        Column(
            name,
            "string",
            doc + " Text: YYYY, YYYY-MM or YYYY-MM-DD.",
            required,
            pattern=DATE_PATTERN,
            is_date=True,
        ),
        Column(
            f"{name}_precision", "string", f"How precise `{name}` is.", required, enum=PRECISIONS
        ),
    ]


def field_columns(
    f: schema.Field, vocabulary: dict[str, tuple[str, ...]], prefix: str = "", within: bool = True
) -> list[Column]:
    """The columns of one field; none for a list of mappings, which is a table of its own."""
    name, ftype, required = prefix + f.name, f.type, f.required and within
    if isinstance(ftype, schema.Obj):
        return [
            c for sub in ftype.fields for c in field_columns(sub, vocabulary, name + ".", required)
        ]
    if isinstance(ftype, schema.ListOf):
        if isinstance(ftype.item, schema.Obj):
            return []
        joined = f'{f.doc} Several are joined by "{LIST_JOINER}".'
        return [Column(name, "string", joined, required)]
    if isinstance(ftype, schema.Vocab):
        return [Column(name, "string", f.doc, required, enum=vocabulary.get(ftype.name, ()))]
    if isinstance(ftype, schema.Ref):
        return [Column(name, "string", f.doc, required, pattern=ID_PATTERN)]
    if isinstance(ftype, schema.Scalar):
        if ftype.kind == "date":
            return _date_columns(name, f.doc, required)
        kinds = {"number": "number", "integer": "integer", "boolean": "boolean"}
        if ftype.kind == "id":
            return [Column(name, "string", f.doc, required, pattern=ID_PATTERN)]
        if ftype.kind == "url":
            return [Column(name, "string", f.doc, required, format="uri")]
        return [Column(name, kinds.get(ftype.kind, "string"), f.doc, required)]
    raise TypeError(f"no column for {ftype!r}")


def _url_column(what: str) -> Column:
    return Column("page_url", "string", f"The address of the {what}'s page on this site.", True)


def collection_columns(collection: schema.Collection, vocabulary: dict) -> tuple[Column, ...]:
    """The key, the page's address, then every field that fits in one cell, in schema order."""
    columns: list[Column] = []
    for f in collection.fields:
        columns += field_columns(f, vocabulary)
        if f.name == collection.key:
            columns.append(_url_column(collection.singular))
    return tuple(columns)


def _value(plain: dict[str, Any], column: str) -> Any:
    if column.endswith("_precision"):
        return precision(_value(plain, column.removesuffix("_precision")))
    value: Any = plain
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _row(plain: dict[str, Any], columns: Iterable[Column], **given: str) -> dict[str, str]:
    return {
        c.name: given[c.name] if c.name in given else cell(_value(plain, c.name)) for c in columns
    }


# ---------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------

_RECORD_KEY = (
    Column("record_type", "string", "event or agreement.", True, enum=("event", "agreement")),
    Column("record", "string", "The record's id.", True, pattern=ID_PATTERN),
)
_TO_RECORDS = ForeignKey(("record_type", "record"), "records", ("type", "id"))
_CITATION_COLUMNS = (
    Column("number", "integer", "Position of the citation in the record's list.", True),
    Column("source", "string", "The id of the source quoted.", True, pattern=ID_PATTERN),
    Column("quote", "string", "The words quoted, verbatim from the source.", True),
    Column(
        "account",
        "string",
        "Whose account in the source the quote is from, where the source relays several.",
        False,
    ),
)
_TO_SOURCES = ForeignKey(("source",), "sources", ("id",))


def _records_union(vocabulary: dict) -> tuple[Column, ...]:
    """Events and agreements in one table: ``type``, then the union of their columns (a
    column both have takes the values of either: an event's kinds and an agreement's)."""
    columns: dict[str, Column] = {
        "type": Column("type", "string", "event or agreement.", True, enum=("event", "agreement"))
    }
    for collection in (schema.EVENTS, schema.AGREEMENTS):
        for column in collection_columns(collection, vocabulary):
            required = column.name in ("id", "title", "page_url")
            known = columns.get(column.name)
            enum = (*known.enum, *column.enum) if known and known.enum else column.enum
            columns[column.name] = dataclasses.replace(column, required=required, enum=enum)
    return tuple(columns.values())


@dataclass
class _Builder:
    dataset: Dataset
    plain: Plain
    base_url: str

    def address(self, src_uri: str) -> str:
        return absolute_url(self.base_url, src_uri)

    def collection(
        self, collection: schema.Collection, page: Callable[[str], str], title: str
    ) -> Table:
        columns = collection_columns(collection, self.dataset.vocabulary)
        items = self.plain.tables[collection.name]
        rows = [
            _row(item, columns, page_url=self.address(page(item_id)))
            for item_id, item in items.items()
        ]
        foreign = tuple(
            ForeignKey(
                (f.name,),
                "" if f.type.collection == collection.name else f.type.collection,
                ("id",),
            )
            for f in collection.fields
            if isinstance(f.type, schema.Ref) and f.type.collection in ("events", "agreements")
        )
        return Table(
            collection.name,
            f"downloads/{collection.name}.csv",
            title,
            collection.doc,
            columns,
            (collection.key,),
            foreign,
            rows,
        )

    def records_view(self, name: str, path: str, title: str, records: list[Record]) -> Table:
        columns = _records_union(self.dataset.vocabulary)
        rows = [
            _row(
                self.plain.tables[r.collection][r.id],
                columns,
                type=_singular(r),
                page_url=self.address(Urls.record(r)),
            )
            for r in records
        ]
        return Table(
            name,
            path,
            title,
            f"{title}: events and agreements, one row each.",
            columns,
            ("type", "id"),
            (ForeignKey(("type", "id"), "records", ("type", "id")),),
            rows,
        )

    def records_index(self) -> Table:
        columns = (
            Column("type", "string", "event or agreement.", True, enum=("event", "agreement")),
            Column("id", "string", "The record's id.", True, pattern=ID_PATTERN),
            Column("title", "string", "Our own short title.", True),
            *_date_columns("date", "When it happened, was signed or announced.", False),
            _url_column("record"),
        )
        rows = [
            _row(
                self.plain.tables[r.collection][r.id],
                columns,
                type=_singular(r),
                page_url=self.address(Urls.record(r)),
            )
            for r in self.dataset.records
        ]
        return Table(
            "records",
            "downloads/records.csv",
            "Records",
            "Every event and agreement, one row each: the key other tables refer to.",
            columns,
            ("type", "id"),
            (),
            rows,
        )

    def citations(self) -> Table:
        rows = [
            {
                "record_type": _singular(r),
                "record": r.id,
                "number": str(n),
                "source": c.source,
                "quote": cell(c.quote),
                "account": cell(c.account),
            }
            for r in self.dataset.records
            for n, c in enumerate(r.sources, 1)
        ]
        return Table(
            "citations",
            "downloads/citations.csv",
            "Citations",
            "Every quotation a record cites, one row each.",
            (*_RECORD_KEY, *_CITATION_COLUMNS),
            ("record_type", "record", "number"),
            (_TO_RECORDS, _TO_SOURCES),
            rows,
        )

    def record_topics(self) -> Table:
        rows = [
            {"record_type": _singular(r), "record": r.id, "topic": slug}
            for r in self.dataset.records
            for slug in r.topics
        ]
        topic = Column("topic", "string", "The topic's slug.", True, pattern=ID_PATTERN)
        return Table(
            "record-topics",
            "downloads/record-topics.csv",
            "Records by topic",
            "Each topic a record belongs to, one row each.",
            (*_RECORD_KEY, topic),
            ("record_type", "record", "topic"),
            (_TO_RECORDS, ForeignKey(("topic",), "topics", ("slug",))),
            rows,
        )

    def record_actors(self) -> Table:
        rows = []
        for r in self.dataset.records:
            named: list[tuple[str, tuple[str, ...]]] = []
            if isinstance(r, Event):
                named = [("participant", r.actors), ("mentioned", r.mentions)]
            elif isinstance(r, Agreement):
                named = [("party", r.parties), ("signatory", r.signatories)]
            for relation, ids in named:
                rows += [
                    {"record_type": _singular(r), "record": r.id, "actor": a, "relation": relation}
                    for a in ids
                ]
        columns = (
            *_RECORD_KEY,
            Column("actor", "string", "The actor's id.", True, pattern=ID_PATTERN),
            Column(
                "relation",
                "string",
                "participant or mentioned (events); party or signatory (agreements).",
                True,
                enum=("participant", "mentioned", "party", "signatory"),
            ),
        )
        return Table(
            "record-actors",
            "downloads/record-actors.csv",
            "Records by actor",
            "Each actor a record names, with how, one row each.",
            columns,
            ("record_type", "record", "actor", "relation"),
            (_TO_RECORDS, ForeignKey(("actor",), "actors", ("id",))),
            rows,
        )

    def event_agreements(self) -> Table:
        rows = [
            {"event": e.id, "agreement": link.agreement, "relation": cell(link.relation)}
            for e in self.dataset.events.values()
            for link in e.agreements
        ]
        relations = self.dataset.vocabulary.get("agreement_relations", ())
        columns = (
            Column("event", "string", "The event's id.", True, pattern=ID_PATTERN),
            Column("agreement", "string", "The agreement's id.", True, pattern=ID_PATTERN),
            Column(
                "relation",
                "string",
                "What happened to the agreement at the event.",
                True,
                enum=relations,
            ),
        )
        return Table(
            "event-agreements",
            "downloads/event-agreements.csv",
            "Events and agreements",
            "Each agreement an event concerns, one row each.",
            columns,
            ("event", "agreement"),
            (
                ForeignKey(("event",), "events", ("id",)),
                ForeignKey(("agreement",), "agreements", ("id",)),
            ),
            rows,
        )

    def actor_roles(self) -> Table:
        vocabulary = self.dataset.vocabulary
        fields = [c for f in schema.ROLE.fields for c in field_columns(f, vocabulary)]
        columns = (
            Column("actor", "string", "The actor's id.", True, pattern=ID_PATTERN),
            Column("number", "integer", "Position of the role in the actor's list.", True),
            *fields,
        )
        rows = [
            _row(role, columns, actor=actor_id, number=str(n))
            for actor_id, actor in self.plain.tables["actors"].items()
            for n, role in enumerate(actor.get("roles", []), 1)
        ]
        return Table(
            "actor-roles",
            "downloads/actor-roles.csv",
            "Roles",
            "Each title an actor held, as of a date, one row each; the roles' "
            "citations are in actor-citations.csv.",
            columns,
            ("actor", "number"),
            (ForeignKey(("actor",), "actors", ("id",)),),
            rows,
        )

    def actor_citations(self) -> Table:
        rows: list[dict[str, str]] = []
        for actor in self.dataset.actors.values():
            cited: list[tuple[str, Any]] = [("", c) for c in actor.sources]
            cited += [(str(n), c) for n, role in enumerate(actor.roles, 1) for c in role.sources]
            rows += [
                {
                    "actor": actor.id,
                    "role": role,
                    "number": str(n),
                    "source": c.source,
                    "quote": cell(c.quote),
                    "account": cell(c.account),
                }
                for n, (role, c) in enumerate(cited, 1)
            ]
        columns = (
            Column("actor", "string", "The actor's id.", True, pattern=ID_PATTERN),
            Column(
                "role",
                "integer",
                "For a role's citation, the role's number in "
                "actor-roles.csv; empty for the actor's own.",
                False,
            ),
            *_CITATION_COLUMNS,
        )
        return Table(
            "actor-citations",
            "downloads/actor-citations.csv",
            "Actors' citations",
            "Every quotation an actor or one of their roles cites, one row each.",
            columns,
            ("actor", "number"),
            (ForeignKey(("actor",), "actors", ("id",)), _TO_SOURCES),
            rows,
        )


def _singular(record: Record) -> str:
    return schema.COLLECTION_BY_NAME[record.collection].singular


def build_tables(dataset: Dataset, plain: Plain, base_url: str) -> list[Table]:
    """Every CSV download, the tables first and the views (grants, topics) after."""
    b = _Builder(dataset, plain, base_url)
    tables = [
        b.collection(schema.EVENTS, lambda i: Urls.record(dataset.events[i]), "Events"),
        b.collection(schema.AGREEMENTS, lambda i: Urls.record(dataset.agreements[i]), "Agreements"),
        b.collection(schema.ACTORS, Urls.actor, "Actors"),
        b.collection(schema.SOURCES, Urls.source, "Sources"),
        b.collection(schema.TOPICS, Urls.topic, "Topics"),
        b.records_index(),
        b.citations(),
        b.record_topics(),
        b.record_actors(),
        b.event_agreements(),
        b.actor_roles(),
        b.actor_citations(),
    ]
    aid = [r for r in dataset.records if money.is_aid(r)]
    tables.append(
        b.records_view(
            "grants-and-loans", "downloads/grants-and-loans.csv", "Grants and loans", aid
        )
    )
    for topic in dataset.topics.values():
        records = dataset.by_topic.get(topic.slug, [])
        tables.append(
            b.records_view(f"topic-{topic.slug}", Urls.topic_csv(topic.slug), topic.title, records)
        )
    return tables


def table_assets(dataset: Dataset, plain: Plain, base_url: str) -> list[Asset]:
    """Each table as plain CSV and as its Excel-safe copy, and the data package."""
    tables = build_tables(dataset, plain, base_url)
    assets = []
    for table in tables:
        assets.append(Asset(table.path, table.csv()))
        assets.append(Asset(table.excel_path, table.excel_csv()))
    assets.append(Asset(datapackage.PATH, datapackage.datapackage_json(dataset, tables, base_url)))
    return assets
