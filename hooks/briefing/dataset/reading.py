"""Read one text file of the project: data or a hand-written page.

Every file the build reads goes through ``read_text``, so the same rules hold
everywhere: nothing outside the project is read (a symlink to ``/etc/passwd``
is refused before it is opened, so none of it reaches a message or a log), a
folder or an oversized file is refused, and bad bytes are reported at their
own line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .problems import Problem

# Files far larger than any real one are refused before they are read.  The
# benchmark's 10,000 records are 4.7 MB of YAML in 38 files, none over 250 KB.
MAX_FILE_BYTES = 2_000_000
# The most records the build is made for: the largest dataset the benchmark
# measures (benchmarks/build.py --sizes 1000 10000 25000).
MAX_RECORDS = 25_000
# All of data/ together, checked before anything is parsed, sized by records: the
# real records take 1.6 KB of YAML each on average (41 records, 67 KB with their
# comments; the largest single one 9.9 KB), so 2 KB a record admits 25,000 records
# of real size, quotes included, plus 1 MB for the other files (topics, places, maps).
RECORD_BYTES = 2_000
MAX_DATA_BYTES = MAX_RECORDS * RECORD_BYTES + 1_000_000


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the one problem that stops it being read."""
    name = display_path(path, root)

    def refuse(message: str, line: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, None, None, message, cause=True)]

    try:
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(Path(os.path.realpath(root))):
            return refuse("is a link to a file outside the project; only files inside it are read")
        if real.is_dir():
            return refuse("is a folder where a file is expected")
        if not real.is_file():
            return refuse("is not a regular file")
        size = real.stat().st_size
        if size > MAX_FILE_BYTES:
            return refuse(
                f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it into smaller files"
            )
        data = real.read_bytes()
    except OSError as error:
        return refuse(f"cannot be read: {error.strerror or error}")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return refuse(
            f"is not valid UTF-8 (byte 0x{data[error.start]:02X} {error.reason}): "
            "save the file as UTF-8",
            line,
        )


def read_json(path: Path, root: Path) -> tuple[Any, list[Problem]]:
    """The file's JSON value, or None and the one problem that stops it being read
    (with the line where the JSON goes wrong)."""
    text, problems = read_text(path, root)
    if text is None:
        return None, problems
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        message = f"is not valid JSON (column {error.colno}): run the scripts in tools/geo/"
        problem = Problem(display_path(path, root), error.lineno, None, None, message, cause=True)
        return None, [problem]
    except RecursionError:
        problem = Problem(display_path(path, root), 1, None, None, "is nested too deeply", True)
        return None, [problem]


def source_body(text: str) -> str:
    """A source text without its header: what follows the first two '---' lines."""
    return text.split("---", 2)[-1]


def normalise_space(text: str) -> str:
    """White space collapsed, as quotes are matched against the source texts."""
    return " ".join(text.split())
