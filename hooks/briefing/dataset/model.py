"""Typed records, built only from validated data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dates import PartialDate, display_range


@dataclass(frozen=True)
class Citation:
    source: str
    quote: str


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    order: int
    summary: str
    introduction: str

    @property
    def id(self) -> str:
        return self.slug


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    publisher: str
    date: PartialDate
    kind: str
    file: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Role:
    title: str
    sources: tuple[Citation, ...]
    start: PartialDate | None = None
    end: PartialDate | None = None

    @property
    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start.display} – {self.end.display}"
        if self.start:
            return f"from {self.start.display}"
        if self.end:
            return f"until {self.end.display}"
        return ""


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str
    sources: tuple[Citation, ...]
    aliases: tuple[str, ...] = ()
    native_name: str | None = None
    summary: str | None = None
    roles: tuple[Role, ...] = ()

    @property
    def role(self) -> str | None:
        """The latest role the sources give, for one-line mentions."""
        return self.roles[-1].title if self.roles else None


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str
    approximate: bool = False


@dataclass(frozen=True)
class Terms:
    repayment_period_years: float | None = None
    grace_period_years: float | None = None
    interest_rate_percent: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class Record:
    """What events and agreements share: the rows of every listing."""

    id: str
    title: str
    kind: str
    topics: tuple[str, ...]
    sources: tuple[Citation, ...]
    file: str  # where the record is written, for messages and "edit this" links
    line: int
    date: PartialDate | None = None
    place: str | None = None

    collection = ""  # "events" or "agreements"; set by subclasses

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        # Undated records sort first in chronological order; ties break on id
        # so that every listing is stable from one build to the next.
        return (self.date.sort_key if self.date else (0, 0, 0), self.id)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def when(self) -> str:
        return self.date.display if self.date else "Undated"

    @property
    def actor_ids(self) -> tuple[str, ...]:
        raise NotImplementedError

    @property
    def text(self) -> str:
        """The record's own prose: a summary or a purpose."""
        raise NotImplementedError


@dataclass(frozen=True)
class Event(Record):
    end_date: PartialDate | None = None
    planned: bool = False
    part_of: str | None = None
    summary: str = ""
    actors: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()

    collection = "events"
    label = "Event"

    @property
    def when(self) -> str:
        assert self.date is not None
        return display_range(self.date, self.end_date)

    @property
    def actor_ids(self) -> tuple[str, ...]:
        return self.actors

    @property
    def text(self) -> str:
        return self.summary


@dataclass(frozen=True)
class Agreement(Record):
    status: str = ""
    parties: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    amount: Amount | None = None
    terms: Terms | None = None
    purpose: str = ""
    components: tuple[str, ...] = ()
    event: str | None = None

    collection = "agreements"
    label = "Agreement"

    @property
    def actor_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.parties + self.signatories))

    @property
    def text(self) -> str:
        return self.purpose


@dataclass(frozen=True)
class DatasetInfo:
    title: str
    updated: PartialDate
    description: str


@dataclass
class Dataset:
    """Every record, plus the indexes that keep cross-references linear."""

    info: DatasetInfo
    vocabulary: dict[str, tuple[str, ...]]
    topics: dict[str, Topic]
    sources: dict[str, Source]
    actors: dict[str, Actor]
    events: dict[str, Event]
    agreements: dict[str, Agreement]
    by_topic: dict[str, list[Record]] = field(default_factory=dict)
    by_actor: dict[str, list[Record]] = field(default_factory=dict)
    by_source: dict[str, list[Record]] = field(default_factory=dict)
    agreements_by_event: dict[str, list[Agreement]] = field(default_factory=dict)
    events_by_agreement: dict[str, list[Event]] = field(default_factory=dict)
    parts_by_event: dict[str, list[Event]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.topics = dict(sorted(self.topics.items(), key=lambda kv: kv[1].order))
        self.reindex()

    def reindex(self) -> None:
        """Build every index in one pass over the records: no nested scans."""
        merged: Iterable[Record] = [*self.events.values(), *self.agreements.values()]
        self.records = sorted(merged, key=lambda r: r.sort_key)
        by_topic: dict[str, list[Record]] = defaultdict(list)
        by_actor: dict[str, list[Record]] = defaultdict(list)
        by_source: dict[str, list[Record]] = defaultdict(list)
        agreements_by_event: dict[str, list[Agreement]] = defaultdict(list)
        parts_by_event: dict[str, list[Event]] = defaultdict(list)
        for record in self.records:
            for slug in record.topics:
                by_topic[slug].append(record)
            for actor in record.actor_ids:
                by_actor[actor].append(record)
            for source in dict.fromkeys(c.source for c in record.sources):
                by_source[source].append(record)
        pairs: dict[tuple[str, str], None] = {}
        for agreement in self.agreements.values():
            if agreement.event:
                pairs[(agreement.event, agreement.id)] = None
        for event in self.events.values():
            for agreement_id in event.agreements:
                pairs[(event.id, agreement_id)] = None
            if event.part_of:
                parts_by_event[event.part_of].append(event)
        events_by_agreement: dict[str, list[Event]] = defaultdict(list)
        for event_id, agreement_id in pairs:
            agreements_by_event[event_id].append(self.agreements[agreement_id])
            events_by_agreement[agreement_id].append(self.events[event_id])
        self.by_topic = dict(by_topic)
        self.by_actor = dict(by_actor)
        self.by_source = dict(by_source)
        self.agreements_by_event = dict(agreements_by_event)
        self.events_by_agreement = dict(events_by_agreement)
        self.parts_by_event = dict(parts_by_event)

    def record(self, collection: str, record_id: str) -> Record | None:
        """The event or agreement with this id; None for any other collection."""
        if collection == "events":
            return self.events.get(record_id)
        if collection == "agreements":
            return self.agreements.get(record_id)
        return None
