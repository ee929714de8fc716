"""The timeline's filter panel, decided here and laid out by ``timeline.md.j2``.

Kinds are offered as the families declared in ``data/vocabulary.yml``; a kind
that no family names goes under "Other", so every record stays reachable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..dataset.model import Dataset, KindFamily, Record
from .listing import UNDATED, year_key, year_label
from .views import plural

OTHER = KindFamily("other", "Other", ())


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    kinds: str = ""  # families only: the kinds it holds, space-separated

    @property
    def kinds_label(self) -> str:
        """The kinds a family holds, as words (its tooltip)."""
        return self.kinds.replace("-", " ")


@dataclass(frozen=True)
class TimelineFilters:
    topics: tuple[Choice, ...]
    families: tuple[Choice, ...]
    years: tuple[Choice, ...]
    actors: tuple[Choice, ...]
    total: int

    @property
    def count_text(self) -> str:
        # The noun agrees with the total, as the page script writes it once filtered.
        return f"{self.total:,} of {plural(self.total, 'record')} shown."


def timeline_filters(dataset: Dataset, records: Sequence[Record] | None = None) -> TimelineFilters:
    """The panel for ``records`` (every record by default): only choices that match some."""
    records = dataset.records if records is None else records
    topic_counts: dict[str, int] = {}
    actor_counts: dict[str, int] = {}
    for record in records:
        for slug in record.topics:
            topic_counts[slug] = topic_counts.get(slug, 0) + 1
        for actor_id in record.actor_ids:
            actor_counts[actor_id] = actor_counts.get(actor_id, 0) + 1
    families = list(dataset.kind_families)
    named = {kind for f in families for kind in f.kinds}
    stray = sorted({r.kind for r in records} - named)
    if stray:
        existing = next((f for f in families if f.id == OTHER.id), None)
        merged = KindFamily(OTHER.id, OTHER.label, (*(existing.kinds if existing else ()), *stray))
        families = [f for f in families if f.id != OTHER.id] + [merged]
    kind_counts: dict[str, int] = {}
    year_counts: dict[str, int] = {}
    for record in records:
        kind_counts[record.kind] = kind_counts.get(record.kind, 0) + 1
        key = year_key(record.year)
        year_counts[key] = year_counts.get(key, 0) + 1
    years = sorted((k for k in year_counts if k != UNDATED), reverse=True)
    if UNDATED in year_counts:
        years.append(UNDATED)
    actors = sorted(
        (a for a in dataset.actors.values() if a.id in actor_counts), key=lambda a: a.name
    )
    return TimelineFilters(
        topics=tuple(
            Choice(t.slug, t.title, topic_counts[t.slug])
            for t in dataset.topics.values()
            if t.slug in topic_counts
        ),
        families=tuple(
            Choice(f.id, f.label, sum(kind_counts.get(k, 0) for k in f.kinds), " ".join(f.kinds))
            for f in families
            if any(kind_counts.get(k) for k in f.kinds)
        ),
        years=tuple(Choice(k, year_label(k), year_counts[k]) for k in years),
        actors=tuple(Choice(a.id, a.name, actor_counts[a.id]) for a in actors),
        total=len(records),
    )
