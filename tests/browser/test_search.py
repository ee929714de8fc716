"""Site search in Chromium: what a reader types puts the page that carries it first.

The query table is written from what readers type, not from what the pages say: names in
either order, aliases, typos, missing accents, amounts with and without currency signs,
separators or units, acronyms, spelling variants, synonyms and hyphenation. Each case names
the pages a reader would accept as the first hit (the record, person or topic the query is
about) and each query goes through Material's own search box, as a reader's would.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser_support import (
    AXE_RUN,
    RESULT_ITEM,
    SEARCH_INPUT,
    WCAG_TAGS,
    inject_axe,
    open_search,
    require_axe,
)
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


ROAD_LOAN = "/agreements/national-road-5-loan-2024/"
SCHOLARSHIP = "/agreements/hrd-scholarship-grant-2024/"
CANAL = "/agreements/funan-techo-canal/"
FOIP = "/agreements/free-and-open-indo-pacific/"
ATTACHES = "/agreements/military-attache-exchange-2024/"
APPROACHES = "/agreements/three-cooperation-approaches-2024/"
# Pages about mine action as a whole, for words that name the field.
MINE_ACTION = (
    "/topics/mine-action/",
    "/agreements/mine-action-assistance-package-2024/",
    "/agreements/landmine-initiative-2024/",
    "/events/mine-action-package-announcement-2024/",
    "/actors/cmac/",
)

# family -> query -> the pages (site paths) that are a good first hit for it.
QUERIES: dict[str, dict[str, tuple[str, ...]]] = {
    "name": {
        "Tea Seiha": ("/actors/tea-seiha/",),
        "Sok Chenda": ("/actors/sok-chenda-sophea/",),
        "Chhum Sochet": ("/actors/chhum-sochet/",),
        "Wang Wenbin": ("/actors/wang-wenbin/",),
        "Hun Manet": ("/actors/hun-manet/",),
        "Ueno": ("/actors/ueno-atsushi/",),
    },
    "name order and aliases": {
        "Yoko Kamikawa": ("/actors/kamikawa-yoko/",),
        "Fumio Kishida": ("/actors/kishida-fumio/",),
        "Minoru Kihara": ("/actors/kihara-minoru/",),
        "Hongma Nei": ("/actors/hun-manet/",),
        "Seun Sam": ("/actors/sam-seun/",),
        "Japan International Cooperation Agency": ("/actors/jica/",),
    },
    "typo": {
        "Kishda": ("/actors/kishida-fumio/",),
        "Wenbim": ("/actors/wang-wenbin/",),
        "Sihanoukvile": (CANAL, APPROACHES),
        "Battambnag": (ROAD_LOAN,),
        "Kamikwa": ("/actors/kamikawa-yoko/",),
        "Sok Chenda Sopea": ("/actors/sok-chenda-sophea/",),
        "Ottowa conference": ("/events/ottawa-review-conference-2024/",),
    },
    "accent and apostrophe": {
        "attaches": (ATTACHES,),
        "Yōko Kamikawa": ("/actors/kamikawa-yoko/",),
        "Thlea Maam": (ROAD_LOAN,),
        "Kihara Minōru": ("/actors/kihara-minoru/",),
    },
    "acronym": {
        "FOIP": (FOIP,),
        "SEZ": ("/agreements/cambodia-japan-sez-proposal/",),
        "JICA": ("/actors/jica/",),
        "CMAC": ("/actors/cmac/",),
        "ASEAN": ("/actors/asean/",),
        "CSP": ("/agreements/csp-2023/",),
        "MoU 2013": ("/agreements/defence-mou-2013/",),
        "ODA": ("/actors/jica/", "/topics/aid/"),
    },
    "amount": {
        "$59.6 million": (ROAD_LOAN,),
        "USD 2.7 million": (SCHOLARSHIP,),
        "$2.7m": (SCHOLARSHIP,),
        "59,600,000": (ROAD_LOAN,),
        "$1.7bn": (CANAL,),
        "1.7 billion dollars": (CANAL,),
        "52 percent": ("/events/partner-survey-2022/",),
    },
    "synonym and spelling variant": {
        "demining": MINE_ACTION,
        "de-mining": MINE_ACTION,
        "defense attache": (ATTACHES,),
        "defense memorandum": (
            "/agreements/defence-mou-2013/",
            "/agreements/defence-cooperation-memorandums/",
        ),
        "special economic zone": ("/agreements/cambodia-japan-sez-proposal/",),
        "coastguard boats": ("/agreements/patrol-boats-2024/",),
    },
    "hyphenation": {
        "Funan-Techo": (CANAL,),
        "Indo Pacific": (FOIP,),
        "Japan-Cambodia Landmine Initiative": ("/agreements/landmine-initiative-2024/",),
        "Thlea Ma'am-Battambang": (ROAD_LOAN,),
    },
    "place": {
        "Poipet": (ROAD_LOAN,),
        "Siem Reap": ("/events/ottawa-review-conference-2024/",),
        "Kep province": (CANAL,),
        "Sihanoukville": (CANAL, APPROACHES),
    },
    # Questions in plain words: the question words are not what the reader looks for.
    "question": {
        "who is Tea Seiha": ("/actors/tea-seiha/",),
        "when did Kihara visit Cambodia": (
            "/events/kihara-visit-2024/",
            "/events/kihara-tea-seiha-talks-2024/",
        ),
        "when was the road loan signed": (ROAD_LOAN, "/events/grant-loan-signing-2024/"),
        "what is FOIP": (FOIP,),
    },
    # Names run together, or split where the data does not split them.
    "run together or split": {
        "Hunmanet": ("/actors/hun-manet/",),
        "Funantecho": (CANAL,),
        "Sihanouk ville": (CANAL, APPROACHES),
        "Battam bang": (ROAD_LOAN,),
        "Tea Sei ha": ("/actors/tea-seiha/",),
    },
    # A name or a kind with a month or a year, written in several ways.
    "with a date": {
        "Hun Manet December 2023": ("/events/hun-manet-visit-japan-2023/",),
        "Kihara August 2024": (
            "/events/kihara-visit-2024/",
            "/events/kihara-tea-seiha-talks-2024/",
        ),
        "Hun Sen Jan 2024": ("/events/hun-sen-visit-japan-2024/",),
        # Any record of her July 2024 visit is a good first hit.
        "Kamikawa July 2024": (
            "/events/kamikawa-visit-2024/",
            "/events/kamikawa-hun-sen-call-2024/",
            "/events/kamikawa-hun-manet-call-2024/",
            "/events/kamikawa-cmac-visit-2024/",
            "/events/kamikawa-sok-chenda-meeting-2024/",
        ),
        "loan 2024-07": (ROAD_LOAN, "/events/grant-loan-signing-2024/"),
        "Ottawa conference Nov 2024": ("/events/ottawa-review-conference-2024/",),
    },
    # A place together with a thing.
    "place and thing": {
        "Battambang road": (ROAD_LOAN,),
        "Kep canal": (CANAL,),
        "Phnom Penh seminar": ("/events/csp-seminar-2024/",),
        "Siem Reap conference": ("/events/ottawa-review-conference-2024/",),
    },
}

CASES = [(family, query) for family, table in QUERIES.items() for query in table]


@pytest.fixture(scope="module")
def requests_made() -> list[str]:
    """Every URL the search page requested, from its load to the last query."""
    return []


@pytest.fixture(scope="module")
def search_page(browser: Browser, site_url: str, requests_made: list[str]) -> Iterator[Page]:
    """One page with the search index loaded, reused for every query of this module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requests_made.append(request.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site_url}/")
    yield page
    context.close()


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type a query as a reader would; return the site paths of the top five results."""
    box = page.locator(SEARCH_INPUT)
    if not box.is_visible():
        box = open_search(page)
    # Clear the previous query and wait for its results to go, so that no stale hit is read;
    # then enter the whole query at once, so that no result for a partly typed query can be
    # read either.
    box.fill("")
    page.locator(RESULT_ITEM).first.wait_for(state="detached")
    box.fill(query)
    page.locator(RESULT_ITEM).first.wait_for(state="visible")
    hrefs = page.eval_on_selector_all(
        ".cjb-search__result > a", "links => links.slice(0, 5).map(a => a.href)"
    )
    assert all(href.startswith(site_url) for href in hrefs), hrefs
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize(("family", "query"), CASES)
def test_first_result_is_the_page_a_reader_expects(
    search_page: Page, site_url: str, family: str, query: str
) -> None:
    top = search(search_page, site_url, query)
    expected = QUERIES[family][query]
    assert top[0] in expected, (
        f"{family} query {query!r}: first hit {top[0]}, expected one of {list(expected)}; "
        f"top results: {top}"
    )


def test_search_runs_on_the_pagefind_index_with_no_third_party_request(
    search_page: Page, site_url: str, requests_made: list[str]
) -> None:
    search(search_page, site_url, "Kamikawa")
    assert any(url.endswith("/pagefind/pagefind.js") for url in requests_made)
    assert any("/pagefind/index/" in url for url in requests_made)
    # No engine's own search runs: neither worker nor index is fetched.
    assert not any("/workers/search" in url or "search_index.json" in url for url in requests_made)
    outside = [url for url in requests_made if not url.startswith(f"{site_url}/")]
    assert outside == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_open_search_results_pass_axe(search_page: Page, site_url: str, scheme: str) -> None:
    require_axe()
    search_page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    try:
        top = search(search_page, site_url, "Kamikawa Yoko")
        assert top[0] == "/actors/kamikawa-yoko/"
        assert search_page.locator(".cjb-search__excerpt mark").count() > 0  # highlighting kept
        inject_axe(search_page)
        result = search_page.evaluate(AXE_RUN, WCAG_TAGS)
    finally:
        search_page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'default')")
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []


def test_keyboard_opens_search_and_enter_goes_to_the_best_result(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{site_url}/")
        page.keyboard.press("/")  # Material's shortcut, kept
        assert page.evaluate("'cjbSearchQuery' in document.activeElement.dataset")
        page.keyboard.type("Kishda")  # a typo, forgiven
        page.locator(RESULT_ITEM).first.wait_for(state="visible")
        page.keyboard.press("Enter")
        page.wait_for_url("**/actors/kishida-fumio/**")
    finally:
        context.close()
