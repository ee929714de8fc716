"""ProperDocs, the maintained continuation of MkDocs 1.x, builds the project from the same
``mkdocs.yml``, hooks and theme into the same site as MkDocs: every file byte for byte,
apart from the generator tag each engine writes into every page."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.build

GENERATOR = '<meta name="generator" content="'


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_the_same_site_but_the_generator_tag(built_site: Path, properdocs_site: Path) -> None:
    names = _files(built_site)
    assert len(names) > 150 and "pagefind/pagefind.js" in names
    assert _files(properdocs_site) == names
    different = []
    for name in sorted(names):
        mkdocs, properdocs = (built_site / name).read_bytes(), (properdocs_site / name).read_bytes()
        if mkdocs == properdocs:
            continue
        if not name.endswith(".html"):
            different.append(name)
            continue
        lines = list(
            zip(mkdocs.decode().splitlines(), properdocs.decode().splitlines(), strict=True)
        )
        changed = [(a, b) for a, b in lines if a != b]
        if len(changed) != 1 or not all(line.lstrip().startswith(GENERATOR) for line in changed[0]):
            different.append(name)
    assert different == []


def test_each_engine_names_itself(built_site: Path, properdocs_site: Path) -> None:
    mkdocs = (built_site / "index.html").read_text(encoding="utf-8")
    properdocs = (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert f"{GENERATOR}mkdocs-1." in mkdocs
    assert f"{GENERATOR}mkdocs-ProperDocs 1.6" in properdocs
