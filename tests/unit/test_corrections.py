"""The corrections route (``extra.briefing.corrections``, ``website/corrections.py``)."""

from __future__ import annotations

import pytest

from briefing.dataset.problems import DataError
from briefing.options import Options
from briefing.website import corrections


@pytest.mark.parametrize(
    ("route", "href"),
    [
        ("https://github.com/owner/repo/issues", "https://github.com/owner/repo/issues"),
        ("mailto:editors@briefing.test", "mailto:editors@briefing.test"),
        ("editors@briefing.test", "mailto:editors@briefing.test"),
    ],
)
def test_a_route_is_an_address_or_a_web_page(route: str, href: str) -> None:
    assert Options.parse({"corrections": route}).corrections == route
    assert f'href="{href}"' in corrections.sentence(route)


@pytest.mark.parametrize(
    "route", ["write to the editors", "javascript:alert(1)", "https://x/<script>", 5, ["a"]]
)
def test_anything_else_is_refused_naming_the_setting(route: object) -> None:
    with pytest.raises(DataError) as caught:
        Options.parse({"corrections": route})
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("mkdocs.yml", "extra.briefing.corrections")


def test_no_route_is_said_plainly() -> None:
    assert Options.parse({"corrections": None}).corrections is None
    assert Options.parse({}).corrections is None
    assert corrections.sentence(None) == corrections.NO_ROUTE
    assert "href" not in corrections.sentence(None)
