"""Files the commands write: all of the text or nothing.

A write goes to a temporary file beside the target (its name starts with a dot, so
the loader and the preview's watcher ignore it), then replaces the target in one
rename.  A full disk or a file-size limit leaves the target as it was, and the
command reports it in one line.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; the message names it, and it is as it was."""


def write_atomic(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        reason = error.strerror or str(error)
        raise WriteError(f"{path}: could not be written ({reason}); it is as it was") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
