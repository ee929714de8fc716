"""Placeholders that ``briefing new`` writes into a skeleton record.

Every value the command cannot know is written as the marker ``TODO`` itself, never
as a plausible value with the marker in a comment: a placeholder an editor overlooks
is an error, not a fact.  The loader reports one problem per unfinished record,
naming the lines still marked, and folds into it what follows from those lines (an
unknown kind ``TODO``, a quote not in the source), so a fresh skeleton gives one
clear message.  Commands that only need the finished records (``new``,
``schemas``) load with ``allow_placeholders`` and skip unfinished ones.
"""

from __future__ import annotations

import re

from .problems import Problem

MARKER = "TODO"
_MARKED = re.compile(rf"\b{MARKER}\b")


def placeholder_lines(text: str) -> list[int]:
    """The numbers of the lines that still hold the marker."""
    if MARKER not in text:
        return []
    return [n for n, line in enumerate(text.splitlines(), start=1) if _MARKED.search(line)]


def placeholder_problem(name: str, lines: list[int], record: str | None) -> Problem:
    """The one problem of a record (or a file) with placeholders left on ``lines``."""
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"
    count = "1 placeholder" if len(lines) == 1 else f"{len(lines)} placeholders"
    return Problem(
        name,
        lines[0],
        record,
        None,
        f"{count} {MARKER} left by `briefing new` ({where}): write what the source says "
        "there, or delete the line if the field is optional",
        cause=True,
    )
