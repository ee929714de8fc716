"""The search index refinement: words, kinds of page, hidden fields and the vocabulary file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from briefing.dataset.load import load_dataset
from briefing.website import search
from support import ROOT, edit, problems_of

SEARCH_FILE = "data/search.yml"


def _separator() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = yaml.safe_load(re.search(r"^plugins:\n(?:[ -].*\n)+", text, re.M).group(0))
    (entry,) = [p for p in plugins["plugins"] if isinstance(p, dict) and "search" in p]
    return entry["search"]["separator"]


SEPARATOR = re.compile(_separator())


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Yōko", "yoko"), ("attachés", "attaches"), ("Phnom Penh", "phnom penh"), ("FOIP", "foip")],
)
def test_fold_drops_accents_and_case(word: str, folded: str) -> None:
    assert search.fold(word) == folded


def test_words_split_as_the_configured_separator_splits_them() -> None:
    text = "<p>Japan’s Free and Open Indo-Pacific (FOIP): USD 59.6 million, 52% in No. 5.</p>"
    assert search.words(text, SEPARATOR) == [
        "japan",
        "s",
        "free",
        "and",
        "open",
        "indo",
        "pacific",
        "foip",
        "usd",
        "59.6",
        "million",
        "52%",
        "in",
        "no",
        "5",
    ]


def test_words_split_dashes_quotes_and_currency_signs() -> None:
    text = "Thlea Ma’am–Battambang “canal” $1.7 a/b &amp; &lt;c&gt;"
    assert search.words(text, SEPARATOR) == [
        "thlea",
        "ma",
        "am",
        "battambang",
        "canal",
        "1.7",
        "a",
        "b",
        "c",
    ]


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("events/some-visit/", "record"),
        ("agreements/a-loan/", "record"),
        ("actors/hun-sen/", "actor"),
        ("sources/a-text/", "source"),
        ("essays/an-essay/", "essay"),
        ("", "listing"),
        ("topics/", "listing"),
        ("topics/aid/", "listing"),
        ("timeline/", "listing"),
        ("actors/", "listing"),
        ("figures/", "listing"),
        ("about/methodology/", "page"),
    ],
)
def test_page_kind_comes_from_the_location(location: str, kind: str) -> None:
    assert search.page_kind(location) == kind


def _doc(location: str, title: str, text: str = "", **extra: object) -> dict:
    return {"location": location, "title": title, "text": text, **extra}


@pytest.fixture
def refined(fixture_root: Path) -> dict[str, dict]:
    edit(
        fixture_root / "data/actors.yml", "  name: Japan\n", "  name: Japan\n  aliases: [Nippon]\n"
    )
    dataset = load_dataset(fixture_root)
    index = {
        "config": {
            "lang": ["en"],
            "separator": SEPARATOR.pattern,
            "pipeline": ["stopWordFilter"],
            "fields": {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1e6}},
        },
        "docs": [
            _doc("", "Home", "<p>Roads and dollars.</p>"),
            _doc("topics/aid/", "Aid", "<p>A road loan of USD 59.6 million.</p>"),
            _doc("topics/aid/#year-2024", "2024", "<p>A road loan</p>"),
            _doc("agreements/road-loan/", "A road loan", "<p>approx. USD 59.6 million</p>"),
            _doc("agreements/road-loan/#sources", "Sources", "<p>“Japan signed a loan.”</p>"),
            _doc("agreements/road-loan/#related-records", "Related records", "A visit"),
            _doc("agreements/road-loan/#cite-this", "Cite this", "A road loan."),
            _doc("events/minister-visit/", "Military attachés", "<p>Ma’am–Battambang</p>"),
            _doc("actors/japan/", "Japan", "<p>A state.</p>", boost=3),
            _doc("actors/japan/#year-2024", "2024", "<ul><li>A road loan</li></ul>"),
            _doc("essays/x/", "An essay", "<p>On a highway.</p>", tags=["Aid"]),
            _doc("sources/src-one/", "Source one", "<p>Text.</p>"),
        ],
    }
    result = search.refine(index, dataset)
    assert result["config"]["fields"] == search.FIELDS
    assert result["config"]["separator"] == SEPARATOR.pattern
    return {doc["location"]: doc for doc in result["docs"]}


def test_listing_sections_and_echo_sections_are_dropped(refined: dict[str, dict]) -> None:
    assert list(refined) == [
        "",
        "topics/aid/",
        "agreements/road-loan/",
        "agreements/road-loan/#sources",
        "events/minister-visit/",
        "actors/japan/",
        "essays/x/",
        "sources/src-one/",
    ]


def test_every_entry_gets_the_boost_of_its_page_kind(refined: dict[str, dict]) -> None:
    assert {location: doc["boost"] for location, doc in refined.items()} == {
        "": 1.0,
        "topics/aid/": 1.0,
        "agreements/road-loan/": 2.0,
        "agreements/road-loan/#sources": 2.0,
        "events/minister-visit/": 2.0,
        "actors/japan/": 3.0,
        "essays/x/": 0.5,
        "sources/src-one/": 0.5,
    }


def test_tags_are_shown_but_not_searched(refined: dict[str, dict]) -> None:
    assert refined["essays/x/"]["tags"] == ["Aid"]
    assert "tags" not in search.FIELDS


def test_heading_holds_folded_singular_and_joined_forms(refined: dict[str, dict]) -> None:
    visit = refined["events/minister-visit/"]
    assert visit["heading"] == "attaches attache"
    assert visit["keywords"] == "maam"
    assert visit["title"] == "Military attachés"  # what readers see is untouched


def test_synonyms_reach_pages_that_carry_a_word_of_their_group(
    refined: dict[str, dict],
) -> None:
    # Fixture groups: [road, highway], [USD, dollars].
    assert refined["agreements/road-loan/"]["heading"].split()[:1] == ["highway"]
    assert refined["agreements/road-loan/"]["keywords"] == "dollars"
    assert refined["essays/x/"]["keywords"] == "road"
    assert refined[""]["keywords"] == "USD"  # "Roads" is not "road": whole words only
    assert "keywords" not in refined["sources/src-one/"]


def test_names_are_aliases_and_amounts(refined: dict[str, dict]) -> None:
    assert refined["actors/japan/"]["heading"] == "Nippon"
    assert refined["agreements/road-loan/"]["heading"] == "highway 59.6 59600000"
    assert "heading" not in refined["agreements/road-loan/#sources"]


def test_a_word_that_splits_into_nothing_matches_no_page(fixture_root: Path) -> None:
    edit(fixture_root / SEARCH_FILE, "[road, highway]", "[road, '--']")
    dataset = load_dataset(fixture_root)
    refiner = search.Refiner(dataset, SEPARATOR.pattern)
    assert refiner.aids("<p>A bridge.</p>", []) == []
    assert refiner.aids("<p>A road.</p>", []) == []


def test_refine_file_rewrites_in_place_and_is_repeatable(
    fixture_root: Path, tmp_path: Path
) -> None:
    dataset = load_dataset(fixture_root)
    index = {
        "config": {"lang": ["en"], "separator": SEPARATOR.pattern, "pipeline": [], "fields": {}},
        "docs": [_doc("agreements/road-loan/", "A road loan", "<p>Attaché</p>")],
    }
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(index), encoding="utf-8")
    search.refine_file(path, dataset)
    first = path.read_bytes()
    path.write_text(json.dumps(index), encoding="utf-8")
    search.refine_file(path, dataset)
    assert path.read_bytes() == first
    assert json.loads(first)["docs"][0]["keywords"] == "attache"
    search.refine_file(tmp_path / "missing.json", dataset)  # search switched off: no file
    assert not (tmp_path / "missing.json").exists()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  - words: [road, highway]",
            "  - words: [road]",
            "data/search.yml:3: field synonyms[0].words: needs at least 2 item(s); "
            "expected more, got 1",
        ),
        (
            "  - words: [USD, dollars]",
            "  - words: [USD, 5]",
            "data/search.yml:5: field synonyms[1].words[1]: expected text, got the number 5",
        ),
        (
            "synonyms:\n",
            "synonym:\n",
            "data/search.yml:2: field synonym: unknown field (did you mean 'synonyms'?); "
            "expected one of synonyms",
        ),
    ],
)
def test_a_bad_search_vocabulary_names_file_line_and_field(
    fixture_root: Path, old: str, new: str, expected: str
) -> None:
    edit(fixture_root / SEARCH_FILE, old, new)
    assert expected in [str(p) for p in problems_of(fixture_root)]


def test_a_missing_search_vocabulary_is_reported(fixture_root: Path) -> None:
    (fixture_root / SEARCH_FILE).unlink()
    assert [str(p) for p in problems_of(fixture_root)] == ["data/search.yml:1: file is missing"]


def test_the_real_vocabulary_loads_as_groups() -> None:
    dataset = load_dataset(ROOT)
    groups = {group[0]: group for group in dataset.synonyms}
    assert "mine action" in groups["demining"]
    assert all(len(group) >= 2 for group in dataset.synonyms)
