"""Editing the data: a new record appears; a broken file stops the build and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from htmlparse import read_page
from support import run_build

pytestmark = pytest.mark.build

NEW_EVENT = """\
- id: fixture-new-visit-2024
  date: "2024-09"
  kind: visit
  title: Zanzibarian delegation arrives
  summary: A record added by the test suite, with a distinctive word to search for.
  topics: [aid, mine-action]
  actors: [japan]
  sources:
    - source: ccrs-2024-07-10-kamikawa-visit
      quote: "Cambodian Readouts"
      account: cambodian-readout
"""


def test_a_new_event_file_reaches_its_topic_pages_and_search(project: Path, tmp_path: Path) -> None:
    (project / "data/events/zz-new.yml").write_text(NEW_EVENT, encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    for slug in ("aid", "mine-action"):
        assert "fixture-new-visit-2024" in read_page(site / f"topics/{slug}/index.html").ids
    assert "fixture-new-visit-2024" not in read_page(site / "topics/defense/index.html").ids
    assert (site / "events/fixture-new-visit-2024/index.html").exists()
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    hits = {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if "Zanzibarian" in doc["text"] + doc["title"]
    }
    assert "events/fixture-new-visit-2024/" in hits
    # Search finds the record's own page; the listings that repeat it keep only their lead
    # in the index (hooks/briefing/website/search.py).
    assert not {"topics/aid/", "topics/mine-action/", "timeline/"} & hits


def test_a_broken_data_file_fails_the_build_and_writes_no_site(
    project: Path, tmp_path: Path
) -> None:
    path = project / "data/events/zz-broken.yml"
    path.write_text(NEW_EVENT.replace('date: "2024-09"', 'date: "2024-09-31"'), encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode != 0
    assert not site.exists()
    assert (
        "data/events/zz-broken.yml:2: record fixture-new-visit-2024: field date: "
        "bad date: day 31 does not exist in '2024-09-31'"
    ) in result.stderr


def test_a_yaml_syntax_error_is_reported_with_its_line(project: Path, tmp_path: Path) -> None:
    (project / "data/events/zz-broken.yml").write_text(
        NEW_EVENT.replace("  kind: visit", "  kind: [visit")
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "data/events/zz-broken.yml:4: YAML error:" in result.stderr or (
        "data/events/zz-broken.yml:5: YAML error:" in result.stderr
    )
    assert not (tmp_path / "site").exists()
