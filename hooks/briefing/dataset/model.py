"""Typed records, built only from validated data."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .dates import PartialDate, display_range


@dataclass(frozen=True)
class Citation:
    source: str
    quote: str
    account: str | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    account: str


@dataclass(frozen=True)
class KeyPoint:
    text: str
    records: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """A headline figure of a topic's brief: a stated value, or the amounts of agreements."""

    label: str
    as_of: PartialDate
    value: str | None = None
    amount_of: tuple[str, ...] = ()
    note: str | None = None
    records: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    home: bool = False


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    order: int
    summary: str
    introduction: str
    lede: str | None = None
    key_points: tuple[KeyPoint, ...] = ()
    figures: tuple[Figure, ...] = ()

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
    cited_as: str | None = None
    origin: str | None = None
    descriptive_title: bool = False
    sections: tuple[Section, ...] = ()
    machine_translation: bool = False

    def account_note(self, account: str | None) -> str:
        """ " · from the Cambodian readout, as CCRS relays it", " · from CCRS's own
        assessment", or nothing: what follows a citation from a text of several accounts."""
        if account is None:
            return ""
        if account == "assessment":
            return f" · from {self.short_name}'s own assessment"
        if account == "background":
            return f" · from {self.short_name}'s account of the visit"
        readout = vocabulary_label(account)
        return f" · from the {readout}, as {self.short_name} relays it"

    @property
    def short_name(self) -> str:
        return self.cited_as or self.title

    @property
    def publisher_label(self) -> str:
        """The publisher, or that it is unknown together with what the text says of itself."""
        if self.publisher.strip().lower() != "unknown":
            return self.publisher
        return f"Not known. {self.origin}" if self.origin else "Not known."

    @property
    def title_label(self) -> str:
        """The title, marked as ours where the text carries none."""
        if self.descriptive_title:
            return f"{self.title} (editors' descriptive title)"
        return self.title


@dataclass(frozen=True)
class Role:
    """A title, true as of a date: never shown as if still held."""

    title: str
    sources: tuple[Citation, ...]
    start: PartialDate | None = None
    end: PartialDate | None = None
    as_of: PartialDate | None = None
    # Filled in from the cited sources when the dataset is assembled.
    per: str = ""

    @property
    def as_of_label(self) -> str:
        """ "Prime Minister of Japan (as of 10 July 2024, per CCRS)"."""
        when = self.as_of.display if self.as_of else "an unstated date"
        per = f", per {self.per}" if self.per else ""
        return f"{self.title} (as of {when}{per})"

    @property
    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start.display} – {self.end.display}"
        if self.start:
            return f"from {self.start.display}"
        if self.end:
            return f"until {self.end.display}"
        return ""


def latest_role(roles: tuple[Role, ...]) -> Role:
    """The role the latest source gives.  Roles are listed oldest first, so where two
    are dated alike the later-listed one supersedes the earlier (a spokesman since
    appointed ambassador)."""
    indexed = list(enumerate(roles))
    _, role = max(
        indexed, key=lambda ir: (ir[1].as_of.sort_key if ir[1].as_of else (0, 0, 0), ir[0])
    )
    return role


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    sources: tuple[Citation, ...]
    country: str | None = None
    aliases: tuple[str, ...] = ()
    native_name: str | None = None
    summary: str | None = None
    roles: tuple[Role, ...] = ()
    # Machine-translation garbles of the name: searchable, never shown as spellings.
    garbled: tuple[str, ...] = ()

    @property
    def role(self) -> str | None:
        """The latest role the sources give, with its date, for one-line mentions."""
        if not self.roles:
            return None
        return latest_role(self.roles).as_of_label

    @property
    def country_label(self) -> str:
        return self.country or NOT_STATED

    @property
    def lang(self) -> str:
        """Language tag for the native-script name."""
        return {"Cambodia": "km", "Japan": "ja"}.get(self.country or "", "und")

    @property
    def description(self) -> str:
        if self.summary:
            return self.summary
        kind = vocabulary_words(self.kind)
        return f"{self.name}, {kind}" + (f", {self.country}" if self.country else "")


# Statuses that describe a state rather than an act: each is true only as of a date.
STATE_STATUSES = frozenset({"existing", "in-force", "under-construction"})
# What a page says where the sources are silent (a date, a place, a party, a status).
NOT_STATED = "not stated in the sources"
# The mark every quotation from a machine-translated text carries.
MACHINE_TRANSLATION = "machine translation"


def vocabulary_words(value: str) -> str:
    """A vocabulary value as words: "government-body" → "government body".  The one
    rule for every kind, status, relation and account a page or chart names."""
    return value.replace("-", " ")


def vocabulary_label(value: str) -> str:
    """A vocabulary value as a label: "government-body" → "Government body"."""
    words = vocabulary_words(value)
    return words[:1].upper() + words[1:]


def relation_label(relation: str) -> str:
    """ "ground-broken" -> "Ground broken"."""
    return vocabulary_label(relation)


# A link is written on the event ("this event mentioned that agreement").  Read from the
# agreement's side, only these relations also say where something happened ("Signed
# at"): "mentioned" says only what the event's record names.
SETTING_RELATIONS = frozenset(
    {
        "signed",
        "announced",
        "launched",
        "proposed",
        "agreed",
        "discussed",
        "welcomed",
        "reaffirmed",
        "ground-broken",
    }
)
# What an agreement's page says of an event whose record names it without being its setting.
NAMED_IN = "Named in the record of"
SCHEDULED = "Named in the record of a scheduled event (outcome not in our sources)"


def inverse_relation_label(relation: str, planned: bool) -> str:
    """How an agreement's page names an event linked to it: "Signed at" only where the
    data gives the event as the setting, and never for an event that was only scheduled."""
    if planned:
        return SCHEDULED
    if relation in SETTING_RELATIONS:
        return f"{relation_label(relation)} at"
    return NAMED_IN


@dataclass(frozen=True)
class AgreementLink:
    agreement: str
    relation: str


@dataclass(frozen=True)
class LeftOut:
    """A source sentence the site deliberately does not cover (``data/coverage.yml``)."""

    source: str
    quote: str
    reason: str
    note: str | None = None


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
    def sort_date(self) -> PartialDate | None:
        """The date that orders the record: its own, or the date it was reported."""
        return self.date

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        # Undated records sort first in chronological order; ties break on id
        # so that every listing is stable from one build to the next.
        return (self.date.sort_key if self.date else (0, 0, 0), self.id)

    @property
    def year(self) -> int | None:
        date = self.sort_date
        return date.year if date else None

    @property
    def when(self) -> str:
        return self.date.display if self.date else "Undated"

    def when_label_as_of(self, revised: PartialDate) -> str:
        """The date in words, with what is not known about it, as of the dataset's
        revision (``Dataset.when_label`` gives it the revision date)."""
        return self.when if self.date else f"Date {NOT_STATED}"

    @property
    def place_label(self) -> str:
        return self.place or NOT_STATED

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
    reported: PartialDate | None = None
    planned: bool = False
    part_of: str | None = None
    summary: str = ""
    actors: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    agreements: tuple[AgreementLink, ...] = ()

    collection = "events"
    label = "Event"

    @property
    def sort_date(self) -> PartialDate | None:
        return self.date or self.reported

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        if self.date is None and self.reported is not None:
            # Reported by a source dated only to the month or year: the event came
            # before that report, so it sorts at the end of the report's period,
            # never before the records the same period dates precisely.
            r = self.reported
            return ((r.year, r.month or 13, r.day or 32), self.id)
        return super().sort_key

    @property
    def when(self) -> str:
        if self.date is None:
            return f"Reported {self.reported.display}" if self.reported else "Undated"
        return display_range(self.date, self.end_date)

    def has_passed(self, revised: PartialDate) -> bool:
        """Whether the whole event lies before the dataset's revision date."""
        last = self.end_date or self.date
        return last is not None and last.end_key < revised.sort_key

    def when_label_as_of(self, revised: PartialDate) -> str:
        if self.date is None and self.reported is not None:
            return f"Reported {self.reported.display} (date of the event not given)"
        if self.planned and self.has_passed(revised):
            return f"Scheduled for {self.when}; the outcome is not in our sources"
        if self.planned:
            return f"Scheduled for {self.when}, as reported"
        return super().when_label_as_of(revised)

    @property
    def actor_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.actors + self.mentions))

    @property
    def text(self) -> str:
        return self.summary


@dataclass(frozen=True)
class Agreement(Record):
    status: str | None = None
    parties: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    amount: Amount | None = None
    terms: Terms | None = None
    purpose: str = ""
    components: tuple[str, ...] = ()
    # A state ("existing") is true as of the latest source that gives it: filled in when
    # the dataset is assembled, as roles are.
    status_as_of: PartialDate | None = None

    collection = "agreements"
    label = "Agreement"

    @property
    def actor_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.parties + self.signatories))

    @property
    def status_words(self) -> str:
        """ "signed"; a state with its date, "existing as of 10 July 2024": never undated."""
        if not self.status:
            return NOT_STATED
        words = vocabulary_words(self.status)
        if self.status in STATE_STATUSES:
            when = self.status_as_of.display if self.status_as_of else "an unstated date"
            return f"{words} as of {when}"
        return words

    @property
    def status_label(self) -> str:
        return self.status_words

    @property
    def text(self) -> str:
        return self.purpose


@dataclass(frozen=True)
class Point:
    """A longitude and latitude from the reference data, in degrees."""

    lon: float
    lat: float


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a point, a line through points, or a country's area."""

    id: str
    name: str
    geonames: int | None = None
    country: str | None = None
    path: tuple[str, ...] = ()
    part_of: str | None = None
    matches: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    note: str | None = None
    point: Point | None = None  # resolved from data/geo/places.json


@dataclass(frozen=True)
class KindFamily:
    """Kinds grouped for readers: "Visits and meetings" holds visit, meeting, …"""

    id: str
    label: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class DatasetInfo:
    title: str
    updated: PartialDate
    description: str
    licence: str = ""
    licence_url: str | None = None
    corrections: str = ""
    author: str = ""
    licence_spdx: str | None = None


def span_words(span: tuple[PartialDate, PartialDate] | None) -> str:
    """A period in words, to the month: "from 1991 to August 2024", or "in July 2024";
    "" for none.  The one wording of every period the site states (``Dataset.span``
    decides the period)."""
    if span is None:
        return ""
    first, last = (d.month_display for d in span)
    return f"in {first}" if first == last else f"from {first} to {last}"


@dataclass(frozen=True)
class Dataset:
    """Every record, plus the indexes that keep cross-references linear.

    Frozen: made once from checked data.  The indexes are not arguments; they are
    derived from the records once, when the dataset is made."""

    info: DatasetInfo
    vocabulary: dict[str, tuple[str, ...]]
    topics: dict[str, Topic]
    sources: dict[str, Source]
    actors: dict[str, Actor]
    events: dict[str, Event]
    agreements: dict[str, Agreement]
    places: dict[str, Place] = field(default_factory=dict)
    kind_families: tuple[KindFamily, ...] = ()
    # Country outlines for the map (data/geo/boundaries.json), as read: reference data.
    boundaries: dict[str, Any] | None = None
    left_out: tuple[LeftOut, ...] = ()
    # Search aids from data/search.yml: groups of words a reader may type for the same thing.
    synonyms: tuple[tuple[str, ...], ...] = ()
    # Derived once, in __post_init__.
    by_topic: dict[str, list[Record]] = field(init=False)
    by_actor: dict[str, list[Record]] = field(init=False)
    by_source: dict[str, list[Record]] = field(init=False)
    agreements_by_event: dict[str, list[Agreement]] = field(init=False)
    events_by_agreement: dict[str, list[Event]] = field(init=False)
    parts_by_event: dict[str, list[Event]] = field(init=False)
    relations: dict[tuple[str, str], str] = field(init=False)
    records: list[Record] = field(init=False)
    _period_label: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The one place a frozen dataset is written: the inputs put in order, then the
        # indexes derived from them.
        derive = functools.partial(object.__setattr__, self)
        derive("topics", dict(sorted(self.topics.items(), key=lambda kv: kv[1].order)))
        derive("actors", {k: self._dated_roles(a) for k, a in self.actors.items()})
        derive("agreements", {k: self._dated_status(a) for k, a in self.agreements.items()})
        for name, value in self._indexes().items():
            derive(name, value)

    # -- time ---------------------------------------------------------------------

    def _dated_roles(self, actor: Actor) -> Actor:
        """Each role true as of the date its latest cited source gives (or its own
        ``as_of``), and named after that source."""
        if not actor.roles:
            return actor
        roles = []
        for role in actor.roles:
            cited = [self.sources[c.source] for c in role.sources if c.source in self.sources]
            latest = max(cited, key=lambda s: s.date.sort_key, default=None)
            roles.append(
                replace(
                    role,
                    as_of=role.as_of or (latest.date if latest else None),
                    per=latest.short_name if latest else "",
                )
            )
        return replace(actor, roles=tuple(roles))

    def when_label(self, record: Record) -> str:
        """When the record happened, in words, as of this revision of the dataset: a
        scheduled event whose date has passed says its outcome is not in our sources."""
        return record.when_label_as_of(self.info.updated)

    def _dated_status(self, agreement: Agreement) -> Agreement:
        """A state ("existing") as of the latest source the agreement cites."""
        if agreement.status not in STATE_STATUSES:
            return agreement
        cited = [self.sources[c.source] for c in agreement.sources if c.source in self.sources]
        latest = max(cited, key=lambda s: s.date.sort_key, default=None)
        return replace(agreement, status_as_of=latest.date if latest else None)

    @staticmethod
    def span(records: Iterable[Record]) -> tuple[PartialDate, PartialDate] | None:
        """The first and last dates the records give for what happened (scheduled
        events do not count; undated events count by their report date)."""
        dates = []
        for record in records:
            if isinstance(record, Event) and record.planned:
                continue
            date = record.sort_date
            if date is not None:
                dates.append(date)
            if isinstance(record, Event) and record.end_date is not None:
                dates.append(record.end_date)
        if not dates:
            return None
        return min(dates, key=lambda d: d.sort_key), max(dates, key=lambda d: d.sort_key)

    def span_label(self, records: Iterable[Record]) -> str:
        """ "from 1991 to August 2024", or "in July 2024", to the month; "" when
        nothing is dated."""
        return span_words(self.span(records))

    @property
    def period_label(self) -> str:
        """ "Records from 1991 to August 2024"."""
        # Every record page states it: computed with the indexes, never once per page.
        return self._period_label

    @property
    def revision_line(self) -> str:
        """What every page, feed and citation says about time."""
        return f"{self.period_label} · dataset revised {self.info.updated.display}"

    def corrections_note(self, record: Record) -> str:
        """How a reader gets this record corrected: the route, and where the record lives."""
        return (
            f"{self.info.corrections} This record's id is {record.id}; it is kept in "
            f"{record.file}, line {record.line}."
        )

    # -- relations ----------------------------------------------------------------

    def related(self, record: Record) -> list[tuple[str, Record]]:
        """(label, record) for every event or agreement linked to ``record``, oldest first."""
        found: list[tuple[str, Record]] = []
        if isinstance(record, Event):
            for agreement in self.agreements_by_event.get(record.id, []):
                found.append((relation_label(self.relations[(record.id, agreement.id)]), agreement))
            for part in self.parts_by_event.get(record.id, []):
                found.append(("Part of this event", part))
        else:
            for event in self.events_by_agreement.get(record.id, []):
                relation = self.relations[(event.id, record.id)]
                found.append((inverse_relation_label(relation, event.planned), event))
        return sorted(found, key=lambda pair: pair[1].sort_key)

    def _indexes(self) -> dict[str, Any]:
        """Every index, in one pass over the records: no nested scans."""
        merged: Iterable[Record] = [*self.events.values(), *self.agreements.values()]
        records = sorted(merged, key=lambda r: r.sort_key)
        by_topic: dict[str, list[Record]] = defaultdict(list)
        by_actor: dict[str, list[Record]] = defaultdict(list)
        by_source: dict[str, list[Record]] = defaultdict(list)
        agreements_by_event: dict[str, list[Agreement]] = defaultdict(list)
        parts_by_event: dict[str, list[Event]] = defaultdict(list)
        for record in records:
            for slug in record.topics:
                by_topic[slug].append(record)
            for actor in record.actor_ids:
                by_actor[actor].append(record)
            for source in dict.fromkeys(c.source for c in record.sources):
                by_source[source].append(record)
        pairs: dict[tuple[str, str], str] = {}
        for event in self.events.values():
            for link in event.agreements:
                pairs[(event.id, link.agreement)] = link.relation
            if event.part_of:
                parts_by_event[event.part_of].append(event)
        events_by_agreement: dict[str, list[Event]] = defaultdict(list)
        for event_id, agreement_id in pairs:
            agreements_by_event[event_id].append(self.agreements[agreement_id])
            events_by_agreement[agreement_id].append(self.events[event_id])
        # Every record page states the period: computed here, never once per page.
        span = self.span_label(records)
        return {
            "records": records,
            "by_topic": dict(by_topic),
            "by_actor": dict(by_actor),
            "by_source": dict(by_source),
            "agreements_by_event": dict(agreements_by_event),
            "events_by_agreement": dict(events_by_agreement),
            "parts_by_event": dict(parts_by_event),
            "relations": pairs,
            "_period_label": f"Records {span}" if span else "No dated records",
        }

    def record(self, collection: str, record_id: str) -> Record | None:
        """The event or agreement with this id; None for any other collection."""
        if collection == "events":
            return self.events.get(record_id)
        if collection == "agreements":
            return self.agreements.get(record_id)
        return None
