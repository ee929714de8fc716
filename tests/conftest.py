"""Fixtures shared by every suite; helpers live in ``support``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.dataset.load import load_dataset
from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs, scan_pages
from briefing.website.outputs import Output
from briefing.website.pages import Renderer, build_site
from support import (
    FIXTURE,
    FIXTURE_SITE,
    ROOT,
    ZENSICAL_SITE_URL,
    add_hostile_data,
    copy_project,
    make_fixture,
    run_briefing,
    run_build,
    tool,
)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built by ProperDocs (the maintained continuation of MkDocs 1.x) from
    the same mkdocs.yml, hooks and theme, once per session."""
    properdocs = tool("properdocs", "pip install -e '.[test]'")
    site = tmp_path_factory.mktemp("properdocs") / "site"
    result = run_build(ROOT, site, "-f", str(ROOT / "mkdocs.yml"), engine=properdocs)
    assert result.returncode == 0, result.stderr
    return site


def _published_env() -> dict[str, str]:
    return {**os.environ, "SITE_URL": ZENSICAL_SITE_URL, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="session")
def zensical_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site's page tree (``briefing generate``) for a published address, as
    Zensical builds it."""
    tree = tmp_path_factory.mktemp("zensical-real") / "tree"
    result = run_briefing("generate", str(tree), "--root", str(ROOT), env=_published_env())
    assert result.returncode == 0, result.stderr
    return tree


@pytest.fixture(scope="session")
def zensical_reader_site(zensical_tree: Path) -> Path:
    """The real site built by Zensical from the generated tree, then given its search index
    by ``briefing index`` as the README says: what a reader of a Zensical build gets."""
    zensical = tool("zensical", "pip install -e '.[test]'")
    for command in (
        [*zensical, "build", "--strict", "--clean"],
        [sys.executable, "-m", "briefing", "index", "site", "--root", str(ROOT)],
    ):
        result = subprocess.run(
            command,
            cwd=zensical_tree,
            capture_output=True,
            text=True,
            timeout=600,
            env=_published_env(),
        )
        assert result.returncode == 0, result.stdout + result.stderr
    return zensical_tree / "site"


PAGED_LIMIT = 8


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data with a listing limit of 8, so topics, actors, sources and the
    timeline are paged into year archives as a large dataset would be."""
    root = tmp_path_factory.mktemp("paged")
    project = copy_project(root / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "extra:\n  briefing:\n", f"extra:\n  briefing:\n    listing_limit: {PAGED_LIMIT}\n"
        )
    )
    site = root / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site plus hostile text in every field of every collection
    (``support.add_hostile_data``)."""
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project")
    (root / "fields.json").write_text(json.dumps(add_hostile_data(project)))
    site = root / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_fields(hostile_site: Path) -> list[str]:
    """The path of every text field the hostile site fills (``events.summary``)."""
    return json.loads((hostile_site.parent / "fields.json").read_text())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real project to edit."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def fixture_root(tmp_path: Path) -> Path:
    """A copy of the minimal fixture project to edit."""
    return make_fixture(tmp_path / "minimal")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The real dataset, loaded once per session."""
    return load_dataset(ROOT)


@pytest.fixture(scope="session")
def docs(dataset: Dataset) -> Docs:
    """The real hand-written pages, scanned once per session."""
    return scan_pages(ROOT / "docs", ROOT, dataset)


@pytest.fixture(scope="session")
def minimal() -> tuple[Dataset, Docs]:
    """The minimal fixture's dataset and hand-written pages, loaded once, read-only."""
    loaded = load_dataset(FIXTURE, FIXTURE / "sources")
    return loaded, scan_pages(FIXTURE / "docs", FIXTURE, loaded)


@pytest.fixture(scope="session")
def minimal_output(minimal: tuple[Dataset, Docs]) -> tuple[Output, Renderer]:
    """The minimal fixture's generated pages and files, rendered by the core (no MkDocs)."""
    return build_site(*minimal, FIXTURE_SITE)
