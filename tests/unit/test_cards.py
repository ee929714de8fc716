"""Share-preview cards: which card a page shows, and that drawing is deterministic and cached."""

from __future__ import annotations

from pathlib import Path

from briefing.dataset.load import load_dataset
from briefing.docs_pages import scan_pages
from briefing.website import cards
from support import ROOT


def _cards() -> cards.Cards:
    dataset = load_dataset(ROOT)
    return cards.plan_cards(dataset, scan_pages(ROOT / "docs", ROOT, dataset), "Briefing")


def test_each_page_kind_maps_to_its_card() -> None:
    plan = _cards()
    assert plan.for_page("index.md") == "assets/cards/home.png"
    assert plan.for_page("topics/aid.md") == "assets/cards/topics/aid.png"
    assert plan.for_page("topics/aid/2024.md") == "assets/cards/topics/aid.png"
    assert plan.for_page("topics/index.md") == "assets/cards/home.png"
    assert plan.for_page("events/kihara-tea-seiha-talks-2024.md") == (
        "assets/cards/topics/defense.png"
    )
    assert plan.for_page("essays/china-factor.md") == "assets/cards/essays-china-factor.png"
    assert plan.for_page("timeline/index.md") == "assets/cards/home.png"
    assert cards.card_url(plan, "https://a.test/b/", "topics/aid.md") == (
        "https://a.test/b/assets/cards/topics/aid.png"
    )


def test_drawing_is_deterministic_and_depends_on_the_text() -> None:
    card = cards.Card("x.png", "Topic", "Aid and economic cooperation", "Grants – loans …", "B")
    other = cards.Card("x.png", "Topic", "Aid and economic cooperation!", "Grants – loans …", "B")
    first = cards.draw(card)
    assert first == cards.draw(card)
    assert first != cards.draw(other)
    assert card.key != other.key


def test_long_titles_are_cut_to_four_lines() -> None:
    font = cards._font(60, bold=True)
    lines = cards._wrap("word " * 200, font, 4)
    assert len(lines) == 4 and lines[-1].endswith(" …")
    width = cards.SIZE[0] - 2 * cards.MARGIN
    assert all(font.getlength(line) <= width for line in lines)


def test_a_cached_card_is_not_drawn_again(tmp_path: Path, monkeypatch) -> None:
    plan = _cards()
    first = cards.render(plan, tmp_path)
    assert len(first) == len(plan.all) == len(list(tmp_path.glob("*.png")))

    def no_drawing(card: cards.Card) -> bytes:
        raise AssertionError("drawn again")

    monkeypatch.setattr(cards, "draw", no_drawing)
    assert cards.render(plan, tmp_path) == first
