"""The commands as an editor meets them: one interface, clear refusals, whole writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefing.commands.cli import main
from support import ROOT


def test_every_command_takes_the_project_folder_as_root(
    fixture_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--root", str(fixture_root)]) == 0
    assert main(["check", str(fixture_root)]) == 0  # as before
    assert capsys.readouterr().out.startswith("OK: 1 events")
    for command in ("check", "coverage", "generate", "serve", "new", "schemas", "offline"):
        with pytest.raises(SystemExit) as usage:
            main([command, "--help"])
        assert usage.value.code == 0
        assert "--root DIR" in capsys.readouterr().out, command


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == "python -m briefing 1.0.0\n"


@pytest.mark.parametrize("command", [["check"], ["new", "event", "x"], ["schemas"]])
def test_outside_a_project_the_command_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert main([*command, "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {tmp_path} is not a briefing project folder (no mkdocs.yml and no data "
        "here): run the command in the project folder, or give it with --root DIR\n"
    )


@pytest.mark.parametrize("inside", ["data", "data/events", "docs", "sources", "."])
def test_serve_never_builds_into_an_input_folder(
    fixture_root: Path, capsys: pytest.CaptureFixture[str], inside: str
) -> None:
    before = sorted(p.relative_to(fixture_root) for p in fixture_root.rglob("*"))
    site_dir = fixture_root / inside
    assert main(["serve", "--root", str(fixture_root), "--site-dir", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: --site-dir {site_dir}: ") and "Traceback" not in err
    assert sorted(p.relative_to(fixture_root) for p in fixture_root.rglob("*")) == before


def test_a_full_disk_leaves_the_file_as_it_was(fixture_root: Path) -> None:
    target = fixture_root / "data/events/visit.yml"
    before = target.read_bytes()
    # A file-size limit just above the file: the skeleton appended to it cannot fit.
    script = textwrap.dedent(
        f"""
        import resource, sys
        limit = {len(before) + 200}
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        from briefing.commands.cli import main
        sys.exit(main(["new", "event", "x", "--root", {str(fixture_root)!r},
                       "--file", "data/events/visit.yml"]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {target}: could not be written (")
    assert result.stderr.rstrip().endswith("; it is as it was")
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["visit.yml"]
