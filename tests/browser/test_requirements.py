"""What the browser tests need, checked first: one clear skip (or, under CI, one failure)
naming the command to run, instead of an import error in every module."""

from __future__ import annotations

import importlib.util

import pytest
from browser_support import BROWSER_PACKAGES, require_axe, require_chromium

from support import require

pytestmark = pytest.mark.browser


def test_the_browser_tools_are_installed() -> None:
    for name in BROWSER_PACKAGES:
        require(
            importlib.util.find_spec(name) is not None,
            f"the Python package {name} is missing: "
            "run `.venv/bin/pip install -e '.[test,browser]'`",
        )
    require_chromium()
    require_axe()
