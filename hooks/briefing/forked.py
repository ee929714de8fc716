"""Forked worker processes (page HTML, search entries, search input, the render's
second half): how one is stopped, and work done beside this process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def stop(process: Any, connection: Connection) -> None:
    """End a forked worker, done or not (a build that fails part way leaves it
    running), and close this process's end of its pipe."""
    if process.is_alive():
        process.terminate()
    process.join(timeout=10)
    connection.close()


def fork_available() -> bool:
    """Whether this system starts processes by forking (not Windows, for one)."""
    return "fork" in multiprocessing.get_all_start_methods()


def can_fork() -> bool:
    """Whether work can go to a forked process that runs beside this one: a system
    that forks, and a second core for it."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return fork_available() and (cores or 1) > 1


def _compute(connection: Connection, work: Callable[[], Any]) -> None:
    gc.freeze()  # leave the parent's objects alone, so their memory stays shared
    try:
        try:
            message = pickle.dumps((True, work()), pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent does the work again and meets the error itself
            message = pickle.dumps((False, None))
        connection.send_bytes(message)
    finally:
        connection.close()


class Beside(Generic[T]):
    """``work()``, computed by a forked process while this one goes on.

    ``result()`` is its value. Where no process is forked (``fork`` false, or
    ``can_fork`` false), or the worker fails or dies, it is ``work()`` computed here,
    then: so the result is the same either way, and an error in ``work`` is raised
    here with its own traceback. ``work`` must depend only on what exists when this is
    made, and must not change what this process reads (the worker's changes stay in
    the worker). Used as a context manager, the worker is stopped on the way out,
    whether or not its result was taken."""

    def __init__(self, work: Callable[[], T], fork: bool = True) -> None:
        self.work = work
        self.process: Any = None
        self.from_worker = False  # whether result() came from the worker (for the tests)
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            self.connection, sending = context.Pipe(duplex=False)
            self.process = context.Process(target=_compute, args=(sending, work), daemon=True)
            self.process.start()
            sending.close()

    def result(self) -> T:
        if self.process is not None:
            try:
                done, value = pickle.loads(self.connection.recv_bytes())
            except (EOFError, OSError, pickle.UnpicklingError):
                done, value = False, None
            finally:
                self.close()
            if done:
                self.from_worker = True
                return value
        return self.work()

    def close(self) -> None:
        if self.process is not None:
            stop(self.process, self.connection)
            self.process = None

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
