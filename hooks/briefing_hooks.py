"""MkDocs adapter for the briefing core: the only module that imports MkDocs.

Everything it does is delegated to the ``briefing`` package:

- ``on_startup``: note whether this is the preview server;
- ``on_config``: forget the previous build, so no record outlives a rebuild;
- ``on_pre_build``: load and validate the data and the references in ``docs/``,
  before MkDocs cleans the site folder: bad data fails a build and writes no
  site, while the preview server reports it and keeps the last good data;
- ``on_files``: add the generated pages and downloads, and list the topics in the nav;
- ``on_pre_page``: date every page by the dataset, so builds are reproducible;
- ``on_page_markdown``: turn ``[[kind:id]]`` references into links, close essays
  with their cited records;
- ``on_env``: give the theme the dataset date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from briefing import preview
from briefing.dataset.load import load_dataset
from briefing.dataset.model import Dataset
from briefing.dataset.problems import DataError
from briefing.website import weave
from briefing.website.handwritten import Docs, scan_pages
from briefing.website.pages import LISTING_LIMIT, Renderer, build_site
from briefing.website.structure import Site

log = logging.getLogger("mkdocs.plugins.briefing")


@dataclass
class _State:
    dataset: Dataset
    docs: Docs
    strict: bool = True  # False while the preview shows the last good data
    renderer: Renderer | None = None


_state: _State | None = None


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_startup(command: str, dirty: bool) -> None:
    preview.serving = command == "serve"
    preview.dirty = preview.serving and dirty


def on_config(config: MkDocsConfig) -> None:
    global _state
    _state = None


def on_pre_build(config: MkDocsConfig) -> None:
    global _state
    root = _root(config)
    try:
        dataset = load_dataset(root)
        docs = scan_pages(Path(config.docs_dir), root, dataset)
    except DataError as error:
        last_good = preview.fallback(root, str(error))
        if last_good is None:
            raise PluginError(str(error)) from None
        _state = _State(*last_good, strict=False)
        return
    preview.remember(root, dataset, docs)
    _state = _State(dataset, docs)
    log.debug(
        "briefing: %d events, %d agreements, %d essays",
        len(dataset.events),
        len(dataset.agreements),
        len(docs.essays),
    )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = _require_state()
    site = Site(config.site_name, _site_url(config))
    # `extra: briefing: listing_limit:` in mkdocs.yml: records per listing page
    # before older years move to archive pages.
    options = config.extra.get("briefing", {})
    limit = options.get("listing_limit", LISTING_LIMIT)
    output, state.renderer = build_site(state.dataset, state.docs, site, limit)
    cache = _root(config) / ".cache" / "briefing" / "pages"
    for page in output.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        if preview.dirty:
            path = preview.cached_page(cache, page.src_uri, page.content)
            file = File.generated(config, page.src_uri, abs_src_path=str(path), inclusion=inclusion)
        else:
            file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
        _add(files, file)
    for asset in output.assets:
        _add(files, File.generated(config, asset.dest_uri, content=asset.content))
    config.nav = weave.expand_nav(
        config.nav,
        {
            "topics/index.md": output.nav_topics,
            "essays/index.md": [essay.src_uri for essay in state.docs.essays],
        },
    )
    return files


def _add(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        raise PluginError(
            f"{file.src_uri} is generated from data/ and must not exist in docs/: "
            f"remove {existing.abs_src_path}"
        )
    files.append(file)


def on_pre_page(page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
    # The sitemap's <lastmod> (and the gzip header of sitemap.xml.gz) would
    # otherwise carry the build day: use the dataset's date for reproducible builds.
    page.update_date = _require_state().dataset.info.updated.timestamp[:10]
    return page


def on_page_markdown(
    markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files
) -> str | None:
    state = _require_state()
    if state.renderer is None or page.file.generated_by is not None:
        return None  # generated pages carry no references
    src_uri = page.file.src_uri
    essay = state.docs.essay(src_uri)
    if essay is not None:
        # Material's tags plugin reads these after us (it runs at priority -50).
        page.meta["tags"] = [state.dataset.topics[slug].title for slug in essay.topics]
    try:
        return weave.weave_page(
            markdown, src_uri, state.dataset, state.docs, state.renderer, strict=state.strict
        )
    except DataError as error:
        raise PluginError(str(error)) from None


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    state = _require_state()
    env.globals["briefing"] = {
        "updated": state.dataset.info.updated.display,
        "updated_iso": state.dataset.info.updated.iso,
    }
    return env


def _site_url(config: MkDocsConfig) -> str:
    url = config.site_url or "http://127.0.0.1:8000/"
    return url if url.endswith("/") else url + "/"


def _require_state() -> _State:
    if _state is None:
        raise PluginError("briefing: the dataset was not loaded (on_pre_build did not run)")
    return _state
