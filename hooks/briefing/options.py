"""The site's options, from ``extra: briefing:`` in ``mkdocs.yml``, checked like data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .dataset.problems import DataError, Problem
from .dataset.validate import CONTROL, did_you_mean
from .website import corrections
from .website.pages import LISTING_LIMIT

_WHERE = "mkdocs.yml"


@dataclass(frozen=True)
class Options:
    # Records per listing page before older years move to archive pages.
    listing_limit: int = LISTING_LIMIT
    # Where readers report errors: an address or the repository's issue tracker
    # (website/corrections.py); None where the editors have set none.
    corrections: str | None = None
    # Generated pages' HTML made by page_html, the navigation drawn once per folder by
    # nav_html, and Material's search entries made by search_entries (false: by MkDocs,
    # the theme and Material themselves, page by page, to compare).
    fast_pages: bool = True

    @classmethod
    def parse(cls, raw: Any) -> Options:
        """Options from the raw mapping; DataError names each bad one."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise DataError([_problem("extra.briefing", "expected a mapping of options")])
        known = {f.name for f in fields(cls)}
        problems = []
        for key in raw:
            if key not in known:
                problems.append(
                    _problem(
                        f"extra.briefing.{key}",
                        f"unknown option{did_you_mean(str(key), known)}; "
                        f"expected one of {', '.join(sorted(known))}",
                    )
                )
        limit = raw.get("listing_limit", cls.listing_limit)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            problems.append(
                _problem(
                    "extra.briefing.listing_limit",
                    f"expected a whole number of at least 1, got {limit!r}",
                )
            )
        route = raw.get("corrections")
        if route is not None and (reason := corrections.problem(route)) is not None:
            problems.append(_problem("extra.briefing.corrections", reason))
        fast = raw.get("fast_pages", cls.fast_pages)
        if not isinstance(fast, bool):
            problems.append(
                _problem("extra.briefing.fast_pages", f"expected true or false, got {fast!r}")
            )
        if problems:
            raise DataError(problems)
        return cls(listing_limit=limit, corrections=route or None, fast_pages=fast)


# Settings of mkdocs.yml that the site prints into pages, feeds and cards.
CONFIG_TEXTS = ("site_name", "site_description", "site_author", "copyright")


def config_text_problems(config: Mapping[str, Any]) -> list[Problem]:
    """A printed setting holding a control character or one XML forbids."""
    problems = []
    for key in CONFIG_TEXTS:
        value = config.get(key)
        found = CONTROL.search(value) if isinstance(value, str) else None
        if found is not None:
            problems.append(
                _problem(key, f"contains U+{ord(found[0]):04X}, which is not allowed: remove it")
            )
    return problems


def _problem(field: str, message: str) -> Problem:
    return Problem(_WHERE, 1, None, field, message, cause=True)
