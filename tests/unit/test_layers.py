"""The core stays free of MkDocs: only the adapter and the modules that replace a piece of
MkDocs' or Material's own work (README, "Where things are") import them."""

from __future__ import annotations

import re
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
IMPORTS_ENGINE = re.compile(r"^\s*(?:from|import)\s+(?:mkdocs|material)\b", re.MULTILINE)
ADAPTERS = {
    "briefing_hooks.py",
    "briefing/page_html.py",
    "briefing/search_entries.py",
    "briefing/preview/server.py",
    "briefing/preview/mkdocs_private.py",
}


def test_only_the_adapters_import_mkdocs_or_material() -> None:
    importing = {
        path.relative_to(HOOKS).as_posix()
        for path in HOOKS.rglob("*.py")
        if IMPORTS_ENGINE.search(path.read_text(encoding="utf-8"))
    }
    assert importing == ADAPTERS


def test_the_rule_sees_an_import() -> None:
    assert IMPORTS_ENGINE.search("x = 1\nfrom mkdocs.structure.pages import Page\n")
    assert IMPORTS_ENGINE.search("    import material.plugins\n")
    assert not IMPORTS_ENGINE.search("# run mkdocs build\nimport mkdocs_gen\n")
