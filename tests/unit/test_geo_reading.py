"""The map's reference data in data/geo/ is read like every data file: a broken file gives
its name and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import copy_project, problems_of


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only what loading needs: data/ (sources are left out: quotes are not at issue)."""
    root = tmp_path_factory.mktemp("geo")
    return copy_project(root / "project")


@pytest.mark.parametrize("name", ["places.json", "boundaries.json"])
def test_a_truncated_geo_file_names_its_line(data_copy: Path, name: str) -> None:
    path = data_copy / "data/geo" / name
    original = path.read_text(encoding="utf-8")
    try:
        cut = original[: len(original) * 2 // 3]  # JSON strings hold no line breaks
        path.write_text(cut, encoding="utf-8")
        problems = problems_of(data_copy)
        mine = [p for p in problems if p.file == f"data/geo/{name}"]
        assert len(mine) == 1, problems
        assert mine[0].line == cut.count("\n") + 1
        assert "is not valid JSON" in mine[0].message and mine[0].cause
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_geo_file_that_is_not_utf8_is_refused(data_copy: Path) -> None:
    path = data_copy / "data/geo/places.json"
    original = path.read_bytes()
    try:
        path.write_bytes(b'{"places": {"1": "\xff"}}\n')
        problems = [p for p in problems_of(data_copy) if p.file == "data/geo/places.json"]
        assert [p.line for p in problems] == [1] and "UTF-8" in problems[0].message
    finally:
        path.write_bytes(original)
