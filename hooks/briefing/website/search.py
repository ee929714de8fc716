"""The site search index, refined for what readers type.

Material's search plugin writes ``search/search_index.json``: one entry per page and per
section, searched in the browser by lunr. ``refine`` rewrites it after the build:

- **Ranking by kind of page.** Each entry gets the boost of its page's kind, so that an
  actor or record page comes before a listing that repeats its text, and essays and source
  texts come after records. Listing pages keep only their lead (the records they list have
  pages of their own), and sections that only repeat other pages' titles are dropped. This
  also keeps the index small.
- **A hidden ``keywords`` field** that lunr indexes but Material never shows: accent-free
  and apostrophe-free forms of the words on the page ("attaches" for "attachés", "maam" for
  "Ma’am"), the synonyms of ``data/search.yml`` for the words the page carries, an actor's
  aliases, and an agreement's amount written out in digits. Synonyms live only here: they
  are search aids, never text on a page.
- **Fields.** Essays' topic tags are shown with a result but are not searched: a tag must
  not outrank the text.

The published site searches a Pagefind index instead (``site_search``, which reuses the
``Refiner``'s aids); this refined lunr index is what the offline edition searches, with
Material's own worker. Both split words with the separator configured for Material's
search plugin in ``mkdocs.yml``, which the index carries in its ``config``.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..dataset.model import Dataset
from ..dataset.money import format_value
from .listing import UNDATED
from .urls import Urls, page_url

# Field weights for lunr. A title hit beats any number of text hits, as in Material's default.
# ``heading`` holds what a reader may type for the title (folded forms, synonyms, an actor's
# aliases, an agreement's amount) and ``keywords`` the same for the text; neither is shown.
FIELDS = {
    "title": {"boost": 1000},
    "heading": {"boost": 1000},
    "text": {"boost": 1},
    "keywords": {"boost": 1},
}

# Boost of every entry of a page, by the page's kind: the most specific page first.
BOOSTS = {"actor": 3.0, "record": 2.0, "listing": 1.0, "page": 1.0, "essay": 0.5, "source": 0.5}

# First path segments of generated listing pages (and the home page, segment "").
_LISTINGS = frozenset({"", "topics", "timeline", "figures", "actors", "sources", "essays"})
_LISTINGS |= {"data", "tags"}
_SINGLE_PAGES = {"events": "record", "agreements": "record", "actors": "actor"}
_SINGLE_PAGES |= {"sources": "source", "essays": "essay"}

# Sections that only list other pages' titles, which those pages carry themselves.
_ECHO_SECTIONS = frozenset(
    {"related-records", "discussed-in", "cite-this", "records", "records-citing-this-source"}
)
_YEAR_SECTION = re.compile(rf"^year-(?:\d{{4}}|{UNDATED})$")

_TAG = re.compile(r"<[^>]*>")
# A word with an apostrophe inside it: "Ma’am". A possessive "’s" is a separate word.
_INNER_APOSTROPHE = re.compile(r"(\w+)['’‘`](?!s\b)(\w+)")


def page_kind(page: str) -> str:
    """``record``, ``actor``, ``source``, ``essay``, ``listing`` or ``page``, from a page's
    location in the index ("events/some-id/")."""
    parts = page.strip("/").split("/")
    if len(parts) == 2 and parts[0] in _SINGLE_PAGES:
        return _SINGLE_PAGES[parts[0]]
    if parts[0] in _LISTINGS:
        return "listing"
    return "page"


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case, without accents or diacritics: "Yōko" -> "yoko", "attaché" -> "attache"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str, separator: re.Pattern[str]) -> list[str]:
    """The lower-case words of an index entry's text (HTML), split as lunr splits them."""
    # The separator knows the entities Material leaves in the text ("&amp;", "&lt;").
    plain = _TAG.sub(" ", text)
    return [html.unescape(w) if "&" in w else w for w in separator.split(plain.lower()) if w]


def _joined_apostrophes(text: str) -> Iterator[str]:
    plain = html.unescape(_TAG.sub(" ", text))
    for match in _INNER_APOSTROPHE.finditer(plain):
        yield fold(match.group(1) + match.group(2))


def _phrase_in(phrase: tuple[str, ...], text: str) -> bool:
    return f" {' '.join(phrase)} " in text


class Refiner:
    """Rewrites the entries of one index: built once per build from the dataset."""

    def __init__(self, dataset: Dataset, separator: str) -> None:
        self.separator = re.compile(separator)
        # A word with nothing searchable in it ("--") would match every page: left out.
        self.groups = [
            [(word, phrase) for word in group if (phrase := tuple(map(fold, self._split(word))))]
            for group in dataset.synonyms
        ]
        self.by_first_word: dict[str, set[int]] = {}
        for number, group in enumerate(self.groups):
            for _, phrase in group:
                self.by_first_word.setdefault(phrase[0], set()).add(number)
        # Words that name a page as much as its title does, by page location.
        self.names: dict[str, list[str]] = {}
        for actor in dataset.actors.values():
            names = [*actor.aliases, *actor.garbled, actor.native_name or ""]
            self.names[page_url(Urls.actor(actor.id))] = [n for n in names if n]
        for agreement in dataset.agreements.values():
            if agreement.amount is not None:
                # The number as the page writes it and in digits ("59.6", "59600000"):
                # the currency and scale words are on every page with money.
                value = agreement.amount.value
                written = format_value(value).split()[0].replace(",", "")
                self.names[page_url(Urls.record(agreement))] = [f"{written} {value:.0f}"]

    def _split(self, text: str) -> list[str]:
        return [w for w in self.separator.split(text.lower()) if w]

    def refine(self, docs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = []
        for doc in docs:
            page, _, section = doc["location"].partition("#")
            kind = page_kind(page)
            if section and (
                kind == "listing" or section in _ECHO_SECTIONS or _YEAR_SECTION.match(section)
            ):
                continue
            doc = dict(doc)
            doc["boost"] = BOOSTS[kind]
            # A page's own title, not a section's ("Sources" on every record), gets names.
            names = None if section else self.names.get(page, [])
            heading = self.aids(doc.get("title", ""), names)
            keywords = self.aids(doc.get("text", ""), None)
            if heading:
                doc["heading"] = " ".join(heading)
            if keywords:
                doc["keywords"] = " ".join(keywords)
            kept.append(doc)
        return kept

    def aids(self, text: str, names: list[str] | None) -> list[str]:
        """Words a reader may type for ``text`` (HTML) that it does not hold: its words
        without accents or inner apostrophes, and the synonyms of its words and phrases.
        For a title (``names`` given), also the singular of its plurals, and ``names``."""
        present = words(text, self.separator)
        seen = set(present)
        found: dict[str, str] = {}

        def add(word: str) -> None:
            key = fold(word)
            if key not in seen:
                found.setdefault(key, word)

        for word in present:
            add(fold(word))
        if "'" in text or "’" in text or "‘" in text or "`" in text:
            for word in _joined_apostrophes(text):
                add(word)
        if names is not None:
            # Readers type the singular of a title's plural: "scholarship" for "Scholarships".
            for word in present:
                if len(word) > 5 and word.endswith("s") and not word.endswith("ss"):
                    add(fold(word[:-1]))
        folded = [fold(w) for w in present]
        folded_words = set(folded)
        folded_text = f" {' '.join(folded)} "

        def holds(phrase: tuple[str, ...]) -> bool:
            # Every word present is cheap to test and rules out most phrases at once.
            return folded_words.issuperset(phrase) and _phrase_in(phrase, folded_text)

        candidates = sorted({i for w in folded_words for i in self.by_first_word.get(w, ())})
        for group in (self.groups[i] for i in candidates):
            if any(holds(phrase) for _, phrase in group):
                for word, phrase in group:
                    if not holds(phrase):
                        add(word)
        for name in names or ():
            add(name)
        return list(found.values())


def refine(index: dict[str, Any], dataset: Dataset) -> dict[str, Any]:
    """A refined copy of a parsed ``search_index.json``."""
    config = {**index["config"], "fields": FIELDS}
    refiner = Refiner(dataset, config["separator"])
    return {**index, "config": config, "docs": refiner.refine(index["docs"])}


def refine_file(path: Path, dataset: Dataset) -> None:
    """Rewrite the index Material wrote at ``path``, if search is on."""
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    refined = refine(index, dataset)
    # Written beside it and swapped in: the preview serves this file while it is refined.
    fresh = path.with_name(f".{path.name}.new")
    fresh.write_text(
        json.dumps(refined, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    os.replace(fresh, path)
