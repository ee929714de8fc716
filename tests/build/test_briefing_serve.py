"""``briefing serve``: a data edit rebuilds only the pages it changes, and the site it
serves is then byte-identical to a full build's; other edits get a full build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import PreviewServer, edit

pytestmark = pytest.mark.build

RECORD = "data/agreements/2024-07-kamikawa-visit.yml"
TITLE = "title: Loan for the National Road No. 5"

# Runs in its own process (the hooks set module state while serving): a first
# build, then each edit named on the command line, each rebuilt by the preview and
# compared with a full build of the same files, file by file.
SCENARIO = r"""
import json, logging, sys
from pathlib import Path
from briefing.preview.server import IncrementalBuilder

logging.getLogger("mkdocs").setLevel(logging.CRITICAL)
project = Path(sys.argv[1])
edits = json.loads(sys.argv[2])

def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

builder = IncrementalBuilder(project / "mkdocs.yml", project.parent / "served", "127.0.0.1:8123")
builder.full()
results = []
for number, (file, old, new) in enumerate(edits):
    path = project / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    outcome = builder.rebuild({path})
    full = project.parent / f"full-{number}"
    IncrementalBuilder(project / "mkdocs.yml", full, "127.0.0.1:8123").full()
    served, expected = tree(project.parent / "served"), tree(full)
    names = served.keys() | expected.keys()
    differ = sorted(n for n in names if served.get(n) != expected.get(n))
    results.append({"kind": outcome.kind, "pages": outcome.pages, "differ": differ})
print(json.dumps(results))
"""


def _scenario(project: Path, edits: list[tuple[str, str, str]]) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(project), json.dumps(edits)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_each_edit_serves_what_a_full_build_gives(project: Path) -> None:
    results = _scenario(
        project,
        [
            # A record's title: its page, its topics, actors, source, the timeline,
            # the money page, the home page's list and the essays that cite it.
            (RECORD, TITLE, f"{TITLE} (edited)"),
            # A topic's title is in the navigation of every page: a full build.
            ("data/topics.yml", "title: Aid and economic cooperation", "title: Aid and loans"),
            # Broken YAML: the preview keeps the last good data, and every page
            # shows the problem in its banner: a full build.
            (RECORD, "  status: signed", "  status: [signed"),
            # Fixed: the banner goes from every page, a full build again.
            (RECORD, "  status: [signed", "  status: signed"),
        ],
    )
    kinds = [r["kind"] for r in results]
    assert kinds == ["incremental", "full", "full", "full"]
    assert 5 < results[0]["pages"] < 40  # of 98 pages
    assert [r["differ"] for r in results] == [[]] * len(results)


def test_the_server_shows_data_edits_and_runs_edited_python(project: Path) -> None:
    # The project's own hooks/ first on the path, so an edit to the core is seen.
    server = PreviewServer(project, ("briefing", "serve"), {"PYTHONPATH": str(project / "hooks")})
    try:
        page = "/agreements/national-road-5-loan-2024/"
        server.wait_for("the first build", lambda: "National Road No. 5" in server.get(page)[1])
        edit(project / RECORD, TITLE, f"{TITLE} (edited)")
        server.wait_for("the edited title", lambda: "No. 5 (edited)" in server.get(page)[1])
        # The server logs what it did once the pages are written, so the edited page
        # can be served a moment before that line: wait for the line, then read it.
        server.wait_for("the rebuild's log line", lambda: _rebuilds(server) > 1)
        assert "incremental rebuild" in "".join(server.log)
        # The search indexes follow the served pages (preview/deferred.py): once written
        # for the edit, Material's holds every page, with the new title.
        server.wait_for("the search indexes", lambda: _indexed_after_the_edit(server))
        index = json.loads(server.get("/search/search_index.json")[1])
        assert len(index["docs"]) > 300
        assert any("No. 5 (edited)" in d["title"] for d in index["docs"])
        # Python under hooks/briefing/ runs as edited, without a restart.
        edit(
            project / "hooks/briefing/website/essay_links.py",
            "return [dataset.topics[slug].title for slug in essay.topics]",
            "return [dataset.topics[slug].title.upper() for slug in essay.topics]",
        )
        essay = "/essays/defence-ties/"
        server.wait_for("the edited Python", lambda: "DEFENCE AND SECURITY" in server.get(essay)[1])
        # A broken mkdocs.yml is reported, and the server keeps answering.
        edit(project / "mkdocs.yml", "site_name: ", "site_name: [")
        server.wait_for("the error", lambda: "the build failed" in "".join(server.log))
        status, text = server.get(page)
        assert status == 200 and "No. 5 (edited)" in text
        edit(project / "mkdocs.yml", "site_name: [", "site_name: ")
        edit(project / RECORD, f"{TITLE} (edited)", f"{TITLE} (again)")
        server.wait_for("the recovery", lambda: "No. 5 (again)" in server.get(page)[1])
    finally:
        server.stop()


def _indexed_after_the_edit(server: PreviewServer) -> bool:
    """Whether the server has logged writing the search indexes after its incremental
    rebuild. (The first build's may never be written: the edit's build stops them.)"""
    _, rebuilt, after = "".join(server.log).partition("incremental rebuild")
    return bool(rebuilt) and "search indexes written" in after


def _rebuilds(server: PreviewServer) -> int:
    """How many builds the server has logged, full or incremental."""
    log = "".join(server.log)
    return log.count("full build:") + log.count("incremental rebuild:")


def test_the_preview_watches_the_sources_and_survives_a_rendering_fault(project: Path) -> None:
    server = PreviewServer(project, ("briefing", "serve"), {"PYTHONPATH": str(project / "hooks")})
    page = "/agreements/national-road-5-loan-2024/"
    source = project / "sources/ccrs-kamikawa-visit-july-2024.txt"
    try:
        server.wait_for("the first build", lambda: "National Road No. 5" in server.get(page)[1])
        # An edit to a source text that breaks a quote shows in the banner.
        edit(source, "Repayment period is 30 years", "Repayment period is 31 years")
        server.wait_for("the banner", lambda: 'class="cjb-problems"' in server.get(page)[1])
        assert "not found verbatim in source" in server.get(page)[1]
        edit(source, "Repayment period is 31 years", "Repayment period is 30 years")
        server.wait_for("no banner", lambda: 'class="cjb-problems"' not in server.get(page)[1])
        # Data that passes every check but cannot be rendered (here a fault put in the
        # code) keeps the last good site, with the error in the banner, never a 404.
        edit(
            project / "hooks/briefing/website/views.py",
            "    kind = vocabulary_words(record.kind)\n",
            "    kind = vocabulary_words(record.kind)\n"
            '    if "Faulty" in record.title:\n'
            '        raise KeyError("a fault the checks missed")\n',
        )
        server.wait_for("the edited Python", lambda: _rebuilds(server) >= 4)
        edit(project / RECORD, TITLE, f"{TITLE} Faulty")
        server.wait_for("the banner", lambda: "a fault the checks missed" in server.get(page)[1])
        status, text = server.get(page)
        assert status == 200 and "National Road No. 5" in text and "Faulty" not in text
        assert server.get("/topics/aid/")[0] == 200
    finally:
        server.stop()
