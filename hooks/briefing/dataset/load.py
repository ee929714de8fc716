"""Load ``data/``: which files hold what, read them, validate, build the model.

``load_dataset`` is the one entry point.  It reports every problem in every
file at once (``problems.DataError``), or returns a ``model.Dataset``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..gcpause import paused_gc
from . import schema
from .model import (
    Actor,
    Agreement,
    Amount,
    Citation,
    Dataset,
    DatasetInfo,
    Event,
    Role,
    Source,
    Terms,
    Topic,
)
from .problems import DataError, Problem
from .schema import Collection
from .validate import ID_PATTERN, INVALID, Checker, Where, describe
from .yaml_lines import LineDict, display_path, load_yaml

# Where each collection lives: one file holding a list, or a folder of files.
_SINGLE_FILES = {"topics": "topics.yml", "sources": "sources.yml", "actors": "actors.yml"}
_FOLDERS = {"events": "events", "agreements": "agreements"}
_MAPPING_FILES = {"dataset.yml": schema.DATASET, "vocabulary.yml": schema.VOCABULARY}


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


@dataclass
class _RawRecord:
    collection: Collection
    data: dict[str, Any]
    file: str
    line: int


def _collection_files(data_dir: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {}
    for name, filename in _SINGLE_FILES.items():
        files[name] = [data_dir / filename]
    for name, folder in _FOLDERS.items():
        files[name] = sorted((data_dir / folder).glob("*.y*ml"))
    return files


def _stray_files(data_dir: Path, root: Path) -> list[Problem]:
    """A misnamed file would otherwise be silently ignored."""
    expected = set(_SINGLE_FILES.values()) | set(_MAPPING_FILES)
    problems = []
    for path in sorted(data_dir.glob("*.y*ml")):
        if path.name not in expected:
            problems.append(
                Problem(
                    display_path(path, root),
                    1,
                    None,
                    None,
                    f"unknown data file; expected one of {', '.join(sorted(expected))} "
                    "or a file in data/events/ or data/agreements/",
                )
            )
    return problems


def _record_name(raw: Any, key: str, index: int) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) and ID_PATTERN.match(value) else f"#{index + 1}"


def load_dataset(root: Path, sources_dir: Path | None = None) -> Dataset:
    """Load and validate ``root/data``; raise DataError listing every problem.

    With ``sources_dir``, every quote is also checked against the source texts.
    """
    with paused_gc():
        return _load_dataset(root, sources_dir)


def _load_dataset(root: Path, sources_dir: Path | None) -> Dataset:
    data_dir = root / "data"
    checker = Checker()
    problems = checker.problems
    if not data_dir.is_dir():
        raise DataError([Problem(display_path(data_dir, root), 1, None, None, "folder missing")])
    problems.extend(_stray_files(data_dir, root))

    mappings: dict[str, Any] = {}
    for filename, shape in _MAPPING_FILES.items():
        path = data_dir / filename
        name = display_path(path, root)
        if not path.exists():
            problems.append(Problem(name, 1, None, None, "file is missing"))
            continue
        content, file_problems = load_yaml(path, root)
        problems.extend(file_problems)
        if not file_problems:
            checked = checker.mapping(shape, content, Where(name, 1, None, None))
            mappings[filename] = None if checked is INVALID else checked
    vocabulary = mappings.get("vocabulary.yml") or {}
    checker.vocabulary = {k: tuple(v) for k, v in vocabulary.items()}

    raw_records: list[_RawRecord] = []
    unreadable: set[str] = set()
    for coll_name, paths in _collection_files(data_dir).items():
        collection = schema.COLLECTION_BY_NAME[coll_name]
        for path in paths:
            before = len(problems)
            raw_records.extend(_read_collection_file(checker, collection, path, root))
            if any(p.record is None for p in problems[before:]):
                unreadable.add(coll_name)

    _check_ids(checker, raw_records)
    known = _known_ids(raw_records)
    # A file that could not be read hides its ids: report the file, not every reference.
    checker.check_refs(known, skip=frozenset(unreadable))
    for raw in raw_records:
        _check_consistency(checker, raw)
    if sources_dir is not None:
        _check_quotes(checker, raw_records, sources_dir)

    if problems:
        raise DataError(problems)
    info = mappings["dataset.yml"]
    return _build(info, checker.vocabulary, raw_records)


def _read_collection_file(
    checker: Checker, collection: Collection, path: Path, root: Path
) -> list[_RawRecord]:
    name = display_path(path, root)
    if not path.exists():
        checker.problems.append(Problem(name, 1, None, None, "file is missing"))
        return []
    content, file_problems = load_yaml(path, root)
    checker.problems.extend(file_problems)
    if file_problems or content is None:
        return []
    if not isinstance(content, list):
        checker.problems.append(
            Problem(
                name,
                getattr(content, "line", 1),
                None,
                None,
                f"expected a list of {collection.name} (lines starting with '- '), "
                f"got {describe(content)}",
            )
        )
        return []
    records = []
    for index, item in enumerate(content):
        record = _record_name(item, collection.key, index)
        line = item.line if isinstance(item, LineDict) else 1
        where = Where(name, line, record, None)
        if not isinstance(item, LineDict):
            expected = f"expected a {collection.singular} mapping"
            checker.report(where, f"{expected}, got {describe(item)}")
            continue
        checked = checker.fields(collection.fields, item, where)
        if checked is not INVALID:
            records.append(_RawRecord(collection, checked, name, line))
        elif isinstance(item.get(collection.key), str):
            # Keep the id known so references to it do not pile up more errors.
            records.append(_RawRecord(collection, {collection.key: item[collection.key]}, name, -1))
    return records


def _check_ids(checker: Checker, raw_records: list[_RawRecord]) -> None:
    # Events and agreements share one namespace, so an id names one record
    # on every listing and anchor.
    seen: dict[tuple[str, str], _RawRecord] = {}
    for raw in raw_records:
        key_field = raw.collection.key
        record_id = raw.data[key_field]
        space = "records" if raw.collection.name in _FOLDERS else raw.collection.name
        where = Where(raw.file, abs(raw.line), record_id, key_field)
        if record_id in schema.RESERVED_IDS:
            checker.report(where, f"{record_id!r} is reserved")
        first = seen.get((space, record_id))
        if first is not None:
            checker.report(
                where, f"duplicate id {record_id!r}; first used at {first.file}:{abs(first.line)}"
            )
        else:
            seen[(space, record_id)] = raw


def _known_ids(raw_records: list[_RawRecord]) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {c.name: set() for c in schema.COLLECTIONS}
    for raw in raw_records:
        known[raw.collection.name].add(raw.data[raw.collection.key])
    return known


def _check_consistency(checker: Checker, raw: _RawRecord) -> None:
    if raw.line < 0:
        return  # already reported as invalid
    data = raw.data
    record_id = data[raw.collection.key]
    where = Where(raw.file, raw.line, record_id, None)
    start, end = data.get("date"), data.get("end_date")
    if start and end and end.sort_key < start.sort_key:
        where.field = "end_date"
        checker.report(where, f"ends ({end}) before it starts ({start})")
    if data.get("part_of") == record_id:
        where.field = "part_of"
        checker.report(where, "an event cannot be part of itself")
    for index, role in enumerate(data.get("roles", ())):
        if role.get("start") and role.get("end") and role["end"].sort_key < role["start"].sort_key:
            where.field = f"roles[{index}].end"
            checker.report(where, f"ends ({role['end']}) before it starts ({role['start']})")


# ---------------------------------------------------------------------------
# Model building (only reached when every check passed)
# ---------------------------------------------------------------------------


# Each shape of the schema and the model class built from it.  Model fields are
# named as schema fields, so a new field is one schema line and one dataclass field.
_MODELS: dict[str, type] = {
    schema.TOPICS.name: Topic,
    schema.SOURCES.name: Source,
    schema.ACTORS.name: Actor,
    schema.EVENTS.name: Event,
    schema.AGREEMENTS.name: Agreement,
    schema.DATASET.name: DatasetInfo,
    schema.CITATION.name: Citation,
    schema.AMOUNT.name: Amount,
    schema.TERMS.name: Terms,
    schema.ROLE.name: Role,
}


def construct(fields: tuple[schema.Field, ...], model: type, data: dict[str, Any], **extra: Any):  # type: ignore[no-untyped-def]
    """A model object from checked data, by field name; absent fields keep their defaults."""
    values = {f.name: _value(f.type, data[f.name]) for f in fields if f.name in data}
    return model(**values, **extra)


def _value(ftype: schema.FieldType, value: Any) -> Any:
    if isinstance(ftype, schema.Obj):
        return construct(ftype.fields, _MODELS[ftype.name], value)
    if isinstance(ftype, schema.ListOf):
        return tuple(_value(ftype.item, item) for item in value)
    return value


def _build(
    info: dict[str, Any], vocabulary: dict[str, tuple[str, ...]], raws: list[_RawRecord]
) -> Dataset:
    tables: dict[str, dict[str, Any]] = {c.name: {} for c in schema.COLLECTIONS}
    for raw in raws:
        collection = raw.collection
        model = _MODELS[collection.name]
        # Events and agreements remember where they are written.
        extra = {"file": raw.file, "line": raw.line} if collection.name in _FOLDERS else {}
        obj = construct(collection.fields, model, raw.data, **extra)
        tables[collection.name][raw.data[collection.key]] = obj
    return Dataset(
        info=construct(schema.DATASET.fields, DatasetInfo, info),
        vocabulary=vocabulary,
        **tables,
    )


# ---------------------------------------------------------------------------
# Quotes against the source texts (optional: the texts live outside the repo)
# ---------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _check_quotes(checker: Checker, raws: list[_RawRecord], sources_dir: Path) -> None:
    """Every quote must appear verbatim (up to white space) in its source's text."""
    bodies: dict[str, str] = {}
    for raw in raws:
        if raw.collection is schema.SOURCES and raw.line > 0:
            path = sources_dir / raw.data.get("file", f"{raw.data['id']}.txt")
            if path.is_file():
                # The body follows the header block between the first two '---' lines.
                parts = path.read_text(encoding="utf-8").split("---", 2)
                bodies[raw.data["id"]] = _normalise(parts[-1])
    for source_id, quote, where in checker.quotes:
        body = bodies.get(source_id)
        if body is None:
            checker.report(where, f"no text for source {source_id!r} in {sources_dir}")
        elif _normalise(quote) not in body:
            checker.report(where, f"not found verbatim in source {source_id!r}")
