"""Generated pages' HTML from ``briefing.page_html`` (one converter reused per process,
the pages split between processes) is byte for byte what MkDocs' own ``Page.render``
makes: the whole site is compared, file by file."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from briefing import page_html
from support import copy_project, run_build

pytestmark = pytest.mark.build


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_site_is_the_one_mkdocs_own_rendering_makes(
    paged_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The paged site (real data, year archives) made by MkDocs' Page.render, page by page.
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text() + "\nextra:\n  briefing:\n    listing_limit: 8\n    fast_pages: false\n",
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "mkdocs-render")
    assert result.returncode == 0, result.stderr
    by_mkdocs = _tree(tmp_path / "mkdocs-render")

    # The same site with the pages split between this process and two forked workers.
    monkeypatch.setattr(page_html, "PROCESSES", 3)
    monkeypatch.setattr(page_html, "MIN_PAGES_PER_WORKER", 1)
    monkeypatch.setattr(page_html, "pages_from_workers", 0)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("SITE_URL", raising=False)
    build(
        load_config(
            config_file=str(paged_site.parent / "project" / "mkdocs.yml"),
            site_dir=str(tmp_path / "workers"),
            strict=True,
        )
    )
    with_workers = _tree(tmp_path / "workers")
    assert page_html.pages_from_workers > 50

    assert len(by_mkdocs) > 200
    assert sorted(with_workers) == sorted(by_mkdocs)
    assert [n for n in by_mkdocs if with_workers[n] != by_mkdocs[n]] == []
    # And the session's site, built with the defaults (no workers for so few pages).
    single = _tree(paged_site)
    assert [n for n in by_mkdocs if single.get(n) != by_mkdocs[n]] == []


def test_a_bad_option_is_named() -> None:
    from briefing.dataset.problems import DataError
    from briefing.options import Options

    assert Options.parse({"fast_pages": False}).fast_pages is False
    with pytest.raises(DataError) as raised:
        Options.parse({"fast_pages": "no"})
    assert raised.value.problems[0].field == "extra.briefing.fast_pages"
