"""The build plan: the one composition root of a build, with no MkDocs in it.

Every way of making the site makes it here, the same way:

1. ``Settings.from_config``: the project folder and its config (``mkdocs.yml``,
   as MkDocs parsed it or as ``config_file`` read it) give the options, the
   folders and the site's address, with its rules (a placeholder address is set
   aside; ``use_directory_urls: false`` is refused);
2. ``load_plan``: the dataset in ``data/`` and the hand-written pages in
   ``docs/`` are loaded together, every quote checked against the source texts
   in ``sources/``, so one run reports every problem in both;
3. ``BuildPlan.render``: every generated page and download, and
   ``BuildPlan.page_meta``: what a hand-written page's front matter becomes.

The MkDocs adapter (``hooks/briefing_hooks.py``, which the preview server runs)
and the commands ``check``, ``coverage`` and ``generate`` consume it; none of them
assembles a build itself.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dataset.load import SOURCES_FOLDER, load_dataset, sources_folder
from .dataset.model import Dataset
from .dataset.problems import DataError, Problem
from .dataset.reading import display_path
from .docs_pages import Docs, docs_collisions, links_out_of_project, scan_pages
from .forked import Beside
from .options import Options, config_text_problems
from .website.anchors import anchor_problems
from .website.cards import Cards, plan_cards
from .website.cards import render as render_cards
from .website.essay_links import essay_meta
from .website.jinja import slot_meta
from .website.metadata import HEAD_KEY
from .website.outputs import Output, Site
from .website.pages import Renderer, build_site, forks
from .website.revisions import Snapshot, load_snapshots
from .website.urls import is_placeholder

_CONFIG = "mkdocs.yml"
# The folders a build reads; no output may be, or hold, one of them.
INPUT_FOLDERS = ("data", SOURCES_FOLDER, "hooks", "overrides")


# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------


# Material's own default, where mkdocs.yml sets none.
DEFAULT_SEARCH_SEPARATOR = r"[\s\-]+"


def _search_separator(plugins: Any) -> str:
    """The separator of the search plugin in mkdocs.yml's ``plugins``, or Material's
    default. ``plugins`` as written (a list of names and one-key mappings) or as MkDocs
    loaded it (each name to its plugin, whose ``config`` holds the options)."""
    if isinstance(plugins, Mapping):
        entries = list(plugins.items())
    else:
        entries = [
            next(iter(entry.items())) if isinstance(entry, Mapping) else (entry, None)
            for entry in plugins or []
        ]
    for name, options in entries:
        options = getattr(options, "config", options)
        if name in ("search", "material/search") and isinstance(options, Mapping):
            separator = options.get("separator")
            if isinstance(separator, str):
                return separator
    return DEFAULT_SEARCH_SEPARATOR


@dataclass(frozen=True)
class Settings:
    root: Path
    docs_dir: Path
    site_name: str
    # The published address, ending in "/"; None when none is set or it is a placeholder.
    site_url: str | None
    options: Options
    # A placeholder address the config gave, set aside (see ``placeholder_warning``).
    placeholder_url: str | None = None
    # How search splits text into words: Material's search plugin's setting in mkdocs.yml,
    # which the site's Pagefind search follows too (website/site_search.py).
    search_separator: str = DEFAULT_SEARCH_SEPARATOR

    @classmethod
    def from_config(cls, root: Path, config: Mapping[str, Any]) -> Settings:
        """Settings from a config mapping (``!ENV`` values already resolved).

        Raises DataError naming ``mkdocs.yml`` and the setting."""
        root = root.resolve()
        problems: list[Problem] = []
        if config.get("use_directory_urls") is False:
            problems.append(
                Problem(
                    _CONFIG,
                    1,
                    None,
                    "use_directory_urls",
                    "false is not supported (record and topic links are directory URLs): remove it",
                    cause=True,
                )
            )
        problems += config_text_problems(config)
        options = Options()
        try:
            options = Options.parse((config.get("extra") or {}).get("briefing"))
        except DataError as error:
            problems += error.problems
        if problems:
            raise DataError(problems)
        url = config.get("site_url") or None
        placeholder = None
        if url is not None and is_placeholder(url):
            placeholder, url = url, None
        if url is not None and not url.endswith("/"):
            url += "/"
        return cls(
            root=root,
            docs_dir=(root / (config.get("docs_dir") or "docs")).resolve(),
            site_name=config.get("site_name") or "",
            site_url=url,
            options=options,
            placeholder_url=placeholder,
            search_separator=_search_separator(config.get("plugins")),
        )

    @property
    def site(self) -> Site:
        # No published address: root-relative paths rather than a made-up host.
        return Site(self.site_name, self.site_url or "/", self.options.corrections)

    def placeholder_warning(self) -> str | None:
        if self.placeholder_url is None:
            return None
        return f"briefing: site_url {self.placeholder_url} is a placeholder; pages show paths"

    @property
    def sources_dir(self) -> Path | None:
        """Where the source texts are, for checking every quote."""
        return sources_folder(self.root)

    def input_folders(self) -> list[Path]:
        return [self.docs_dir, *(self.root / name for name in INPUT_FOLDERS)]

    def output_problem(self, out: Path) -> str | None:
        """Why ``out`` cannot be an output folder (it would be cleaned or replaced),
        or None: it must not be the project, nor be, hold or sit in an input folder."""
        out = out.resolve()
        if out == self.root or out in self.root.parents:
            return "would replace the project itself: choose a folder outside it"
        for folder in self.input_folders():
            folder = folder.resolve()
            if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
                name = display_path(folder, self.root)
                return f"is, holds or is inside the input folder {name}/: choose another folder"
        return None


# ---------------------------------------------------------------------------
# The inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    dataset: Dataset
    docs: Docs
    # The recorded revisions in data/revisions/ (website/revisions.py), oldest first.
    snapshots: tuple[Snapshot, ...] = ()


def load_project(root: Path, docs_dir: Path, sources_dir: Path | None = None) -> Project:
    """Load and check everything; raise DataError with every problem found."""
    problems: list[Problem] = []
    dataset: Dataset | None = None
    known: dict[str, set[str]] | None = None
    try:
        dataset = load_dataset(root, sources_dir)
    except DataError as error:
        problems += error.problems
        known = error.known
    try:
        docs = scan_pages(docs_dir, root, dataset, known)
    except DataError as error:
        problems += error.problems
    problems += links_out_of_project(root / "overrides", root)
    snapshots: tuple[Snapshot, ...] = ()
    try:
        snapshots = load_snapshots(root)
    except DataError as error:
        problems += error.problems
    if problems or dataset is None:
        raise DataError(problems)
    return Project(dataset, docs, snapshots)


# ---------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    output: Output
    renderer: Renderer


@dataclass(frozen=True)
class BuildPlan:
    settings: Settings
    project: Project
    # Whether rendering may fork a process (website/pages.py ``build_site``): not where
    # other threads run, such as the preview server's.
    parallel: bool = False

    @property
    def dataset(self) -> Dataset:
        return self.project.dataset

    @property
    def docs(self) -> Docs:
        return self.project.docs

    @functools.cached_property
    def rendered(self) -> Rendered:
        """Every generated page and download, rendered once."""
        output, renderer = build_site(
            self.dataset,
            self.docs,
            self.settings.site,
            self.settings.options.listing_limit,
            self.project.snapshots,
            parallel=self.parallel,
        )
        return Rendered(output, renderer)

    @functools.cached_property
    def cards(self) -> Cards:
        """The share card of every page, planned once."""
        return plan_cards(self.dataset, self.docs, self.settings.site_name)

    @functools.cached_property
    def card_images(self) -> dict[str, bytes]:
        """Every card's PNG by its path, drawn or taken from the project's cache."""
        return render_cards(self.cards, self.settings.root / ".cache" / "briefing" / "cards")

    @property
    def generated_uris(self) -> list[str]:
        """The path of every page, download and card the build adds to docs/."""
        output = self.rendered.output
        uris = [p.src_uri for p in output.pages] + [a.dest_uri for a in output.assets]
        return uris + list(self.card_images)

    def check_outputs(self) -> None:
        """Everything that could fail the build after MkDocs empties the site folder,
        done first: every page, download and card is rendered, no file in docs/ may sit
        at one of their paths, and no page may give two elements one id.  Raises
        DataError naming each file."""
        settings, dataset = self.settings, self.dataset
        pages = self.rendered.output.pages
        half = len(pages) // 2
        # Each page is checked on its own: a large site's second half in a forked process.
        fork = forks(dataset, self.parallel)
        with Beside(lambda: anchor_problems(pages[half:], dataset), fork=fork) as second:
            problems = docs_collisions(self.generated_uris, settings.docs_dir, settings.root)
            problems += anchor_problems(pages[:half], dataset)
            problems += second.result()
        if problems:
            raise DataError(problems)

    def page_meta(self, src_uri: str, meta: Mapping[str, Any]) -> dict[str, Any]:
        """A hand-written page's front matter as the site uses it: an essay's tags are
        its topics' titles, its summary describes it (unless it gives a description),
        and the values Material prints raw are made safe."""
        out = dict(meta)
        essay = self.docs.essay(src_uri)
        if essay is not None:
            out.update(essay_meta(self.dataset, essay))
        out.update(slot_meta(out))
        # The head tags are ours alone: a page's own front matter never sets them.
        out.pop(HEAD_KEY, None)
        head = self.rendered.renderer.head.html(src_uri)
        if head:  # first, as in generated pages (metadata.with_head)
            out = {HEAD_KEY: str(head), **out}
        return out


def load_plan(
    settings: Settings, sources_dir: Path | None = None, *, parallel: bool = False
) -> BuildPlan:
    """The plan for ``settings``, its inputs loaded and checked; every quote is checked
    against ``sources_dir`` (default: ``sources/`` in the project).

    Raises DataError with every problem found."""
    texts = sources_dir or settings.sources_dir
    project = load_project(settings.root, settings.docs_dir, texts)
    return BuildPlan(settings, project, parallel)
