"""A site folder replaced only by a build that passed.

MkDocs empties the site folder before it builds.  The build writes into a fresh
folder beside it instead, and the last good site is swapped out only when the
whole build has passed, so a build that fails at any step, for any reason,
leaves the site a reader was served as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Staged:
    site: Path  # where the site is published
    building: Path  # where this build writes
    passed: bool = False

    @classmethod
    def beside(cls, site: Path) -> Staged:
        site = site.absolute()
        building = site.with_name(f".{site.name}.building")
        shutil.rmtree(building, ignore_errors=True)  # left by a build that was killed
        building.mkdir(parents=True)
        return cls(site, building)

    def finish(self) -> None:
        """Publish the new site if the build passed; otherwise drop it."""
        if not self.passed:
            shutil.rmtree(self.building, ignore_errors=True)
            return
        old = self.site.with_name(f".{self.site.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.site.is_symlink() or self.site.is_file():
            self.site.unlink()
        elif self.site.exists():
            self.site.rename(old)
        self.building.rename(self.site)
        shutil.rmtree(old, ignore_errors=True)
