"""The offline edition: a built site made readable from ``file://``, search included, zipped.

A page opened from disk cannot fetch files or start a web worker, and a link to a folder
shows the folder, not its ``index.html``. Material's offline plugin answers the first two
(the search index inlined into ``search/search_index.js``, the iframe-worker shim standing
in for the worker); it also switches off directory URLs, which would give every page a
second address. This does the same to a normal build instead, so that the edition keeps
the published site's paths:

- every relative link to a folder (``../events/x/``) names its ``index.html``;
- the search index's locations do too, and it is written again as a script;
- the shim is copied from ``node_modules`` (``mkdocs.offline.yml`` lists it as a polyfill);
- ``404.html`` is left out: a file opened from disk has no server to send it; so are the
  files only a host or a crawler reads (``HOST_FILES``: the ``_headers`` policy, the
  sitemaps, the tags plugin's ``tags.json``);
- feed links are left out of the pages' heads; search is Material's own, in its own box,
  on the inlined index (``mkdocs.offline.yml`` sets ``extra.briefing_offline``, and the
  theme then writes neither the site's Pagefind search nor its index, which need a server);
- so is the Content-Security-Policy (see ``_POLICY``): the text is escaped at every boundary
  all the same, as the hostile-input tests check on the published build.

The zip is deterministic: sorted entries, fixed timestamps and permissions.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from ..dataset.problems import DataError, Problem

SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"
_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# What a web host or a crawler reads; nothing in a folder on disk does.
HOST_FILES = ("_headers", "sitemap.xml", "sitemap.xml.gz", "tags.json")


def folder_link(url: str) -> str:
    """``url`` with ``index.html`` added where it names a folder of the same site."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    path, mark, rest = _split(url)
    if path.rsplit("/", 1)[-1] in (".", ".."):
        path += "/"
    if path.endswith("/"):
        path += "index.html"
    return path + mark + rest


def _split(url: str) -> tuple[str, str, str]:
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:cut], url[cut : cut + 1], url[cut + 1 :]


# Feeds mean nothing on disk, and Material fetches sitemap.xml for every rel="alternate"
# link, which a page opened from disk is not allowed to do.
_FEED_LINK = re.compile(r'\n?\s*<link rel="alternate" type="application/atom\+xml"[^>]*>')


# A page opened from disk has an opaque origin, which 'self' does not match, and the
# iframe-worker shim runs search through an inline script no hash can name: the published
# site's policy would stop the edition's search, so the edition goes without it.
_POLICY = re.compile(r'\n?\s*<meta http-equiv="Content-Security-Policy"[^>]*>')


def rewrite_html(html: str) -> str:
    html = _POLICY.sub("", html)
    html = _FEED_LINK.sub("", html)
    return _ATTRIBUTE.sub(lambda m: f'{m[1]}="{folder_link(m[2])}"', html)


def _search_location(location: str) -> str:
    path, mark, rest = _split(location)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path + mark + rest


def make_offline(site: Path, shim: Path) -> None:
    """Turn the build in ``site`` into the offline edition, in place."""
    # Its links are from the site's root, for a server that serves it on any missing path.
    (site / "404.html").unlink(missing_ok=True)
    for name in HOST_FILES:
        (site / name).unlink(missing_ok=True)
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        rewritten = rewrite_html(text)
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")
    index_file = site / "search" / "search_index.json"
    if index_file.is_file():
        index = json.loads(index_file.read_text(encoding="utf-8"))
        for doc in index.get("docs", []):
            doc["location"] = _search_location(doc["location"])
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        index_file.write_text(data, encoding="utf-8")
        # Material loads this script instead of the JSON when the page is a file.
        (site / "search" / "search_index.js").write_text(f"var __index = {data}", "utf-8")
    target = site / SHIM_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim, target)


# Characters some platform's extractor reads as a separator, a drive or a wildcard, or
# cannot store in a file name; names Windows reserves for devices.
_ZIP_UNSAFE = re.compile(r'[\\:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_DEVICES = re.compile(r"(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")


def zip_name_problem(name: str) -> str | None:
    """Why ``name`` is not safe as a zip entry on every platform, or None."""
    if name.startswith("/") or not name:
        return "an absolute path"
    for part in name.split("/"):
        if part in ("", ".", ".."):
            return f"the path part {part!r} would leave or confuse the top folder"
        if _ZIP_UNSAFE.search(part):
            return f"{part!r} holds a character some systems read as a separator or drive"
        if _WINDOWS_DEVICES.fullmatch(part) or part.endswith((".", " ")):
            return f"{part!r} is not a file name Windows can create"
    return None


def zip_site(site: Path, archive: Path, folder: str) -> None:
    """Zip ``site`` under one top folder, byte-identical for identical input."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        # Source maps serve only developers' tools: left out.
        files = sorted(p for p in site.rglob("*") if p.is_file() and p.suffix != ".map")
        names = {path: f"{folder}/{path.relative_to(site).as_posix()}" for path in files}
        unsafe = [
            Problem(path.as_posix(), 1, None, None, f"cannot be a zip entry: {reason}")
            for path, name in names.items()
            if (reason := zip_name_problem(name)) is not None
        ]
        if unsafe:
            raise DataError(unsafe)
        for path in files:
            info = zipfile.ZipInfo(names[path], _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    partial.replace(archive)
