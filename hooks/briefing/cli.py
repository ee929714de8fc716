"""Command line.

- ``python -m briefing check`` validates the data without building;
- ``python -m briefing generate OUT`` writes the site's page tree as plain files,
  for a build with no hooks (plain MkDocs, or Zensical);
- ``python -m briefing serve`` previews the site, rebuilding only what a data
  edit reaches (``serve.py``; it imports MkDocs, so it is imported only here).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .dataset import coverage
from .dataset.problems import DataError
from .project import load_project
from .website.generate import generate as generate_tree


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
        help="also check every quote verbatim against the source texts in DIR",
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
        help="the source texts (default: $BRIEFING_SOURCES, else sources/ in the project)",
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
    args = parser.parse_args(argv)
    if args.command == "coverage":
        return _coverage(args.root.resolve(), args.sources, args.all)
    if args.command == "serve":
        return _serve(args.config_file, args.dev_addr, args.site_dir)
    if args.command == "generate":
        return _generate(args.root.resolve(), args.out)

    root = args.root.resolve()
    try:
        project = load_project(root, root / "docs", args.sources)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    dataset, docs = project.dataset, project.docs
    print(
        f"OK: {len(dataset.events)} events, {len(dataset.agreements)} agreements, "
        f"{len(dataset.actors)} actors, {len(dataset.sources)} sources, "
        f"{len(dataset.topics)} topics, {len(docs.essays)} essays"
        + (", every quote found verbatim" if args.sources else "")
    )
    return 0


def _coverage(root: Path, sources: Path | None, everything: bool) -> int:
    sources = sources or _default_sources(root)
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


def _default_sources(root: Path) -> Path:
    """``$BRIEFING_SOURCES``, else the project's own ``sources/`` folder."""
    value = os.environ.get("BRIEFING_SOURCES")
    return Path(value) if value else root / "sources"


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


def _serve(config_file: Path, dev_addr: str | None, site_dir: Path | None) -> int:
    import logging

    from . import serve

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
