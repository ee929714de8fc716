"""The publish path: the GitHub Pages workflow, the address from the environment, and what a
published build leaves out (the full source texts, any made-up address).

The workflow cannot run here; what can be checked is checked: it parses, it builds with the
README's command, it takes the address from Pages, and it uses the official Pages actions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from support import ROOT, SOURCES_DIR

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def _workflow() -> dict:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _steps(job: str) -> list[dict]:
    return _workflow()["jobs"][job]["steps"]


def _mkdocs_command(line: str) -> str:
    """`mkdocs build ...` as written, without a venv prefix or environment assignments."""
    match = re.search(r"(?:\.venv/bin/)?(mkdocs build[^\n#]*)", line)
    assert match, line
    return match.group(1).strip()


def _readme_publish_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_workflow_parses_and_runs_on_main_and_by_hand() -> None:
    document = _workflow()
    # YAML 1.1 reads the bare key `on` as True.
    triggers = document.get("on", document.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert document["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert document["jobs"]["deploy"]["needs"] == "build"


def test_the_workflow_uses_the_official_pages_actions() -> None:
    used = [step["uses"].split("@")[0] for step in _steps("build") if "uses" in step]
    assert used == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    upload = next(s for s in _steps("build") if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    assert [s["uses"].split("@")[0] for s in _steps("deploy")] == ["actions/deploy-pages"]


def test_the_workflow_builds_with_the_readme_command_and_the_address_from_pages() -> None:
    builds = [s for s in _steps("build") if "mkdocs build" in s.get("run", "")]
    assert len(builds) == 1
    build = builds[0]
    assert _mkdocs_command(build["run"]) == "mkdocs build --strict"
    assert _mkdocs_command(_readme_publish_block()) == _mkdocs_command(build["run"])
    pages = next(s for s in _steps("build") if "configure-pages" in s.get("uses", ""))
    expected = "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    assert build["env"]["SITE_URL"] == expected


def test_no_host_is_written_into_the_configuration_or_the_workflow() -> None:
    for path in (ROOT / "mkdocs.yml", WORKFLOW):
        lines = path.read_text(encoding="utf-8").splitlines()
        settings = [line for line in lines if not line.lstrip().startswith("#")]
        assert not [line for line in settings if "://" in line], path


@pytest.mark.parametrize("address", ["https://someone.github.io/briefing/", None])
def test_site_url_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, address: str | None
) -> None:
    if address is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", address)
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    assert config.site_url == address


@pytest.mark.build
def test_a_build_without_an_address_writes_paths_not_a_made_up_host(built_site: Path) -> None:
    site = built_site  # built with SITE_URL unset
    assert not any(
        '<link rel="canonical"' in page.read_text(encoding="utf-8")
        or 'property="og:url"' in page.read_text(encoding="utf-8")
        for page in site.rglob("*.html")
    )
    for page in [*site.rglob("*.html"), *site.rglob("*.xml"), *site.rglob("*.json")]:
        assert "127.0.0.1" not in page.read_text(encoding="utf-8"), page


@pytest.mark.build
def test_the_published_site_quotes_the_sources_but_does_not_republish_them(
    built_site: Path,
) -> None:
    names = {p.name for p in SOURCES_DIR.glob("*.txt")}
    assert not [p for p in built_site.rglob("*") if p.name in names]
    published = "\n".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in built_site.rglob("*.html")
    )
    for text in SOURCES_DIR.glob("*.txt"):
        body = " ".join(text.read_text(encoding="utf-8").split("---", 2)[2].split())
        # No stretch of 400 characters (a few sentences) appears on any page.
        windows = [body[i : i + 400] for i in range(0, max(len(body) - 400, 1), 200)]
        assert not [w for w in windows if w in published], text.name
