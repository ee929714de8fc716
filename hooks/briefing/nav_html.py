"""The theme's navigation, drawn once per folder for the pages outside it.

Material draws the whole site navigation (``partials/nav.html``) into every page:
about a third of laying out a generated page.  For a page that is not in the
navigation nothing in it is active or current, and every link in it is relative
to the page's address; so pages in the same folder (``events/a/``, ``events/b/``)
get the same navigation, byte for byte.  ``remember_navigation`` wraps the
template's render function so that it draws the navigation once per folder for
such pages, and as before for every page in the navigation.  It does not change
any template: whatever ``partials/nav.html`` a theme or ``overrides/`` holds is
what is drawn, and reused only where its inputs are the same.

The adapter calls it from ``on_env``; it needs only the theme's Jinja environment.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Environment, TemplateNotFound

NAV_TEMPLATE = "partials/nav.html"
_WRAPPED = "_briefing_nav_cache"


def remember_navigation(env: Environment) -> None:
    """Draw ``partials/nav.html`` once per folder for pages outside the navigation."""
    try:
        template = env.get_template(NAV_TEMPLATE)
    except TemplateNotFound:
        return
    draw: Callable[[Any], Iterator[str]] = (
        getattr(template, _WRAPPED, None) or template.root_render_func
    )
    drawn: dict[tuple[int, str, str], str] = {}

    def root_render_func(context: Any) -> Iterator[str]:
        key = _key(context)
        if key is None:
            yield from draw(context)
            return
        html = drawn.get(key)
        if html is None:
            html = drawn[key] = "".join(draw(context))
        yield html

    setattr(template, _WRAPPED, draw)  # a rebuild wraps the original again, not the wrapper
    template.root_render_func = root_render_func


def _key(context: Any) -> tuple[int, str, str] | None:
    """The same for two pages whose navigation is the same; None if it may differ."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or getattr(page, "url", None) is None:
        return None
    if page.parent is not None or any(p is page for p in nav.pages):
        return None
    # Links are relative to the page's folder; the navigation itself is one object.
    folder = posixpath.dirname(page.url.rstrip("/"))
    return (id(nav), folder, str(context.get("base_url")))
