"""The schema the site publishes is the one editors are wired to, and the data satisfies it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from briefing.commands import editing
from briefing.dataset.yaml_lines import load_yaml
from support import ROOT

pytestmark = pytest.mark.build


def _published(site: Path) -> dict:
    return json.loads((site / "downloads/schema.json").read_text(encoding="utf-8"))


def test_every_data_file_validates_against_the_published_schema(built_site: Path) -> None:
    published = _published(built_site)
    jsonschema.Draft202012Validator.check_schema(published)
    checked = 0
    for name in editing.EDITED:
        part = {"$schema": published["$schema"], **published["properties"][name]}
        validator = jsonschema.Draft202012Validator(part)
        pattern = editing.yaml_schemas()[f"./{editing.schema_path(name)}"]
        for path in sorted(ROOT.glob(pattern)):
            content, problems = load_yaml(path, ROOT)
            assert not problems
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(content)]
            assert not errors, f"{path.relative_to(ROOT)}: {errors}"
            checked += 1
    assert checked >= 8


def test_the_editor_schemas_are_slices_of_the_published_one(built_site: Path) -> None:
    published = _published(built_site)
    for name in editing.EDITED:
        committed = json.loads((ROOT / editing.schema_path(name)).read_text(encoding="utf-8"))
        assert committed["items"] == published["properties"][name]["items"], name
