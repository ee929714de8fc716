"""``briefing generate OUT`` writes the pages the hooks add; plain MkDocs, hooks off,
then builds the same site from OUT as the hooked build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from briefing.commands.generate import read_config
from briefing.dataset.load import load_dataset
from briefing.website.search import refine
from support import edit, run_briefing

pytestmark = pytest.mark.build


def _files(site: Path, pattern: str) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob(pattern)}


def _generate(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run_briefing("generate", str(out), "--root", str(root))


def test_the_tree_needs_no_hooks(generated: tuple[Path, str]) -> None:
    tree, _ = generated
    config = read_config(tree / "mkdocs.yml")
    assert "hooks" not in config
    assert not (tree / "hooks").exists() and not (tree / "data").exists()
    essays = next(item["Essays"] for item in config["nav"] if "Essays" in item)
    assert essays[0] == "essays/index.md" and len(essays) == 6
    # Essays carry their topic titles as Material tags, and their summary as the
    # description share previews show, in their own front matter.
    essay = (tree / "docs/essays/defence-ties.md").read_text(encoding="utf-8")
    assert "tags:\n- Defence and security\n- Diplomacy\n- The China factor\ndescription: " in essay
    assert "[[" not in essay


# The policy needs the hashes of the theme's inline scripts, which the hooks compute
# as each page is written: a build without hooks has none (README, "another engine").
POLICY = re.compile(rb'\n *<meta http-equiv="Content-Security-Policy"[^>]*>')


def test_the_same_html_byte_for_byte_but_the_policy(paged_site: Path, generated_site: Path) -> None:
    hooked, plain = _files(paged_site, "*.html"), _files(generated_site, "*.html")
    assert len(hooked) > 140  # records, actors, sources, year archives
    assert "topics/aid/2023/index.html" in hooked
    assert plain == hooked
    different = []
    for name in sorted(hooked):
        with_policy = (paged_site / name).read_bytes()
        assert len(POLICY.findall(with_policy)) == 1, name
        if POLICY.sub(b"", with_policy) != (generated_site / name).read_bytes():
            different.append(name)
    assert different == []
    assert (paged_site / "_headers").is_file() and not (generated_site / "_headers").exists()


def test_the_same_downloads_search_and_sitemap(paged_site: Path, generated_site: Path) -> None:
    for pattern in ("*.csv", "*.xml", "*.json", "*.svg"):
        # The site search index is made after a build with no hooks by `briefing index`
        # (test_briefing_index_completes_a_build_with_no_hooks).
        names = {
            n
            for n in _files(paged_site, pattern) - {"search/search_index.json"}
            if not n.startswith("pagefind/")
        }
        assert names == _files(generated_site, pattern) - {"search/search_index.json"}
        for name in names - {"sitemap.xml"}:
            assert (paged_site / name).read_bytes() == (generated_site / name).read_bytes(), name
    # MkDocs lists generated files after docs/ files; here they are all docs/ files,
    # so the search index and the sitemap hold the same entries in another order.
    # The hooks refine Material's search index after the build; a build without
    # hooks keeps Material's own, which refines into the same entries.
    hooked = json.loads((paged_site / "search/search_index.json").read_text(encoding="utf-8"))
    plain = json.loads((generated_site / "search/search_index.json").read_text(encoding="utf-8"))
    dataset = load_dataset(paged_site.parent / "project")
    plain = refine(plain, dataset)
    assert plain["config"] == hooked["config"]

    def entries(index: dict) -> Counter[str]:
        return Counter(json.dumps(doc, sort_keys=True) for doc in index["docs"])

    assert len(hooked["docs"]) > 300
    assert entries(plain) == entries(hooked)

    def lines(site: Path) -> Counter[str]:
        return Counter((site / "sitemap.xml").read_text(encoding="utf-8").split("\n"))

    assert lines(generated_site) == lines(paged_site)


def test_bad_data_writes_nothing(fixture_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _generate(fixture_root, out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(fixture_root / "data/events/visit.yml", 'date: "', 'date: "2024-13-')
    result = _generate(fixture_root, out)
    assert result.returncode == 1
    assert "data/events/visit.yml:" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_refuses_a_folder_it_did_not_make(fixture_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = _generate(fixture_root, out)
    assert result.returncode == 1
    assert f"{out}:1: exists and was not made by `briefing generate`" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    inside = _generate(fixture_root, fixture_root / "docs" / "out")
    assert inside.returncode == 1
    assert "is, holds or is inside the input folder docs/" in inside.stderr


def test_briefing_index_completes_a_build_with_no_hooks(
    paged_site: Path, generated_site: Path, tmp_path: Path
) -> None:
    """What the hooks do at the end of a build, ``briefing index`` does after one: the
    same search index, and the same policy, in every page and in ``_headers``."""
    site = tmp_path / "site"
    shutil.copytree(generated_site, site)
    project = paged_site.parent / "project"
    result = run_briefing("index", str(site), "--root", str(project))
    assert result.returncode == 0, result.stderr
    index = {n for n in _files(paged_site, "pagefind/**/*") if (paged_site / n).is_file()}
    assert len(index) > 20
    assert {n for n in _files(site, "pagefind/**/*") if (site / n).is_file()} == index
    for name in index:
        assert (site / name).read_bytes() == (paged_site / name).read_bytes(), name
    assert (site / "_headers").read_text() == (paged_site / "_headers").read_text()
    for name in _files(site, "*.html"):
        page = (site / name).read_bytes()
        assert len(POLICY.findall(page)) + page.count(b'<head><meta http-equiv="Content-Sec') == 1
