"""Time, voice and address rules that hold on every page of the built site."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.dataset.model import Dataset
from htmlparse import read_page
from support import run_build

pytestmark = pytest.mark.build

AS_OF = re.compile(r"\(as of (\d{1,2} )?([A-Z][a-z]+ )?\d{4}, per [^)]+\)")
# Future tense for something scheduled: what a page must not say once the date has passed.
FUTURE = re.compile(r"\b(will|is to|are to|due in|to be held|plans to|is scheduled)\b", re.I)
PLACEHOLDER = re.compile(r"example\.(org|com|net)|127\.0\.0\.1|localhost", re.I)


class _Prose(HTMLParser):
    """The page's own words: article text outside quotations, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = {"blockquote": 0, "script": 0, "style": 0, "article": 0}
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.depth:
            self.depth[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.depth:
            self.depth[tag] -= 1

    def handle_data(self, data: str) -> None:
        d = self.depth
        if d["article"] and not (d["blockquote"] or d["script"] or d["style"]):
            self.parts.append(data)


def prose(path: Path) -> str:
    reader = _Prose()
    reader.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(reader.parts).split())


def role_titles(dataset: Dataset) -> set[str]:
    return {role.title for actor in dataset.actors.values() for role in actor.roles}


def test_every_role_shown_carries_its_date_and_source(built_site: Path, dataset: Dataset) -> None:
    titles = role_titles(dataset)
    assert titles
    shown = 0
    for actor in dataset.actors.values():
        page = built_site / "actors" / actor.id / "index.html"
        html = page.read_text(encoding="utf-8")
        for role in actor.roles:
            # Headings and the Role row: each title is followed by its "as of" date.
            for match in re.finditer(re.escape(role.title), read_page(page).text):
                rest = read_page(page).text[match.end() : match.end() + 80]
                if rest.startswith(" (as of"):
                    shown += 1
                    assert AS_OF.match(rest[1:]), (actor.id, rest)
        assert "as of an unstated date" not in html, actor.id
    assert shown >= sum(len(a.roles) for a in dataset.actors.values())
    # The Who's who table and every link tooltip naming an actor's role.
    whos_who = read_page(built_site / "actors/index.html").text
    for actor in dataset.actors.values():
        if actor.role:
            assert actor.role in whos_who and AS_OF.search(actor.role), actor.id
    for html in built_site.rglob("*.html"):
        for tooltip in re.findall(r'href="[^"]*actors/[^"]*" title="([^"]*)"', html.read_text()):
            if any(title in tooltip for title in titles):
                assert AS_OF.search(tooltip.replace("&amp;", "&")), (html, tooltip)


def test_past_scheduled_events_are_never_in_the_future_tense(
    built_site: Path, dataset: Dataset
) -> None:
    revised = dataset.info.updated
    elapsed = [e for e in dataset.events.values() if e.planned and e.has_passed(revised)]
    assert elapsed, "the dataset has scheduled events whose date has passed"
    for event in elapsed:
        page = built_site / "events" / event.id / "index.html"
        text = prose(page)
        assert f"Scheduled for {event.when}; the outcome is not in our sources" in text
        assert not FUTURE.search(text), (event.id, FUTURE.search(text))
        for slug in event.topics:
            intro = dataset.topics[slug].introduction
            for sentence in re.split(r"(?<=\.)\s", intro):
                if event.when in sentence:
                    assert not FUTURE.search(sentence), (slug, sentence)


def test_no_placeholder_or_local_address_in_any_output(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            found = PLACEHOLDER.search(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                offenders.append(f"{path.relative_to(built_site)}: {found[0]}")
    assert not offenders, offenders


def test_the_licence_is_in_the_downloads_and_the_data_page(built_site: Path) -> None:
    document = (built_site / "downloads/dataset.json").read_text(encoding="utf-8")
    assert '"licence":"CC BY 4.0"' in document
    assert "CC BY 4.0" in (built_site / "downloads/LICENSE.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in read_page(built_site / "data/index.html").text


def test_every_record_page_has_a_corrections_route(built_site: Path, dataset: Dataset) -> None:
    for record in dataset.records:
        text = read_page(built_site / record.collection / record.id / "index.html").text
        assert f"This record's id is {record.id}; it is kept in {record.file}" in text


def test_machine_translation_quotes_are_marked_wherever_they_appear(
    built_site: Path, dataset: Dataset
) -> None:
    translated = {s.id for s in dataset.sources.values() if s.machine_translation}
    assert translated
    quotes = {
        c.quote
        for r in dataset.records
        for c in r.sources
        if c.source in translated and len(c.quote) > 30
    }
    for html in built_site.rglob("*.html"):
        text = read_page(html).text
        for quote in quotes:
            start = text.find(" ".join(quote.split()))
            while start != -1:
                after = text[start : start + len(quote) + 400]
                assert "machine translation" in after, (html, quote)
                start = text.find(" ".join(quote.split()), start + 1)


def test_a_published_build_gives_full_addresses(fixture_root: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_build(fixture_root, site, site_url="https://briefing.test/")
    assert result.returncode == 0, result.stderr
    page = read_page(site / "events/minister-visit/index.html")
    assert "https://briefing.test/events/minister-visit/. " in page.text
    assert ("canonical", "https://briefing.test/events/minister-visit/") in page.link_rels
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://briefing.test/events/minister-visit/</loc>" in sitemap
    assert "<id>https://briefing.test/events/minister-visit/</id>" in (site / "feed.xml").read_text(
        encoding="utf-8"
    )


def test_a_placeholder_address_fails_strict_and_is_never_printed(
    fixture_root: Path, tmp_path: Path
) -> None:
    placeholder = "https://x.example.org/"
    strict = run_build(fixture_root, tmp_path / "strict", site_url=placeholder)
    assert strict.returncode != 0
    assert f"site_url {placeholder} is a placeholder" in strict.stderr
    # Without --strict the build succeeds, with paths where the placeholder would be.
    site = tmp_path / "lenient"
    result = run_build(fixture_root, site, site_url=placeholder, strict=False)
    assert result.returncode == 0, result.stderr
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "example.org" not in path.read_text(encoding="utf-8"), path


def test_every_role_in_the_downloads_carries_its_date(built_site: Path) -> None:
    document = json.loads((built_site / "downloads/dataset.json").read_text(encoding="utf-8"))
    roles = [role for actor in document["actors"] for role in actor.get("roles", [])]
    assert roles
    assert all(re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", role.get("as_of", "")) for role in roles)
    assert "Records from 1991 to August 2024" in document["coverage"]
