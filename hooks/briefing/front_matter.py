"""Front matter of hand-written pages: the keys the site knows, each checked.

Material's templates print front matter without escaping: as text (``title``,
``subtitle``), inside attributes (``description``), as a CSS class (``status``),
as a template name to include (``icon``, ``template``).  So a page may use only the
keys listed here.  Free text is made safe later (``jinja.slot_meta``); values that
name something (an icon, a template, a status) must match what exists, and any
other key is refused with its line, rather than reaching a template raw.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .dataset.problems import Problem

# What Material hides per page (`hide:`); any other value is a typo.
HIDE = ("feedback", "footer", "navigation", "path", "tags", "toc")
_NAME = re.compile(r"[a-z][a-z0-9-]{0,39}")  # becomes a CSS class: md-status--<name>
_ICON = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)+")  # material/book-open, fontawesome/solid/x
_TEMPLATE = re.compile(r"[A-Za-z0-9_-]+\.html")


def material_templates() -> Path | None:
    """Material's own templates folder, where its icons are."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def theme_dirs(root: Path) -> tuple[Path, ...]:
    """The theme folders in MkDocs' order: the project's overrides, then Material."""
    material = material_templates()
    return (root / "overrides", *((material,) if material else ()))


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    return "expected text"


def _texts(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return None
    return "expected a list of texts"


def _hide(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) and v in HIDE for v in value):
        return None
    return f"expected a list of: {', '.join(HIDE)}"


def _status(value: Any) -> str | None:
    if isinstance(value, str) and _NAME.fullmatch(value):
        return None
    return "expected a status name: lower-case letters, digits and hyphens"


def _search(value: Any) -> str | None:
    if not isinstance(value, dict) or not set(value) <= {"exclude", "boost"}:
        return "expected a mapping with `exclude: true` or `boost: <number>`"
    if "exclude" in value and not isinstance(value["exclude"], bool):
        return "expected `exclude: true` or `exclude: false`"
    boost = value.get("boost", 1)
    if isinstance(boost, bool) or not isinstance(boost, int | float) or not math.isfinite(boost):
        return "expected `boost:` to be a number"
    if not 0 < boost <= 10:
        return "expected `boost:` between 0 and 10"
    return None


def _icon(dirs: Sequence[Path]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, str) or not _ICON.fullmatch(value):
            return "expected an icon name such as material/book-open"
        if not any((d / ".icons" / f"{value}.svg").is_file() for d in dirs):
            return f"no icon {value!r} in the theme: check its name"
        return None

    return check


def _template(dirs: Sequence[Path]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        # Material's other templates (redirect, blog) need plugins or keys this site does
        # not use; a page uses main.html or one of the project's own (overrides/).
        own = dirs[0] if dirs else None
        if (
            isinstance(value, str)
            and _TEMPLATE.fullmatch(value)
            and (value == "main.html" or (own is not None and (own / value).is_file()))
            and value != "404.html"
        ):
            return None
        return f"no page template {value!r}: expected main.html or a template in overrides/"

    return check


def page_rules(dirs: Sequence[Path]) -> dict[str, Callable[[Any], str | None]]:
    """The front-matter keys a hand-written page may use, each with its check."""
    return {
        "title": _text,
        "description": _text,
        "author": _text,
        "subtitle": _text,
        "tags": _texts,
        "hide": _hide,
        "status": _status,
        "icon": _icon(dirs),
        "template": _template(dirs),
        "search": _search,
    }


def check_front_matter(
    meta: Mapping[str, Any],
    file: str,
    line_of: Callable[[str], int],
    rules: Mapping[str, Callable[[Any], str | None]],
    allowed: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Problems with a page's front matter; ``allowed`` keys are checked elsewhere."""
    problems = []
    for key, value in meta.items():
        if key in allowed:
            continue
        rule = rules.get(str(key))
        if rule is None:
            known = ", ".join(sorted({*rules, *allowed}))
            message = f"unknown front-matter key: expected one of {known}"
        else:
            found = rule(value)
            if found is None:
                continue
            message = found
        problems.append(Problem(file, line_of(str(key)), None, str(key), message))
    return problems
