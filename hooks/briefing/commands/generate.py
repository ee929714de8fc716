"""The whole page tree the hooks add, written out as plain files.

``python -m briefing generate OUT`` writes ``OUT/docs`` (the hand-written pages
with their references resolved and their essay headers and footers, every
generated page, the downloads and feeds) and ``OUT/mkdocs.yml`` (the project's
config with the expanded nav and no hooks).  Plain MkDocs, or any engine that
reads ``mkdocs.yml`` and Python-Markdown such as Zensical, then builds the same
site as the hooked build, with no code of ours running.

The adapter (``briefing_hooks.py``) and this module make the site from the same
build plan (``plan.py``: the settings and their address rule, the inputs with
every quote checked, the rendered outputs, the front matter of hand-written
pages); only the way the results reach MkDocs differs.
"""

from __future__ import annotations

import calendar
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
import yaml

from ..config_file import CONFIG_NAME, Env, read_config, resolved
from ..dataset.model import Dataset
from ..dataset.problems import DataError, Problem
from ..docs_pages import Docs
from ..plan import BuildPlan, Settings, load_plan
from ..references import FRONT_MATTER
from ..website import cards
from ..website.essay_links import weave_page
from ..website.nav import site_nav
from ..website.outputs import Output

# Written at the top of OUT, so that a later run may replace a tree it made itself.
MARKER = ".briefing-generated"
# Zensical's own config file, which it reads before mkdocs.yml.
ZENSICAL_CONFIG = "zensical.toml"

__all__ = ["MARKER", "Generated", "dataset_epoch", "generate", "page_markdown", "read_config"]


# ---------------------------------------------------------------------------
# One page
# ---------------------------------------------------------------------------


def page_markdown(text: str, src_uri: str, plan: BuildPlan) -> str:
    """A hand-written page as a file: its front matter as the adapter leaves it
    (``BuildPlan.page_meta``), then its body with every reference resolved.

    The front matter is the part MkDocs strips before ``on_page_markdown``, by the
    same rule (``references.FRONT_MATTER``)."""
    head, body = "", text
    match = FRONT_MATTER.match(text)
    meta = yaml.safe_load(match.group(1)) if match is not None else None
    if match is not None and isinstance(meta, dict):
        body = text[match.end() :].lstrip("\n")
        dumped = yaml.safe_dump(
            plan.page_meta(src_uri, meta), allow_unicode=True, sort_keys=False, width=1_000_000
        )
        head = f"---\n{dumped}---\n"
    renderer = plan.rendered.renderer
    return head + weave_page(body, src_uri, plan.dataset, plan.docs, renderer)


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
    warnings: tuple[str, ...] = ()


def generate(root: Path, out: Path) -> Generated:
    """Write the page tree of the project at ``root`` into ``out``.

    Everything is rendered in memory first: bad data raises DataError and
    leaves ``out`` as it was.  ``out`` must be empty, missing, or a tree this
    function wrote before (which it replaces whole).
    """
    root, out = root.resolve(), out.resolve()
    written = read_config(root / CONFIG_NAME)
    config = resolved(written)
    settings = Settings.from_config(root, config)
    _check_out(out, settings)
    plan = load_plan(settings, parallel=True)
    docs_dir = settings.docs_dir
    output = plan.rendered.output

    files: dict[str, str | bytes | Path] = {}
    for path in sorted(docs_dir.rglob("*")):
        if not path.is_file():
            continue
        src_uri = path.relative_to(docs_dir).as_posix()
        if path.suffix == ".md":
            files[src_uri] = page_markdown(path.read_text(encoding="utf-8"), src_uri, plan)
        else:
            files[src_uri] = path
    plan.check_outputs()
    for page in output.pages:
        files[page.src_uri] = page.content
    for asset in output.assets:
        files[asset.dest_uri] = asset.content

    _add_cards(files, plan)

    out_config = _out_config(written, plan.dataset, output, plan.docs)
    _write_tree(out, root, config, files, out_config, settings.site_url)
    warning = settings.placeholder_warning()
    return Generated(
        out,
        pages=sum(1 for name in files if name.endswith(".md")),
        assets=len(output.assets),
        source_date_epoch=dataset_epoch(plan.dataset),
        warnings=(warning,) if warning else (),
    )


def _add_cards(files: dict[str, str | bytes | Path], plan: BuildPlan) -> None:
    """The share-preview cards as files, and each page's card address in its front matter
    (``card_url``, which the theme reads where no hook gives it): what the adapter gives
    the theme, for a build with no hooks. As there, only with a published address."""
    files.update(plan.card_images)
    site_url = plan.settings.site_url
    if site_url is None:
        return
    for src_uri, content in list(files.items()):
        if src_uri.endswith(".md") and isinstance(content, str):
            files[src_uri] = with_front_matter(
                content, {"card_url": cards.card_url(plan.cards, site_url, src_uri)}
            )


def with_front_matter(markdown: str, values: dict[str, str]) -> str:
    """``markdown`` with ``values`` added to its front matter (made if it has none)."""
    dumped = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1_000_000)
    if FRONT_MATTER.match(markdown):
        first_line_end = markdown.index("\n") + 1
        return "---\n" + dumped + markdown[first_line_end:]
    return f"---\n{dumped}---\n{markdown}"


def _check_out(out: Path, settings: Settings) -> None:
    problem = settings.output_problem(out)
    if problem is None and out.exists() and not _replaceable(out):
        problem = "exists and was not made by `briefing generate`: choose a new or empty folder"
    if problem:
        raise DataError([Problem(str(out), 1, None, None, problem)])


def _replaceable(out: Path) -> bool:
    return out.is_dir() and ((out / MARKER).exists() or not any(out.iterdir()))


def _out_config(
    config: dict[str, Any], dataset: Dataset, output: Output, docs: Docs
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


def zensical_toml(out_config: dict[str, Any], site_url: str | None) -> str:
    """The tree's config in Zensical's own format: its ``[project]`` table holds what
    mkdocs.yml holds. TOML has no ``!ENV`` tag and no null, so each ``!ENV`` value is read
    from the environment now (as the build would read it) and an unset one is left out;
    the address is the published one (``Settings.site_url``), never a placeholder."""
    project = resolved(out_config)
    project["site_url"] = site_url
    return tomli_w.dumps({"project": _without_none(project)})


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value if v is not None]
    return value


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (``not_in_nav``) as readable literal blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _env_out(dumper: yaml.SafeDumper, value: Env) -> yaml.Node:
    if isinstance(value.node, str):
        return dumper.represent_scalar("!ENV", value.node)
    return dumper.represent_sequence("!ENV", list(value.node))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Env, _env_out)


def _custom_dir(config: dict[str, Any]) -> str | None:
    theme = config.get("theme")
    return theme.get("custom_dir") if isinstance(theme, dict) else None


def _write_tree(
    out: Path,
    root: Path,
    config: dict[str, Any],
    files: dict[str, str | bytes | Path],
    out_config: dict[str, Any],
    site_url: str | None,
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
        (staging / ZENSICAL_CONFIG).write_text(
            header + zensical_toml(out_config, site_url), encoding="utf-8"
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
