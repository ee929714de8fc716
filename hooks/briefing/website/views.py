"""What the templates show, decided in Python: labels, plurals, counts, order.

Templates lay these objects out and make no decisions of their own.  Each view
is built from the validated model, so it never meets a dangling reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..dataset import money
from ..dataset.dates import PartialDate
from ..dataset.model import (
    MACHINE_TRANSLATION,
    NOT_STATED,
    Actor,
    Agreement,
    Citation,
    Dataset,
    Event,
    Figure,
    Record,
    Source,
    Topic,
    span_words,
    vocabulary_label,
    vocabulary_words,
)
from .urls import Urls

# One ordering rule for every listing: newest first, undated records last.
ORDER_NOTE = "Newest first."
UNDATED_NOTE = "Records the sources do not date come last."
LATEST_IN_BRIEF = 4

_IRREGULAR_PLURALS = {"person": "people", "media": "media", "staff": "staff"}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "record")`` → "1 record"; ``plural(2, "record")`` → "2 records"."""
    word = singular if count == 1 else (plural_form or pluralise(singular))
    return f"{count:,} {word}"


def agreeing(count: int, noun: str, verb: str, verb_plural: str) -> str:
    """A count with its noun and a verb that agrees: "1 record quotes", "2 records quote"."""
    return f"{plural(count, noun)} {verb if count == 1 else verb_plural}"


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_words(count: int, noun: str) -> str:
    """A small count in words, as prose writes it: "five topics", "one topic", "12 topics"."""
    if count < len(_NUMBER_WORDS):
        return f"{_NUMBER_WORDS[count]} {noun if count == 1 else pluralise(noun)}"
    return plural(count, noun)


def all_of(count: int, singular: str, plural_form: str) -> str:
    """ "All 3 grants and loans, newest first", or "The one grant or loan"."""
    return f"The one {singular}" if count == 1 else f"All {count:,} {plural_form}, newest first"


def pluralise(noun: str) -> str:
    """The plural of an English noun as our vocabularies use them."""
    lower = noun.lower()
    if lower in _IRREGULAR_PLURALS:
        return _match_case(noun, _IRREGULAR_PLURALS[lower])
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    if lower.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _match_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def kind_name(kind: str) -> str:
    """A vocabulary value as a label: "government-body" → "Government body"."""
    return vocabulary_label(kind)


def kind_heading(kind: str) -> str:
    """An actor kind as a section heading: "government-body" → "Government bodies"."""
    return pluralise(vocabulary_label(kind))


def first_paragraph(text: str) -> str:
    return text.split("\n\n", 1)[0]


def kind_label(record: Record) -> str:
    """The record's kind, with its status where that adds something.

    "Grant, signed" and "Loan, signed" say something; "Proposal, proposed" does not.
    """
    kind = vocabulary_words(record.kind)
    label = vocabulary_label(record.kind)
    if (
        isinstance(record, Agreement)
        and record.status
        and _common_prefix(vocabulary_words(record.status), kind) < 5
    ):
        label = f"{label}, {record.status_words}"
    if isinstance(record, Event) and record.planned:
        label = f"{label}, scheduled"
    return label


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def amount_label(record: Record) -> str | None:
    if isinstance(record, Agreement) and record.amount is not None:
        return money.format_amount(record.amount)
    return None


# ---------------------------------------------------------------------------
# Order and coverage
# ---------------------------------------------------------------------------


def newest_first(records: Iterable[Record]) -> list[Record]:
    """Dated records newest first (an event the sources do not date sits at the date it
    was reported), then undated ones, as every listing orders them."""
    ordered = sorted(records, key=lambda r: r.sort_key, reverse=True)
    return [r for r in ordered if r.sort_date] + [r for r in ordered if not r.sort_date]


def order_note(undated: int) -> str:
    """The ordering rule, said on the page where it applies."""
    return f"{ORDER_NOTE} {UNDATED_NOTE}" if undated else ORDER_NOTE


def latest(records: Iterable[Record], count: int) -> list[Record]:
    """The newest records that have happened: a scheduled event is not news yet."""
    happened = [r for r in records if r.date and not (isinstance(r, Event) and r.planned)]
    return newest_first(happened)[:count]


@dataclass(frozen=True)
class Coverage:
    first: PartialDate | None
    last: PartialDate | None
    count: int
    undated: int
    scheduled_after: int  # scheduled events dated after ``last``

    @property
    def span(self) -> str:
        """ "from 1991 to August 2024", or "" when nothing is dated: in the words of the
        dataset's own period line, which every page's footer states."""
        if self.first is None or self.last is None:
            return ""
        return span_words((self.first, self.last))

    @property
    def sentence(self) -> str:
        """ "21 records, from 1991 to August 2024 (2 undated)."""
        text = plural(self.count, "record")
        if self.span:
            text += f", {self.span}"
        extras = []
        if self.scheduled_after:
            extras.append(f"{plural(self.scheduled_after, 'event')} scheduled later")
        if self.undated:
            extras.append(f"{self.undated} undated")
        if extras:
            text += f" ({'; '.join(extras)})"
        return text + "."


def coverage(records: Iterable[Record]) -> Coverage:
    """The period records span, by the dataset's one rule (``Dataset.span``: what
    happened, first date to last, multi-day events to their end, undated events by
    their report date), and what falls outside it."""
    items = list(records)
    span = Dataset.span(items)
    first, last = span if span is not None else (None, None)
    dated = [r for r in items if r.date]
    scheduled_after = sum(
        1
        for r in dated
        if isinstance(r, Event)
        and r.planned
        and r.date is not None
        and last is not None
        and r.date.sort_key > last.sort_key
    )
    return Coverage(first, last, len(items), len(items) - len(dated), scheduled_after)


# ---------------------------------------------------------------------------
# A topic's brief
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PointView:
    text: str
    records: tuple[Record, ...]


@dataclass(frozen=True)
class FigureView:
    value: str
    label: str
    as_of: str
    note: str | None
    records: tuple[Record, ...]
    sources: tuple[Citation, ...]
    kind: str | None  # the agreement kind an amount figure sums ("grant"), else None


@dataclass(frozen=True)
class Brief:
    topic: Topic
    lede: str
    points: tuple[PointView, ...]
    figures: tuple[FigureView, ...]
    figures_note: str | None
    latest: tuple[Record, ...]
    coverage: Coverage
    undated: int


def figure_view(figure: Figure, dataset: Dataset) -> FigureView:
    records = tuple(_records(dataset, figure.records))
    kind = None
    if figure.amount_of:
        agreements = [dataset.agreements[i] for i in figure.amount_of]
        total = money.totals(agreements, "kind")[0]  # validation allows one kind and currency
        value = total.display
        kind = total.label
        records = tuple(dict.fromkeys([*agreements, *records]))
    else:
        value = figure.value or ""
    return FigureView(
        value=value,
        label=figure.label,
        as_of=f"as of {figure.as_of.display}",
        note=figure.note,
        records=records,
        sources=figure.sources,
        kind=kind,
    )


def _records(dataset: Dataset, ids: Iterable[str]) -> list[Record]:
    found = []
    for record_id in ids:
        record = dataset.record("events", record_id) or dataset.record("agreements", record_id)
        if record is not None:
            found.append(record)
    return found


def figures_note(figures: Iterable[FigureView]) -> str | None:
    kinds = sorted({f.kind for f in figures if f.kind})
    if len(kinds) > 1:
        names = " and ".join(pluralise(vocabulary_words(k)) for k in kinds)
        return (
            "Amounts are in the currency the sources give. "
            f"{names.capitalize()} are shown apart and never added together."
        )
    if kinds:
        return "Amounts are in the currency the sources give; nothing is converted."
    return None


def brief(topic: Topic, dataset: Dataset) -> Brief:
    records = dataset.by_topic.get(topic.slug, [])
    figures = tuple(figure_view(f, dataset) for f in topic.figures)
    return Brief(
        topic=topic,
        lede=topic.lede or topic.summary,
        points=tuple(
            PointView(p.text, tuple(_records(dataset, p.records))) for p in topic.key_points
        ),
        figures=figures,
        figures_note=figures_note(figures),
        latest=tuple(latest(records, LATEST_IN_BRIEF)),
        coverage=coverage(records),
        undated=sum(1 for r in records if not r.sort_date),
    )


def home_figures(dataset: Dataset) -> list[tuple[Topic, FigureView]]:
    """The figures editors marked for the front page's strip, in topic order."""
    return [
        (topic, figure_view(figure, dataset))
        for topic in dataset.topics.values()
        for figure in topic.figures
        if figure.home
    ]


def sources_named(record: Record, dataset: Dataset) -> str:
    """Who a record's facts come from, in short: "CCRS", "CCRS and the news report"."""
    names = list(dict.fromkeys(dataset.sources[c.source].short_name for c in record.sources))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def cite_text(record: Record, dataset: Dataset) -> str:
    """A key point's or figure's citation of a record: what it is, when, and per whom,
    so that a printed brief says who claims what ("Loan, signed, July 2024, per CCRS")."""
    text = f"{kind_label(record)}, {short_when(record)}"
    named = sources_named(record, dataset)
    return f"{text}, per {named}" if named else text


def latest_note(records: list[Record]) -> str:
    """What the front page's latest list is: the newest records, with their period,
    so that a reader does not take records of 2024 for today's news."""
    if not records:
        return "No record in our sources is dated yet."
    span = coverage(records).span
    return (
        f"The {count_words(len(records), 'most recent record')} in our sources, dated {span}."
        if len(records) > 1
        else f"The most recent record in our sources, dated {span}."
    ) + " Our sources end there: this is the latest they record, not today's news."


def short_when(record: Record) -> str:
    """The date a citation link shows: the record's date, or "undated"."""
    return record.when if record.date else "undated"


# ---------------------------------------------------------------------------
# Record, actor and source pages: labelled facts and relations in words
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str
    uri: str  # a page's source path


@dataclass(frozen=True)
class Fact:
    """One labelled fact: plain text, or links (actors, topics)."""

    label: str
    text: str = ""
    links: tuple[Link, ...] = ()


_PRECISION = {"year": "year only", "month": "month only"}


def _actor_links(dataset: Dataset, ids: Iterable[str]) -> tuple[Link, ...]:
    return tuple(Link(dataset.actors[i].name, Urls.actor(i)) for i in ids)


def _topic_links(dataset: Dataset, slugs: Iterable[str]) -> tuple[Link, ...]:
    return tuple(Link(dataset.topics[s].title, Urls.topic(s)) for s in slugs)


def record_facts(record: Record, dataset: Dataset) -> list[Fact]:
    """The record's details as labelled facts, saying "not stated" where sources are silent."""
    when = dataset.when_label(record)
    if record.date and record.date.precision in _PRECISION:
        when += f" ({_PRECISION[record.date.precision]}: the sources give no exact day)"
    facts = [Fact("Date", when)]
    if isinstance(record, Agreement):
        facts.append(Fact("Status", record.status_label))
    facts.append(Fact("Place", record.place_label))
    if isinstance(record, Agreement):
        if record.amount:
            facts.append(Fact("Amount", money.format_amount(record.amount)))
        if record.terms:
            facts.append(Fact("Terms", "; ".join(money.format_terms(record.terms))))
        if record.parties:
            facts.append(Fact("Parties", links=_actor_links(dataset, record.parties)))
        else:
            facts.append(Fact("Parties", NOT_STATED))
        if record.signatories:
            facts.append(
                Fact("Signed or announced by", links=_actor_links(dataset, record.signatories))
            )
    elif isinstance(record, Event):
        if record.actors:
            facts.append(Fact("Participants", links=_actor_links(dataset, record.actors)))
        else:
            facts.append(Fact("Participants", NOT_STATED))
        if record.mentions:
            facts.append(Fact("Also mentioned", links=_actor_links(dataset, record.mentions)))
    facts.append(Fact("Topics", links=_topic_links(dataset, record.topics)))
    return facts


@dataclass(frozen=True)
class RelationGroup:
    label: str
    records: tuple[Record, ...]


def relations(record: Record, dataset: Dataset) -> list[RelationGroup]:
    """Related records under one label each (the relation kinds the data gives), the
    larger event first and the parts of this one last."""
    found: list[tuple[str, Record]] = []
    if isinstance(record, Event):
        parent = dataset.events.get(record.part_of or "")
        if parent is not None:
            found.append(("Part of", parent))
    found += dataset.related(record)
    groups: dict[str, list[Record]] = {}
    for label, related in found:
        groups.setdefault(label, []).append(related)
    order = {"Part of": 0, "Part of this event": 2}
    return [
        RelationGroup(label, tuple(sorted(items, key=lambda r: r.sort_key)))
        for label, items in sorted(groups.items(), key=lambda kv: (order.get(kv[0], 1), kv[0]))
    ]


def primary_topic(record: Record, dataset: Dataset) -> Topic:
    return dataset.topics[record.topics[0]]


def actor_facts(actor: Actor) -> list[Fact]:
    facts = [Fact("Kind", kind_name(actor.kind)), Fact("Country", actor.country_label)]
    if actor.aliases:
        facts.append(Fact("Also written", "; ".join(actor.aliases)))
    if actor.garbled:
        facts.append(Fact("Garbled in machine translation", garbled_names(actor)))
    return facts


def garbled_names(actor: Actor) -> str:
    """Machine-translation garbles, marked as such: never offered as a valid spelling."""
    names = ", ".join(f"“{name}”" for name in actor.garbled)
    what = "not a valid spelling" if len(actor.garbled) == 1 else "not valid spellings"
    return f"{names} ({what}; quoted as the machine translation has it)"


def source_facts(source: Source) -> list[Fact]:
    return [
        Fact("Author", source.author),
        Fact("Publisher", source.publisher_label),
        Fact("Published", source.date.display),
        Fact("Kind of text", source.kind[:1].upper() + source.kind[1:]),  # free text
        *(
            [
                Fact(
                    "Language",
                    f"{vocabulary_label(MACHINE_TRANSLATION)}: quotations reproduce it as it "
                    "stands",
                )
            ]
            if source.machine_translation
            else []
        ),
    ]


# ---------------------------------------------------------------------------
# Index pages and the front page
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCard:
    topic: Topic
    lede: str
    coverage: Coverage
    latest: Record | None


def topic_card(topic: Topic, dataset: Dataset) -> TopicCard:
    records = dataset.by_topic.get(topic.slug, [])
    newest = latest(records, 1)
    return TopicCard(
        topic, topic.lede or topic.summary, coverage(records), newest[0] if newest else None
    )


@dataclass(frozen=True)
class ActorRow:
    actor: Actor
    count: int

    @property
    def country(self) -> str:
        return self.actor.country_label

    @property
    def role(self) -> str:
        return self.actor.role or ""


@dataclass(frozen=True)
class ActorGroup:
    heading: str
    rows: tuple[ActorRow, ...]


def actor_groups(dataset: Dataset) -> list[ActorGroup]:
    """Actors by kind, in vocabulary order, each group by name."""
    groups = []
    for kind in dataset.vocabulary.get("actor_kinds", ()):
        actors = sorted(
            (a for a in dataset.actors.values() if a.kind == kind), key=lambda a: a.name
        )
        if actors:
            rows = tuple(ActorRow(a, len(dataset.by_actor.get(a.id, []))) for a in actors)
            groups.append(ActorGroup(kind_heading(kind), rows))
    return groups


def actor_records_sentence(actor: Actor, count: int) -> str:
    """What an actor's page says of its records: "1 record names CCRS, newest first."."""
    if count == 0:
        return f"No event or agreement names {actor.name} yet."
    return f"{agreeing(count, 'record', 'names', 'name')} {actor.name}, newest first."


def topics_description(count: int) -> str:
    """The Topics page's description, counted from the data."""
    topics = count_words(count, "topic")
    return f"The {topics} of the briefing, each with its records, figures and analysis."


@dataclass(frozen=True)
class SourceRow:
    source: Source
    count: int  # records that quote it

    @property
    def kind(self) -> str:
        return self.source.kind


def source_rows(dataset: Dataset) -> list[SourceRow]:
    """The sources index: newest first, as every listing runs."""
    ordered = sorted(dataset.sources.values(), key=lambda s: s.date.sort_key, reverse=True)
    return [SourceRow(s, len(dataset.by_source.get(s.id, []))) for s in ordered]


def source_citing_sentence(count: int, complete: bool) -> str:
    """ "3 records quote this text." on a source's page."""
    text = agreeing(count, "record", "quotes", "quote") + " this text"
    if not complete:
        text += "; the most recent years are below, earlier years have pages of their own"
    return text + "."


def quotes_from(record: Record, source_id: str) -> list[Citation]:
    """The quotations a record takes from one source."""
    return [c for c in record.sources if c.source == source_id]


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyRow:
    record: Agreement
    kind: str
    amount: str
    terms: str
    purpose: str

    @property
    def when(self) -> str:
        return self.record.when


@dataclass(frozen=True)
class MoneyTable:
    rows: tuple[MoneyRow, ...]
    count: int  # rows in the whole dataset; ``rows`` may hold only the most recent

    @property
    def shown(self) -> int:
        return len(self.rows)

    @property
    def partial(self) -> bool:
        return self.shown < self.count


def money_table(agreements: list[Agreement], limit: int) -> MoneyTable:
    """Agreements with an amount, newest first, the most recent ``limit`` of them."""
    ordered = [r for r in newest_first(agreements) if isinstance(r, Agreement)]
    rows = tuple(
        MoneyRow(
            record=a,
            kind=a.kind,
            amount=money.format_amount(a.amount) if a.amount else NOT_STATED,
            terms="; ".join(money.format_terms(a.terms)) if a.terms else "not stated",
            purpose=first_paragraph(a.purpose),
        )
        for a in ordered[:limit]
    )
    return MoneyTable(rows, len(agreements))


# ---------------------------------------------------------------------------
# Record indexes: the timeline, and every event or agreement on its own
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordIndex:
    """A filterable listing of records, newest first: the timeline or a collection's index."""

    uri: str  # the main page's source path
    collection: str | None  # "events", "agreements", or None for every record
    title: str
    noun: str  # "the full {noun}" on a year's archive page
    description: str
    lead: str  # "Every event and agreement in the dataset"
    chart: bool  # whether the timeline chart heads the page
    see_also: tuple[Link, ...]


_TIMELINE = "timeline/index.md"
_EVENTS = "events/index.md"
_AGREEMENTS = "agreements/index.md"
RECORD_INDEXES = (
    RecordIndex(
        _TIMELINE,
        None,
        "Timeline",
        "timeline",
        "Every event and agreement in this dataset on Cambodia–Japan relations, newest first, "
        "with filters by topic, actor, kind and year.",
        "Every event and agreement in the dataset",
        True,
        # The two lists are reached from here (and a record's address trimmed to its folder).
        (Link("list of events", _EVENTS), Link("list of agreements", _AGREEMENTS)),
    ),
    RecordIndex(
        _EVENTS,
        "events",
        "Events",
        "list of events",
        "Every event in Cambodia–Japan relations in the dataset (visits, meetings, signings, "
        "announcements), newest first, with filters by topic, actor, kind and year.",
        "Every event in the dataset",
        False,
        (Link("agreements", _AGREEMENTS), Link("timeline", _TIMELINE)),
    ),
    RecordIndex(
        _AGREEMENTS,
        "agreements",
        "Agreements",
        "list of agreements",
        "Every agreement in Cambodia–Japan relations in the dataset (grants, loans, memoranda, "
        "initiatives, partnerships), newest first, with filters by topic, actor, kind and year.",
        "Every agreement in the dataset",
        False,
        (Link("events", _EVENTS), Link("timeline", _TIMELINE)),
    ),
)


def index_records(index: RecordIndex, dataset: Dataset) -> list[Record]:
    if index.collection is None:
        return list(dataset.records)
    return [r for r in dataset.records if r.collection == index.collection]


@dataclass(frozen=True)
class Download:
    uri: str  # the file's path in the site
    what: str

    @property
    def name(self) -> str:
        return self.uri.rsplit("/", 1)[-1]


def downloads(files: Iterable[tuple[str, str]]) -> list[Download]:
    return [Download(uri, what) for uri, what in files]
