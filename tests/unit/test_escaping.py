"""Escaping of data text for Markdown and HTML (``website/jinja.py``).

Each case says what the escaped text is, and the rendering cases check with
Python-Markdown, configured with the site's own extensions, that a reader sees
the text exactly as written: no markup, no block, no stray backslash.
"""

from __future__ import annotations

import functools
import html
import json
import re

import markdown
import pytest
import yaml
from markupsafe import Markup

from briefing.website.jinja import _attr, _finalize, _yaml, make_environment, md_escape
from support import ROOT


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("a*b_c", r"a\*b\_c"),
        ("[x](javascript:y)", r"\[x\](javascript:y)"),
        ("`code`", r"\`code\`"),
        ("{: onclick=x }", r"\{: onclick=x \}"),
        ("a|b", r"a\|b"),
        ("back\\slash", r"back\\slash"),
        ("<b>&\"'", "&lt;b&gt;&amp;&quot;&#x27;"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("+ not a list", r"\+ not a list"),
        ("1. not a list", r"1\. not a list"),
        ("2024 was a year", "2024 was a year"),
        ("> not a quote", "&gt; not a quote"),
        ("!!! danger", r"\!!! danger"),
        ("??? note", "&#63;?? note"),
        ("~~~", "&#126;~~"),
        ("=HYPERLINK(1)", "&#61;HYPERLINK(1)"),
        ("    not code", "not code"),
        ("\tnot code", "not code"),
        ("a\n# b\n2. c\n- d\n===", "a\n\\# b\n2\\. c\n\\- d\n&#61;=="),
        ("a\n\n    not code", "a\n\nnot code"),
        ("mid-line - # = ! ? ~ 3. stay", "mid-line - # = ! ? ~ 3. stay"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    result = md_escape(text)
    assert result == escaped
    assert isinstance(result, Markup)


def test_markup_passes_through_md_escape_and_finalize() -> None:
    link = Markup("[Aid](../topics/aid.md)")
    assert md_escape(link) is link
    assert _finalize(link) is link


@pytest.mark.parametrize(
    ("value", "written"),
    [(None, ""), ("", ""), (42, "42"), (1.5, r"1\.5"), ("a*b", r"a\*b"), ("<i>", "&lt;i&gt;")],
)
def test_finalize_writes_values_escaped_and_none_as_nothing(value: object, written: str) -> None:
    assert _finalize(value) == written


def test_templates_escape_every_value_unless_marked_safe() -> None:
    template = make_environment().from_string("{{ a }} {{ b }} {{ c }}|")
    rendered = template.render(a="*x*", b=Markup("*y*"), c=None)
    assert rendered == r"\*x\* *y* |"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Aid", '"Aid"'),
        ('Say "no"', '"Say &#34;no&#34;"'),
        ("a<script>b", '"a‹script›b"'),
        ("Tom & Jerry's", '"Tom &amp; Jerry\'s"'),  # apostrophes stay: see slot_text
        ("two\nlines: yes", '"two\\nlines: yes"'),
        ("Khmer ភ្នំពេញ", '"Khmer ភ្នំពេញ"'),
    ],
)
def test_yaml_values_are_one_safe_string(value: str, written: str) -> None:
    result = _yaml(value)
    assert result == written
    assert isinstance(result, Markup)
    # The front matter reads back as the escaped text, on one line.
    assert "\n" not in result
    assert yaml.safe_load(f"title: {result}")["title"] == json.loads(written)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("aid", "aid"),
        ('x" onclick="y', "x&#34; onclick=&#34;y"),
        (["aid", "mine-action"], "aid mine-action"),
        (("a<", "b&"), "a&lt; b&amp;"),
        (2024, "2024"),
    ],
)
def test_attr_escapes_for_html_attributes_only(value: object, written: str) -> None:
    assert _attr(value) == written


# -- as a reader sees it -------------------------------------------------------------------


@functools.cache
def _site_markdown() -> markdown.Markdown:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^markdown_extensions:\n((?:  .*\n)+)", config, re.MULTILINE)
    assert block is not None
    extensions = yaml.safe_load(block.group(1))
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    return markdown.Markdown(extensions=names)


def _convert(text: str) -> str:
    return _site_markdown().reset().convert(text)


SHOWN_AS_WRITTEN = [
    "!!! danger",
    "??? note",
    "???+ note",
    "~~~",
    "```",
    '=== "Tab"',
    "# heading",
    "1. one",
    "- item",
    "+ item",
    "* item",
    "> quote",
    "---",
    "***",
    "*[HTML]: abbreviation",
    "[^1]: footnote",
    "=HYPERLINK(1)",
    "<b>bold</b> & <i>",
    "a_b_c *d* `e` [f](g) {: .h } i|j \\k",
]


@pytest.mark.parametrize("text", SHOWN_AS_WRITTEN)
def test_a_paragraph_of_data_text_shows_exactly_what_was_written(text: str) -> None:
    # As the templates place a paragraph: after a heading and a blank line.
    body = _convert(f"# Title\n\n{md_escape(text)}\n\nAfter.")
    paragraphs = re.findall(r"<p>(.*?)</p>", body, re.DOTALL)
    assert [html.unescape(p) for p in paragraphs] == [text, "After."], body
    assert "<pre" not in body and "<div" not in body and "<details" not in body


@pytest.mark.parametrize(
    "text",
    ["line one\n===", "line one\n---", "line one\n\n    indented", "a\n\n!!! note\n    b"],
)
def test_lines_of_data_text_start_no_block(text: str) -> None:
    body = _convert(str(md_escape(text)))
    assert re.fullmatch(r"(<p>[^<]*</p>\n?)+", body), body
    assert "\\" not in body


def test_code_in_our_own_prose_is_html_so_no_escape_shows() -> None:
    env = make_environment()
    out = env.from_string(
        "{{ 'list of `key_point` mapping'|code_spans }} {{ 'a_b'|code }}"
    ).render()
    assert out == "list of <code>key_point</code> mapping <code>a_b</code>"
    assert env.from_string("{{ '<b>`x<y`'|code_spans }}").render() == (
        "&lt;b&gt;<code>x&lt;y</code>"
    )
