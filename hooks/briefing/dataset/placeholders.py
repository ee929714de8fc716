"""Placeholders that ``briefing new`` writes into a skeleton record.

Every value the command cannot know is written with the marker ``TODO``. A skeleton
has the shape of a valid record (the JSON Schema accepts it), but the loader refuses
any line still holding the marker, so a record nobody filled in is never published.
"""

from __future__ import annotations

import re

from .problems import Problem

MARKER = "TODO"
_MARKED = re.compile(rf"\b{MARKER}\b")


def placeholder_problems(text: str, name: str) -> list[Problem]:
    """One problem per line of the file ``name`` (its ``text``, as the loader read it)
    that still holds the marker."""
    if MARKER not in text:
        return []
    return [
        Problem(
            name,
            number,
            None,
            None,
            f"placeholder {MARKER} left by `briefing new`: expected what the "
            "source says here, or delete the line if the field is optional",
        )
        for number, line in enumerate(text.splitlines(), start=1)
        if _MARKED.search(line)
    ]
