"""Every generated page of the site, rendered from the dataset.

``build_site`` is the one entry point: it returns the Markdown pages and the
downloadable files.  Each ``Renderer.*_pages`` method names the template and
the source path of the pages it makes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from markupsafe import Markup

from ..dataset import money, schema
from ..dataset.model import Agreement, Dataset, Record
from ..docs_pages import Docs, Essay
from ..forked import Beside
from ..gcpause import paused_gc
from . import (
    cff,
    citations,
    corrections,
    exports,
    metadata,
    money_charts,
    revisions,
    tables,
    views,
)
from .chart_fragments import Visuals
from .jinja import make_environment
from .listing import YearGroup, make_listing
from .outputs import Asset, Output, Page, Site
from .timeline_filters import TimelineFilters, timeline_filters
from .urls import Urls, citation_address, page_shape

# Records per main listing page before older years move to archive pages only.
# At about 2 KB of HTML per full entry this keeps a page well under 500 KB.
LISTING_LIMIT = 150
LATEST_COUNT = 5
# From this many records, a forked process makes the record pages and their citation files
# while this one makes the rest (``build_site``): below it, forking costs more than it saves.
PARALLEL_MIN_RECORDS = 500


class Renderer:
    def __init__(self, dataset: Dataset, docs: Docs, site: Site, limit: int = LISTING_LIMIT):
        self.dataset = dataset
        self.docs = docs
        self.site = site
        self.limit = limit
        self.env = make_environment()
        # The grants and loans with an amount, in date order: the Money page's tables and
        # chart and every scale chart compare against this one list.
        self.aid = money.aid_agreements(dataset.records)
        self.visuals = Visuals(dataset, limit, self.aid)
        self._fragments: dict[tuple[Any, ...], Markup] = {}
        self._macros: dict[tuple[int, bool], Any] = {}
        # Citation tags and JSON-LD for each page's head, carried in its front matter.
        self.head = metadata.PageHead(dataset, docs, site)
        self.env.globals.update(
            fragment=self._fragment,
            dataset=dataset,
            docs=docs,
            site=site,
            urls=Urls,
            views=views,
            updated=dataset.info.updated.display,
            essays_citing=docs.essays_citing,
            visuals=self.visuals,
            citation_formats=citations.FORMATS,
            corrections=corrections,
        )

    @jinja2.pass_context
    def _fragment(self, context: Any, macro: str, subject: Any, key: str | None = None) -> Markup:
        """A macro's output for ``subject``, rendered once per page shape and reused.

        A record appears on several listings (its topics, actors, the timeline),
        and a listing's year links on each of its pages; links depend only on the
        depth of the page, so one rendering serves every page of the same shape.
        """
        shape = page_shape(context["page_uri"])
        cache_key = (macro, key or subject.id, *shape)
        html = self._fragments.get(cache_key)
        if html is None:
            module = self._macros_for(context["page_uri"])
            html = self._fragments[cache_key] = Markup(getattr(module, macro)(subject))
        return html

    def _macros_for(self, page_uri: str) -> Any:
        """``_macros.md.j2`` as a module for pages of this shape, built once.

        Templates get it as ``m``: an ``{% import ... with context %}`` would
        re-run the macro file for every page.
        """
        shape = page_shape(page_uri)
        module = self._macros.get(shape)
        if module is None:
            depth, is_index = shape
            stand_in = "d/" * depth + ("index.md" if is_index else "page.md")
            template = self.env.get_template("_macros.md.j2")
            module = self._macros[shape] = template.make_module({"page_uri": stand_in})
        return module

    def render(self, template: str, page_uri: str, in_nav: bool = False, **context: Any) -> Page:
        content = self.fragment(template, page_uri, **context)
        return Page(page_uri, metadata.with_head(content, self.head.html(page_uri)), in_nav)

    def fragment(self, template: str, page_uri: str, **context: Any) -> str:
        """A template rendered for one page (or a piece of one: the home page's lists)."""
        return self.env.get_template(template).render(
            page_uri=page_uri, m=self._macros_for(page_uri), **context
        )

    # -- listings ---------------------------------------------------------------

    def listed(
        self,
        template: str,
        main_uri: str,
        records: list[Record],
        *,
        title: str,
        newest_first: bool,
        in_nav: bool = False,
        per_page: Callable[[list[Record]], dict[str, Any]] | None = None,
        **context: Any,
    ) -> Iterator[Page]:
        """A listing's main page, then its year archive pages if it is paged.

        ``per_page`` gives what a page's context owes to the records it shows (a paged
        listing's page shows some years only)."""
        listing = make_listing(main_uri, records, newest_first=newest_first, limit=self.limit)

        def shown(groups: tuple[YearGroup, ...]) -> dict[str, Any]:
            if per_page is None:
                return {"groups": groups, **context}
            return {"groups": groups, **per_page([r for g in groups for r in g.records]), **context}

        yield self.render(
            template,
            main_uri,
            in_nav=in_nav,
            listing=listing,
            title=title,
            archive=False,
            **shown(listing.inline),
        )
        for group in listing.archive:
            yield self.render(
                template,
                Urls.listing_year(listing.main_uri, group.key),
                listing=listing,
                title=f"{title}: {group.label}",
                archive=True,
                **shown((group,)),
            )

    # -- pages ------------------------------------------------------------------

    def topic_pages(self) -> Iterator[Page]:
        yield self.render(
            "topics_index.md.j2",
            "topics/index.md",
            in_nav=True,
            description=views.topics_description(len(self.dataset.topics)),
            topics=[views.topic_card(t, self.dataset) for t in self.dataset.topics.values()],
        )
        for topic in self.dataset.topics.values():
            records = self.dataset.by_topic.get(topic.slug, [])
            brief = views.brief(topic, self.dataset)
            yield from self.listed(
                "topic.md.j2",
                Urls.topic(topic.slug),
                records,
                title=topic.title,
                newest_first=True,
                in_nav=True,
                topic=topic,
                brief=brief,
                order_note=views.order_note(brief.undated),
                permalink=citation_address(self.site.url, Urls.topic(topic.slug)),
                essays=self._essays_for(records),
            )

    def _essays_for(self, records: list[Record]) -> list[Essay]:
        found: dict[str, Essay] = {}
        for record in records:
            for essay in self.docs.essays_citing(record.collection, record.id):
                found[essay.src_uri] = essay
        return sorted(found.values(), key=lambda e: e.date.sort_key, reverse=True)

    def record_pages(self) -> Iterator[Page]:
        for record in self.dataset.records:
            yield self.render(
                "record.md.j2",
                Urls.record(record),
                record=record,
                when_label=self.dataset.when_label(record),
                topic=views.primary_topic(record, self.dataset),
                kind=views.kind_label(record),
                amount=views.amount_label(record),
                summary=views.first_paragraph(record.text),
                facts=views.record_facts(record, self.dataset),
                components=record.components if isinstance(record, Agreement) else (),
                relations=views.relations(record, self.dataset),
                essays=self.docs.essays_citing(record.collection, record.id),
                permalink=citation_address(self.site.url, Urls.record(record)),
            )

    def actor_pages(self) -> Iterator[Page]:
        yield self.render(
            "actors_index.md.j2",
            "actors/index.md",
            in_nav=True,
            groups=views.actor_groups(self.dataset),
        )
        for actor in self.dataset.actors.values():
            yield from self.listed(
                "actor.md.j2",
                Urls.actor(actor.id),
                self.dataset.by_actor.get(actor.id, []),
                title=actor.name,
                newest_first=True,
                actor=actor,
                facts=views.actor_facts(actor),
                actor_kind=views.kind_name(actor.kind),
                records_sentence=views.actor_records_sentence(
                    actor, len(self.dataset.by_actor.get(actor.id, []))
                ),
            )

    def source_pages(self) -> Iterator[Page]:
        yield self.render(
            "sources_index.md.j2",
            "sources/index.md",
            in_nav=True,
            rows=views.source_rows(self.dataset),
        )
        for source in self.dataset.sources.values():
            yield from self.listed(
                "source.md.j2",
                Urls.source(source.id),
                self.dataset.by_source.get(source.id, []),
                title=source.title,
                newest_first=True,
                source=source,
                facts=views.source_facts(source),
            )

    def timeline_pages(self) -> Iterator[Page]:
        """The timeline, and the indexes of events and of agreements (not in the
        navigation: a reader reaches them by trimming a record's address)."""
        for index in views.RECORD_INDEXES:
            records = views.index_records(index, self.dataset)
            yield from self.listed(
                "timeline.md.j2",
                index.uri,
                records,
                title=index.title,
                newest_first=True,
                in_nav=index.chart,
                index=index,
                # The panel filters the rows of its own page: its choices and counts too.
                per_page=self._filters,
            )

    def _filters(self, records: list[Record]) -> dict[str, TimelineFilters]:
        return {"filters": timeline_filters(self.dataset, records)}

    def figures_page(self) -> Page:
        aid = self.aid
        # By year and kind: a grant and a loan are never summed into one figure.
        by_year = sorted(
            (
                (kind, total)
                for kind in money.AID_KINDS
                for total in money.totals([a for a in aid if a.kind == kind], "year")
            ),
            key=lambda pair: (pair[1].label, pair[0], pair[1].currency),
        )
        other = money.other_amounts(self.dataset.records)
        # Totals always cover everything; the row tables keep the most recent
        # rows so the page stays bounded, and the CSV download has them all.
        return self.render(
            "figures.md.j2",
            "figures.md",
            in_nav=True,
            aid=views.money_table(aid, self.limit),
            aid_all=views.all_of(len(aid), "grant or loan", "grants and loans"),
            other=views.money_table(other, self.limit),
            totals_by_kind=money.totals(aid, "kind"),
            totals_by_year=by_year,
            chart=money_charts.aid_chart(
                aid,
                title="Japanese grants and loans to Cambodia by year",
                caption="Grant and loan amounts per year, each kind and currency apart, "
                "as the sources state them.",
            ),
        )

    def map_page(self) -> Page:
        return self.render("map.md.j2", "map.md", in_nav=True, view=self.visuals.map_view("map.md"))

    def data_page(self) -> Page:
        return self.render(
            "data.md.j2",
            "data.md",
            in_nav=True,
            collections=schema.COLLECTIONS,
            shapes=[
                schema.CITATION,
                schema.AMOUNT,
                schema.TERMS,
                schema.ROLE,
                schema.AGREEMENT_LINK,
                schema.COVERAGE,
                schema.LEFT_OUT,
                schema.SYNONYM,
                schema.KEY_POINT,
                schema.FIGURE,
            ],
            downloads=views.downloads(exports.DOWNLOADS),
            excel_downloads=tables.excel_downloads(uri for uri, _what in exports.DOWNLOADS),
            permalink=citation_address(self.site.url, "data.md"),
        )

    def revisions_page(self, history: list[revisions.Revision]) -> Page:
        return self.render(
            "revisions.md.j2",
            "revisions.md",
            views=revisions.revision_views(history, self.dataset),
        )

    def essays_index(self) -> Page:
        return self.render("essays_index.md.j2", "essays/index.md", in_nav=True)


def build_site(
    dataset: Dataset,
    docs: Docs,
    site: Site,
    limit: int = LISTING_LIMIT,
    snapshots: tuple[revisions.Snapshot, ...] = (),
    parallel: bool = False,
) -> tuple[Output, Renderer]:
    """Every generated page and download. With ``parallel``, a large dataset's record
    pages and their citation files are made by a forked process meanwhile (not in a process with
    other threads running, which a fork would copy mid-flight); the output is the same
    either way."""
    renderer = Renderer(dataset, docs, site, limit)
    with paused_gc():
        return _render_all(renderer, dataset, docs, site, snapshots, forks(dataset, parallel))


def forks(dataset: Dataset, parallel: bool) -> bool:
    """Whether work on this dataset's pages goes in part to a forked process."""
    return parallel and len(dataset.records) >= PARALLEL_MIN_RECORDS


def _render_all(
    renderer: Renderer,
    dataset: Dataset,
    docs: Docs,
    site: Site,
    snapshots: tuple[revisions.Snapshot, ...] = (),
    fork: bool = False,
) -> tuple[Output, Renderer]:
    plain = exports.Plain(dataset)

    # About half the work at 10,000 records: a page per record, and their citations.
    def records_and_citations() -> tuple[list[Page], list[Asset]]:
        return list(renderer.record_pages()), list(citations.citation_assets(renderer.head.works))

    with Beside(records_and_citations, fork=fork) as beside:
        topics = list(renderer.topic_pages())
        others = [
            *renderer.actor_pages(),
            *renderer.source_pages(),
            *renderer.timeline_pages(),
            renderer.figures_page(),
            renderer.map_page(),
            renderer.data_page(),
            renderer.essays_index(),
        ]
        assets = exports.build_assets(dataset, docs, site, plain)
        assets += tables.table_assets(dataset, plain, site.url)
        record_pages, citation_assets = beside.result()
    pages = [*topics, *record_pages, *others]
    assets += citation_assets
    assets.append(Asset(cff.FILE_NAME, cff.citation_cff(dataset, site.url)))
    current = json.loads(exports.dataset_json(dataset, plain))
    history = revisions.history(snapshots, current, dataset.info.updated)
    pages.append(renderer.revisions_page(history))
    assets += _revision_downloads(dataset, snapshots, assets, site)
    return Output(pages, assets), renderer


def _revision_downloads(
    dataset: Dataset, snapshots: tuple[revisions.Snapshot, ...], current: list[Asset], site: Site
) -> list[Asset]:
    """Every revision's downloads under its date: the current ones as built, past ones
    rebuilt from their snapshots (their dataset.json as recorded)."""
    found = list(revisions.versioned(dataset.info.updated, current))
    for snapshot in snapshots:
        if snapshot.date == dataset.info.updated:
            continue
        past = revisions.revive(snapshot.document, {})
        built = tables.table_assets(past, exports.Plain(past), site.url)
        built.append(Asset("downloads/dataset.json", revisions.snapshot_text(snapshot.document)))
        found += revisions.versioned(snapshot.date, built)
    return found
