"""Command line: ``python -m briefing COMMAND [--root DIR]`` (and ``--version``).

Every command takes the project folder as ``--root`` (default: here) and says so
plainly when it is run outside one.

- ``check`` validates the data without building;
- ``coverage`` lists what of the sources the site covers;
- ``new`` writes a skeleton record; ``schemas`` writes the editors' schema files;
- ``generate OUT`` writes the site's page tree as plain files, for a build with
  no hooks (plain MkDocs, or Zensical);
- ``serve`` previews the site, rebuilding only what a data edit reaches
  (``preview/server.py``; it imports MkDocs, so it is imported only here);
- ``offline`` builds the offline edition;
- ``citation`` writes ``CITATION.cff`` from ``data/dataset.yml``;
- ``revision`` records the current data as a revision in ``data/revisions/``.
- ``index SITE`` does for a site built with no hooks (Zensical's) what the hooks do at the
  end of a build: the search index, and the Content-Security-Policy in every page and in
  ``_headers``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..config_file import CONFIG_NAME, read_config, resolved
from ..dataset import coverage, schema
from ..dataset.dates import PartialDate
from ..dataset.load import SOURCES_FOLDER, load_dataset, sources_folder
from ..dataset.model import Dataset
from ..dataset.placeholders import MARKER, placeholder_lines
from ..dataset.problems import DataError
from ..dataset.validate import id_problem
from ..plan import BuildPlan, Settings, load_plan
from ..website import csp, revisions, site_search
from ..website.cff import FILE_NAME, citation_cff
from ..website.exports import Plain, dataset_json
from ..website.views import plural
from . import editing, offline
from .generate import generate as generate_tree
from .writing import WriteError, write_atomic

PACKAGE = "cambodia-japan-briefing"


def _version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, not installed
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    # Options every command shares, so that each takes them the same way.
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--root",
        type=Path,
        default=None,
        metavar="DIR",
        help="the project folder, holding mkdocs.yml and data/ (default: here)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m briefing",
        description="Check, preview and publish the Cambodia–Japan briefing.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, parents=[shared])

    check = command("check", "validate data/, the references in docs/ and every quote")
    # The project folder may also be given as a word, as before: `check DIR`.
    check.add_argument("old_root", nargs="?", type=Path, help=argparse.SUPPRESS)
    check.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="check every quote verbatim against the source texts in DIR "
        "(default: sources/ in the project folder)",
    )
    cover = command(
        "coverage",
        "list each sentence of each source with the records and essays that cite it; "
        "fail if a sentence is neither covered nor listed in data/coverage.yml",
    )
    cover.add_argument("old_root", nargs="?", type=Path, help=argparse.SUPPRESS)
    cover.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="the source texts (default: sources/ in the project folder)",
    )
    cover.add_argument(
        "--all", action="store_true", help="list every sentence, not only the uncovered ones"
    )
    generate = command(
        "generate",
        "write every page as a plain file into OUT, with a mkdocs.yml that needs no hooks",
    )
    generate.add_argument("out", type=Path, metavar="OUT", help="folder to write (new or empty)")
    serve = command("serve", "preview the site; a data edit rebuilds only the pages it changes")
    serve.add_argument(
        "-a", "--dev-addr", metavar="IP:PORT", help="address to serve on (default: 127.0.0.1:8000)"
    )
    serve.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=None,
        help="the config file (default: mkdocs.yml in the project folder)",
    )
    serve.add_argument(
        "--site-dir",
        type=Path,
        help="build into this folder, kept afterwards (default: a temporary folder); "
        "never a folder the site is made from",
    )

    new = command("new", "write a skeleton event or agreement, with every field documented")
    new.add_argument("kind", choices=["event", "agreement"])
    new.add_argument("id", help="the new record's id: lowercase words joined by hyphens")
    new.add_argument(
        "--file",
        type=Path,
        help="append to this file in data/events/ or data/agreements/ "
        "(default: a new file named after the id)",
    )
    new.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it")
    new.add_argument(
        "--reported",
        help="for an event no source dates: the date of the source that reports it "
        "(YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    new.add_argument("--source", help="id of the source in data/sources.yml")
    new.add_argument("--topic", action="append", default=[], help="topic slug (repeatable)")

    schemas = command(
        "schemas", "write schemas/*.json and .vscode/settings.json for schema-aware editors"
    )
    schemas.add_argument("--check", action="store_true", help="only report stale files")

    offline_edition = command(
        "offline", "build the offline edition: a zip of the site that works from file://"
    )
    offline_edition.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        help="the folder to write the zip into (default: build/ in the project folder)",
    )
    cite = command("citation", f"write {FILE_NAME} at the project's root from data/dataset.yml")
    cite.add_argument("--check", action="store_true", help="only report a stale file")
    record = command(
        "revision",
        "record the current data as the revision of its `updated` date in data/revisions/",
    )
    record.add_argument(
        "--check", action="store_true", help="only report whether the current data is recorded"
    )
    index = command(
        "index",
        "for a site built without our hooks (Zensical): write its search index "
        "(pagefind/) and its Content-Security-Policy (in every page and _headers)",
    )
    index.add_argument("site", type=Path, metavar="SITE", help="the built site folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    given = args.root or getattr(args, "old_root", None)
    if args.root is not None and getattr(args, "old_root", None) is not None:
        return _fail("give the project folder once: --root DIR")
    root = (given or Path.cwd()).resolve()
    if args.command == "serve" and args.config_file is not None:
        root = args.config_file.resolve().parent if given is None else root
    missing = _not_a_project(root)
    if missing:
        return _fail(missing)
    try:
        if args.command == "coverage":
            return _coverage(root, args.sources, args.all)
        if args.command == "serve":
            return _serve(root, args.config_file, args.dev_addr, args.site_dir)
        if args.command == "generate":
            return _generate(root, args.out)
        if args.command == "offline":
            return _offline(root, args.out)
        if args.command == "new":
            return _new(root, args)
        if args.command == "schemas":
            return _schemas(root, args.check)
        if args.command == "citation":
            return _citation(root, args.check)
        if args.command == "revision":
            return _revision(root, args.check)
        if args.command == "index":
            return _index(root, args.site)
        return _check(root, args.sources)
    except WriteError as error:
        return _fail(str(error))


def _not_a_project(root: Path) -> str | None:
    """Why ``root`` is not a project folder, or None."""
    lacking = [name for name in (CONFIG_NAME, "data") if not (root / name).exists()]
    if not lacking:
        return None
    return (
        f"{root} is not a briefing project folder (no {' and no '.join(lacking)} here): "
        "run the command in the project folder, or give it with --root DIR"
    )


def _plan(root: Path, sources: Path | None = None) -> BuildPlan:
    """The build plan of the project at ``root``, as every build makes it."""
    config = resolved(read_config(root / CONFIG_NAME))
    return load_plan(Settings.from_config(root, config), sources)


def _check(root: Path, sources: Path | None) -> int:
    texts = sources or sources_folder(root)
    try:
        plan = _plan(root, texts)
        plan.check_outputs()  # what `check` passes also builds
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    dataset, docs = plan.dataset, plan.docs
    print(
        f"OK: {len(dataset.events)} events, {len(dataset.agreements)} agreements, "
        f"{len(dataset.actors)} actors, {len(dataset.sources)} sources, "
        f"{len(dataset.topics)} topics, {len(docs.essays)} essays, every quote found verbatim"
    )
    return 0


def _coverage(root: Path, sources: Path | None, everything: bool) -> int:
    sources = sources or root / SOURCES_FOLDER
    if not sources.is_dir():
        print(f"no source texts at {sources}: pass --sources DIR", file=sys.stderr)
        return 2
    try:
        plan = _plan(root, sources)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    docs_dir = plan.settings.docs_dir
    essays = {
        f"essays/{Path(e.src_uri).name}": (docs_dir / e.src_uri).read_text(encoding="utf-8")
        for e in plan.docs.essays
    }
    report = coverage.measure(plan.dataset, sources, essays)
    titles = {s.id: s.title for s in plan.dataset.sources.values()}
    sys.stdout.write(coverage.render_report(report, titles, everything))
    return 1 if report.uncovered or report.uncovered_facts or report.stale else 0


def _generate(root: Path, out: Path) -> int:
    try:
        result = generate_tree(root, out)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
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
        settings = Settings.from_config(root, resolved(read_config(root / CONFIG_NAME)))
        dataset = load_dataset(root)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        pages = site_search.write_index(site, dataset, settings.search_separator)
    except site_search.SearchIndexError as error:
        return _fail(str(error))
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


def _new(root: Path, args: argparse.Namespace) -> int:
    collection = schema.COLLECTION_BY_NAME[f"{args.kind}s"]
    wrong = id_problem(args.id)
    if wrong is not None:
        return _fail(wrong)
    if args.reported is not None and collection is not schema.EVENTS:
        return _fail("--reported: only an event is known by the date of its report")
    if args.reported is not None and args.date is not None:
        return _fail("--reported: give the date or the date of the report, not both")
    for option, value in (("--date", args.date), ("--reported", args.reported)):
        if value is not None:
            try:
                PartialDate.parse(value)
            except ValueError as error:
                return _fail(f"{option}: {error}")
    folder = root / collection.location.rsplit("/", 1)[0]
    target = (root / (args.file or editing.default_file(collection, args.id))).resolve()
    if target.parent != folder.resolve() or target.suffix != ".yml":
        return _fail(f"--file: expected a .yml file in {folder.relative_to(root)}/")
    if target.name.startswith(".") or target.name.endswith("~"):
        return _fail(
            f"--file: {target.name} would be ignored by the build (a name starting with '.' "
            "or ending in '~' is an editor's temporary file): choose another name"
        )
    dataset = _load(root)
    if dataset is None:
        return 1
    if args.id in dataset.events or args.id in dataset.agreements:
        return _fail(f"the id {args.id!r} is taken; expected a new id")
    if args.source is not None and args.source not in dataset.sources:
        return _fail(f"--source: unknown source {args.source!r}; expected one of data/sources.yml")
    for topic in args.topic:
        if topic not in dataset.topics:
            return _fail(
                f"--topic: unknown topic {topic!r}; expected one of {', '.join(dataset.topics)}"
            )

    given = editing.Given(args.id, args.date, args.source, tuple(args.topic), args.reported)
    skeleton = editing.skeleton(collection, dataset, given)

    before = target.read_text(encoding="utf-8") if target.exists() else None
    start, text = 1, skeleton
    if before:
        prefix = before if before.endswith("\n") else before + "\n"
        start = prefix.count("\n") + 2
        text = prefix + "\n" + skeleton
    write_atomic(target, text)

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
            write_atomic(target, before)
        print(DataError(unexpected), file=sys.stderr)
        return _fail(f"the new {collection.singular} would not be valid; nothing was written")
    name = target.relative_to(root).as_posix()
    marked = len(placeholder_lines(skeleton))
    print(
        f"{name}:{start}: new {collection.singular} {args.id!r}: replace the "
        f"{plural(marked, 'placeholder')} marked {MARKER}, then run `python -m briefing check`"
    )
    return 0


def _serve(
    root: Path, config_file: Path | None, dev_addr: str | None, site_dir: Path | None
) -> int:
    import logging

    from ..preview import server as serve

    # What `mkdocs serve` prints: MkDocs' messages (ours among them) on stderr.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    config_file = config_file or root / CONFIG_NAME
    if not config_file.is_file():
        return _fail(f"{config_file}: not found")
    if site_dir is not None:
        # Before anything is built: the server empties the folder it builds into.
        try:
            settings = Settings.from_config(root, resolved(read_config(config_file)))
        except DataError as error:
            print(error, file=sys.stderr)
            return 1
        problem = settings.output_problem(site_dir)
        if problem:
            return _fail(f"--site-dir {site_dir}: {problem}")
    return serve.serve(config_file, dev_addr, site_dir)


def _schemas(root: Path, check_only: bool) -> int:
    dataset = _load(root)
    if dataset is None:
        return 1
    stale = editing.stale_files(root, dataset)
    if check_only:
        for path in stale:
            print(f"{path}: out of date; run `python -m briefing schemas`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in stale.items():
        write_atomic(root / path, text)
        print(f"wrote {path}")
    return 0


def _citation(root: Path, check_only: bool) -> int:
    dataset = _load(root)
    if dataset is None:
        return 1
    target = root / FILE_NAME
    text = citation_cff(dataset)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if check_only:
        if current != text:
            print(f"{FILE_NAME}: out of date; run `python -m briefing citation`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        write_atomic(target, text)
        print(f"wrote {FILE_NAME}")
    return 0


def _revision(root: Path, check_only: bool) -> int:
    try:
        dataset = load_dataset(root)
    except DataError as error:
        print(error, file=sys.stderr)
        return _fail("fix the data first (python -m briefing check)")
    document = json.loads(dataset_json(dataset, Plain(dataset)))
    target = root / revisions.FOLDER / f"{dataset.info.updated.iso}.json"
    text = revisions.snapshot_text(document)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    shown = target.relative_to(root)
    if check_only:
        if current != text:
            print(f"{shown}: the current data is not recorded; run `python -m briefing revision`")
            return 1
        print(f"{shown}: the current data is recorded")
        return 0
    if current is not None and current != text:
        # A recorded revision is what readers were given: never rewritten in place.
        return _fail(
            f"{shown} already records a different state of revision "
            f"{dataset.info.updated.iso}: set a new `updated` date in data/dataset.yml first"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    print(f"wrote {shown}")
    return 0


OFFLINE_NAME = "cambodia-japan-briefing-offline"


def _offline(root: Path, out_option: Path) -> int:
    shim = root / offline.SHIM_SOURCE
    if not shim.is_file():
        return _fail(f"{offline.SHIM_SOURCE} is missing: run `npm ci --no-audit --no-fund`")
    out = (root / out_option).resolve()
    archive = out / f"{OFFLINE_NAME}.zip"
    # Built in a temporary folder, so that only the zip is left behind.
    with tempfile.TemporaryDirectory(prefix="briefing-offline-") as scratch:
        site = Path(scratch) / OFFLINE_NAME
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
        command += ["-f", str(root / "mkdocs.offline.yml"), "-d", str(site)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        if subprocess.run(command, cwd=root, env=env).returncode != 0:
            return _fail("the build failed; nothing was zipped")
        offline.make_offline(site, shim)
        try:
            offline.zip_site(site, archive, OFFLINE_NAME)
        except DataError as error:
            print(error, file=sys.stderr)
            return _fail("nothing was zipped")
    size = archive.stat().st_size / 1_000_000
    print(f"wrote {archive} ({size:.1f} MB); unzip it and open {OFFLINE_NAME}/index.html")
    return 0
