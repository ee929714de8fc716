"""A bare `pytest` collects every test module under tests/.

pytest leaves out folders it takes for build output (`build`, `dist`, dotted ones) unless
`norecursedirs` says otherwise: a folder of tests that is never collected passes silently,
and the README would claim checks that nobody runs.
"""

from __future__ import annotations

import subprocess
import sys

from support import ROOT


def _test_modules_on_disk() -> set[str]:
    found = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        relative = path.relative_to(ROOT)
        # Fixture sites are projects that tests build, not test modules.
        if "fixtures" not in relative.parts:
            found.add(relative.as_posix())
    return found


def test_a_bare_pytest_collects_every_test_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collected = {line.split("::", 1)[0] for line in result.stdout.splitlines() if "::" in line}
    on_disk = _test_modules_on_disk()
    assert {"tests/unit", "tests/build", "tests/browser", "tests/gates"} <= {
        module.rsplit("/", 1)[0] for module in on_disk
    }
    assert on_disk - collected == set(), "never collected by a bare pytest"
