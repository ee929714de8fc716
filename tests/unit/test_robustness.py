"""Hostile or broken input files: each is refused with one clear message at its
own file and line, nothing is silently skipped, and nothing raises a traceback."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import jsonschema
import pytest

from briefing.dataset.load import load_dataset
from briefing.dataset.problems import Problem
from briefing.dataset.reading import MAX_FILE_BYTES
from briefing.website.exports import Plain, dataset_json, json_schema
from support import edit, problems_of

EVENTS = "data/events/visit.yml"
AGREEMENTS = "data/agreements/loans.yml"


def located(problems: list[Problem]) -> list[tuple[str, int, str | None, str | None]]:
    return [(p.file, p.line, p.record, p.field) for p in problems]


# -- bidi and other invisible controls -------------------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u202b", "RIGHT-TO-LEFT EMBEDDING"),
        ("\u2067", "RIGHT-TO-LEFT ISOLATE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
    ],
)
def test_bidi_controls_are_refused_with_their_name(
    fixture_root: Path, char: str, name: str
) -> None:
    # Written as a YAML escape, the way it usually arrives unseen.
    escaped = f"\\u{ord(char):04x}"
    edit(
        fixture_root / EVENTS,
        "  title: A minister visits",
        f'  title: "A minister{escaped} visits"',
    )
    problems = problems_of(fixture_root)
    assert located(problems) == [(EVENTS, 5, "minister-visit", "title")]
    assert f"U+{ord(char):04X} ({name})" in problems[0].message


def test_bidi_marks_used_in_khmer_and_japanese_text_are_kept(fixture_root: Path) -> None:
    edit(fixture_root / EVENTS, "  title: A minister visits", "  title: A minister\u200f visits")
    assert problems_of(fixture_root) == []


# -- anchors, aliases and merge keys ------------------------------------------------


def _merge_bomb(levels: int, width: int = 9) -> str:
    lines = ["- &a0 {x: 1}"]
    for level in range(1, levels + 1):
        refs = ", ".join(f"<<: *a{level - 1}" for _ in range(width))
        lines.append(f"- &a{level} {{{refs}}}")
    return "\n".join(lines) + "\n"


def test_a_merge_key_bomb_fails_at_once_with_one_message(fixture_root: Path) -> None:
    (fixture_root / "data/events/bomb.yml").write_text(_merge_bomb(9), encoding="utf-8")
    started = time.perf_counter()
    problems = problems_of(fixture_root)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert located(problems) == [("data/events/bomb.yml", 1, None, None)]
    assert "anchors and aliases (&a0) are not allowed" in problems[0].message


def test_a_merge_with_a_local_override_is_refused_not_half_read(fixture_root: Path) -> None:
    (fixture_root / "data/events/merge.yml").write_text(
        "- id: other-visit\n  <<: {kind: visit}\n  kind: meeting\n", encoding="utf-8"
    )
    problems = problems_of(fixture_root)
    assert located(problems) == [("data/events/merge.yml", 2, None, None)]
    assert "merge keys (<<) are not allowed" in problems[0].message


def test_an_alias_is_refused_at_its_line(fixture_root: Path) -> None:
    edit(fixture_root / EVENTS, "  topics: [diplomacy]", "  topics: &t [diplomacy]\n  x: *t")
    problems = problems_of(fixture_root)
    assert located(problems) == [(EVENTS, 7, None, None)]


def test_ampersands_and_asterisks_in_text_are_not_mistaken_for_aliases(
    fixture_root: Path,
) -> None:
    edit(
        fixture_root / EVENTS,
        "  summary: A visit took place.",
        "  summary: R&D and *emphasis* & more, 5 * 3.",
    )
    assert problems_of(fixture_root) == []


# -- bytes that are not text ----------------------------------------------------------


def test_a_nul_byte_is_reported_at_its_own_line(fixture_root: Path) -> None:
    edit(fixture_root / EVENTS, "  summary: A visit took place.", "  summary: A visit\x00 took.")
    problems = problems_of(fixture_root)
    assert located(problems) == [(EVENTS, 6, None, None)]
    assert "U+0000" in problems[0].message


def test_a_latin_1_file_is_reported_at_the_line_of_the_bad_byte(fixture_root: Path) -> None:
    path = fixture_root / EVENTS
    text = path.read_text(encoding="utf-8").replace("A visit took place.", "Café visit.")
    path.write_bytes(text.encode("latin-1"))
    problems = problems_of(fixture_root)
    assert located(problems) == [(EVENTS, 6, None, None)]
    assert "not valid UTF-8 (byte 0xE9" in problems[0].message


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        # Deeper than the parser's own limit (about 1,000), so that the project's check,
        # not the library's wording, must answer.
        ("- id: x\n  n: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 64 levels deep"),
        ("- id: x\n  n: " + "9" * 5000 + "\n", "a number 5,000 characters long"),
    ],
    ids=["deep-nesting", "huge-integer"],
)
def test_pathological_yaml_gets_a_message_not_a_traceback(
    fixture_root: Path, yaml_text: str, message: str
) -> None:
    (fixture_root / "data/events/odd.yml").write_text(yaml_text, encoding="utf-8")
    problems = problems_of(fixture_root)
    assert [p.file for p in problems] == ["data/events/odd.yml"]
    assert message in problems[0].message


# -- files that are not what they seem -----------------------------------------------


def test_a_symlink_out_of_the_project_is_refused_unread(fixture_root: Path) -> None:
    target = fixture_root.parent / "secret.yml"
    target.write_text("- id: top-secret-line\n", encoding="utf-8")
    os.symlink(target, fixture_root / "data/events/link.yml")
    problems = problems_of(fixture_root)
    assert located(problems) == [("data/events/link.yml", 1, None, None)]
    assert "outside the project" in problems[0].message
    assert "top-secret" not in str(problems)


def test_an_oversized_file_is_refused_before_it_is_read(fixture_root: Path) -> None:
    big = fixture_root / "data/events/big.yml"
    big.write_text("#" * (MAX_FILE_BYTES + 1), encoding="utf-8")
    problems = problems_of(fixture_root)
    assert located(problems) == [("data/events/big.yml", 1, None, None)]
    assert "the limit is 2,000,000" in problems[0].message


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("data/events/sub/x.yml", "unknown data folder; sub-folders are not read"),
        ("data/events/x.json", "unknown data file; record files end in .yml"),
        ("data/events/x.yaml", "rename it to x.yml"),
        ("data/notes.txt", "unknown data file; expected one of"),
        ("data/extra/x.yml", "unknown data folder; expected one of"),
    ],
)
def test_every_file_under_data_is_read_or_refused(
    fixture_root: Path, path: str, message: str
) -> None:
    target = fixture_root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("- id: lost-record\n", encoding="utf-8")
    problems = problems_of(fixture_root)
    reported = path if "sub/" not in path and "extra/" not in path else str(Path(path).parent)
    assert located(problems) == [(reported, 1, None, None)]
    assert message in problems[0].message


def test_editor_swap_and_backup_files_are_ignored(fixture_root: Path) -> None:
    (fixture_root / "data/events/.visit.yml.swp").write_bytes(b"\x00binary")
    (fixture_root / "data/events/visit.yml~").write_text("- broken: [", encoding="utf-8")
    assert problems_of(fixture_root) == []


# -- every problem at once, root causes first -----------------------------------------


def test_a_broken_file_does_not_hide_unknown_references_elsewhere(fixture_root: Path) -> None:
    # The agreements file cannot be parsed, but its id is recovered from the text,
    # so the event's reference to it is not an error, and a real unknown one is.
    edit(fixture_root / AGREEMENTS, "  kind: loan", "  kind: [loan")
    edit(fixture_root / EVENTS, "  actors: [japan, cambodia]", "  actors: [japan, nobody]")
    problems = problems_of(fixture_root)
    assert [(p.file, p.record, p.field) for p in problems] == [
        (AGREEMENTS, None, None),
        (EVENTS, "minister-visit", "actors[1]"),
    ]
    assert problems[0].cause


def test_an_empty_actors_file_is_named_once_as_the_cause(fixture_root: Path) -> None:
    (fixture_root / "data/actors.yml").write_text("", encoding="utf-8")
    edit(fixture_root / EVENTS, "  kind: visit", "  kind: parade")
    problems = problems_of(fixture_root)
    assert problems[0].file == "data/actors.yml"
    assert "holds no actors" in problems[0].message
    assert not any("unknown actor" in p.message for p in problems)
    # Other files' own problems are still reported in the same run.
    assert any(p.field == "kind" for p in problems)


def test_a_duplicate_id_on_an_invalid_record_points_at_its_id_line(fixture_root: Path) -> None:
    (fixture_root / "data/agreements/more.yml").write_text(
        "# a second file\n\n- title: Broken\n  id: road-loan\n", encoding="utf-8"
    )
    problems = problems_of(fixture_root)
    duplicate = [p for p in problems if "duplicate id" in p.message]
    assert located(duplicate) == [("data/agreements/more.yml", 4, "road-loan", "id")]


# -- the published JSON Schema is as strict as JSON Schema allows ---------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 601),
        ("title", "a\u202eb"),
        ("title", "   "),
        ("date", "2023-02-30"),
        ("date", "2024-13"),
        ("topics", ["diplomacy", "diplomacy"]),
    ],
)
def test_the_published_schema_refuses_what_the_validator_refuses(
    fixture_root: Path, field: str, value: object
) -> None:
    dataset = load_dataset(fixture_root)
    schema = json.loads(json_schema(dataset, "https://example.test/"))
    document = json.loads(dataset_json(dataset, Plain(dataset)))
    jsonschema.validate(document, schema)
    document["events"][0][field] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_twenty_faults_in_twenty_files_give_twenty_messages_in_one_run(
    fixture_root: Path,
) -> None:
    from briefing.dataset.problems import DataError
    from briefing.plan import load_project

    events = fixture_root / "data/events"
    for n in range(10):
        (events / f"e{n}.yml").write_text(
            f'- id: event-{n}\n  date: "2024"\n  kind: visit\n  title: T\n  summary: S\n'
            f"  topics: [aid]\n  actors: [nobody-{n}]\n"
            '  sources:\n    - source: src-one\n      quote: "x"\n',
            encoding="utf-8",
        )
    essays = fixture_root / "docs/essays"
    for n in range(10):
        (essays / f"e{n}.md").write_text(
            f"---\ntitle: E\ndate: 2024\nsummary: S\ntopics: [aid]\nauthor: A\n---\n\n"
            f"See [[event:missing-{n}]].\n",
            encoding="utf-8",
        )
    with pytest.raises(DataError) as raised:
        load_project(fixture_root, fixture_root / "docs")
    problems = raised.value.problems
    assert len(problems) == 20, "\n".join(map(str, problems))
    assert {p.file for p in problems} == {
        *(f"data/events/e{n}.yml" for n in range(10)),
        *(f"docs/essays/e{n}.md" for n in range(10)),
    }


def test_docs_are_checked_even_when_the_data_is_broken(fixture_root: Path) -> None:
    from briefing.dataset.problems import DataError
    from briefing.plan import load_project

    edit(fixture_root / EVENTS, "  kind: visit", "  kind: [visit")
    (fixture_root / "docs/essays/bad.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_project(fixture_root, fixture_root / "docs")
    assert [p.file for p in raised.value.problems] == [EVENTS, "docs/essays/bad.md"]


def test_data_larger_than_supported_is_refused_as_a_whole(
    fixture_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.dataset import load

    monkeypatch.setattr(load, "MAX_DATA_BYTES", 3_000)
    (fixture_root / "data/events/padding.yml").write_text("#" * 3_000 + "\n", encoding="utf-8")
    problems = problems_of(fixture_root)
    assert located(problems)[0] == ("data", 1, None, None)
    assert "the limit is 3,000" in problems[0].message


def test_block_nesting_past_the_limit_is_reported_at_its_line(fixture_root: Path) -> None:
    from briefing.dataset.yaml_lines import MAX_DEPTH

    # Line 1 opens two levels (the file's list, the record); each "- a:" line opens two more.
    lines = ["- id: x", "  n:"] + [" " * (2 * i + 4) + "- a:" for i in range(MAX_DEPTH)]
    (fixture_root / "data/events/odd.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(fixture_root)
    first_too_deep = 3 + (MAX_DEPTH + 1 - 2 - 1) // 2
    assert located(problems) == [("data/events/odd.yml", first_too_deep, None, None)]
    assert f"more than {MAX_DEPTH} levels deep" in problems[0].message
