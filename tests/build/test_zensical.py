"""Zensical, Material's successor, builds the generated tree (``briefing generate``)
into the same site as MkDocs: the same pages, the same article text on each, the
same search entries.  What differs is listed here and in the README ("Building with
Zensical"), and any new difference fails this test."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import tomllib
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from htmlparse import read_article
from support import ZENSICAL_SITE_URL, run_briefing, tool

pytestmark = pytest.mark.build

# Files that one engine writes and the other does not (theme bundles aside).
ONLY_MKDOCS = {"search/search_index.json", "sitemap.xml.gz", "tags.json"}
ONLY_ZENSICAL = {"search.json"}
# Zensical's tags page has no "¶" permalinks beside its topic headings.
NO_PERMALINKS = {"tags/index.html"}
# Zensical's indexer reads what a <noscript> holds as text, as a browser with scripts on
# does, so the tags inside it reach the entry escaped; Material's indexer parses them.
# Only the timeline's pages hold a <noscript> (its filter panel's note).
# Pages with the timeline's filter panel, whose <noscript> note Zensical's indexer escapes.
NOSCRIPT_PAGES = {"timeline/", "events/", "agreements/"}
# The README's list "What differs in a Zensical build", by its bold keys, and what checks
# each item here. A difference that goes away fails its check; one that appears fails the
# comparisons; the list and this table must name the same items.
DIFFERENCES = {
    "files": "test_the_same_files",
    "noscript": "test_the_same_search_entries",
    "tag chips": "test_an_essays_topic_chips_come_after_its_text",
    "tags page": "test_the_same_article_on_every_page",
    "relative links": "test_the_home_page_writes_relative_links_from_here",
    "config": "test_zensical_toml_and_mkdocs_yml_build_the_same_site",
    "preview": "test_the_tree_has_no_hooks_and_no_data",
}
README = Path(__file__).parents[2] / "README.md"
_ESCAPED_TAG = re.compile(r"&lt;(/?)([a-z][a-z0-9]*)(?:\s[^&]*)?&gt;")


@pytest.fixture(scope="session")
def zensical_site(generated: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    zensical = tool("zensical", "pip install -e '.[test]'")
    tree = tmp_path_factory.mktemp("zensical") / "tree"
    shutil.copytree(generated[0], tree)
    result = subprocess.run(
        [*zensical, "build", "--strict", "--clean"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return tree / "site"


def test_zensical_toml_and_mkdocs_yml_build_the_same_site(
    generated: tuple[Path, str], zensical_site: Path, tmp_path: Path
) -> None:
    """The tree carries its config twice: ``zensical.toml`` (Zensical's own format, which it
    reads first, and the only one from 0.1 on) and ``mkdocs.yml``. Both give the same site,
    byte for byte."""
    tree = tmp_path / "tree"
    shutil.copytree(generated[0], tree, ignore=shutil.ignore_patterns("site"))
    (tree / "zensical.toml").unlink()
    result = subprocess.run(
        [*tool("zensical", "pip install -e '.[test]'"), "build", "--strict", "--clean"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    from_yml = {p.relative_to(tree / "site") for p in (tree / "site").rglob("*") if p.is_file()}
    from_toml = {p.relative_to(zensical_site) for p in zensical_site.rglob("*") if p.is_file()}
    assert from_yml == from_toml
    assert len(from_toml) > 140
    differing = [
        name.as_posix()
        for name in sorted(from_toml)
        if (zensical_site / name).read_bytes() != (tree / "site" / name).read_bytes()
    ]
    assert differing == []


def _files(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith("assets/")
    }


def test_the_same_files(generated_site: Path, zensical_site: Path) -> None:
    mkdocs, zensical = _files(generated_site), _files(zensical_site)
    assert mkdocs - zensical == ONLY_MKDOCS
    assert zensical - mkdocs == ONLY_ZENSICAL
    # Downloads and feeds are published as-is by both.
    for name in sorted(mkdocs & zensical):
        if name.startswith("downloads/") or name.startswith("feed"):
            assert (generated_site / name).read_bytes() == (zensical_site / name).read_bytes()


def test_the_same_article_on_every_page(generated_site: Path, zensical_site: Path) -> None:
    pages = sorted(p.relative_to(generated_site) for p in generated_site.rglob("*.html"))
    assert len(pages) > 140
    different = []
    for page in pages:
        mkdocs, zensical = read_article(generated_site / page), read_article(zensical_site / page)
        assert mkdocs.text, page
        # Tag chips: the same topics, in whatever order the engine sorts them.
        if mkdocs.text != zensical.text or sorted(mkdocs.tags) != sorted(zensical.tags):
            different.append(page.as_posix())
        if page.as_posix() in NO_PERMALINKS:
            assert mkdocs.permalinks > 1 and zensical.permalinks <= 1
        elif mkdocs.permalinks != zensical.permalinks:
            different.append(f"{page.as_posix()} (permalinks)")
    assert different == []


def test_the_same_search_entries(generated_site: Path, zensical_site: Path) -> None:
    mkdocs = json.loads((generated_site / "search/search_index.json").read_text("utf-8"))["docs"]
    zensical = json.loads((zensical_site / "search.json").read_text("utf-8"))["items"]

    def entries(docs: list[dict]) -> Counter[tuple[str, str, str]]:
        return Counter((d["location"], d["title"], d["text"]) for d in docs)

    # Material keeps a <p> without its attributes: so does this, for what Zensical escaped.
    # The difference is there (else this list is stale), and it is the only one.
    noscript = [d for d in zensical if d["location"] in NOSCRIPT_PAGES]
    assert {d["location"] for d in noscript} == NOSCRIPT_PAGES
    assert all(_ESCAPED_TAG.search(d["text"]) for d in noscript)
    for doc in noscript:
        doc["text"] = _ESCAPED_TAG.sub(r"<\1\2>", doc["text"])
    assert len(mkdocs) > 500
    assert entries(zensical) == entries(mkdocs)


def test_a_reader_gets_share_cards_search_and_the_policy(zensical_reader_site: Path) -> None:
    """The real site as Zensical builds it, completed as the README says (``briefing
    generate`` with SITE_URL, ``zensical build``, ``briefing index``)."""
    site = zensical_reader_site
    for page, card in [
        ("index.html", "assets/cards/home.png"),
        ("topics/aid/index.html", "assets/cards/topics/aid.png"),
        ("agreements/national-road-5-loan-2024/index.html", "assets/cards/topics/aid.png"),
    ]:
        html = (site / page).read_text(encoding="utf-8")
        # Zensical escapes "/" in attributes (&#x2f;): the same address once parsed.
        for tag in ('property="og:image"', 'name="twitter:image"'):
            values = re.findall(rf'<meta {tag} content="([^"]*)">', html)
            assert [unescape(v) for v in values] == [ZENSICAL_SITE_URL + card], (page, tag)
        assert (site / card).read_bytes().startswith(b"\x89PNG"), card
    assert (site / "pagefind/pagefind.js").is_file()
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" in (
        headers
    )
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 90
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('<meta http-equiv="Content-Security-Policy"') == 1, path


def test_an_essays_topic_chips_come_after_its_text(
    generated_site: Path, zensical_site: Path
) -> None:
    essay = "essays/china-factor/index.html"

    def chips_after_title(site: Path) -> bool:
        html = (site / essay).read_text(encoding="utf-8")
        return html.index('class="md-tags"') > html.index("<h1")

    assert not chips_after_title(generated_site)
    assert chips_after_title(zensical_site)


def test_the_home_page_writes_relative_links_from_here(
    generated_site: Path, zensical_site: Path
) -> None:
    mkdocs = (generated_site / "index.html").read_text(encoding="utf-8")
    zensical = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert 'href="./feed.xml"' in zensical and 'href="./feed.xml"' not in mkdocs
    assert 'href="feed.xml"' in mkdocs


def test_the_readme_lists_the_differences_the_tests_check() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("### What differs in a Zensical build", 1)[1].split("\n#", 1)[0]
    listed = re.findall(r"^- \*\*([^*]+)\*\*:", section, re.M)
    assert listed == list(DIFFERENCES)
    for check in DIFFERENCES.values():
        assert callable(globals().get(check)), check


def test_the_tree_has_no_hooks_and_no_data(generated: tuple[Path, str]) -> None:
    """What ``zensical serve`` would watch: the tree, with no hooks and no data/ to edit."""
    tree = generated[0]
    config = tomllib.loads((tree / "zensical.toml").read_text(encoding="utf-8"))["project"]
    assert "hooks" not in config and config["docs_dir"] == "docs"
    assert not (tree / "data").exists() and not (tree / "hooks").exists()


def _indexed(site: Path, copy: Path, project: Path) -> dict[str, dict]:
    """The site's Pagefind index as ``briefing index`` writes it: each page's indexed text
    and metadata, by address."""
    shutil.copytree(site, copy)
    result = run_briefing("index", str(copy), "--root", str(project))
    assert result.returncode == 0, result.stderr
    pages = {}
    for fragment in (copy / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data[data.index(b"{") :])
        pages[page["url"]] = {"content": page["content"], "meta": page["meta"]}
    return pages


def test_search_indexes_the_same_text_on_either_engine(
    paged_site: Path, generated_site: Path, zensical_site: Path, tmp_path: Path
) -> None:
    """Search reads the same words of every page from Zensical's build as from MkDocs':
    what the templates leave out of search stays out, though Zensical drops the
    data-search-exclude attribute (site_search.EXCLUDED_CLASSES)."""
    project = paged_site.parent / "project"
    mkdocs = _indexed(generated_site, tmp_path / "mkdocs", project)
    zensical = _indexed(zensical_site, tmp_path / "zensical", project)
    assert len(mkdocs) > 140
    assert "Printed" not in " ".join(page["content"] for page in zensical.values())
    assert zensical == mkdocs
