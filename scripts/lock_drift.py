"""Which installed packages differ from requirements.lock: the early warning of `scripts/test
--latest`, which runs the suite on the newest versions that pyproject.toml allows.

    python scripts/lock_drift.py            # prints "name: locked -> installed", one a line
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(text: str) -> dict[str, str]:
    return {
        _normal(m.group(1)): m.group(2)
        for line in text.splitlines()
        if (m := PINNED.match(line.strip()))
    }


def drift(locked: dict[str, str], installed: dict[str, str]) -> list[str]:
    """Lines for each locked package installed at another version, or not at all, and
    each installed package the lock does not name."""
    lines = []
    for name in sorted(locked.keys() | installed.keys()):
        before, after = locked.get(name), installed.get(name)
        if before != after:
            lines.append(f"{name}: {before or 'not locked'} -> {after or 'not installed'}")
    return lines


def main() -> int:
    locked = locked_versions(LOCK.read_text(encoding="utf-8"))
    project = "cambodia-japan-briefing"
    installed = {
        _normal(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if _normal(d.metadata["Name"]) not in {project, "pip", "setuptools", "wheel", "uv"}
    }
    lines = drift(locked, installed)
    print("\n".join(lines) if lines else "every package is at its locked version")
    return 0


if __name__ == "__main__":
    sys.exit(main())
