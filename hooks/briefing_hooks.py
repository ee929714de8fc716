"""MkDocs adapter for the briefing core.

With the preview server (``briefing/preview/server.py``), this is the only code
that imports MkDocs.  Each hook below hands over to one ``Adapter`` object, and
everything it does is delegated to the ``briefing`` package, through the build
plan (``briefing/plan.py``) that ``briefing generate`` and ``briefing check`` use too:

- ``on_startup``: note whether this is the preview server;
- ``on_config``: check the options and settings, and forget the previous build;
  ``mkdocs build`` writes into a folder beside the site (``briefing/staging.py``);
- ``on_pre_build``: load and check the data and the pages in ``docs/``, and render
  every generated page, download and card, before MkDocs cleans the site folder
  (a large site's record pages in a forked process meanwhile: ``website/pages.py``):
  bad input fails a build and writes no site,
  while the preview server reports it, shows it in a banner and keeps the last
  good data; then fork the process that makes the search index's input
  (``site_search.Preparer``);
- ``on_files``: add the generated pages and downloads, and list the topics in the nav;
- ``on_nav``: start converting the generated pages' Markdown to HTML
  (``briefing.page_html``: one converter per process, the pages split across cores);
- ``on_pre_page``: date every page by the dataset, so builds are reproducible, and
  have a generated page take its HTML from ``page_html`` instead of a fresh converter;
- ``on_page_markdown``: turn ``[[kind:id]]`` references into links, close essays
  with their cited records;
- ``on_env``: give the theme the dataset date, the preview's problems and the
  Content-Security-Policy tag, and have it draw the navigation once per folder for
  pages outside it (``briefing.nav_html``); every page is converted by now, so fork
  the process that makes Material's search entries while the pages are laid out
  (``briefing.search_entries``);
- ``on_post_page``, ``on_post_template``: allow the theme's inline scripts by hash;
  ``on_post_page`` also hands each written page to the search index's input;
- ``on_post_build``: index the finished pages for search (Pagefind), and write the
  policy as a ``_headers`` file for hosts;
- ``on_build_error``, ``on_shutdown``: replace the site with the new one only if
  the whole build passed; ``on_build_error`` also stops the page converters and the
  search processes.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from briefing import staging
from briefing.dataset.problems import DataError, Problem
from briefing.dataset.reading import display_path
from briefing.nav_html import remember_navigation
from briefing.page_html import PageHtml
from briefing.plan import BuildPlan, Settings, load_plan
from briefing.preview import deferred
from briefing.preview.last_good import Preview, banner_heading
from briefing.search_entries import SearchEntries
from briefing.website import cards, corrections, csp, essay_links, site_search
from briefing.website.nav import site_nav
from briefing.website.outputs import Output
from briefing.website.search import refine_file

log = logging.getLogger("mkdocs.plugins.briefing")


@dataclass
class _Build:
    """What one build knows; rebuilt from scratch on every build."""

    settings: Settings
    plan: BuildPlan | None = None
    sealer: csp.Sealer | None = None
    page_html: PageHtml | None = None
    # Makes Pagefind's input while the pages are written; None in the preview, which
    # writes only the pages an edit changed, and in the offline edition, which has none.
    search_input: site_search.Preparer | None = None
    # Makes Material's search entries while the pages are laid out; None where
    # page_html converts none (the preview, or fast_pages off) or the site is small.
    search_entries: SearchEntries | None = None
    # A page's share-preview image address; None without a published address.
    card_url: Callable[[str], str] | None = None
    # Problems the preview shows in its banner while it serves the last good data.
    problems: list[Problem] = field(default_factory=list)
    # Hand-written pages that cannot be read: kept from MkDocs, which would fail on them.
    unreadable: set[str] = field(default_factory=set)
    # Whether this build's own data loaded (not the preview's last good data).
    loaded: bool = False

    @property
    def strict(self) -> bool:
        return not self.problems


class Adapter:
    def __init__(self) -> None:
        self.preview = Preview()  # outlives builds: MkDocs keeps this module loaded
        self._build: _Build | None = None
        self._command = ""
        self._staged: staging.Staged | None = None

    @property
    def build(self) -> _Build:
        if self._build is None:
            raise PluginError("briefing: the configuration was not read (on_config did not run)")
        return self._build

    def on_startup(self, command: str, dirty: bool) -> None:
        self._command = "" if dirty else command
        self.preview.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> None:
        self._build = None
        root = Path(config.config_file_path).resolve().parent
        try:
            settings = Settings.from_config(root, config)
        except DataError as error:
            raise PluginError(str(error)) from None
        # MkDocs empties the site folder before it writes: never one the site is made from.
        problem = settings.output_problem(Path(config.site_dir))
        if problem:
            raise PluginError(f"briefing: site_dir {config.site_dir} {problem}")
        warning = settings.placeholder_warning()
        if warning:
            # A warning, so `mkdocs build --strict` refuses a placeholder address; without
            # --strict the site is built as if none were set: paths, never the placeholder.
            log.warning("%s", warning)
        if settings.site_url and not settings.options.corrections:
            # A warning, so `mkdocs build --strict` refuses to publish without a route.
            log.warning("%s", corrections.MISSING_MESSAGE.format(url=settings.site_url))
        config.site_url = settings.site_url
        self._build = _Build(settings)
        if self._command == "build" and self._staged is None:
            # `mkdocs build` writes into a fresh folder beside the site, which replaces
            # the site only once the whole build has passed (on_shutdown): a build that
            # fails at any step leaves the last good site as it was.
            self._staged = staging.Staged.beside(Path(config.site_dir))
            config.site_dir = str(self._staged.building)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        build = self.build
        settings = build.settings
        try:
            # The preview server runs threads, which a fork would copy mid-flight.
            build.plan = load_plan(settings, parallel=not self.preview.serving)
        except DataError as error:
            last_good = self.preview.fallback(settings.root, error)
            if last_good is None:
                raise PluginError(str(error)) from None
            build.plan = BuildPlan(settings, last_good)
            build.problems = error.problems
            docs = display_path(settings.docs_dir, settings.root) + "/"
            build.unreadable = {
                p.file.removeprefix(docs)
                for p in error.problems
                if p.cause and p.file.startswith(docs)
            }
            return
        if not self.preview.serving:  # the preview serves the generated page instead (_add)
            try:
                build.plan.check_outputs()
            except DataError as error:
                raise PluginError(str(error)) from None
        build.loaded = True
        dataset = build.plan.dataset
        if not self.preview.serving and not config.extra.get("briefing_offline"):
            build.search_input = site_search.Preparer(
                Path(config.site_dir), dataset, settings.search_separator
            )
        log.debug(
            "briefing: %d events, %d agreements, %d essays",
            len(dataset.events),
            len(dataset.agreements),
            len(build.plan.docs.essays),
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self.build
        plan = self._plan()
        for src_uri in build.unreadable:
            unreadable = files.get_file_from_path(src_uri)
            if unreadable is not None:
                files.remove(unreadable)
        output = self._render(plan)
        for page in output.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
            self._add(files, file)
        for asset in output.assets:
            self._add(files, File.generated(config, asset.dest_uri, content=asset.content))
        for uri, png in plan.card_images.items():
            self._add(files, File.generated(config, uri, content=png))
        if build.settings.site_url:
            build.card_url = functools.partial(cards.card_url, plan.cards, build.settings.site_url)
        config.nav = site_nav(config.nav, output, plan.docs)
        return files

    def _render(self, plan: BuildPlan) -> Output:
        """The generated pages.  While serving, data that passes every check but still
        cannot be rendered shows the last good site with the error in the banner."""
        build = self.build
        root = build.settings.root
        try:
            output = plan.rendered.output
        except Exception as error:
            if not self.preview.serving:
                raise
            problem = Problem(
                "data",
                1,
                None,
                None,
                f"the pages could not be made from this data ({type(error).__name__}: "
                f"{error}); this is a fault in the site's code the checks missed: report it",
                cause=True,
            )
            last_good = self.preview.fallback(root, DataError([problem]))
            if last_good is None or last_good is plan.project:
                raise
            build.plan = plan = BuildPlan(build.settings, last_good)
            build.problems.append(problem)
            return plan.rendered.output
        if build.loaded:
            # Only data whose pages could be made is the last good data.
            self.preview.remember(root, plan.project)
        return output

    def _add(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            written = Path(existing.abs_src_path or file.src_uri).resolve()
            problem = Problem(
                display_path(written, self.build.settings.root),
                1,
                None,
                None,
                f"{file.src_uri} is generated from data/ and must not exist in docs/: remove it",
                cause=True,
            )
            if not self.preview.serving:
                raise PluginError(str(DataError([problem])))
            # The preview keeps serving, with the generated page, and says why.
            self.build.problems.append(problem)
            log.error("%s", problem)
            files.remove(existing)
        files.append(file)

    def on_nav(self, config: MkDocsConfig, files: Files) -> None:
        build = self.build
        if build.settings.options.fast_pages:
            # Not forked in the preview server, whose threads a fork would copy mid-flight.
            build.page_html = PageHtml(config, files, parallel=not self.preview.serving)

    def on_pre_page(self, page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
        # The sitemap's <lastmod> (and the gzip header of sitemap.xml.gz) would
        # otherwise carry the build day: use the dataset's date for reproducible builds.
        page.update_date = self._plan().dataset.info.updated.timestamp[:10]
        page_html = self.build.page_html
        if page_html is not None and page_html.handles(page.file):
            # MkDocs calls page.render(config, files) next, for this page only.
            page.render = functools.partial(page_html.render, page)  # type: ignore[method-assign]
        return page

    def on_page_markdown(self, markdown: str, page: MkDocsPage) -> str | None:
        build = self.build
        plan = self._plan()
        if page.file.generated_by is not None:
            return None  # generated pages carry no references
        src_uri = page.file.src_uri
        # Material's tags plugin reads the tags after us (it runs at priority -50), and
        # prints some of the other values unescaped.
        page.meta.update(plan.page_meta(src_uri, page.meta))
        try:
            return essay_links.weave_page(
                markdown,
                src_uri,
                plan.dataset,
                plan.docs,
                plan.rendered.renderer,
                strict=build.strict,
            )
        except DataError as error:
            raise PluginError(str(error)) from None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        build = self.build
        info = self._plan().dataset.info
        env.globals["briefing"] = {
            "updated": info.updated.display,
            "updated_iso": info.updated.iso,
            "period": self._plan().dataset.period_label,
            "problems": [str(p) for p in build.problems],
            "problems_heading": banner_heading(len(build.problems)),
            "csp": csp.meta_tag(),
            "card_url": build.card_url,
        }
        theme_scripts = csp.ThemeScripts.from_dirs(config.theme.dirs)
        build.sealer = csp.Sealer(theme_scripts, preview=self.preview.serving)
        if build.settings.options.fast_pages:
            remember_navigation(env)
            if not self.preview.serving:  # which lays out only the pages an edit changed
                build.search_entries = SearchEntries.start(config, files)
        return env

    def seal(self, html: str) -> str:
        if self.build.sealer is None:
            raise PluginError("briefing: no Content-Security-Policy (on_env did not run)")
        return self.build.sealer.seal(html)

    def on_post_page(self, output: str, page: MkDocsPage) -> str:
        search_input = self.build.search_input
        if search_input is not None:
            search_input.writing(page.file.dest_uri)
        return self.seal(output)

    def stop_converters(self) -> None:
        if self._build is None:
            return
        build = self._build
        for workers in (build.page_html, build.search_entries, build.search_input):
            if workers is not None:
                workers.close()

    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self.build
        for workers in (build.page_html, build.search_entries):
            if workers is not None:
                workers.close()
        plan = self._plan()
        site_dir, dataset = Path(config.site_dir), plan.dataset
        offline = bool(config.extra.get("briefing_offline"))

        def write_search_indexes() -> None:
            # Material's search plugin has written its index by now: refine it (while
            # Pagefind runs, on the other core).
            refine = functools.partial(
                refine_file, site_dir / "search" / "search_index.json", dataset
            )
            if offline:  # read from disk, where Material's own search runs, not Pagefind
                refine()
                return
            # Every engine's site gets the same search: Pagefind's index of the finished pages.
            try:
                if build.search_input is not None:
                    build.search_input.write(meanwhile=refine)
                else:
                    site_search.write_index(
                        site_dir,
                        dataset,
                        plan.settings.search_separator,
                        meanwhile=refine,
                        stop=deferred.LATER.stopping,
                    )
            except site_search.SearchIndexError as error:
                raise PluginError(f"briefing: {error}") from error

        # In `briefing serve`, after the edited pages are served (preview/deferred.py).
        deferred.LATER.run_or_defer(write_search_indexes)
        sealer = self.build.sealer
        if sealer is not None and not sealer.preview:
            # The policy as a header, for hosts that read `_headers` (Netlify, Cloudflare).
            Path(config.site_dir, "_headers").write_text(sealer.headers_file(), encoding="utf-8")
        if self._staged is not None:
            self._staged.passed = True

    def on_build_error(self) -> None:
        self.stop_converters()
        if self._staged is not None:
            self._staged.passed = False  # a --strict warning fails the build after post_build

    def on_shutdown(self) -> None:
        staged, self._staged = self._staged, None
        if staged is not None:
            staged.finish()

    def on_serve(self, server: LiveReloadServer) -> None:
        sources = self.build.settings.sources_dir
        if sources is not None:
            server.watch(str(sources))

    def _plan(self) -> BuildPlan:
        plan = self.build.plan
        if plan is None:
            raise PluginError("briefing: the dataset was not loaded (on_pre_build did not run)")
        return plan


# ---------------------------------------------------------------------------
# The hooks MkDocs calls
# ---------------------------------------------------------------------------

_adapter = Adapter()


def on_startup(command: str, dirty: bool) -> None:
    _adapter.on_startup(command, dirty)


def on_config(config: MkDocsConfig) -> None:
    _adapter.on_config(config)


def on_pre_build(config: MkDocsConfig) -> None:
    _adapter.on_pre_build(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return _adapter.on_files(files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _adapter.on_nav(config, files)
    return nav


def on_pre_page(page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
    return _adapter.on_pre_page(page, config, files)


def on_page_markdown(
    markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files
) -> str | None:
    return _adapter.on_page_markdown(markdown, page)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return _adapter.on_env(env, config, files)


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    return _adapter.on_post_page(output, page)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is rendered as a template, not a page; sitemap.xml needs no policy.
    return _adapter.seal(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config: MkDocsConfig) -> None:
    _adapter.on_post_build(config)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> None:
    # `mkdocs serve` watches what mkdocs.yml lists; the source texts the quotes are checked
    # against are read too (not listed there: `watch` refuses a project without them).
    _adapter.on_serve(server)


def on_build_error(error: Exception) -> None:
    _adapter.on_build_error()


def on_shutdown() -> None:
    _adapter.on_shutdown()
