"""MkDocs empties the folder it builds into: a build is refused, before anything is
deleted, when that folder is or holds one the site is made from."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import run_build

pytestmark = pytest.mark.build


@pytest.mark.parametrize("inside", ["data", "data/events"])
def test_a_build_into_an_input_folder_is_refused(fixture_root: Path, inside: str) -> None:
    before = {p: p.read_bytes() for p in (fixture_root / "data").rglob("*") if p.is_file()}
    result = run_build(fixture_root, fixture_root / inside)
    assert result.returncode != 0
    assert f"site_dir {fixture_root / inside} is, holds or is inside the input folder data/" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in (fixture_root / "data").rglob("*") if p.is_file()}
    assert after == before
