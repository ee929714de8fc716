"""Two clean builds of the same commit are byte-identical, whatever the clock says."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from support import ROOT, run_build

pytestmark = pytest.mark.build


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path, monkeypatch) -> None:
    # A later day: MkDocs reads the build date from SOURCE_DATE_EPOCH (here 1 January 2031).
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1924992000")
    again = tmp_path / "again"
    result = run_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    first, second = _tree(built_site), _tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == [], f"differ between builds: {different[:10]}"
    assert filecmp.cmp(built_site / "sitemap.xml.gz", again / "sitemap.xml.gz", shallow=False)
