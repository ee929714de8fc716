"""Revisions (``website/revisions.py``): snapshots in ``data/revisions/``, what changed
between them, the command that records one, and past revisions' tables rebuilt."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from briefing.commands.cli import main
from briefing.dataset.dates import PartialDate
from briefing.dataset.model import Dataset
from briefing.dataset.problems import DataError
from briefing.docs_pages import Docs
from briefing.website import revisions, tables
from briefing.website.exports import Plain, dataset_json
from support import edit

BASE = "https://briefing.test/"


def document_of(dataset: Dataset) -> dict[str, Any]:
    return json.loads(dataset_json(dataset, Plain(dataset)))


@pytest.fixture
def before(minimal: tuple[Dataset, Docs]) -> dict[str, Any]:
    document = document_of(minimal[0])
    document["updated"] = "2024-08"
    return document


def changed_copy(before: dict[str, Any]) -> dict[str, Any]:
    after = copy.deepcopy(before)
    after["updated"] = "2024-09-01"
    after["events"][0]["title"] = "A minister visits Tokyo"
    after["events"][0]["summary"] = "Changed."
    extra = copy.deepcopy(after["events"][0])
    extra["id"], extra["title"] = "second-visit", "A second visit"
    after["events"].append(extra)
    after["agreements"] = []
    return after


def test_a_diff_names_what_was_added_changed_and_removed(before: dict[str, Any]) -> None:
    after = changed_copy(before)
    changes = revisions.diff(before, after)
    assert [(c.kind, c.collection, c.id, c.fields) for c in changes] == [
        ("added", "events", "second-visit", ()),
        ("changed", "events", "minister-visit", ("summary", "title")),
        ("removed", "agreements", "road-loan", ()),
    ]
    assert revisions.diff(before, copy.deepcopy(before)) == ()


def test_history_is_dated_newest_first_and_current_data_comes_last(
    before: dict[str, Any],
) -> None:
    after = changed_copy(before)
    old = revisions.Snapshot(PartialDate.parse("2024-08"), before, "data/revisions/2024-08.json")
    history = revisions.history((old,), after, PartialDate.parse("2024-09-01"))
    assert [(r.date.iso, r.previous.iso if r.previous else None) for r in history] == [
        ("2024-09-01", "2024-08"),
        ("2024-08", None),
    ]
    assert history[0].recorded is False and history[1].recorded is True
    assert [c.kind for c in history[0].changes] == ["added", "changed", "removed"]
    assert history[1].changes == ()
    # A snapshot of the current date holding other data is replaced by the current data.
    stale = revisions.Snapshot(PartialDate.parse("2024-09-01"), before, "x")
    (only,) = revisions.history((stale,), after, PartialDate.parse("2024-09-01"))
    assert only.recorded is False


def test_the_page_view_links_what_still_exists(
    minimal: tuple[Dataset, Docs], before: dict[str, Any]
) -> None:
    after = changed_copy(before)
    old = revisions.Snapshot(PartialDate.parse("2024-08"), before, "x")
    history = revisions.history((old,), after, PartialDate.parse("2024-09-01"))
    newest = revisions.revision_views(history, minimal[0])[0]
    assert newest.summary == (
        "Since the revision of August 2024: 1 item added, 1 item changed, 1 item removed."
    )
    groups = dict(newest.groups)
    assert [(x.title, x.page_uri, x.fields) for x in groups["Changed"]] == [
        ("A minister visits Tokyo", "events/minister-visit.md", "summary, title")
    ]
    assert groups["Removed"][0].page_uri is None
    assert ("dataset.json", "downloads/revisions/2024-09-01/dataset.json") in newest.downloads


def test_a_past_revision_s_tables_are_rebuilt_exactly(minimal: tuple[Dataset, Docs]) -> None:
    dataset = minimal[0]
    revived = revisions.revive(document_of(dataset), {})
    for original, rebuilt in zip(
        tables.build_tables(dataset, Plain(dataset), BASE),
        tables.build_tables(revived, Plain(revived), BASE),
        strict=True,
    ):
        assert rebuilt.csv() == original.csv(), original.name


def test_bad_snapshots_are_named_with_their_line(tmp_path: Path) -> None:
    folder = tmp_path / revisions.FOLDER
    folder.mkdir(parents=True)
    (folder / "latest.json").write_text("{}", encoding="utf-8")
    (folder / "2024-08.json").write_text('{\n "updated": "2024-08",\n oops\n}', encoding="utf-8")
    (folder / "2024-09.json").write_text('{"updated": "2024-10"}', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        revisions.load_snapshots(tmp_path)
    found = {(p.file, p.line, p.field) for p in caught.value.problems}
    assert found == {
        ("data/revisions/2024-08.json", 3, None),
        ("data/revisions/2024-09.json", 1, "updated"),
        ("data/revisions/latest.json", 1, None),
    }


def test_the_command_records_a_revision_once(fixture_root: Path, capsys: Any) -> None:
    root = ["--root", str(fixture_root)]
    assert main(["revision", "--check", *root]) == 1
    assert main(["revision", *root]) == 0
    written = fixture_root / revisions.FOLDER / "2024-09-01.json"
    text = written.read_text(encoding="utf-8")
    assert json.loads(text)["updated"] == "2024-09-01"
    assert main(["revision", "--check", *root]) == 0
    assert revisions.load_snapshots(fixture_root)[0].document == json.loads(text)
    # A recorded revision is never rewritten: a changed record needs a new date.
    edit(fixture_root / "data/events/visit.yml", "A minister visits", "A minister visits again")
    capsys.readouterr()
    assert main(["revision", *root]) == 1
    assert "set a new `updated` date" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == text
