"""``[[kind:id]]`` references from hand-written pages to dataset records.

Found in the raw page text (so line numbers are the file's own), checked
against the dataset before the build writes anything, and replaced by links
when MkDocs renders the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .dataset.problems import Problem

REFERENCE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_SHAPE = re.compile(r"^(?P<kind>[a-z]+):(?P<target>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\|(?P<text>.+))?$")
_FENCE = re.compile(
    r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}).*?^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
# A code span never crosses a blank line: a lone backtick does not hide the
# paragraphs after it.
_CODE_SPAN = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+\.)[ \t]")
_INDENTED = re.compile(r"^(?: {4}|\t)")
# YAML front matter at the top of a page; group 1 is the YAML.
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)

# What a reference may name; "list" names a generated block, not a record.
COLLECTIONS = {
    "event": "events",
    "agreement": "agreements",
    "actor": "actors",
    "source": "sources",
    "topic": "topics",
}
BLOCKS = ("latest", "topics", "essays", "numbers", "coverage", "timeline")


@dataclass(frozen=True)
class Reference:
    kind: str  # "event", … or "list"
    target: str
    text: str | None
    line: int
    start: int
    end: int

    @property
    def collection(self) -> str | None:
        return COLLECTIONS.get(self.kind)


def _blank(match: re.Match[str]) -> str:
    # Keep offsets and line numbers: replace code with spaces, keep newlines.
    return re.sub(r"[^\n]", " ", match.group(0))


def _masked(text: str) -> str:
    """Hide front matter, code and comments, where ``[[…]]`` is not a reference.

    Python-Markdown shows code literally and drops comments: a reference there is
    example syntax, neither resolved nor reported.
    """
    text = FRONT_MATTER.sub(_blank, text, count=1)
    text = _FENCE.sub(_blank, text)
    text = _HTML_COMMENT.sub(_blank, text)
    text = _mask_indented_code(text)
    return _CODE_SPAN.sub(_blank, text)


def _mask_indented_code(text: str) -> str:
    """Blank indented code blocks: lines indented four spaces (or a tab) after a
    blank line, outside a list, whose continuation paragraphs are indented too."""
    lines = text.split("\n")
    in_list = in_code = False
    previous_blank = True
    for index, line in enumerate(lines):
        blank = not line.strip()
        if blank:
            previous_blank = True
            continue
        if in_code and _INDENTED.match(line):
            lines[index] = " " * len(line)
        elif previous_blank and not in_list and _INDENTED.match(line):
            in_code = True
            lines[index] = " " * len(line)
        else:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif not _INDENTED.match(line):
                in_list = False
        previous_blank = False
    return "\n".join(lines)


def find_references(text: str, file: str) -> tuple[list[Reference], list[Problem]]:
    """Every reference in a page, with the problems of those that are malformed."""
    references: list[Reference] = []
    problems: list[Problem] = []
    masked = _masked(text)
    for match in REFERENCE.finditer(masked):
        line = masked.count("\n", 0, match.start()) + 1
        shape = _SHAPE.match(match.group(1).strip())
        if shape is None or (shape["kind"] not in COLLECTIONS and shape["kind"] != "list"):
            message = (
                f"malformed reference {match.group(0)!r}: expected [[kind:id]] or "
                f"[[kind:id|text]] with kind one of {', '.join(COLLECTIONS)}"
            )
        elif shape["kind"] == "list" and shape["target"] not in BLOCKS:
            message = f"unknown list {shape['target']!r}; expected one of {', '.join(BLOCKS)}"
        else:
            message = None
        if message is not None or shape is None:
            problems.append(Problem(file, line, None, None, message or "malformed reference"))
            continue
        text_part = shape["text"].strip() if shape["text"] else None
        references.append(
            Reference(shape["kind"], shape["target"], text_part, line, match.start(), match.end())
        )
    return references, problems


def unknown_targets(
    references: list[Reference], file: str, known: dict[str, set[str]]
) -> list[Problem]:
    """References to ids not in ``known``; collections missing from it are not checked."""
    return [
        Problem(file, ref.line, None, None, f"unknown {ref.kind} {ref.target!r}")
        for ref in references
        if ref.collection in known and ref.target not in known[ref.collection]
    ]


def substitute(text: str, references: list[Reference], replace: Callable[[Reference], str]) -> str:
    """Replace each reference (found in this same text) by ``replace(ref)``."""
    parts = []
    position = 0
    for ref in references:
        parts.append(text[position : ref.start])
        parts.append(replace(ref))
        position = ref.end
    parts.append(text[position:])
    return "".join(parts)
