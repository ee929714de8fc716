"""``CITATION.cff`` (``website/cff.py``): generated from ``data/dataset.yml``, committed at
the root, and valid for ``cffconvert --validate``."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
import yaml

from briefing.dataset.dates import PartialDate
from briefing.dataset.model import Dataset
from briefing.website.cff import FILE_NAME, citation_cff
from support import ROOT, require

# scripts/test installs cffconvert in a virtualenv of its own (scripts/cffconvert.txt).
CFFCONVERT = ROOT / ".tools" / "cffconvert" / "bin" / "cffconvert"


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    require(CFFCONVERT.exists(), f"cffconvert is missing at {CFFCONVERT}")
    return subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_committed_file_is_the_generated_one(dataset: Dataset) -> None:
    committed = (ROOT / FILE_NAME).read_text(encoding="utf-8")
    assert committed == citation_cff(dataset), "run `python -m briefing citation`"


def test_the_committed_file_is_valid(dataset: Dataset) -> None:
    result = validate(ROOT / FILE_NAME)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_file_without_authors_is_refused(tmp_path: Path, dataset: Dataset) -> None:
    broken = tmp_path / FILE_NAME
    text = citation_cff(dataset)
    broken.write_text(text.replace("authors:\n", "writers:\n"), encoding="utf-8")
    assert validate(broken).returncode != 0


def test_it_says_only_what_the_dataset_says(dataset: Dataset) -> None:
    cff = yaml.safe_load(citation_cff(dataset))
    info = dataset.info
    assert cff["authors"] == [{"name": info.author}]
    assert cff["title"] == info.title
    assert cff["abstract"] == info.description
    assert cff["license"] == info.licence_spdx
    assert cff["date-released"] == info.updated.iso
    assert cff["keywords"] == [t.title for t in dataset.topics.values()]
    assert "url" not in cff  # a clone has no address


@pytest.mark.parametrize("updated", ["2026-11", "2026"])
def test_a_partial_revision_date_gives_no_release_day(
    dataset: Dataset, tmp_path: Path, updated: str
) -> None:
    info = dataclasses.replace(dataset.info, updated=PartialDate.parse(updated))
    partial = dataclasses.replace(dataset, info=info)
    cff = yaml.safe_load(citation_cff(partial))
    assert "date-released" not in cff
    assert cff["version"] == updated


def test_the_site_copy_names_the_published_address(dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(citation_cff(dataset, "https://briefing.test/"), encoding="utf-8")
    assert yaml.safe_load(path.read_text())["url"] == "https://briefing.test/data/"
    result = validate(path)
    assert result.returncode == 0, result.stdout + result.stderr
