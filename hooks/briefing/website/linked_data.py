"""schema.org JSON-LD for search engines and dataset search: only what the data states.

- The Data page describes the dataset (``Dataset``): its downloads, licence, the period
  the records cover, the places they name and the date it was revised.
- An essay is an ``Article`` by its stated author, dated by its front matter.
- An event is an ``Event`` with a start (and end) date only where the record gives one,
  and a place only where it names one; a date keeps its precision (ISO 8601 allows
  ``2024`` and ``2024-07``).  Agreements and topics are ``WebPage``s about their subject:
  schema.org has no type for a memorandum or loan that could be filled without guessing.

A JSON-LD block is a data block: browsers never run it, so the Content-Security-Policy
needs no hash for it.  It is still escaped so that no text can close the ``<script>``
element (``script_tag``).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..dataset.model import Dataset, Event, Record
from ..docs_pages import Essay
from .citations import Work
from .map_chart import _records_by_place
from .outputs import Site
from .urls import Urls, absolute_url, is_published

CONTEXT = "https://schema.org"

# The downloads a Dataset lists as distributions, by how their names end.
_ENCODINGS = {".csv": "text/csv", ".json": "application/json"}


def _url(site: Site, uri: str) -> str:
    # A root-relative reference where the site has no address: JSON-LD resolves it
    # against the page, and no host is made up.
    return absolute_url(site.url if is_published(site.url) else "/", uri)


def _organization(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def _author(name: str, dataset: Dataset) -> dict[str, str]:
    """The editorial team is an organization; of any other name we do not know whether
    it is a person or an organization, so no type is claimed."""
    if name == dataset.info.author:
        return _organization(name)
    return {"name": name}


def dataset_node(dataset: Dataset, site: Site, downloads: list[str]) -> dict[str, Any]:
    info = dataset.info
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": info.title,
        "description": info.description,
        "url": _url(site, "data.md"),
        "creator": _organization(info.author),
        "dateModified": info.updated.iso,
        "version": info.updated.iso,
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "keywords": [t.title for t in dataset.topics.values()],
    }
    node["license"] = info.licence_url or info.licence
    coverage = dataset.span(dataset.records)
    if coverage is not None:
        first, last = coverage
        node["temporalCoverage"] = f"{first.iso}/{last.iso}"
    by_place = _records_by_place(dataset)
    places = [p for p in dataset.places.values() if by_place.get(p.id)]
    if places:
        node["spatialCoverage"] = [{"@type": "Place", "name": p.name} for p in places]
    node["distribution"] = [
        {
            "@type": "DataDownload",
            "name": uri.rsplit("/", 1)[-1],
            "encodingFormat": _ENCODINGS[ext],
            "contentUrl": _url(site, uri),
        }
        for uri in downloads
        for ext in _ENCODINGS
        if uri.endswith(ext)
    ]
    return node


def essay_node(essay: Essay, dataset: Dataset, site: Site) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": essay.title,
        "description": essay.summary,
        "author": _author(essay.author, dataset),
        "datePublished": essay.date.iso,
        "url": _url(site, essay.src_uri),
        "inLanguage": "en",
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": _url(site, "index.md")},
        "about": [dataset.topics[slug].title for slug in essay.topics if slug in dataset.topics],
    }
    node["license"] = dataset.info.licence_url or dataset.info.licence
    return node


def _event(event: Event) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Event", "name": event.title}
    if event.date is not None:
        node["startDate"] = event.date.iso
    if event.end_date is not None:
        node["endDate"] = event.end_date.iso
    if event.place:
        node["location"] = {"@type": "Place", "name": event.place}
    if event.summary:
        node["description"] = event.summary
    return node


def page_node(work: Work, dataset: Dataset, site: Site, record: Record | None) -> dict[str, Any]:
    """A record's or topic's page: a ``WebPage`` in the dataset, about an event if it is one."""
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": work.title,
        "url": _url(site, work.page_uri),
        "dateModified": dataset.info.updated.iso,
        "inLanguage": "en",
        "isPartOf": {"@type": "Dataset", "name": dataset.info.title, "url": _url(site, "data.md")},
        "license": dataset.info.licence_url or dataset.info.licence,
    }
    if isinstance(record, Event):
        node["mainEntity"] = _event(record)
    return node


# Characters that could end the <script> element or an HTML comment inside it, and the
# two line separators that older JavaScript parsers refused: JSON escapes for all of them.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_tag(node: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` block that no text can break out of."""
    text = json.dumps(node, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return Markup('<script type="application/ld+json">{}</script>').format(Markup(text))


def record_for(dataset: Dataset, page_uri: str) -> Record | None:
    collection, _, rest = page_uri.partition("/")
    return dataset.record(collection, rest.removesuffix(".md"))


def topic_uris(dataset: Dataset) -> set[str]:
    return {Urls.topic(slug) for slug in dataset.topics}
