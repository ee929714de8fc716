"""The build benchmark runs end to end on the real data (figures are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.build


def test_the_benchmark_runs_on_the_real_data(tmp_path: Path) -> None:
    output = tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/build.py"),
            # The real data alone, and one preview server: the slow ones (plain
            # `mkdocs serve` and `--dirty`) are measured only in full runs.
            "--sizes",
            "41",
            "--preview-sizes",
            "41",
            "--preview-modes",
            "briefing",
            # The search routes need Chromium and minutes at scale: measured by hand.
            "--no-search",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(output.read_text())["sizes"]["41"]
    for key in (
        "build_seconds",
        "peak_memory_mb",
        "hooks_seconds",
        "hooks_share",
        "largest_page_bytes",
        "search_index_bytes",
        "search_index_gzip_bytes",
        "preview_briefing_seconds",
        "preview_briefing_again_seconds",
    ):
        assert figures[key] > 0, key
    assert 0 < figures["hooks_share"] < 1
    # The served site after the edit, against a full build of the same data.
    assert figures["preview_briefing_differences"] == []
    # The Markdown floor: plain MkDocs on the generated pages, and our pages the same.
    assert figures["plain_build_seconds"] > 0 and figures["build_vs_plain"] > 0
    assert figures["files_differing_from_plain"] == []
    for step in ("markdown_step_seconds", "theme_step_seconds", "page_html_seconds"):
        assert figures[step] > 0, step
    assert "hooks share of build" in result.stdout
