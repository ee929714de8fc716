"""Read YAML safely, keeping the line of every mapping and key.

Only plain YAML is accepted: tags that construct Python objects are refused,
and dates stay strings so that ``dates.PartialDate`` can judge them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping that remembers where it and each of its keys stood."""

    line: int = 0
    key_lines: dict[Any, int]
    duplicate_keys: list[tuple[Any, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


# Without the timestamp resolver, `2024-07-05` stays the string an editor typed.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    data.duplicate_keys = []
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            )
        line = key_node.start_mark.line + 1
        if key in data:
            data.duplicate_keys.append((key, line))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_yaml(path: Path, root: Path) -> tuple[Any, list[Problem]]:
    """Parse one file; return its content, or None and the problem that stopped it."""
    name = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(name, 1, None, None, f"not valid UTF-8 ({error.reason})")]
    except OSError as error:
        return None, [Problem(name, 1, None, None, f"cannot be read: {error.strerror}")]
    return parse_yaml_text(text, name)


def parse_yaml_text(text: str, name: str) -> tuple[Any, list[Problem]]:
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or str(error)
        if "could not determine a constructor" in what:
            tag = what.split("for the tag", 1)[-1].strip()
            what = f"the tag {tag} is not allowed: only plain YAML is read"
        return None, [Problem(name, line, None, None, f"YAML error: {what.strip()}")]
    except yaml.YAMLError as error:
        return None, [Problem(name, 1, None, None, f"YAML error: {error}")]
