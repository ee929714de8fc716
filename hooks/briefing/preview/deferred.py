"""Work a build hands to the preview server, to run once the edited pages are served.

The search indexes are written from every finished page, so they cost the same however
small the edit: in ``briefing serve`` they follow the pages a moment later instead of
holding them back. The server runs each build's deferred work in a thread of its own.
A newer build does not wait for that work to finish: it asks it to stop (``interrupt``),
waits the moment that takes, and builds; its own deferred work then writes the indexes
afresh. Work that stops leaves the previous index in place, since each index is swapped
in whole. Anything else (``mkdocs build``, plain ``mkdocs serve``) runs the work at once.

The server keeps this module loaded when Python under ``hooks/`` changes
(``server.KEPT_MODULES``), so the adapter, imported afresh, hands work to the same queue.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Task = Callable[[], None]


class Deferred:
    def __init__(self) -> None:
        self._tasks: list[Task] = []
        self._guard = threading.Lock()
        self._stop = threading.Event()
        self._running: threading.Thread | None = None
        self.accepting = False  # set by the preview server while it serves

    def run_or_defer(self, task: Task) -> None:
        with self._guard:
            if self.accepting:
                self._tasks.append(task)
                return
        task()

    def take(self) -> list[Task]:
        with self._guard:
            tasks, self._tasks = self._tasks, []
        return tasks

    def stopping(self) -> bool:
        """True once a newer build has asked the running work to stop: long work checks
        this as it goes, and ends early (by raising) when it is."""
        return self._stop.is_set()

    def start(self, run: Callable[[list[Task]], None]) -> None:
        """Hand the work deferred so far to ``run``, in a thread of its own."""
        tasks = self.take()
        if tasks:
            self._running = threading.Thread(target=run, args=(tasks,), daemon=True)
            self._running.start()

    def interrupt(self) -> None:
        """Stop the work running, if any, and return once it has."""
        self._stop.set()
        self.finish()

    def finish(self) -> None:
        """Return once the work running, if any, has ended."""
        if self._running is not None:
            self._running.join()
            self._running = None
        self._stop.clear()


LATER = Deferred()
