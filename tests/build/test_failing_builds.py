"""A build that fails never empties or half-writes the site folder, and what `check`
passes builds.

The minimal project is built once; then each fault is put in, the build is run again,
and it must fail naming the file (and line) while the last good site stays byte for byte.
The faults are of two kinds: those the pre-build check knows (refused before anything is
written), and one it cannot know (a --strict warning from MkDocs itself, after MkDocs has
written pages), which the staged build still keeps away from the site folder.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from support import edit, run_briefing, run_build

pytestmark = pytest.mark.build


def _snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    return run_briefing("check", str(project))


def _write(relative: str, text: str) -> Callable[[Path], None]:
    def fault(project: Path) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return fault


def _front(line: str) -> Callable[[Path], None]:
    return lambda project: edit(project / "docs/index.md", "", f"---\n{line}\n---\n\n")


# (fault, where the message must point, whether `check` sees it too)
FAULTS: dict[str, tuple[Callable[[Path], None], str, bool]] = {
    "docs page at a generated page's path": (
        _write("docs/events/minister-visit.md", "# Mine\n"),
        "docs/events/minister-visit.md:1:",
        True,
    ),
    "docs file at a generated download's path": (
        _write("docs/downloads/dataset.json", "{}\n"),
        "docs/downloads/dataset.json:1:",
        True,
    ),
    "unknown page template": (
        _front("template: nowhere.html"),
        "docs/index.md:2: field template:",
        True,
    ),
    "mistyped icon": (
        _front("icon: material/bok-open"),
        "docs/index.md:2: field icon:",
        True,
    ),
    "attribute in a status": (
        _front('status: new" onclick="alert(4)'),
        "docs/index.md:2: field status:",
        True,
    ),
    "link out of the project (not Markdown)": (
        lambda project: (project / "docs/notes.txt").symlink_to("/etc/hostname"),
        "docs/notes.txt:1:",
        True,
    ),
    "name that cannot be an address": (
        _write("docs/essays/a#b.md", "# Page\n"),
        "docs/essays/a#b.md:1:",
        True,
    ),
    "unclosed <div> in an essay": (
        lambda project: edit(project / "docs/essays/on-the-loan.md", "The ", "<div>\n\nThe "),
        "docs/essays/on-the-loan.md:",
        True,
    ),
    # Not a data fault: MkDocs warns after it has written pages; --strict fails the build.
    "broken link under --strict": (
        lambda project: edit(project / "docs/index.md", "", "[gone](nowhere.md)\n\n"),
        "nowhere.md",
        False,
    ),
}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from support import make_fixture

    root = tmp_path_factory.mktemp("failing")
    project = make_fixture(root / "project")
    site = root / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_failing_build_leaves_the_last_good_site(
    good_build: tuple[Path, Path], name: str
) -> None:
    project, site = good_build
    fault, where, checked = FAULTS[name]
    before = _snapshot(site)
    saved = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    fault(project)
    try:
        result = run_build(project, site)
        assert result.returncode != 0
        assert where in result.stderr
        assert "Traceback" not in result.stderr
        assert _snapshot(site) == before
        assert not list(site.parent.glob(".site.*")), "the staging folder is cleaned up"
        if checked:
            check = _check(project)
            assert check.returncode == 1 and where in check.stderr, check.stderr
    finally:
        for path in (project / "docs").rglob("*"):
            if path.is_file() and path not in saved:
                path.unlink()
        for path, data in saved.items():
            path.write_bytes(data)


def test_a_passing_build_replaces_the_site_whole(
    good_build: tuple[Path, Path],
) -> None:
    project, site = good_build
    (site / "stale.html").write_text("left from an old build", encoding="utf-8")
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists()
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".")) == []


def test_an_essay_named_with_a_space_and_an_accent_is_encoded_everywhere(
    tmp_path: Path,
) -> None:
    import xml.etree.ElementTree as ET

    from support import make_fixture

    project = make_fixture(tmp_path / "project")
    essays = project / "docs/essays"
    (essays / "on-the-loan.md").rename(essays / "Phnom Penh é.md")
    site = tmp_path / "site"
    result = run_build(project, site, site_url="https://briefing.test/b/")
    assert result.returncode == 0, result.stderr
    page = (site / "essays/Phnom Penh é/index.html").read_text(encoding="utf-8")
    encoded = "essays/Phnom%20Penh%20%C3%A9/"
    assert f'<link rel="canonical" href="https://briefing.test/b/{encoded}">' in page
    # The card's file is named after the essay; its address is encoded the same way.
    (card,) = (site / "assets/cards").glob("essays-Phnom Penh é*.png")
    assert card.is_file()
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    addresses = [e.text or "" for e in feed.iter(f"{atom}id")]
    addresses += [e.get("href", "") for e in feed.iter(f"{atom}link")]
    assert f"https://briefing.test/b/{encoded}" in addresses
    assert not [a for a in addresses if " " in a or "é" in a]
    index = (site / "essays/index.html").read_text(encoding="utf-8")
    assert 'href="Phnom%20Penh%20%C3%A9/"' in index
