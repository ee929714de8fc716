"""Generated pages' HTML from ``briefing.page_html`` (one converter reused per process,
the pages split between processes) is byte for byte what MkDocs' own ``Page.render``
makes, and Material's search index made with ``briefing.search_entries`` is its own,
also with the record pages rendered by a forked process (``website.pages.build_site``):
the whole site is compared, file by file. And the search index made while the
pages are written (``site_search.Preparer``) is the one made from the finished site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from briefing import forked, page_html, search_entries
from briefing.forked import Beside
from briefing.website import pages
from support import copy_project, run_briefing, run_build

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
    # And Material's search entries made by a worker while the pages are laid out.
    monkeypatch.setattr(search_entries, "MIN_PAGES", 1)
    monkeypatch.setattr(search_entries, "pages_from_worker", 0)
    # And the record pages rendered and half the pages checked by forked processes.
    monkeypatch.setattr(pages, "PARALLEL_MIN_RECORDS", 1)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    from_worker: list[bool] = []
    result = Beside.result

    def noted(self: Beside[object]) -> object:
        value = result(self)
        from_worker.append(self.from_worker)
        return value

    monkeypatch.setattr(Beside, "result", noted)
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
    assert search_entries.pages_from_worker > 100
    assert from_worker == [True, True]

    assert len(by_mkdocs) > 200
    assert sorted(with_workers) == sorted(by_mkdocs)
    assert [n for n in by_mkdocs if with_workers[n] != by_mkdocs[n]] == []
    # And the session's site, built with the defaults (no workers for so few pages).
    single = _tree(paged_site)
    assert [n for n in by_mkdocs if single.get(n) != by_mkdocs[n]] == []


def test_the_search_index_made_while_pages_are_written_is_the_one_made_after(
    paged_site: Path, tmp_path: Path
) -> None:
    # A hand-written HTML page, which no MkDocs event names, is indexed too.
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "extra:\n  briefing:\n", "extra:\n  briefing:\n    listing_limit: 8\n"
        ),
        encoding="utf-8",
    )
    (project / "docs" / "extra-note.html").write_text(
        '<html><body><article class="md-content__inner md-typeset"><h1>Quillwort</h1>'
        "<p>A page with a rare word.</p></article></body></html>",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    made_while = _tree(site / "pagefind")

    made_after = tmp_path / "made-after"
    shutil.copytree(site, made_after)
    shutil.rmtree(made_after / "pagefind")
    result = run_briefing("index", str(made_after), "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert len(made_while) > 20
    assert _tree(made_after / "pagefind") == made_while
    assert "quillwort" in (site / "pagefind/briefing-words/q.json").read_text()


def test_a_bad_option_is_named() -> None:
    from briefing.dataset.problems import DataError
    from briefing.options import Options

    assert Options.parse({"fast_pages": False}).fast_pages is False
    with pytest.raises(DataError) as raised:
        Options.parse({"fast_pages": "no"})
    assert raised.value.problems[0].field == "extra.briefing.fast_pages"
