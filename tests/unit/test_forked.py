"""Work done beside the build by a forked process (``briefing.forked.Beside``), and the
render and output check of a large site split with one: the same output and the same
problems as in one process, also when the worker fails or dies."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefing import forked
from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from briefing.forked import Beside
from briefing.website import pages
from briefing.website.outputs import Output
from support import FIXTURE_SITE


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # A machine with one core forks no worker; these tests fork one on any Linux machine.
    monkeypatch.setattr(forked, "can_fork", lambda: True)


def _answer() -> list[int]:
    return [os.getpid(), 42]


def test_the_result_comes_from_the_worker() -> None:
    with Beside(_answer) as beside:
        pid, value = beside.result()
    assert beside.from_worker
    assert value == 42
    assert pid != os.getpid()


def test_without_fork_the_work_is_done_here() -> None:
    with Beside(_answer, fork=False) as beside:
        assert beside.process is None
        assert beside.result() == [os.getpid(), 42]
    assert not beside.from_worker


def _fails_in_the_worker(parent: int) -> int:
    if os.getpid() != parent:
        raise ValueError("only in the worker")
    return 7


def test_work_that_fails_in_the_worker_is_done_again_here() -> None:
    parent = os.getpid()
    with Beside(lambda: _fails_in_the_worker(parent)) as beside:
        assert beside.result() == 7
    assert not beside.from_worker


def test_an_error_of_the_work_is_raised_here_with_its_own_type() -> None:
    def broken() -> int:
        raise KeyError("no such record")

    with Beside(broken) as beside, pytest.raises(KeyError, match="no such record"):
        beside.result()


def test_a_worker_that_dies_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def dies() -> int:
        if os.getpid() != parent:
            os._exit(3)  # no reply at all
        return 5

    with Beside(dies) as beside:
        assert beside.result() == 5
    assert not beside.from_worker


def test_leaving_the_block_stops_a_worker_still_at_work() -> None:
    with Beside(lambda: time.sleep(60)) as beside:
        process = beside.process
        assert process is not None and process.is_alive()
    process.join(timeout=5)
    assert not process.is_alive()
    assert beside.process is None


# -- a large site's render, split -------------------------------------------------------


def _files(output: Output) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str]]]:
    return (
        [(p.src_uri, p.content, p.in_nav) for p in output.pages],
        [(a.dest_uri, a.content) for a in output.assets],
    )


@pytest.fixture
def from_worker(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each forked ``Beside`` gave its worker's result; every site forks."""
    monkeypatch.setattr(pages, "PARALLEL_MIN_RECORDS", 0)
    seen: list[bool] = []
    result = Beside.result

    def noted(self: Beside[object]) -> object:
        forked = self.process is not None
        value = result(self)
        if forked:
            seen.append(self.from_worker)
        return value

    monkeypatch.setattr(Beside, "result", noted)
    return seen


def test_a_split_render_is_the_render_of_one_process(
    minimal: tuple[Dataset, Docs],
    minimal_output: tuple[Output, pages.Renderer],
    from_worker: list[bool],
) -> None:
    for limit in (pages.LISTING_LIMIT, 1):  # listings on one page, and paged
        alone, _ = pages.build_site(*minimal, FIXTURE_SITE, limit=limit)
        split, _ = pages.build_site(*minimal, FIXTURE_SITE, limit=limit, parallel=True)
        assert _files(split) == _files(alone)
    assert from_worker == [True, True]
    assert _files(alone) != _files(minimal_output[0])  # the paged one: the check can fail


def test_the_pages_keep_their_order(minimal: tuple[Dataset, Docs], from_worker: list[bool]) -> None:
    # The order of the pages is the order MkDocs lays them out and indexes them in.
    split, renderer = pages.build_site(*minimal, FIXTURE_SITE, parallel=True)
    expected = [
        *renderer.topic_pages(),
        *renderer.record_pages(),
        *renderer.actor_pages(),
        *renderer.source_pages(),
        *renderer.timeline_pages(),
        renderer.figures_page(),
        renderer.map_page(),
        renderer.data_page(),
        renderer.essays_index(),
    ]
    uris = [p.src_uri for p in split.pages]
    assert uris[:-1] == [p.src_uri for p in expected]
    assert uris[-1] == "revisions.md"
    assert from_worker == [True]


def test_a_split_render_whose_worker_fails_is_the_same(
    minimal: tuple[Dataset, Docs],
    minimal_output: tuple[Output, pages.Renderer],
    from_worker: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parent = os.getpid()
    record_pages = pages.Renderer.record_pages

    def fails_in_the_worker(self: pages.Renderer):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise RuntimeError("worker fault")
        return record_pages(self)

    monkeypatch.setattr(pages.Renderer, "record_pages", fails_in_the_worker)
    split, _ = pages.build_site(*minimal, FIXTURE_SITE, parallel=True)
    assert from_worker == [False]
    assert _files(split) == _files(minimal_output[0])


def test_a_split_check_finds_the_problems_of_one_process(
    fixture_root: Path, from_worker: list[bool]
) -> None:
    from briefing.config_file import read_config, resolved
    from briefing.dataset.problems import DataError
    from briefing.plan import Settings, load_plan

    # A record whose id is an anchor of the listings that show it (test_fault_families):
    # pages in both halves of the site, which are checked in two processes.
    events = fixture_root / "data" / "events" / "visit.yml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("- id: minister-visit", "- id: year-2024"), encoding="utf-8")
    index = fixture_root / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(
        text.replace("[[event:minister-visit]]", "[[event:year-2024]]"), encoding="utf-8"
    )

    found = []
    for parallel in (False, True):
        settings = Settings.from_config(
            fixture_root, resolved(read_config(fixture_root / "mkdocs.yml"))
        )
        plan = load_plan(settings, parallel=parallel)
        with pytest.raises(DataError) as raised:
            plan.check_outputs()
        found.append([str(p) for p in raised.value.problems])
    alone, split = found
    assert split == alone
    uris = [p.src_uri for p in plan.rendered.output.pages]
    where = {n for n, uri in enumerate(uris) for problem in alone if f" on {uri} " in problem}
    assert min(where) < len(uris) // 2 <= max(where), (where, len(uris))
    # The render, then the check's second half, from the worker.
    assert from_worker == [True, True]
