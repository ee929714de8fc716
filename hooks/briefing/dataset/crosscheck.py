"""Checks across records and files, once every data file is read.

Each record is checked on its own as it is read (``validate.Checker``); what needs
more than one record is checked here: ids are unique and references resolve, dates
agree (an event within its visit, a report dated by a source it cites), figures sum
what they say, places can be drawn, and every quote is in its source's text, in the
account of the section it comes from.  ``load`` calls these; nothing here reads a
data file, except the map's reference data and the source texts.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import geo, schema
from .dates import PartialDate
from .model import Point
from .problems import Problem
from .reading import display_path, normalise_space, read_text, source_body
from .schema import Collection
from .validate import Checker, Where, ids_by_collection
from .yaml_lines import LineDict

# Reference data for the map, written by the scripts in tools/geo/: not records.
GEO_FOLDER = "geo"
GEO_PLACES = Path(GEO_FOLDER) / "places.json"
GEO_BOUNDARIES = Path(GEO_FOLDER) / "boundaries.json"


@dataclass
class RawRecord:
    collection: Collection
    data: dict[str, Any]
    file: str
    item: LineDict
    valid: bool = True  # False: only its id is kept, so references to it resolve

    @property
    def line(self) -> int:
        return self.item.line


def check_references(
    checker: Checker, known: dict[str, set[str]], unchecked: set[str], data_dir: Path, root: Path
) -> set[str]:
    """Unknown references, except where one root cause explains them all; returns
    the collections whose references could not be checked."""
    skip = set(unchecked)
    for name in schema.SINGLE_FILES:
        referred = [r for r in checker.refs if r.collection == name]
        if referred and not known[name] and name not in unchecked:
            # An empty or broken actors.yml would make every reference unknown:
            # name the file once instead of listing each reference.
            file = display_path(data_dir / schema.SINGLE_FILES[name], root)
            checker.problems.append(
                Problem(
                    file,
                    1,
                    None,
                    None,
                    f"holds no {name}, so the {len(referred)} references to {name} in other "
                    "files cannot be checked until it does",
                    cause=True,
                )
            )
            skip.add(name)
    checker.check_refs(known, skip=frozenset(skip))
    return skip


# What the synonyms of data/search.yml may add to the search index: a page that carries
# one word of a group is also found by every other, so each word is added to every page
# that carries a word of its group.  Bounded, every page gains at most MAX_SYNONYM_WORDS
# short words, whatever the groups say.
MAX_GROUP_WORDS = 8
MAX_SYNONYM_WORDS = 120
MAX_SYNONYM_CHARS = 60
# Words on nearly every page: a group holding one would add all its words everywhere.
COMMON_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in"),
        *("is", "it", "its", "of", "on", "or", "the", "to", "was", "were", "with"),
        *("japan", "japanese", "cambodia", "cambodian"),
    }
)


def check_synonyms(checker: Checker, content: LineDict, file: str) -> None:
    total = 0
    first_group: dict[str, int] = {}
    for index, group in enumerate(content.get("synonyms") or ()):
        words = group.get("words") or []
        where = Where(file, group.line_of("words"), None, f"synonyms[{index}].words")
        total += len(words)
        if len(words) > MAX_GROUP_WORDS:
            checker.report(
                where,
                f"{len(words)} words; a group holds at most {MAX_GROUP_WORDS}, since each is "
                "added to every page that carries another: split it by meaning",
            )
        for position, word in enumerate(words):
            key = " ".join(str(word).casefold().split())
            at = Where(file, where.line, None, f"synonyms[{index}].words[{position}]")
            if len(key) > MAX_SYNONYM_CHARS:
                checker.report(
                    at, f"is {len(key)} characters; expected at most {MAX_SYNONYM_CHARS}"
                )
            elif key in COMMON_WORDS:
                checker.report(
                    at, f"{word!r} is on nearly every page: its group would be added to all"
                )
            elif key in first_group and first_group[key] != index:
                checker.report(at, f"{word!r} is already in synonyms[{first_group[key]}]")
            first_group.setdefault(key, index)
    if total > MAX_SYNONYM_WORDS:
        checker.report(
            Where(file, content.line_of("synonyms"), None, "synonyms"),
            f"{total} words in all; the groups may hold at most {MAX_SYNONYM_WORDS}",
        )


# A vocabulary value is a key, not prose: it becomes a filter value, a space-separated
# data attribute, a CSS class and a URL part, and is turned into words where shown.
VOCABULARY_KEY = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def check_vocabulary_keys(checker: Checker, content: LineDict, file: str) -> None:
    for name in schema.VOCABULARY_NAMES:
        for index, value in enumerate(content.get(name) or ()):
            if isinstance(value, str) and not VOCABULARY_KEY.fullmatch(value):
                slug = "-".join(re.findall(r"[A-Za-z0-9]+", value))
                hint = f" (did you mean {slug!r}?)" if slug else ""
                checker.report(
                    Where(file, content.line_of(name), None, f"{name}[{index}]"),
                    f"{value[:60]!r} is not a vocabulary key; expected letters, digits and "
                    f"single hyphens, no spaces{hint}",
                )


def check_families(checker: Checker, content: LineDict, file: str) -> None:
    """Each kind in a family is a known kind, and in one family only."""
    kinds = {*content["event_kinds"], *content["agreement_kinds"]}
    seen: dict[str, str] = {}
    for index, family in enumerate(content.get("kind_families") or ()):
        for position, kind in enumerate(family["kinds"]):
            field = f"kind_families[{index}].kinds[{position}]"
            where = Where(file, family.line_of("kinds"), None, field)
            if kind not in kinds:
                checker.report(where, f"unknown kind {kind!r}; expected an event or agreement kind")
            elif kind in seen:
                checker.report(where, f"{kind!r} is already in family {seen[kind]!r}")
            seen.setdefault(kind, family["id"])


def check_ids(checker: Checker, raw_records: list[RawRecord]) -> None:
    # Events and agreements share one namespace, so an id names one record
    # on every listing and anchor.
    seen: dict[tuple[str, str], RawRecord] = {}
    for raw in raw_records:
        key_field = raw.collection.key
        record_id = raw.data[key_field]
        space = "records" if raw.collection.name in schema.FOLDERS else raw.collection.name
        where = Where(raw.file, raw.item.line_of(key_field), record_id, key_field)
        if record_id in schema.RESERVED_IDS:
            checker.report(where, f"{record_id!r} is reserved: choose another id")
        first = seen.get((space, record_id))
        if first is not None:
            checker.report(
                where,
                f"duplicate id {record_id!r}; first used at {first.file}:"
                f"{first.item.line_of(key_field)}; choose another id (ids are shared by "
                "events and agreements)",
            )
        else:
            seen[(space, record_id)] = raw


def known_ids(raw_records: list[RawRecord]) -> dict[str, set[str]]:
    return ids_by_collection((raw.collection, raw.data[raw.collection.key]) for raw in raw_records)


def check_consistency(checker: Checker, raw: RawRecord) -> None:
    data = raw.data
    record_id = data[raw.collection.key]

    def report(field: str, line: int, message: str) -> None:
        checker.report(Where(raw.file, line, record_id, field), message)

    start, end = data.get("date"), data.get("end_date")
    if start and end and end.sort_key < start.sort_key:
        report(
            "end_date",
            raw.item.line_of("end_date"),
            f"ends ({end}) before it starts ({start}); expected end_date on or after date",
        )
    if data.get("part_of") == record_id:
        report(
            "part_of",
            raw.item.line_of("part_of"),
            "an event cannot be part of itself; expected the larger event's id",
        )
    items = raw.item.get("roles")
    for index, role in enumerate(data.get("roles", ())):
        if role.get("start") and role.get("end") and role["end"].sort_key < role["start"].sort_key:
            line = items[index].line_of("end") if isinstance(items, list) else raw.line
            report(
                f"roles[{index}].end",
                line,
                f"ends ({role['end']}) before it starts ({role['start']}); expected end on "
                "or after start",
            )


def check_event_dates(
    checker: Checker, raw: RawRecord, source_dates: dict[str, PartialDate]
) -> None:
    """An event has its own date, or the date of the source that reports it: never a guess."""
    data = raw.data
    where = Where(raw.file, raw.line, data["id"], "date")
    reported = data.get("reported")
    if data.get("date") is None and reported is None:
        checker.report(
            where,
            "required field is missing; expected the date the sources state, or, where they "
            "state none, `reported` (the date of the source that reports the event)",
        )
        return
    if reported is None:
        return
    where.field = "reported"
    where.line = raw.item.line_of("reported")
    if data.get("date") is not None:
        checker.report(where, "give `reported` only for an event whose date no source states")
        return
    cited = {c["source"] for c in data.get("sources", ())}
    dates = {source_dates[s] for s in cited if s in source_dates}
    if dates and reported not in dates:
        shown = ", ".join(sorted(d.iso for d in dates))
        checker.report(
            where,
            f"{reported} is not the date of a source the event cites; expected one of {shown}",
        )


# Dated fields that state something that happened: none can be later than the revision
# of the dataset that reports it.  An event the sources call scheduled (`planned`) may be.
_PAST_DATES = {
    "events": ("date", "end_date", "reported"),
    "agreements": ("date",),
    "sources": ("date",),
}


def check_not_after_revision(checker: Checker, raws: list[RawRecord], updated: PartialDate) -> None:
    for raw in raws:
        if not raw.valid or raw.data.get("planned"):
            continue
        dated = [
            (raw.data.get(name), raw.item.line_of(name), name)
            for name in _PAST_DATES.get(raw.collection.name, ())
        ]
        items = raw.item.get("roles") if raw.collection is schema.ACTORS else None
        for index, role in enumerate(raw.data.get("roles") or ()):
            # An actor's offices: taken up, left or stated as of a date, never later.
            item = items[index] if isinstance(items, list) else None
            line_of = item.line_of if isinstance(item, LineDict) else raw.item.line_of
            dated += [(role.get(n), line_of(n), f"roles[{index}].{n}") for n in _ROLE_DATES]
        for value, line, field in dated:
            if isinstance(value, PartialDate) and value.sort_key > updated.end_key:
                hint = " (or mark it `planned: true`)" if raw.collection is schema.EVENTS else ""
                checker.report(
                    Where(raw.file, line, raw.data["id"], field),
                    f"{value} is after the dataset's revision ({updated}, data/dataset.yml): "
                    f"a record cannot report what had not happened yet{hint}",
                )


_ROLE_DATES = ("start", "end", "as_of")


def check_accounts(checker: Checker, raws: list[RawRecord], texts: dict[str, SourceText]) -> None:
    """A quote from a text that relays several accounts names the one it is from: the
    account of the last section heading before it in the text."""
    sectioned: dict[str, list[tuple[int, str]]] = {}
    bodies: dict[str, str] = {}
    unread: set[str] = set()  # their missing text is reported once, as the cause
    for raw in raws:
        if raw.collection is schema.SOURCES and raw.valid and raw.data.get("sections"):
            text = texts.get(raw.data["id"])
            if text is None:
                unread.add(raw.data["id"])
                continue
            body = text.body
            lines = [line for line in (normalise_space(x) for x in body.split("\n")) if line]
            starts = []
            for index, section in enumerate(raw.data["sections"]):
                heading = normalise_space(section["heading"])
                if heading not in lines:
                    where = Where(raw.file, raw.item.line_of("sections"), raw.data["id"], None)
                    where.field = f"sections[{index}].heading"
                    checker.report(where, f"no line of the text reads {heading!r}")
                    continue
                before = lines[: lines.index(heading)]
                starts.append((len(" ".join(before)) + bool(before), section["account"]))
            sectioned[raw.data["id"]] = sorted(starts)
            bodies[raw.data["id"]] = normalise_space(body)
    for quoted in checker.quotes:
        if not quoted.may_name_account:
            continue
        source_id, account, where = quoted.source, quoted.account, quoted.where
        if source_id in unread:
            continue
        if source_id not in sectioned:
            if account is not None:
                checker.report(
                    where, f"source {source_id!r} declares no sections to take an account from"
                )
            continue
        position = bodies[source_id].find(normalise_space(quoted.quote))
        if position < 0:
            continue  # reported by check_quotes
        expected = None
        for start, section_account in sectioned[source_id]:
            if start <= position:
                expected = section_account
        if expected is not None and account != expected:
            field = (where.field or "").removesuffix(".quote") + ".account"
            checker.report(
                Where(where.file, where.line, where.record, field),
                f"the quote is in the {expected} section: give account: {expected}",
            )


def check_figures(checker: Checker, raw_records: list[RawRecord]) -> None:
    """A figure states a value or sums amounts of one kind and currency, and is traceable."""
    agreements = {
        r.data["id"]: r.data for r in raw_records if r.collection is schema.AGREEMENTS and r.valid
    }
    events = {r.data["id"] for r in raw_records if r.collection is schema.EVENTS}
    for figure, where in checker.figures:
        amount_of = figure.get("amount_of", ())
        if ("value" in figure) == bool(amount_of):
            checker.report(where, "give either `value` or `amount_of`, not both or neither")
        if not (amount_of or figure.get("records") or figure.get("sources")):
            checker.report(where, "cite the records or sources the figure rests on")
        kinds: set[tuple[str, str]] = set()
        for item in amount_of:
            agreement = agreements.get(item)
            if agreement is None:
                if item in events:
                    checker.report(where, f"amount_of: {item!r} is an event, not an agreement")
                continue  # an unknown id is reported with the references
            amount = agreement.get("amount")
            if amount is None:
                checker.report(where, f"amount_of: agreement {item!r} has no amount")
                continue
            kinds.add((agreement["kind"], amount["currency"]))
        if len(kinds) > 1:
            mixed = ", ".join(f"{kind} in {currency}" for kind, currency in sorted(kinds))
            checker.report(
                where,
                f"amount_of mixes {mixed}: a figure sums one kind in one currency; "
                "give each its own figure",
            )


def check_places(
    checker: Checker, raws: list[RawRecord], data_dir: Path, root: Path
) -> tuple[dict[int, Point], dict[str, Any] | None]:
    """Every place a record names resolves to a gazetteer entry that can be drawn.

    Returns the coordinates of the gazetteer's points, by GeoNames id, and the map's
    boundaries (None without places).
    """
    places = [r for r in raws if r.collection is schema.PLACES and r.valid]
    coordinates: dict[int, Point] = {}
    boundaries: dict[str, Any] | None = None
    texts: dict[Path, str] = {}
    for geo_file in (GEO_PLACES, GEO_BOUNDARIES):
        path = data_dir / geo_file
        if not places:
            continue
        if not path.is_file() and not path.is_symlink():
            name = display_path(path, root)
            checker.problems.append(
                Problem(name, 1, None, None, "file is missing; run the scripts in tools/geo/")
            )
            continue
        # Read like every data file: a link out of the project or a bad encoding is a
        # problem with its file and line; geo.py checks the JSON and its shape.
        text, problems = read_text(path, root)
        checker.problems.extend(problems)
        if text is not None:
            texts[geo_file] = text
    if GEO_PLACES in texts:
        name = display_path(data_dir / GEO_PLACES, root)
        coordinates, problems = geo.places_from_json(texts[GEO_PLACES], name)
        checker.problems.extend(problems)
    if GEO_BOUNDARIES in texts:
        name = display_path(data_dir / GEO_BOUNDARIES, root)
        boundaries, problems = geo.boundaries_from_json(texts[GEO_BOUNDARIES], name)
        checker.problems.extend(problems)
    by_id = {p.data["id"]: p for p in places}
    for place in places:
        data = place.data

        def report(field: str, message: str, place: RawRecord = place) -> None:
            line = place.item.line_of(field.split("[")[0])
            checker.report(Where(place.file, line, place.data["id"], field), message)

        # A road whose sections are entries of their own is drawn only as those sections.
        drawn_in_parts = any(p.data.get("part_of") == data["id"] for p in places)
        if not ("geonames" in data or "country" in data or "path" in data or drawn_in_parts):
            report("geonames", "no coordinates: give a geonames id, a path or a country")
        geonames = data.get("geonames")
        if geonames is not None and coordinates and geonames not in coordinates:
            report(
                "geonames",
                f"no coordinates for GeoNames id {geonames} in data/{GEO_PLACES.as_posix()}; "
                "run tools/geo/places.py",
            )
        for index, step in enumerate(data.get("path", ())):
            target = by_id.get(step)
            if target is not None and "geonames" not in target.data:
                report(f"path[{index}]", f"place {step!r} has no point to draw a line through")
    names: dict[str, str] = {}
    for place in places:
        for text in (place.data["name"], *place.data.get("matches", ())):
            names.setdefault(text, place.data["id"])
    records = {r.data["id"]: r for r in raws if r.collection.name in schema.FOLDERS and r.valid}
    for raw in records.values():
        text = raw.data.get("place")
        if text is not None and text not in names:
            checker.report(
                Where(raw.file, raw.item.line_of("place"), raw.data["id"], "place"),
                f"no entry in data/places.yml for place {text!r}: add one with coordinates, "
                "or list this text under an entry's `matches`",
            )
    for place in places:
        spellings = [s.casefold() for s in (place.data["name"], *place.data.get("aliases", ()))]
        for index, record_id in enumerate(place.data.get("records", ())):
            record = records.get(record_id)
            if record is None:
                continue  # unknown ids are reported with the other references
            quotes = [c["quote"].casefold() for c in record.data["sources"]]
            if not any(s in q for s in spellings for q in quotes):
                checker.report(
                    Where(
                        place.file,
                        place.item.line_of("records"),
                        place.data["id"],
                        f"records[{index}]",
                    ),
                    f"no quote of record {record_id!r} names {place.data['name']!r} "
                    "or one of its aliases",
                )
    return coordinates, boundaries


@dataclass(frozen=True)
class SourceText:
    path: str  # as messages show it
    body: str  # without its header


def source_bodies(
    checker: Checker, raws: list[RawRecord], sources_dir: Path
) -> dict[str, SourceText]:
    """Each source's text, read once; a missing folder or text is reported once, as the
    cause of its quotes going unchecked."""
    bodies: dict[str, SourceText] = {}
    root = sources_dir.parent
    sources = [raw for raw in raws if raw.collection is schema.SOURCES and raw.valid]
    if not sources_dir.is_dir():
        checker.problems.append(
            Problem(
                display_path(sources_dir, root),
                1,
                None,
                None,
                f"folder missing: the quotes of {len(sources)} sources are checked against "
                "the texts kept here; restore it",
                cause=True,
            )
        )
        return bodies
    for raw in sources:
        source_id = raw.data["id"]
        name = raw.data.get("file", f"{source_id}.txt")
        where = Where(raw.file, raw.item.line_of("file"), source_id, "file")
        if name in ("", ".", "..") or PurePosixPath(name).name != name or "\\" in name:
            checker.report(
                where,
                f"expected the name of a file in {display_path(sources_dir, root)}/, "
                f"got {name!r}: a quote is checked only against a source text kept there",
            )
            continue
        path = sources_dir / name
        expected = display_path(path, root)
        if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(sources_dir)):
            checker.report(where, f"{expected} links out of sources/: keep the text there")
            continue
        text, unreadable = read_text(path, root) if path.is_file() else ("", [])
        checker.problems.extend(unreadable)
        if text:
            bodies[source_id] = SourceText(expected, source_body(text))
        elif not unreadable:
            claimed = {r.data.get("file", f"{r.data['id']}.txt") for r in sources}
            spare = sorted(p.name for p in sources_dir.glob("*.txt") if p.name not in claimed)
            hint = f" (is it {spare[0]!r}?)" if len(spare) == 1 else ""
            citing = sum(1 for q in checker.quotes if q.source == source_id)
            checker.problems.append(
                Problem(
                    where.file,
                    where.line,
                    where.record,
                    where.field,
                    f"no source text at {expected}{hint}: the {citing} quotes citing this "
                    "source cannot be checked until it is there; add it, or correct `file:`",
                    cause=True,
                )
            )
    return bodies


def check_quotes(checker: Checker, texts: dict[str, SourceText]) -> None:
    """Every quote must appear verbatim (up to white space) in its source's text."""
    bodies = {source_id: normalise_space(text.body) for source_id, text in texts.items()}
    for quoted in checker.quotes:
        body = bodies.get(quoted.source)
        if body is None:
            continue  # an unknown source, or its missing text, is reported once above
        if normalise_space(quoted.quote) not in body:
            checker.report(
                quoted.where,
                f"not found verbatim in source {quoted.source!r}: expected words copied "
                f"exactly from {texts[quoted.source].path} (only white space may differ)",
            )
