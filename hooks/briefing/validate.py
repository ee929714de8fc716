"""Turn raw YAML into a Dataset, or into the full list of what is wrong with it.

Every check reports ``file:line: record <id>: field <name>: message`` and the
run goes on, so one pass shows an editor every problem at once.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import schema
from .bulk import paused_gc
from .dates import PartialDate
from .loader import LineDict, display_path, load_yaml
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
from .schema import Collection, Field, FieldType, ListOf, Obj, Ref, Scalar, Vocab

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Unicode category Cc except the newline kept between paragraphs.  Bidi marks and
# other format characters (Cf) are legitimate in Khmer, Japanese and Arabic text.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_MAX_LENGTH = {"id": 80, "string": 600, "text": 10_000, "url": 2_000}
_INVALID = object()

# Where each collection lives: one file holding a list, or a folder of files.
_SINGLE_FILES = {"topics": "topics.yml", "sources": "sources.yml", "actors": "actors.yml"}
_FOLDERS = {"events": "events", "agreements": "agreements"}
_MAPPING_FILES = {"dataset.yml": schema.DATASET, "vocabulary.yml": schema.VOCABULARY}


@dataclass
class _Where:
    file: str
    line: int
    record: str | None
    field: str | None


@dataclass
class _PendingRef:
    collection: str
    value: str
    where: _Where


@dataclass
class _Checker:
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refs: list[_PendingRef] = field(default_factory=list)
    quotes: list[tuple[str, str, _Where]] = field(default_factory=list)

    def report(self, where: _Where, message: str) -> None:
        self.problems.append(Problem(where.file, where.line, where.record, where.field, message))

    def check_refs(self, known: dict[str, set[str]], skip: frozenset[str] = frozenset()) -> None:
        """Report every collected reference to an id not in ``known``, except in ``skip``."""
        for ref in self.refs:
            if ref.value not in known[ref.collection] and ref.collection not in skip:
                noun = schema.COLLECTION_BY_NAME[ref.collection].singular
                self.report(ref.where, f"unknown {noun} {ref.value!r}")

    # -- values ---------------------------------------------------------------

    def value(self, ftype: FieldType, value: Any, where: _Where) -> Any:
        if isinstance(ftype, Scalar):
            return self._scalar(ftype.kind, value, where)
        if isinstance(ftype, Vocab):
            text = self._scalar("string", value, where)
            if text is _INVALID:
                return _INVALID
            allowed = self.vocabulary.get(ftype.name, ())
            if text not in allowed:
                self.report(
                    where,
                    f"unknown {ftype.noun} {text!r}; expected one of {', '.join(allowed)}",
                )
                return _INVALID
            return text
        if isinstance(ftype, Ref):
            text = self._scalar("id", value, where)
            if text is not _INVALID:
                self.refs.append(_PendingRef(ftype.collection, text, where))
            return text
        if isinstance(ftype, ListOf):
            return self._list(ftype, value, where)
        return self.mapping(ftype, value, where)

    def _list(self, ftype: ListOf, value: Any, where: _Where) -> Any:
        if not isinstance(value, list):
            self.report(where, f"expected a list, got {_describe(value)}")
            return _INVALID
        if len(value) < ftype.min_items:
            self.report(where, f"needs at least {ftype.min_items} item(s)")
        items = []
        seen: set[Any] = set()
        for index, item in enumerate(value):
            line = item.line if isinstance(item, LineDict) else where.line
            item_where = _Where(where.file, line, where.record, f"{where.field}[{index}]")
            checked = self.value(ftype.item, item, item_where)
            if isinstance(checked, str):
                if checked in seen:
                    self.report(item_where, f"{checked!r} is listed twice")
                seen.add(checked)
            items.append(checked)
        return _INVALID if _INVALID in items else tuple(items)

    def mapping(self, ftype: Obj, value: Any, where: _Where) -> Any:
        if not isinstance(value, LineDict):
            self.report(where, f"expected a {ftype.name} mapping, got {_describe(value)}")
            return _INVALID
        checked = self.fields(ftype.fields, value, where)
        if ftype is schema.CITATION and checked is not _INVALID:
            quote_where = _Where(where.file, value.line_of("quote"), where.record, where.field)
            quote_where.field = f"{where.field}.quote"
            self.quotes.append((checked["source"], checked["quote"], quote_where))
        return checked

    def fields(self, fields: tuple[Field, ...], raw: LineDict, where: _Where) -> Any:
        prefix = f"{where.field}." if where.field else ""
        known = {f.name: f for f in fields}
        for key, line in raw.duplicate_keys:
            self.report(_Where(where.file, line, where.record, f"{prefix}{key}"), "given twice")
        for key in raw:
            if key not in known:
                hint = difflib.get_close_matches(str(key), known, n=1)
                suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.report(
                    _Where(where.file, raw.line_of(key), where.record, f"{prefix}{key}"),
                    f"unknown field{suggestion}; expected one of {', '.join(known)}",
                )
        result: dict[str, Any] = {}
        ok = True
        for spec in fields:
            field_where = _Where(
                where.file, raw.line_of(spec.name), where.record, f"{prefix}{spec.name}"
            )
            if spec.name not in raw or raw[spec.name] is None:
                if spec.required:
                    field_where.line = raw.line
                    self.report(field_where, "required field is missing")
                    ok = False
                continue
            checked = self.value(spec.type, raw[spec.name], field_where)
            if checked is _INVALID:
                ok = False
            else:
                result[spec.name] = checked
        return result if ok else _INVALID

    def _scalar(self, kind: str, value: Any, where: _Where) -> Any:
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            self.report(where, f"expected true or false, got {_describe(value)}")
            return _INVALID
        if kind in ("number", "integer"):
            return self._number(kind, value, where)
        if kind == "date":
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # an unquoted year
            if not isinstance(value, str):
                self.report(where, f"expected a date, got {_describe(value)}")
                return _INVALID
            try:
                return PartialDate.parse(value.strip())
            except ValueError as error:
                self.report(where, f"bad date: {error}")
                return _INVALID
        return self._text(kind, value, where)

    def _number(self, kind: str, value: Any, where: _Where) -> Any:
        wanted = int if kind == "integer" else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted):
            noun = "a whole number" if kind == "integer" else "a number"
            self.report(where, f"expected {noun}, got {_describe(value)}")
            return _INVALID
        if not math.isfinite(value) or value < 0:
            self.report(where, f"must be zero or more, got {value}")
            return _INVALID
        return value

    def _text(self, kind: str, value: Any, where: _Where) -> Any:
        if not isinstance(value, str):
            self.report(where, f"expected text, got {_describe(value)}")
            return _INVALID
        if kind == "text":
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip())]
            text = "\n\n".join(p for p in paragraphs if p)
        else:
            text = " ".join(value.split())
        if not text:
            self.report(where, "must not be empty")
            return _INVALID
        limit = _MAX_LENGTH[kind if kind in _MAX_LENGTH else "string"]
        if len(text) > limit:
            self.report(where, f"is {len(text)} characters long; the limit is {limit}")
            return _INVALID
        control = _CONTROL.search(text)
        if control is not None:
            self.report(where, f"contains the control character U+{ord(control[0]):04X}")
            return _INVALID
        if kind == "id" and not _ID.match(text):
            self.report(where, f"{text!r} is not an id: use lowercase letters, digits and hyphens")
            return _INVALID
        if kind == "url":
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
                self.report(where, f"{text!r} is not an http(s) URL")
                return _INVALID
        return text


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


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
    return value if isinstance(value, str) and _ID.match(value) else f"#{index + 1}"


def load_dataset(root: Path, sources_dir: Path | None = None) -> Dataset:
    """Load and validate ``root/data``; raise DataError listing every problem.

    With ``sources_dir``, every quote is also checked against the source texts.
    """
    with paused_gc():
        return _load_dataset(root, sources_dir)


def _load_dataset(root: Path, sources_dir: Path | None) -> Dataset:
    data_dir = root / "data"
    checker = _Checker()
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
            checked = checker.mapping(shape, content, _Where(name, 1, None, None))
            mappings[filename] = None if checked is _INVALID else checked
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
    checker: _Checker, collection: Collection, path: Path, root: Path
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
                f"got {_describe(content)}",
            )
        )
        return []
    records = []
    for index, item in enumerate(content):
        record = _record_name(item, collection.key, index)
        line = item.line if isinstance(item, LineDict) else 1
        where = _Where(name, line, record, None)
        if not isinstance(item, LineDict):
            expected = f"expected a {collection.singular} mapping"
            checker.report(where, f"{expected}, got {_describe(item)}")
            continue
        checked = checker.fields(collection.fields, item, where)
        if checked is not _INVALID:
            records.append(_RawRecord(collection, checked, name, line))
        elif isinstance(item.get(collection.key), str):
            # Keep the id known so references to it do not pile up more errors.
            records.append(_RawRecord(collection, {collection.key: item[collection.key]}, name, -1))
    return records


def _check_ids(checker: _Checker, raw_records: list[_RawRecord]) -> None:
    # Events and agreements share one namespace, so an id names one record
    # on every listing and anchor.
    seen: dict[tuple[str, str], _RawRecord] = {}
    for raw in raw_records:
        key_field = raw.collection.key
        record_id = raw.data[key_field]
        space = "records" if raw.collection.name in _FOLDERS else raw.collection.name
        where = _Where(raw.file, abs(raw.line), record_id, key_field)
        if record_id in schema.RESERVED_IDS:
            checker.report(where, f"{record_id!r} is reserved")
        first = seen.get((space, record_id))
        if first is not None:
            checker.report(
                where, f"duplicate id {record_id!r}; first used at {first.file}:{abs(first.line)}"
            )
        else:
            seen[(space, record_id)] = raw


def known_ids(dataset: Dataset) -> dict[str, set[str]]:
    """Every id by collection, for checking references from outside the data."""
    return {
        "topics": set(dataset.topics),
        "sources": set(dataset.sources),
        "actors": set(dataset.actors),
        "events": set(dataset.events),
        "agreements": set(dataset.agreements),
    }


def check_mapping(
    shape: Obj,
    raw: Any,
    file: str,
    vocabulary: dict[str, tuple[str, ...]],
    known: dict[str, set[str]],
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate one mapping outside the dataset (an essay's front matter, say)."""
    checker = _Checker(vocabulary=vocabulary)
    result = checker.mapping(shape, raw, _Where(file, 1, None, None))
    checker.check_refs(known)
    return (None if result is _INVALID or checker.problems else result), checker.problems


def _known_ids(raw_records: list[_RawRecord]) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {c.name: set() for c in schema.COLLECTIONS}
    for raw in raw_records:
        known[raw.collection.name].add(raw.data[raw.collection.key])
    return known


def _check_consistency(checker: _Checker, raw: _RawRecord) -> None:
    if raw.line < 0:
        return  # already reported as invalid
    data = raw.data
    record_id = data[raw.collection.key]
    where = _Where(raw.file, raw.line, record_id, None)
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


def _citations(items: tuple[dict[str, Any], ...]) -> tuple[Citation, ...]:
    return tuple(Citation(c["source"], c["quote"]) for c in items)


def _build(
    info: dict[str, Any], vocabulary: dict[str, tuple[str, ...]], raws: list[_RawRecord]
) -> Dataset:
    tables: dict[str, dict[str, Any]] = {c.name: {} for c in schema.COLLECTIONS}
    for raw in raws:
        d = raw.data
        name = raw.collection.name
        if name == "topics":
            obj: Any = Topic(d["slug"], d["title"], d["order"], d["summary"], d["introduction"])
        elif name == "sources":
            obj = Source(
                d["id"],
                d["title"],
                d["author"],
                d["publisher"],
                d["date"],
                d["kind"],
                d.get("file"),
                d.get("url"),
                d.get("note"),
            )
        elif name == "actors":
            roles = tuple(
                Role(r["title"], r.get("start"), r.get("end"), _citations(r["sources"]))
                for r in d.get("roles", ())
            )
            obj = Actor(
                d["id"],
                d["name"],
                d["kind"],
                d["country"],
                d.get("aliases", ()),
                d.get("native_name"),
                d.get("summary"),
                roles,
                _citations(d["sources"]),
            )
        else:
            obj = _build_record(name, d, raw)
        tables[name][obj.id] = obj
    return Dataset(
        info=DatasetInfo(info["title"], info["updated"], info["description"]),
        vocabulary=vocabulary,
        **tables,
    )


def _build_record(name: str, d: dict[str, Any], raw: _RawRecord) -> Event | Agreement:
    common = {
        "id": d["id"],
        "title": d["title"],
        "kind": d["kind"],
        "date": d.get("date"),
        "topics": d["topics"],
        "sources": _citations(d["sources"]),
        "place": d.get("place"),
        "file": raw.file,
        "line": raw.line,
    }
    if name == "events":
        return Event(
            **common,
            end_date=d.get("end_date"),
            planned=d.get("planned", False),
            part_of=d.get("part_of"),
            summary=d["summary"],
            actors=d.get("actors", ()),
            agreements=d.get("agreements", ()),
        )
    amount = d.get("amount")
    terms = d.get("terms")
    return Agreement(
        **common,
        status=d["status"],
        parties=d["parties"],
        signatories=d.get("signatories", ()),
        amount=Amount(amount["value"], amount["currency"], amount.get("approximate", False))
        if amount
        else None,
        terms=Terms(**terms) if terms else None,
        purpose=d["purpose"],
        components=d.get("components", ()),
        event=d.get("event"),
    )


# ---------------------------------------------------------------------------
# Quotes against the source texts (optional: the texts live outside the repo)
# ---------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _check_quotes(checker: _Checker, raws: list[_RawRecord], sources_dir: Path) -> None:
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
