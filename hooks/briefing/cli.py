"""Command line: ``python -m briefing check`` validates the data without building."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dataset.problems import DataError
from .project import load_project


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
    args = parser.parse_args(argv)

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
