"""Model objects are built from the schema by field name (``dataset/load.py`` ``construct``)."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.dataset import schema
from briefing.dataset.dates import PartialDate
from briefing.dataset.load import construct
from briefing.dataset.model import (
    Actor,
    Agreement,
    Amount,
    Citation,
    DatasetInfo,
    Event,
    Role,
    Source,
    Terms,
    Topic,
)

CITATION = {"source": "src-one", "quote": "A quote."}


def test_an_agreement_with_nested_shapes_in_any_key_order() -> None:
    data = {
        "sources": [CITATION],
        "terms": {"grace_period_years": 10, "repayment_period_years": 30},
        "amount": {"currency": "USD", "value": 59_600_000, "approximate": True},
        "parties": ["japan", "cambodia"],
        "purpose": "To improve a road.",
        "topics": ["aid"],
        "status": "signed",
        "kind": "loan",
        "title": "A road loan",
        "id": "road-loan",
        "date": PartialDate(2024, 7),
    }
    built = construct(schema.AGREEMENTS.fields, Agreement, data, file="data/x.yml", line=3)
    assert built == Agreement(
        id="road-loan",
        title="A road loan",
        kind="loan",
        topics=("aid",),
        sources=(Citation("src-one", "A quote."),),
        file="data/x.yml",
        line=3,
        date=PartialDate(2024, 7),
        status="signed",
        parties=("japan", "cambodia"),
        amount=Amount(59_600_000, "USD", True),
        terms=Terms(repayment_period_years=30, grace_period_years=10),
        purpose="To improve a road.",
    )


def test_absent_fields_keep_their_defaults() -> None:
    data = {
        "id": "v",
        "title": "T",
        "kind": "visit",
        "topics": ["aid"],
        "sources": [CITATION],
        "date": PartialDate(2024),
        "summary": "S",
    }
    built = construct(schema.EVENTS.fields, Event, data, file="f", line=1)
    assert (built.end_date, built.planned, built.part_of, built.actors) == (None, False, None, ())
    assert (built.place, built.agreements) == (None, ())


def test_an_actor_with_roles() -> None:
    data = {
        "id": "hun-manet",
        "name": "Hun Manet",
        "kind": "person",
        "country": "Cambodia",
        "sources": [CITATION],
        "roles": [
            {"title": "Prime Minister", "start": PartialDate(2023, 8), "sources": [CITATION]}
        ],
    }
    built = construct(schema.ACTORS.fields, Actor, data)
    assert built.roles == (
        Role("Prime Minister", (Citation("src-one", "A quote."),), start=PartialDate(2023, 8)),
    )
    # Built alone, a role has no date yet: the dataset dates it from its sources.
    assert built.role == "Prime Minister (as of an unstated date)"


@pytest.mark.parametrize(
    ("shape", "model"),
    [
        (schema.TOPICS, Topic),
        (schema.SOURCES, Source),
        (schema.ACTORS, Actor),
        (schema.EVENTS, Event),
        (schema.AGREEMENTS, Agreement),
        (schema.DATASET, DatasetInfo),
        (schema.CITATION, Citation),
        (schema.AMOUNT, Amount),
        (schema.TERMS, Terms),
        (schema.ROLE, Role),
    ],
)
def test_every_schema_field_is_a_model_field(shape: schema.Collection, model: type) -> None:
    declared = [f.name for f in shape.fields]
    assert set(declared) <= {f.name for f in dataclasses.fields(model)}, model.__name__


def test_an_unknown_field_is_an_error_not_a_silent_drop() -> None:
    fields = (*schema.CITATION.fields, dataclasses.replace(schema.CITATION.fields[0], name="page"))
    with pytest.raises(TypeError, match="page"):
        construct(fields, Citation, {**CITATION, "page": 3})
