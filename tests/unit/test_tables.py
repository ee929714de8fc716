"""The CSV tables (``website/tables.py``) and their data package (``website/datapackage.py``),
checked by ``frictionless validate``, which must pass on what the build writes and fail on
a broken row."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from briefing.website import datapackage, tables
from briefing.website.exports import Plain
from support import tool

BASE = "https://briefing.test/"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def built(dataset: Dataset) -> dict[str, tables.Table]:
    return {t.name: t for t in tables.build_tables(dataset, Plain(dataset), BASE)}


def write_package(dataset: Dataset, folder: Path) -> Path:
    for asset in tables.table_assets(dataset, Plain(dataset), BASE):
        path = folder / asset.dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(asset.content), encoding="utf-8")
    return folder / datapackage.PATH


def frictionless(descriptor: Path) -> tuple[int, dict]:
    command = tool("frictionless", "pip install -e '.[test]'")
    result = subprocess.run(
        [*command, "validate", "--json", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, json.loads(result.stdout)


def errors(report: dict) -> list[tuple[str, int | None, str | None]]:
    """(resource, row, field) of every error in a frictionless report."""
    found = []
    for task in report["tasks"]:
        for error in task["errors"]:
            found.append((task["name"], error.get("rowNumber"), error.get("fieldName")))
    return found


def test_the_data_package_validates(dataset: Dataset, tmp_path: Path) -> None:
    code, report = frictionless(write_package(dataset, tmp_path))
    assert errors(report) == []
    assert code == 0 and report["valid"] is True
    names = {task["name"] for task in report["tasks"]}
    assert {"events", "citations", "record-topics", "record-actors", "actor-roles"} <= names


@pytest.mark.parametrize(
    ("file", "column", "value", "field"),
    [
        # A citation of a source that does not exist: a broken foreign key.
        ("citations.csv", "source", "no-such-source", "source"),
        # A record's topic that does not exist.
        ("record-topics.csv", "topic", "no-such-topic", "topic"),
        # A day that a date's pattern refuses.
        ("events.csv", "date", "2024-13", "date"),
        # A required cell left empty.
        ("agreements.csv", "title", "", "title"),
    ],
)
def test_a_broken_row_fails_validation(
    dataset: Dataset, tmp_path: Path, file: str, column: str, value: str, field: str
) -> None:
    descriptor = write_package(dataset, tmp_path)
    path = descriptor.parent / file
    table = rows(path.read_text(encoding="utf-8"))
    table[1][column] = value
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    code, report = frictionless(descriptor)
    assert code != 0 and report["valid"] is False
    resource = file.removesuffix(".csv")
    found = errors(report)
    assert found, report
    # The third line of the file: the header, the first row, then the broken one.
    assert any(r == resource and row == 3 for r, row, _f in found), found
    assert any(f in (field, None) for r, _row, f in found if r == resource), found


def test_citations_have_a_table_of_their_own_one_row_per_quote(
    built: dict[str, tables.Table], dataset: Dataset
) -> None:
    citations = rows(built["citations"].csv())
    assert len(citations) == sum(len(r.sources) for r in dataset.records)
    assert set(citations[0]) == {"record_type", "record", "number", "source", "quote", "account"}
    for name in ("events", "agreements", "actors"):
        columns = [c.name for c in built[name].columns]
        assert "sources" not in columns and "roles" not in columns and "agreements" not in columns


def _packed(value: str) -> bool:
    """True for a cell that holds a JSON object or list, or several joined by " | "."""
    for part in value.split(" | "):
        try:
            if isinstance(json.loads(part), dict | list):
                return True
        except ValueError:
            continue
    return False


def test_no_cell_holds_packed_json(built: dict[str, tables.Table]) -> None:
    assert _packed('{"source": "a"} | {"source": "b"}') and not _packed("[CCRS' Takes] x")
    for table in built.values():
        for row in rows(table.csv()):
            assert [v[:60] for v in row.values() if _packed(v)] == [], table.name


def test_each_row_has_its_address_and_each_date_its_precision(
    built: dict[str, tables.Table], dataset: Dataset
) -> None:
    events = {row["id"]: row for row in rows(built["events"].csv())}
    for event in dataset.events.values():
        row = events[event.id]
        assert row["page_url"] == f"{BASE}events/{event.id}/"
        assert row["date"] == (event.date.iso if event.date else "")
        assert row["date_precision"] == (event.date.precision if event.date else "")
    precisions = {row["date_precision"] for row in events.values()}
    assert {"day", "month"} <= precisions, "the real data has both"
    for row in rows(built["sources"].csv()):
        assert row["page_url"] == f"{BASE}sources/{row['id']}/"
    for row in rows(built["topics"].csv()):
        assert row["page_url"] == f"{BASE}topics/{row['slug']}/"


def test_the_excel_copy_keeps_dates_as_text_and_starts_with_a_bom(
    built: dict[str, tables.Table],
) -> None:
    table = built["events"]
    text = table.excel_csv()
    assert text.startswith("\ufeffid,page_url,")
    assert "\r\n" in text
    plain = rows(table.csv())
    excel = rows(text.removeprefix("\ufeff"))
    assert len(plain) == len(excel)
    for before, after in zip(plain, excel, strict=True):
        assert after["date"] == (f'="{before["date"]}"' if before["date"] else "")
        assert after["date_precision"] == before["date_precision"]
        assert after["summary"] == before["summary"]
    assert table.excel_path == "downloads/excel/events.csv"


def test_a_cell_that_looks_like_a_formula_is_quoted() -> None:
    assert [tables.cell(v) for v in ("=HYPERLINK(1)", "-1", "+x", "@y", "a=b", ["-a", "b"])] == [
        "'=HYPERLINK(1)",
        "'-1",
        "'+x",
        "'@y",
        "a=b",
        "'-a; b",
    ]


def test_the_minimal_fixture_has_the_same_tables(minimal: tuple[Dataset, Docs]) -> None:
    dataset = minimal[0]
    built = {t.name: t for t in tables.build_tables(dataset, Plain(dataset), BASE)}
    assert rows(built["agreements"].csv()) == [
        {
            "id": "road-loan",
            "page_url": f"{BASE}agreements/road-loan/",
            "title": "A road loan",
            "kind": "loan",
            "date": "2024-07",
            "date_precision": "month",
            "status": "signed",
            "parties": "japan; cambodia",
            "signatories": "",
            "amount.value": "59600000",
            "amount.currency": "USD",
            "amount.approximate": "true",
            "terms.repayment_period_years": "30",
            "terms.grace_period_years": "10",
            "terms.interest_rate_percent": "",
            "terms.note": "",
            "purpose": "To improve a road.",
            "components": "",
            "place": "",
            "topics": "aid",
        }
    ]
    assert rows(built["citations"].csv()) == [
        {
            "record_type": "agreement",
            "record": "road-loan",
            "number": "1",
            "source": "src-one",
            "quote": "Japan signed a loan.",
            "account": "",
        },
        {
            "record_type": "event",
            "record": "minister-visit",
            "number": "1",
            "source": "src-one",
            "quote": "The minister visited on 5-6 July 2024.",
            "account": "",
        },
    ]
    assert rows(built["event-agreements"].csv()) == [
        {"event": "minister-visit", "agreement": "road-loan", "relation": "signed"}
    ]
