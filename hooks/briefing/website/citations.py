"""Citations of the site's pages in the formats reference managers read.

Each citable page (a record, a topic, an essay, the Data page for the dataset) is a
``Work``; from it come CSL-JSON, BibTeX and RIS files, and the Highwire ``citation_*``
meta tags that Zotero's page translator reads.

Two rules hold in every format:

- A date keeps the precision it has: a year stays a year and a month a month; no
  format is given a day the data does not have.
- An address is given only when the site has one (``SITE_URL``); otherwise the
  citation names the page's path and says the address is added when published.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from ..dataset.dates import PartialDate
from ..dataset.model import Dataset
from ..docs_pages import Docs
from .outputs import Asset, Site
from .urls import Urls, absolute_url, is_published

# (file extension, format name, media type): the order pages offer them in.
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("json", "CSL-JSON", "application/vnd.citationstyles.csl+json"),
    ("bib", "BibTeX", "application/x-bibtex"),
    ("ris", "RIS", "application/x-research-info-systems"),
)

# RIS's type for each CSL type.
_RIS_TYPES = {"webpage": "ELEC", "dataset": "DATA"}
_BIBTEX_MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
]


@dataclass(frozen=True)
class Work:
    """What a citation of one page says, whatever the format."""

    key: str  # BibTeX key and CSL id: from the page's stable path, never its title
    page_uri: str
    csl_type: str  # "webpage" or "dataset"
    title: str
    authors: tuple[str, ...]  # names as written; never split into given and family names
    container: str  # the site's name
    issued: PartialDate  # the date of this version: the dataset's revision, an essay's date
    path: str  # root-relative, always known
    url: str | None  # the full address, only when the site is published
    note: str
    licence: str

    @property
    def where(self) -> str:
        """The address, or the path with what is missing, as "Cite this" lines print it."""
        if self.url:
            return self.url
        return f"{self.path} (path on the site; its address is added when published)"


# ---------------------------------------------------------------------------
# The works of a site
# ---------------------------------------------------------------------------


def citable_works(dataset: Dataset, docs: Docs, site: Site) -> dict[str, Work]:
    """Every citable page, by source path: records, topics, essays and the Data page."""
    make = _Maker(dataset, site)
    revised = dataset.revision_line
    works: dict[str, Work] = {}
    for record in dataset.records:
        uri = Urls.record(record)
        works[uri] = make(uri, record.title, f"Record {record.id}. {revised}.")
    for topic in dataset.topics.values():
        uri = Urls.topic(topic.slug)
        works[uri] = make(uri, topic.title, f"Topic page. {revised}.")
    for essay in docs.essays:
        works[essay.src_uri] = make(
            essay.src_uri, essay.title, "Essay.", authors=(essay.author,), issued=essay.date
        )
    works["data.md"] = make("data.md", dataset.info.title, f"{revised}.", csl_type="dataset")
    return works


@dataclass(frozen=True)
class _Maker:
    """Works of one site: the dataset's author and revision unless a page has its own."""

    dataset: Dataset
    site: Site

    def __call__(
        self,
        page_uri: str,
        title: str,
        note: str,
        *,
        csl_type: str = "webpage",
        authors: tuple[str, ...] | None = None,
        issued: PartialDate | None = None,
    ) -> Work:
        info = self.dataset.info
        published = is_published(self.site.url)
        return Work(
            key=_key(page_uri),
            page_uri=page_uri,
            csl_type=csl_type,
            title=title,
            authors=authors or (info.author,),
            container=self.site.name,
            issued=issued or info.updated,
            path=absolute_url("/", page_uri),
            url=absolute_url(self.site.url, page_uri) if published else None,
            note=note,
            licence=info.licence,
        )


def _key(page_uri: str) -> str:
    """``events/x.md`` → ``cjb-events-x``: letters, digits and hyphens only (ids are slugs)."""
    stem = page_uri.removesuffix(".md").removesuffix("/index")
    return "cjb-" + stem.replace("/", "-")


# ---------------------------------------------------------------------------
# CSL-JSON
# ---------------------------------------------------------------------------


def date_parts(date: PartialDate) -> list[int]:
    """``[2024]``, ``[2024, 7]`` or ``[2024, 7, 5]``: no part the date does not have."""
    return [p for p in (date.year, date.month, date.day) if p is not None]


def csl_item(work: Work) -> dict[str, object]:
    item: dict[str, object] = {
        "id": work.key,
        "type": work.csl_type,
        "title": work.title,
        "author": [{"literal": name} for name in work.authors],
        "container-title": work.container,
        "issued": {"date-parts": [date_parts(work.issued)]},
    }
    if work.url:
        item["URL"] = work.url
    item["note"] = _note(work)
    if work.licence:
        item["license"] = work.licence
    return item


def csl_json(work: Work) -> str:
    """A CSL-JSON array of one item, as Zotero and citeproc processors import it."""
    return json.dumps([csl_item(work)], ensure_ascii=False, indent=2) + "\n"


def _note(work: Work) -> str:
    if work.url:
        return work.note
    return f"{work.note} Path on the site: {work.path} (its address is added when published)."


# ---------------------------------------------------------------------------
# BibTeX
# ---------------------------------------------------------------------------

_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        "\n": " ",
        "\r": " ",
    }
)
# An address is written as it is (biblatex reads `url` verbatim), but a brace, a space
# or a percent sign would end or break the field: those are percent-encoded.
_URL_SPECIAL = str.maketrans({"{": "%7B", "}": "%7D", "%": "%25", " ": "%20", "\\": "%5C"})


def bibtex_text(text: str) -> str:
    """Text for a braced BibTeX field: every character that means something escaped."""
    return text.translate(_BIBTEX_SPECIAL)


def bibtex(work: Work) -> str:
    entry_type = "misc"
    fields: list[tuple[str, str]] = [
        # Double braces: a corporate name is one name, never "family, given".
        ("author", " and ".join("{" + bibtex_text(a) + "}" for a in work.authors)),
        ("title", "{" + bibtex_text(work.title) + "}"),
        ("howpublished", bibtex_text(work.container)),
        ("year", str(work.issued.year)),
    ]
    lines = [f"@{entry_type}{{{work.key},"]
    for name, value in fields:
        lines.append(f"  {name} = {{{value}}},")
    if work.issued.month is not None:
        # A month macro, which every BibTeX style knows; never a day that is not known.
        lines.append(f"  month = {_BIBTEX_MONTHS[work.issued.month - 1]},")
    lines.append(f"  date = {{{work.issued.iso}}},")
    if work.url:
        lines.append(f"  url = {{{work.url.translate(_URL_SPECIAL)}}},")
    lines.append(f"  note = {{{bibtex_text(_note(work))}}},")
    if work.licence:
        lines.append(f"  copyright = {{{bibtex_text(work.licence)}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------


def ris_date(date: PartialDate) -> str:
    """RIS's ``YYYY/MM/DD/other`` with the unknown parts left empty: ``2024/07//``."""
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def _ris_value(text: str) -> str:
    # One tag per line: a line break inside a value would start a tag of its own.
    return " ".join(text.split())


def ris(work: Work) -> str:
    lines = [("TY", _RIS_TYPES.get(work.csl_type, "ELEC"))]
    lines.append(("TI", work.title))
    lines += [("AU", name) for name in work.authors]
    lines.append(("T2", work.container))
    lines.append(("PY", str(work.issued.year)))
    lines.append(("DA", ris_date(work.issued)))
    if work.url:
        lines.append(("UR", work.url))
    lines.append(("N1", _note(work)))
    lines.append(("ID", work.key))
    text = "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines)
    return text + "ER  - \r\n"


# ---------------------------------------------------------------------------
# Highwire meta tags, for the page's <head>
# ---------------------------------------------------------------------------


def highwire_date(date: PartialDate) -> str:
    """``2024/07/05``, ``2024/07`` or ``2024``: the form Google Scholar reads."""
    return "/".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(date_parts(date)))


# Angle brackets become look-alikes in meta values, as in the theme's own meta tags
# (jinja.slot_text): a tag reader that decodes entities never meets markup.
_META_SAFE = str.maketrans({"<": "‹", ">": "›"})


def meta_tags(work: Work) -> Markup:
    """The ``citation_*`` tags of one page, every value escaped for its attribute."""
    pairs = [("citation_title", work.title)]
    pairs += [("citation_author", name) for name in work.authors]
    pairs.append(("citation_publication_date", highwire_date(work.issued)))
    pairs.append(("citation_publisher", work.container))
    if work.url:
        pairs.append(("citation_public_url", work.url))
    return Markup("\n").join(
        Markup('<meta name="{}" content="{}">').format(name, value.translate(_META_SAFE))
        for name, value in pairs
    )


# ---------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------

_WRITERS = {"json": csl_json, "bib": bibtex, "ris": ris}


def citation_assets(works: dict[str, Work]) -> Iterator[Asset]:
    """Three files per citable page: ``cite/<page>.json``, ``.bib`` and ``.ris``."""
    for uri, work in works.items():
        for extension, _name, _media in FORMATS:
            yield Asset(Urls.citation_file(uri, extension), _WRITERS[extension](work))
