"""The editor's toolkit: `briefing new` skeletons, and the schema files editors are wired to."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from briefing.commands import editing
from briefing.commands.cli import main
from briefing.dataset import schema
from briefing.dataset.load import load_dataset
from briefing.dataset.yaml_lines import load_yaml
from briefing.website.exports import json_schema
from support import ROOT, edit, problems_of

PLACEHOLDER = "TODO left by `briefing new`"


def _validator(root: Path, collection: str) -> jsonschema.Draft202012Validator:
    """The published schema's slice for one collection, as the site's build writes it."""
    published = json.loads(json_schema(load_dataset(root, allow_placeholders=True), "/"))
    document = {"$schema": published["$schema"], **published["properties"][collection]}
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def _schema_flags(root: Path, collection: str, file: Path) -> set[str]:
    """The values the editors' schema flags in ``file``."""
    content, problems = load_yaml(file, root)
    assert not problems
    return {repr(e.instance) for e in _validator(root, collection).iter_errors(content)}


def _marked(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if "TODO" in line]


def test_new_event_writes_a_skeleton_with_the_placeholders_as_values(
    fixture_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["new", "event", "minister-talks", "--root", str(fixture_root)]
    argv += ["--date", "2024-07-06", "--source", "src-one", "--topic", "aid"]
    assert main(argv) == 0
    written = fixture_root / "data/events/minister-talks.yml"
    assert capsys.readouterr().out == (
        "data/events/minister-talks.yml:1: new event 'minister-talks': replace the 4 "
        "placeholders marked TODO, then run `python -m briefing check`\n"
    )
    text = written.read_text(encoding="utf-8")
    # Every field of the schema is there: required ones set, optional ones commented out.
    for spec in schema.EVENTS.fields:
        assert any(f"{lead}{spec.name}:" in text for lead in ("- ", "  ", "# ")), spec.name
        assert spec.doc in text, spec.name
    assert "  # end_date:  # optional: Last day of a multi-day event." in text
    assert '  date: "2024-07-06"' in text and "  topics: [aid]" in text
    # A placeholder is the value itself, never a plausible value with a note beside it.
    lines = text.splitlines()
    marked = _marked(text)
    assert [lines[n - 1].split(":")[0].strip(" -") for n in marked] == [
        "title",
        "kind",
        "summary",
        "quote",
    ]
    assert all(re.search(r": TODO  # ", lines[n - 1]) for n in marked)
    # The editors' schema flags the placeholders, and nothing else.
    assert _schema_flags(fixture_root, "events", written) <= {"'TODO'"}
    # The loader gives one problem for the record, naming every line still marked: the
    # unknown kind and the quote not in the source follow from them and are not repeated.
    problems = problems_of(fixture_root, fixture_root / "sources")
    name = "data/events/minister-talks.yml"
    assert [(p.file, p.line, p.record, p.field) for p in problems] == [
        (name, marked[0], "minister-talks", None)
    ]
    lines_named = ", ".join(map(str, marked))
    assert f"4 placeholders {PLACEHOLDER} (lines {lines_named})" in problems[0].message

    # Filled in, it is a valid event.
    edit(written, "title: TODO", "title: Minister holds talks")
    edit(written, "kind: TODO", "kind: meeting")
    edit(written, "summary: TODO", "summary: Talks were held.")
    edit(written, "quote: TODO", 'quote: "a loan"')
    dataset = load_dataset(fixture_root, fixture_root / "sources")
    assert dataset.events["minister-talks"].title == "Minister holds talks"


@pytest.mark.parametrize(
    ("options", "line", "filled"),
    [
        ([], "  date: TODO  # ", '  date: "2024-05"'),
        (["--reported", "2024-07"], '  reported: "2024-07"', None),
    ],
)
def test_new_event_without_a_date(
    fixture_root: Path, options: list[str], line: str, filled: str | None
) -> None:
    assert main(["new", "event", "told", "--root", str(fixture_root), *options]) == 0
    written = fixture_root / "data/events/told.yml"
    text = written.read_text(encoding="utf-8")
    assert line in text
    problems = problems_of(fixture_root)
    assert len(problems) == 1 and PLACEHOLDER in problems[0].message
    assert problems[0].record == "told"
    for field in ("title", "kind", "summary", "source", "quote"):
        edit(written, f"{field}: TODO", f"{field}: {_FILLED[field]}")
    edit(written, "topics: [TODO]", "topics: [aid]")
    if filled is not None:
        text = written.read_text(encoding="utf-8")
        start = text.index("  date: TODO")
        written.write_text(text[:start] + filled + text[text.index("\n", start) :])
    dataset = load_dataset(fixture_root, fixture_root / "sources")
    told = dataset.events["told"]
    assert (told.date or told.reported) is not None


_FILLED = {
    "title": "Talks",
    "kind": "meeting",
    "summary": "Talks were held.",
    "source": "src-one",
    "quote": '"a loan"',
}


def test_new_agreement_appends_to_the_file_given(fixture_root: Path) -> None:
    target = fixture_root / "data/agreements/loans.yml"
    before = target.read_text(encoding="utf-8")
    argv = ["new", "agreement", "rail-grant", "--root", str(fixture_root)]
    assert main([*argv, "--file", "data/agreements/loans.yml"]) == 0
    after = target.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert _schema_flags(fixture_root, "agreements", target) <= {"'TODO'"}
    problems = problems_of(fixture_root)
    start = before.count("\n") + 2
    assert len(problems) == 1
    assert problems[0].line > start and PLACEHOLDER in problems[0].message
    # A second skeleton can be added before the first is filled in.
    assert main(["new", "agreement", "port-loan", "--root", str(fixture_root)]) == 0
    assert (fixture_root / "data/agreements/port-loan.yml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event", "minister-visit"], "the id 'minister-visit' is taken; expected a new id"),
        (["event", "road-loan"], "the id 'road-loan' is taken"),
        (["event", "Bad_Id"], "'Bad_Id' is not an id; expected lowercase letters"),
        (["event", "x", "--date", "2024-02-30"], "--date: day 30 does not exist"),
        (["event", "x", "--source", "nope"], "--source: unknown source 'nope'"),
        (["event", "x", "--topic", "trade"], "--topic: unknown topic 'trade'; expected one of"),
        (
            ["agreement", "x", "--file", "data/events/visit.yml"],
            "--file: expected a .yml file in data/agreements/",
        ),
        (["event", "x", "--file", "../x.yml"], "--file: expected a .yml file in data/events/"),
        (["event", "a" * 307], "the id is 307 characters long; expected at most 100"),
        (["event", "x", "--file", "data/events/.draft.yml"], ".draft.yml would be ignored"),
        (["event", "x", "--file", "data/events/visit.yml~"], "expected a .yml file"),
        (["agreement", "x", "--reported", "2024"], "--reported: only an event"),
        (["event", "x", "--reported", "2024", "--date", "2024"], "not both"),
        (["event", "x", "--reported", "2024-13"], "--reported: "),
    ],
)
def test_new_refuses_bad_arguments_and_writes_nothing(
    fixture_root: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    files = sorted(p for p in fixture_root.rglob("*") if p.is_file())
    texts = [p.read_bytes() for p in files]
    assert main(["new", *args, "--root", str(fixture_root)]) == 1
    assert message in capsys.readouterr().err
    assert sorted(p for p in fixture_root.rglob("*") if p.is_file()) == files
    assert [p.read_bytes() for p in files] == texts


def test_the_editor_schema_files_are_up_to_date() -> None:
    # Regenerate with `python -m briefing schemas` after changing the schema or vocabulary.
    assert main(["schemas", "--check", "--root", str(ROOT)]) == 0


def test_schemas_check_names_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    for name in ("data", "schemas", ".vscode"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    edit(project / "data/vocabulary.yml", "currencies: [", "currencies: [THB, ")
    assert main(["schemas", "--check", "--root", str(project)]) == 1
    assert capsys.readouterr().err == (
        "schemas/agreements.schema.json: out of date; run `python -m briefing schemas`\n"
    )
    assert main(["schemas", "--root", str(project)]) == 0
    assert main(["schemas", "--check", "--root", str(project)]) == 0


def test_vscode_maps_every_data_file_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    covered = set()
    for schema_file, pattern in mapping.items():
        assert (ROOT / schema_file).is_file()
        covered |= set(ROOT.glob(pattern))
    edited = {ROOT / "data" / f"{n}.yml" for n in ("topics", "sources", "actors")}
    edited |= set(ROOT.glob("data/events/*.yml")) | set(ROOT.glob("data/agreements/*.yml"))
    assert covered == edited


def test_every_data_file_validates_against_its_editor_schema() -> None:
    mapping = editing.yaml_schemas()
    for schema_file, pattern in mapping.items():
        document = json.loads((ROOT / schema_file).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(document)
        for path in sorted(ROOT.glob(pattern)):
            content, problems = load_yaml(path, ROOT)
            assert not problems
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(content)]
            assert not errors, f"{path}: {errors}"


def test_the_editor_schema_rejects_what_an_editor_gets_wrong() -> None:
    """The wiring can fail: a misspelt field and a bad date are flagged as one types."""
    document = json.loads((ROOT / "schemas/events.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(document)
    record = {
        "id": "x",
        "titel": "typo",
        "date": "5 July 2024",
        "kind": "parade",
        "summary": "s",
        "topics": ["aid"],
        "sources": [{"source": "s", "quote": "q"}],
    }
    # Which rule each error breaks, and where: never the validator's own wording.
    errors = sorted(
        (e.validator, "/".join(str(p) for p in e.absolute_path), repr(e.instance)[:40])
        for e in validator.iter_errors([record])
    )
    assert [(kind, path) for kind, path, _ in errors] == [
        ("additionalProperties", "0"),
        ("enum", "0/kind"),
        ("pattern", "0/date"),
        ("required", "0"),
    ], errors
