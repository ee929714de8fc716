"""Coverage: every sentence of every source is cited, quoted by an essay, or left out
with a reason in data/coverage.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.commands import cli
from briefing.dataset import coverage
from briefing.dataset.load import load_dataset
from support import ROOT, SOURCES_DIR, edit, problems_of, require


def _sources() -> Path:
    require(
        SOURCES_DIR.is_dir(),
        f"source texts not found at {SOURCES_DIR} (the texts live in sources/)",
    )
    return SOURCES_DIR


def test_the_real_sources_have_no_uncovered_sentence(capsys: pytest.CaptureFixture) -> None:
    sources = _sources()
    assert cli.main(["coverage", str(ROOT), "--sources", str(sources)]) == 0
    out = capsys.readouterr().out
    assert ", 0 uncovered" in out
    assert "(0 not left out)" in out  # no figure or list item of a quoted sentence is lost
    assert "stale" not in out
    dataset = load_dataset(ROOT, sources)
    essays = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs/essays").glob("*.md")}
    report = coverage.measure(dataset, sources, essays)
    assert report.uncovered == [] and report.stale == []
    # Headings and left-out sentences are the minority: most sentences are cited.
    counts = report.counts()
    assert counts["covered"] > counts.get("left out", 0) + counts.get("heading", 0)


def test_sentences_split_as_a_reader_would() -> None:
    body = (
        "Japan keeps pace with the United States.Indeed, it differs.\n"
        "Gen. Chhum Sochet said so. It raised concerns from the U.S. and others.\n"
        "1. Grant aid (approximately USD 2.7 million) to implement it.\n"
        "Background\n"
    )
    texts = [s.text for s in coverage.split_sentences("s", body)]
    assert texts == [
        "Japan keeps pace with the United States.",
        "Indeed, it differs.",
        "Gen. Chhum Sochet said so.",
        "It raised concerns from the U.S. and others.",
        "1. Grant aid (approximately USD 2.7 million) to implement it.",
        "Background",
    ]
    sentences = coverage.split_sentences("s", body)
    assert [s.heading for s in sentences] == [False] * 5 + [True]


@pytest.fixture
def fixture_sources(fixture_root: Path) -> Path:
    sources = fixture_root / "sources"
    (sources / "src-one.txt").write_text(
        "---\nid: src-one\n---\nThe minister visited on 5-6 July 2024. Japan signed a loan. "
        "The weather was fine.\n",
        encoding="utf-8",
    )
    return sources


def test_an_uncovered_sentence_fails_and_is_named(
    fixture_root: Path, fixture_sources: Path, capsys: pytest.CaptureFixture
) -> None:
    code = cli.main(["coverage", str(fixture_root), "--sources", str(fixture_sources)])
    out = capsys.readouterr().out
    assert code == 1
    assert "   3 [UNCOVERED] The weather was fine." in out
    assert "Total: 2 covered, 0 left out, 0 heading, 1 uncovered" in out


def test_a_left_out_sentence_passes_and_a_stale_one_fails(
    fixture_root: Path, fixture_sources: Path, capsys: pytest.CaptureFixture
) -> None:
    coverage_file = fixture_root / "data/coverage.yml"
    coverage_file.write_text(
        "left_out:\n"
        "  - source: src-one\n"
        '    quote: "The weather was fine."\n'
        "    reason: furniture\n",
        encoding="utf-8",
    )
    args = ["coverage", str(fixture_root), "--sources", str(fixture_sources)]
    assert cli.main(args) == 0
    assert "1 left out, 0 heading, 0 uncovered" in capsys.readouterr().out
    # Listing a sentence that a record cites is stale: the list must stay true.
    edit(coverage_file, "The weather was fine.", "Japan signed a loan.")
    assert cli.main(args) == 1
    assert "stale left-out entry (src-one: 'Japan signed a loan.'): sentence 2 is covered" in (
        capsys.readouterr().out
    )


def test_a_left_out_entry_is_validated_like_a_citation(
    fixture_root: Path, fixture_sources: Path
) -> None:
    (fixture_root / "data/coverage.yml").write_text(
        'left_out:\n  - source: src-one\n    quote: "The weather was foul."\n    reason: boredom\n',
        encoding="utf-8",
    )
    found = {
        (p.file, p.line, p.field, p.message) for p in problems_of(fixture_root, fixture_sources)
    }
    assert (
        "data/coverage.yml",
        4,
        "left_out[0].reason",
        "unknown reason 'boredom'; expected one of furniture, heading, repetition, link, byline "
        "(the list is `left_out_reasons` in data/vocabulary.yml)",
    ) in found
    edit(fixture_root / "data/coverage.yml", "boredom", "furniture")
    found = {
        (p.file, p.line, p.field, p.message) for p in problems_of(fixture_root, fixture_sources)
    }
    assert found == {
        (
            "data/coverage.yml",
            3,
            "left_out[0].quote",
            "not found verbatim in source 'src-one': expected words copied exactly from "
            "sources/src-one.txt (only white space may differ)",
        )
    }


# -- below a sentence: the facts it gives --------------------------------------------


def test_a_sentence_gives_its_figures_and_the_items_of_its_list() -> None:
    text = "1. Japan gave 52% to 3 groups, including a dam, a road and a zorbic levy."
    sentence = coverage.Sentence("src", 1, text, 100, 100 + len(text))
    facts = coverage.sentence_facts(sentence)
    assert [f.text for f in facts] == ["52%", "3", "a dam", "a road", "a zorbic levy"]
    dam = facts[2]
    assert text[dam.start - 100 : dam.end - 100] == "a dam"  # offsets in the body


def test_a_fact_is_found_in_prose_by_most_of_its_words() -> None:
    sentence = coverage.Sentence("src", 1, "x", 0, 1)
    prose = {"clean", "water", "sewage"}
    assert coverage.fact_in_prose(coverage.Fact(sentence, "clean water", 0, 1), prose)
    assert not coverage.fact_in_prose(coverage.Fact(sentence, "cyber security", 0, 1), prose)


def test_a_fact_no_page_gives_fails_though_its_sentence_is_quoted(
    fixture_root: Path, capsys: pytest.CaptureFixture
) -> None:
    sources = fixture_root / "sources"
    (sources / "src-one.txt").write_text(
        "---\nid: src-one\n---\nThe minister visited on 5-6 July 2024. "
        "Japan signed a loan. A second text followed, including a zorbic levy.\n",
        encoding="utf-8",
    )
    for name in ("data/agreements/loans.yml", "data/actors.yml"):
        text = (fixture_root / name).read_text(encoding="utf-8")
        (fixture_root / name).write_text(
            text.replace('"Japan signed a loan."', '"A second text followed"', 1), encoding="utf-8"
        )
    args = ["coverage", str(fixture_root), "--sources", str(sources)]
    assert cli.main(args) == 1
    out = capsys.readouterr().out
    assert "src-one    3 [UNCOVERED FACT] 'a zorbic levy'" in out
    assert "1 facts of covered sentences on no page (1 not left out)" in out
    # A data/coverage.yml entry whose quote spans the fact leaves it out, with its reason.
    (fixture_root / "data/coverage.yml").write_text(
        'left_out:\n  - source: src-one\n    quote: "a zorbic levy"\n    reason: repetition\n',
        encoding="utf-8",
    )
    assert cli.main(args) == 0
    assert "(0 not left out)" in capsys.readouterr().out
