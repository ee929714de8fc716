"""``mkdocs.yml`` read as plain YAML, without MkDocs.

The commands that do not build (``check``, ``generate``) read the project's
config here.  ``!ENV`` values are kept as ``Env`` objects, so that ``generate``
can write them back as the same tag, and ``resolved`` gives the values as the
environment sets them now.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .dataset.problems import DataError, Problem

CONFIG_NAME = "mkdocs.yml"


@dataclass(frozen=True)
class Env:
    """An ``!ENV`` value: a variable name, or a list of names with a default last."""

    node: Any

    def resolve(self) -> Any:
        names = [self.node] if isinstance(self.node, str) else list(self.node)
        default = names.pop() if len(names) > 1 else None
        return next((os.environ[n] for n in names if n in os.environ), default)


class _Loader(yaml.SafeLoader):
    pass


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Env:
    if isinstance(node, yaml.SequenceNode):
        return Env(tuple(loader.construct_sequence(node)))
    return Env(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env_tag)


def resolved(value: Any) -> Any:
    """The config with every ``!ENV`` value read from the environment."""
    if isinstance(value, Env):
        return value.resolve()
    if isinstance(value, dict):
        return {k: resolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolved(v) for v in value]
    return value


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (``!ENV`` values kept as such)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise DataError([Problem(str(config_file), 1, None, None, "not found")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        message = f"not plain YAML ({getattr(error, 'problem', None) or error}); "
        message += "briefing reads plain YAML and !ENV, not !!python tags"
        raise DataError([Problem(str(config_file), line, None, None, message)]) from None
    if not isinstance(config, dict):
        raise DataError([Problem(str(config_file), 1, None, None, "expected a mapping")])
    return config
