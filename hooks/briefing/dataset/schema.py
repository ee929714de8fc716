"""The dataset's schema, declared once.

The validator walks it, ``exports.json_schema`` turns it into JSON Schema and
the Data page renders it as the data dictionary, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Field types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """``string`` (one line), ``text`` (paragraphs), ``id``, ``date``, ``url``,
    ``number``, ``integer`` or ``boolean``."""

    kind: str

    @property
    def label(self) -> str:
        return _SCALAR_LABELS[self.kind]

    @property
    def max_length(self) -> int | None:
        """The longest text accepted, for text kinds; None for the others."""
        return MAX_LENGTH.get(self.kind)


@dataclass(frozen=True)
class Ref:
    """The id of a record in another collection."""

    collection: str

    @property
    def label(self) -> str:
        if self.collection == "records":
            return "id of an event or an agreement"
        return f"id of one of the {self.collection}"


@dataclass(frozen=True)
class Vocab:
    """A value from a list in ``data/vocabulary.yml``."""

    name: str
    noun: str  # "currency", for messages: "unknown currency 'XYZ'"

    @property
    def label(self) -> str:
        return f"one of vocabulary `{self.name}`"


@dataclass(frozen=True)
class ListOf:
    item: FieldType
    min_items: int = 0

    @property
    def label(self) -> str:
        least = f", at least {self.min_items}" if self.min_items else ""
        return f"list of {self.item.label}{least}"


@dataclass(frozen=True)
class Obj:
    name: str
    fields: tuple[Field, ...]
    # A citation: its `quote` must appear verbatim in the text of its `source`.
    quoted: bool = False

    @property
    def label(self) -> str:
        return f"`{self.name}` mapping"


FieldType = Scalar | Ref | Vocab | ListOf | Obj

# Every number in the data (amounts in units of a currency, years, rates, ids): a
# thousand trillion is more than any budget, and totals of such amounts stay exact.
MAX_NUMBER = 10**15
# Significant digits a number may give: beyond 15, a binary float no longer keeps
# what was written, and pages would show a different number.
MAX_DIGITS = 15

# Characters, after white space is collapsed.
MAX_LENGTH = {"id": 80, "string": 600, "text": 10_000, "url": 2_000}

_SCALAR_LABELS = {
    "string": "text (one line)",
    "text": "text (paragraphs allowed)",
    "id": "id (lowercase letters, digits and hyphens)",
    "date": "date: YYYY, YYYY-MM or YYYY-MM-DD",
    "url": "http(s) URL",
    "number": "number from 0 to 10^15",
    "integer": "whole number from 0 to 10^15",
    "boolean": "true or false",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Collection:
    """A kind of record: where it lives and which fields it has."""

    name: str  # "events"
    singular: str  # "event"
    location: str  # "data/topics.yml" (one file) or "data/events/*.yml" (a folder of files)
    doc: str
    fields: tuple[Field, ...]
    key: str = "id"

    @property
    def folder(self) -> str | None:
        """The folder under data/ of a collection kept in many files, else None."""
        head, _, tail = self.location.removeprefix("data/").partition("/")
        return head if tail else None

    @property
    def filename(self) -> str | None:
        """The file under data/ of a collection kept in one file, else None."""
        return None if self.folder else self.location.removeprefix("data/")


# ---------------------------------------------------------------------------
# Shared shapes
# ---------------------------------------------------------------------------

S = Scalar

CURRENCY = Vocab("currencies", "currency")
ACTOR_KIND = Vocab("actor_kinds", "actor kind")
EVENT_KIND = Vocab("event_kinds", "event kind")
AGREEMENT_KIND = Vocab("agreement_kinds", "agreement kind")
AGREEMENT_STATUS = Vocab("agreement_statuses", "agreement status")
AGREEMENT_RELATION = Vocab("agreement_relations", "relation")
LEFT_OUT_REASON = Vocab("left_out_reasons", "reason")
ACCOUNT = Vocab("accounts", "account")

CITATION = Obj(
    "citation",
    (
        Field("source", Ref("sources"), "The source the fact comes from.", required=True),
        Field(
            "quote",
            S("string"),
            "One sentence or less, copied verbatim from that source.",
            required=True,
        ),
        Field(
            "account",
            ACCOUNT,
            "Whose account the quoted passage gives, where the source relays several "
            "(its `sections`): the Cambodian readout, the Japanese readout, the author's "
            "assessment. Checked against the section the quote is in.",
        ),
    ),
    quoted=True,
)

SECTION = Obj(
    "section",
    (
        Field("heading", S("string"), "The section's heading, verbatim.", required=True),
        Field("account", ACCOUNT, "Whose account the section gives.", required=True),
    ),
)

CITATIONS = ListOf(CITATION, min_items=1)

AMOUNT = Obj(
    "amount",
    (
        Field("value", S("number"), "The amount in units of the currency.", required=True),
        Field("currency", CURRENCY, "ISO 4217 code.", required=True),
        Field(
            "approximate",
            S("boolean"),
            "True where the source says 'approximately'; a figure the source gives "
            "plainly ('$1.7 billion') is shown as given.",
        ),
    ),
)

TERMS = Obj(
    "terms",
    (
        Field("repayment_period_years", S("number"), "Repayment period, grace included."),
        Field("grace_period_years", S("number"), "Grace period before repayment starts."),
        Field("interest_rate_percent", S("number"), "Annual interest rate."),
        Field("note", S("string"), "Other terms, in our own words."),
    ),
)

ROLE = Obj(
    "role",
    (
        Field("title", S("string"), "The office or title.", required=True),
        Field("start", S("date"), "When the actor took it up, if a source says."),
        Field("end", S("date"), "When the actor left it, if a source says."),
        Field(
            "as_of",
            S("date"),
            "The date a source places the role at, when it is an event's date rather than "
            "the source's own (a title given for a December 2023 summit). Without it the "
            "role is true as of the date of its latest cited source. Pages always show it.",
        ),
        Field("sources", CITATIONS, "Citations for the role.", required=True),
    ),
)

# A record is an event or an agreement: the two share one namespace of ids.
RECORD = Ref("records")

KEY_POINT = Obj(
    "key_point",
    (
        Field("text", S("string"), "One point of the brief, in our own words.", required=True),
        Field("records", ListOf(RECORD, 1), "The records the point rests on.", required=True),
    ),
)

FIGURE = Obj(
    "figure",
    (
        Field("label", S("string"), "What the figure measures, in a few words.", required=True),
        Field(
            "value",
            S("string"),
            "The figure as the sources give it ('4', '52%', 'November 2024'). "
            "Omit it to show the amounts of `amount_of`.",
        ),
        Field(
            "amount_of",
            ListOf(RECORD, 1),
            "Agreements whose amounts make the figure, summed only within one kind and "
            "currency: a grant is never added to a loan.",
        ),
        Field("as_of", S("date"), "The date the figure is true as of.", required=True),
        Field("note", S("string"), "A short qualifier: whose account, what it leaves out."),
        Field("records", ListOf(RECORD), "The records the figure rests on."),
        Field("sources", CITATIONS, "Citations where no record carries the figure."),
        Field("home", S("boolean"), "Also show the figure in the front page's strip."),
    ),
)

# ---------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------

TOPICS = Collection(
    "topics",
    "topic",
    "data/topics.yml",
    "The sections of the site. Titles, slugs and introductions live here, not in code.",
    (
        Field("slug", S("id"), "Stable URL part: /topics/<slug>/.", required=True),
        Field("title", S("string"), "Title shown in navigation and headings.", required=True),
        Field("order", S("integer"), "Position in navigation and lists.", required=True),
        Field("summary", S("string"), "One sentence for cards and previews.", required=True),
        Field("introduction", S("text"), "Our own introduction to the topic.", required=True),
        Field("lede", S("string"), "Two sentences that open the brief, in our own words."),
        Field(
            "key_points",
            ListOf(KEY_POINT),
            "Three to five points that matter most, each citing the records it rests on.",
        ),
        Field(
            "figures",
            ListOf(FIGURE),
            "Headline figures for the brief, each dated and traceable to a record or source.",
        ),
    ),
    key="slug",
)

SOURCES = Collection(
    "sources",
    "source",
    "data/sources.yml",
    "The texts every fact is drawn from.",
    (
        Field("id", S("id"), "Stable id, as in the source file's header.", required=True),
        Field("title", S("string"), "Title of the text.", required=True),
        Field("author", S("string"), "Author as the text gives it.", required=True),
        Field("publisher", S("string"), "Publisher, or 'unknown'.", required=True),
        Field("date", S("date"), "Publication date at its known precision.", required=True),
        Field("kind", S("string"), "Analysis, news report, opinion essay…", required=True),
        Field("file", S("string"), "File name of the text in sources/."),
        Field("url", S("url"), "Where the text was published, if known."),
        Field("note", S("string"), "Caveats: translation, viewpoint, dating."),
        Field(
            "cited_as",
            S("string"),
            "Short name in 'as of …, per …' labels ('CCRS', 'a news report'); "
            "the title when absent.",
        ),
        Field(
            "origin",
            S("string"),
            "Where the publisher is unknown: what the text itself says of its origin.",
        ),
        Field(
            "descriptive_title",
            S("boolean"),
            "True where the text carries no headline and the title was written by our editors.",
        ),
        Field(
            "sections",
            ListOf(SECTION),
            "Where a text relays several accounts, its section headings and whose account "
            "each gives; every quote from it then names its account.",
        ),
        Field(
            "machine_translation",
            S("boolean"),
            "True where the text is a machine translation; its quotes carry a visible mark.",
        ),
    ),
)

ACTORS = Collection(
    "actors",
    "actor",
    "data/actors.yml",
    "People, institutions and states that appear in the records.",
    (
        Field("id", S("id"), "Stable id: /actors/<id>/.", required=True),
        Field("name", S("string"), "Name as the site writes it.", required=True),
        Field("kind", ACTOR_KIND, "Person, state, government body…", required=True),
        Field(
            "country",
            S("string"),
            "Country the actor belongs to, only where a source states it; pages say "
            "'not stated in the sources' otherwise.",
        ),
        Field("aliases", ListOf(S("string")), "Other spellings found in the sources."),
        Field(
            "garbled",
            ListOf(S("string")),
            "Names a machine translation garbles for this actor: searchable, and shown "
            "only marked as garbles, never as valid spellings.",
        ),
        Field("native_name", S("string"), "Name in Khmer or Japanese script, if sourced."),
        Field("summary", S("string"), "Who this is, in our own words."),
        Field("roles", ListOf(ROLE), "Titles over time, each cited."),
        Field("sources", CITATIONS, "Citations for the actor.", required=True),
    ),
)

AGREEMENT_LINK = Obj(
    "agreement link",
    (
        Field("agreement", Ref("agreements"), "The agreement.", required=True),
        Field(
            "relation",
            AGREEMENT_RELATION,
            "What happened to it at the event: signed, announced, mentioned…",
            required=True,
        ),
    ),
)

_RECORD_FIELDS = (
    Field("id", S("id"), "Stable id; the permalink and anchors are built from it.", required=True),
    Field("title", S("string"), "Our own short title.", required=True),
)

EVENTS = Collection(
    "events",
    "event",
    "data/events/*.yml",
    "Visits, meetings, signings, announcements and other dated happenings.",
    (
        *_RECORD_FIELDS,
        Field(
            "date",
            S("date"),
            "When it happened, at the precision the source gives. Omit it where no source "
            "dates the event, and give `reported` instead.",
        ),
        Field(
            "reported",
            S("date"),
            "For an event no source dates: the date of the source that reports it. It orders "
            "the record (at the end of its period) and is shown as 'Reported …', never as "
            "the date of the event.",
        ),
        Field("end_date", S("date"), "Last day of a multi-day event."),
        Field(
            "planned",
            S("boolean"),
            "True where the source describes it as scheduled. Once its date is before the "
            "dataset's date, pages say 'scheduled for …; the outcome is not in our sources'.",
        ),
        Field("part_of", Ref("events"), "The larger event (a visit) this one belongs to."),
        Field("kind", EVENT_KIND, "Visit, meeting, signing…", required=True),
        Field("summary", S("text"), "What happened, in our own words.", required=True),
        Field("place", S("string"), "Where, as the source gives it."),
        Field("topics", ListOf(Ref("topics"), 1), "Topics it belongs to.", required=True),
        Field("actors", ListOf(Ref("actors")), "Participants: who took part, per the source."),
        Field(
            "mentions",
            ListOf(Ref("actors")),
            "Actors the record names who did not take part (a country discussed, a person "
            "referred to).",
        ),
        Field(
            "agreements",
            ListOf(AGREEMENT_LINK),
            "Agreements linked to the event, each with how: signed at it, announced at it, "
            "only mentioned or welcomed…",
        ),
        Field("sources", CITATIONS, "Citations, each with a verbatim quote.", required=True),
    ),
)

AGREEMENTS = Collection(
    "agreements",
    "agreement",
    "data/agreements/*.yml",
    "Grants, loans, memoranda, initiatives, partnerships and other commitments.",
    (
        *_RECORD_FIELDS,
        Field("kind", AGREEMENT_KIND, "Grant, loan, memorandum…", required=True),
        Field("date", S("date"), "When it was signed or announced; omit if no source dates it."),
        Field(
            "status",
            AGREEMENT_STATUS,
            "Where it stood per the sources; omit it rather than infer one.",
        ),
        Field(
            "parties",
            ListOf(Ref("actors"), 1),
            "States or bodies bound by it, only where a source says so.",
        ),
        Field("signatories", ListOf(Ref("actors")), "Who signed or announced it."),
        Field("amount", AMOUNT, "Money involved, in the source's currency."),
        Field("terms", TERMS, "Financial terms where the source gives them."),
        Field("purpose", S("text"), "What it is for, in our own words.", required=True),
        Field("components", ListOf(S("string")), "Pillars, approaches or areas it covers."),
        Field("place", S("string"), "Where it applies or was signed."),
        Field("topics", ListOf(Ref("topics"), 1), "Topics it belongs to.", required=True),
        Field("sources", CITATIONS, "Citations, each with a verbatim quote.", required=True),
    ),
)

PLACES = Collection(
    "places",
    "place",
    "data/places.yml",
    "The gazetteer: every place a record names, with where to draw it. Coordinates are "
    "reference data (GeoNames, Natural Earth), kept in data/geo/ and regenerated by the "
    "scripts in tools/geo/.",
    (
        Field("id", S("id"), "Stable id: the map's anchor #place-<id>.", required=True),
        Field("name", S("string"), "Name as the site writes it.", required=True),
        Field("geonames", S("integer"), "GeoNames id of the point; see data/geo/places.json."),
        Field("country", S("string"), "ISO 3166 code of a country drawn as an area."),
        Field("path", ListOf(Ref("places"), 1), "Points a route or road section joins."),
        Field("part_of", Ref("places"), "The larger place (a road) this one belongs to."),
        Field(
            "matches",
            ListOf(S("string")),
            "Values of a record's `place` field that mean this place.",
        ),
        Field(
            "aliases",
            ListOf(S("string")),
            "Spellings in the sources; a listed record must quote one of them or the name.",
        ),
        Field(
            "records",
            ListOf(Ref("records")),
            "Records whose cited quotes name this place besides their `place` field.",
        ),
        Field("note", S("string"), "How it is drawn, where the reference data falls short."),
    ),
)

KIND_FAMILY = Obj(
    "kind_family",
    (
        Field("id", S("id"), "Stable id, used in timeline filter links.", required=True),
        Field("label", S("string"), "Name shown on the filter.", required=True),
        Field("kinds", ListOf(S("string"), 1), "Event and agreement kinds in it.", True),
    ),
)

DATASET = Obj(
    "dataset",
    (
        Field("title", S("string"), "Name of the dataset.", required=True),
        Field("updated", S("date"), "When the data was last edited; shown on every page.", True),
        Field("description", S("string"), "One sentence on what it holds.", required=True),
        Field(
            "licence",
            S("string"),
            "The licence of the text and data, shown on the Data page, in the downloads "
            "and in every citation.",
            required=True,
        ),
        Field("licence_url", S("url"), "Where the licence is published."),
        Field(
            "licence_spdx",
            S("string"),
            "The licence's SPDX identifier (such as CC-BY-4.0), for CITATION.cff and the "
            "data package; left out of both where not given.",
        ),
        Field(
            "author",
            S("string"),
            "Who is credited as the author in every citation of the dataset and its pages "
            "(CITATION.cff, BibTeX, RIS, CSL-JSON, meta tags): where the project names no "
            "person, the editorial team's name as the site's copyright notice gives it.",
            required=True,
        ),
        Field(
            "corrections",
            S("string"),
            "How readers report an error; shown on every record page.",
            required=True,
        ),
    ),
)

VOCABULARY_NAMES = (
    "event_kinds",
    "agreement_kinds",
    "agreement_statuses",
    "agreement_relations",
    "left_out_reasons",
    "accounts",
    "actor_kinds",
    "currencies",
)

VOCABULARY = Obj(
    "vocabulary",
    (
        *(
            Field(name, ListOf(S("string"), 1), f"Allowed values of `{name}`.", required=True)
            for name in VOCABULARY_NAMES
        ),
        Field(
            "kind_families",
            ListOf(KIND_FAMILY),
            "Groups of kinds for the timeline filter; kinds in no family go under Other.",
        ),
    ),
)

ESSAY = Obj(
    "essay front matter",
    (
        Field("title", S("string"), "Title of the essay.", required=True),
        Field("date", S("date"), "Publication date.", required=True),
        Field("summary", S("string"), "One or two sentences.", required=True),
        Field("topics", ListOf(Ref("topics"), 1), "Topics it discusses.", required=True),
        Field("author", S("string"), "The author line.", required=True),
        Field("description", S("string"), "Overrides the summary in meta."),
    ),
)

LEFT_OUT = Obj(
    "left-out sentence",
    (
        Field("source", Ref("sources"), "The source the sentence is in.", required=True),
        Field(
            "quote",
            S("string"),
            "The sentence, or enough of it to find it, copied verbatim.",
            required=True,
        ),
        Field(
            "reason",
            LEFT_OUT_REASON,
            "Why nothing on the site covers it: furniture, repetition…",
            required=True,
        ),
        Field("note", S("string"), "What it repeats, or why it is furniture."),
    ),
    quoted=True,
)

COVERAGE = Obj(
    "coverage",
    (
        Field(
            "left_out",
            ListOf(LEFT_OUT),
            "Source sentences deliberately not covered by any record or essay, each with "
            "its reason; `python -m briefing coverage` fails on any other uncovered sentence.",
            required=True,
        ),
    ),
)

SYNONYM = Obj(
    "synonym",
    (
        Field(
            "words",
            ListOf(S("string"), 2),
            "Words or phrases a reader may type for the same thing; a page that carries one "
            "is found by any.",
            required=True,
        ),
        Field("note", S("string"), "Why the words belong together, for reviewers."),
    ),
)

SEARCH = Obj(
    "search",
    (
        Field(
            "synonyms",
            ListOf(SYNONYM, 1),
            "Groups of equivalent words for site search. Search aids only: never shown as "
            "facts on a page.",
            required=True,
        ),
    ),
)

# The files of data/ that hold one mapping each, and their shapes.
MAPPING_FILES = {"dataset.yml": DATASET, "vocabulary.yml": VOCABULARY, "search.yml": SEARCH}
# Mapping files read only when present.
OPTIONAL_FILES = {"coverage.yml": COVERAGE}

# Order matters: a collection is validated after those it refers to are indexed.
COLLECTIONS: tuple[Collection, ...] = (TOPICS, SOURCES, ACTORS, EVENTS, AGREEMENTS, PLACES)
COLLECTION_BY_NAME = {c.name: c for c in COLLECTIONS}
# Where each collection lives: one file holding a list, or a folder of files.
SINGLE_FILES = {c.name: c.filename for c in COLLECTIONS if c.filename}
FOLDERS = {c.name: c.folder for c in COLLECTIONS if c.folder}

# "index" would collide with the index page of a record folder.
RESERVED_IDS = frozenset({"index"})
