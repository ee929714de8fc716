"""The generated page tree (``briefing generate``) and its build with plain MkDocs.

Made from the paged project (``paged_site``), so record, actor, source and year
archive pages are all in it, and compared with that project's hooked build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import run_briefing

GENERATED_EPOCH = re.compile(r"SOURCE_DATE_EPOCH=(\d+)")


@pytest.fixture(scope="session")
def generated(paged_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the tree ``briefing generate`` wrote, the SOURCE_DATE_EPOCH it named)."""
    project = paged_site.parent / "project"
    out = tmp_path_factory.mktemp("generated") / "tree"
    result = run_briefing("generate", str(out), "--root", str(project))
    assert result.returncode == 0, result.stderr
    epoch = GENERATED_EPOCH.search(result.stdout)
    assert epoch is not None, result.stdout
    return out, epoch.group(1)


@pytest.fixture(scope="session")
def generated_site(generated: tuple[Path, str]) -> Path:
    """The generated tree built by plain MkDocs, hooks off, with --strict."""
    tree, epoch = generated
    site = tree.parent / "mkdocs-site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=tree,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return site
