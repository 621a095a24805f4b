"""The data contract of `briefings/`, declared once, as data.

Validation (`validate`), the editor JSON Schema (`export_schema`) and the
format reference page in the docs (the `format.md` page made by `render`) are all generated
from the tables below: a field is never described twice.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- vocabularies -----------------------------------------------------------
# Each value carries the one-line meaning shown in the docs and in editors.

VOCABULARIES: dict[str, dict[str, str]] = {
    "actor_kind": {
        "person": "a named individual",
        "organisation": "a government, movement, office or other body speaking as such",
        "unnamed-source": "a source the article does not name (\"an official familiar with the talks\")",
    },
    "side_role": {
        "party": "a direct party to the conflict",
        "mediator": "a state or body mediating between the parties",
        "other": "anyone else (media, observers, third states)",
    },
    "precision": {
        "exact": "the publication date is shown by the source",
        "inferred": "the date was worked out by the analyst (say how in `date_note`)",
    },
    "completeness": {
        "full": "the whole article text was read",
        "partial": "only an excerpt was available",
    },
    "form": {
        "quote": "the speaker's verbatim words (pieces split by the article joined with ` […] `)",
        "partial-quote": "the analyst's paraphrase with the speaker's own words inside “…”",
        "paraphrase": "the analyst's own words for what was said",
    },
    "sourcing": {
        "on-record": "a named speaker, speaking for attribution",
        "official-statement": "a statement issued by an organisation or office",
        "unnamed-source": "a source the article does not name",
        "unattributed": "the article does not say who said it",
    },
    "stance": {
        "optimistic": "expects or signals progress towards a deal",
        "cautious": "hedges: progress possible but obstacles named",
        "pessimistic": "expects or signals no deal, deadlock or breakdown",
        "neutral": "reports facts without an outlook on a deal",
    },
    "position": {
        "demands": "the actor demands this",
        "accepts": "the actor accepts this",
        "rejects": "the actor rejects this",
    },
    "day_status": {
        "active": "talks are under way",
        "stalled": "talks continue but nothing moves",
        "breakthrough": "a step agreed or a deal reached",
        "collapsed": "talks broke down",
        "no-talks": "no talks are taking place",
    },
    "trend": {
        "improved": "closer to a deal than at the previous briefing",
        "deteriorated": "further from a deal than at the previous briefing",
        "unchanged": "no clear movement since the previous briefing",
        "mixed": "parties and mediators moved in different directions",
    },
    "caveat_kind": {
        "unnamed-sources": "the claims rest on sources the article does not name",
        "single-source": "only one outlet or source reports this",
        "contradiction": "claims in the record point different ways",
        "attribution-unclear": "who said it, or to whom, is not clear",
        "missing-voice": "a side that matters is not heard",
        "translation": "the words were translated",
        "outlet-perspective": "the outlet's own framing or assertion, not a speaker's",
        "other": "anything else a reader should know",
    },
}

# Ids are the permalink anchors and file-name parts: keep them plain. Patterns are matched with
# re.fullmatch and spell digits [0-9]: `$` alone would accept a trailing newline, `\d` any
# Unicode digit.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HELP = "lowercase letters, digits and single hyphens, e.g. `majed-al-ansari`"
ID_MAX_LENGTH = 64
# Page names Parley generates for registries: an actor or topic may not take them.
RESERVED_IDS = ("index",)
# A language tag (BCP 47, simplified): it lands in HTML `lang` attributes and the search index.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$"
# Article files: articles/YYYY/MM/YYYY-MM-DD-<slug>.yaml
ARTICLE_PATH_PATTERN = r"^articles/([0-9]{4})/([0-9]{2})/([0-9]{4}-[0-9]{2}-[0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    """text | markdown | date | url | id | ref | choice | filename | language | list | record | positions"""
    help: str
    required: bool = False
    vocabulary: str = ""
    """For `choice` and `positions` values: a key of VOCABULARIES."""
    ref: str = ""
    """For `ref`, lists of refs and `positions` keys: actor | topic | side | claim."""
    record: str = ""
    """For `record` and lists of records: a key of RECORDS."""
    item: str = ""
    """For `list`: ref | record | text."""
    min_items: int = 0
    default: str | None = None
    example: str = ""


RECORDS: dict[str, tuple[Field, ...]] = {
    "side": (
        Field("id", "id", "the side's id, used by actors", required=True, example="qatar"),
        Field("name", "text", "display name", required=True, example="Qatar"),
        Field("role", "choice", "role in the talks", required=True, vocabulary="side_role"),
        Field("description", "text", "one line on who this side is"),
    ),
    "topic": (
        Field("id", "id", "the topic's id, used by claims", required=True, example="hostages"),
        Field("label", "text", "display label", required=True, example="Hostages"),
        Field("description", "text", "one line on what the topic covers", required=True),
    ),
    "actor": (
        Field("id", "id", "the actor's id, used by claims", required=True, example="majed-al-ansari"),
        Field("name", "text", "name as readers know it, or a description for unnamed sources", required=True),
        Field("kind", "choice", "what sort of speaker this is", required=True, vocabulary="actor_kind"),
        Field("role", "text", "free text, e.g. \"Qatari Foreign Ministry spokesman\""),
        Field("side", "ref", "the side the actor speaks for; leave out when the source does not say", ref="side"),
    ),
    "article": (
        Field("headline", "text", "the headline; leave out when unknown (the page then says \"headline not recorded\")"),
        Field("subheadline", "text", "the sub-headline or standfirst"),
        Field("outlet", "text", "the outlet that published the article", required=True, example="The Example Times"),
        Field("republished_by", "text", "the site the article was read on, when it republishes another outlet's item"),
        Field("byline", "text", "the byline as printed"),
        Field("url", "url", "address of the article; only http(s); leave out when unknown"),
        Field("published", "date", "publication date, YYYY-MM-DD; must match the file name", required=True),
        Field("published_precision", "choice", "whether the date is shown by the source or inferred",
              vocabulary="precision", default="exact"),
        Field("date_note", "text", "how the date was established; required when the date is inferred"),
        Field("language", "language", "language code of the article (BCP 47, e.g. `en`, `ar`, `he`)",
              default="en"),
        Field("completeness", "choice", "whether the whole text or an excerpt was read",
              vocabulary="completeness", default="full"),
        Field("source_text", "filename",
              "file name of the archived article text, used by `parley check --sources DIR` to verify quotes"),
    ),
    "claim": (
        Field("id", "id", "unique in the file; the claim's anchor and permalink", required=True),
        Field("actor", "ref", "who said it: an id from actors.yaml or this file's `actors`", required=True, ref="actor"),
        Field("described_as", "text", "how the article identifies the speaker, verbatim where possible"),
        Field("form", "choice", "quote, partial quote or paraphrase", required=True, vocabulary="form"),
        Field("text", "text", "quote: the verbatim words; partial-quote: paraphrase with the quoted words in “…”; "
              "paraphrase: the analyst's words", required=True),
        Field("said_on", "date", "when it was said, if not the publication date; not after `published`"),
        Field("venue", "text", "where or how it was said: interview, statement, press conference, post"),
        Field("via", "text", "the outlet it was given to or relayed through"),
        Field("sourcing", "choice", "how the claim is sourced", required=True, vocabulary="sourcing"),
        Field("stance", "choice", "the claim's outlook on a deal", required=True, vocabulary="stance"),
        Field("topics", "list", "what the claim is about: one or more topic ids", required=True,
              item="ref", ref="topic", min_items=1),
        Field("positions", "positions", "the actor's position on a topic, as `topic-id: demands|accepts|rejects`",
              ref="topic", vocabulary="position"),
        Field("note", "text", "the analyst's note on this claim (e.g. how `said_on` was worked out)"),
    ),
    "caveat": (
        Field("kind", "choice", "what sort of caveat", required=True, vocabulary="caveat_kind"),
        Field("text", "text", "the analyst's words", required=True),
        Field("claims", "list", "ids of the claims in this file it qualifies", item="ref", ref="claim"),
    ),
    "day_notes": (
        Field("status", "choice", "the editor's reading of where the talks stand", vocabulary="day_status"),
        Field("state", "text", "the editor's one-line assessment; replaces the generated state line"),
        Field("trend", "choice", "the editor's trend against the previous briefing; replaces the computed one",
              vocabulary="trend"),
        Field("summary", "markdown", "the editor's summary: Markdown without raw HTML; links only http(s)"),
    ),
    # Whole files.
    "article_file": (
        Field("article", "record", "the article's metadata", required=True, record="article"),
        Field("actors", "list", "actors who appear only in this article (often unnamed sources); "
              "an id may not reuse a registry id", item="record", record="actor"),
        Field("claims", "list", "what was said, one entry per attributed statement", required=True,
              item="record", record="claim", min_items=1),
        Field("caveats", "list", "what a reader should keep in mind", item="record", record="caveat"),
    ),
    "day_file": (
        Field("day", "record", "the editor's notes for the briefing of the day the file is named for",
              required=True, record="day_notes"),
    ),
    "sides_file": (
        Field("sides", "list", "every side in the talks", required=True, item="record", record="side", min_items=1),
    ),
    "topics_file": (
        Field("topics", "list", "every topic claims can be about", required=True, item="record", record="topic",
              min_items=1),
    ),
    "actors_file": (
        Field("actors", "list", "recurring actors, once each", required=True, item="record", record="actor",
              min_items=1),
    ),
}

# Which record a file under briefings/ holds.
REGISTRY_FILES = {"sides.yaml": "sides_file", "topics.yaml": "topics_file", "actors.yaml": "actors_file"}
ARTICLE_FILE = "article_file"
DAY_FILE = "day_file"
# Editor's notes: days/YYYY-MM-DD.yaml
DAY_PATH_PATTERN = r"^days/([0-9]{4}-[0-9]{2}-[0-9]{2})\.yaml$"

# Separator a quote uses where the article interrupts the speaker ("…,” he said, “…").
QUOTE_ELISION = " […] "


def fields(record: str) -> dict[str, Field]:
    return {f.name: f for f in RECORDS[record]}
