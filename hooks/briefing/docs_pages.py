"""Hand-written pages in docs/: the references every page makes, and essay front matter."""

from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import schema
from .dataset.dates import PartialDate
from .dataset.load import construct
from .dataset.model import Dataset
from .dataset.problems import DataError, Problem
from .dataset.reading import display_path, read_text
from .dataset.validate import XML_FORBIDDEN, check_mapping, known_ids
from .dataset.yaml_lines import LineDict, parse_yaml_text
from .front_matter import check_front_matter, page_rules, theme_dirs
from .html_balance import unbalanced_html
from .references import FRONT_MATTER, Reference, find_references, unknown_targets

ESSAYS_DIR = "essays/"


@dataclass(frozen=True)
class Essay:
    src_uri: str
    title: str
    date: PartialDate
    summary: str
    topics: tuple[str, ...]
    author: str
    references: tuple[Reference, ...]
    description: str | None = None

    @property
    def cited(self) -> list[tuple[str, str]]:
        """(collection, id) of every record cited, in order of first mention."""
        pairs = ((r.collection, r.target) for r in self.references if r.collection is not None)
        return list(dict.fromkeys(pairs))


@dataclass
class Docs:
    """What the hand-written pages say and cite."""

    essays: list[Essay] = field(default_factory=list)
    cited_by: dict[tuple[str, str], list[Essay]] = field(default_factory=dict)

    def essay(self, src_uri: str) -> Essay | None:
        return next((e for e in self.essays if e.src_uri == src_uri), None)

    def essays_citing(self, collection: str, record_id: str) -> list[Essay]:
        return self.cited_by.get((collection, record_id), [])


def _front_matter(text: str, file: str) -> tuple[object, list[Problem]]:
    match = FRONT_MATTER.match(text)
    if match is None:
        return None, [Problem(file, 1, None, None, "an essay needs YAML front matter")]
    # A leading newline keeps the YAML's line numbers equal to the file's.
    return parse_yaml_text("\n" + match.group(1), file)


def _page_front_matter(
    text: str, file: str, rules: dict[str, Callable[[Any], str | None]]
) -> list[Problem]:
    raw, found = _front_matter(text, file)
    if found:
        return found
    if raw is None:
        return []
    if not isinstance(raw, LineDict):
        return [Problem(file, 2, None, None, "expected front matter of `key: value` lines")]
    return check_front_matter(raw, file, raw.line_of, rules)


# Characters that end or change a URL's path (`#`, `?`, `&`, `%`, and `:`, which makes a
# relative link a scheme), a separator or wildcard on some systems (`\\`, `*`, `|`), or
# break the HTML attribute an address is written into.
_UNSAFE_IN_NAME = frozenset("#?&%:*|\\\"<>'`")


def links_out_of_project(folder: Path, root: Path) -> list[Problem]:
    """Every link under ``folder`` (the theme's overrides, say) to anything outside the
    project: MkDocs publishes a theme folder's other files as they are."""
    real_root = Path(os.path.realpath(root))
    problems = []
    for parent, dirs, files in os.walk(folder):
        for name in sorted([*dirs, *files]):
            path = Path(parent, name)
            if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(real_root):
                problems.append(
                    Problem(
                        display_path(path, root),
                        1,
                        None,
                        None,
                        "is a link to a file outside the project; only files inside it are "
                        "published: copy the file in, or remove the link",
                        cause=True,
                    )
                )
    return problems


def docs_files_problems(docs_dir: Path, root: Path) -> tuple[list[Problem], set[Path]]:
    """Every file MkDocs would publish from docs/ (any type): links out of the project
    are refused, as are names that cannot become an address.  Returns the problems
    and the refused paths."""
    problems: list[Problem] = []
    refused: set[Path] = set()
    real_root = Path(os.path.realpath(root))
    for folder, dirs, files in os.walk(docs_dir):
        dirs.sort()
        for name in sorted([*dirs, *files]):
            if name.startswith("."):
                continue  # MkDocs publishes no hidden file
            path = Path(folder, name)
            file = display_path(path, root)
            if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(real_root):
                problems.append(
                    Problem(
                        file,
                        1,
                        None,
                        None,
                        "is a link to a file outside the project; only files inside it are "
                        "published: copy the file in, or remove the link",
                        cause=True,
                    )
                )
                refused.add(path)
                continue
            unsafe = sorted(
                {c for c in name if c in _UNSAFE_IN_NAME or unicodedata.category(c) == "Cc"}
            )
            if unsafe:
                shown = " ".join(repr(c) for c in unsafe)
                problems.append(
                    Problem(
                        file,
                        1,
                        None,
                        None,
                        f"its name holds {shown}, which cannot be part of a page's address: "
                        "rename it with letters, digits, hyphens, dots or spaces",
                        cause=True,
                    )
                )
                refused.add(path)
        dirs[:] = [d for d in dirs if Path(folder, d) not in refused]
    return problems, refused


def scan_pages(
    docs_dir: Path, root: Path, dataset: Dataset | None, known: dict[str, set[str]] | None = None
) -> Docs:
    """Read every Markdown page under ``docs_dir``; raise DataError on any problem.

    With ``dataset`` None (the data has problems of its own), the pages are still
    checked against the ids that did load (``known``), so that one run reports
    every problem in every file.
    """
    if dataset is not None:
        known = known_ids(dataset)
    docs = Docs()
    rules = page_rules(theme_dirs(root))
    problems, refused = docs_files_problems(docs_dir, root)
    for path in sorted(docs_dir.rglob("*.md")):
        if path in refused or refused.intersection(path.parents):
            continue
        src_uri = path.relative_to(docs_dir).as_posix()
        file = display_path(path, root)
        text, found = read_text(path, root)
        if text is None:
            problems += found
            continue
        forbidden = XML_FORBIDDEN.search(text)
        if forbidden is not None:
            line = text.count("\n", 0, forbidden.start()) + 1
            message = f"contains U+{ord(forbidden[0]):04X}, a control character no page may hold"
            problems.append(Problem(file, line, None, None, message + ": remove it"))
            continue
        problems += [
            Problem(file, line, None, None, f"HTML: {message}")
            for line, message in unbalanced_html(text)
        ]
        references, found = find_references(text, file)
        problems += found
        if known is not None:
            problems += unknown_targets(references, file, known)
        if src_uri.startswith(ESSAYS_DIR) and path.name != "index.md":
            raw, found = _front_matter(text, file)
            problems += found
            if found:
                continue
            meta, found = check_mapping(schema.ESSAY, raw, file, {}, known)
            problems += found
            if meta is not None:
                essay = construct(
                    schema.ESSAY.fields, Essay, meta, src_uri=src_uri, references=tuple(references)
                )
                docs.essays.append(essay)
        elif FRONT_MATTER.match(text):
            problems += _page_front_matter(text, file, rules)
    if problems:
        raise DataError(problems)
    docs.essays.sort(key=lambda e: (e.date.sort_key, e.src_uri), reverse=True)
    cited_by: dict[tuple[str, str], list[Essay]] = defaultdict(list)
    for essay in docs.essays:
        for pair in essay.cited:
            cited_by[pair].append(essay)
    docs.cited_by = dict(cited_by)
    return docs


def docs_collisions(generated: list[str], docs_dir: Path, root: Path) -> list[Problem]:
    """A file in docs/ at the path of a generated page, download or card."""
    problems = []
    for src_uri in sorted(set(generated)):
        path = docs_dir / src_uri
        if path.is_file() or path.is_symlink():
            problems.append(
                Problem(
                    display_path(path, root),
                    1,
                    None,
                    None,
                    f"{src_uri} is generated from data/ and must not exist in docs/: remove it",
                    cause=True,
                )
            )
    return problems
