"""The scaling gate: no part of the core grows faster than the records.

The core (load, check, render every page and download) runs in this process on two
synthetic datasets, one eight times the other, and each part's processor time is
compared. A step that scans every record once per page grows with the square of the
records, about 64 times here, and fails the gate; a linear step grows about 8 times.
Processor time, not wall time, so that other work on the machine matters less; the
benchmark (benchmarks/build.py) measures whole builds.
"""

from __future__ import annotations

import functools
import inspect
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import make_project

pytestmark = pytest.mark.build

SMALL, LARGE = 1_000, 8_000
GROWTH = LARGE / SMALL
# Room for n log n sorting and for a loaded machine (one run at load 19 passed 1.5x only
# on a rerun); a quadratic step grows GROWTH times more than linear, 64x here.
ALLOWED = GROWTH * 2
# Parts this quick at the large size are noise, not a trend.
NOISE_SECONDS = 0.3


def _timed(spent: dict[str, float], name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            result = method(*args, **kwargs)
            # A page method that yields does its work as it is read: read it here.
            return list(result) if inspect.isgenerator(result) else result
        finally:
            spent[name] += time.process_time() - start

    return wrapper


def _measure(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Processor seconds per part of the core, for the project at ``root``."""
    from briefing.dataset.load import sources_folder
    from briefing.plan import load_project
    from briefing.website import exports, pages
    from briefing.website.outputs import Site

    spent: dict[str, float] = defaultdict(float)
    with monkeypatch.context() as patch:
        # Every page-making method of the renderer is a part of its own.
        for name, method in inspect.getmembers(pages.Renderer, inspect.isfunction):
            if not name.startswith("_"):
                patch.setattr(pages.Renderer, name, _timed(spent, f"Renderer.{name}", method))
        patch.setattr(exports, "build_assets", _timed(spent, "downloads", exports.build_assets))
        start = time.process_time()
        project = load_project(root, root / "docs", sources_folder(root))
        spent["load and check"] = time.process_time() - start
        start = time.process_time()
        output, _ = pages.build_site(
            project.dataset, project.docs, Site("Scaling", "https://briefing.test/")
        )
        spent["every page and download"] = time.process_time() - start
    assert len(output.pages) > project.dataset.records.__len__()
    return dict(spent)


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, float]]:
    folder = tmp_path_factory.mktemp("scaling")
    figures = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for size in (SMALL, LARGE):
            figures[size] = _measure(make_project(size, folder), monkeypatch)
    return figures


def test_no_part_of_the_core_grows_faster_than_the_records(
    measured: dict[int, dict[str, float]],
) -> None:
    small, large = measured[SMALL], measured[LARGE]
    rows, too_fast = [], []
    for part in sorted(large, key=large.__getitem__, reverse=True):
        ratio = large[part] / max(small.get(part, 0.0), 1e-3)
        rows.append(f"{part}: {small.get(part, 0.0):.2f} s -> {large[part]:.2f} s ({ratio:.1f}x)")
        if large[part] >= NOISE_SECONDS and ratio > ALLOWED:
            too_fast.append(part)
    report = "\n".join(rows)
    assert not too_fast, (
        f"{', '.join(too_fast)} grew more than {ALLOWED:.0f}x for {GROWTH:.0f}x the records:\n"
        f"{report}"
    )


def test_the_gate_measures_the_whole_core(measured: dict[int, dict[str, float]]) -> None:
    # The gate can only catch what it times: the page steps must account for the render.
    large = measured[LARGE]
    steps = sum(v for k, v in large.items() if k.startswith("Renderer.") or k == "downloads")
    assert large["every page and download"] > 0
    assert steps >= 0.5 * large["every page and download"], large
