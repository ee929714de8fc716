"""Hand-written pages woven into the dataset: reference links and the navigation."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from briefing.references import find_references
from briefing.website.essay_links import link_for
from briefing.website.nav import expand_nav
from briefing.website.outputs import Output
from briefing.website.pages import Renderer


def link(reference: str, page_uri: str, dataset: Dataset) -> str:
    (ref,), problems = find_references(reference, page_uri)
    assert problems == []
    return link_for(ref, page_uri, dataset)


@pytest.mark.parametrize(
    ("reference", "page_uri", "markdown"),
    [
        (
            "[[event:minister-visit]]",
            "index.md",
            '[A minister visits](events/minister-visit.md "5–6 July 2024: A minister visits")',
        ),
        (
            "[[agreement:road-loan|the loan]]",
            "essays/on-the-loan.md",
            '[the loan](../agreements/road-loan.md "July 2024: A road loan")',
        ),
        ("[[actor:japan]]", "index.md", '[Japan](actors/japan.md "Japan: state")'),
        (
            "[[source:src-one]]",
            "about/methodology.md",
            '[Source one](../sources/src-one.md "A. Writer, July 2024")',
        ),
        ("[[topic:aid]]", "essays/on-the-loan.md", '[Aid](../topics/aid.md "Money.")'),
        (
            "[[topic:aid|*loans* & <grants>]]",
            "index.md",
            r'[\*loans\* &amp; &lt;grants&gt;](topics/aid.md "Money.")',
        ),
    ],
)
def test_link_for_each_kind(
    reference: str, page_uri: str, markdown: str, minimal: tuple[Dataset, Docs]
) -> None:
    assert link(reference, page_uri, minimal[0]) == markdown


def test_link_text_and_title_from_data_are_escaped(minimal: tuple[Dataset, Docs]) -> None:
    dataset = minimal[0]
    hostile = dataclasses.replace(dataset.topics["aid"], title="[x](y) *z*", summary='"><b>')
    topics = {**dataset.topics, "aid": hostile}
    changed = dataclasses.replace(dataset, topics=topics)
    assert link("[[topic:aid]]", "index.md", changed) == (
        r'[\[x\](y) \*z\*](topics/aid.md "&quot;&gt;&lt;b&gt;")'
    )


NAV = [
    {"Home": "index.md"},
    {"Topics": "topics/index.md"},
    {"Essays": "essays/index.md"},
    "plain.md",
    {"About": [{"Methodology": "about/methodology.md"}, {"More topics": "topics/index.md"}]},
]


def test_expand_nav_turns_an_entry_into_a_section_with_its_pages() -> None:
    sections = {"topics/index.md": ["topics/aid.md", "topics/diplomacy.md"], "essays/index.md": []}
    assert expand_nav(NAV, sections) == [
        {"Home": "index.md"},
        {"Topics": ["topics/index.md", "topics/aid.md", "topics/diplomacy.md"]},
        {"Essays": ["essays/index.md"]},
        "plain.md",
        {
            "About": [
                {"Methodology": "about/methodology.md"},
                {"More topics": ["topics/index.md", "topics/aid.md", "topics/diplomacy.md"]},
            ]
        },
    ]
    assert NAV[1] == {"Topics": "topics/index.md"}, "the configured nav is not changed"


def test_expand_nav_without_a_nav_or_sections() -> None:
    assert expand_nav(None, {"topics/index.md": ["topics/aid.md"]}) is None
    assert expand_nav(NAV, {}) == NAV


def test_the_topics_section_lists_each_page_once(minimal_output: tuple[Output, Renderer]) -> None:
    output = minimal_output[0]
    nav = expand_nav([{"Topics": "topics/index.md"}], {"topics/index.md": output.nav_topics})
    assert nav == [{"Topics": ["topics/index.md", "topics/aid.md", "topics/diplomacy.md"]}]
