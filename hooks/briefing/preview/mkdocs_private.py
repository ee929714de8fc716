"""Every private MkDocs and Material API the preview server uses, and nothing else.

MkDocs has no public API for rendering one page again, for dropping the hook
modules it caches, or for telling its live-reload server which paths changed;
Material's search plugin has none for its index entries.  The preview server
reaches them only through this module, so that an upgrade has one place to check.
``CHECKED_AGAINST`` names the versions they were read against;
``tests/unit/test_mkdocs_private.py`` fails when the installed versions differ,
or when a name used here is gone.

Everything else the server uses is public: ``load_config``, ``build.build``,
the plugin collection's events, ``Files``, ``LiveReloadServer`` and its
``watch``, ``serve`` and ``error_handler``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# Package → the version whose source the uses below were read against.
CHECKED_AGAINST = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2"}

# The private names, by where they live (the test checks each still exists).
USED = {
    "mkdocs.commands.build": ("_populate_page", "_build_page"),
    "mkdocs.config.config_options.Hooks": ("_load_hook",),
    "mkdocs.livereload.LiveReloadServer": (
        "_watched_paths",
        "_watch_refs",
        "_rebuild_cond",
        "_want_rebuild",
    ),
    "material.plugins.search.plugin.SearchPlugin": ("search_index",),
}


# -- rendering one page ---------------------------------------------------------


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read the page's source and convert its Markdown, as a build does."""
    mkdocs_build._populate_page(page, config, files)


def build_page(
    page: Page,
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env: jinja2.Environment,
) -> None:
    """Render the page into the theme and write it, as a build does."""
    mkdocs_build._build_page(page, config, doc_files, nav, env)


# -- Python that changed ------------------------------------------------------------


def forget_hook_modules() -> None:
    """MkDocs caches each hook module by path for the life of the process."""
    config_options.Hooks._load_hook.cache_clear()


# -- Material's search index -----------------------------------------------------


def search_entries(search: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = search.search_index.entries
    return entries


def set_search_entries(search: Any, entries: list[dict[str, Any]]) -> None:
    search.search_index.entries = entries


# -- the live-reload server -----------------------------------------------------


def claim_watch(server: LiveReloadServer, key: str) -> bool:
    """Count a watch of ``key``, as ``LiveReloadServer.watch`` does; True when it is new."""
    if key in server._watched_paths:
        server._watched_paths[key] += 1
        return False
    server._watched_paths[key] = 1
    return True


def keep_watch(server: LiveReloadServer, key: str, watch: Any) -> None:
    server._watch_refs[key] = watch


def rebuild_lock(server: LiveReloadServer) -> threading.Condition:
    """The lock the server's build loop waits on."""
    return server._rebuild_cond


def want_rebuild(server: LiveReloadServer) -> None:
    """Wake the server's build loop; call with ``rebuild_lock`` held."""
    server._want_rebuild = True
    server._rebuild_cond.notify_all()
