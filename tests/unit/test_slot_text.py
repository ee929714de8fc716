"""Text bound for the slots of Material's templates that print values unescaped."""

from __future__ import annotations

import html
import json

from markupsafe import Markup

from briefing.website.jinja import make_environment, slot_meta, slot_text

HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)> &lt;/title&gt; it's"


def test_no_markup_can_start_and_no_attribute_can_end() -> None:
    safe = slot_text(HOSTILE)
    assert "<" not in safe and ">" not in safe and '"' not in safe
    assert "&lt;" not in safe  # an entity that striptags would turn back into a tag
    assert safe == (
        "&#34;›‹script›alert(1)‹/script›‹img src=x onerror=alert(2)› &amp;lt;/title&amp;gt; it's"
    )


def test_striptags_cannot_turn_it_back_into_markup() -> None:
    # Material's <title> for pages without a front matter title is `page.title | striptags`.
    stripped = Markup(slot_text(HOSTILE)).striptags()
    assert "<" not in stripped and ">" not in stripped


def test_it_reads_as_the_text_once_decoded() -> None:
    assert html.unescape(slot_text('Trade & aid: "A" it\'s')) == 'Trade & aid: "A" it\'s'


def test_yaml_filter_is_the_same_rule_as_json() -> None:
    env = make_environment()
    out = env.from_string("title: {{ t|yaml }}").render(t=HOSTILE)
    assert json.loads(out.removeprefix("title: ")) == slot_text(HOSTILE)


def test_meta_values_that_reach_raw_slots_are_made_safe_and_others_kept() -> None:
    meta = {
        "title": HOSTILE,
        "description": HOSTILE,
        "author": HOSTILE,
        "tags": [HOSTILE, "Aid"],
        "date": "2024-01-01",
        "hide": ["toc"],
    }
    safe = slot_meta(meta)
    assert set(safe) == {"title", "description", "author", "tags"}
    assert safe["tags"] == [slot_text(HOSTILE), "Aid"]
    assert safe["title"] == slot_text(HOSTILE)
