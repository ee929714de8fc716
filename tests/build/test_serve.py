"""The preview server survives a broken edit, says what is wrong, and recovers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support import PreviewServer, edit

pytestmark = pytest.mark.gate

FALLBACK = "The preview shows the last data that loaded cleanly"


@pytest.fixture
def server(project: Path) -> Iterator[PreviewServer]:
    running = PreviewServer(project)
    yield running
    running.stop()
    assert running.process.returncode is not None


def test_a_broken_edit_keeps_the_last_good_site_and_recovers(
    server: PreviewServer, project: Path
) -> None:
    topics = project / "data/topics.yml"
    server.wait_for("the first build", lambda: server.get("/topics/aid/")[0] == 200)
    status, before = server.get("/topics/aid/")
    assert "Aid and economic cooperation" in before

    edit(topics, "  order: 2", "  order: [2")
    server.wait_for("the error in the log", lambda: "data/topics.yml" in "".join(server.log))
    log = "".join(server.log)
    assert "data/topics.yml:" in log and "YAML error" in log
    assert server.process.poll() is None, "the server must keep running"
    # The log shows the problem before the fallback build has finished.
    server.wait_for("the banner", lambda: 'class="cjb-problems"' in server.get("/topics/aid/")[1])
    status, during = server.get("/topics/aid/")
    assert status == 200 and "Aid and economic cooperation" in during
    # Every page shows the problem in a banner, with file and line.
    for path in ("/topics/aid/", "/", "/essays/"):
        assert 'class="cjb-problems"' in server.get(path)[1]
    assert "data/topics.yml:" in during.split('class="cjb-problems"', 1)[1]

    # The failed rebuild leaves the last good data behind as a fallback.  Once the
    # data loads again, no page may come from it or show the banner, and a later
    # edit must show too.
    fixed_at = len(server.log)
    edit(topics, "  order: [2", "  order: 2")
    edit(topics, "title: Aid and economic cooperation", "title: Aid, loans and grants")
    server.wait_for(
        "the fixed page", lambda: "Aid, loans and grants" in server.get("/topics/aid/")[1]
    )
    for path in ("/topics/aid/", "/topics/", "/", "/timeline/"):
        page = server.get(path)[1]
        assert "Aid, loans and grants" in page, path
        assert "Aid and economic cooperation" not in page, f"{path} shows the fallback data"
        assert 'class="cjb-problems"' not in page, f"{path} still shows the banner"
    edit(topics, "title: Aid, loans and grants", "title: Aid after a second edit")
    server.wait_for(
        "the second edit", lambda: "Aid after a second edit" in server.get("/topics/")[1]
    )
    after = "".join(server.log[fixed_at:])
    assert "YAML error" not in after and FALLBACK not in after, after


def _non_utf8_essay(project: Path) -> str:
    (project / "docs/essays/latin.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    return "docs/essays/latin.md:2: is not valid UTF-8"


def _folder_named_like_a_page(project: Path) -> str:
    (project / "docs/essays/folder.md").mkdir()
    return "docs/essays/folder.md:1: is a folder"


def _page_clashing_with_a_generated_one(project: Path) -> str:
    (project / "docs/timeline").mkdir(exist_ok=True)
    (project / "docs/timeline/index.md").write_text("# Mine\n", encoding="utf-8")
    return "timeline/index.md is generated from data/"


@pytest.mark.parametrize(
    "break_it",
    [_non_utf8_essay, _folder_named_like_a_page, _page_clashing_with_a_generated_one],
)
def test_a_broken_page_in_docs_never_freezes_the_preview(
    server: PreviewServer, project: Path, break_it: Callable[[Path], str]
) -> None:
    server.wait_for("the first build", lambda: server.get("/topics/aid/")[0] == 200)
    message = break_it(project)
    # A touch of a watched file triggers the rebuild that meets the broken page.
    edit(project / "data/topics.yml", "title: Aid and economic cooperation", "title: Aid")
    server.wait_for("the problem in the banner", lambda: message in server.get("/topics/aid/")[1])
    assert server.process.poll() is None
    assert server.get("/")[0] == 200, "the server keeps answering"
