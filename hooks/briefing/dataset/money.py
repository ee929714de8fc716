"""Amounts as the sources give them: formatted, totalled per currency, never converted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .model import Agreement, Amount, Record, Terms

_SCALES = ((Decimal(1_000_000_000), "billion"), (Decimal(1_000_000), "million"))
_THOUSANDTH = Decimal("0.001")

# Kinds whose amounts are money Japan lends or gives; other kinds (a China-backed
# project, say) keep their amount on their record but stay out of the aid totals.
AID_KINDS = ("grant", "loan")


def exact(value: float | Decimal) -> Decimal:
    """The number as written in the data: a float's shortest form, never its binary tail."""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def format_value(value: float | Decimal) -> str:
    """59600000 → "59.6 million": the way the sources and readers write it.

    Never rounded: a scale word is used only where it keeps the number exact with at
    most three decimals (999,999,999 stays "999,999,999", not "1,000 million"), and
    smaller numbers keep every decimal given (0.004 stays "0.004").
    """
    number = exact(value)
    for scale, word in _SCALES:
        if number >= scale:
            scaled = number / scale
            if scaled == scaled.quantize(_THOUSANDTH):
                return f"{_plain(scaled)} {word}"
    return _plain(number)


def _plain(number: Decimal) -> str:
    """Digits with thousands separators and no trailing zeros: 1,234.5."""
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def format_amount(amount: Amount) -> str:
    return _format(exact(amount.value), amount.currency, amount.approximate)


def _format(value: Decimal, currency: str, approximate: bool) -> str:
    prefix = "approx. " if approximate else ""
    return f"{prefix}{currency} {format_value(value)}"


def format_terms(terms: Terms) -> list[str]:
    parts = []
    if terms.repayment_period_years is not None:
        years = _years(terms.repayment_period_years)
        if terms.grace_period_years is not None:
            grace = f"{terms.grace_period_years:g}-year"
            parts.append(f"repayment over {years}, including a {grace} grace period")
        else:
            parts.append(f"repayment over {years}")
    elif terms.grace_period_years is not None:
        parts.append(f"grace period of {_years(terms.grace_period_years)}")
    if terms.interest_rate_percent is not None:
        parts.append(f"interest {terms.interest_rate_percent:g}% a year")
    if terms.note:
        parts.append(terms.note)
    return parts


def _years(value: float) -> str:
    return f"{value:g} years" if value != 1 else "1 year"


@dataclass(frozen=True)
class Total:
    """A sum in one currency; approximate if any part of it is."""

    label: str
    currency: str
    value: Decimal  # summed exactly: amounts are bounded (schema.MAX_NUMBER), so never inf
    count: int
    approximate: bool

    @property
    def display(self) -> str:
        return _format(self.value, self.currency, self.approximate)


def totals(agreements: list[Agreement], by: str) -> list[Total]:
    """Sum amounts per (kind or year, currency); ``by`` is "kind" or "year"."""
    sums: dict[tuple[str, str], list[Amount]] = defaultdict(list)
    for agreement in agreements:
        if agreement.amount is None:
            continue
        label = agreement.kind if by == "kind" else (str(agreement.year or "undated"))
        sums[(label, agreement.amount.currency)].append(agreement.amount)
    return [
        Total(
            label,
            currency,
            sum((exact(a.value) for a in amounts), Decimal(0)),
            len(amounts),
            any(a.approximate for a in amounts),
        )
        for (label, currency), amounts in sorted(sums.items())
    ]


def is_aid(record: Record) -> bool:
    """A grant or a loan, whether or not its amount is known."""
    return isinstance(record, Agreement) and record.kind in AID_KINDS


def aid_agreements(records: Iterable[Record]) -> list[Agreement]:
    """The grants and loans with an amount, in the order given."""
    return [r for r in records if isinstance(r, Agreement) and r.kind in AID_KINDS and r.amount]


def other_amounts(records: Iterable[Record]) -> list[Agreement]:
    """The agreements with an amount that are not grants or loans, in the order given:
    never added to the aid totals, shown beside them."""
    return [r for r in records if isinstance(r, Agreement) and r.amount and not is_aid(r)]
