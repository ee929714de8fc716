"""Fixtures shared by every suite; helpers live in ``support``."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, copy_project, make_fixture, run_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real project to edit."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def fixture_root(tmp_path: Path) -> Path:
    """A copy of the minimal fixture project to edit."""
    return make_fixture(tmp_path / "minimal")
