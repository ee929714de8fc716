"""The page tree written by ``briefing generate``, without building it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefing.commands.generate import MARKER, dataset_epoch, generate, page_markdown, read_config
from briefing.dataset.problems import DataError
from briefing.plan import Settings, load_plan, load_project


def test_an_essay_gets_its_tags_and_resolved_references(fixture_root: Path) -> None:
    plan = load_plan(Settings.from_config(fixture_root, {"site_url": "https://x.example/"}))
    dataset = plan.dataset
    path = fixture_root / "docs/essays/on-the-loan.md"
    text = page_markdown(path.read_text(), "essays/on-the-loan.md", plan)
    head, body = text.split("\n---\n", 1)
    meta = yaml.safe_load(head.removeprefix("---\n"))
    assert meta["title"] == "On the loan"
    assert meta["tags"] == [dataset.topics["aid"].title]
    assert "[[agreement:road-loan]]" not in body
    assert "(../agreements/road-loan.md" in body
    assert "`[[event:not-a-reference]]`" in body  # code stays as written


def test_the_tree_and_its_config(fixture_root: Path, tmp_path: Path) -> None:
    result = generate(fixture_root, tmp_path / "out")
    out = result.out
    config = read_config(out / "mkdocs.yml")
    assert "hooks" not in config and config["docs_dir"] == "docs"
    assert config["theme"]["variant"] == "classic"
    assert config["extra"]["briefing_dataset"]["updated_iso"]
    assert "/agreements/" in config["not_in_nav"].split("\n")
    assert (out / "docs/agreements/road-loan.md").is_file()
    assert (out / "docs/downloads/events.csv").is_file()
    assert (out / MARKER).is_file()
    # A second run replaces the tree it made.
    (out / "docs/stale.md").write_text("old", encoding="utf-8")
    generate(fixture_root, out)
    assert not (out / "docs/stale.md").exists()
    project = load_project(fixture_root, fixture_root / "docs")
    assert result.source_date_epoch == dataset_epoch(project.dataset)


def test_a_page_where_a_generated_one_goes_is_refused(fixture_root: Path, tmp_path: Path) -> None:
    (fixture_root / "docs/timeline").mkdir()
    (fixture_root / "docs/timeline/index.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        generate(fixture_root, tmp_path / "out")
    assert "docs/timeline/index.md:1: timeline/index.md is generated from data/" in str(error.value)
    assert not (tmp_path / "out").exists()
