"""Forked worker processes (page HTML, search entries, search input): how one is stopped."""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any


def stop(process: Any, connection: Connection) -> None:
    """End a forked worker, done or not (a build that fails part way leaves it
    running), and close this process's end of its pipe."""
    if process.is_alive():
        process.terminate()
    process.join(timeout=10)
    connection.close()
