"""Load ``data/``: which files hold what, read them, validate, build the model.

``load_dataset`` is the one entry point.  It reports every problem in every
file at once (``problems.DataError``), or returns a ``model.Dataset``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..gcpause import paused_gc
from . import schema
from .dates import PartialDate
from .model import (
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
    KindFamily,
    LeftOut,
    Place,
    Point,
    Role,
    Section,
    Source,
    Terms,
    Topic,
)
from .placeholders import placeholder_lines, placeholder_problem
from .problems import DataError, Problem
from .reading import (
    MAX_DATA_BYTES,
    display_path,
    normalise_space,
    read_json,
    read_text,
    source_body,
)
from .schema import Collection
from .validate import ID_PATTERN, INVALID, Checker, Where, describe, ids_by_collection
from .yaml_lines import LineDict, load_yaml, parse_yaml_text

# Where each collection lives: one file holding a list, or a folder of files.
_SINGLE_FILES = {c.name: c.filename for c in schema.COLLECTIONS if c.filename}
_FOLDERS = {c.name: c.folder for c in schema.COLLECTIONS if c.folder}
# The vocabulary first: the other mapping files use it.
_MAPPING_FILES = dict(
    sorted(schema.MAPPING_FILES.items(), key=lambda kv: kv[0] != "vocabulary.yml")
)
# Read when present: the sentences of the sources the site leaves out, with reasons.
_OPTIONAL_FILES = schema.OPTIONAL_FILES
# A project may have no gazetteer (and so no map); then no record may name a place.
_OPTIONAL_COLLECTIONS = {"places.yml"}
# Reference data for the map, written by the scripts in tools/geo/: not records.
GEO_FOLDER = "geo"
GEO_PLACES = Path(GEO_FOLDER) / "places.json"
GEO_BOUNDARIES = Path(GEO_FOLDER) / "boundaries.json"
_GEO_FILES = {GEO_PLACES.name, GEO_BOUNDARIES.name}


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

# Editors leave these beside the files they edit (swap, lock and backup files).
_EDITOR_ARTIFACT = re.compile(r"^\.|~$")
# Ids of a file that cannot be parsed, recovered from its text so that references
# to them from other files are not reported as unknown.
_ID_LINE = re.compile(
    r"^[ \t]*(?:-[ \t]+)?(?:id|slug):[ \t]*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)", re.M
)


@dataclass
class _RawRecord:
    collection: Collection
    data: dict[str, Any]
    file: str
    item: LineDict
    valid: bool = True  # False: only its id is kept, so references to it resolve

    @property
    def line(self) -> int:
        return self.item.line


def _layout_problems(data_dir: Path, root: Path) -> list[Problem]:
    """Every file under data/ is read, or refused here: none is silently skipped."""
    problems = []
    top = set(_SINGLE_FILES.values()) | set(_MAPPING_FILES) | set(_OPTIONAL_FILES)
    folders = set(_FOLDERS.values())
    total = 0
    for folder, subfolders, files in os.walk(data_dir):
        here = Path(folder)
        inside = here.relative_to(data_dir).parts
        subfolders.sort()
        for name in sorted(files) + [d + "/" for d in subfolders]:
            if _EDITOR_ARTIFACT.search(name.rstrip("/")):
                continue
            path = here / name.rstrip("/")
            total += path.lstat().st_size if not name.endswith("/") else 0
            if not inside:
                if name in top or name.rstrip("/") in folders | {GEO_FOLDER}:
                    continue
                expected = (
                    f"expected one of {', '.join(sorted(top))}, "
                    f"or a folder {', '.join(f + '/' for f in sorted(folders))}"
                )
            elif inside == (GEO_FOLDER,):
                if name in _GEO_FILES:
                    continue
                expected = (
                    f"data/{GEO_FOLDER}/ holds {' and '.join(sorted(_GEO_FILES))}, "
                    "written by the scripts in tools/geo/"
                )
            elif len(inside) == 1 and inside[0] in folders and not name.endswith("/"):
                if name.endswith(".yml"):
                    continue
                expected = "record files end in .yml" + (
                    f": rename it to {Path(name).stem}.yml" if name.endswith(".yaml") else ""
                )
            elif len(inside) == 1 and inside[0] in folders:
                expected = f"sub-folders are not read: move its files up into data/{inside[0]}/"
            else:
                continue  # reported with its parent folder
            kind = "folder" if name.endswith("/") else "file"
            problems.append(
                Problem(display_path(path, root), 1, None, None, f"unknown data {kind}; {expected}")
            )
    if total > MAX_DATA_BYTES:
        message = (
            f"holds {total:,} bytes of data; the limit is {MAX_DATA_BYTES:,} "
            "(about 25,000 records): the build is not made for more"
        )
        problems.append(Problem(display_path(data_dir, root), 1, None, None, message, cause=True))
    return problems


def _collection_files(data_dir: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {}
    for name, filename in _SINGLE_FILES.items():
        path = data_dir / filename
        absent = filename in _OPTIONAL_COLLECTIONS and not path.exists()
        files[name] = [] if absent else [path]
    for name, folder in _FOLDERS.items():
        files[name] = sorted(
            p for p in (data_dir / folder).glob("*.yml") if not _EDITOR_ARTIFACT.search(p.name)
        )
    return files


def _record_name(raw: Any, key: str, index: int) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) and ID_PATTERN.match(value) else f"#{index + 1}"


def load_dataset(
    root: Path, sources_dir: Path | None = None, *, allow_placeholders: bool = False
) -> Dataset:
    """Load and validate ``root/data``; raise DataError listing every problem.

    With ``sources_dir``, every quote is also checked against the source texts.
    ``allow_placeholders`` lets ``briefing new`` add a record beside unfinished ones.
    """
    with paused_gc():
        return _load_dataset(root, sources_dir, allow_placeholders)


def _load_dataset(root: Path, sources_dir: Path | None, allow_placeholders: bool) -> Dataset:
    data_dir = root / "data"
    checker = Checker()
    problems = checker.problems
    if not data_dir.is_dir():
        raise DataError([Problem(display_path(data_dir, root), 1, None, None, "folder missing")])
    problems.extend(_layout_problems(data_dir, root))

    mappings: dict[str, Any] = {}
    for filename, shape in {**_MAPPING_FILES, **_OPTIONAL_FILES}.items():
        path = data_dir / filename
        name = display_path(path, root)
        if not path.exists() and filename in _OPTIONAL_FILES:
            continue
        if not path.exists():
            problems.append(Problem(name, 1, None, None, "file is missing", cause=True))
            continue
        content, file_problems = load_yaml(path, root)
        problems.extend(file_problems)
        if not file_problems:
            checked = checker.mapping(shape, content, Where(name, 1, None, None))
            mappings[filename] = None if checked is INVALID else checked
            if filename == "vocabulary.yml" and checked is not INVALID:
                checker.vocabulary = {k: tuple(v) for k, v in checked.items()}
                _check_families(checker, content, name)

    raw_records: list[_RawRecord] = []
    recovered: dict[str, set[str]] = {c.name: set() for c in schema.COLLECTIONS}
    unchecked: set[str] = set()  # collections with a file whose ids are unknowable
    collection_files = _collection_files(data_dir)
    for coll_name, paths in collection_files.items():
        collection = schema.COLLECTION_BY_NAME[coll_name]
        for path in paths:
            records, ids = _read_collection_file(
                checker, collection, path, root, allow_placeholders
            )
            raw_records.extend(records)
            if ids is None:
                unchecked.add(coll_name)
            else:
                recovered[coll_name] |= ids

    _check_ids(checker, raw_records)
    known = _known_ids(raw_records)
    for name, ids in recovered.items():
        known[name] |= ids
    known["records"] = known["events"] | known["agreements"]
    if unchecked & set(_FOLDERS):
        unchecked.add("records")
    skipped = _check_references(checker, known, unchecked, data_dir, root)
    source_dates = {
        raw.data["id"]: raw.data["date"]
        for raw in raw_records
        if raw.collection is schema.SOURCES and raw.valid
    }
    for raw in raw_records:
        if raw.valid:
            _check_consistency(checker, raw)
            if raw.collection is schema.EVENTS:
                _check_event_dates(checker, raw, source_dates)
    _check_figures(checker, raw_records)
    coordinates, boundaries = _check_places(checker, raw_records, data_dir, root)
    if sources_dir is not None:
        bodies = _source_bodies(checker, raw_records, sources_dir)
        _check_quotes(checker, bodies)
        _check_accounts(checker, raw_records, bodies)

    _fold_placeholders(checker)
    if problems:
        checkable = {name: ids for name, ids in known.items() if name not in skipped}
        raise DataError(problems, known=checkable)
    info = mappings["dataset.yml"]
    # Not a list of allowed values like the rest of vocabulary.yml: kept apart.
    raw_families: Any = checker.vocabulary.pop("kind_families", ())
    coverage = mappings.get("coverage.yml")
    return _build(
        info,
        checker.vocabulary,
        raw_records,
        coordinates,
        kind_families=tuple(
            KindFamily(f["id"], f["label"], tuple(f["kinds"])) for f in raw_families
        ),
        boundaries=boundaries,
        left_out=tuple(LeftOut(**item) for item in coverage["left_out"]) if coverage else (),
        synonyms=tuple(tuple(group["words"]) for group in mappings["search.yml"]["synonyms"]),
    )


def _check_references(
    checker: Checker, known: dict[str, set[str]], unchecked: set[str], data_dir: Path, root: Path
) -> set[str]:
    """Unknown references, except where one root cause explains them all; returns
    the collections whose references could not be checked."""
    skip = set(unchecked)
    for name in _SINGLE_FILES:
        referred = [r for r in checker.refs if r.collection == name]
        if referred and not known[name] and name not in unchecked:
            # An empty or broken actors.yml would make every reference unknown:
            # name the file once instead of listing each reference.
            file = display_path(data_dir / _SINGLE_FILES[name], root)
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


def _read_collection_file(
    checker: Checker, collection: Collection, path: Path, root: Path, allow_placeholders: bool
) -> tuple[list[_RawRecord], set[str] | None]:
    """The file's records, and the ids recovered if it could not be parsed
    (None when not even its text could be read).  The file is read once."""
    name = display_path(path, root)
    if not path.exists():
        checker.problems.append(Problem(name, 1, None, None, "file is missing", cause=True))
        return [], set()
    text, file_problems = read_text(path, root)
    if text is None:
        checker.problems.extend(file_problems)
        return [], None
    marked = placeholder_lines(text)
    if marked:
        checker.placeholder_lines[name] = set(marked)
    content, file_problems = parse_yaml_text(text, name)
    checker.problems.extend(file_problems)
    if file_problems:
        if marked and not allow_placeholders:
            checker.problems.append(placeholder_problem(name, marked, None))
        return [], set(_ID_LINE.findall(text))
    if content is None:
        return [], set()
    if not isinstance(content, list):
        checker.problems.append(
            Problem(
                name,
                getattr(content, "line", 1),
                None,
                None,
                f"expected a list of {collection.name} (lines starting with '- '), "
                f"got {describe(content)}",
                cause=True,
            )
        )
        return [], set(_ID_LINE.findall(text))
    records = []
    starts = [item.line if isinstance(item, LineDict) else 1 for item in content]
    for index, item in enumerate(content):
        record = _record_name(item, collection.key, index)
        line = starts[index]
        where = Where(name, line, record, None)
        end = starts[index + 1] if index + 1 < len(starts) else len(text.splitlines()) + 1
        unfinished = [n for n in marked if line <= n < end]
        if unfinished:
            if allow_placeholders:
                continue  # an unfinished record is not there yet
            checker.problems.append(placeholder_problem(name, unfinished, record))
        if not isinstance(item, LineDict):
            expected = f"expected a {collection.singular} mapping"
            checker.report(where, f"{expected}, got {describe(item)}")
            continue
        checked = checker.fields(collection.fields, item, where)
        if checked is not INVALID:
            records.append(_RawRecord(collection, checked, name, item))
        elif isinstance(item.get(collection.key), str):
            # Keep the id known so references to it do not pile up more errors.
            kept = {collection.key: item[collection.key]}
            records.append(_RawRecord(collection, kept, name, item, valid=False))
    return records, set()


def _fold_placeholders(checker: Checker) -> None:
    """Drop what follows from a placeholder (an unknown kind ``TODO``, a quote that is
    not in the source): the placeholder's own problem says what to do."""
    if not checker.placeholder_lines:
        return
    checker.problems[:] = [
        p
        for p in checker.problems
        if p.cause or p.line not in checker.placeholder_lines.get(p.file, ())
    ]


def _check_families(checker: Checker, content: LineDict, file: str) -> None:
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


def _check_ids(checker: Checker, raw_records: list[_RawRecord]) -> None:
    # Events and agreements share one namespace, so an id names one record
    # on every listing and anchor.
    seen: dict[tuple[str, str], _RawRecord] = {}
    for raw in raw_records:
        key_field = raw.collection.key
        record_id = raw.data[key_field]
        space = "records" if raw.collection.name in _FOLDERS else raw.collection.name
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


def _known_ids(raw_records: list[_RawRecord]) -> dict[str, set[str]]:
    return ids_by_collection((raw.collection, raw.data[raw.collection.key]) for raw in raw_records)


def _check_consistency(checker: Checker, raw: _RawRecord) -> None:
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


def _check_event_dates(
    checker: Checker, raw: _RawRecord, source_dates: dict[str, PartialDate]
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


def _check_accounts(
    checker: Checker, raws: list[_RawRecord], texts: dict[str, _SourceText]
) -> None:
    """A quote from a text that relays several accounts names the one it is from: the
    account of the last section heading before it in the text."""
    sectioned: dict[str, list[tuple[int, str]]] = {}
    bodies: dict[str, str] = {}
    for raw in raws:
        if raw.collection is schema.SOURCES and raw.valid and raw.data.get("sections"):
            text = texts.get(raw.data["id"])
            if text is None:
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
        if source_id not in sectioned:
            if account is not None:
                checker.report(
                    where, f"source {source_id!r} declares no sections to take an account from"
                )
            continue
        position = bodies[source_id].find(normalise_space(quoted.quote))
        if position < 0:
            continue  # reported by _check_quotes
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


def _check_figures(checker: Checker, raw_records: list[_RawRecord]) -> None:
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


# ---------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------


def _check_places(
    checker: Checker, raws: list[_RawRecord], data_dir: Path, root: Path
) -> tuple[dict[int, Point], Any]:
    """Every place a record names resolves to a gazetteer entry that can be drawn.

    Returns the coordinates of the gazetteer's points, by GeoNames id, and the map's
    boundaries (None without places).
    """
    places = [r for r in raws if r.collection is schema.PLACES and r.valid]
    coordinates: dict[int, Point] = {}
    geo: dict[Path, Any] = {}
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
        # Read like every data file: a link out of the project, a bad encoding or
        # broken JSON is a problem with its file and line, never a traceback.
        geo[geo_file], problems = read_json(path, root)
        checker.problems.extend(problems)
    if geo.get(GEO_PLACES) is not None:
        table = geo[GEO_PLACES]["places"]
        coordinates = {int(k): Point(v["lon"], v["lat"]) for k, v in table.items()}
    by_id = {p.data["id"]: p for p in places}
    for place in places:
        data = place.data

        def report(field: str, message: str, place: _RawRecord = place) -> None:
            line = place.item.line_of(field.split("[")[0])
            checker.report(Where(place.file, line, place.data["id"], field), message)

        if not ("geonames" in data or "country" in data or "path" in data):
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
    records = {r.data["id"]: r for r in raws if r.collection.name in _FOLDERS and r.valid}
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
    return coordinates, geo.get(GEO_BOUNDARIES)


# ---------------------------------------------------------------------------
# Model building (only reached when every check passed)
# ---------------------------------------------------------------------------


T = TypeVar("T")

# Each shape of the schema and the model class built from it.  Model fields are
# named as schema fields, so a new field is one schema line and one dataclass field.
_MODELS: dict[str, type] = {
    schema.TOPICS.name: Topic,
    schema.SOURCES.name: Source,
    schema.ACTORS.name: Actor,
    schema.EVENTS.name: Event,
    schema.AGREEMENTS.name: Agreement,
    schema.PLACES.name: Place,
    schema.DATASET.name: DatasetInfo,
    schema.CITATION.name: Citation,
    schema.AMOUNT.name: Amount,
    schema.KEY_POINT.name: KeyPoint,
    schema.FIGURE.name: Figure,
    schema.TERMS.name: Terms,
    schema.ROLE.name: Role,
    schema.SECTION.name: Section,
    schema.AGREEMENT_LINK.name: AgreementLink,
}


def construct(
    fields: tuple[schema.Field, ...], model: type[T], data: dict[str, Any], **extra: Any
) -> T:
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
    info: dict[str, Any],
    vocabulary: dict[str, tuple[str, ...]],
    raws: list[_RawRecord],
    coordinates: dict[int, Point],
    **reference: Any,
) -> Dataset:
    """The dataset, built once from checked data (``reference``: the kind families,
    boundaries, left-out sentences and synonyms, as ``Dataset`` names them)."""
    tables: dict[str, dict[str, Any]] = {c.name: {} for c in schema.COLLECTIONS}
    for raw in raws:
        collection = raw.collection
        model = _MODELS[collection.name]
        # Events and agreements remember where they are written.
        extra: dict[str, Any] = (
            {"file": raw.file, "line": raw.line} if collection.name in _FOLDERS else {}
        )
        if collection is schema.PLACES and "geonames" in raw.data:
            extra["point"] = coordinates.get(raw.data["geonames"])
        obj: Any = construct(collection.fields, model, raw.data, **extra)
        tables[collection.name][raw.data[collection.key]] = obj
    return Dataset(
        info=construct(schema.DATASET.fields, DatasetInfo, info),
        vocabulary=vocabulary,
        topics=tables["topics"],
        sources=tables["sources"],
        actors=tables["actors"],
        events=tables["events"],
        agreements=tables["agreements"],
        places=tables["places"],
        **reference,
    )


# ---------------------------------------------------------------------------
# Quotes against the source texts in sources/
# ---------------------------------------------------------------------------

SOURCES_FOLDER = "sources"


def sources_folder(root: Path) -> Path | None:
    """``root/sources``, where the source texts live, or None in a project without them."""
    folder = root / SOURCES_FOLDER
    return folder if folder.is_dir() else None


@dataclass(frozen=True)
class _SourceText:
    path: str  # as messages show it
    body: str  # without its header


def _source_bodies(
    checker: Checker, raws: list[_RawRecord], sources_dir: Path
) -> dict[str, _SourceText]:
    """Each source's text, read once; a missing text is reported."""
    bodies: dict[str, _SourceText] = {}
    for raw in raws:
        if raw.collection is schema.SOURCES and raw.valid:
            source_id = raw.data["id"]
            path = sources_dir / raw.data.get("file", f"{source_id}.txt")
            expected = display_path(path, sources_dir.parent)
            text, unreadable = read_text(path, sources_dir.parent) if path.is_file() else ("", [])
            checker.problems.extend(unreadable)
            if text:
                bodies[source_id] = _SourceText(expected, source_body(text))
            elif not unreadable:
                checker.report(
                    Where(raw.file, raw.item.line_of("file"), source_id, "file"),
                    f"no source text at {expected}: expected the text with its "
                    "header there; add it, or correct `file:`",
                )
    return bodies


def _check_quotes(checker: Checker, texts: dict[str, _SourceText]) -> None:
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
