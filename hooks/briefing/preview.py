"""Keep the preview server useful while an editor's change is broken.

MkDocs' server blocks every request after a failed build until a build
succeeds, so raising on bad data would freeze the preview.  Instead, while
serving, the adapter reports the problems and rebuilds from the last data that
loaded cleanly.  This module outlives the hook module, which MkDocs reloads
on every rebuild.  ``mkdocs build`` never falls back: bad data fails it.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from .dataset.model import Dataset
from .website.handwritten import Docs

# Not under "mkdocs.": in strict mode a counted error would fail the fallback build too.
log = logging.getLogger("briefing.preview")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("ERROR   -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


@dataclass
class _Snapshot:
    dataset: Dataset
    docs: Docs


serving = False
dirty = False  # `mkdocs serve --dirty`: rebuild only the pages whose source changed
_last_good: dict[Path, _Snapshot] = {}


def remember(root: Path, dataset: Dataset, docs: Docs) -> None:
    _last_good[root] = _Snapshot(dataset, docs)


def fallback(root: Path, message: str) -> tuple[Dataset, Docs] | None:
    """While serving, report ``message`` and return the last good data, if any."""
    snapshot = _last_good.get(root) if serving else None
    if snapshot is None:
        return None
    log.error(
        "%s\nThe preview shows the last data that loaded cleanly until this is fixed.",
        message,
    )
    return snapshot.dataset, snapshot.docs


def cached_page(cache_dir: Path, src_uri: str, content: str) -> Path:
    """Back a generated page by a file that is rewritten only when its content changes.

    ``mkdocs serve --dirty`` rebuilds a page only when its source file is newer
    than its output.  Pages generated in memory always count as changed, so for
    that mode each page is written here, and left untouched (older than its
    output) when a rebuild produces the same text.
    """
    path = cache_dir / src_uri
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return path
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
