"""References are found only where Markdown shows text: never in code or comments,
and a lone backtick does not hide the paragraphs after it."""

from __future__ import annotations

from pathlib import Path

from briefing.dataset.load import load_dataset
from briefing.references import find_references

PAGE = """\
Intro [[event:a]] and a lone ` backtick.

Next paragraph [[event:b]].

    code [[event:c]]

- item

    continuation of the item [[event:d]]

<!-- [[event:e]]
     over two lines -->
`[[event:f]]` and ``x`` [[event:g]]

```
[[event:h]]
```
"""


def test_references_in_code_and_comments_are_example_syntax() -> None:
    references, problems = find_references(PAGE, "docs/page.md")
    assert [(r.target, r.line) for r in references] == [("a", 1), ("b", 3), ("d", 9), ("g", 13)]
    assert problems == []


def test_a_malformed_reference_after_a_lone_backtick_is_reported() -> None:
    _, problems = find_references("A lone ` here.\n\nThen [[event:Bad Id]].\n", "docs/p.md")
    assert [(p.file, p.line) for p in problems] == [("docs/p.md", 3)]


def test_an_actor_reference_never_finds_a_record(fixture_root: Path) -> None:
    dataset = load_dataset(fixture_root)
    assert dataset.record("actors", "road-loan") is None
    assert dataset.record("agreements", "road-loan") is not None
