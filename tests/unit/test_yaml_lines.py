"""Safe YAML that keeps the line of every mapping and key (``dataset/yaml_lines.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.dataset.problems import Problem
from briefing.dataset.yaml_lines import LineDict, load_yaml, parse_yaml_text

NAME = "data/events/x.yml"


def parse(text: str):  # type: ignore[no-untyped-def]
    content, problems = parse_yaml_text(text, NAME)
    assert problems == []
    return content


def test_mappings_and_keys_remember_their_lines() -> None:
    content = parse(
        "# a comment\n"  # 1
        "- id: first\n"  # 2
        "  title: First\n"  # 3
        "\n"  # 4
        "  sources:\n"  # 5
        "    - source: s\n"  # 6
        "      quote: q\n"  # 7
        "- id: second\n"  # 8
    )
    first, second = content
    assert isinstance(first, LineDict)
    assert first.line == 2 and second.line == 8
    assert first.key_lines == {"id": 2, "title": 3, "sources": 5}
    citation = first["sources"][0]
    assert (citation.line, citation.line_of("quote")) == (6, 7)
    # A key that is absent points at its mapping.
    assert second.line_of("title") == 8


def test_duplicate_keys_are_kept_with_their_lines() -> None:
    content = parse("- id: a\n  title: One\n  title: Two\n  id: b\n")
    record = content[0]
    assert record.duplicate_keys == [("title", 3), ("id", 4)]
    assert record["title"] == "Two" and record.line_of("title") == 3


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('date: "2024-07-05"', "2024-07-05"),
        ("date: 2024-07-05", "2024-07-05"),
        ("date: 2024-07-05T10:00:00Z", "2024-07-05T10:00:00Z"),
        ("date: 2024-07", "2024-07"),
        ("date: 2024", 2024),
    ],
)
def test_dates_stay_as_written(text: str, value: object) -> None:
    assert parse(text)["date"] == value


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a: 1\nb: !!python/object/apply:os.system ['true']\n",
            2,
            "YAML error: the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed: only plain YAML is read",
        ),
        (
            "a: 1\n\nb: !custom x\n",
            3,
            "YAML error: the tag '!custom' is not allowed: only plain YAML is read",
        ),
        (
            "- id: a\n  ? [x, y]\n  : z\n",
            2,
            "YAML error: a mapping key must be plain text",
        ),
    ],
)
def test_refused_yaml_names_the_line(text: str, line: int, message: str) -> None:
    content, problems = parse_yaml_text(text, NAME)
    assert content is None
    assert problems == [Problem(NAME, line, None, None, message)]


@pytest.mark.parametrize(
    ("text", "line"),
    [("- id: a\n  title: [unclosed\n- id: b\n", 3), ("a: 1\n\tb: 2\n", 2)],
)
def test_a_syntax_error_names_its_line(text: str, line: int) -> None:
    # The wording is libyaml's or PyYAML's, whichever is installed.
    content, (problem,) = parse_yaml_text(text, NAME)
    assert content is None
    assert (problem.file, problem.line, problem.record, problem.field) == (NAME, line, None, None)
    assert problem.message.startswith("YAML error: ")


def test_load_yaml_names_the_file_relative_to_the_root(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    good = tmp_path / "data/ok.yml"
    good.write_text("- id: a\n", encoding="utf-8")
    assert load_yaml(good, tmp_path) == ([{"id": "a"}], [])
    latin = tmp_path / "data/latin.yml"
    latin.write_bytes("title: café\n".encode("latin-1"))
    assert load_yaml(latin, tmp_path) == (
        None,
        [
            Problem(
                "data/latin.yml",
                1,
                None,
                None,
                "is not valid UTF-8 (byte 0xE9 invalid continuation byte): save the file as UTF-8",
            )
        ],
    )
    missing = tmp_path / "data/missing.yml"
    assert load_yaml(missing, tmp_path) == (
        None,
        [Problem("data/missing.yml", 1, None, None, "is not a regular file")],
    )
