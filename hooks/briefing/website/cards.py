"""Share-preview images ("social cards"): a 1200×630 PNG for a link pasted into a chat.

One card for the home page, one per topic and one per essay. A record's page shows the
card of its first topic, and any other page the home card: the number of cards does not
grow with the records, so 10,000 records cost what 41 do. Cards are drawn with Pillow in
DejaVu Sans, shipped in ``fonts/`` (cut down by ``scripts/card-fonts.py``), so every
machine draws the same cards, and kept in a cache named by the hash of what they show, so
a rebuild draws only cards whose text changed. The PNG encoder is deterministic: two
builds write the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from ..dataset.model import Dataset
from ..docs_pages import Docs
from .urls import Urls, absolute_url

CARD_FOLDER = "assets/cards"
SIZE = (1200, 630)
# Material's indigo, the site's primary colour, and lighter tints of it for the small print.
BACKGROUND = (63, 81, 181)
BAND = (48, 63, 159)
TEXT = (255, 255, 255)
MUTED = (197, 202, 233)
MARGIN = 80
# Bump when the drawing changes, so cached cards are drawn again.
DESIGN = "3"


@dataclass(frozen=True)
class Card:
    dest_uri: str
    label: str  # "Topic", "Essay", or "" on the home card
    title: str
    summary: str
    site_name: str

    @property
    def key(self) -> str:
        shown = (self.label, self.title, self.summary, self.site_name)
        text = "\x1f".join((DESIGN, PIL.__version__, *shown))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Cards:
    """Every card, and which card each page shows."""

    home: Card
    topics: dict[str, Card]
    essays: dict[str, Card]
    record_topic: dict[str, str]  # record src_uri → its first topic's slug

    @property
    def all(self) -> list[Card]:
        return [self.home, *self.topics.values(), *self.essays.values()]

    def for_page(self, src_uri: str) -> str:
        """The card's path (from the site root) for the page made from ``src_uri``."""
        parts = src_uri.split("/")
        if parts[0] == "topics" and len(parts) > 1:
            # A topic's page and its year archives (topics/aid.md, topics/aid/2024.md).
            slug = parts[1].removesuffix(".md")
            if slug in self.topics:
                return self.topics[slug].dest_uri
        if src_uri in self.essays:
            return self.essays[src_uri].dest_uri
        topic = self.record_topic.get(src_uri)
        if topic is not None and topic in self.topics:
            return self.topics[topic].dest_uri
        return self.home.dest_uri


def plan_cards(dataset: Dataset, docs: Docs, site_name: str) -> Cards:
    home = Card(f"{CARD_FOLDER}/home.png", "", site_name, dataset.info.description, site_name)
    topics = {
        slug: Card(
            f"{CARD_FOLDER}/topics/{slug}.png", "Topic", topic.title, topic.summary, site_name
        )
        for slug, topic in dataset.topics.items()
    }
    essays = {}
    for essay in docs.essays:
        name = essay.src_uri.removesuffix(".md").replace("/", "-")
        essays[essay.src_uri] = Card(
            f"{CARD_FOLDER}/{name}.png", "Essay", essay.title, essay.summary, site_name
        )
    record_topic = {Urls.record(r): r.topics[0] for r in dataset.records if r.topics}
    return Cards(home, topics, essays, record_topic)


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------


_FONTS = Path(__file__).parent / "fonts"


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold-subset.ttf" if bold else "DejaVuSans-subset.ttf"
    return ImageFont.truetype(str(_FONTS / name), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, lines: int) -> list[str]:
    """Lines that fit the card's width, at most ``lines``, the last cut with an ellipsis."""
    width = SIZE[0] - 2 * MARGIN
    words = text.split()
    result: list[str] = []
    while words and len(result) < lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        result.append(line)
    if words:
        last = result[-1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else textwrap.shorten(last, 20)
        result[-1] = last + " …"
    return result


def card_url(cards: Cards, site_url: str, src_uri: str) -> str:
    """The absolute address of a page's card, as share previews require."""
    return absolute_url(site_url, cards.for_page(src_uri))


def draw(card: Card) -> bytes:
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, SIZE[1] - 96, SIZE[0], SIZE[1]), fill=BAND)
    pen.text((MARGIN, SIZE[1] - 66), card.site_name, font=_font(34), fill=TEXT)
    y = 70
    if card.label:
        pen.text((MARGIN, y), card.label.upper(), font=_font(30), fill=MUTED)
    y += 60
    title_font = _font(60, bold=True)
    for line in _wrap(card.title, title_font, 4):
        pen.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += 76
    y += 24
    for line in _wrap(card.summary, _font(30), max(1, (SIZE[1] - 130 - y) // 42)):
        pen.text((MARGIN, y), line, font=_font(30), fill=MUTED)
        y += 42
    buffer = io.BytesIO()
    # Level 9 is four times slower for 4% smaller files.
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def render(cards: Cards, cache: Path | None) -> dict[str, bytes]:
    """Every card's PNG by its path, drawn or taken from ``cache``.

    A cached card is named by what it shows (``Card.key``) and by the digest of its own
    bytes, so an entry that was truncated, emptied or altered no longer matches its
    name: it is deleted and drawn again, never published.
    """
    images = {}
    for card in cards.all:
        png = _cached(cache, card.key) if cache is not None else None
        if png is None:
            png = draw(card)
            if cache is not None:
                _store(cache, card.key, png)
        images[card.dest_uri] = png
    return images


def _digest(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()[:16]


def _cached(cache: Path, key: str) -> bytes | None:
    for path in sorted(cache.glob(f"{key}-*.png")):
        try:
            png = path.read_bytes()
        except OSError:
            png = b""
        if path.name == f"{key}-{_digest(png)}.png" and png.startswith(PNG_SIGNATURE):
            return png
        path.unlink(missing_ok=True)  # damaged: drawn again below
    return None


def _store(cache: Path, key: str, png: bytes) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    final = cache / f"{key}-{_digest(png)}.png"
    partial = final.with_suffix(".partial")
    partial.write_bytes(png)
    partial.replace(final)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
