"""Check raw YAML values against the schema, collecting every problem.

Every check reports ``file:line: record <id>: field <name>: message`` and the
run goes on, so one pass shows an editor every problem at once.  Which files
are read, and how records become model objects, lives in ``load``.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from . import schema
from .dates import PartialDate
from .model import Dataset
from .problems import Problem
from .schema import Field, FieldType, ListOf, Obj, Ref, Scalar, Vocab
from .yaml_lines import LineDict

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Ids name files and addresses (``agreements/<id>/``): well inside every file system's
# limit on a file name (255 bytes).
MAX_ID_LENGTH = 100


def id_problem(text: str) -> str | None:
    """What is wrong with ``text`` as an id, or None."""
    if not ID_PATTERN.match(text):
        slug = "-".join(re.findall(r"[a-z0-9]+", text.lower()))
        hint = f" (did you mean {slug!r}?)" if slug else ""
        shown = text if len(text) <= 60 else text[:60] + "…"
        return f"{shown!r} is not an id; expected lowercase letters, digits and hyphens{hint}"
    if len(text) > MAX_ID_LENGTH:
        return (
            f"the id is {len(text)} characters long; expected at most {MAX_ID_LENGTH} "
            "(ids name files and addresses)"
        )
    return None


# Unicode category Cc except tab, line feed and carriage return (white space); the bidi
# embedding, override and isolate controls, which reverse or reorder the text
# around them wherever it lands (titles, feeds, CSV) when left unbalanced.  (Line
# and paragraph separators are white space, collapsed like any other.)  Bidi *marks*
# (U+200E, U+200F) and other format characters stay: Khmer and Japanese text
# can need them.  Surrogates and the noncharacters (U+FFFE, U+FFFF and the rest) are
# refused too: XML 1.0 forbids some of them outright and the Atom feeds, the sitemap and
# the SVG charts are XML.
_NONCHARACTERS = "".join(
    chr(plane + end) for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)
)
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef"
    + _NONCHARACTERS
    + "]"
)
# What no XML 1.0 document may hold, anywhere (a hand-written page's body included).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
INVALID = object()


@dataclass
class Where:
    file: str
    line: int
    record: str | None
    field: str | None


@dataclass
class _PendingRef:
    collection: str
    value: str
    where: Where


@dataclass(frozen=True)
class Quoted:
    """A quotation as a data file gives it."""

    source: str
    quote: str
    account: str | None
    # Whether the field may say whose account it is (citations may; key points may not).
    may_name_account: bool
    where: Where


@dataclass
class Checker:
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refs: list[_PendingRef] = field(default_factory=list)
    # Lines still holding a placeholder of `briefing new`, by file.
    placeholder_lines: dict[str, set[int]] = field(default_factory=dict)
    # Every quotation, for the checks against the source texts once every file is read.
    quotes: list[Quoted] = field(default_factory=list)
    # Figures are checked against the agreements they sum once every file is read.
    figures: list[tuple[dict[str, Any], Where]] = field(default_factory=list)

    def report(self, where: Where, message: str) -> None:
        self.problems.append(Problem(where.file, where.line, where.record, where.field, message))

    def check_refs(self, known: dict[str, set[str]], skip: frozenset[str] = frozenset()) -> None:
        """Report every collected reference to an id not in ``known``; collections
        in ``skip``, or missing from ``known``, are not checked."""
        for ref in self.refs:
            if ref.collection == "records":
                # Events and agreements share one namespace of ids.
                if skip & {"events", "agreements"} or not {"events", "agreements"} <= set(known):
                    continue
                if ref.value not in known["events"] and ref.value not in known["agreements"]:
                    self.report(ref.where, f"unknown record {ref.value!r}")
                continue
            if ref.collection in skip or ref.collection not in known:
                continue
            if ref.value not in known[ref.collection]:
                collection = schema.COLLECTION_BY_NAME[ref.collection]
                self.report(
                    ref.where,
                    f"unknown {collection.singular} {ref.value!r}"
                    f"{did_you_mean(ref.value, known[ref.collection])}; "
                    f"expected the {collection.key} of one of the {collection.name} "
                    f"in {collection.location}",
                )

    # -- values ---------------------------------------------------------------

    def value(self, ftype: FieldType, value: Any, where: Where) -> Any:
        if isinstance(ftype, Scalar):
            return self._scalar(ftype.kind, value, where)
        if isinstance(ftype, Vocab):
            text = self._scalar("string", value, where)
            if text is INVALID:
                return INVALID
            if ftype.name not in self.vocabulary:
                return text  # vocabulary.yml did not load: its own problem is the cause
            allowed = self.vocabulary[ftype.name]
            if text not in allowed:
                self.report(
                    where,
                    f"unknown {ftype.noun} {text!r}; expected one of {', '.join(allowed)}"
                    f"{did_you_mean(text, allowed)} (the list is `{ftype.name}` in "
                    "data/vocabulary.yml)",
                )
                return INVALID
            return text
        if isinstance(ftype, Ref):
            text = self._scalar("id", value, where)
            if text is not INVALID:
                self.refs.append(_PendingRef(ftype.collection, text, where))
            return text
        if isinstance(ftype, ListOf):
            return self._list(ftype, value, where)
        return self.mapping(ftype, value, where)

    def _list(self, ftype: ListOf, value: Any, where: Where) -> Any:
        if not isinstance(value, list):
            self.report(
                where,
                f"expected a list, got {describe(value)}; write `[a, b]`, "
                "or one `- item` per line below the field",
            )
            return INVALID
        if len(value) < ftype.min_items:
            self.report(
                where, f"needs at least {ftype.min_items} item(s); expected more, got {len(value)}"
            )
        items = []
        seen: set[Any] = set()
        for index, item in enumerate(value):
            line = item.line if isinstance(item, LineDict) else where.line
            item_where = Where(where.file, line, where.record, f"{where.field}[{index}]")
            checked = self.value(ftype.item, item, item_where)
            if isinstance(checked, str):
                if checked in seen:
                    self.report(item_where, f"{checked!r} is listed twice; remove one")
                seen.add(checked)
            items.append(checked)
        return INVALID if INVALID in items else tuple(items)

    def mapping(self, ftype: Obj, value: Any, where: Where) -> Any:
        if not isinstance(value, LineDict):
            self.report(where, f"expected a {ftype.name} mapping, got {describe(value)}")
            return INVALID
        checked = self.fields(ftype.fields, value, where)
        if ftype.quoted and checked is not INVALID:
            quote_where = Where(where.file, value.line_of("quote"), where.record, where.field)
            quote_where.field = f"{where.field}.quote"
            self.quotes.append(
                Quoted(
                    checked["source"],
                    checked["quote"],
                    checked.get("account"),
                    any(f.name == "account" for f in ftype.fields),
                    quote_where,
                )
            )
        if ftype is schema.FIGURE and checked is not INVALID:
            self.figures.append((checked, Where(where.file, value.line, where.record, where.field)))
        return checked

    def fields(self, fields: tuple[Field, ...], raw: LineDict, where: Where) -> Any:
        prefix = f"{where.field}." if where.field else ""
        known = {f.name: f for f in fields}
        for key, line in raw.duplicate_keys:
            self.report(
                Where(where.file, line, where.record, f"{prefix}{key}"),
                "given twice; expected each field once: keep one (YAML would use the last)",
            )
        for key in raw:
            if key not in known:
                suggestion = did_you_mean(str(key), known)
                self.report(
                    Where(where.file, raw.line_of(key), where.record, f"{prefix}{key}"),
                    f"unknown field{suggestion}; expected one of {', '.join(known)}",
                )
        result: dict[str, Any] = {}
        ok = True
        for spec in fields:
            field_where = Where(
                where.file, raw.line_of(spec.name), where.record, f"{prefix}{spec.name}"
            )
            if spec.name not in raw or raw[spec.name] is None:
                if spec.required:
                    field_where.line = raw.line
                    self.report(
                        field_where,
                        f"required field is missing; expected {spec.type.label}: {spec.doc}",
                    )
                    ok = False
                continue
            checked = self.value(spec.type, raw[spec.name], field_where)
            if checked is INVALID:
                ok = False
            else:
                result[spec.name] = checked
        return result if ok else INVALID

    def _scalar(self, kind: str, value: Any, where: Where) -> Any:
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            self.report(where, f"expected true or false, got {describe(value)}")
            return INVALID
        if kind in ("number", "integer"):
            return self._number(kind, value, where)
        if kind == "date":
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # an unquoted year
            if not isinstance(value, str):
                self.report(
                    where, f'expected a date, got {describe(value)}; write it quoted: "2024-07-05"'
                )
                return INVALID
            try:
                return PartialDate.parse(value.strip())
            except ValueError as error:
                self.report(where, f"bad date: {error}")
                return INVALID
        return self._text(kind, value, where)

    def _number(self, kind: str, value: Any, where: Where) -> Any:
        wanted = int if kind == "integer" else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted):
            noun = "a whole number" if kind == "integer" else "a number"
            self.report(where, f"expected {noun}, got {describe(value)}")
            return INVALID
        # Compared as given (an int is never made a float here: one of 309 digits overflows).
        if value > schema.MAX_NUMBER or (isinstance(value, float) and not math.isfinite(value)):
            self.report(where, f"expected a number up to {schema.MAX_NUMBER:,}, got a larger one")
            return INVALID
        if value < 0:
            self.report(where, f"expected a number ≥ 0, got {value}")
            return INVALID
        digits = len(Decimal(repr(value)).normalize().as_tuple().digits)
        if digits > schema.MAX_DIGITS:
            self.report(
                where,
                f"has {digits} significant digits; expected at most {schema.MAX_DIGITS}, "
                "which is all a number here can keep exactly",
            )
            return INVALID
        return value

    def _text(self, kind: str, value: Any, where: Where) -> Any:
        if not isinstance(value, str):
            self.report(where, f"expected text, got {describe(value)}")
            return INVALID
        if kind == "text":
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip())]
            text = "\n\n".join(p for p in paragraphs if p)
        else:
            text = " ".join(value.split())
        if not text:
            self.report(where, "must not be empty; expected text, or leave out an optional field")
            return INVALID
        limit = Scalar(kind).max_length or schema.MAX_LENGTH["string"]
        if len(text) > limit:
            self.report(
                where, f"is {len(text)} characters long; expected at most {limit}: shorten it"
            )
            return INVALID
        # Looked for before white space is collapsed: a vertical tab or U+001F is a
        # control character pasted in, not a space.
        control = CONTROL.search(value)
        if control is not None:
            char = control[0]
            name = unicodedata.name(char, "a control character or noncharacter")
            self.report(
                where,
                f"contains U+{ord(char):04X} ({name}), which is not allowed; expected "
                "printable text: remove it (it is often pasted in invisibly)",
            )
            return INVALID
        if kind == "id" and (wrong := id_problem(text)) is not None:
            self.report(where, wrong)
            return INVALID
        if kind == "url":
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
                self.report(where, f"{text!r} is not an http(s) URL; expected https://…")
                return INVALID
        return text


def did_you_mean(value: str, choices: Any) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing.

    Compared with a bounded number of candidates (``SUGGESTION_CANDIDATES``), so that
    thousands of unknown references against thousands of ids stay linear."""
    hint = difflib.get_close_matches(value, _suggestions(choices).near(value), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


# Each suggestion is sought among at most this many candidates: the neighbours of the
# value in alphabetical order, in order of its reversed spelling (a typo near the start),
# and in length (difflib's ratio needs similar lengths anyway).
SUGGESTION_CANDIDATES = 48


class _Suggestions:
    def __init__(self, choices: Any) -> None:
        self.size = len(choices)
        self.forward = sorted(str(c) for c in choices)
        self.backward = sorted(c[::-1] for c in self.forward)
        self.by_length = sorted(self.forward, key=len)
        self.lengths = [len(c) for c in self.by_length]

    def near(self, value: str) -> list[str]:
        if self.size <= SUGGESTION_CANDIDATES:
            return self.forward
        k = SUGGESTION_CANDIDATES // 6
        found = dict.fromkeys(_around(self.forward, value, k))
        found.update(dict.fromkeys(c[::-1] for c in _around(self.backward, value[::-1], k)))
        at = bisect.bisect_left(self.lengths, len(value))
        found.update(dict.fromkeys(self.by_length[max(0, at - k) : at + k]))
        return list(found)


def _around(ordered: list[str], value: str, k: int) -> list[str]:
    at = bisect.bisect_left(ordered, value)
    return ordered[max(0, at - k) : at + k]


# A few indexes, kept while their choices are in use (a reference to each keeps its id
# from being reused); rebuilt when a set has grown or shrunk.
_INDEXES: dict[int, tuple[Any, _Suggestions]] = {}


def _suggestions(choices: Any) -> _Suggestions:
    kept = _INDEXES.get(id(choices))
    if kept is not None and kept[0] is choices and kept[1].size == len(choices):
        return kept[1]
    if len(_INDEXES) >= 16:
        _INDEXES.clear()
    index = _Suggestions(choices)
    _INDEXES[id(choices)] = (choices, index)
    return index


def describe(value: Any) -> str:
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


def ids_by_collection(pairs: Iterable[tuple[schema.Collection, str]]) -> dict[str, set[str]]:
    """Ids by collection name, every collection present (empty when it has none): what
    references in the data and in ``docs/`` are checked against."""
    known: dict[str, set[str]] = {c.name: set() for c in schema.COLLECTIONS}
    for collection, record_id in pairs:
        known[collection.name].add(record_id)
    return known


def known_ids(dataset: Dataset) -> dict[str, set[str]]:
    """Every id by collection, for checking references from outside the data."""
    return ids_by_collection(
        (c, record_id) for c in schema.COLLECTIONS for record_id in getattr(dataset, c.name)
    )


def check_mapping(
    shape: Obj,
    raw: Any,
    file: str,
    vocabulary: dict[str, tuple[str, ...]],
    known: dict[str, set[str]] | None,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate one mapping outside the dataset (an essay's front matter, say);
    with ``known`` None, references are not checked."""
    checker = Checker(vocabulary=vocabulary)
    result = checker.mapping(shape, raw, Where(file, 1, None, None))
    if known is not None:
        checker.check_refs(known)
    return (None if result is INVALID or checker.problems else result), checker.problems
