"""Placeholders that ``briefing new`` writes into a skeleton record.

Every value the command cannot know is written with the marker ``TODO``. A skeleton
has the shape of a valid record (the JSON Schema accepts it), but the loader refuses
any line still holding the marker, so a record nobody filled in is never published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem
from .reading import display_path, read_text

MARKER = "TODO"
_MARKED = re.compile(rf"\b{MARKER}\b")


def placeholder_problems(paths: Iterable[Path], root: Path) -> list[Problem]:
    """One problem per line that still holds the marker."""
    problems = []
    for path in paths:
        # Through the same guarded reader as the data: a file it refuses is reported there.
        text, refused = read_text(path, root)
        if text is None or refused or MARKER not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if _MARKED.search(line):
                problems.append(
                    Problem(
                        display_path(path, root),
                        number,
                        None,
                        None,
                        f"placeholder {MARKER} left by `briefing new`: expected what the "
                        "source says here, or delete the line if the field is optional",
                    )
                )
    return problems
