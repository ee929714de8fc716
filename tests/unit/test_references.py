"""``[[kind:id]]`` references: where they are found, where they are not, and what is wrong."""

from __future__ import annotations

import pytest

from briefing.dataset.problems import Problem
from briefing.references import (
    Reference,
    find_references,
    substitute,
    unknown_targets,
)

FILE = "docs/essays/page.md"
MALFORMED = (
    "expected [[kind:id]] or [[kind:id|text]] with kind one of "
    "event, agreement, actor, source, topic"
)


def targets(text: str) -> list[tuple[str, str, str | None, int]]:
    references, problems = find_references(text, FILE)
    assert problems == []
    return [(r.kind, r.target, r.text, r.line) for r in references]


def test_each_kind_with_and_without_link_text_and_its_line() -> None:
    text = (
        "# Title\n"
        "\n"
        "See [[event:kamikawa-visit-2024]] and [[agreement:csp-2023|the partnership]].\n"
        "[[actor:hun-manet]], [[source:src-one]], [[topic:aid|  aid  ]].\n"
        "\n"
        "[[list:latest]] [[list:topics]] [[list:essays]]\n"
    )
    assert targets(text) == [
        ("event", "kamikawa-visit-2024", None, 3),
        ("agreement", "csp-2023", "the partnership", 3),
        ("actor", "hun-manet", None, 4),
        ("source", "src-one", None, 4),
        ("topic", "aid", "aid", 4),
        ("list", "latest", None, 6),
        ("list", "topics", None, 6),
        ("list", "essays", None, 6),
    ]


def test_offsets_point_at_the_reference_in_the_original_text() -> None:
    text = "---\ntitle: `x`\n---\nA `code` then [[event:a-b]] end."
    (reference,), _ = find_references(text, FILE)
    assert text[reference.start : reference.end] == "[[event:a-b]]"
    assert reference.collection == "events"


def test_references_that_are_not_records_have_no_collection() -> None:
    (reference,), _ = find_references("[[list:latest]]", FILE)
    assert reference.collection is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("```\n[[event:fenced]]\n```\n", id="backtick-fence"),
        pytest.param("~~~~ python\n[[event:fenced]]\n~~~~\n", id="tilde-fence-with-info"),
        pytest.param("   ```\n[[event:fenced]]\n   ```\n", id="indented-fence"),
        pytest.param("````\n```\n[[event:fenced]]\n```\n````\n", id="longer-fence"),
        pytest.param("Inline `[[event:span]]` here.\n", id="code-span"),
        pytest.param("Inline ``a ` [[event:span]]`` here.\n", id="double-backtick-span"),
        pytest.param("---\ntitle: '[[event:meta]]'\n---\n\nBody.\n", id="front-matter"),
        pytest.param("---\ntitle: '[[event:meta]]'\n...\n\nBody.\n", id="front-matter-dots"),
    ],
)
def test_code_and_front_matter_hide_references(text: str) -> None:
    assert find_references(text, FILE) == ([], [])


def test_line_numbers_count_the_masked_lines() -> None:
    text = (
        "---\n"  # 1
        "title: T\n"  # 2
        "---\n"  # 3
        "```\n"  # 4
        "[[event:in-code]]\n"  # 5
        "```\n"  # 6
        "`[[event:in-span]]` [[event:after-code]]\n"  # 7
        "\n"  # 8
        "[[topic:aid]]\n"  # 9
    )
    assert targets(text) == [("event", "after-code", None, 7), ("topic", "aid", None, 9)]


def test_front_matter_only_counts_at_the_top() -> None:
    text = "Intro.\n\n---\n[[event:a]]\n---\n"
    assert targets(text) == [("event", "a", None, 4)]


def test_an_unclosed_fence_hides_nothing() -> None:
    assert targets("```\n[[event:a]]\n") == [("event", "a", None, 2)]


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("[[bogus]]", f"malformed reference '[[bogus]]': {MALFORMED}"),
        ("[[people:x]]", f"malformed reference '[[people:x]]': {MALFORMED}"),
        ("[[event:Bad_Id]]", f"malformed reference '[[event:Bad_Id]]': {MALFORMED}"),
        ("[[event:]]", f"malformed reference '[[event:]]': {MALFORMED}"),
        ("[[event:a|]]", f"malformed reference '[[event:a|]]': {MALFORMED}"),
        (
            "[[list:nothing]]",
            "unknown list 'nothing'; expected one of "
            "latest, topics, essays, numbers, coverage, timeline",
        ),
    ],
)
def test_a_malformed_reference_is_reported_at_its_file_and_line(
    reference: str, message: str
) -> None:
    text = f"# Page\n\nSome text.\nThen {reference} and [[event:fine]].\n"
    references, problems = find_references(text, FILE)
    assert problems == [Problem(FILE, 4, None, None, message)]
    assert [(r.target, r.line) for r in references] == [("fine", 4)]


def test_every_malformed_reference_is_reported_not_only_the_first() -> None:
    text = "[[a]]\n\n[[b]]\n```\n[[c]]\n```\n[[d]]\n"
    _, problems = find_references(text, FILE)
    assert [(p.file, p.line) for p in problems] == [(FILE, 1), (FILE, 3), (FILE, 7)]


def test_unknown_targets_name_the_file_line_and_kind() -> None:
    text = "[[event:known]]\n[[event:missing]]\n[[agreement:known]]\n[[list:latest]]\n"
    references, _ = find_references(text, FILE)
    known = {"events": {"known"}, "agreements": set(), "actors": set()}
    known |= {"sources": set(), "topics": set()}
    assert unknown_targets(references, FILE, known) == [
        Problem(FILE, 2, None, None, "unknown event 'missing'"),
        Problem(FILE, 3, None, None, "unknown agreement 'known'"),
    ]


def test_substitute_replaces_each_reference_and_keeps_the_rest() -> None:
    text = "A [[event:x]] b `[[event:code]]` c [[topic:aid|Aid]]."
    references, _ = find_references(text, FILE)

    def replace(ref: Reference) -> str:
        return f"<{ref.target}:{ref.text}>"

    assert substitute(text, references, replace) == "A <x:None> b `[[event:code]]` c <aid:Aid>."
    assert substitute(text, [], replace) == text
