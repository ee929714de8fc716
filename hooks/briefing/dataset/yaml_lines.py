"""Read YAML safely, keeping the line of every mapping and key.

Only plain YAML is accepted: tags that construct Python objects are refused,
and dates stay strings so that ``dates.PartialDate`` can judge them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .reading import display_path, read_text

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping that remembers where it and each of its keys stood."""

    line: int = 0
    key_lines: dict[Any, int]
    duplicate_keys: list[tuple[Any, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]  # chosen at import time
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


def _refuse_tag(loader: _Loader, node: yaml.Node) -> None:
    # Our own message for any tag the safe loader does not know, whatever PyYAML's wording.
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {node.tag!r} is not allowed: only plain YAML is read", node.start_mark
    )


_Loader.add_constructor(None, _refuse_tag)

# Far more characters than any number in the data needs: Python cannot even read an
# integer of more than 4,300 digits, and one of 309 overflows a float.
MAX_NUMBER_CHARS = 1_000


def _number_constructor(base: Any) -> Any:
    def construct(loader: _Loader, node: yaml.ScalarNode) -> Any:
        if len(node.value) > MAX_NUMBER_CHARS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a number {len(node.value):,} characters long; numbers in data have at most "
                f"{MAX_NUMBER_CHARS:,}",
                node.start_mark,
            )
        return base(loader, node)

    return construct


_Loader.add_constructor(
    "tag:yaml.org,2002:int", _number_constructor(_BaseLoader.construct_yaml_int)
)
_Loader.add_constructor(
    "tag:yaml.org,2002:float", _number_constructor(_BaseLoader.construct_yaml_float)
)


def load_yaml(path: Path, root: Path) -> tuple[Any, list[Problem]]:
    """Parse one file; return its content, or None and the problem that stopped it."""
    text, problems = read_text(path, root)
    if text is None:
        return None, problems
    return parse_yaml_text(text, display_path(path, root))


# Anchors and aliases let a few lines expand into millions of values (the
# "billion laughs"), and merge keys make one record's fields come from another:
# neither is needed to write records, so both are refused.  The cheap pattern
# rules out almost every file before the exact token scan.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]|<<\s*:", re.MULTILINE)


def _anchor_problem(text: str, name: str) -> Problem | None:
    if "&" not in text and "*" not in text and "<<" not in text:
        return None
    if _MAYBE_ALIAS.search(text) is None:
        return None
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                return _problem(
                    name,
                    token.start_mark.line + 1,
                    f"YAML anchors and aliases ({sign}{token.value}) are not allowed in data: "
                    "write each value out in full",
                )
            if isinstance(token, yaml.ScalarToken) and token.plain and token.value == "<<":
                return _problem(
                    name,
                    token.start_mark.line + 1,
                    "YAML merge keys (<<) are not allowed in data: write each field out in full",
                )
    except yaml.YAMLError:
        return None  # the parser reports it, with its line
    return None


# Records are at most a few levels deep; the limit is ours, checked before the parser's
# own (libyaml stops near 1,000 levels, with wording that changes between releases).
MAX_DEPTH = 64
_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _depth_problem(text: str, name: str) -> Problem | None:
    """The first place where lists or mappings nest deeper than MAX_DEPTH."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, _OPENS):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return _too_deep(name, mark.line + 1 if mark else 1)
            elif isinstance(event, _CLOSES):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # The scanner reads flow brackets ahead of the events, so a deep `[[[…` can stop
        # it before the count above gets there: count the brackets up to where it stopped.
        mark = error.problem_mark or error.context_mark
        line = _deep_bracket_line(text, mark.index if mark else len(text))
        return None if line is None else _too_deep(name, line)
    except yaml.YAMLError:
        return None  # the parser reports it, with its line
    return None


def _deep_bracket_line(text: str, end: int) -> int | None:
    """The line where open flow brackets first exceed MAX_DEPTH before `end`, if they do."""
    depth = 0
    for index, char in enumerate(text[:end]):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, index) + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _too_deep(name: str, line: int) -> Problem:
    return _problem(
        name,
        line,
        f"YAML error: lists or mappings are nested more than {MAX_DEPTH} levels deep; "
        "records need only a few",
    )


def _problem(name: str, line: int, message: str) -> Problem:
    return Problem(name, line, None, None, message, cause=True)


def parse_yaml_text(text: str, name: str) -> tuple[Any, list[Problem]]:
    refused = _anchor_problem(text, name) or _depth_problem(text, name)
    if refused is not None:
        return None, [refused]
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or str(error)
        return None, [_problem(name, line, f"YAML error: {what.strip()}")]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        return None, [
            _problem(
                name,
                line,
                f"YAML error: the character U+{error.character:04X} is not allowed "
                "(control characters cannot appear in data)",
            )
        ]
    except yaml.YAMLError as error:
        return None, [_problem(name, 1, f"YAML error: {error}")]
    except RecursionError:
        # Defence in depth: _depth_problem refuses such files before they are loaded.
        return None, [_too_deep(name, 1)]
    except (ValueError, OverflowError) as error:
        # Python refuses integers of more than 4,300 digits, for one.
        return None, [_problem(name, 1, f"YAML error: a value cannot be read ({error})")]
