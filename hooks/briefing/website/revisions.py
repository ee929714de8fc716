"""What changed from one revision of the dataset to the next, and each revision's downloads.

**The history is a folder of snapshots, ``data/revisions/``,** one ``<date>.json`` per
revision, named by the dataset's ``updated`` date.  An editor records a revision with
``python -m briefing revision`` once its data is final; the file is the revision's
``dataset.json``.  The site is built from snapshots rather than from git, so that a build
from a tarball or a shallow clone shows the same history, and so that only revisions the
editors published count, not every commit.

The current data is always the newest revision: it takes the place of a snapshot of the
same date (an edit since the snapshot was written), or follows the last snapshot as a
revision not yet recorded.

Each revision's files stay published under a versioned name,
``downloads/revisions/<date>/`` (its ``dataset.json``, every CSV table and the data
package), while the current ones keep their stable addresses in ``downloads/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dataset import schema
from ..dataset.dates import PartialDate
from ..dataset.load import REVISIONS_FOLDER
from ..dataset.model import (
    Actor,
    Agreement,
    AgreementLink,
    Amount,
    Citation,
    Dataset,
    DatasetInfo,
    Event,
    Figure,
    KeyPoint,
    Place,
    Role,
    Section,
    Source,
    Terms,
    Topic,
)
from ..dataset.problems import DataError, Problem
from .outputs import Asset
from .urls import Urls
from .views import plural

FOLDER = f"data/{REVISIONS_FOLDER}"
# The collections whose changes readers see, in the order the page lists them.
TRACKED = ("events", "agreements", "actors", "sources", "topics")
KINDS = ("added", "changed", "removed")


@dataclass(frozen=True)
class Snapshot:
    date: PartialDate
    document: dict[str, Any]  # the revision's dataset.json
    file: str  # where it is kept, for messages and the page


@dataclass(frozen=True)
class Change:
    kind: str  # added, changed or removed
    collection: str
    id: str
    title: str
    fields: tuple[str, ...] = ()  # for a change: the fields whose values differ


@dataclass(frozen=True)
class Revision:
    date: PartialDate
    previous: PartialDate | None  # None for the first revision recorded
    changes: tuple[Change, ...]
    recorded: bool  # False for current data that no snapshot holds yet
    counts: dict[str, int]  # items per tracked collection in this revision

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


# ---------------------------------------------------------------------------
# Reading and writing snapshots
# ---------------------------------------------------------------------------


def load_snapshots(root: Path) -> tuple[Snapshot, ...]:
    """Every snapshot in ``data/revisions/``, oldest first; DataError names a bad file."""
    folder = root / FOLDER
    if not folder.is_dir():
        return ()
    snapshots, problems = [], []
    for path in sorted(folder.glob("*.json")):
        file = f"{FOLDER}/{path.name}"
        try:
            date = PartialDate.parse(path.stem)
        except ValueError as error:
            problems.append(Problem(file, 1, None, None, f"the file name must be a date: {error}"))
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            line = getattr(error, "lineno", 1)
            problems.append(Problem(file, line, None, None, f"not a JSON snapshot: {error}"))
            continue
        if not isinstance(document, dict) or document.get("updated") != date.iso:
            problems.append(
                Problem(file, 1, None, "updated", f"expected a dataset.json updated {date.iso}")
            )
            continue
        snapshots.append(Snapshot(date, document, file))
    if problems:
        raise DataError(problems)
    return tuple(sorted(snapshots, key=lambda s: s.date.sort_key))


def snapshot_text(document: dict[str, Any]) -> str:
    """A snapshot as written to ``data/revisions/``: indented, so that git shows each change."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------------------
# The history
# ---------------------------------------------------------------------------


def states(
    snapshots: tuple[Snapshot, ...], current: dict[str, Any], updated: PartialDate
) -> list[tuple[PartialDate, dict[str, Any], bool]]:
    """(date, document, recorded) for every revision, oldest first, the current data last."""
    found = [(s.date, s.document, True) for s in snapshots if s.date != updated]
    recorded = any(s.date == updated and s.document == current for s in snapshots)
    found.append((updated, current, recorded))
    return sorted(found, key=lambda state: state[0].sort_key)


def _items(document: dict[str, Any], collection: str) -> dict[str, dict[str, Any]]:
    key = schema.COLLECTION_BY_NAME[collection].key
    return {item[key]: item for item in document.get(collection, []) if key in item}


def _title(item: dict[str, Any]) -> str:
    return str(item.get("title") or item.get("name") or "")


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[Change, ...]:
    """Items added, changed (with the fields that differ) and removed, collection by
    collection, each in id order."""
    changes: list[Change] = []
    for collection in TRACKED:
        old, new = _items(before, collection), _items(after, collection)
        for item_id in sorted(new.keys() - old.keys()):
            changes.append(Change("added", collection, item_id, _title(new[item_id])))
        for item_id in sorted(new.keys() & old.keys()):
            a, b = old[item_id], new[item_id]
            fields = tuple(sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k)))
            if fields:
                changes.append(Change("changed", collection, item_id, _title(b), fields))
        for item_id in sorted(old.keys() - new.keys()):
            changes.append(Change("removed", collection, item_id, _title(old[item_id])))
    return tuple(changes)


def history(
    snapshots: tuple[Snapshot, ...], current: dict[str, Any], updated: PartialDate
) -> list[Revision]:
    """Every revision, newest first, with what changed since the one before."""
    revisions = []
    previous: tuple[PartialDate, dict[str, Any]] | None = None
    for date, document, recorded in states(snapshots, current, updated):
        changes = diff(previous[1], document) if previous else ()
        counts = {c: len(_items(document, c)) for c in TRACKED}
        revisions.append(
            Revision(date, previous[0] if previous else None, changes, recorded, counts)
        )
        previous = (date, document)
    return revisions[::-1]


# ---------------------------------------------------------------------------
# A past revision's tables, rebuilt from its snapshot
# ---------------------------------------------------------------------------

_MODELS: dict[str, type] = {
    schema.CITATION.name: Citation,
    schema.SECTION.name: Section,
    schema.AMOUNT.name: Amount,
    schema.TERMS.name: Terms,
    schema.ROLE.name: Role,
    schema.KEY_POINT.name: KeyPoint,
    schema.FIGURE.name: Figure,
    schema.AGREEMENT_LINK.name: AgreementLink,
}
_COLLECTIONS: dict[str, type] = {
    "topics": Topic,
    "sources": Source,
    "actors": Actor,
    "events": Event,
    "agreements": Agreement,
    "places": Place,
}


def _revive(ftype: schema.FieldType, value: Any) -> Any:
    if isinstance(ftype, schema.Obj):
        return _construct(ftype.fields, _MODELS[ftype.name], value)
    if isinstance(ftype, schema.ListOf):
        return tuple(_revive(ftype.item, item) for item in value)
    if isinstance(ftype, schema.Scalar) and ftype.kind == "date":
        return PartialDate.parse(value)
    return value


def _construct(fields: tuple[schema.Field, ...], model: type, data: dict, **extra: Any) -> Any:
    values = {f.name: _revive(f.type, data[f.name]) for f in fields if f.name in data}
    return model(**values, **extra)


def revive(document: dict[str, Any], vocabulary: dict[str, tuple[str, ...]]) -> Dataset:
    """A past revision as a dataset, from its snapshot, to write its tables again.  Its
    records' file and line are not in the snapshot: the tables do not show them."""
    tables: dict[str, dict[str, Any]] = {}
    for collection in schema.COLLECTIONS:
        model = _COLLECTIONS[collection.name]
        extra = {"file": "", "line": 0} if collection.name in ("events", "agreements") else {}
        tables[collection.name] = {
            item[collection.key]: _construct(collection.fields, model, item, **extra)
            for item in document.get(collection.name, [])
        }
    info = DatasetInfo(
        title=document.get("title", ""),
        updated=PartialDate.parse(document["updated"]),
        description=document.get("description", ""),
        licence=document.get("licence", ""),
        licence_url=document.get("licence_url"),
    )
    return Dataset(
        info=info,
        vocabulary=vocabulary,
        topics=tables["topics"],
        sources=tables["sources"],
        actors=tables["actors"],
        events=tables["events"],
        agreements=tables["agreements"],
        places=tables["places"],
    )


def versioned(date: PartialDate, assets: list[Asset]) -> Iterator[Asset]:
    """The downloads of one revision under its versioned name: ``downloads/revisions/<date>/``."""
    for asset in assets:
        if asset.dest_uri.startswith("downloads/"):
            rest = asset.dest_uri.removeprefix("downloads/")
            yield Asset(f"{folder(date)}{rest}", asset.content)


def folder(date: PartialDate) -> str:
    return f"downloads/revisions/{date.iso}/"


# ---------------------------------------------------------------------------
# What the Revisions page shows
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeLine:
    title: str
    kind_label: str  # "event", "actor"…
    page_uri: str | None  # None where the item has no page now (it was removed since)
    fields: str  # "summary, sources" for a change; "" otherwise


@dataclass(frozen=True)
class RevisionView:
    date: PartialDate
    anchor: str
    summary: str
    note: str
    groups: tuple[tuple[str, tuple[ChangeLine, ...]], ...]  # ("Added", lines)…
    downloads: tuple[tuple[str, str], ...]  # (file name, path)


_HEADINGS = {"added": "Added", "changed": "Changed", "removed": "Removed"}
_DOWNLOAD_NAMES = ("dataset.json", "datapackage.json", "events.csv", "agreements.csv")


def _page_uri(change: Change, current: Dataset) -> str | None:
    if change.collection in ("events", "agreements"):
        record = current.record(change.collection, change.id)
        return Urls.record(record) if record else None
    pages = {"actors": Urls.actor, "sources": Urls.source, "topics": Urls.topic}
    present = change.id in getattr(current, change.collection)
    return pages[change.collection](change.id) if present else None


def revision_views(revisions: list[Revision], current: Dataset) -> list[RevisionView]:
    views = []
    for rev in revisions:
        if rev.previous is None:
            held = ", ".join(
                plural(n, schema.COLLECTION_BY_NAME[c].singular) for c, n in rev.counts.items()
            )
            summary = f"The earliest revision in the history: {held}."
        elif not rev.changes:
            summary = f"No record changed since the revision of {rev.previous.display}."
        else:
            counts = ", ".join(
                f"{plural(len(rev.of(kind)), 'item')} {kind}" for kind in KINDS if rev.of(kind)
            )
            summary = f"Since the revision of {rev.previous.display}: {counts}."
        note = (
            ""
            if rev.recorded
            else "This is the current data; no snapshot in data/revisions/ holds it yet."
        )
        groups = tuple(
            (
                _HEADINGS[kind],
                tuple(
                    ChangeLine(
                        c.title or c.id,
                        schema.COLLECTION_BY_NAME[c.collection].singular,
                        _page_uri(c, current) if kind != "removed" else None,
                        ", ".join(c.fields),
                    )
                    for c in rev.of(kind)
                ),
            )
            for kind in KINDS
            if rev.of(kind) and rev.previous is not None
        )
        downloads = tuple((name, folder(rev.date) + name) for name in _DOWNLOAD_NAMES)
        views.append(
            RevisionView(rev.date, f"revision-{rev.date.iso}", summary, note, groups, downloads)
        )
    return views
