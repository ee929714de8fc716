"""``python -m briefing serve``: the preview server, fast on data edits and exact.

MkDocs' own ``serve`` rebuilds every page on each save (slow with many records),
and ``serve --dirty`` rebuilds only pages whose source file changed, which leaves
the search index, the hand-written pages that show data and the navigation stale.

This server runs MkDocs' own full build for the first build and for any change
it cannot reason about (``docs/``, ``overrides/``, ``mkdocs.yml``, Python under
``hooks/``).  For a change under ``data/`` it rebuilds only what the change
reaches, and falls back to a full build whenever the result could differ from
one:

1. the hooks load the data again and render every generated page in memory;
2. pages whose Markdown is unchanged are left alone; changed downloads are
   rewritten; hand-written pages that cite data are re-rendered and compared;
3. a full build follows instead if the set of pages changed, a page in the
   navigation changed its title, the nav changed, or the theme's globals
   changed (the dataset date is on every page);
4. the changed pages are rendered by MkDocs into the theme with the existing
   navigation, and the search index is written whole again from every page's
   entries, in the order of a full build.

So the pages served are byte-identical to a full build's (``benchmarks/build.py``
checks this on every run).  Only Material's search and tags plugins are known to
this path; with any other plugin every change gets a full build.

A build that fails (a broken ``mkdocs.yml``, say) is reported, and the server
keeps answering with what it has; MkDocs' own server stops answering instead.

A change to Python under ``hooks/`` drops the ``briefing`` modules and the hook
module from memory before the full build, so the new code runs.  This module
and ``commands/cli`` are the exception: an edit to them needs a restart.

Like the adapter, this module imports MkDocs; the core does not.  It uses public
MkDocs API, except for what ``mkdocs_private`` lists.
"""

from __future__ import annotations

import copy
import logging
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..dataset.load import sources_folder
from ..dataset.reading import display_path
from . import deferred
from . import mkdocs_private as private

log = logging.getLogger("mkdocs.briefing.serve")

# Plugins whose state the incremental path keeps right (besides our hooks).
KNOWN_PLUGINS = frozenset({"material/search", "material/tags"})
# Folders (relative to the project) whose edits an incremental build handles.
INCREMENTAL_DIRS = ("data", "sources")
# Kept when Python under hooks/ changes: the running server itself.
# The server and the command that started it stay loaded (with their packages); everything
# else under ``briefing`` is imported afresh.
KEPT_MODULES = frozenset(
    {
        "briefing",
        "briefing.__main__",
        "briefing.commands",
        "briefing.commands.cli",
        "briefing.preview",
        "briefing.preview.server",
        "briefing.preview.deferred",
    }
)


# ---------------------------------------------------------------------------
# What a full build leaves behind, recorded by a plugin that runs last
# ---------------------------------------------------------------------------


class _Recorder(BasePlugin):
    def __init__(self, search: Any) -> None:
        super().__init__()
        self.search = search  # Material's search plugin, if configured
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None
        self.entries: dict[str, list[dict[str, Any]]] = {}
        self._mark = 0

    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.files = files
        return files

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        self._mark = 0
        return env

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # Pages are built one after another: the search entries added since the
        # last page are this page's.
        if self.search is not None:
            entries = private.search_entries(self.search)
            self.entries[page.file.src_uri] = entries[self._mark :]
            self._mark = len(entries)
        return output


# ---------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "full", "incremental" or "unchanged"
    pages: int  # pages written
    seconds: float
    reason: str = ""


class IncrementalBuilder:
    """Builds the site for the preview into ``site_dir``, fully or incrementally."""

    def __init__(self, config_file: Path, site_dir: Path, dev_addr: str | None = None):
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.site_dir = site_dir
        self.dev_addr = dev_addr
        self.config: MkDocsConfig | None = None
        self.recorder: _Recorder | None = None
        self.nav_config: Any = None
        self.serve_url = ""
        self.hook_names: list[str] = []
        self.mount_path = "/"

    def load(self) -> MkDocsConfig:
        options: dict[str, Any] = {
            "config_file": str(self.config_file),
            "site_dir": str(self.site_dir),
        }
        if self.dev_addr:
            options["dev_addr"] = self.dev_addr
        config = load_config(**options)
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        self.mount_path = urlsplit(config.site_url or "/").path
        config.site_url = self.serve_url = _serve_url(host, port, self.mount_path)
        return config

    # -- full ------------------------------------------------------------------

    def full(self, reason: str = "first build", reload_python: bool = False) -> Outcome:
        start = time.perf_counter()
        if reload_python:
            _forget_python(self.hook_names)
        config = self.load()
        self.hook_names = _hook_names(config)
        recorder = _Recorder(config.plugins.get("material/search"))
        config.plugins["briefing-preview-recorder"] = recorder
        self.nav_config = copy.deepcopy(config.nav)
        self.config, self.recorder = None, None  # unusable until this build succeeds
        mkdocs_build.build(config, serve_url=self.serve_url)
        self.config, self.recorder = config, recorder
        pages = len(recorder.files.documentation_pages()) if recorder.files else 0
        return Outcome("full", pages, time.perf_counter() - start, reason)

    # -- incremental -------------------------------------------------------------

    def rebuild(self, changed: set[Path]) -> Outcome:
        """Rebuild after ``changed`` paths were written; incrementally when exact."""
        python = any(p.suffix == ".py" for p in changed)
        reason = self._needs_full(changed)
        if reason is None:
            start = time.perf_counter()
            try:
                outcome = self._incremental(start)
            except Exception as error:  # a full build reports it as MkDocs would
                outcome, reason = None, f"the incremental rebuild failed: {error}"
            if outcome is not None:
                return outcome
            reason = reason or "the change reaches the navigation, the page set or every page"
        return self.full(reason, reload_python=python)

    def _needs_full(self, changed: set[Path]) -> str | None:
        if self.config is None or self.recorder is None:
            return "the last build failed"
        unknown = set(self.config.plugins) - KNOWN_PLUGINS - set(_hook_names(self.config))
        unknown.discard("briefing-preview-recorder")
        if unknown:
            return f"plugins this server does not know: {', '.join(sorted(unknown))}"
        folders = [self.root / name for name in INCREMENTAL_DIRS]
        for path in changed:
            if not any(path.is_relative_to(folder) for folder in folders):
                return f"{display_path(path, self.root)} changed"
        return None

    def _incremental(self, start: float) -> Outcome | None:
        config, recorder = self.config, self.recorder
        assert config is not None and recorder is not None
        assert recorder.files is not None and recorder.nav is not None
        hooks: list[Any] = [config.plugins[name] for name in _hook_names(config)]
        env = recorder.env
        globals_before = copy.deepcopy(env.globals.get("briefing"))
        expanded_nav = config.nav

        # 1. The hooks load the data and render every generated page, into new Files.
        config.nav = copy.deepcopy(self.nav_config)
        for hook in hooks:
            if hasattr(hook, "on_config"):  # the hooks forget the previous build here
                hook.on_config(config)
        for hook in hooks:
            if hasattr(hook, "on_pre_build"):
                hook.on_pre_build(config=config)
        fresh: Files = get_files(config)
        for hook in hooks:
            if hasattr(hook, "on_files"):
                fresh = hook.on_files(fresh, config=config)
        if config.nav != expanded_nav:
            return None
        for hook in hooks:
            if hasattr(hook, "on_env"):
                hook.on_env(env, config=config, files=recorder.files)
        if env.globals.get("briefing") != globals_before:
            return None

        # 2. What changed.
        files = recorder.files
        old = {f.src_uri: f for f in files if f.generated_by is not None}
        new = {f.src_uri: f for f in fresh if f.generated_by is not None}
        if old.keys() != new.keys():
            return None
        pages: list[Page] = []
        assets: list[File] = []
        for uri, file in new.items():
            previous = old[uri]
            if previous.content_bytes != file.content_bytes:
                previous.content_bytes = file.content_bytes
                if previous.page is not None:
                    pages.append(previous.page)
                else:
                    assets.append(previous)
        # Hand-written pages that show data: re-rendered, kept if their HTML changed.
        candidates = [
            f.page
            for f in files.documentation_pages()
            if f.generated_by is None and f.page is not None and "[[" in f.content_string
        ]

        nav_pages = {id(p) for p in recorder.nav.pages}
        generated = {id(p) for p in pages}
        rebuilt: list[Page] = []
        for page in [*pages, *candidates]:
            # A page's HTML follows from these, the nav and the theme's globals.
            before = (page.title, page.content, copy.deepcopy(page.meta))
            private.populate_page(page, config, files)
            after = (page.title, page.content, page.meta)
            if id(page) in nav_pages and before[0] != after[0]:
                return None  # a nav label changed: every page shows it
            if id(page) in generated or before != after:
                rebuilt.append(page)

        # 3. Write: downloads, then pages into the theme, then the search index.
        for asset in assets:
            asset.copy_file()
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        search = recorder.search
        if search is not None:
            private.set_search_entries(search, [])
        recorder._mark = 0
        for page in rebuilt:
            private.build_page(page, config, doc_files, recorder.nav, env)
        for page in rebuilt:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if search is not None:
            entries = [entry for f in doc_files for entry in recorder.entries.get(f.src_uri, [])]
            private.set_search_entries(search, entries)
        # As a full build ends: Material writes the search index, then the hooks refine it.
        config.plugins.on_post_build(config=config)
        config.nav = expanded_nav
        return Outcome(
            "incremental" if rebuilt or assets else "unchanged",
            len(rebuilt),
            time.perf_counter() - start,
        )


def _hook_names(config: MkDocsConfig) -> list[str]:
    # Validated, ``hooks:`` is a mapping of each name to its module.
    hooks: dict[str, Any] = config["hooks"]
    return list(hooks)


def _forget_python(hook_names: list[str]) -> None:
    """Drop the core and the hook modules, so the next build imports them afresh."""
    names = [n for n in sys.modules if n.startswith("briefing.") and n not in KEPT_MODULES]
    for name in [*names, *hook_names]:
        sys.modules.pop(name, None)
    private.forget_hook_modules()


# ---------------------------------------------------------------------------
# The server: MkDocs' live-reload server, told which paths changed
# ---------------------------------------------------------------------------


class _Server(LiveReloadServer):
    """Records the paths each file event names, and watches with inotify where it
    can (MkDocs polls every half second)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observer = watchdog.observers.Observer()  # type: ignore[assignment]
        self.changed: set[Path] = set()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        watched = Path(path).resolve()
        key = str(watched)
        if not private.claim_watch(self, key):
            return
        server = self
        single = watched.is_file()  # mkdocs.yml: watch its folder, keep its own events

        class Handler(watchdog.events.FileSystemEventHandler):
            def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
                if event.is_directory or event.event_type not in _WRITES:
                    return
                paths = [Path(str(p)) for p in (event.src_path, event.dest_path) if p]
                paths = [p for p in paths if _relevant(p) and (not single or p == watched)]
                if not paths:
                    return
                with private.rebuild_lock(server):
                    server.changed.update(paths)
                    private.want_rebuild(server)

        target = str(watched.parent) if single else key
        watch = self.observer.schedule(Handler(), target, recursive=recursive and not single)
        private.keep_watch(self, key, watch)

    def take_changes(self) -> set[Path]:
        with private.rebuild_lock(self):
            changed, self.changed = self.changed, set()
        return changed


# Our own reads of the watched files must not count as edits.
_WRITES = frozenset({"created", "modified", "deleted", "moved"})


def _relevant(path: Path) -> bool:
    # Not compiled Python, nor editors' swap and backup files (the loader ignores them too).
    if "__pycache__" in path.parts or path.suffix == ".pyc":
        return False
    return not (path.name.startswith(".") or path.name.endswith("~"))


def _serve_url(host: str, port: int, mount_path: str) -> str:
    """The address MkDocs' server answers on, as ``mkdocs serve`` gives it to the build."""
    return f"http://{host}:{port}" + ("/" + mount_path.lstrip("/")).rstrip("/") + "/"


def _report(outcome: Outcome) -> None:
    what = f"{outcome.kind} rebuild" if outcome.kind != "full" else "full build"
    note = f" ({outcome.reason})" if outcome.reason else ""
    log.info(f"{what}: {outcome.pages} pages in {outcome.seconds:.2f} s{note}")


def serve(config_file: Path, dev_addr: str | None = None, keep_in: Path | None = None) -> int:
    site_dir = keep_in.resolve() if keep_in else Path(tempfile.mkdtemp(prefix="briefing_"))
    preview = IncrementalBuilder(config_file, site_dir, dev_addr)
    lock = threading.Lock()
    deferred.LATER.accepting = True

    def build(action: Callable[[], Outcome]) -> None:
        with lock:
            # The search indexes still being written for the last build would be written
            # again after this one: stop them rather than wait (preview/deferred.py).
            deferred.LATER.interrupt()
            outcome = action()
            _report(outcome)
            deferred.LATER.start(run_later)

    def run_later(tasks: list[deferred.Task]) -> None:
        # The edited pages are served already; a newer build stops this work.
        start = time.perf_counter()
        for task in tasks:
            try:
                task()
            except Exception as error:  # reported like a failed build; serving goes on
                if deferred.LATER.stopping():
                    log.info("search indexes left to the next build")
                    return
                log.error(f"the search index was not updated: {error}")
        log.info(f"search indexes written in {time.perf_counter() - start:.2f} s")

    def rebuild() -> None:
        # MkDocs' server would stop answering after a failed build ("the server will
        # appear stuck"): report the failure, keep serving, and build in full next time.
        try:
            build(lambda: preview.rebuild(server.take_changes()))
        except (Exception, SystemExit) as error:
            log.error(
                f"the build failed: {error}\nThe preview keeps serving what it has "
                "until a build succeeds; pages may be missing meanwhile."
            )

    try:
        build(preview.full)
        config = preview.config
        assert config is not None
        host, port = config.dev_addr
        server = _Server(
            builder=rebuild,
            host=host,
            port=port,
            root=str(site_dir),
            mount_path=preview.mount_path,
        )

        def error_page(code: int) -> bytes | None:
            page = site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        server.watch(config.docs_dir)
        server.watch(str(preview.config_file))
        for item in config.watch:
            server.watch(item)
        # The source texts every quote is checked against: an edit that breaks a quote
        # shows in the banner.  (Not in mkdocs.yml's `watch`, which refuses a missing folder.)
        sources = sources_folder(preview.root)
        if sources is not None:
            server.watch(str(sources))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        deferred.LATER.accepting = False
        with lock:
            if keep_in is None:
                deferred.LATER.interrupt()  # before the site is removed
            else:
                deferred.LATER.finish()  # the site kept is whole, its indexes written
        if preview.config is not None:
            preview.config.plugins.on_shutdown()
        if keep_in is None:
            shutil.rmtree(site_dir, ignore_errors=True)
    return 0
