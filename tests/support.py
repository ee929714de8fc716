"""Helpers shared by the test suites and the benchmark: project copies, builds, fixture
edits, model objects, a static server, and skipping (or, under CI, failing) for a missing tool."""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from briefing.dataset import schema
from briefing.dataset.dates import PartialDate
from briefing.dataset.load import load_dataset
from briefing.dataset.model import Agreement, Amount, Citation, Event
from briefing.dataset.problems import DataError, Problem
from briefing.website.outputs import Site

ROOT = Path(__file__).resolve().parent.parent


# The five source texts, kept in the repository so that any clone can check every quote.
SOURCES_DIR = ROOT / "sources"
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
# The site the fixture's mkdocs.yml names, for rendering it without MkDocs.
FIXTURE_SITE = Site("Fixture briefing", "https://briefing.test/")
HOOKS_FILE = ROOT / "hooks" / "briefing_hooks.py"
# The address the Zensical reader site is built for (conftest), so it has share previews.
ZENSICAL_SITE_URL = "https://briefing.test/"
# What a project copy needs in order to build; data/ and docs/ are what tests vary.
PROJECT_FILES = ("mkdocs.yml", "data", "docs", "hooks", "overrides", "sources")


def updated_display(root: Path = ROOT) -> str:
    """The day ``data/dataset.yml`` says the dataset was updated, as pages print it
    ("23 November 2026"), read without the code under test."""
    raw = yaml.safe_load((root / "data/dataset.yml").read_text(encoding="utf-8"))["updated"]
    day = datetime.date.fromisoformat(str(raw))
    return f"{day.day} {day:%B} {day.year}"


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


# What sets up everything the suite needs, on Debian; named in every skip message.
SET_UP_ALL = "bash scripts/test"


def require(present: bool, message: str) -> None:
    """A missing tool skips on a workstation, naming the command that installs it, and
    fails under CI, where .ci/run (``scripts/test``) installs everything."""
    if present:
        return
    message += f"; `{SET_UP_ALL}` installs everything the suite needs"
    if in_ci():
        pytest.fail(message + " (CI=true, so this is an error, not a skip)", pytrace=False)
    pytest.skip(message)


def tool(name: str, install: str) -> list[str]:
    """The command of a console script: the one beside this Python (the virtualenv's),
    else the one on PATH.  A missing one skips, or fails under CI."""
    beside_python = Path(sys.executable).with_name(name)
    if beside_python.exists():
        return [str(beside_python)]
    found = shutil.which(name)
    require(found is not None, f"{name} is missing: run `{install}`")
    return [str(found)]


class _QuietHandler(SimpleHTTPRequestHandler):
    headers_to_send: ClassVar[dict[str, str]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def handle(self) -> None:
        # Crawlers and browsers close connections early on files they do not read.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@contextmanager
def served(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """A built site served on a free loopback port for the duration of the block;
    yields its URL (no trailing slash).  ``headers`` go on every response."""
    handler = type("Handler", (_QuietHandler,), {"headers_to_send": headers or {}})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def copy_project(destination: Path) -> Path:
    """A throwaway copy of the whole site, for tests that edit data or docs."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy2(source, destination / name)
    return destination


def make_fixture(destination: Path) -> Path:
    """A copy of the minimal project whose mkdocs.yml points at the real hooks."""
    shutil.copytree(FIXTURE, destination)
    config = destination / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_FILE", str(HOOKS_FILE)))
    return destination


# A stand-in route for corrections, on a host reserved for tests (RFC 6761).
CORRECTIONS = "https://briefing.test/issues"


def run_briefing(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m briefing ARGS`` as an editor runs it, with its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def run_build(
    project: Path,
    site_dir: Path,
    *extra: str,
    site_url: str | None = None,
    strict: bool = True,
    corrections: str | None = CORRECTIONS,
    engine: Sequence[str] = (sys.executable, "-m", "mkdocs"),
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` in a project folder, as a reader or CI would run it
    (``engine``: the command, MkDocs' by default; ProperDocs' takes the same arguments).

    Without ``site_url`` the build has no published address (``SITE_URL`` unset),
    whatever the environment running the tests holds.  A published build needs a route for
    corrections: ``corrections`` (``CORRECTIONS_URL``), a stand-in on a reserved host unless
    a test passes None; an unpublished one gets none, as a preview would."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "CORRECTIONS_URL")}
    if site_url is not None and corrections is not None:
        env["CORRECTIONS_URL"] = corrections
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [
            *engine,
            "build",
            *(("--strict",) if strict else ()),
            *("-d", str(site_dir), *extra),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- model objects for unit tests, without a dataset ----------------------------------------

CITATION = (Citation("src-one", "A quote."),)


def event(record_id: str, date: str | None, **fields: object) -> Event:
    """An event with only what a test names; ``date`` as an editor writes it."""
    values: dict = {"title": f"Event {record_id}", "kind": "visit", "topics": ("aid",)}
    values |= {"sources": CITATION, "file": "data/events/x.yml", "line": 1, **fields}
    return Event(id=record_id, date=PartialDate.parse(date) if date else None, **values)


def agreement(
    record_id: str, date: str | None, amount: Amount | None = None, **fields: object
) -> Agreement:
    """An agreement with only what a test names; ``date`` as an editor writes it."""
    values: dict = {"title": f"Agreement {record_id}", "kind": "loan", "topics": ("aid",)}
    values |= {"sources": CITATION, "file": "data/agreements/x.yml", "line": 1, **fields}
    parsed = PartialDate.parse(date) if date else None
    return Agreement(id=record_id, date=parsed, amount=amount, **values)


def problems_of(root: Path, sources: Path | None = None) -> list[Problem]:
    try:
        load_dataset(root, sources)
    except DataError as error:
        return error.problems
    return []


# -- hostile data: every string field of every collection, every output -------------------
#
# Each field gets its own text, tagged with the field's path (`events.summary`), built to break
# out of every context it may be shown in: HTML, attributes, Markdown, attr_list, Jinja, links,
# spreadsheets.  The fields are walked from dataset/schema.py, so a new field is covered as
# soon as it is declared.  In a browser, any of it running would open a dialog.

HOSTILE_ID = "zz-hostile"  # ids and slugs cannot carry text: they are validated
# The hostile record of each collection, e.g. `zz-hostile-event`.
HOSTILE_IDS = {c.name: f"{HOSTILE_ID}-{c.singular}" for c in schema.COLLECTIONS}
JINJA_PROBE = "{{ 'zq' * 3 }}"  # rendered by a template engine, it would read zqzqzq
STRING = schema.Scalar("string")
# Fields that cannot all be given at once; none of them holds text.  An event cannot be part
# of itself, and `reported` stands in for a `date` that no source gives.  A figure states a
# `value` or shows the amounts of `amount_of`; the hostile figure keeps the text.
LEFT_OUT = {"events": ("part_of", "reported"), "topics": ("figures.amount_of",)}
# A gazetteer entry is drawn at one point the reference data has (Phnom Penh's GeoNames
# id); it lists no further records, whose quotes would have to name it.
LEFT_OUT["places"] = ("path", "part_of", "records", "country")
HOSTILE_GEONAMES = 1821306
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3


def hostile_text(tag: str, paragraphs: bool = False) -> str:
    """Hostile text for the field ``tag``; ``paragraphs`` adds block syntax for text fields."""
    text = (
        f'=HYPERLINK("x") {tag} "><script>alert(\'{tag}\')</script>'
        f"<img src=x onerror=alert('{tag}')> [x](javascript:alert('{tag}')) "
        f"![i](javascript:alert('{tag}')) {{: onclick=alert('{tag}') }} {JINJA_PROBE} "
        f"&lt;b&gt; &amp; &#60;i&#62; *em* `code` Khmer ភ្នំពេញ, 東京, marks \u200f\u200eok "
        + LONG_WORD
    )
    if paragraphs:
        text += (
            f"\n\n# {tag} heading\n1. list\n<iframe src=\"javascript:alert('{tag}')\"></iframe>"
            f"\n\n<a href=\"javascript:alert('{tag}')\">link</a> {{: onclick=alert('{tag}') }}"
        )
    return text


def _hostile_value(ftype: Any, tag: str, refs: dict[str, str], vocabulary: dict[str, str]) -> Any:
    if isinstance(ftype, schema.Scalar):
        return {
            "string": lambda: hostile_text(tag),
            "text": lambda: hostile_text(tag, paragraphs=True),
            "id": lambda: HOSTILE_ID,
            "date": lambda: "2024-09",
            "url": lambda: f"https://example.org/{tag}?q=\"><script>alert('{tag}')</script>",
            "number": lambda: 1.5,
            "integer": lambda: 99,
            "boolean": lambda: True,
        }[ftype.kind]()
    if isinstance(ftype, schema.Ref):
        return refs[ftype.collection]
    if isinstance(ftype, schema.Vocab):
        return vocabulary[ftype.name]
    if isinstance(ftype, schema.ListOf):
        return [_hostile_value(ftype.item, tag, refs, vocabulary)]
    if isinstance(ftype, schema.Obj):
        return {
            f.name: _hostile_value(f.type, f"{tag}.{f.name}", refs, vocabulary)
            for f in ftype.fields
        }
    raise TypeError(f"no hostile value for a field of type {ftype!r}: add one here")


def hostile_fields(obj: schema.Obj | schema.Collection, prefix: str) -> list[str]:
    """The path of every text field (what ``hostile_text`` tags) below ``obj``."""
    paths: list[str] = []
    for f in obj.fields:
        ftype = f.type.item if isinstance(f.type, schema.ListOf) else f.type
        if isinstance(ftype, schema.Scalar) and ftype.kind in ("string", "text"):
            paths.append(f"{prefix}.{f.name}")
        elif isinstance(ftype, schema.Obj):
            paths += hostile_fields(ftype, f"{prefix}.{f.name}")
    return paths


def _quotes(value: Any) -> list[str]:
    """Every citation's quote below ``value``."""
    if isinstance(value, dict):
        found = [value["quote"]] if isinstance(value.get("quote"), str) else []
        return found + [q for v in value.values() for q in _quotes(v)]
    if isinstance(value, list):
        return [q for v in value for q in _quotes(v)]
    return []


def add_hostile_data(project: Path) -> list[str]:
    """Add one hostile record to every collection of a project copy, a hostile value to
    every vocabulary, hostile dataset text and a hostile essay.  Returns the tag of every
    hostile text field, to look for in the outputs."""
    data = project / "data"
    vocab_path = data / "vocabulary.yml"
    vocabularies = yaml.safe_load(vocab_path.read_text(encoding="utf-8"))
    vocabulary = {}
    for name in schema.VOCABULARY_NAMES:
        # A vocabulary value is a key (load.VOCABULARY_KEY): letters, digits, hyphens.
        value = f"{HOSTILE_ID}-{name.replace('_', '-')}"
        vocabularies[name].append(value)
        vocabulary[name] = value
    vocab_path.write_text(yaml.safe_dump(vocabularies, allow_unicode=True), encoding="utf-8")
    dataset_path = data / "dataset.yml"
    info = yaml.safe_load(dataset_path.read_text(encoding="utf-8"))
    for f in schema.DATASET.fields:
        if f.type == STRING:
            info[f.name] = hostile_text(f"dataset.{f.name}")
    dataset_path.write_text(yaml.safe_dump(info, allow_unicode=True), encoding="utf-8")
    # A key point or figure cites records (events or agreements): the hostile agreement,
    # which has an amount.
    refs = {**HOSTILE_IDS, "records": HOSTILE_IDS["agreements"]}
    tags = [f"dataset.{f.name}" for f in schema.DATASET.fields if f.type == schema.Scalar("string")]
    quotes: list[str] = []
    source_text = project / "sources" / f"{HOSTILE_ID}.txt"
    for collection in schema.COLLECTIONS:
        record = _hostile_value(
            schema.Obj(collection.name, collection.fields), collection.name, refs, vocabulary
        )
        record[collection.key] = refs[collection.name]
        for name in LEFT_OUT.get(collection.name, ()):
            field, _, inner = name.partition(".")
            if inner:
                for item in record.get(field, []):
                    item.pop(inner, None)
            else:
                record.pop(name)
        quotes += _quotes(record)
        if collection is schema.SOURCES:
            # A file name as hostile as the file system allows (no "/"); the text there
            # holds every hostile quote, so that the quote check passes honestly.
            record["file"] = '=HYPERLINK("x") sources.file "><img onerror=alert(\'sources.file\')>'
            # Each section's heading is a line of the text.
            quotes += [section["heading"] for section in record.get("sections", [])]
            source_text = project / "sources" / record["file"]
        if collection is schema.PLACES:
            # The hostile records' places resolve to this entry, as every place must.
            record["geonames"] = HOSTILE_GEONAMES
            record["matches"] += [hostile_text(f"{c}.place") for c in ("events", "agreements")]
        target = data / collection.location.removeprefix("data/").replace("*", HOSTILE_ID)
        existing = target.read_text(encoding="utf-8") if target.exists() else ""
        block = yaml.safe_dump([record], allow_unicode=True, sort_keys=False)
        target.write_text(existing.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        left_out = {f"{collection.name}.{name}" for name in LEFT_OUT.get(collection.name, ())}
        tags += [t for t in hostile_fields(collection, collection.name) if t not in left_out]
    source_text.write_text(
        f"---\nid: {HOSTILE_ID}\n---\n" + "\n\n".join(quotes) + "\n", encoding="utf-8"
    )
    front = {
        f.name: _hostile_value(f.type, f"essay.{f.name}", refs, vocabulary)
        for f in schema.ESSAY.fields
    }
    front["topics"] = [refs["topics"], "aid"]
    front["date"] = "2024-09-01"
    # Essays refer to records, actors and sources; the gazetteer is not a reference target.
    cited = (
        f"[[{c.singular}:{refs[c.name]}]]"
        for c in schema.COLLECTIONS
        if c.key == "id" and c is not schema.PLACES
    )
    body = "Records: " + ", ".join(cited) + ".\n"
    (project / "docs/essays" / f"{HOSTILE_ID}.md").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body,
        encoding="utf-8",
    )
    tags += hostile_fields(schema.ESSAY, "essay")
    return tags


# ---------------------------------------------------------------------------
# The preview server
# ---------------------------------------------------------------------------

SERVE_TIMEOUT = 90


def free_port() -> int:
    """A loopback port that is free now, for a server started in another process."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PreviewServer:
    """`mkdocs serve` (or another server taking ``-a``, such as ``briefing serve``)
    on a project copy, with its log, for tests of the preview."""

    def __init__(
        self,
        project: Path,
        command: tuple[str, ...] = ("mkdocs", "serve"),
        env: dict[str, str] | None = None,
    ):
        self.port = free_port()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", *command, "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
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
        deadline = time.monotonic() + SERVE_TIMEOUT
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
