"""The build plan: one composition root for the adapter, ``generate`` and ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.commands.generate import generate
from briefing.dataset.problems import DataError
from briefing.plan import Settings, load_plan
from support import edit


def _files_holding(folder: Path, needle: bytes) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and needle in p.read_bytes()
    )


def test_generate_checks_every_quote(fixture_root: Path, tmp_path: Path) -> None:
    edit(
        fixture_root / "data/agreements/loans.yml",
        "Japan signed a loan.",
        "Japan signed a fabricated loan.",
    )
    with pytest.raises(DataError) as error:
        generate(fixture_root, tmp_path / "out")
    assert (
        "data/agreements/loans.yml:18: record road-loan: field sources[0].quote: "
        "not found verbatim in source 'src-one'"
    ) in str(error.value)
    assert not (tmp_path / "out").exists()


def test_generate_writes_no_placeholder_address(
    fixture_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/briefing/")
    result = generate(fixture_root, tmp_path / "placeholder")
    assert _files_holding(result.out, b"example.org") == []
    assert result.warnings == (
        "briefing: site_url https://example.org/briefing/ is a placeholder; pages show paths",
    )
    # The control: a real address does reach the feeds.
    monkeypatch.setenv("SITE_URL", "https://briefing.invalid/site/")
    published = generate(fixture_root, tmp_path / "published")
    assert "docs/feed.xml" in _files_holding(published.out, b"https://briefing.invalid/site/")
    assert published.warnings == ()


def test_the_site_address_rule() -> None:
    root = Path("/project")
    assert Settings.from_config(root, {}).site.url == "/"
    assert Settings.from_config(root, {"site_url": "https://a.invalid/x"}).site_url == (
        "https://a.invalid/x/"
    )
    local = Settings.from_config(root, {"site_url": "http://127.0.0.1:8000/"})
    assert local.site_url is None and local.site.url == "/"
    assert local.placeholder_url == "http://127.0.0.1:8000/"


def test_directory_urls_off_and_bad_options_are_refused_together() -> None:
    config = {"use_directory_urls": False, "extra": {"briefing": {"listing_limit": 0}}}
    with pytest.raises(DataError) as error:
        Settings.from_config(Path("/project"), config)
    message = str(error.value)
    assert "mkdocs.yml:1: field use_directory_urls: false is not supported" in message
    assert "mkdocs.yml:1: field extra.briefing.listing_limit:" in message


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        (".", "would replace the project itself"),
        ("..", "would replace the project itself"),
        ("data", "input folder data/"),
        ("data/events", "input folder data/"),
        ("docs", "input folder docs/"),
        ("sources", "input folder sources/"),
        ("hooks/out", "input folder hooks/"),
        ("site", None),
        ("build/tree", None),
    ],
)
def test_an_output_folder_is_never_an_input(
    fixture_root: Path, out: str, expected: str | None
) -> None:
    settings = Settings.from_config(fixture_root, {})
    problem = settings.output_problem(fixture_root / out)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


def test_an_essay_gets_its_tags_from_the_plan(fixture_root: Path) -> None:
    plan = load_plan(Settings.from_config(fixture_root, {}))
    meta = plan.page_meta("essays/on-the-loan.md", {"title": "On the loan"})
    assert meta["tags"] == [plan.dataset.topics["aid"].title]
    assert "tags" not in plan.page_meta("index.md", {"title": "Home"})


def test_search_splits_words_as_mkdocs_yml_says_read_either_way() -> None:
    """The site search's word separator is the search plugin's in mkdocs.yml, whether the
    config was read by ``config_file`` (``briefing index``) or loaded by MkDocs (the hooks)."""
    from mkdocs.config import load_config

    from briefing.config_file import CONFIG_NAME, read_config, resolved
    from briefing.plan import DEFAULT_SEARCH_SEPARATOR, Settings

    root = Path(__file__).resolve().parents[2]
    written = resolved(read_config(root / CONFIG_NAME))
    expected = next(p["search"]["separator"] for p in written["plugins"] if "search" in p)
    assert expected != DEFAULT_SEARCH_SEPARATOR
    assert Settings.from_config(root, written).search_separator == expected
    loaded = load_config(str(root / CONFIG_NAME))
    assert Settings.from_config(root, loaded).search_separator == expected
    bare = {**written, "plugins": ["search", "tags"]}
    assert Settings.from_config(root, bare).search_separator == DEFAULT_SEARCH_SEPARATOR
