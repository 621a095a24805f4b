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
    "topic_kind": {
        "issue": "a matter the parties negotiate (hostages, withdrawal): the ledger tracks positions on it",
        "process": "the talks themselves (rounds, mediation): what sides say of it is shown, not ledgered",
        "context": "background that bears on the talks (a regional war, a strike): no positions ledgered",
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
    "said_precision": {
        "exact": "the source dates the remark (`said_on` is that day)",
        "before-publication": "said on or before the publication day, which day is not known (leave `said_on` out)",
        "inferred": "`said_on` was worked out by the analyst, e.g. from outside the article (say how in `note`)",
    },
    "report_precision": {
        "exact": "the outlet dates what it reports (`date` is that day)",
        "before-publication": "as of the publication day; when it happened is not stated (leave `date` out)",
        "inferred": "`date` was worked out by the analyst (say how in `note`)",
    },
    # An event is dated by the claim (or report) that records it; a statement often reports a step
    # taken earlier ("Egypt confirmed on Monday that the proposal had been submitted"), and the
    # briefing must not date the step by the statement.
    "event_dated": {
        "as-said": "the step was taken on the day the claim was said or the report dates",
        "on-or-before": "the source dates only the statement about the step: it was taken on or before that day",
    },
    "attribution": {
        "as-reported": "the outlet names this speaker for these words, and nothing in it says otherwise",
        "unclear": "the outlet does not clearly say who said it (e.g. a quote without a speaker tag)",
        "disputed": "the outlet, or another source, gives the words to someone else too",
    },
    "wording": {
        "verbatim": "the outlet's quotation is taken as the speaker's own words",
        "outlet-rendering": "the outlet's rendering of the words; other outlets word them differently",
        "translated": "the outlet's translation of words said in another language",
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
        "demands": "insists on this as a condition of a deal",
        "offers": "puts this on the table (for a mediator: proposes it)",
        "accepts": "agrees to this",
        "accepts-with-conditions": "agrees to this on a condition the text states",
        "rejects": "refuses this",
    },
    # What happens in the talks, coded as process trackers and peace-agreement datasets code
    # negotiation events; each value is a kind of step a source can report on a day.
    "event": {
        "talks-held": "a round of talks is held, begins or resumes",
        "talks-paused": "talks are paused or suspended, with no side leaving them",
        "delegation-sent": "a side sends its negotiating team",
        "delegation-withheld": "a side declines to send its negotiating team",
        "delegation-recalled": "a side calls its negotiating team home",
        "proposal-made": "a proposal, draft or plan is put to the parties",
        "response-given": "a side answers a proposal",
        "agreement-reached": "a deal, or a phase or framework of one, is agreed",
        "agreement-implemented": "a step of an agreement is carried out (a release, a withdrawal, aid let in)",
        "agreement-broken": "a side breaches or leaves an agreement",
        "deadline-set": "a deadline or an ultimatum is set",
        "mediator-visit": "a mediator visits, hosts or calls on a party",
        "summit-held": "leaders meet to endorse, sign or consolidate a deal",
        "escalation": "a military step or decision that bears on the talks (a strike on negotiators, an offensive approved)",
    },
    # Stages of a peace process, after those the PA-X peace agreements database uses.
    "stage": {
        "pre-negotiation": "no new round of talks is reported; contacts through mediators about whether and how to talk may go on",
        "negotiation": "the parties negotiate, directly or through mediators",
        "framework-agreement": "a partial or framework agreement (a phase, a ceasefire with terms still open) is reached",
        "comprehensive-agreement": "an agreement on the substantive issues is reached",
        "implementation": "an agreement is being carried out",
        "breakdown": "talks have broken off or an agreement has collapsed",
    },
    "day_status": {
        "active": "talks are under way",
        "stalled": "talks continue but nothing moves",
        "breakthrough": "a step agreed or a deal reached",
        "collapsed": "talks broke down",
        "no-talks": "no talks are taking place",
    },
    "trend": {
        "towards": "the day's evidence moves the talks towards a deal",
        "away": "the day's evidence moves the talks away from a deal",
        "unchanged": "nothing reported moved the talks either way",
        "mixed": "the day's evidence points both ways",
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

# Aliases of one registry entry: enough for every spelling in use, few enough to list on its page.
ALIAS_MAX_LENGTH = 200
MAX_ALIASES = 50

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
    """text | markdown | date | url | id | ref | subject | choice | filename | language | list | record | positions"""
    help: str
    required: bool = False
    vocabulary: str = ""
    """For `choice` and `positions` values: a key of VOCABULARIES."""
    ref: str = ""
    """For `ref`, lists of refs and `positions` keys: actor | topic | side | claim. (A `subject` is an
    actor id or, when no actor has that id, a side id.)"""
    record: str = ""
    """For `record` and lists of records: a key of RECORDS."""
    item: str = ""
    """For `list`: ref | record | text."""
    min_items: int = 0
    max_items: int | None = None
    """For lists: the most items (pages stay a bounded size; see the Method page)."""
    max_length: int | None = None
    """For text and Markdown: the most characters, where a longer value would cost more than
    linear time downstream (Python-Markdown parses headings and summaries)."""
    default: str | None = None
    example: str = ""



def _aliases(help: str) -> Field:
    """The `aliases` of a registry entry: the same list on sides, topics and actors."""
    return Field("aliases", "list", help, item="text", max_items=MAX_ALIASES, max_length=ALIAS_MAX_LENGTH)

RECORDS: dict[str, tuple[Field, ...]] = {
    "side": (
        Field("id", "id", "the side's id, used by actors", required=True, example="qatar"),
        Field("name", "text", "display name", required=True, example="Qatar", max_length=500),
        Field("role", "choice", "role in the talks", required=True, vocabulary="side_role"),
        Field("description", "text", "one line on who this side is"),
        _aliases("other names readers may type for the side (\"US\", \"USA\", \"American\"); search finds its "
                 "claims by each, and its page lists them"),
    ),
    "topic": (
        Field("id", "id", "the topic's id, used by claims", required=True, example="hostages"),
        Field("label", "text", "display label", required=True, example="Hostages"),
        Field("description", "text", "one line on what the topic covers", required=True),
        Field("kind", "choice", "whether the topic is an issue negotiated, the process of the talks or context",
              vocabulary="topic_kind", default="issue"),
        _aliases("other words readers may type for the topic (\"truce\", \"cease-fire\"); search finds its "
                 "claims by each, and its page lists them"),
    ),
    "actor": (
        Field("id", "id", "the actor's id, used by claims", required=True, example="majed-al-ansari"),
        Field("name", "text", "name as readers know it, or a description for unnamed sources", required=True),
        Field("kind", "choice", "what sort of speaker this is", required=True, vocabulary="actor_kind"),
        Field("role", "text", "free text, e.g. \"Qatari Foreign Ministry spokesman\""),
        Field("side", "ref", "the side the actor speaks for; leave out when the source does not say", ref="side"),
        _aliases("other spellings and names readers may type: transliterations, full names, titles (\"Taher "
                 "al-Nunu\", \"Taher al-Nono\"); search finds the actor by each, and the actor's page lists them"),
    ),
    "article": (
        Field("headline", "text", "the headline; leave out when unknown (the page then says \"headline not recorded\")"),
        Field("subheadline", "text", "the sub-headline or standfirst"),
        Field("outlet", "text", "the outlet that published the article", required=True, example="The Example Times"),
        Field("republished_by", "text", "the site the article was read on, when it republishes another outlet's item "
              "(then `published` is the republication's date)"),
        Field("original_published", "date", "when republished: the original's publication date, if the page "
              "gives it; not after `published`"),
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
        Field("id", "id", "unique among this file's claims and reports; the claim's anchor and permalink",
              required=True),
        Field("actor", "ref", "who said it: an id from actors.yaml or this file's `actors`", required=True, ref="actor"),
        Field("described_as", "text", "how the article identifies the speaker, verbatim where possible"),
        Field("attribution", "choice", "whether the outlet clearly gives these words to `actor`; unclear and "
              "disputed claims are shown apart and count in no tally, trend or position",
              vocabulary="attribution", default="as-reported"),
        Field("attribution_note", "text", "why the attribution is unclear or disputed, from the source; required "
              "unless `attribution` is as-reported"),
        Field("also_attributed_to", "list", "other actors the words are given to, by the outlet or another source "
              "(only when `attribution` is unclear or disputed)", item="ref", ref="actor"),
        Field("form", "choice", "quote, partial quote or paraphrase", required=True, vocabulary="form"),
        Field("text", "text", "quote: the verbatim words; partial-quote: paraphrase with the quoted words in “…”; "
              "paraphrase: the analyst's words", required=True),
        Field("wording", "choice", "for quotes and partial quotes: whether the quoted words are the speaker's own "
              "or the outlet's rendering of them", vocabulary="wording"),
        Field("said_on", "date", "the day it was said, when the source gives it (or you worked it out: then "
              "`said_on_precision: inferred`); leave out when the source does not date it"),
        Field("said_on_precision", "choice", "how `said_on` is known; without `said_on` the remark counts as said "
              "on or before the publication day", vocabulary="said_precision"),
        Field("venue", "text", "where or how it was said: interview, statement, press conference, post"),
        Field("via", "text", "the outlet it was given to or relayed through"),
        Field("sourcing", "choice", "how the claim is sourced", required=True, vocabulary="sourcing"),
        Field("stance", "choice", "the claim's outlook on a deal", required=True, vocabulary="stance"),
        Field("topics", "list", "what the claim is about: one or more topic ids", required=True,
              item="ref", ref="topic", min_items=1),
        Field("positions", "positions", "a position the claim states, as `topic-id: demands|offers|accepts|"
              "accepts-with-conditions|rejects`: the speaker's own, or `about`'s", ref="topic", vocabulary="position"),
        Field("about", "subject", "whose position `positions` records when it is not the speaker's own (e.g. an "
              "Israeli official describing Hamas's demands): an actor id or a side id"),
        Field("event", "record", "a step in the talks the claim announces (talks held, delegation recalled, …)",
              record="event"),
        Field("note", "text", "the analyst's note on this claim (e.g. how `said_on` was worked out)"),
    ),
    "report": (
        Field("id", "id", "unique among this file's claims and reports; the report's anchor and permalink",
              required=True),
        Field("about", "subject", "who the report is about: an actor id or a side id", required=True),
        Field("form", "choice", "quote (the outlet's own words, verbatim), partial-quote (your paraphrase with the "
              "outlet's words in “…”) or paraphrase (your words)", required=True, vocabulary="form"),
        Field("text", "text", "what the outlet states in its own voice", required=True),
        Field("via", "text", "another outlet or report the outlet cites for it (\"according to Ynet\")"),
        Field("date", "date", "the day what is reported happened, when the outlet says; leave out when it does not"),
        Field("date_precision", "choice", "how `date` is known; without `date` the report holds as of the "
              "publication day", vocabulary="report_precision"),
        Field("stance", "choice", "the outlet's own outlook on a deal, when it states one (\"signs of deadlock\"); "
              "shown as the outlet's, never counted as a side's", vocabulary="stance"),
        Field("topics", "list", "what the report is about: one or more topic ids", required=True,
              item="ref", ref="topic", min_items=1),
        Field("positions", "positions", "a position of `about` the outlet reports, as `topic-id: demands|offers|"
              "accepts|accepts-with-conditions|rejects`", ref="topic", vocabulary="position"),
        Field("event", "record", "a step in the talks the outlet reports", record="event"),
        Field("note", "text", "the analyst's note on this report"),
    ),
    "event": (
        Field("type", "choice", "what happened", required=True, vocabulary="event"),
        Field("sides", "list", "the sides that take part in it or take the step: side ids", required=True,
              item="ref", ref="side", min_items=1),
        Field("place", "text", "where, when the source says (e.g. Doha)"),
        Field("dated", "choice", "whether the step was taken on the day of the claim (or report) that records it, "
              "or on or before it: `on-or-before` when the source dates the statement, not the step",
              vocabulary="event_dated", default="as-said"),
    ),
    "caveat": (
        Field("kind", "choice", "what sort of caveat", required=True, vocabulary="caveat_kind"),
        Field("text", "text", "the analyst's words", required=True),
        Field("claims", "list", "ids of the claims (or reports) in this file it qualifies", item="ref", ref="claim"),
    ),
    "day_notes": (
        Field("status", "choice", "the editor's reading of where the talks stand", vocabulary="day_status"),
        Field("stage", "choice", "the stage of the process as the editor reads it; replaces the stage the "
              "briefing works out from events", vocabulary="stage"),
        Field("state", "text", "the editor's one-line assessment; replaces the generated state line"),
        Field("trend", "choice", "the editor's reading of the day's movement; replaces the computed trend",
              vocabulary="trend"),
        Field("summary", "markdown", "the editor's summary: Markdown without raw HTML; links only http(s)",
              max_length=20_000),
    ),
    # Whole files.
    "article_file": (
        Field("article", "record", "the article's metadata", required=True, record="article"),
        Field("actors", "list", "actors who appear only in this article (often unnamed sources); "
              "an id may not reuse a registry id", item="record", record="actor", max_items=500),
        Field("claims", "list", "what was said, one entry per attributed statement", required=True,
              item="record", record="claim", min_items=1, max_items=500),
        Field("reported", "list", "what the outlet states in its own voice (\"talks resumed in Doha\", \"Israel has "
              "rejected the demand\"): shown as \"according to <outlet>\", never as a speaker's words",
              item="record", record="report", max_items=500),
        Field("caveats", "list", "what a reader should keep in mind", item="record", record="caveat",
              max_items=500),
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

@dataclass(frozen=True)
class Requires:
    """A rule across fields: when `field` is one of `values`, `needs` must be given too."""

    field: str
    values: tuple[str, ...]
    needs: str
    expected: str
    """What to write, shown after "expected"."""


# Checked by `validate` on every record of the type, and written into the editor JSON Schema.
REQUIRES: dict[str, tuple[Requires, ...]] = {
    "article": (
        Requires("published_precision", ("inferred",), "date_note", "date_note: how the date was worked out"),
    ),
    "claim": (
        Requires("said_on_precision", ("exact", "inferred"), "said_on",
                 "said_on: YYYY-MM-DD (or leave said_on_precision out if the source gives no day)"),
        Requires("said_on_precision", ("inferred",), "note", "note: how the date was worked out"),
        Requires("attribution", ("unclear", "disputed"), "attribution_note",
                 "attribution_note: what in the source makes it unclear or disputed"),
    ),
    "report": (
        Requires("date_precision", ("exact", "inferred"), "date",
                 "date: YYYY-MM-DD (or leave date_precision out if the outlet gives no day)"),
        Requires("date_precision", ("inferred",), "note", "note: how the date was worked out"),
    ),
}

# Which record a file under briefings/ holds.
REGISTRY_FILES = {"sides.yaml": "sides_file", "topics.yaml": "topics_file", "actors.yaml": "actors_file"}
ARTICLE_FILE = "article_file"
DAY_FILE = "day_file"
# Editor's notes: days/YYYY-MM-DD.yaml
DAY_PATH_PATTERN = r"^days/([0-9]{4}-[0-9]{2}-[0-9]{2})\.yaml$"

# Which positions a side's role lets it hold: the parties negotiate (every position); a mediator
# puts proposals on the table; other voices (media, observers) hold none in the talks.
POSITIONS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "party": tuple(VOCABULARIES["position"]),
    "mediator": ("offers",),
    "other": (),
}

# Separator a quote uses where the article interrupts the speaker ("…,” he said, “…").
QUOTE_ELISION = " […] "


def fields(record: str) -> dict[str, Field]:
    return {f.name: f for f in RECORDS[record]}
