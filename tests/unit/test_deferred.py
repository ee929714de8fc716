"""The preview's deferred work (``preview/deferred.py``): run at once outside the
preview; in it, run in a thread that a newer build stops instead of waiting for."""

from __future__ import annotations

import threading
import time

from briefing.preview.deferred import Deferred, Task


def test_outside_the_preview_work_runs_at_once() -> None:
    later = Deferred()
    ran: list[str] = []
    later.run_or_defer(lambda: ran.append("index"))
    assert ran == ["index"] and later.take() == []


def test_a_newer_build_stops_the_work_running_and_the_next_work_runs_whole() -> None:
    later = Deferred()
    later.accepting = True
    started, outcome = threading.Event(), []

    def long_work() -> None:
        started.set()
        while not later.stopping():  # as site_search.write_index asks, page by page
            time.sleep(0.01)
        raise RuntimeError("stopped")

    def run(tasks: list[Task]) -> None:
        for task in tasks:
            try:
                task()
                outcome.append("done")
            except RuntimeError:
                outcome.append("stopped" if later.stopping() else "failed")

    later.run_or_defer(long_work)
    later.start(run)
    assert started.wait(5)
    begun = time.perf_counter()
    later.interrupt()
    assert time.perf_counter() - begun < 2  # not waiting for work that never ends
    assert outcome == ["stopped"] and not later.stopping()
    # The next build's work is not stopped by the last one's signal, and ``finish``
    # waits for it.
    later.run_or_defer(lambda: (time.sleep(0.2), None)[1])
    later.start(run)
    later.finish()
    assert outcome == ["stopped", "done"]


def test_nothing_running_nothing_to_stop() -> None:
    later = Deferred()
    later.interrupt()
    later.finish()
    assert not later.stopping()
