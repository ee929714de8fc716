"""The Content-Security-Policy of every page, and the inline scripts it allows.

Material's pages run a few inline bootstrap scripts (the localStorage helpers,
the palette, deep links into tabs).  The policy allows them by their SHA-256
hash and nothing else inline: no ``'unsafe-inline'``, so an injected
``<script>`` or ``onerror=`` does not run.

Which inline scripts are the theme's is decided from the theme's template files,
never from the page: a script is hashed only if its text is one of the
``<script>`` bodies written in a template, where a ``{{ ... }}`` slot may stand
only for a relative URL (``base_url``, ``.`` or ``../..``).  A script that came
from page content, data or an edit after the build matches no template and
stays blocked, even if it sits in every page.

A policy delivered in a ``<meta>`` tag cannot say ``frame-ancestors``; the
header form (``headers_file``) adds it, for hosts that send headers.  Pages of
the preview server carry no policy (see ``Sealer.preview``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Everything from the site's own origin; `data:` images are the icons inlined in
# Material's stylesheet.  Pagefind's worker and its index are same-origin.
BASE_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    # Site search compiles Pagefind's WebAssembly (pagefind/wasm.*.pagefind, our own file):
    # 'wasm-unsafe-eval' allows compiling WebAssembly and nothing else; not 'unsafe-eval'.
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY_DIRECTIVES: tuple[tuple[str, str], ...] = (("frame-ancestors", "'self'"),)

# What the template writes in <head>; `seal` fills in the script hashes.  Without
# them the page is still protected, and Material's bootstrap scripts are blocked.
META_PREFIX = '<meta http-equiv="Content-Security-Policy" content="'

_INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_SLOT = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# A Jinja slot in a theme script may hold a relative URL, nothing that ends a string.
_SLOT_VALUE = r"[A-Za-z0-9._~/%-]*"
_NOT_JAVASCRIPT = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)


def policy(hashes: Iterable[str] = (), *, header: bool = False) -> str:
    """The policy text, with ``'sha256-…'`` sources for the given script hashes."""
    directives = BASE_DIRECTIVES + (HEADER_ONLY_DIRECTIVES if header else ())
    sources = " ".join(f"'{h}'" for h in sorted(set(hashes)))
    parts = []
    for name, value in directives:
        if name == "script-src" and sources:
            value = f"{value} {sources}"
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def meta_tag() -> str:
    """The tag a page template writes first in ``<head>``: the policy before hashes."""
    return f'{META_PREFIX}{policy()}">'


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class ThemeScripts:
    """The inline scripts the theme's templates can write, as patterns."""

    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def from_templates(cls, templates: Iterable[str]) -> ThemeScripts:
        """From the text of template files: each bare ``<script>`` body, slots as patterns."""
        patterns: dict[str, re.Pattern[str]] = {}
        for text in templates:
            for body in _TEMPLATE_SCRIPT.findall(text):
                if "{%" in body or "{#" in body:
                    continue  # logic inside a script: not a shape we can match exactly
                pieces = _SLOT.split(body)
                source = _SLOT_VALUE.join(re.escape(piece) for piece in pieces)
                patterns.setdefault(source, re.compile(source, re.DOTALL))
        return cls(tuple(patterns[key] for key in sorted(patterns)))

    @classmethod
    def from_dirs(cls, dirs: Iterable[str | Path]) -> ThemeScripts:
        """From every HTML template in the theme's folders (``config.theme.dirs``)."""
        files = sorted(p for d in dirs for p in Path(d).rglob("*.html") if p.is_file())
        return cls.from_templates(p.read_text(encoding="utf-8") for p in files)

    def knows(self, script: str) -> bool:
        return any(pattern.fullmatch(script) for pattern in self.patterns)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run, in page order."""
    found = []
    for match in _INLINE_SCRIPT.finditer(html):
        attributes = match.group(1) or ""
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        if _NOT_JAVASCRIPT.search(attributes):
            continue  # data blocks (Material's __config) are never run
        found.append(match.group(2))
    return found


@dataclass
class Sealer:
    """Puts the hashes of a page's theme scripts into its policy; remembers them all."""

    theme: ThemeScripts
    # The preview server (`mkdocs serve`) adds an inline live-reload script whose text
    # changes with every request: no hash can allow it, so previews carry no policy.
    preview: bool = False
    hashes: set[str] = field(default_factory=set)

    def seal(self, html: str) -> str:
        """The page with its policy completed.  A page without the tag gets it first in
        ``<head>``, so no page is published without a policy."""
        if self.preview:
            return html.replace(meta_tag(), "", 1)
        hashes = {script_hash(s) for s in inline_scripts(html) if self.theme.knows(s)}
        self.hashes |= hashes
        tag = f'{META_PREFIX}{policy(hashes)}">'
        placeholder = meta_tag()
        if placeholder in html:
            return html.replace(placeholder, tag, 1)
        head = re.search(r"<head(\s[^>]*)?>", html, re.IGNORECASE)
        if head is None:
            return html  # not an HTML document
        return html[: head.end()] + tag + html[head.end() :]

    def headers_file(self) -> str:
        """The same policy as an HTTP header, for every path, in the ``_headers`` format
        that Netlify and Cloudflare Pages read; hashes of every page together."""
        return f"/*\n  Content-Security-Policy: {policy(self.hashes, header=True)}\n"


def seal_site(site_dir: Path, theme_dirs: Iterable[str | Path]) -> bool:
    """Give every page of a site built without our hooks its policy, and write the
    ``_headers`` file, as the hooks do while pages are written. A site that has a policy
    already (built with the hooks) is left as it is. Returns whether it sealed."""
    pages = sorted(site_dir.rglob("*.html"))
    if any(META_PREFIX in p.read_text(encoding="utf-8") for p in pages[:1]):
        return False
    sealer = Sealer(ThemeScripts.from_dirs(theme_dirs))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        page.write_text(sealer.seal(text), encoding="utf-8")
    (site_dir / "_headers").write_text(sealer.headers_file(), encoding="utf-8")
    return True
