"""The private MkDocs and Material API the preview server uses, pinned to the versions
it was read against: an upgrade fails here first, naming what to re-read."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect

import pytest

from briefing.preview import mkdocs_private


@pytest.mark.parametrize("package", sorted(mkdocs_private.CHECKED_AGAINST))
def test_the_installed_version_is_the_one_checked(package: str) -> None:
    installed = importlib.metadata.version(package)
    assert installed == mkdocs_private.CHECKED_AGAINST[package], (
        f"{package} {installed} is installed; the private uses in "
        "hooks/briefing/preview/mkdocs_private.py were checked against "
        f"{mkdocs_private.CHECKED_AGAINST[package]}: re-read them, then update CHECKED_AGAINST"
    )


def _owner(dotted: str) -> object:
    """A module, or a class in one, by its dotted name."""
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError:
        module_name, _, class_name = dotted.rpartition(".")
        return getattr(importlib.import_module(module_name), class_name)


@pytest.mark.parametrize(
    ("owner", "name"),
    [(owner, name) for owner, names in mkdocs_private.USED.items() for name in names],
)
def test_each_private_name_still_exists(owner: str, name: str) -> None:
    target = _owner(owner)
    if inspect.isclass(target) and name not in vars(target):
        # Attributes set in __init__ live on instances: look for them in its source.
        assert f"self.{name}" in inspect.getsource(target), f"{owner}.{name} is gone"
    else:
        assert hasattr(target, name), f"{owner}.{name} is gone"


def test_the_server_reaches_private_api_only_through_this_module() -> None:
    from briefing.preview import server

    source = inspect.getsource(server)
    for names in mkdocs_private.USED.values():
        for name in names:
            assert f".{name}" not in source, f"server.py uses {name} directly"
