"""Validation problems, collected rather than raised one at a time."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int
    record: str | None
    field: str | None
    message: str
    # A file that cannot be read or parsed: its own problems are hidden behind it,
    # so it is reported before the others.
    cause: bool = dataclasses.field(default=False, compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        if self.record is not None:
            where += f" record {self.record}:"
        if self.field is not None:
            where += f" field {self.field}:"
        return f"{where} {self.message}"


class DataError(Exception):
    """Raised with every problem found, so an editor can fix them in one pass."""

    def __init__(self, problems: list[Problem], known: dict[str, set[str]] | None = None):
        # Root causes first; a file-level and a record-level problem can share a line.
        self.problems = sorted(problems, key=lambda p: (not p.cause, _order(p)))
        # The ids that did load, by collection (a collection whose ids cannot all
        # be known is left out), so hand-written pages can still be checked.
        self.known = known
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{count} {noun} found:\n{lines}")


def _order(problem: Problem) -> tuple[str, int, str, str, str]:
    return (problem.file, problem.line, problem.record or "", problem.field or "", problem.message)
