"""Round two of hostile input: each family of faults is refused at its file, line, record
and field (or made harmless), whatever member of the family arrives."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.commands import cli
from briefing.dataset.load import sources_folder
from briefing.dataset.problems import Problem
from support import edit, problems_of

SOURCES = "data/sources.yml"
EVENTS = "data/events/visit.yml"


def located(problems: list[Problem]) -> list[tuple[str, int, str | None, str | None]]:
    return [(p.file, p.line, p.record, p.field) for p in problems]


# -- quote verification cannot be switched off ---------------------------------------


def test_a_missing_sources_folder_is_an_error_not_a_skipped_check(fixture_root: Path) -> None:
    shutil.rmtree(fixture_root / "sources")
    problems = problems_of(fixture_root, sources_folder(fixture_root))
    assert located(problems) == [("sources", 1, None, None)]
    assert problems[0].cause and "folder missing" in problems[0].message


def test_check_fails_without_the_source_texts(
    fixture_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(fixture_root / "data/events/visit.yml", "quote: ", "quote: Invented words ")
    shutil.rmtree(fixture_root / "sources")
    assert cli.main(["check", str(fixture_root)]) == 1
    assert "sources:1: folder missing" in capsys.readouterr().err


def test_a_missing_source_text_is_an_error(fixture_root: Path) -> None:
    (fixture_root / "sources/src-one.txt").unlink()
    problems = problems_of(fixture_root, sources_folder(fixture_root))
    assert located(problems) == [(SOURCES, 7, "src-one", "file")]


@pytest.mark.parametrize(
    "name", ["../data/dataset.yml", "/etc/hostname", "sub/src-one.txt", "..", "a\\\\b.txt"]
)
def test_a_source_file_outside_the_sources_folder_is_refused(fixture_root: Path, name: str) -> None:
    # A quote checked against any file of the project (or of the machine) is not checked.
    edit(fixture_root / SOURCES, "file: src-one.txt", f'file: "{name}"')
    problems = problems_of(fixture_root, sources_folder(fixture_root))
    assert located(problems) == [(SOURCES, 7, "src-one", "file")]
    assert "expected the name of a file in sources/" in problems[0].message


def test_a_source_text_linked_from_elsewhere_in_the_project_is_refused(
    fixture_root: Path,
) -> None:
    text = fixture_root / "sources/src-one.txt"
    shutil.move(text, fixture_root / "elsewhere.txt")
    text.symlink_to(fixture_root / "elsewhere.txt")
    problems = problems_of(fixture_root, sources_folder(fixture_root))
    assert (SOURCES, 7, "src-one", "file") in located(problems)


# -- front matter reaches Material's templates raw --------------------------------------

PAGE = "docs/index.md"


def _page_front(root: Path, front: str) -> list[Problem]:
    from briefing.dataset.problems import DataError
    from briefing.plan import load_project

    page = root / PAGE
    page.write_text(f"---\ntitle: Home\n{front}\n---\n\n# Home\n", encoding="utf-8")
    try:
        load_project(root, root / "docs", sources_folder(root))
    except DataError as error:
        return error.problems
    return []


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ('status: new" onclick="alert(4)', "status"),
        ("status: New Page", "status"),
        ("icon: material/no-such-icon", "icon"),
        ("icon: ../../base", "icon"),
        ("icon: '<svg onload=alert(1)>'", "icon"),
        ("template: no-such.html", "template"),
        ("template: ../../../etc/passwd", "template"),
        ("template: partials/header.html", "template"),
        ("template: redirect.html", "template"),
        ("location: javascript:alert(1)", "location"),
        ("revision_date: <script>alert(1)</script>", "revision_date"),
        ("hide: [navigation, everything]", "hide"),
        ("hide: toc", "hide"),
        ("search: {boost: .inf}", "search"),
        ("subtitle: [a, b]", "subtitle"),
        ("tags: <b>x</b>", "tags"),
        ("Title: Shadow", "Title"),
    ],
)
def test_front_matter_keys_material_prints_are_checked_with_their_line(
    fixture_root: Path, front: str, field: str
) -> None:
    problems = _page_front(fixture_root, front)
    assert located(problems) == [(PAGE, 3, None, field)]


@pytest.mark.parametrize(
    "front",
    [
        "status: new",
        "icon: material/book-open-variant",
        "template: main.html",
        "hide: [navigation, toc]",
        "search: {boost: 2}",
        "subtitle: '<b>bold</b> & more'",  # free text: escaped when printed, not refused
    ],
)
def test_good_front_matter_passes(fixture_root: Path, front: str) -> None:
    assert _page_front(fixture_root, front) == []


def test_an_essay_with_a_key_material_prints_is_refused(fixture_root: Path) -> None:
    essay = fixture_root / "docs/essays/on-the-loan.md"
    edit(essay, "---\n", '---\nstatus: x" onclick="alert(1)\n')
    problems = _page_front(fixture_root, "")
    assert located(problems) == [("docs/essays/on-the-loan.md", 2, None, "status")]


# -- files in docs/: links out of the project, names that cannot be addresses ---------------


def _docs_problems(root: Path) -> list[Problem]:
    from briefing.dataset.problems import DataError
    from briefing.plan import load_project

    try:
        load_project(root, root / "docs", sources_folder(root))
    except DataError as error:
        return error.problems
    return []


@pytest.mark.parametrize("name", ["notes.txt", "logo.png", "page.md", "styles.css", "folder"])
def test_a_link_out_of_the_project_in_docs_is_refused_for_every_file_type(
    fixture_root: Path, tmp_path: Path, name: str
) -> None:
    outside = tmp_path / "outside" / name
    outside.parent.mkdir()
    if name == "folder":
        outside.mkdir()
        (outside / "secret.txt").write_text("secret", encoding="utf-8")
        (outside / "page.md").write_text("# Secret\n", encoding="utf-8")
    else:
        outside.write_text("secret", encoding="utf-8")
    (fixture_root / "docs" / name).symlink_to(outside)
    problems = _docs_problems(fixture_root)
    assert located(problems) == [(f"docs/{name}", 1, None, None)]
    assert "link to a file outside the project" in problems[0].message


def test_a_link_inside_the_project_is_published_as_before(fixture_root: Path) -> None:
    (fixture_root / "notes.txt").write_text("ours", encoding="utf-8")
    (fixture_root / "docs/notes.txt").symlink_to(fixture_root / "notes.txt")
    assert _docs_problems(fixture_root) == []


@pytest.mark.parametrize(
    "name",
    [
        "a#b.md",
        "a&b.md",
        "why?.md",
        "a\\b.md",
        "100%.md",
        "tab\there.txt",
        'q"x.md',
        "c:x.md",
        "a|b.md",
        "star*.md",
    ],
)
def test_a_docs_file_name_that_cannot_be_an_address_is_refused(
    fixture_root: Path, name: str
) -> None:
    (fixture_root / "docs/essays" / name).write_text("# Page\n", encoding="utf-8")
    problems = _docs_problems(fixture_root)
    assert located(problems) == [(f"docs/essays/{name}", 1, None, None)]
    assert "cannot be part of a page's address" in problems[0].message


# -- characters XML 1.0 forbids, in every text field --------------------------------------

XML_FORBIDDEN = ["\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ufffe", "\uffff"]
XML_FORBIDDEN += ["\U0001fffe", "\U0010ffff", "\ufdd0"]


def _yaml_escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@pytest.mark.parametrize("char", XML_FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        (
            "data/events/visit.yml",
            "  title: A minister visits",
            '  title: "A minister{} visits"',
            (5, "minister-visit", "title"),
        ),
        ("data/dataset.yml", "title: Fixture dataset", 'title: "F{}"', (1, None, "title")),
        (
            "data/vocabulary.yml",
            "event_kinds: [visit, meeting]",
            'event_kinds: [visit, meeting, "odd{}"]',
            (1, None, "event_kinds[2]"),
        ),
        (
            "docs/essays/on-the-loan.md",
            "\ntitle: ",
            '\ntitle: "x{}" #',
            (2, None, "title"),
        ),
    ],
)
def test_characters_xml_forbids_are_refused_in_text_fields(
    fixture_root: Path,
    char: str,
    file: str,
    old: str,
    new: str,
    where: tuple[int, str | None, str | None],
) -> None:
    edit(fixture_root / file, old, new.format(_yaml_escape(char)))
    problems = [p for p in _docs_problems(fixture_root) if p.file == file]
    assert located(problems) == [(file, *where)]
    assert f"U+{ord(char):04X}" in problems[0].message


def test_a_surrogate_escape_is_refused(fixture_root: Path) -> None:
    # PyYAML itself refuses a lone surrogate escape; it must arrive as a located problem.
    edit(fixture_root / EVENTS, "  title: A minister visits", '  title: "A \\ud800 visit"')
    assert [(p.file, p.line) for p in _docs_problems(fixture_root)] == [(EVENTS, 5)]


@pytest.mark.parametrize("char", ["\x01", "\x0c", "\x1b"], ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_character_in_a_page_body_is_refused_at_its_line(
    fixture_root: Path, char: str
) -> None:
    page = fixture_root / "docs/index.md"
    page.write_text(f"# Home\n\nFine.\n\nNot{char} fine.\n", encoding="utf-8")
    problems = _docs_problems(fixture_root)
    assert located(problems) == [("docs/index.md", 5, None, None)]


def test_a_control_character_in_the_site_name_is_refused(
    fixture_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(fixture_root / "mkdocs.yml", "site_name: Fixture briefing", 'site_name: "Fix\\x01ture"')
    assert cli.main(["check", str(fixture_root)]) == 1
    assert "mkdocs.yml:1: field site_name: contains U+0001" in capsys.readouterr().err


# -- reference data under data/geo/ --------------------------------------------------------

GEO_PLACES = "data/geo/places.json"
GEO_BOUNDARIES = "data/geo/boundaries.json"


@pytest.fixture
def geo_project(tmp_path: Path) -> Path:
    """A copy of the real project, whose gazetteer needs data/geo/."""
    from support import copy_project

    return copy_project(tmp_path / "project")


def _pretty_places(project: Path) -> str:
    """places.json as the tool writes it, one key a line."""
    return (project / GEO_PLACES).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('"lat": 11.5625', '"lat": NaN', None),
        ('"lon": 104.916', '"lon": Infinity', None),
        ('"lon": 104.916', '"lon": -Infinity', None),
        ('"lat": 11.5625', '"lat": 1e999', "places.1821306.lat"),
        ('"lat": 11.5625', '"lat": 91', "places.1821306.lat"),
        ('"lat": 11.5625', '"lat": "11.5"', "places.1821306.lat"),
        ('"lat": 11.5625', '"lat": true', "places.1821306.lat"),
        ('"lat": 11.5625', '"lat": ' + "9" * 400, None),
        ('"lat": 11.5625', '"lat": 1' + "0" * 5000, None),
    ],
)
def test_bad_coordinates_in_places_json_are_refused_at_their_line(
    geo_project: Path, old: str, new: str, field: str | None
) -> None:
    text = _pretty_places(geo_project)
    line = text[: text.index(old)].count("\n") + 1
    edit(geo_project / GEO_PLACES, old, new)
    problems = problems_of(geo_project)
    assert located(problems)[:1] == [(GEO_PLACES, line, None, field)]


@pytest.mark.parametrize("cut", [3, 100, 2000])
def test_a_truncated_geo_file_is_refused_with_its_line(geo_project: Path, cut: int) -> None:
    for name in (GEO_PLACES, GEO_BOUNDARIES):
        path = geo_project / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: len(text) - cut], encoding="utf-8")
    problems = problems_of(geo_project)
    assert sorted(p.file for p in problems) == [GEO_BOUNDARIES, GEO_PLACES]
    assert all(p.line >= 1 and "not valid JSON" in p.message for p in problems)


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ("[]", ""),
        ('{"source": "s", "licence": "l"}', "countries"),
        ('{"source": "s", "licence": "l", "countries": {}}', "countries"),
        ('{"source": "s", "licence": "l", "countries": [{"code": "KH"}]}', "countries[0].rings"),
        (
            '{"source": "s", "licence": "l", "countries": [{"code": "kh", "rings": []}]}',
            "countries[0].code",
        ),
        (
            '{"source": "s", "licence": "l", "countries": '
            '[{"code": "KH", "rings": [[[1, 2], [3, 4]]]}]}',
            "countries[0].rings[0]",
        ),
        (
            '{"source": "s", "licence": "l", "countries": '
            '[{"code": "KH", "rings": [[[1, 2], [3, 4], [500, 4]]]}]}',
            "countries[0].rings[0]",
        ),
        ('{"licence": "l", "countries": []}', "source"),
    ],
)
def test_boundaries_of_the_wrong_shape_are_refused(
    geo_project: Path, document: str, field: str
) -> None:
    (geo_project / GEO_BOUNDARIES).write_text(document, encoding="utf-8")
    problems = problems_of(geo_project)
    assert [(p.file, p.field) for p in problems][:1] == [(GEO_BOUNDARIES, field)]


# -- numbers: bounded, exact, and never shown rounded to a misleading unit --------------------

LOANS = "data/agreements/loans.yml"


@pytest.mark.parametrize(
    "value",
    [
        "9" * 309,  # overflows a float
        "9" * 400,
        "1.7976931348623157e308",  # the float maximum: two of them total inf
        "1e16",
        "10000000000000001",
        ".inf",
        ".nan",
        "-1",
        "59600000.123456789012",  # more digits than a float keeps
    ],
)
def test_an_amount_out_of_bounds_is_refused_at_its_line(fixture_root: Path, value: str) -> None:
    edit(fixture_root / LOANS, "value: 59600000", f"value: {value}")
    problems = problems_of(fixture_root)
    assert located(problems) == [(LOANS, 8, "road-loan", "amount.value")]


@pytest.mark.parametrize("digits", [1_001, 4_300, 5_000, 100_000])
def test_a_number_too_long_to_read_is_refused_at_its_line(fixture_root: Path, digits: int) -> None:
    edit(fixture_root / LOANS, "value: 59600000", "value: " + "9" * digits)
    problems = problems_of(fixture_root)
    assert [(p.file, p.line) for p in problems] == [(LOANS, 8)]
    assert f"a number {digits:,} characters long" in problems[0].message


def test_totals_of_the_largest_amounts_are_exact_and_finite() -> None:
    from decimal import Decimal

    from briefing.dataset import money, schema
    from briefing.dataset.model import Amount
    from support import agreement

    top = Amount(float(schema.MAX_NUMBER), "USD")
    largest = [agreement(f"a{n}", "2024", amount=top) for n in range(3)]
    largest.append(agreement("small", "2024", amount=Amount(0.001, "USD")))
    (total,) = money.totals(largest, "kind")
    assert total.value == Decimal("3000000000000000.001")
    assert total.display == "USD 3,000,000,000,000,000.001"
    assert "inf" not in total.display


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.004, "0.004"),
        (999_999_999, "999,999,999"),
        (999_999, "999,999"),
        (1_999_999_999, "1,999,999,999"),
        (1_000_000_000, "1 billion"),
        (2_000_500_000, "2,000.5 million"),
        (0.1 + 0.2, "0.30000000000000004"),  # shown as stored: check refuses such input
    ],
)
def test_formatting_never_rounds(value: float, shown: str) -> None:
    from briefing.dataset.money import format_value

    assert format_value(value) == shown


# -- vocabulary values are keys -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["courtesy call", "odd ", "a--b", "-visit", "vis<it", "visit\\u00a0x", "kind/other", "x.y"],
)
@pytest.mark.parametrize("name", ["event_kinds", "agreement_kinds", "currencies", "accounts"])
def test_a_vocabulary_value_that_is_not_a_key_is_refused(
    fixture_root: Path, name: str, value: str
) -> None:
    vocabulary = fixture_root / "data/vocabulary.yml"
    lines = vocabulary.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(f"{name}:"))
    edit(vocabulary, f"{name}: [", f'{name}: ["{value}", ')
    problems = problems_of(fixture_root)
    assert located(problems) == [("data/vocabulary.yml", line, None, f"{name}[0]")]


# -- nothing dated after the dataset's revision, unless scheduled -----------------------------

EVENT_DATES = '  date: "2024-07-05"\n  end_date: "2024-07-06"'


@pytest.mark.parametrize("date", ["2104", "2024-10", "2024-09-02", "2104-01-01"])
def test_an_event_dated_after_the_revision_is_refused(fixture_root: Path, date: str) -> None:
    # The fixture's dataset was revised on 2024-09-01.
    edit(fixture_root / EVENTS, EVENT_DATES, f'  date: "{date}"')
    line = 2
    problems = problems_of(fixture_root)
    assert located(problems) == [(EVENTS, line, "minister-visit", "date")]


def test_a_scheduled_event_may_be_dated_after_the_revision(fixture_root: Path) -> None:
    edit(fixture_root / EVENTS, EVENT_DATES, '  date: "2104"\n  planned: true')
    assert problems_of(fixture_root) == []


@pytest.mark.parametrize("date", ["2024-09", "2024", "2024-09-01"])
def test_a_date_in_the_revision_period_passes(fixture_root: Path, date: str) -> None:
    edit(fixture_root / EVENTS, EVENT_DATES, f'  date: "{date}"')
    assert problems_of(fixture_root) == []


@pytest.mark.parametrize(("file", "record"), [(LOANS, "road-loan"), (SOURCES, "src-one")])
def test_an_agreement_or_source_dated_after_the_revision_is_refused(
    fixture_root: Path, file: str, record: str
) -> None:
    text = (fixture_root / file).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.lstrip().startswith("date:"))
    line = text.splitlines().index(old) + 1
    edit(fixture_root / file, old, old.split("date:")[0] + 'date: "2030"')
    problems = problems_of(fixture_root)
    assert located(problems) == [(file, line, record, "date")]


# -- "did you mean" stays bounded ------------------------------------------------------------


def test_suggestions_compare_a_bounded_number_of_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import difflib

    from briefing.dataset import validate

    ids = {f"record-{n:05d}" for n in range(20_000)} | {"kamikawa-visit-2024"}
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], **kwargs: object) -> list[str]:
        compared.append(len(possibilities))
        return real(word, possibilities, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validate.difflib, "get_close_matches", counting)
    for n in range(500):
        validate.did_you_mean(f"missing-{n}", ids)
    assert max(compared) <= validate.SUGGESTION_CANDIDATES
    # Typos at the end, the start and in the middle are still found.
    assert "kamikawa-visit-2024" in validate.did_you_mean("kamikawa-visit-2025", ids)
    assert "kamikawa-visit-2024" in validate.did_you_mean("xamikawa-visit-2024", ids)
    assert "record-01234" in validate.did_you_mean("record-01234x", ids)


# -- what synonyms may add to the search data is bounded ------------------------------------

SEARCH = "data/search.yml"


def _synonyms(root: Path, groups: list[list[str]]) -> list[Problem]:
    import yaml

    document = {"synonyms": [{"words": words} for words in groups]}
    (root / SEARCH).write_text(yaml.safe_dump(document), encoding="utf-8")
    return problems_of(root)


def test_a_large_synonym_group_is_refused(fixture_root: Path) -> None:
    problems = _synonyms(fixture_root, [[f"word{n}" for n in range(40)]])
    assert located(problems) == [(SEARCH, 2, None, "synonyms[0].words")]


def test_synonym_groups_are_bounded_in_all(fixture_root: Path) -> None:
    groups = [[f"w{g}a", f"w{g}b", f"w{g}c", f"w{g}d"] for g in range(40)]
    problems = _synonyms(fixture_root, groups)
    assert located(problems) == [(SEARCH, 1, None, "synonyms")]


@pytest.mark.parametrize("word", ["the", "The", "Japan", "and"])
def test_a_common_word_cannot_be_a_synonym(fixture_root: Path, word: str) -> None:
    problems = _synonyms(fixture_root, [["aid", word]])
    assert located(problems) == [(SEARCH, 2, None, "synonyms[0].words[1]")]


def test_a_word_in_two_groups_is_refused(fixture_root: Path) -> None:
    problems = _synonyms(fixture_root, [["ODA", "aid"], ["grant", "aid"]])
    assert located(problems) == [(SEARCH, 5, None, "synonyms[1].words[1]")]


def test_a_very_long_synonym_is_refused(fixture_root: Path) -> None:
    problems = _synonyms(fixture_root, [["aid", "word " * 20]])
    assert located(problems) == [(SEARCH, 2, None, "synonyms[0].words[1]")]


# -- the root cause first, its consequences folded into it ----------------------------------


def test_a_renamed_source_text_is_one_problem_that_names_the_new_file(
    geo_project: Path,
) -> None:
    sources = geo_project / "sources"
    (sources / "ccrs-kamikawa-visit-july-2024.txt").rename(sources / "renamed.txt")
    problems = problems_of(geo_project, sources_folder(geo_project))
    assert len(problems) == 1, "\n".join(map(str, problems))
    (problem,) = problems
    assert (problem.file, problem.record, problem.field) == (
        SOURCES,
        "ccrs-2024-07-10-kamikawa-visit",
        "file",
    )
    assert problem.cause and "'renamed.txt'" in problem.message
    assert "quotes citing this source cannot be checked" in problem.message


def test_a_broken_vocabulary_is_the_one_cause_not_every_kind_that_uses_it(
    fixture_root: Path,
) -> None:
    edit(fixture_root / "data/vocabulary.yml", "event_kinds: [", 'event_kinds: ["a\\x01", ')
    problems = problems_of(fixture_root)
    assert located(problems) == [("data/vocabulary.yml", 1, None, "event_kinds[0]")]


# -- a damaged share-card cache entry is drawn again, never published -----------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda png: b"",  # a 0-byte file
        lambda png: png[: len(png) // 2],  # truncated
        lambda png: png[:100] + bytes([png[100] ^ 0xFF]) + png[101:],  # one byte changed
        lambda png: b"GIF89a" + png[6:],  # not a PNG at all
    ],
    ids=["empty", "truncated", "flipped", "not-png"],
)
def test_a_damaged_card_in_the_cache_is_drawn_again(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    from briefing.website import cards

    card = cards.Card("assets/cards/home.png", "", "A title", "A summary.", "Site")
    plan = cards.Cards(card, {}, {}, {})
    cache = tmp_path / "cards"
    first = cards.render(plan, cache)["assets/cards/home.png"]
    (entry,) = cache.glob("*.png")
    entry.write_bytes(damage(first))
    again = cards.render(plan, cache)["assets/cards/home.png"]
    assert again == first == cards.draw(card)
    assert [p.read_bytes() for p in cache.glob("*.png")] == [first]


# -- offline zip entries are safe on every platform --------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "a\\..\\..\\evil.txt",
        "C:evil.txt",
        "x/../../evil.txt",
        "./x.txt",
        "con.txt",
        "NUL",
        "trailing.",
        "star*.txt",
        "pipe|x",
        "ctl\x01.txt",
    ],
)
def test_an_unsafe_zip_entry_is_refused_with_its_file(tmp_path: Path, name: str) -> None:
    from briefing.commands import offline
    from briefing.dataset.problems import DataError

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ok", encoding="utf-8")
    assert offline.zip_name_problem(f"edition/{name}") is not None
    if "/" not in name and name not in ("NUL",):
        (site / name).write_text("x", encoding="utf-8")
        with pytest.raises(DataError) as raised:
            offline.zip_site(site, tmp_path / "out.zip", "edition")
        assert [p.file for p in raised.value.problems] == [(site / name).as_posix()]
        assert not (tmp_path / "out.zip").exists()


def test_safe_zip_names_pass() -> None:
    from briefing.commands import offline

    for name in ("edition/index.html", "edition/essays/a b/index.html", "edition/ភ្នំពេញ.txt"):
        assert offline.zip_name_problem(name) is None


# -- record anchors never repeat another anchor of their page ---------------------------------


def _check_outputs(root: Path) -> list[Problem]:
    from briefing.config_file import read_config, resolved
    from briefing.dataset.problems import DataError
    from briefing.plan import Settings, load_plan

    try:
        settings = Settings.from_config(root, resolved(read_config(root / "mkdocs.yml")))
        load_plan(settings).check_outputs()
    except DataError as error:
        return error.problems
    return []


@pytest.mark.parametrize(
    "anchor",
    ["background", "key-points", "year-2024", "timeline", "cjb-tl-title", "records", "japan"],
)
def test_a_record_id_equal_to_an_anchor_of_its_page_is_refused(
    fixture_root: Path, anchor: str
) -> None:
    edit(fixture_root / EVENTS, "- id: minister-visit", f"- id: {anchor}")
    edit(fixture_root / "docs/index.md", "[[event:minister-visit]]", f"[[event:{anchor}]]")
    problems = _check_outputs(fixture_root)
    assert problems, "refused"
    assert {(p.file, p.line, p.record, p.field) for p in problems} == {(EVENTS, 1, anchor, "id")}


def test_the_fixture_pages_have_no_repeated_anchor(fixture_root: Path) -> None:
    assert _check_outputs(fixture_root) == []


# -- raw HTML in hand-written pages is balanced ---------------------------------------------

ESSAY = "docs/essays/on-the-loan.md"


@pytest.mark.parametrize(
    ("html", "offset"),
    [
        ('<div class="note">\nOpen and never closed.\n', 0),
        ("<details>\n<summary>More</summary>\nNever closed.\n", 0),
        ("<section>\n<div>\ninner\n</section>\n", 1),  # the div is left open
        ("Text.\n\n</div>\n", 2),  # closes nothing
        ("<span>inline, never closed\n", 0),
        ("<table><tr><td>x</td></tr>\n", 0),
    ],
)
def test_unbalanced_html_in_an_essay_is_refused_at_its_line(
    fixture_root: Path, html: str, offset: int
) -> None:
    essay = fixture_root / ESSAY
    text = essay.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    essay.write_text(text + "\n" + html, encoding="utf-8")
    problems = _docs_problems(fixture_root)
    assert [(p.file, p.line) for p in problems] == [(ESSAY, line + offset)]
    assert problems[0].message.startswith("HTML: ")


@pytest.mark.parametrize(
    "html",
    [
        '<div class="note" markdown>\nClosed.\n</div>\n',
        "```html\n<div>\n```\n",  # code is not HTML
        "Use `<div>` to open.\n",
        "<!-- <div> -->\n",
        "a < b and <br> and <img src=x alt=y> and <p>para\n",  # void and optional end tags
        "<https://example.org/x>\n",  # an autolink
    ],
)
def test_balanced_html_and_code_pass(fixture_root: Path, html: str) -> None:
    essay = fixture_root / ESSAY
    essay.write_text(essay.read_text(encoding="utf-8") + "\n" + html, encoding="utf-8")
    assert _docs_problems(fixture_root) == []


# -- file names become addresses, encoded ---------------------------------------------------


def test_a_card_address_for_an_essay_named_with_a_space_and_an_accent_is_encoded() -> None:
    from briefing.website import cards

    card = cards.Card("assets/cards/essays-Phnom Penh é.png", "Essay", "T", "S", "Site")
    plan = cards.Cards(card, {}, {"essays/Phnom Penh é.md": card}, {})
    assert cards.card_url(plan, "https://b.test/", "essays/Phnom Penh é.md") == (
        "https://b.test/assets/cards/essays-Phnom%20Penh%20%C3%A9.png"
    )


def test_an_office_taken_up_after_the_revision_is_refused(fixture_root: Path) -> None:
    edit(
        fixture_root / "data/actors.yml",
        "  country: Japan\n",
        '  country: Japan\n  roles:\n    - title: Host\n      start: "2030"\n'
        '      sources:\n        - source: src-one\n          quote: "Japan signed a loan."\n',
    )
    problems = problems_of(fixture_root)
    assert located(problems) == [("data/actors.yml", 7, "japan", "roles[0].start")]


def test_a_link_out_of_the_project_in_the_theme_overrides_is_refused(
    fixture_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (fixture_root / "overrides").mkdir()
    (fixture_root / "overrides/notes.txt").symlink_to(outside)
    problems = _docs_problems(fixture_root)
    assert located(problems) == [("overrides/notes.txt", 1, None, None)]
