"""How much of each source the site covers, sentence by sentence.

A sentence is covered when a quotation overlaps it: a record's or an actor's
citation, or a passage an essay quotes in quotation marks.  Headings (short lines
without closing punctuation) are furniture and need nothing.  Every other
sentence is either covered or listed in ``data/coverage.yml`` with the reason it
is left out; ``python -m briefing coverage`` fails on any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Dataset, LeftOut
from .reading import normalise_space, source_body

# A sentence ends at . ! ? (and a closing quote), before white space and a capital,
# a digit or an opening quote; the machine translation also runs sentences together
# with no space ("United States.Indeed").
_BOUNDARY = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[A-Z0-9“\"(])|(?<=[a-z%]\.)(?=[A-Z])")
# Words whose full stop ends no sentence.
_ABBREVIATIONS = re.compile(r"(?:\b(?:Gen|Dr|No|Mr|Mrs|Ms|St|Prof|Ltd|Inc|vs)|U\.S)\.$")
# Quoted passages in an essay: straight or curly double quotes, three words or more.
_ESSAY_QUOTE = re.compile(r"[\"“]([^\"“”]{12,400})[\"”]")
# A list marker ("1.", "a.") belongs to what follows it.
_MARKER = re.compile(r"^(?:\d{1,2}|[a-z])\.$")
_HEADING_WORDS = 12


@dataclass(frozen=True)
class Sentence:
    source: str
    number: int  # 1-based, in reading order
    text: str
    start: int  # offsets in the source's normalised body
    end: int

    @property
    def heading(self) -> bool:
        """A title or section heading: no closing punctuation, a few words."""
        return not re.search(r"[.!?:;”\"’)]$", self.text) and len(self.text.split()) <= (
            _HEADING_WORDS
        )


@dataclass
class SentenceCoverage:
    sentence: Sentence
    cited_by: list[str] = field(default_factory=list)  # "events/x", "essays/y.md"
    left_out: LeftOut | None = None

    @property
    def status(self) -> str:
        if self.cited_by:
            return "covered"
        if self.sentence.heading:
            return "heading"
        if self.left_out is not None:
            return f"left out ({self.left_out.reason})"
        return "UNCOVERED"

    @property
    def uncovered(self) -> bool:
        return self.status == "UNCOVERED"


@dataclass
class CoverageReport:
    lines: list[SentenceCoverage]
    # Left-out entries that match no sentence, or a sentence that is covered after all.
    stale: list[tuple[LeftOut, str]]

    @property
    def uncovered(self) -> list[SentenceCoverage]:
        return [line for line in self.lines if line.uncovered]

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for line in self.lines:
            key = line.status.split(" (")[0]
            result[key] = result.get(key, 0) + 1
        return result

    def by_source(self) -> dict[str, list[SentenceCoverage]]:
        grouped: dict[str, list[SentenceCoverage]] = {}
        for line in self.lines:
            grouped.setdefault(line.sentence.source, []).append(line)
        return grouped


def split_sentences(source_id: str, body: str) -> list[Sentence]:
    """The sentences of a source body, paragraph by paragraph, with their offsets in
    the normalised body (the space that quotations are matched in)."""
    sentences: list[Sentence] = []
    offset = 0
    normalised = normalise_space(body)
    for paragraph in body.split("\n"):
        paragraph = normalise_space(paragraph)
        if not paragraph:
            continue
        pieces: list[str] = []
        for piece in _BOUNDARY.split(paragraph):
            if pieces and (_ABBREVIATIONS.search(pieces[-1]) or _MARKER.match(pieces[-1])):
                pieces[-1] = f"{pieces[-1]} {piece}"
            else:
                pieces.append(piece)
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            start = normalised.find(piece, offset)
            if start < 0:  # joined across an abbreviation with no space: search loosely
                start = offset
            end = start + len(piece)
            offset = end
            sentences.append(Sentence(source_id, len(sentences) + 1, piece, start, end))
    return sentences


def _spans(body: str, quote: str) -> Iterable[tuple[int, int]]:
    quote = normalise_space(quote)
    if not quote:
        return
    start = body.find(quote)
    while start >= 0:
        yield start, start + len(quote)
        start = body.find(quote, start + 1)


def _citations(dataset: Dataset) -> Iterable[tuple[str, str, str]]:
    """(who cites, source id, quote) for every citation in the dataset."""
    for record in dataset.records:
        for c in record.sources:
            yield f"{record.collection}/{record.id}", c.source, c.quote
    for actor in dataset.actors.values():
        for c in actor.sources:
            yield f"actors/{actor.id}", c.source, c.quote
        for role in actor.roles:
            for c in role.sources:
                yield f"actors/{actor.id}", c.source, c.quote


def measure(
    dataset: Dataset, sources_dir: Path, essays: dict[str, str] | None = None
) -> CoverageReport:
    """Every sentence of every source with what covers it; ``essays`` maps an essay's
    path to its Markdown."""
    bodies: dict[str, str] = {}
    lines: dict[str, list[SentenceCoverage]] = {}
    for source in dataset.sources.values():
        path = sources_dir / (source.file or f"{source.id}.txt")
        if not path.is_file():
            continue
        body = source_body(path.read_text(encoding="utf-8"))
        bodies[source.id] = normalise_space(body)
        lines[source.id] = [SentenceCoverage(s) for s in split_sentences(source.id, body)]

    def overlapping(source_id: str, quote: str) -> list[SentenceCoverage]:
        found = []
        for start, end in _spans(bodies.get(source_id, ""), quote):
            found += [
                line
                for line in lines.get(source_id, [])
                if line.sentence.start < end and start < line.sentence.end
            ]
        return found

    for who, source_id, quote in _citations(dataset):
        for line in overlapping(source_id, quote):
            if who not in line.cited_by:
                line.cited_by.append(who)
    for name, text in sorted((essays or {}).items()):
        for quoted in _ESSAY_QUOTE.findall(text):
            for source_id in bodies:
                for line in overlapping(source_id, quoted):
                    if name not in line.cited_by:
                        line.cited_by.append(name)
    stale: list[tuple[LeftOut, str]] = []
    for entry in dataset.left_out:
        matched = overlapping(entry.source, entry.quote)
        if not matched:
            stale.append((entry, "matches no sentence of its source"))
        for line in matched:
            if line.cited_by:
                stale.append((entry, f"sentence {line.sentence.number} is covered"))
            line.left_out = entry
    report_lines = [line for source_id in lines for line in lines[source_id]]
    return CoverageReport(report_lines, stale)


def render_report(report: CoverageReport, titles: dict[str, str], everything: bool) -> str:
    """The report as text: each sentence with its status and what covers it."""
    out: list[str] = []
    for source_id, lines in report.by_source().items():
        covered = sum(1 for line in lines if line.status == "covered")
        out.append(f"== {source_id}: {titles.get(source_id, '')}")
        out.append(f"   {covered} of {len(lines)} sentences covered")
        for line in lines:
            if not everything and not line.uncovered:
                continue
            s = line.sentence
            shown = s.text if len(s.text) <= 160 else s.text[:157] + "..."
            out.append(f"{s.number:4d} [{line.status}] {shown}")
            if line.cited_by:
                out.append(f"       cited by: {', '.join(line.cited_by)}")
    for entry, why in report.stale:
        out.append(f"stale left-out entry ({entry.source}: {entry.quote[:60]!r}): {why}")
    counts = report.counts()
    out.append(
        "Total: "
        + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("covered", "left out", "heading"))
        + f", {len(report.uncovered)} uncovered"
    )
    return "\n".join(out) + "\n"
