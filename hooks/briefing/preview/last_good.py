"""Keep the preview server useful while an editor's change is broken.

MkDocs' server blocks every request after a failed build until a build
succeeds, so raising on bad data would freeze the preview.  Instead, while
serving, the adapter reports the problems, shows them in a banner on every
page, and rebuilds from the last data that loaded cleanly.  ``mkdocs build``
never falls back: bad data fails it.

MkDocs loads the hook module once per process and keeps it, with everything
it imports: an edit to Python under ``hooks/`` takes effect only when the
server is restarted.  Data, docs and templates are read afresh on every build.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..dataset.problems import DataError
from ..plan import Project

# Not under "mkdocs.": in strict mode a counted error would fail the fallback build too.
log = logging.getLogger("briefing.preview")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("ERROR   -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


@dataclass
class Preview:
    """What outlives one build of the preview server."""

    serving: bool = False
    _last_good: dict[Path, Project] = field(default_factory=dict)

    def remember(self, root: Path, project: Project) -> None:
        self._last_good[root] = project

    def fallback(self, root: Path, error: DataError) -> Project | None:
        """While serving, report the problems and return the last good project, if any."""
        project = self._last_good.get(root) if self.serving else None
        if project is None:
            return None
        log.error(
            "%s\nThe preview shows the last data that loaded cleanly until this is fixed.", error
        )
        return project


def banner_heading(count: int) -> str:
    """The first line of the preview's banner of problems."""
    if count == 1:
        return "1 problem in the data or docs: fix it to see your edit."
    return f"{count} problems in the data or docs: fix them to see your edit."
