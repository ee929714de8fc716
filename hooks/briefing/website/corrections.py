"""Where readers report an error: the route set in ``mkdocs.yml``
(``extra.briefing.corrections``), or, where none is set, a page that says so.

A route is an address (``mailto:`` or an e-mail address) or a web page such as the
repository's issue tracker.  It is never made up: without one, pages say that this copy of
the site gives no route, and a published build (``SITE_URL`` set) warns, so that
``mkdocs build --strict`` fails until the editors set one.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_WEB = re.compile(r"^https?://[^\s<>\"']+$")

NO_ROUTE = (
    "This copy of the site gives no address for corrections yet: the editors have not "
    "published one."
)
MISSING_MESSAGE = (
    "briefing: the site is published ({url}) but tells readers nowhere to report an error: "
    "set extra.briefing.corrections in mkdocs.yml to an address (mailto:editors@…) or the "
    "repository's issue tracker (https://…/issues); mkdocs.yml reads it from CORRECTIONS_URL"
)


def problem(route: object) -> str | None:
    """Why a configured route cannot be used, or None if it can."""
    if not isinstance(route, str) or not (
        _WEB.match(route) or _EMAIL.match(route.removeprefix("mailto:"))
    ):
        return (
            "expected a web address (https://…, such as the repository's issue tracker) or "
            f"an e-mail address (mailto:…), got {route!r}"
        )
    return None


def href(route: str) -> str:
    if _WEB.match(route) or route.startswith("mailto:"):
        return route
    return "mailto:" + route


def label(route: str) -> str:
    return route.removeprefix("mailto:")


def sentence(route: str | None) -> Markup:
    """The line pages print: where to send a correction, or that there is nowhere yet."""
    if not route:
        return Markup("{}").format(NO_ROUTE)
    return Markup('Send corrections to <a href="{}">{}</a>.').format(href(route), label(route))
