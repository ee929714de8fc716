"""MkDocs adapter for the briefing core: the only module that imports MkDocs.

Each hook below hands over to one ``Adapter`` object, and everything it does is
delegated to the ``briefing`` package:

- ``on_startup``: note whether this is the preview server;
- ``on_config``: check the options and settings, and forget the previous build;
- ``on_pre_build``: load and check the data and the pages in ``docs/`` before
  MkDocs cleans the site folder: bad input fails a build and writes no site,
  while the preview server reports it, shows it in a banner and keeps the last
  good data;
- ``on_files``: add the generated pages and downloads, and list the topics in the nav;
- ``on_pre_page``: date every page by the dataset, so builds are reproducible;
- ``on_page_markdown``: turn ``[[kind:id]]`` references into links, close essays
  with their cited records;
- ``on_env``: give the theme the dataset date, the preview's problems and the
  Content-Security-Policy tag;
- ``on_post_page``, ``on_post_template``: allow the theme's inline scripts by hash;
- ``on_post_build``: index the finished pages for search, and write the policy as a
  ``_headers`` file for hosts.
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
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from briefing.dataset.load import sources_folder
from briefing.dataset.problems import DataError, Problem
from briefing.dataset.reading import display_path
from briefing.options import Options
from briefing.preview.last_good import Preview, banner_heading, cached_page
from briefing.project import Project, load_project
from briefing.website import cards, csp, essay_links, site_search
from briefing.website.jinja import slot_meta
from briefing.website.nav import site_nav
from briefing.website.outputs import Site
from briefing.website.pages import Renderer, build_site
from briefing.website.search import refine_file
from briefing.website.urls import is_placeholder

log = logging.getLogger("mkdocs.plugins.briefing")


@dataclass
class _Build:
    """What one build knows; rebuilt from scratch on every build."""

    root: Path
    docs_dir: Path
    options: Options
    project: Project | None = None
    renderer: Renderer | None = None
    sealer: csp.Sealer | None = None
    # A page's share-preview image address; None without a published address.
    card_url: Callable[[str], str] | None = None
    # Problems the preview shows in its banner while it serves the last good data.
    problems: list[Problem] = field(default_factory=list)
    # Hand-written pages that cannot be read: kept from MkDocs, which would fail on them.
    unreadable: set[str] = field(default_factory=set)

    @property
    def strict(self) -> bool:
        return not self.problems


class Adapter:
    def __init__(self) -> None:
        self.preview = Preview()  # outlives builds: MkDocs keeps this module loaded
        self._build: _Build | None = None

    @property
    def build(self) -> _Build:
        if self._build is None:
            raise PluginError("briefing: the configuration was not read (on_config did not run)")
        return self._build

    def on_startup(self, command: str, dirty: bool) -> None:
        self.preview.serving = command == "serve"
        self.preview.dirty = self.preview.serving and dirty

    def on_config(self, config: MkDocsConfig) -> None:
        self._build = None
        if config.site_url and is_placeholder(config.site_url):
            # A warning, so `mkdocs build --strict` refuses a placeholder address; without
            # --strict the site is built as if none were set: paths, never the placeholder.
            log.warning("briefing: site_url %s is a placeholder; pages show paths", config.site_url)
            config.site_url = None
        if not config.use_directory_urls:
            raise PluginError(
                "briefing: use_directory_urls: false is not supported; remove it from "
                "mkdocs.yml (record and topic links are directory URLs)"
            )
        try:
            options = Options.parse(config.extra.get("briefing"))
        except DataError as error:
            raise PluginError(str(error)) from None
        root = Path(config.config_file_path).resolve().parent
        self._build = _Build(root, Path(config.docs_dir), options)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        build = self.build
        try:
            build.project = load_project(build.root, build.docs_dir, sources_folder(build.root))
        except DataError as error:
            last_good = self.preview.fallback(build.root, error)
            if last_good is None:
                raise PluginError(str(error)) from None
            build.project = last_good
            build.problems = error.problems
            docs = display_path(build.docs_dir.resolve(), build.root) + "/"
            build.unreadable = {
                p.file.removeprefix(docs)
                for p in error.problems
                if p.cause and p.file.startswith(docs)
            }
            return
        self.preview.remember(build.root, build.project)
        dataset = build.project.dataset
        log.debug(
            "briefing: %d events, %d agreements, %d essays",
            len(dataset.events),
            len(dataset.agreements),
            len(build.project.docs.essays),
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self.build
        project = self._project()
        for src_uri in build.unreadable:
            unreadable = files.get_file_from_path(src_uri)
            if unreadable is not None:
                files.remove(unreadable)
        site = Site(config.site_name, _site_url(config))
        output, build.renderer = build_site(
            project.dataset, project.docs, site, build.options.listing_limit
        )
        cache = build.root / ".cache" / "briefing" / "pages"
        for page in output.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if self.preview.dirty:
                path = cached_page(cache, page.src_uri, page.content)
                file = File.generated(
                    config, page.src_uri, abs_src_path=str(path), inclusion=inclusion
                )
            else:
                file = File.generated(
                    config, page.src_uri, content=page.content, inclusion=inclusion
                )
            self._add(files, file)
        for asset in output.assets:
            self._add(files, File.generated(config, asset.dest_uri, content=asset.content))
        plan = cards.plan_cards(project.dataset, project.docs, config.site_name)
        card_cache = build.root / ".cache" / "briefing" / "cards"
        for uri, png in cards.render(plan, card_cache).items():
            self._add(files, File.generated(config, uri, content=png))
        if config.site_url:
            build.card_url = functools.partial(cards.card_url, plan, config.site_url)
        config.nav = site_nav(config.nav, output, project.docs)
        return files

    def _add(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            written = Path(existing.abs_src_path or file.src_uri).resolve()
            problem = Problem(
                display_path(written, self.build.root),
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

    def on_pre_page(self, page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
        # The sitemap's <lastmod> (and the gzip header of sitemap.xml.gz) would
        # otherwise carry the build day: use the dataset's date for reproducible builds.
        page.update_date = self._project().dataset.info.updated.timestamp[:10]
        return page

    def on_page_markdown(self, markdown: str, page: MkDocsPage) -> str | None:
        build = self.build
        project = self._project()
        if build.renderer is None or page.file.generated_by is not None:
            return None  # generated pages carry no references
        src_uri = page.file.src_uri
        essay = project.docs.essay(src_uri)
        if essay is not None:
            # Material's tags plugin reads these after us (it runs at priority -50).
            page.meta["tags"] = essay_links.essay_tags(project.dataset, essay)
        page.meta.update(slot_meta(page.meta))  # Material prints these unescaped
        try:
            return essay_links.weave_page(
                markdown,
                src_uri,
                project.dataset,
                project.docs,
                build.renderer,
                strict=build.strict,
            )
        except DataError as error:
            raise PluginError(str(error)) from None

    def on_env(self, env: Environment, config: MkDocsConfig) -> Environment:
        build = self.build
        info = self._project().dataset.info
        env.globals["briefing"] = {
            "updated": info.updated.display,
            "updated_iso": info.updated.iso,
            "period": self._project().dataset.period_label,
            "problems": [str(p) for p in build.problems],
            "problems_heading": banner_heading(len(build.problems)),
            "csp": csp.meta_tag(),
            "card_url": build.card_url,
        }
        theme_scripts = csp.ThemeScripts.from_dirs(config.theme.dirs)
        build.sealer = csp.Sealer(theme_scripts, preview=self.preview.serving)
        return env

    def seal(self, html: str) -> str:
        if self.build.sealer is None:
            raise PluginError("briefing: no Content-Security-Policy (on_env did not run)")
        return self.build.sealer.seal(html)

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Runs after Material's search plugin has written its index.
        search_index = Path(config.site_dir) / "search" / "search_index.json"
        refine_file(search_index, self._project().dataset)
        # Every engine's site gets the same search: Pagefind's index of the finished pages
        # (not the offline edition, read from disk, where Material's own search runs).
        if not config.extra.get("briefing_offline"):
            site_search.write_index(Path(config.site_dir), self._project().dataset)
        sealer = self.build.sealer
        if sealer is not None and not sealer.preview:
            # The policy as a header, for hosts that read `_headers` (Netlify, Cloudflare).
            Path(config.site_dir, "_headers").write_text(sealer.headers_file(), encoding="utf-8")

    def _project(self) -> Project:
        project = self.build.project
        if project is None:
            raise PluginError("briefing: the dataset was not loaded (on_pre_build did not run)")
        return project


def _site_url(config: MkDocsConfig) -> str:
    # No published address (SITE_URL unset): root-relative paths rather than a made-up host.
    url = config.site_url or "/"
    return url if url.endswith("/") else url + "/"


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


def on_pre_page(page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
    return _adapter.on_pre_page(page, config, files)


def on_page_markdown(
    markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files
) -> str | None:
    return _adapter.on_page_markdown(markdown, page)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return _adapter.on_env(env, config)


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    return _adapter.seal(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is rendered as a template, not a page; sitemap.xml needs no policy.
    return _adapter.seal(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config: MkDocsConfig) -> None:
    _adapter.on_post_build(config)
