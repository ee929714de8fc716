"""Synthetic datasets for the benchmarks and the scaling gate: copies of the project whose
dataset holds a given number of valid records, spread over every topic, actor and kind, each
citing a real quote, so that every check and page of the real build runs on them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The tests' project copy, so that both copy the same files the same way.
sys.path.insert(0, str(ROOT / "tests"))
from support import copy_project  # noqa: E402

RECORDS_PER_FILE = 500
SUBJECTS = ("roads", "ports", "training", "demining", "dialogue")
# Before the real dataset's revision (2026-11-23): nothing may be dated after it.
FIRST_YEAR, LAST_YEAR = 1990, 2025


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def make_project(size: int, folder: Path) -> Path:
    """A copy of the project whose dataset holds ``size`` records in all."""
    project = copy_project(folder / f"project-{size}")
    data = project / "data"
    real = sum(
        len(_load(p) or []) for p in [*data.glob("events/*.yml"), *data.glob("agreements/*.yml")]
    )
    vocabulary = _load(data / "vocabulary.yml")
    topics = [t["slug"] for t in _load(data / "topics.yml")]
    actors = [a["id"] for a in _load(data / "actors.yml")]
    # Real citations, so that the build's quote check against sources/ runs on every record.
    # Whole citations (source, quote and, where given, the account it comes from).
    citations = sorted(
        {
            tuple(sorted(c.items()))
            for p in [*data.glob("events/*.yml"), *data.glob("agreements/*.yml")]
            for record in _load(p) or []
            for c in record["sources"]
        }
    )
    rng = random.Random(size)
    events, agreements = [], []
    for number in range(max(0, size - real)):
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        month = rng.randint(1, 12)
        date = rng.choice(
            [f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{rng.randint(1, 28):02d}"]
        )
        common = {
            "id": f"synthetic-{number:05d}",
            "title": f"Synthetic record {number} on {rng.choice(SUBJECTS)}",
            "date": date,
            "topics": rng.sample(topics, rng.randint(1, 2)),
            "sources": [dict(rng.choice(citations))],
        }
        if rng.random() < 0.6:
            events.append(
                {
                    **common,
                    "kind": rng.choice(vocabulary["event_kinds"]),
                    "summary": "A generated event used to measure how the build scales. " * 3,
                    "place": rng.choice(["Phnom Penh", "Tokyo", "Siem Reap", None]),
                    "actors": rng.sample(actors, rng.randint(1, 4)),
                }
            )
        else:
            record = {
                **common,
                "kind": rng.choice(vocabulary["agreement_kinds"]),
                "status": rng.choice(vocabulary["agreement_statuses"]),
                "parties": rng.sample(actors, 2),
                "purpose": "A generated agreement used to measure how the build scales. " * 2,
            }
            if record["kind"] in ("grant", "loan"):
                record["amount"] = {"value": rng.randint(1, 500) * 100_000, "currency": "USD"}
            agreements.append(record)
    for folder_name, records in (("events", events), ("agreements", agreements)):
        for start in range(0, len(records), RECORDS_PER_FILE):
            chunk = [
                {k: v for k, v in r.items() if v is not None}
                for r in records[start : start + RECORDS_PER_FILE]
            ]
            path = data / folder_name / f"synthetic-{start // RECORDS_PER_FILE:03d}.yml"
            path.write_text(
                yaml.safe_dump(chunk, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
    return project
