"""Work a build hands to the preview server, to run once the edited pages are served.

The search index is written from every finished page, so it costs the same however small
the edit: in ``briefing serve`` it follows the pages a moment later instead of holding
them back. The server runs each build's deferred work in a thread of its own, under the
build lock, so the next build waits for it and the site is again whole before it starts.
Anything else (``mkdocs build``, plain ``mkdocs serve``) runs the work at once.

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


LATER = Deferred()
