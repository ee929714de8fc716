"""How much of each source the site covers, sentence by sentence.

A sentence is covered when a quotation overlaps it: a record's or an actor's
citation, or a passage an essay quotes in quotation marks.  Headings (short lines
without closing punctuation) are furniture and need nothing.  Every other
sentence is either covered or listed in ``data/coverage.yml`` with the reason it
is left out; ``python -m briefing coverage`` fails on any other.

A covered sentence can still carry a fact no page gives: a quote may take one clause
and leave the rest.  So each sentence's facts are checked too, at the level of a
clause: every figure it gives and every item of a list it opens ("including a, b and
c").  A fact is covered when a quotation spans it, or when the site's own prose
(records, actors, topics, essays) carries most of its words; otherwise it is reported
like a sentence, and a ``data/coverage.yml`` entry whose quote spans it leaves it out.
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
# The facts a sentence gives: figures, and the items of a list it opens.
_FIGURE = re.compile(r"(?<![\w/])\d[\d.,]*%?(?![\w/])")
_LIST_OPENER = re.compile(r"\b(?:including|such as|namely)\s|:\s")
_LIST_SPLIT = re.compile(r",\s(?:and\s)?|;\s|\s\d/\s|\sand\s")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "from",
        "its",
        "their",
        "his",
        "her",
        "is",
        "are",
        "was",
        "were",
        "be",
        "this",
        "that",
        "these",
        "those",
        "it",
        "which",
        "who",
        "such",
        "including",
        "namely",
        "also",
    ]
)


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


@dataclass(frozen=True)
class Fact:
    """A figure or a list item inside a sentence: the level below a sentence."""

    sentence: Sentence
    text: str
    start: int  # offsets in the source's normalised body
    end: int


def sentence_facts(sentence: Sentence) -> list[Fact]:
    """The figures a sentence gives and the items of a list it opens.  A list marker
    ("1.", "2/") is no figure."""
    text = sentence.text
    found: list[tuple[str, int]] = []
    for match in _FIGURE.finditer(text):
        figure = match.group(0).rstrip(".,")
        if match.start() == 0 and _MARKER.match(match.group(0)):
            continue
        found.append((figure, match.start()))
    opener = _LIST_OPENER.search(text)
    if opener:
        position = opener.end()
        for piece in _LIST_SPLIT.split(text[position:]):
            at = text.find(piece, position)
            position = max(position, at + len(piece))
            item = re.sub(r"^\d/\s*", "", piece).strip(" .")
            if item and not _FIGURE.fullmatch(item):
                found.append((item, text.find(item, max(at, 0))))
    return [
        Fact(sentence, item, sentence.start + at, sentence.start + at + len(item))
        for item, at in found
        if at >= 0
    ]


def _words(text: str) -> list[str]:
    folded = text.casefold().replace("’", "'")
    return [w for w in re.split(r"[^a-z0-9%.']+", folded) if w and w not in _STOPWORDS]


def fact_in_prose(fact: Fact, prose_words: set[str]) -> bool:
    """Most of the fact's own words appear in the site's prose."""
    words = [w.strip(".") for w in _words(fact.text)]
    words = [w for w in words if w]
    if not words:
        return True
    missing = [w for w in words if w not in prose_words]
    return len(missing) * 2 <= len(words)


@dataclass
class FactCoverage:
    fact: Fact
    left_out: LeftOut | None = None

    @property
    def status(self) -> str:
        if self.left_out is not None:
            return f"left out ({self.left_out.reason})"
        return "UNCOVERED FACT"


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
    # Facts of covered sentences that no quotation spans and no prose gives.
    facts: list[FactCoverage] = field(default_factory=list)

    @property
    def uncovered(self) -> list[SentenceCoverage]:
        return [line for line in self.lines if line.uncovered]

    @property
    def uncovered_facts(self) -> list[FactCoverage]:
        return [f for f in self.facts if f.left_out is None]

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


def _prose(dataset: Dataset, essays: dict[str, str]) -> set[str]:
    """Every word of the site's own prose: what a reader can find a fact in."""
    texts: list[str] = []
    for record in dataset.records:
        texts += [record.title, record.text, record.place or ""]
        texts += list(getattr(record, "components", ()) or ())
    for actor in dataset.actors.values():
        texts += [actor.name, *actor.aliases, *actor.garbled, actor.summary or ""]
        texts += [role.title for role in actor.roles]
    for topic in dataset.topics.values():
        texts += [topic.title, topic.summary, topic.introduction, topic.lede or ""]
        texts += [point.text for point in topic.key_points]
    texts += list(essays.values())
    return {w.strip(".") for w in _words(" ".join(texts))}


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

    spans: dict[str, list[tuple[int, int]]] = {}
    for who, source_id, quote in _citations(dataset):
        spans.setdefault(source_id, []).extend(_spans(bodies.get(source_id, ""), quote))
        for line in overlapping(source_id, quote):
            if who not in line.cited_by:
                line.cited_by.append(who)
    for name, text in sorted((essays or {}).items()):
        for quoted in _ESSAY_QUOTE.findall(text):
            for source_id in bodies:
                spans.setdefault(source_id, []).extend(_spans(bodies[source_id], quoted))
                for line in overlapping(source_id, quoted):
                    if name not in line.cited_by:
                        line.cited_by.append(name)
    prose = _prose(dataset, essays or {})
    facts: list[FactCoverage] = []
    for source_lines in lines.values():
        for line in source_lines:
            if not line.cited_by:
                continue
            for fact in sentence_facts(line.sentence):
                quoted = any(
                    s <= fact.start and fact.end <= e
                    for s, e in spans.get(fact.sentence.source, [])
                )
                if not quoted and not fact_in_prose(fact, prose):
                    facts.append(FactCoverage(fact))
    stale: list[tuple[LeftOut, str]] = []
    for entry in dataset.left_out:
        matched = overlapping(entry.source, entry.quote)
        if not matched:
            stale.append((entry, "matches no sentence of its source"))
        entry_spans = list(_spans(bodies.get(entry.source, ""), entry.quote))
        left_facts = [
            f
            for f in facts
            if f.fact.sentence.source == entry.source
            and any(s <= f.fact.start and f.fact.end <= e for s, e in entry_spans)
        ]
        for left in left_facts:
            left.left_out = entry
        for line in matched:
            if line.cited_by and not left_facts:
                stale.append((entry, f"sentence {line.sentence.number} is covered"))
            if not line.cited_by:
                line.left_out = entry
    report_lines = [line for source_id in lines for line in lines[source_id]]
    return CoverageReport(report_lines, stale, facts)


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
    for fact in report.facts:
        if everything or fact.left_out is None:
            s = fact.fact.sentence
            out.append(f"{s.source} {s.number:4d} [{fact.status}] {fact.fact.text!r}")
    for entry, why in report.stale:
        out.append(f"stale left-out entry ({entry.source}: {entry.quote[:60]!r}): {why}")
    counts = report.counts()
    out.append(
        "Total: "
        + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("covered", "left out", "heading"))
        + f", {len(report.uncovered)} uncovered"
        + f"; {len(report.facts)} facts of covered sentences on no page"
        + f" ({len(report.uncovered_facts)} not left out)"
    )
    return "\n".join(out) + "\n"
