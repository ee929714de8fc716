"""Jinja rendering with escaping on by default.

Data is untrusted: every ``{{ value }}`` in a Markdown template is escaped for
both HTML and Markdown unless the template marks it safe.  Only links built
here and fragments rendered by our own templates are marked safe.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..dataset import money
from .urls import relative_link, relative_url

TEMPLATES = Path(__file__).parent / "templates"

# Characters Python-Markdown treats as syntax inside a line, and those that
# start a block at the beginning of a paragraph.
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_HTML_CHARS = frozenset("<>&\"'")
_INLINE_CHARS = frozenset("\\`*_{}[]|")
_BLOCK_CHARS = frozenset("#>+=-!?~ \t0123456789")
_BLOCK_START = re.compile(r"^([#>+!-])", re.MULTILINE)
# Block starts that Python-Markdown cannot backslash-escape (a backslash would show):
# setext underlines, details (``???``) and tilde fences.  An entity shows the character.
_ENTITY_START = re.compile(r"^([=?~])", re.MULTILINE)
_ENTITIES = {"=": "&#61;", "?": "&#63;", "~": "&#126;"}
_ORDERED_START = re.compile(r"^(\d+)\.", re.MULTILINE)
# Leading white space would start an indented code block; on a page it shows nothing.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def _escape_text(text: str) -> str:
    """Escape plain text so that Markdown shows it literally and HTML stays inert."""
    # Most text needs little escaping: test cheaply before running replacements.
    if not _HTML_CHARS.isdisjoint(text):
        text = html.escape(text)
    if not _INLINE_CHARS.isdisjoint(text):
        text = _INLINE.sub(r"\\\1", text)
    if text and (text[0] in _BLOCK_CHARS or "\n" in text):
        text = _INDENT.sub("", text)
        text = _BLOCK_START.sub(r"\\\1", text)
        text = _ENTITY_START.sub(lambda match: _ENTITIES[match[1]], text)
        text = _ORDERED_START.sub(r"\1\\.", text)
    return text


def md_escape(value: Any) -> Markup:
    """Plain text made safe for Markdown and HTML; Markup passes through."""
    if isinstance(value, Markup):
        return value
    return Markup(_escape_text(str(value)))


def _finalize(value: Any) -> Any:
    # What finalize returns is written out, never escaped again: plain str will do.
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return _escape_text(value if isinstance(value, str) else str(value))


@jinja2.pass_context
def _href(context: Any, to_uri: str) -> Markup:
    return Markup(escape(relative_url(context["page_uri"], to_uri)))


@jinja2.pass_context
def _link(context: Any, to_uri: str, anchor: str = "") -> Markup:
    return relative_link(context["page_uri"], to_uri, anchor)


def _attr(value: Any) -> Markup:
    """Escape for an HTML attribute value (no Markdown escaping there)."""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    return Markup(escape(str(value)))


_SLOT_TEXT = str.maketrans({"<": "‹", ">": "›", "&": "&amp;", '"': "&#34;"})


def slot_text(value: Any) -> str:
    """Text for a slot that Material prints without escaping.

    Titles and descriptions reach ``<title>`` (through ``striptags``, which undoes
    entities), meta attributes, the header, nav and footer unescaped, and tags
    reach the page and the search index (whose results are inserted as HTML)
    unescaped: so angle brackets become look-alikes, and ampersands and double
    quotes (every attribute slot is double-quoted) become entities.  Apostrophes
    stay: the footer escapes titles again in ``aria-label``, where an entity
    would be read out.
    """
    return str(value).translate(_SLOT_TEXT)


# Front matter keys that reach a raw slot of Material's templates: <title>, the
# header, nav and footer labels (title), <meta> attributes (description, author),
# the nav's subtitle, and tags in pages, on the tags index and in the search index.
SLOT_META = frozenset({"title", "description", "author", "subtitle", "tags"})


def slot_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter values of a hand-written page that Material prints raw
    (``SLOT_META``), made safe by ``slot_text``."""
    safe: dict[str, Any] = {}
    for key in SLOT_META.intersection(meta):
        value = meta[key]
        if isinstance(value, list | tuple):
            safe[key] = [slot_text(item) for item in value]
        elif value is not None:
            safe[key] = slot_text(value)
    return safe


def _yaml(value: Any) -> Markup:
    """A front matter value, made safe for Material's unescaped slots.

    JSON is valid YAML and escapes every quote and newline.
    """
    return Markup(json.dumps(slot_text(value), ensure_ascii=False))


def _code(value: Any) -> Markup:
    """Text shown as code: HTML, so that Markdown's escapes never show inside it."""
    return Markup("<code>{}</code>").format(str(value))


def _code_spans(text: str) -> Markup:
    """Our own prose (the schema's field docs) with its `backtick` spans shown as code."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick is a plain character
        return md_escape(text)
    # Only the first part can start a block; the rest sit mid-line.
    return Markup("").join(
        _code(part)
        if index % 2
        else (md_escape(part) if index == 0 else Markup(_INLINE.sub(r"\\\1", html.escape(part))))
        for index, part in enumerate(parts)
    )


def _paragraphs(text: str) -> Markup:
    return Markup("\n\n".join(md_escape(p) for p in text.split("\n\n")))


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process.

    Each build makes a new environment; the preview server builds many times in
    one process, and compiling the templates was most of a small rebuild.  Jinja
    checks each template's source checksum, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# One per environment shape: compiled code depends on the environment's options.
_MARKDOWN_BYTECODE = _MemoryBytecodeCache()


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_MARKDOWN_BYTECODE,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # escaping is done by _finalize, for Markdown and HTML at once
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: skip a stat per page
    )
    env.filters.update(
        link=_link,
        href=_href,
        attr=_attr,
        yaml=_yaml,
        paragraphs=_paragraphs,
        code=_code,
        code_spans=_code_spans,
        amount=money.format_amount,
        terms=money.format_terms,
        money_value=money.format_value,
    )
    return env


@functools.cache
def make_xml_environment() -> jinja2.Environment:
    """For feeds and SVG: plain XML escaping."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(amount=money.format_amount, money_value=money.format_value)
    return env
