"""Render the files readers and researchers reuse: the Atom feed of daily briefings and the
open data (every claim as JSON and CSV, actors and topics as JSON, a JSON Schema for the JSON).

Each output is escaped by the library made for it: ElementTree for the feed's XML, `json`
for JSON, `csv` for CSV (plus neutralised formula cells, since spreadsheets execute them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from markupsafe import Markup

from generator.analyse import Briefings, Day
from generator.model import Claim
from generator.render import RenderOptions, absolute, article_path, day_path, long_date
from generator.reuse import ByClaim, RenderMemo
from generator.schema import RECORDS, VOCABULARIES

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_PATH = "feed.xml"
FEED_ENTRIES = 60
TOP_CLAIMS = 5
DATA_FILES = ("data/claims.json", "data/claims.csv", "data/actors.json", "data/topics.json",
              "data/claims.schema.json")
# A cell a spreadsheet would read as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _claim_permalink(options: RenderOptions, claim: Claim) -> str:
    return absolute(options, article_path(claim.article)) + "#" + claim.anchor


# --- Atom feed -------------------------------------------------------------------------------

def _entry_html(day: Day, options: RenderOptions) -> str:
    """The entry's content: state line, trend, top claims, link. Escaped by markupsafe here;
    ElementTree escapes the whole again as the text of a type="html" element."""
    parts = [Markup("<p><strong>State of the talks:</strong> {}</p>").format(day.state_line)]
    if day.trend.value:
        parts.append(Markup("<p><strong>Trend:</strong> {}{} — {}</p>").format(
            day.trend.value, " (editor)" if day.trend.by_editor else "", day.trend.explanation))
    claims = [c for a in day.articles for c in a.claims][:TOP_CLAIMS]
    if claims:
        items = Markup("").join(
            Markup('<li>{}: “{}” <a href="{}">permalink</a></li>' if c.form == "quote"
                   else '<li>{}: {} <a href="{}">permalink</a></li>').format(
                c.actor.name, c.text, _claim_permalink(options, c)) for c in claims)
        parts.append(Markup("<ul>{}</ul>").format(items))
    parts.append(Markup('<p><a href="{}">Read the briefing</a></p>').format(absolute(options, day_path(day.date))))
    return str(Markup("").join(parts))


def render_feed(briefings: Briefings, options: RenderOptions, site_name: str,
                changed: Mapping[str, int] | None = None) -> bytes:
    """The Atom feed of the latest briefings. `changed` (generator/history.py): when each file under
    briefings/ last changed; an entry's `updated` is the latest change to its day's articles and
    notes (a correction made later moves it, so feed readers show it), and never earlier than
    the day itself."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: options.language})
    days = list(reversed(briefings.days))[:FEED_ENTRIES]
    home = absolute(options, "index.md")
    changed = changed or {}

    def sub(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    updated = {day.date: _updated(day, briefings, changed) for day in days}
    sub(feed, "title", f"{site_name}: daily briefings")
    sub(feed, "id", _feed_id(options, site_name, FEED_PATH))
    if options.site_url:  # a self link must be absolute; without a site address there is none
        sub(feed, "link", rel="self", type="application/atom+xml", href=absolute(options, FEED_PATH))
    sub(feed, "link", rel="alternate", type="text/html", href=home)
    # The newest change, not the clock: the same corpus (and history) gives the same feed.
    sub(feed, "updated", max(updated.values()) if days else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    sub(feed, "generator", "Parley")
    for day in days:
        entry = sub(feed, "entry")
        sub(entry, "title", f"Briefing for {long_date(day.date)}")
        url = absolute(options, day_path(day.date))
        sub(entry, "id", _feed_id(options, site_name, day_path(day.date)))
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "updated", updated[day.date])
        sub(entry, "published", _timestamp(day.date))
        sub(entry, "summary", day.state_line)
        sub(entry, "content", _entry_html(day, options), type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _feed_id(options: RenderOptions, site_name: str, path: str) -> str:
    """An Atom id is an absolute IRI: the page's address, or without a site address a name-based
    UUID of the site's name and the page (stable from build to build)."""
    if options.site_url:
        return absolute(options, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"parley:{site_name}:{path}").urn


def _updated(day: Day, briefings: Briefings, changed: Mapping[str, int]) -> str:
    """The latest of the day itself and the last commits to its article files and notes file."""
    files = [f"days/{day.date.isoformat()}.yaml"]
    files += [f"articles/{a.key[:4]}/{a.key[5:7]}/{a.key}.yaml" for a in day.articles]
    latest = max((changed[f] for f in files if f in changed), default=None)
    start = _timestamp(day.date)
    if latest is None:
        return start
    return max(start, dt.datetime.fromtimestamp(latest, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


# --- open data -------------------------------------------------------------------------------

def claim_record(claim: Claim, briefings: Briefings, options: RenderOptions) -> dict:
    article = briefings.corpus.article(claim.article)
    actor = claim.actor
    return {
        "id": f"{claim.article}#{claim.id}",
        "claim": claim.id,
        "article": claim.article,
        "actor": actor.key,
        "actor_name": actor.name,
        "actor_kind": actor.kind,
        "side": actor.side.id if actor.side else None,
        "side_name": actor.side.name if actor.side else None,
        "said_on": claim.said_on.isoformat(),
        "published": article.published.isoformat(),
        "form": claim.form,
        "text": claim.text,
        "sourcing": claim.sourcing,
        "stance": claim.stance,
        "topics": [t.id for t in claim.topics],
        "positions": {t.id: p for t, p in claim.positions},
        "described_as": claim.described_as,
        "venue": claim.venue,
        "via": claim.via,
        "outlet": article.outlet,
        "headline": article.headline,
        "article_url": article.url,
        "permalink": _claim_permalink(options, claim),
    }


CSV_COLUMNS = ("id", "actor", "actor_name", "side", "said_on", "published", "form", "sourcing", "stance",
               "topics", "positions", "outlet", "via", "venue", "text", "article_url", "permalink")


def spreadsheet_safe(value) -> str:
    """A CSV cell that spreadsheets show as text: formula-like cells get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_row(record: dict) -> list[str]:
    row = dict(record, topics="; ".join(record["topics"]),
               positions="; ".join(f"{k}: {v}" for k, v in record["positions"].items()))
    return [spreadsheet_safe(row[c]) for c in CSV_COLUMNS]


def _csv_lines(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _csv(lines: list[bytes]) -> bytes:
    # A byte-order mark so spreadsheet programs read the file as UTF-8.
    return "\ufeff".encode("utf-8") + _csv_lines([CSV_COLUMNS]) + b"".join(lines)



def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


class _Dumped(list):
    """Records already written as JSON and encoded, one `bytes` each."""


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _json_records(value: dict[str, object]) -> bytes:
    """A mapping of lists of records, one record a line: still easy to read and to diff, and
    written by json's C encoder (`indent=` switches to its pure-Python one: 4 s for a year)."""
    parts = []
    for key, item in value.items():
        if isinstance(item, list) and item:
            lines = item if isinstance(item, _Dumped) else map(_dump, item)
            parts.append(_dump(key) + b": [\n  " + b",\n  ".join(lines) + b"\n ]")
        else:
            parts.append(_dump(key) + b": " + _dump(item))
    return b"{\n " + b",\n ".join(parts) + b"\n}\n"


def claims_schema() -> dict:
    """JSON Schema (draft-07) of data/claims.json; field meanings come from the schema table."""
    claim_help = {f.name: f.help for f in RECORDS["claim"]}
    article_help = {f.name: f.help for f in RECORDS["article"]}

    def text(description, nullable=False):
        return {"type": ["string", "null"] if nullable else "string", "description": description}

    def choice(vocabulary, description):
        return {"enum": list(VOCABULARIES[vocabulary]), "description": description}

    properties = {
        "id": text("unique id: the article key and the claim id joined by '#'"),
        "claim": text(claim_help["id"]),
        "article": text("the article's key: YYYY-MM-DD-slug, its file name"),
        "actor": text("the actor's id (article-local actors: article key--id)"),
        "actor_name": text("the actor's name"),
        "actor_kind": choice("actor_kind", "what sort of speaker this is"),
        "side": text("the side's id; null when the source does not say", True),
        "side_name": text("the side's name", True),
        "said_on": {"type": "string", "format": "date", "description": claim_help["said_on"]},
        "published": {"type": "string", "format": "date", "description": article_help["published"]},
        "form": choice("form", claim_help["form"]),
        "text": text(claim_help["text"]),
        "sourcing": choice("sourcing", claim_help["sourcing"]),
        "stance": choice("stance", claim_help["stance"]),
        "topics": {"type": "array", "items": {"type": "string"}, "description": claim_help["topics"]},
        "positions": {"type": "object", "additionalProperties": {"enum": list(VOCABULARIES["position"])},
                      "description": claim_help["positions"]},
        "described_as": text(claim_help["described_as"], True),
        "venue": text(claim_help["venue"], True),
        "via": text(claim_help["via"], True),
        "outlet": text(article_help["outlet"]),
        "headline": text(article_help["headline"], True),
        "article_url": text(article_help["url"], True),
        "permalink": text("the claim's address on this site"),
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Parley claims",
        "description": "Every claim recorded by Parley: who said what, when, how it was sourced.",
        "type": "object",
        "required": ["claims"],
        "properties": {
            "generated_from": text("the newest publication date in the data"),
            "claims": {"type": "array", "items": {"type": "object", "properties": properties,
                                                 "required": sorted(properties), "additionalProperties": False}},
        },
    }


def render_data(briefings: Briefings, options: RenderOptions, memo: RenderMemo | None = None) -> dict[str, bytes]:
    """The open data files. With a `memo`, a claim's record (and its JSON line and CSV row) is
    made again only when its claim or article object is new (see generator/reuse.py)."""
    corpus = briefings.corpus
    kept = ByClaim(memo.records if memo is not None else None)

    def made(claim: Claim, article) -> tuple[bytes, bytes]:
        """The claim's line of claims.json and its row of claims.csv, encoded."""
        record = claim_record(claim, briefings, options)
        return _dump(record), _csv_lines([_csv_row(record)])

    rows = [kept.get(c, article, lambda c=c, article=article: made(c, article))
            for article in corpus.articles for c in article.claims]
    if memo is not None:
        memo.records = kept.done()
    newest = max((a.published for a in corpus.articles), default=None)
    actors = [{"id": a.id, "name": a.name, "kind": a.kind, "role": a.role,
               "side": a.side.id if a.side else None, "side_name": a.side.name if a.side else None}
              for a in corpus.actors]
    local = [{"id": a.key, "name": a.name, "kind": a.kind, "role": a.role,
              "side": a.side.id if a.side else None, "side_name": a.side.name if a.side else None,
              "article": a.article} for art in corpus.articles for a in art.actors]
    topics = [{"id": t.id, "label": t.label, "description": t.description} for t in corpus.topics]
    sides = [{"id": s.id, "name": s.name, "role": s.role, "description": s.description} for s in corpus.sides]
    return {
        "data/claims.json": _json_records({"generated_from": newest.isoformat() if newest else None,
                                           "claims": _Dumped(row[0] for row in rows)}),
        "data/claims.csv": _csv([row[1] for row in rows]),
        "data/actors.json": _json_records({"sides": sides, "actors": actors, "unnamed_and_local_actors": local}),
        "data/topics.json": _json_records({"topics": topics}),
        "data/claims.schema.json": _json(claims_schema()),
    }


