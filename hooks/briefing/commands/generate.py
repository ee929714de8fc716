"""The whole page tree the hooks add, written out as plain files.

``python -m briefing generate OUT`` writes ``OUT/docs`` (the hand-written pages
with their references resolved and their essay headers and footers, every
generated page, the downloads and feeds) and ``OUT/mkdocs.yml`` (the project's
config with the expanded nav and no hooks).  Plain MkDocs, or any engine that
reads ``mkdocs.yml`` and Python-Markdown such as Zensical, then builds the same
site as the hooked build, with no code of ours running.

The adapter (``briefing_hooks.py``) and this module call the same core
functions (``load_project``, ``build_site``, ``weave_page``, ``essay_tags``,
``site_nav``); only the way the results reach MkDocs differs.
"""

from __future__ import annotations

import calendar
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..dataset.model import Dataset
from ..dataset.problems import DataError, Problem
from ..docs_pages import Docs
from ..options import Options
from ..project import Project, load_project
from ..website import cards
from ..website.essay_links import essay_tags, weave_page
from ..website.jinja import slot_meta
from ..website.nav import site_nav
from ..website.outputs import Output, Site
from ..website.pages import Renderer, build_site
from ..website.urls import is_placeholder

# No published address (SITE_URL unset): root-relative paths, as the adapter does.
DEFAULT_SITE_URL = "/"
# Written at the top of OUT, so that a later run may replace a tree it made itself.
MARKER = ".briefing-generated"
# MkDocs' own front-matter rule (mkdocs.utils.meta.YAML_RE): what it strips before
# ``on_page_markdown`` is what this module weaves.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


# ---------------------------------------------------------------------------
# One page
# ---------------------------------------------------------------------------


def site_of(config: dict[str, Any]) -> Site:
    url = config.get("site_url") or DEFAULT_SITE_URL
    return Site(config.get("site_name", ""), url if url.endswith("/") else url + "/")


def render_output(project: Project, config: dict[str, Any]) -> tuple[Output, Renderer]:
    """Every generated page and download, as the adapter's ``on_files`` makes them."""
    options = Options.parse((config.get("extra") or {}).get("briefing"))
    return build_site(project.dataset, project.docs, site_of(config), options.listing_limit)


def page_markdown(
    text: str,
    src_uri: str,
    dataset: Dataset,
    docs: Docs,
    renderer: Renderer,
) -> str:
    """A hand-written page as a file: its front matter as the adapter leaves it (with
    the tags an essay gets from its topics, and the values Material prints raw made
    safe), then its body with every reference resolved."""
    head, body = "", text
    match = _FRONT_MATTER.match(text)
    meta = yaml.safe_load(match.group(1)) if match is not None else None
    if match is not None and isinstance(meta, dict):
        body = text[match.end() :].lstrip("\n")
        essay = docs.essay(src_uri)
        if essay is not None:
            meta["tags"] = essay_tags(dataset, essay)
        meta.update(slot_meta(meta))
        dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
        head = f"---\n{dumped}---\n"
    return head + weave_page(body, src_uri, dataset, docs, renderer)


def dataset_epoch(dataset: Dataset) -> int:
    """SOURCE_DATE_EPOCH for the dataset's date: the page dates the hooks set."""
    updated = dataset.info.updated
    return calendar.timegm((updated.year, updated.month or 1, updated.day or 1, 0, 0, 0))


# ---------------------------------------------------------------------------
# The tree
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    out: Path
    pages: int  # Markdown pages written, hand-written and generated
    assets: int
    source_date_epoch: int


@dataclass(frozen=True)
class _Env:
    """An ``!ENV`` value in mkdocs.yml: resolved for our rendering, written back as
    the same tag so that the build of OUT reads the environment at its own time."""

    node: Any  # a variable name, or a list of names with a default last

    def resolve(self) -> Any:
        names = [self.node] if isinstance(self.node, str) else list(self.node)
        default = names.pop() if len(names) > 1 else None
        return next((os.environ[n] for n in names if n in os.environ), default)


class _Loader(yaml.SafeLoader):
    pass


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> _Env:
    if isinstance(node, yaml.SequenceNode):
        return _Env(tuple(loader.construct_sequence(node)))
    return _Env(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env_tag)


def _resolved(value: Any) -> Any:
    if isinstance(value, _Env):
        return value.resolve()
    if isinstance(value, dict):
        return {k: _resolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolved(v) for v in value]
    return value


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (``!ENV`` values kept as such)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise DataError([Problem(str(config_file), 1, None, None, "not found")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        message = f"not plain YAML ({getattr(error, 'problem', None) or error}); "
        message += "generate reads plain YAML and !ENV, not !!python tags"
        raise DataError([Problem(str(config_file), line, None, None, message)]) from None
    if not isinstance(config, dict):
        raise DataError([Problem(str(config_file), 1, None, None, "expected a mapping")])
    return config


def generate(root: Path, out: Path) -> Generated:
    """Write the page tree of the project at ``root`` into ``out``.

    Everything is rendered in memory first: bad data raises DataError and
    leaves ``out`` as it was.  ``out`` must be empty, missing, or a tree this
    function wrote before (which it replaces whole).
    """
    root, out = root.resolve(), out.resolve()
    written = read_config(root / "mkdocs.yml")
    config = _resolved(written)
    if config.get("use_directory_urls") is False:
        message = "use_directory_urls: false is not supported: remove it"
        raise DataError([Problem("mkdocs.yml", 1, None, None, message)])
    docs_dir = (root / config.get("docs_dir", "docs")).resolve()
    _check_out(out, root, docs_dir)
    project = load_project(root, docs_dir)
    dataset, docs = project.dataset, project.docs
    output, renderer = render_output(project, config)

    files: dict[str, str | bytes | Path] = {}
    for path in sorted(docs_dir.rglob("*")):
        if not path.is_file():
            continue
        src_uri = path.relative_to(docs_dir).as_posix()
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            files[src_uri] = page_markdown(text, src_uri, dataset, docs, renderer)
        else:
            files[src_uri] = path
    clashes = [
        Problem(f"{docs_dir.name}/{uri}", 1, None, None, "is generated from data/: remove it")
        for uri in [p.src_uri for p in output.pages] + [a.dest_uri for a in output.assets]
        if uri in files
    ]
    if clashes:
        raise DataError(clashes)
    for page in output.pages:
        files[page.src_uri] = page.content
    for asset in output.assets:
        files[asset.dest_uri] = asset.content

    _add_cards(files, root, project, config)

    out_config = _out_config(written, root, dataset, output, docs)
    _write_tree(out, root, config, files, out_config)
    return Generated(
        out,
        pages=sum(1 for name in files if name.endswith(".md")),
        assets=len(output.assets),
        source_date_epoch=dataset_epoch(dataset),
    )


def _add_cards(
    files: dict[str, str | bytes | Path], root: Path, project: Project, config: dict[str, Any]
) -> None:
    """The share-preview cards as files, and each page's card address in its front matter
    (``card_url``, which the theme reads where no hook gives it): what the adapter gives
    the theme, for a build with no hooks. As there, only with a published address."""
    plan = cards.plan_cards(project.dataset, project.docs, config.get("site_name", ""))
    files.update(cards.render(plan, root / ".cache" / "briefing" / "cards"))
    site_url = config.get("site_url")
    if not site_url or is_placeholder(site_url):
        return
    for src_uri, content in list(files.items()):
        if src_uri.endswith(".md") and isinstance(content, str):
            files[src_uri] = with_front_matter(
                content, {"card_url": cards.card_url(plan, site_url, src_uri)}
            )


def with_front_matter(markdown: str, values: dict[str, str]) -> str:
    """``markdown`` with ``values`` added to its front matter (made if it has none)."""
    dumped = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1_000_000)
    if _FRONT_MATTER.match(markdown):
        first_line_end = markdown.index("\n") + 1
        return "---\n" + dumped + markdown[first_line_end:]
    return f"---\n{dumped}---\n{markdown}"


def _check_out(out: Path, root: Path, docs_dir: Path) -> None:
    problem = None
    if out == root or out in root.parents:
        problem = "would replace the project itself: choose a folder outside it"
    elif out.is_relative_to(docs_dir) or out.is_relative_to(root / "data"):
        problem = "is inside docs/ or data/: choose a folder outside them"
    elif out.exists() and not _replaceable(out):
        problem = "exists and was not made by `briefing generate`: choose a new or empty folder"
    if problem:
        raise DataError([Problem(str(out), 1, None, None, problem)])


def _replaceable(out: Path) -> bool:
    return out.is_dir() and ((out / MARKER).exists() or not any(out.iterdir()))


def _out_config(
    config: dict[str, Any], root: Path, dataset: Dataset, output: Output, docs: Docs
) -> dict[str, Any]:
    out = dict(config)
    out.pop("hooks", None)
    theme = out.get("theme")
    if isinstance(theme, dict) and theme.get("name") == "material":
        # Zensical's default look is its "modern" variant; "classic" is Material's,
        # so both engines give the same page.  Material itself ignores the key.
        out["theme"] = {"name": "material", "variant": "classic", **theme}
    out["docs_dir"] = "docs"
    # Only what is copied into OUT exists there; data/ and hooks/ are not.
    watch = [w for w in out.get("watch") or [] if w == _custom_dir(config)]
    if watch:
        out["watch"] = watch
    else:
        out.pop("watch", None)
    out["nav"] = site_nav(config.get("nav"), output, docs)
    # The pages the hooks add as "not in nav": record, actor, source and year pages.
    hidden = sorted(
        {
            f"/{page.src_uri.split('/')[0]}/" if "/" in page.src_uri else f"/{page.src_uri}"
            for page in output.pages
            if not page.in_nav
        }
    )
    if hidden:
        existing = out.get("not_in_nav") or ""
        out["not_in_nav"] = "\n".join([*existing.splitlines(), *hidden]) + "\n"
    extra = dict(out.get("extra") or {})
    # What the hooks give the theme as `briefing` (overrides/main.html reads either).
    extra["briefing_dataset"] = {
        "updated": dataset.info.updated.display,
        "updated_iso": dataset.info.updated.iso,
        "period": dataset.period_label,
    }
    out["extra"] = extra
    return out


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (``not_in_nav``) as readable literal blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _env_out(dumper: yaml.SafeDumper, value: _Env) -> yaml.Node:
    if isinstance(value.node, str):
        return dumper.represent_scalar("!ENV", value.node)
    return dumper.represent_sequence("!ENV", list(value.node))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Env, _env_out)


def _custom_dir(config: dict[str, Any]) -> str | None:
    theme = config.get("theme")
    return theme.get("custom_dir") if isinstance(theme, dict) else None


def _write_tree(
    out: Path,
    root: Path,
    config: dict[str, Any],
    files: dict[str, str | bytes | Path],
    out_config: dict[str, Any],
) -> None:
    """Write into a sibling folder, then swap it in: never a half-written OUT."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for src_uri, content in files.items():
            target = staging / "docs" / src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        custom_dir = _custom_dir(config)
        if custom_dir:
            shutil.copytree(
                root / custom_dir,
                staging / custom_dir,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
        header = (
            "# Written by `python -m briefing generate`: the site's pages as plain files.\n"
            "# Build it with `mkdocs build` or `zensical build`; edit the project, not this.\n"
        )
        (staging / "mkdocs.yml").write_text(
            header
            + yaml.dump(out_config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
        (staging / MARKER).write_text("", encoding="utf-8")
        os.chmod(staging, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            out.rename(old / "tree")
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
