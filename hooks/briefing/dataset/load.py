"""Load ``data/``: which files hold what, read each once, validate each record,
run the checks across records (``crosscheck``), build the model.

``load_dataset`` is the one entry point.  It reports every problem in every
file at once (``problems.DataError``), or returns a ``model.Dataset``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, TypeVar

from ..gcpause import paused_gc
from . import crosscheck, schema
from .crosscheck import GEO_BOUNDARIES, GEO_FOLDER, GEO_PLACES, RawRecord
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
    MAX_RECORDS,
    RECORD_BYTES,
    display_path,
    read_text,
)
from .schema import Collection
from .validate import ID_PATTERN, INVALID, Checker, Where, describe
from .yaml_lines import LineDict, load_yaml, parse_yaml_text

# The vocabulary first: the other mapping files use it.
_MAPPING_FILES = dict(
    sorted(schema.MAPPING_FILES.items(), key=lambda kv: kv[0] != "vocabulary.yml")
)
# Read when present: the sentences of the sources the site leaves out, with reasons.
_OPTIONAL_FILES = schema.OPTIONAL_FILES
# A project may have no gazetteer (and so no map); then no record may name a place.
_OPTIONAL_COLLECTIONS = {"places.yml"}
_GEO_FILES = {GEO_PLACES.name, GEO_BOUNDARIES.name}
# Snapshots of past revisions, written by `python -m briefing revision` and read by
# website/revisions.py: not records.
REVISIONS_FOLDER = "revisions"


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


def _layout_problems(data_dir: Path, root: Path) -> list[Problem]:
    """Every file under data/ is read, or refused here: none is silently skipped."""
    problems = []
    top = set(schema.SINGLE_FILES.values()) | set(_MAPPING_FILES) | set(_OPTIONAL_FILES)
    folders = set(schema.FOLDERS.values())
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
                if name in top or name.rstrip("/") in folders | {GEO_FOLDER, REVISIONS_FOLDER}:
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
            elif inside == (REVISIONS_FOLDER,):
                if name.endswith(".json"):
                    continue
                expected = (
                    f"data/{REVISIONS_FOLDER}/ holds one <date>.json snapshot per revision, "
                    "written by `python -m briefing revision`"
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
            f"({MAX_RECORDS:,} records of about {RECORD_BYTES:,} bytes each, and 1 MB "
            "for the other files): the build is not made for more"
        )
        problems.append(Problem(display_path(data_dir, root), 1, None, None, message, cause=True))
    return problems


def _collection_files(data_dir: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {}
    for name, filename in schema.SINGLE_FILES.items():
        path = data_dir / filename
        absent = filename in _OPTIONAL_COLLECTIONS and not path.exists()
        files[name] = [] if absent else [path]
    for name, folder in schema.FOLDERS.items():
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
                crosscheck.check_vocabulary_keys(checker, content, name)
                crosscheck.check_families(checker, content, name)
            if filename == "search.yml" and checked is not INVALID:
                crosscheck.check_synonyms(checker, content, name)

    raw_records: list[RawRecord] = []
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

    record_count = sum(1 for raw in raw_records if raw.collection.name in schema.FOLDERS)
    if record_count > MAX_RECORDS:
        message = (
            f"holds {record_count:,} events and agreements; the limit is {MAX_RECORDS:,}, "
            "the most the build is measured at: the build is not made for more"
        )
        problems.append(Problem(display_path(data_dir, root), 1, None, None, message, cause=True))
    crosscheck.check_ids(checker, raw_records)
    known = crosscheck.known_ids(raw_records)
    for name, ids in recovered.items():
        known[name] |= ids
    known["records"] = known["events"] | known["agreements"]
    if unchecked & set(schema.FOLDERS):
        unchecked.add("records")
    skipped = crosscheck.check_references(checker, known, unchecked, data_dir, root)
    source_dates = {
        raw.data["id"]: raw.data["date"]
        for raw in raw_records
        if raw.collection is schema.SOURCES and raw.valid
    }
    for raw in raw_records:
        if raw.valid:
            crosscheck.check_consistency(checker, raw)
            if raw.collection is schema.EVENTS:
                crosscheck.check_event_dates(checker, raw, source_dates)
    crosscheck.check_figures(checker, raw_records)
    info = mappings.get("dataset.yml")
    if info is not None:
        crosscheck.check_not_after_revision(checker, raw_records, info["updated"])
    coordinates, boundaries = crosscheck.check_places(checker, raw_records, data_dir, root)
    if sources_dir is not None:
        bodies = crosscheck.source_bodies(checker, raw_records, sources_dir)
        crosscheck.check_quotes(checker, bodies)
        crosscheck.check_accounts(checker, raw_records, bodies)

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


def _read_collection_file(
    checker: Checker, collection: Collection, path: Path, root: Path, allow_placeholders: bool
) -> tuple[list[RawRecord], set[str] | None]:
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
            records.append(RawRecord(collection, checked, name, item))
        elif isinstance(item.get(collection.key), str):
            # Keep the id known so references to it do not pile up more errors.
            kept = {collection.key: item[collection.key]}
            records.append(RawRecord(collection, kept, name, item, valid=False))
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
    raws: list[RawRecord],
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
            {"file": raw.file, "line": raw.line} if collection.name in schema.FOLDERS else {}
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


def sources_folder(root: Path) -> Path:
    """``root/sources``, where the source texts live.  A project without the folder is
    not let off the quote check: loading reports the folder missing."""
    return root / SOURCES_FOLDER
