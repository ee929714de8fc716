"""Each validation rule, with the exact file, line, record and field it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.dataset.load import load_dataset
from briefing.dataset.problems import DataError, Problem
from support import edit, problems_of

EVENTS = "data/events/visit.yml"
AGREEMENTS = "data/agreements/loans.yml"


def test_the_fixture_is_valid(fixture_root: Path) -> None:
    dataset = load_dataset(fixture_root, fixture_root / "sources")
    assert list(dataset.events) == ["minister-visit"]
    assert list(dataset.agreements) == ["road-loan"]
    assert dataset.agreements_by_event["minister-visit"][0].id == "road-loan"
    assert dataset.events_by_agreement["road-loan"][0].id == "minister-visit"
    assert dataset.events["minister-visit"].when == "5–6 July 2024"


# (file, text to replace, replacement, expected (file, line, record, field), message part)
CASES = [
    pytest.param(
        EVENTS,
        "  kind: visit",
        "  kind: visit\n  titel: typo",
        (EVENTS, 5, "minister-visit", "titel"),
        "unknown field (did you mean 'title'?)",
        id="unknown-field",
    ),
    pytest.param(
        EVENTS,
        "  title: A minister visits\n",
        "",
        (EVENTS, 1, "minister-visit", "title"),
        "required field is missing; expected text (one line): Our own short title.",
        id="missing-field",
    ),
    pytest.param(
        EVENTS,
        "  title: A minister visits",
        "  title: 42",
        (EVENTS, 5, "minister-visit", "title"),
        "expected text, got the number 42",
        id="wrong-type-text",
    ),
    pytest.param(
        EVENTS,
        "  topics: [diplomacy]",
        "  topics: diplomacy",
        (EVENTS, 7, "minister-visit", "topics"),
        "expected a list",
        id="wrong-type-list",
    ),
    pytest.param(
        EVENTS,
        '  date: "2024-07-05"',
        '  date: "2024-13-05"',
        (EVENTS, 2, "minister-visit", "date"),
        "month 13 does not exist",
        id="bad-month",
    ),
    pytest.param(
        EVENTS,
        '  date: "2024-07-05"',
        '  date: "2023-02-29"',
        (EVENTS, 2, "minister-visit", "date"),
        "day 29 does not exist",
        id="impossible-day",
    ),
    pytest.param(
        EVENTS,
        '  date: "2024-07-05"',
        "  date: 5 July 2024",
        (EVENTS, 2, "minister-visit", "date"),
        "expected YYYY, YYYY-MM or YYYY-MM-DD",
        id="date-format",
    ),
    pytest.param(
        EVENTS,
        '  end_date: "2024-07-06"',
        '  end_date: "2024-07-01"',
        (EVENTS, 3, "minister-visit", "end_date"),
        "ends (2024-07-01) before it starts",
        id="end-before-start",
    ),
    pytest.param(
        EVENTS,
        "  topics: [diplomacy]",
        "  topics: [diplomacy, trade]",
        (EVENTS, 7, "minister-visit", "topics[1]"),
        "unknown topic 'trade'",
        id="unknown-topic",
    ),
    pytest.param(
        EVENTS,
        "  actors: [japan, cambodia]",
        "  actors: [japan, kambodia]",
        (EVENTS, 8, "minister-visit", "actors[1]"),
        "unknown actor 'kambodia' (did you mean 'cambodia'?); expected the id of one of the "
        "actors in data/actors.yml",
        id="unknown-actor",
    ),
    pytest.param(
        EVENTS,
        "    - source: src-one",
        "    - source: src-two",
        (EVENTS, 12, "minister-visit", "sources[0].source"),
        "unknown source 'src-two'",
        id="unknown-source",
    ),
    pytest.param(
        EVENTS,
        "    - {agreement: road-loan, relation: signed}",
        "    - {agreement: rail-loan, relation: signed}",
        (EVENTS, 10, "minister-visit", "agreements[0].agreement"),
        "unknown agreement 'rail-loan'",
        id="unknown-agreement",
    ),
    pytest.param(
        EVENTS,
        "    - {agreement: road-loan, relation: signed}",
        "    - {agreement: road-loan, relation: sighed}",
        (EVENTS, 10, "minister-visit", "agreements[0].relation"),
        "unknown relation 'sighed'; expected one of signed, mentioned",
        id="unknown-relation",
    ),
    pytest.param(
        EVENTS,
        '  date: "2024-07-05"\n  end_date: "2024-07-06"',
        '  reported: "2024-08"',
        (EVENTS, 2, "minister-visit", "reported"),
        "2024-08 is not the date of a source the event cites; expected one of 2024-07",
        id="reported-not-a-source-date",
    ),
    pytest.param(
        EVENTS,
        '  date: "2024-07-05"\n  end_date: "2024-07-06"',
        "  kind: visit",
        (EVENTS, 1, "minister-visit", "date"),
        "expected the date the sources state, or, where they state none, `reported`",
        id="no-date-no-report",
    ),
    pytest.param(
        EVENTS,
        '      quote: "The minister visited on 5-6 July 2024."',
        '      quote: ""',
        (EVENTS, 13, "minister-visit", "sources[0].quote"),
        "must not be empty",
        id="empty-quote",
    ),
    pytest.param(
        "data/sources.yml",
        "  file: src-one.txt",
        "  url: javascript:alert(1)",
        ("data/sources.yml", 7, "src-one", "url"),
        "is not an http(s) URL",
        id="javascript-url",
    ),
    pytest.param(
        "data/sources.yml",
        "  file: src-one.txt",
        "  url: ftp://example.org/a",
        ("data/sources.yml", 7, "src-one", "url"),
        "is not an http(s) URL",
        id="ftp-url",
    ),
    pytest.param(
        AGREEMENTS,
        "    value: 59600000",
        "    value: -5",
        (AGREEMENTS, 8, "road-loan", "amount.value"),
        "expected a number ≥ 0, got -5",
        id="negative-amount",
    ),
    pytest.param(
        AGREEMENTS,
        "    value: 59600000",
        "    value: about 60 million",
        (AGREEMENTS, 8, "road-loan", "amount.value"),
        "expected a number, got the text",
        id="non-numeric-amount",
    ),
    pytest.param(
        AGREEMENTS,
        "    currency: USD",
        "    currency: XYZ",
        (AGREEMENTS, 9, "road-loan", "amount.currency"),
        "unknown currency 'XYZ'; expected one of USD, JPY",
        id="unknown-currency",
    ),
    pytest.param(
        AGREEMENTS,
        "  kind: loan",
        "  kind: loan\n  kind: grant",
        (AGREEMENTS, 4, "road-loan", "kind"),
        "given twice",
        id="duplicate-key",
    ),
    pytest.param(
        EVENTS,
        "- id: minister-visit",
        "- id: Minister_Visit",
        (EVENTS, 1, "#1", "id"),
        "is not an id",
        id="bad-id",
    ),
    pytest.param(
        EVENTS,
        "  title: A minister visits",
        "  title: " + "x" * 700,
        (EVENTS, 5, "minister-visit", "title"),
        "expected at most 600",
        id="too-long",
    ),
    pytest.param(
        EVENTS,
        "  title: A minister visits",
        '  title: "A minister\\u0007 visits"',
        (EVENTS, 5, "minister-visit", "title"),
        "U+0007",
        id="control-character",
    ),
    pytest.param(
        EVENTS,
        "  kind: visit",
        "  kind: parade",
        (EVENTS, 4, "minister-visit", "kind"),
        "unknown event kind 'parade'",
        id="unknown-vocabulary",
    ),
]


TOPICS = "data/topics.yml"
BRIEF = """  introduction: Grants and loans.
  lede: Japan lends and gives.
  key_points:
    - text: A loan was signed.
      records: [road-loan]
  figures:
    - label: the road loan
      amount_of: [road-loan]
      as_of: 2024-07
"""

# Key points and figures of a topic's brief: (replacement for BRIEF's text, where, message).
BRIEF_CASES = [
    pytest.param(
        ("records: [road-loan]", "records: [road-loan, no-such-record]"),
        (TOPICS, 9, "aid", "key_points[0].records[1]"),
        "unknown record 'no-such-record'",
        id="key-point-unknown-record",
    ),
    pytest.param(
        ("      amount_of: [road-loan]\n", "      value: '3'\n"),
        (TOPICS, 11, "aid", "figures[0]"),
        "cite the records or sources the figure rests on",
        id="figure-untraceable",
    ),
    pytest.param(
        ("      amount_of: [road-loan]\n", "      amount_of: [road-loan]\n      value: '3'\n"),
        (TOPICS, 11, "aid", "figures[0]"),
        "give either `value` or `amount_of`",
        id="figure-value-and-amount",
    ),
    pytest.param(
        ("amount_of: [road-loan]", "amount_of: [minister-visit]"),
        (TOPICS, 11, "aid", "figures[0]"),
        "'minister-visit' is an event, not an agreement",
        id="figure-amount-of-event",
    ),
    pytest.param(
        ("      as_of: 2024-07\n", ""),
        (TOPICS, 11, "aid", "figures[0].as_of"),
        "required field is missing",
        id="figure-undated",
    ),
]


@pytest.mark.parametrize(("change", "where", "message"), BRIEF_CASES)
def test_a_topic_brief_is_checked_like_records(
    fixture_root: Path, change: tuple[str, str], where: tuple, message: str
) -> None:
    edit(fixture_root / TOPICS, "  introduction: Grants and loans.\n", BRIEF.replace(*change))
    problems = problems_of(fixture_root)
    located = [p for p in problems if (p.file, p.line, p.record, p.field) == where]
    assert located, f"no problem at {where}; got {[str(p) for p in problems]}"
    assert message in located[0].message


def test_a_figure_never_adds_a_grant_to_a_loan(fixture_root: Path) -> None:
    grant = (fixture_root / "data/agreements/loans.yml").read_text(encoding="utf-8")
    grant = grant.replace("id: road-loan", "id: a-grant").replace("kind: loan", "kind: grant")
    grant = grant.replace("  event: minister-visit\n", "")
    (fixture_root / "data/agreements/grants.yml").write_text(grant, encoding="utf-8")
    edit(
        fixture_root / TOPICS,
        "  introduction: Grants and loans.\n",
        BRIEF.replace("amount_of: [road-loan]", "amount_of: [road-loan, a-grant]"),
    )
    problems = problems_of(fixture_root)
    assert [str(p) for p in problems] == [
        f"{TOPICS}:11: record aid: field figures[0]: amount_of mixes grant in USD, loan in USD: "
        "a figure sums one kind in one currency; give each its own figure"
    ]


def test_a_valid_brief_loads(fixture_root: Path) -> None:
    edit(fixture_root / TOPICS, "  introduction: Grants and loans.\n", BRIEF)
    topic = load_dataset(fixture_root, fixture_root / "sources").topics["aid"]
    assert topic.lede == "Japan lends and gives."
    assert topic.key_points[0].records == ("road-loan",)
    assert topic.figures[0].amount_of == ("road-loan",)
    assert topic.figures[0].as_of.display == "July 2024"


@pytest.mark.parametrize(("file", "old", "new", "where", "message"), CASES)
def test_each_rule_names_file_line_record_and_field(
    fixture_root: Path, file: str, old: str, new: str, where: tuple, message: str
) -> None:
    edit(fixture_root / file, old, new)
    problems = problems_of(fixture_root)
    located = [p for p in problems if (p.file, p.line, p.record, p.field) == where]
    assert located, f"no problem at {where}; got {[str(p) for p in problems]}"
    assert message in located[0].message
    # Errors that teach: each says what was expected.
    assert "expected" in located[0].message, located[0].message
    # The printed form is what editors see.
    text = str(located[0])
    assert text.startswith(f"{where[0]}:{where[1]}: record {where[2]}: field {where[3]}: ")


def test_yaml_syntax_error_names_file_and_line(fixture_root: Path) -> None:
    edit(fixture_root / EVENTS, "  kind: visit", "  kind: [visit")
    problems = problems_of(fixture_root)
    assert len(problems) == 1
    assert problems[0].file == EVENTS
    assert problems[0].line in (5, 6)  # the parser notices at the next token
    assert problems[0].message.startswith("YAML error:")


def test_object_constructing_tags_are_refused(fixture_root: Path) -> None:
    edit(
        fixture_root / EVENTS,
        "  title: A minister visits",
        "  title: !!python/object/apply:os.system ['echo pwned']",
    )
    problems = problems_of(fixture_root)
    assert [(p.file, p.line) for p in problems] == [(EVENTS, 5)]
    assert "is not allowed: only plain YAML is read" in problems[0].message


def test_duplicate_ids_across_files_point_at_the_first(fixture_root: Path) -> None:
    other = fixture_root / "data/agreements/more.yml"
    other.write_text((fixture_root / AGREEMENTS).read_text())
    problems = problems_of(fixture_root)
    assert [str(p) for p in problems] == [
        "data/agreements/more.yml:1: record road-loan: field id: duplicate id 'road-loan'; "
        "first used at data/agreements/loans.yml:1; choose another id (ids are shared by "
        "events and agreements)"
    ]


def test_an_event_and_an_agreement_cannot_share_an_id(fixture_root: Path) -> None:
    edit(fixture_root / AGREEMENTS, "- id: road-loan", "- id: minister-visit")
    edit(
        fixture_root / EVENTS,
        "  agreements:\n    - {agreement: road-loan, relation: signed}",
        "  agreements: []",
    )
    problems = problems_of(fixture_root)
    assert [(p.file, p.line, p.record, p.field) for p in problems] == [
        (AGREEMENTS, 1, "minister-visit", "id")
    ]


def test_every_problem_is_reported_in_one_run(fixture_root: Path) -> None:
    edit(fixture_root / EVENTS, '  date: "2024-07-05"', '  date: "2024-02-30"')
    edit(fixture_root / AGREEMENTS, "    currency: USD", "    currency: GBP")
    edit(fixture_root / "data/topics.yml", "  order: 2", "  order: second")
    problems = problems_of(fixture_root)
    assert {(p.file, p.field) for p in problems} == {
        (EVENTS, "date"),
        (AGREEMENTS, "amount.currency"),
        ("data/topics.yml", "order"),
    }
    with pytest.raises(DataError, match="3 problems found"):
        load_dataset(fixture_root)


def test_unquoted_dates_and_years_are_read_as_written(fixture_root: Path) -> None:
    edit(fixture_root / EVENTS, '  date: "2024-07-05"', "  date: 2024-07-05")
    edit(fixture_root / AGREEMENTS, '  date: "2024-07"', "  date: 2024")
    dataset = load_dataset(fixture_root)
    assert dataset.events["minister-visit"].date.iso == "2024-07-05"
    assert dataset.agreements["road-loan"].date.precision == "year"


def test_a_stray_data_file_is_reported(fixture_root: Path) -> None:
    (fixture_root / "data/event.yml").write_text("- id: x\n")
    problems = problems_of(fixture_root)
    assert [(p.file, p.line, p.record, p.field) for p in problems] == [
        ("data/event.yml", 1, None, None)
    ]
    assert "unknown data file" in problems[0].message


def test_a_file_that_is_not_a_list_is_reported(fixture_root: Path) -> None:
    (fixture_root / "data/events/extra.yml").write_text("id: lonely\ntitle: Not in a list\n")
    problems = problems_of(fixture_root)
    assert [(p.file, p.line) for p in problems] == [("data/events/extra.yml", 1)]
    assert "expected a list of events" in problems[0].message


def test_quotes_must_be_verbatim_in_their_source(fixture_root: Path) -> None:
    edit(
        fixture_root / AGREEMENTS,
        '      quote: "Japan signed a loan."',
        '      quote: "Japan signed two loans."',
    )
    problems = problems_of(fixture_root, fixture_root / "sources")
    assert [(p.file, p.line, p.record, p.field) for p in problems] == [
        (AGREEMENTS, 18, "road-loan", "sources[0].quote")
    ]
    assert problems[0].message == (
        "not found verbatim in source 'src-one': expected words copied exactly "
        "from sources/src-one.txt (only white space may differ)"
    )


def test_a_missing_source_text_is_reported_once_at_its_file_field(fixture_root: Path) -> None:
    (fixture_root / "sources/src-one.txt").unlink()
    problems = problems_of(fixture_root, fixture_root / "sources")
    assert [(p.file, p.line, p.record, p.field) for p in problems] == [
        ("data/sources.yml", 7, "src-one", "file")
    ]
    assert problems[0].message == (
        "no source text at sources/src-one.txt: the 4 quotes citing this source cannot be "
        "checked until it is there; add it, or correct `file:`"
    )


def test_problem_text_format() -> None:
    problem = Problem("data/events/x.yml", 12, "some-event", "date", "bad date")
    assert str(problem) == "data/events/x.yml:12: record some-event: field date: bad date"


def test_a_quote_from_a_text_of_several_accounts_names_its_account(fixture_root: Path) -> None:
    sources = fixture_root / "sources"
    (sources / "src-one.txt").write_text(
        "---\nid: src-one\n---\nOne side\nThe minister visited on 5-6 July 2024.\n"
        "Other side\nJapan signed a loan.\n",
        encoding="utf-8",
    )
    edit(
        fixture_root / "data/sources.yml",
        "  file: src-one.txt",
        "  file: src-one.txt\n  sections:\n"
        "    - {heading: One side, account: cambodian-readout}\n"
        "    - {heading: Other side, account: japanese-readout}",
    )
    edit(
        fixture_root / EVENTS,
        '      quote: "The minister visited on 5-6 July 2024."',
        '      quote: "The minister visited on 5-6 July 2024."\n      account: japanese-readout',
    )
    problems = problems_of(fixture_root, sources)
    located = {(p.file, p.line, p.record, p.field, p.message) for p in problems}
    give = "the quote is in the {0} section: give account: {0}"
    assert (
        EVENTS,
        13,
        "minister-visit",
        "sources[0].account",
        give.format("cambodian-readout"),
    ) in located
    assert (
        AGREEMENTS,
        18,
        "road-loan",
        "sources[0].account",
        give.format("japanese-readout"),
    ) in located
