"""The preview server survives a broken edit, says what is wrong, and recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support import edit

pytestmark = pytest.mark.gate

TIMEOUT = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, project: Path):
        self.port = _free_port()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)

    def get(self, path: str) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server exited while waiting for {what}:\n{''.join(self.log)}")
            try:
                if check():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}:\n{''.join(self.log[-40:])}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    yield running
    running.stop()
    assert running.process.returncode is not None


def test_a_broken_edit_keeps_the_last_good_site_and_recovers(server: Server, project: Path) -> None:
    topics = project / "data/topics.yml"
    server.wait_for("the first build", lambda: server.get("/topics/aid/")[0] == 200)
    status, before = server.get("/topics/aid/")
    assert "Aid and economic cooperation" in before

    edit(topics, "  order: 2", "  order: [2")
    server.wait_for("the error in the log", lambda: "data/topics.yml" in "".join(server.log))
    log = "".join(server.log)
    assert "data/topics.yml:" in log and "YAML error" in log
    assert server.process.poll() is None, "the server must keep running"
    status, during = server.get("/topics/aid/")
    assert status == 200 and "Aid and economic cooperation" in during

    edit(topics, "  order: [2", "  order: 2")
    edit(topics, "title: Aid and economic cooperation", "title: Aid, loans and grants")
    server.wait_for(
        "the fixed page", lambda: "Aid, loans and grants" in server.get("/topics/aid/")[1]
    )
    errors_before = log.count("YAML error")
    # A second rebuild has no stale state from the failed one.
    assert "".join(server.log).count("YAML error") == errors_before
