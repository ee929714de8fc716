"""``CITATION.cff``: how to cite the dataset, for GitHub, Zenodo and reference managers.

Everything in it comes from ``data/dataset.yml`` and ``data/topics.yml``.  The file at the
repository's root is written by ``python -m briefing citation`` and carries no address (a
clone has none); the site publishes the same file with the site's address where it has one.
"""

from __future__ import annotations

import json

from ..dataset.model import Dataset
from .urls import absolute_url, is_published

CFF_VERSION = "1.2.0"
FILE_NAME = "CITATION.cff"


def _yaml(text: str) -> str:
    # A JSON string is a YAML string: quotes, colons and line breaks stay inert.
    return json.dumps(text, ensure_ascii=False)


def citation_cff(dataset: Dataset, base_url: str = "") -> str:
    info = dataset.info
    lines = [
        "# Generated from data/dataset.yml by `python -m briefing citation`: edit that file,",
        "# then run the command; a test fails while the two differ.",
        "# Author: the project names no individual author, so the dataset is credited to the",
        "# editorial team, under the name given by `author` in data/dataset.yml (the name",
        "# the site's copyright and licence notices carry).",
        f"cff-version: {CFF_VERSION}",
        f"message: {_yaml('If you use this dataset, please cite it as below.')}",
        "type: dataset",
        f"title: {_yaml(info.title)}",
        f"abstract: {_yaml(info.description)}",
        "authors:",
        f"  - name: {_yaml(info.author)}",
        # The revision date names the version: the dataset has no other version number.
        f"version: {_yaml(info.updated.iso)}",
    ]
    if info.updated.precision == "day":
        # CFF wants a full date here: a month or year would need an invented day.
        lines.append(f"date-released: {_yaml(info.updated.iso)}")
    if info.licence_spdx:
        lines.append(f"license: {_yaml(info.licence_spdx)}")
    if dataset.topics:
        lines.append("keywords:")
        lines += [f"  - {_yaml(t.title)}" for t in dataset.topics.values()]
    if is_published(base_url):
        lines.append(f"url: {_yaml(absolute_url(base_url, 'data.md'))}")
    return "\n".join(lines) + "\n"
