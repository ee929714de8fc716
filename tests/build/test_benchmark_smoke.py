"""The build benchmark runs end to end at 100 records (figures are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.build


def test_the_benchmark_runs_at_100_records(tmp_path: Path) -> None:
    output = tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/build.py"),
            "--sizes",
            "100",
            "--preview-size",
            "100",
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
    figures = json.loads(output.read_text())["sizes"]["100"]
    for key in (
        "build_seconds",
        "peak_memory_mb",
        "hooks_seconds",
        "hooks_share",
        "largest_page_bytes",
        "search_index_bytes",
        "search_index_gzip_bytes",
        "preview_dirty_seconds",
        "preview_plain_seconds",
    ):
        assert figures[key] > 0, key
    assert 0 < figures["hooks_share"] < 1
    assert "hooks share of build" in result.stdout
