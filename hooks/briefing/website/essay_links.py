"""Weave hand-written pages into the dataset: links for references, generated
blocks for the home page, and cited records at the end of each essay."""

from __future__ import annotations

import html
from typing import Any

from ..dataset.model import Dataset, Record
from ..dataset.problems import DataError
from ..dataset.validate import known_ids
from ..docs_pages import Docs, Essay
from ..references import Reference, find_references, substitute
from . import views
from .jinja import md_escape
from .pages import LATEST_COUNT, Renderer
from .urls import Urls, citation_address, relative_link

_BLOCK_TEMPLATES = {
    "latest": "latest.md.j2",
    "topics": "topic_cards.md.j2",
    "essays": "essay_list.md.j2",
    "numbers": "numbers.md.j2",
    "coverage": "coverage.md.j2",
    "timeline": "home_visuals.md.j2",
}


def _target(dataset: Dataset, ref: Reference) -> tuple[str, str, str]:
    """(page source path, default link text, hover title) for a reference's target."""
    collection = ref.collection
    if collection == "topics":
        topic = dataset.topics[ref.target]
        return Urls.topic(topic.slug), topic.title, topic.summary
    if collection == "actors":
        actor = dataset.actors[ref.target]
        return Urls.actor(actor.id), actor.name, f"{actor.name}: {actor.role or actor.kind}"
    if collection == "sources":
        source = dataset.sources[ref.target]
        return Urls.source(source.id), source.title, f"{source.author}, {source.date.display}"
    record = dataset.record(collection or "", ref.target)
    assert record is not None  # references were checked before the build
    return Urls.record(record), record.title, f"{record.when}: {record.title}"


def link_for(ref: Reference, page_uri: str, dataset: Dataset) -> str:
    target, text, hover = _target(dataset, ref)
    href = relative_link(page_uri, target)
    label = md_escape(ref.text) if ref.text else md_escape(text)
    # A Markdown link title is literal text between quotes: only HTML-escape it.
    return f'[{label}]({href} "{html.escape(hover, quote=True)}")'


def weave_page(
    markdown: str,
    page_uri: str,
    dataset: Dataset,
    docs: Docs,
    renderer: Renderer,
    strict: bool = True,
) -> str:
    """Resolve a page's references; with ``strict=False`` (a preview showing the
    last good data) leave unresolvable ones as written instead of failing."""
    references, problems = find_references(markdown, page_uri)
    if problems and strict:  # scan_pages reported these before the build
        raise DataError(problems)
    if not strict:
        known = known_ids(dataset)
        references = [
            r for r in references if r.collection is None or r.target in known[r.collection]
        ]

    def replace(ref: Reference) -> str:
        if ref.kind == "list":
            context: dict[str, Any] = {}
            if ref.target == "latest":
                context["records"] = _latest(dataset)
                context["note"] = views.latest_note(context["records"])
            elif ref.target == "topics":
                context["cards"] = [views.topic_card(t, dataset) for t in dataset.topics.values()]
            elif ref.target == "numbers":
                context["figures"] = views.home_figures(dataset)
            elif ref.target == "coverage":
                context["coverage"] = views.coverage(dataset.records)
            return renderer.fragment(_BLOCK_TEMPLATES[ref.target], page_uri, **context)
        return link_for(ref, page_uri, dataset)

    woven = substitute(markdown, references, replace)
    essay = docs.essay(page_uri)
    if essay is not None:
        woven = renderer.fragment("essay_header.md.j2", page_uri, essay=essay) + woven
        records: list[Record] = []
        actors = []
        source_ids: dict[str, None] = {}
        for collection, record_id in essay.cited:
            record = dataset.record(collection, record_id)
            if record is not None:
                records.append(record)
                source_ids.update(dict.fromkeys(c.source for c in record.sources))
            elif collection == "actors":
                actors.append(dataset.actors[record_id])
            elif collection == "sources":
                source_ids[record_id] = None
        sources = sorted((dataset.sources[s] for s in source_ids), key=lambda s: s.date.sort_key)
        woven += renderer.fragment(
            "essay_footer.md.j2",
            page_uri,
            records=sorted(records, key=lambda r: r.sort_key),
            actors=actors,
            sources=sources,
            essay=essay,
            permalink=citation_address(renderer.site.url, page_uri),
        )
    return woven


def essay_tags(dataset: Dataset, essay: Essay) -> list[str]:
    """Material's tags for an essay: the titles of its topics (made safe for
    Material's raw slots with the rest of the page's meta, by ``slot_meta``)."""
    return [dataset.topics[slug].title for slug in essay.topics]


def essay_meta(dataset: Dataset, essay: Essay) -> dict[str, Any]:
    """What an essay's front matter gains from its record: Material's tags, and its
    summary as the description that share previews and search engines show, unless
    the essay gives a description of its own."""
    meta: dict[str, Any] = {"tags": essay_tags(dataset, essay)}
    if not essay.description:
        meta["description"] = essay.summary
    return meta


def _latest(dataset: Dataset) -> list[Record]:
    """The newest records that have happened (scheduled ones are not news yet)."""
    return views.latest(dataset.records, LATEST_COUNT)
