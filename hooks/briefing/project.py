"""The whole project's input: the dataset in ``data/`` and the hand-written pages
in ``docs/``, loaded together so that one run reports every problem in both."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dataset.load import load_dataset
from .dataset.model import Dataset
from .dataset.problems import DataError, Problem
from .docs_pages import Docs, scan_pages


@dataclass(frozen=True)
class Project:
    dataset: Dataset
    docs: Docs


def load_project(root: Path, docs_dir: Path, sources_dir: Path | None = None) -> Project:
    """Load and check everything; raise DataError with every problem found."""
    problems: list[Problem] = []
    dataset: Dataset | None = None
    known: dict[str, set[str]] | None = None
    try:
        dataset = load_dataset(root, sources_dir)
    except DataError as error:
        problems += error.problems
        known = error.known
    try:
        docs = scan_pages(docs_dir, root, dataset, known)
    except DataError as error:
        problems += error.problems
    if problems or dataset is None:
        raise DataError(problems)
    return Project(dataset, docs)
