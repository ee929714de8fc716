"""Command line.

- ``python -m briefing check`` validates the data without building;
- ``coverage`` lists what of the sources the site covers;
- ``new`` writes a skeleton record; ``schemas`` writes the editors' schema files;
- ``generate OUT`` writes the site's page tree as plain files, for a build with
  no hooks (plain MkDocs, or Zensical);
- ``serve`` previews the site, rebuilding only what a data edit reaches
  (``preview/server.py``; it imports MkDocs, so it is imported only here);
- ``offline`` builds the offline edition;
- ``index SITE`` does for a site built with no hooks (Zensical's) what the hooks do at the
  end of a build: the search index, and the Content-Security-Policy in every page and in
  ``_headers``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

from ..dataset import coverage, schema
from ..dataset.dates import PartialDate
from ..dataset.load import SOURCES_FOLDER, load_dataset, sources_folder
from ..dataset.model import Dataset
from ..dataset.placeholders import MARKER
from ..dataset.problems import DataError
from ..dataset.validate import ID_PATTERN
from ..project import load_project
from ..website import csp, site_search
from . import editing, offline
from .generate import generate as generate_tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate data/ and the references in docs/")
    check.add_argument(
        "root", nargs="?", type=Path, default=Path.cwd(), help="project folder (default: here)"
    )
    check.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="check every quote verbatim against the source texts in DIR "
        "(default: sources/ in the project folder)",
    )
    cover = commands.add_parser(
        "coverage",
        help="list each sentence of each source with the records and essays that cite it; "
        "fail if a sentence is neither covered nor listed in data/coverage.yml",
    )
    cover.add_argument(
        "root", nargs="?", type=Path, default=Path.cwd(), help="project folder (default: here)"
    )
    cover.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="the source texts (default: sources/ in the project folder)",
    )
    cover.add_argument(
        "--all", action="store_true", help="list every sentence, not only the uncovered ones"
    )
    generate = commands.add_parser(
        "generate",
        help="write every page as a plain file into OUT, with a mkdocs.yml that needs no hooks",
    )
    generate.add_argument("out", type=Path, metavar="OUT", help="folder to write (new or empty)")
    generate.add_argument(
        "--root", type=Path, default=Path.cwd(), help="project folder (default: here)"
    )
    serve = commands.add_parser(
        "serve", help="preview the site; a data edit rebuilds only the pages it changes"
    )
    serve.add_argument(
        "-a", "--dev-addr", metavar="IP:PORT", help="address to serve on (default: 127.0.0.1:8000)"
    )
    serve.add_argument(
        "-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml"
    )
    serve.add_argument(
        "--site-dir",
        type=Path,
        help="build into this folder, kept afterwards (default: a temporary folder)",
    )

    new = commands.add_parser(
        "new", help="write a skeleton event or agreement, with every field documented"
    )
    new.add_argument("kind", choices=["event", "agreement"])
    new.add_argument("id", help="the new record's id: lowercase words joined by hyphens")
    new.add_argument(
        "--file",
        type=Path,
        help="append to this file in data/events/ or data/agreements/ "
        "(default: a new file named after the id)",
    )
    new.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it")
    new.add_argument("--source", help="id of the source in data/sources.yml")
    new.add_argument("--topic", action="append", default=[], help="topic slug (repeatable)")
    new.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")

    schemas = commands.add_parser(
        "schemas", help="write schemas/*.json and .vscode/settings.json for schema-aware editors"
    )
    schemas.add_argument("--check", action="store_true", help="only report stale files")
    schemas.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")

    offline_edition = commands.add_parser(
        "offline", help="build the offline edition: a zip of the site that works from file://"
    )
    offline_edition.add_argument(
        "--out", type=Path, default=Path("build"), help="where to write it (default: build/)"
    )
    offline_edition.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")

    index = commands.add_parser(
        "index",
        help="for a site built without our hooks (Zensical): write its search index "
        "(pagefind/) and its Content-Security-Policy (in every page and _headers)",
    )
    index.add_argument("site", type=Path, metavar="SITE", help="the built site folder")
    index.add_argument(
        "--root", type=Path, default=Path.cwd(), help="project folder (default: here)"
    )

    args = parser.parse_args(argv)
    if args.command == "index":
        return _index(args.root.resolve(), args.site)
    if args.command == "coverage":
        return _coverage(args.root.resolve(), args.sources, args.all)
    if args.command == "serve":
        return _serve(args.config_file, args.dev_addr, args.site_dir)
    if args.command == "generate":
        return _generate(args.root.resolve(), args.out)
    if args.command == "offline":
        return _offline(args)
    if args.command == "new":
        return _new(args)
    if args.command == "schemas":
        return _schemas(args)
    return _check(args)


def _check(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    texts = args.sources or sources_folder(root)
    try:
        project = load_project(root, root / "docs", texts)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    dataset, docs = project.dataset, project.docs
    print(
        f"OK: {len(dataset.events)} events, {len(dataset.agreements)} agreements, "
        f"{len(dataset.actors)} actors, {len(dataset.sources)} sources, "
        f"{len(dataset.topics)} topics, {len(docs.essays)} essays"
        + (
            ", every quote found verbatim"
            if texts
            else f"; quotes not checked: no {root / SOURCES_FOLDER} folder"
        )
    )
    return 0


def _coverage(root: Path, sources: Path | None, everything: bool) -> int:
    sources = sources or root / SOURCES_FOLDER
    if not sources.is_dir():
        print(f"no source texts at {sources}: pass --sources DIR", file=sys.stderr)
        return 2
    try:
        project = load_project(root, root / "docs", sources)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    essays = {
        f"essays/{Path(e.src_uri).name}": (root / "docs" / e.src_uri).read_text(encoding="utf-8")
        for e in project.docs.essays
    }
    report = coverage.measure(project.dataset, sources, essays)
    titles = {s.id: s.title for s in project.dataset.sources.values()}
    sys.stdout.write(coverage.render_report(report, titles, everything))
    return 1 if report.uncovered or report.stale else 0


def _generate(root: Path, out: Path) -> int:
    try:
        result = generate_tree(root, out)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Wrote {result.pages} pages and {result.assets} downloads to {result.out}\n"
        f"Build it with: cd {result.out} && "
        f"SOURCE_DATE_EPOCH={result.source_date_epoch} mkdocs build --strict\n"
        f"(SOURCE_DATE_EPOCH dates the sitemap by the dataset, as the hooked build does.)"
    )
    return 0


def _index(root: Path, site: Path) -> int:
    if not (site / "index.html").is_file():
        return _fail(f"{site} holds no built site (no index.html): build it first")
    try:
        dataset = load_dataset(root)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    pages = site_search.write_index(site, dataset)
    print(f"Indexed {pages} pages into {site / site_search.INDEX_DIR}")
    if csp.seal_site(site, _theme_dirs(root, site)):
        print(f"Wrote the Content-Security-Policy into every page and {site / '_headers'}")
    return 0


def _theme_dirs(root: Path, site: Path) -> list[Path]:
    """The templates the site's pages were written from: the project's overrides, then
    the engine's own theme (Zensical's or Material's, named by the pages' generator tag)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    engine = "zensical" if 'name="generator" content="zensical' in home else "material"
    theme = Path(importlib.import_module(engine).__file__ or "").parent / "templates"
    return [root / "overrides", theme]


def _load(root: Path) -> Dataset | None:
    try:
        return load_dataset(root, allow_placeholders=True)
    except DataError as error:
        print(error, file=sys.stderr)
        print("error: fix the data first (python -m briefing check)", file=sys.stderr)
        return None


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _new(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    collection = schema.COLLECTION_BY_NAME[f"{args.kind}s"]
    dataset = _load(root)
    if dataset is None:
        return 1
    if not ID_PATTERN.match(args.id):
        return _fail(f"{args.id!r} is not an id; expected lowercase letters, digits and hyphens")
    if args.id in dataset.events or args.id in dataset.agreements:
        return _fail(f"the id {args.id!r} is taken; expected a new id")
    if args.date is not None:
        try:
            PartialDate.parse(args.date)
        except ValueError as error:
            return _fail(f"--date: {error}")
    if args.source is not None and args.source not in dataset.sources:
        return _fail(f"--source: unknown source {args.source!r}; expected one of data/sources.yml")
    for topic in args.topic:
        if topic not in dataset.topics:
            return _fail(
                f"--topic: unknown topic {topic!r}; expected one of {', '.join(dataset.topics)}"
            )

    folder = root / collection.location.rsplit("/", 1)[0]
    target = (root / (args.file or editing.default_file(collection, args.id))).resolve()
    if target.parent != folder.resolve() or target.suffix != ".yml":
        return _fail(f"--file: expected a .yml file in {folder.relative_to(root)}/")
    given = editing.Given(args.id, args.date, args.source, tuple(args.topic))
    text = editing.skeleton(collection, dataset, given)

    before = target.read_text(encoding="utf-8") if target.exists() else None
    start = 1
    if before:
        prefix = before if before.endswith("\n") else before + "\n"
        start = prefix.count("\n") + 2
        text = prefix + "\n" + text
    target.write_text(text, encoding="utf-8")

    # The skeleton must have the shape of a valid record: only its placeholders may be wrong.
    try:
        load_dataset(root)
        problems = []
    except DataError as error:
        problems = error.problems
    unexpected = [p for p in problems if MARKER not in p.message]
    if unexpected:
        if before is None:
            target.unlink()
        else:
            target.write_text(before, encoding="utf-8")
        print(DataError(unexpected), file=sys.stderr)
        return _fail(f"the new {collection.singular} would not be valid; nothing was written")
    name = target.relative_to(root).as_posix()
    marked = [p for p in problems if p.file == name and p.line >= start]
    print(
        f"{name}:{start}: new {collection.singular} {args.id!r}: replace the "
        f"{len(marked)} placeholder(s) marked {MARKER}, then run `python -m briefing check`"
    )
    return 0


def _serve(config_file: Path, dev_addr: str | None, site_dir: Path | None) -> int:
    import logging

    from ..preview import server as serve

    # What `mkdocs serve` prints: MkDocs' messages (ours among them) on stderr.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    if not config_file.is_file():
        print(f"{config_file}: not found", file=sys.stderr)
        return 1
    return serve.serve(config_file, dev_addr, site_dir)


def _schemas(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    dataset = _load(root)
    if dataset is None:
        return 1
    stale = editing.stale_files(root, dataset)
    if args.check:
        for path in stale:
            print(f"{path}: out of date; run `python -m briefing schemas`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in stale.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


OFFLINE_NAME = "cambodia-japan-briefing-offline"


def _offline(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    shim = root / offline.SHIM_SOURCE
    if not shim.is_file():
        return _fail(f"{offline.SHIM_SOURCE} is missing: run `npm ci --no-audit --no-fund`")
    out = (root / args.out).resolve()
    site = out / OFFLINE_NAME
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["-f", str(root / "mkdocs.offline.yml"), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if subprocess.run(command, cwd=root, env=env).returncode != 0:
        return _fail("the build failed; nothing was zipped")
    offline.make_offline(site, shim)
    archive = out / f"{OFFLINE_NAME}.zip"
    offline.zip_site(site, archive, OFFLINE_NAME)
    size = archive.stat().st_size / 1_000_000
    print(f"wrote {archive} ({size:.1f} MB); unzip it and open {OFFLINE_NAME}/index.html")
    return 0
