"""What the built site offers for citation, reuse and corrections, read back by the tools
readers' software uses: extruct (JSON-LD), bibtexparser, rispy, frictionless."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import extruct
import pytest
import rispy
import yaml
from bibtexparser.bparser import BibTexParser

from briefing.commands.cli import main
from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from briefing.website.cff import citation_cff
from htmlparse import read_page
from support import ROOT, edit, run_build, tool

pytestmark = pytest.mark.build

RECORD = "agreements/national-road-5-loan-2024"


def json_ld(path: Path) -> list[dict]:
    html = path.read_text(encoding="utf-8")
    return extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]


def metas(path: Path) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "meta" and (a.get("name") or "").startswith("citation_"):
                found.append((a["name"] or "", a.get("content") or ""))

    Parser().feed(path.read_text(encoding="utf-8"))
    return found


def test_the_data_page_carries_the_dataset(built_site: Path, dataset: Dataset) -> None:
    (node,) = json_ld(built_site / "data/index.html")
    assert node["@type"] == "Dataset" and node["name"] == dataset.info.title
    assert node["url"] == "/data/"  # no published address: a path, never a made-up host
    files = {d["contentUrl"] for d in node["distribution"]}
    assert "/downloads/events.csv" in files and "/downloads/dataset.json" in files
    for url in files:
        assert (built_site / url.lstrip("/")).is_file(), url


def test_every_essay_is_an_article(built_site: Path, docs: Docs) -> None:
    for essay in docs.essays:
        page = built_site / essay.src_uri.removesuffix(".md") / "index.html"
        (node,) = json_ld(page)
        assert node["@type"] == "Article" and node["headline"] == essay.title


def test_a_record_page_offers_its_citation_in_three_formats(
    built_site: Path, dataset: Dataset
) -> None:
    page = built_site / RECORD / "index.html"
    record = dataset.agreements[RECORD.split("/")[1]]
    assert ("citation_title", record.title) in metas(page)
    assert ("citation_author", dataset.info.author) in metas(page)
    parsed = read_page(page)
    for extension in ("json", "bib", "ris"):
        href = f"../../cite/{RECORD}.{extension}"
        assert href in parsed.links, href
    cite = built_site / "cite" / RECORD
    (item,) = json.loads(cite.with_suffix(".json").read_text(encoding="utf-8"))
    assert item["title"] == record.title
    text = cite.with_suffix(".bib").read_text(encoding="utf-8")
    (entry,) = bibtexparser.loads(text, parser=BibTexParser(common_strings=True)).entries
    assert entry["title"] == "{" + record.title + "}"
    (ris,) = rispy.loads(cite.with_suffix(".ris").read_text(encoding="utf-8"))
    assert ris["title"] == record.title


def test_the_site_publishes_citation_cff_and_its_data_package(
    built_site: Path, dataset: Dataset
) -> None:
    assert (built_site / "CITATION.cff").read_text(encoding="utf-8") == citation_cff(dataset)
    command = tool("frictionless", "pip install -e '.[test]'")
    result = subprocess.run(
        [*command, "validate", "--json", "datapackage.json"],
        cwd=built_site / "downloads",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert json.loads(result.stdout)["valid"] is True


def test_without_a_route_pages_say_there_is_none(built_site: Path) -> None:
    page = read_page(built_site / RECORD / "index.html")
    assert "gives no address for corrections yet" in page.text


def test_a_public_build_without_a_corrections_route_fails_strict(
    fixture_root: Path, tmp_path: Path
) -> None:
    result = run_build(
        fixture_root, tmp_path / "site", site_url="https://briefing.test/", corrections=None
    )
    assert result.returncode != 0
    assert "extra.briefing.corrections" in result.stderr
    assert "tells readers nowhere to report an error" in result.stderr


def test_a_public_build_with_a_route_links_it_and_cites_full_addresses(
    fixture_root: Path, tmp_path: Path
) -> None:
    # The fixture has no theme overrides, hence no head tags: unit tests cover their
    # addresses (test_citations.py, test_linked_data.py).
    site = tmp_path / "site"
    route = "https://briefing.test/issues"
    result = run_build(fixture_root, site, site_url="https://briefing.test/", corrections=route)
    assert result.returncode == 0, result.stderr
    page = site / "events/minister-visit/index.html"
    assert route in read_page(page).links
    (item,) = json.loads((site / "cite/events/minister-visit.json").read_text(encoding="utf-8"))
    assert item["URL"] == "https://briefing.test/events/minister-visit/"
    cff = yaml.safe_load((site / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["url"] == "https://briefing.test/data/"


def test_the_root_citation_file_is_committed() -> None:
    assert (ROOT / "CITATION.cff").is_file()


def test_revisions_list_what_changed_and_keep_each_revision_s_downloads(
    fixture_root: Path, tmp_path: Path
) -> None:
    # Record the fixture's data as an earlier revision, then change a record and the date.
    assert main(["revision", "--root", str(fixture_root)]) == 0
    revisions_dir = fixture_root / "data/revisions"
    (revisions_dir / "2024-09-01.json").rename(revisions_dir / "2024-08-01.json")
    snapshot = revisions_dir / "2024-08-01.json"
    snapshot.write_text(
        snapshot.read_text(encoding="utf-8").replace('"2024-09-01"', '"2024-08-01"', 1),
        encoding="utf-8",
    )
    edit(fixture_root / "data/events/visit.yml", "A minister visits", "A minister visits Tokyo")
    site = tmp_path / "site"
    result = run_build(fixture_root, site)
    assert result.returncode == 0, result.stderr
    page = read_page(site / "revisions/index.html")
    assert "Since the revision of 1 August 2024: 1 item changed." in page.text
    assert "A minister visits Tokyo (event): title" in page.text
    assert "../events/minister-visit/" in page.links
    old = site / "downloads/revisions/2024-08-01"
    new = site / "downloads/revisions/2024-09-01"
    assert json.loads((old / "dataset.json").read_text())["events"][0]["title"] == (
        "A minister visits"
    )
    assert (new / "events.csv").read_bytes() == (site / "downloads/events.csv").read_bytes()
    command = tool("frictionless", "pip install -e '.[test]'")
    for folder in (old, new):
        check = subprocess.run(
            [*command, "validate", "--json", "datapackage.json"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert check.returncode == 0, check.stdout[-2000:]
