"""Amounts as the sources give them. Every expectation is written out by hand."""

from __future__ import annotations

import pytest

from briefing.dataset.model import Amount, Terms
from briefing.dataset.money import (
    Total,
    aid_agreements,
    format_amount,
    format_terms,
    format_value,
    is_aid,
    totals,
)
from support import agreement, event


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (59_600_000, "59.6 million"),
        (2_700_000, "2.7 million"),
        (1_000_000, "1 million"),
        (1_234_567, "1,234,567"),  # never rounded to a scale word
        (999_999_999, "999,999,999"),  # not "1,000 million"
        (1_234_500_000, "1,234.5 million"),  # exact with three decimals at most
        (1_500_000_000, "1.5 billion"),
        (12_000_000_000, "12 billion"),
        (999_999, "999,999"),
        (4_000, "4,000"),
        (0, "0"),
        (12.5, "12.5"),
        (1_234.567, "1,234.567"),
        (0.004, "0.004"),  # not "0.00"
        (10**15, "1,000,000 billion"),
    ],
)
def test_format_value(value: float, shown: str) -> None:
    assert format_value(value) == shown


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Amount(59_600_000, "USD", approximate=True), "approx. USD 59.6 million"),
        (Amount(4_000_000_000, "JPY"), "JPY 4 billion"),
        (Amount(250_000, "USD"), "USD 250,000"),
    ],
)
def test_format_amount(amount: Amount, shown: str) -> None:
    assert format_amount(amount) == shown


@pytest.mark.parametrize(
    ("terms", "parts"),
    [
        (Terms(), []),
        (
            Terms(repayment_period_years=30, grace_period_years=10),
            ["repayment over 30 years, including a 10-year grace period"],
        ),
        (Terms(repayment_period_years=1), ["repayment over 1 year"]),
        (Terms(repayment_period_years=2.5), ["repayment over 2.5 years"]),
        (Terms(grace_period_years=1), ["grace period of 1 year"]),
        (Terms(grace_period_years=7), ["grace period of 7 years"]),
        (
            Terms(repayment_period_years=40, interest_rate_percent=0.01, note="Untied."),
            ["repayment over 40 years", "interest 0.01% a year", "Untied."],
        ),
    ],
)
def test_format_terms(terms: Terms, parts: list[str]) -> None:
    assert format_terms(terms) == parts


AGREEMENTS = [
    agreement("loan-a", "2023-03", Amount(10_000_000, "USD"), kind="loan"),
    agreement("loan-b", "2024-07", Amount(59_600_000, "USD", approximate=True), kind="loan"),
    agreement("grant-a", "2024", Amount(2_700_000, "USD"), kind="grant"),
    agreement("grant-b", "2024-01-15", Amount(500_000_000, "JPY"), kind="grant"),
    agreement("grant-c", None, Amount(300_000, "USD"), kind="grant"),
    agreement("grant-d", "2022", None, kind="grant"),  # amount not stated
]


def test_totals_by_kind_and_currency() -> None:
    assert totals(AGREEMENTS, "kind") == [
        Total("grant", "JPY", 500_000_000, 1, False),
        Total("grant", "USD", 3_000_000, 2, False),
        Total("loan", "USD", 69_600_000, 2, True),
    ]


def test_totals_by_year_and_currency_with_undated_last() -> None:
    assert totals(AGREEMENTS, "year") == [
        Total("2023", "USD", 10_000_000, 1, False),
        Total("2024", "JPY", 500_000_000, 1, False),
        Total("2024", "USD", 62_300_000, 2, True),
        Total("undated", "USD", 300_000, 1, False),
    ]


def test_a_total_is_shown_as_approximate_if_any_part_is() -> None:
    assert Total("loan", "USD", 69_600_000, 2, True).display == "approx. USD 69.6 million"
    assert Total("grant", "JPY", 500_000_000, 1, False).display == "JPY 500 million"


def test_no_amounts_no_totals() -> None:
    assert totals([], "kind") == []
    assert totals([agreement("x", "2024", None)], "year") == []


def test_aid_is_grants_and_loans_with_an_amount_in_the_order_given() -> None:
    canal = agreement("canal", "2024", Amount(1_700_000_000, "USD"), kind="project")
    visit = event("visit", "2024-07-05")
    records = [visit, canal, *AGREEMENTS]
    assert [r.id for r in aid_agreements(records)] == [
        "loan-a",
        "loan-b",
        "grant-a",
        "grant-b",
        "grant-c",
    ]
    assert is_aid(AGREEMENTS[-1]) and not is_aid(canal) and not is_aid(visit)
