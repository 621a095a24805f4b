"""Render the files readers and researchers reuse: the Atom feed of daily briefings and the
open data (every claim as JSON and CSV, actors and topics as JSON, a JSON Schema for the JSON).

Each output is escaped by the library made for it: ElementTree for the feed's XML, `json`
for JSON, `csv` for CSV (plus neutralised formula cells, since spreadsheets execute them).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping

from markupsafe import Markup

from generator import __version__
from generator.analyse import Briefings, Day
from generator.model import Article, Claim, Event, Report, Side
from generator.render import RenderOptions, absolute, article_path, day_path, long_date, state_text
from generator.reuse import ByClaim, RenderMemo
from generator.schema import RECORDS, VOCABULARIES

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_PATH = "feed.xml"
FEED_ENTRIES = 60
TOP_CLAIMS = 5
YEAR_FILES = ("claims.json.gz", "claims.csv.gz", "reports.json.gz", "reports.csv.gz", "events.json.gz",
              "articles.json.gz")
"""Each year's open data (articles published that year), under data/YYYY/."""
DATA_FILES = ("data/index.json", "data/actors.json", "data/topics.json", "data/claims.schema.json",
              "data/reports.schema.json", "data/events.schema.json", "data/articles.schema.json")
"""The open data files for all years."""
# A cell a spreadsheet would read as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _claim_permalink(options: RenderOptions, claim: Claim) -> str:
    return absolute(options, article_path(claim.article)) + "#" + claim.anchor


# --- Atom feed -------------------------------------------------------------------------------

def _entry_html(day: Day, options: RenderOptions) -> str:
    """The entry's content: state line, trend, top claims, link. Escaped by markupsafe here;
    ElementTree escapes the whole again as the text of a type="html" element."""
    parts = [Markup("<p><strong>State of the talks:</strong> {}</p>").format(state_text(day, options.locale))]
    if day.trend.value:
        parts.append(Markup("<p><strong>Trend:</strong> {}{} — {}</p>").format(
            day.trend.value, " (editor)" if day.trend.by_editor else "", day.trend.explanation))
    claims = [c for group in day.sides for entry in group.actors for c in entry.claims][:TOP_CLAIMS]
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
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: options.language_tag})
    days = list(reversed(briefings.days))[:FEED_ENTRIES]
    home = absolute(options, "index.md")
    changed = changed or {}

    def sub(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    updated = {day.date: _updated(day, changed) for day in days}
    sub(feed, "title", f"{site_name}: daily briefings")
    sub(feed, "id", _feed_id(options, site_name, FEED_PATH))
    if options.site_url:  # a self link must be absolute; without a site address there is none
        sub(feed, "link", rel="self", type="application/atom+xml", href=absolute(options, FEED_PATH))
    sub(feed, "link", rel="alternate", type="text/html", href=home)
    # The newest change, not the clock: the same corpus (and history) gives the same feed.
    sub(feed, "updated", max(updated.values()) if days else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    sub(feed, "generator", "Parley", version=__version__)
    for day in days:
        entry = sub(feed, "entry")
        sub(entry, "title", f"Briefing for {long_date(day.date, options.locale)}")
        url = absolute(options, day_path(day.date))
        sub(entry, "id", _feed_id(options, site_name, day_path(day.date)))
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "updated", updated[day.date])
        sub(entry, "published", _timestamp(day.date))
        sub(entry, "summary", state_text(day, options.locale))
        sub(entry, "content", _entry_html(day, options), type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _feed_id(options: RenderOptions, site_name: str, path: str) -> str:
    """An Atom id is an absolute IRI: the page's address, or without a site address a name-based
    UUID of the site's name and the page (stable from build to build)."""
    if options.site_url:
        return absolute(options, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"parley:{site_name}:{path}").urn


def _updated(day: Day, changed: Mapping[str, int]) -> str:
    """The latest of the day itself and the last commits to its article files and notes file."""
    files = [f"days/{day.date.isoformat()}.yaml"]
    files += [a.path for a in day.articles]  # relative to briefings/, as git log --relative gives them
    latest = max((changed[f] for f in files if f in changed), default=None)
    start = _timestamp(day.date)
    if latest is None:
        return start
    return max(start, dt.datetime.fromtimestamp(latest, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


# --- open data -------------------------------------------------------------------------------

def _subject(subject) -> dict | None:
    """An actor or a side a record is about, with its kind (ids of the two may coincide)."""
    if subject is None:
        return None
    if isinstance(subject, Side):
        return {"kind": "side", "id": subject.id, "name": subject.name}
    return {"kind": "actor", "id": subject.key, "name": subject.name}


def _event(event: Event | None) -> dict | None:
    if event is None:
        return None
    return {"type": event.type, "sides": [s.id for s in event.sides], "place": event.place, "dated": event.dated}


def _caveats(article: Article, ident: str) -> list[dict]:
    return [{"kind": c.kind, "text": c.text} for c in article.caveats_for(ident)]


def _article_fields(article: Article) -> dict:
    return {
        "published": article.published.isoformat(),
        "published_precision": article.published_precision,
        "outlet": article.outlet,
        "republished_by": article.republished_by,
        "original_published": article.original_published.isoformat() if article.original_published else None,
        "headline": article.headline,
        "article_url": article.url,
    }


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
        # A remark the source does not date has no day: the publication day is only its latest.
        "said_on": None if claim.said_on_precision == "before-publication" else claim.said_on.isoformat(),
        "said_on_precision": claim.said_on_precision,
        "form": claim.form,
        "wording": claim.wording,
        "text": claim.text,
        "attribution": claim.attribution,
        "attribution_note": claim.attribution_note,
        "also_attributed_to": [a.key for a in claim.also_attributed_to],
        "sourcing": claim.sourcing,
        "stance": claim.stance,
        "topics": [t.id for t in claim.topics],
        "positions": {t.id: p for t, p in claim.positions},
        "about": _subject(claim.about),
        "event": _event(claim.event),
        "described_as": claim.described_as,
        "venue": claim.venue,
        "via": claim.via,
        "note": claim.note,
        "caveats": _caveats(article, claim.id),
        **_article_fields(article),
        "permalink": _claim_permalink(options, claim),
    }


def report_record(report: Report, article: Article, options: RenderOptions) -> dict:
    side = report.holder
    return {
        "id": f"{report.article}#{report.id}",
        "report": report.id,
        "article": report.article,
        "about": _subject(report.about),
        "side": side.id if side else None,
        "date": None if report.date_precision == "before-publication" else report.date.isoformat(),
        "date_precision": report.date_precision,
        "form": report.form,
        "text": report.text,
        "via": report.via,
        "stance": report.stance,
        "topics": [t.id for t in report.topics],
        "positions": {t.id: p for t, p in report.positions},
        "event": _event(report.event),
        "note": report.note,
        "caveats": _caveats(article, report.id),
        **_article_fields(article),
        "permalink": absolute(options, article_path(report.article)) + "#" + report.anchor,
    }


def event_records(corpus, options: RenderOptions) -> list[dict]:
    """Every event a claim or an outlet report records, by publication, then by the day it happened."""
    out = []
    for article in corpus.articles:
        for kind, items in (("claim", article.claims), ("report", article.reports)):
            for item in items:
                if item.event is None:
                    continue
                date, precision = ((item.said_on, item.said_on_precision) if kind == "claim"
                                   else (item.date, item.date_precision))
                out.append({**_event(item.event),
                            "date": None if precision == "before-publication" else date.isoformat(),
                            "date_precision": precision, "published": article.published.isoformat(),
                            "source": kind, "id": f"{article.key}#{item.id}",
                            "permalink": absolute(options, article_path(article)) + "#" + item.anchor})
    return sorted(out, key=lambda e: (e["published"], e["date"] or e["published"], e["id"]))


def article_record(article: Article, options: RenderOptions) -> dict:
    return {
        "article": article.key,
        **_article_fields(article),
        "subheadline": article.subheadline,
        "byline": article.byline,
        "date_note": article.date_note,
        "language": article.language,
        "completeness": article.completeness,
        "claims": sorted(c.id for c in article.claims),
        "reports": sorted(r.id for r in article.reports),
        "caveats": [{"kind": c.kind, "text": c.text, "qualifies": list(c.claims)} for c in article.caveats],
        "page": absolute(options, article_path(article)),
    }


CSV_COLUMNS = ("id", "actor", "actor_name", "side", "said_on", "said_on_precision", "published",
               "published_precision", "form", "wording", "attribution", "attribution_note", "also_attributed_to",
               "sourcing", "stance", "topics", "positions", "about", "event", "outlet", "republished_by", "via",
               "venue", "text", "note", "caveats", "article_url", "permalink")
REPORT_CSV_COLUMNS = ("id", "about", "side", "date", "date_precision", "published", "published_precision", "form",
                      "text", "via", "stance", "topics", "positions", "event", "outlet", "republished_by", "note",
                      "caveats", "article_url", "permalink")


def spreadsheet_safe(value) -> str:
    """A CSV cell that spreadsheets show as text: formula-like cells get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_row(record: dict, columns: tuple[str, ...] = CSV_COLUMNS) -> list[str]:
    """Lists and records in one cell each, in words a spreadsheet reader can read."""
    event = record["event"]
    row = dict(record, topics="; ".join(record["topics"]),
               positions="; ".join(f"{k}: {v}" for k, v in record["positions"].items()),
               about=f"{record['about']['kind']}: {record['about']['id']}" if record["about"] else None,
               event=(f"{event['type']} ({', '.join(event['sides'])}{'; ' + event['place'] if event['place'] else ''}"
                      f"{'; on or before' if event['dated'] == 'on-or-before' else ''})"
                      if event else None),
               caveats=" | ".join(f"{c['kind']}: {c['text']}" for c in record["caveats"]),
               also_attributed_to="; ".join(record.get("also_attributed_to", ())))
    return [spreadsheet_safe(row[c]) for c in columns]


def _csv_lines(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _csv(lines: list[bytes], columns: tuple[str, ...] = CSV_COLUMNS) -> bytes:
    # A byte-order mark so spreadsheet programs read the file as UTF-8.
    return "\ufeff".encode("utf-8") + _csv_lines([columns]) + b"".join(lines)



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


def _data_schemas() -> dict[str, dict]:
    """JSON Schemas (draft-07) of the open data files; field meanings come from the schema table."""
    helps = {record: {f.name: f.help for f in RECORDS[record]} for record in ("claim", "report", "article", "caveat")}
    claim_help, report_help, article_help = helps["claim"], helps["report"], helps["article"]

    def text(description, nullable=False):
        return {"type": ["string", "null"] if nullable else "string", "description": description}

    def date(description, nullable=False):
        return {"type": ["string", "null"] if nullable else "string", "format": "date", "description": description}

    def choice(vocabulary, description, nullable=False):
        return {"enum": list(VOCABULARIES[vocabulary]) + ([None] if nullable else []), "description": description}

    def strings(description):
        return {"type": "array", "items": {"type": "string"}, "description": description}

    def record(properties):
        return {"type": "object", "properties": properties, "required": sorted(properties),
                "additionalProperties": False}

    subject = {"oneOf": [{"type": "null"}, record({
        "kind": {"enum": ["actor", "side"], "description": "whether `id` is an actor's or a side's"},
        "id": text("the actor's id (article-local actors: article key--id) or the side's id"),
        "name": text("the actor's or side's name")})]}
    event = {"oneOf": [{"type": "null"}, record({
        "type": choice("event", "what happened"),
        "sides": strings("the sides that take part in it or take the step"),
        "place": text("where, when the source says", True),
        "dated": choice("event_dated", "whether the step was taken on the record's day or on or before it")})]}
    caveats = {"type": "array", "description": "the analyst's caveats that qualify this record",
               "items": record({"kind": choice("caveat_kind", "what sort of caveat"),
                                "text": text(helps["caveat"]["text"])})}
    positions = {"type": "object", "additionalProperties": {"enum": list(VOCABULARIES["position"])}}
    article = {
        "published": date(article_help["published"]),
        "published_precision": choice("precision", article_help["published_precision"]),
        "outlet": text(article_help["outlet"]),
        "republished_by": text(article_help["republished_by"], True),
        "original_published": date(article_help["original_published"], True),
        "headline": text(article_help["headline"], True),
        "article_url": text(article_help["url"], True),
    }
    claim = {
        "id": text("unique id: the article key and the claim id joined by '#'"),
        "claim": text(claim_help["id"]),
        "article": text("the article's key: YYYY-MM-DD-slug, its file name"),
        "actor": text("the actor's id (article-local actors: article key--id)"),
        "actor_name": text("the actor's name"),
        "actor_kind": choice("actor_kind", "what sort of speaker this is"),
        "side": text("the side's id; null when the source does not say", True),
        "side_name": text("the side's name", True),
        "said_on": date(claim_help["said_on"] + "; null when the source does not date it", True),
        "said_on_precision": choice("said_precision", claim_help["said_on_precision"]),
        "form": choice("form", claim_help["form"]),
        "wording": choice("wording", claim_help["wording"], True),
        "text": text(claim_help["text"]),
        "attribution": choice("attribution", claim_help["attribution"]),
        "attribution_note": text(claim_help["attribution_note"], True),
        "also_attributed_to": strings(claim_help["also_attributed_to"]),
        "sourcing": choice("sourcing", claim_help["sourcing"]),
        "stance": choice("stance", claim_help["stance"]),
        "topics": strings(claim_help["topics"]),
        "positions": {**positions, "description": claim_help["positions"]},
        "about": {**subject, "description": claim_help["about"]},
        "event": {**event, "description": claim_help["event"]},
        "described_as": text(claim_help["described_as"], True),
        "venue": text(claim_help["venue"], True),
        "via": text(claim_help["via"], True),
        "note": text(claim_help["note"], True),
        "caveats": caveats,
        **article,
        "permalink": text("the claim's address on this site"),
    }
    report = {
        "id": text("unique id: the article key and the report id joined by '#'"),
        "report": text(report_help["id"]),
        "article": text("the article's key: YYYY-MM-DD-slug, its file name"),
        "about": {**subject, "description": report_help["about"]},
        "side": text("the side the report is about (an actor's side); null when not stated", True),
        "date": date(report_help["date"] + "; null when the outlet does not date it", True),
        "date_precision": choice("report_precision", report_help["date_precision"]),
        "form": choice("form", report_help["form"]),
        "text": text(report_help["text"]),
        "via": text(report_help["via"], True),
        "stance": choice("stance", report_help["stance"], True),
        "topics": strings(report_help["topics"]),
        "positions": {**positions, "description": report_help["positions"]},
        "event": {**event, "description": report_help["event"]},
        "note": text(report_help["note"], True),
        "caveats": caveats,
        **article,
        "permalink": text("the report's address on this site"),
    }
    event_record = {
        "type": choice("event", "what happened"),
        "sides": strings("the sides that take part in it or take the step"),
        "place": text("where, when the source says", True),
        "dated": choice("event_dated", "`on-or-before`: `date` is the day of the statement that reports the step, "
                        "taken on or before it"),
        "date": date("the day it happened; null when the source does not date it", True),
        "date_precision": choice("said_precision", "how the date is known"),
        "published": date("publication date of the article that records it"),
        "source": {"enum": ["claim", "report"], "description": "whether a claim or an outlet report records it"},
        "id": text("the id of the claim or report that records it (article key#id)"),
        "permalink": text("the address of that claim or report on this site"),
    }
    article_record_ = {
        "article": text("the article's key: YYYY-MM-DD-slug, its file name"),
        **article,
        "subheadline": text(article_help["subheadline"], True),
        "byline": text(article_help["byline"], True),
        "date_note": text(article_help["date_note"], True),
        "language": text(article_help["language"]),
        "completeness": choice("completeness", article_help["completeness"]),
        "claims": strings("ids of the article's claims, sorted"),
        "reports": strings("ids of the outlet's reports, sorted"),
        "caveats": {"type": "array", "description": "the analyst's caveats for the article",
                    "items": record({"kind": choice("caveat_kind", "what sort of caveat"),
                                     "text": text(helps["caveat"]["text"]),
                                     "qualifies": strings(helps["caveat"]["claims"])})},
        "page": text("the article's page on this site"),
    }

    def document(title, description, key, item):
        return {
            "$schema": "http://json-schema.org/draft-07/schema#", "title": title, "description": description,
            "type": "object", "required": ["parley_version", key],
            "properties": {"parley_version": text("the version of Parley that made this file: which rules made the "
                                                  "briefings and in what form the data is written (see Parley's "
                                                  "CHANGELOG)"),
                           "generated_from": text("the newest publication date in the data", True),
                           key: {"type": "array", "items": record(item)}},
        }

    return {
        "data/claims.schema.json": document(
            "Parley claims", "Every claim recorded by Parley: who said what, when, how it was sourced.",
            "claims", claim),
        "data/reports.schema.json": document(
            "Parley outlet reports", "What the outlets state in their own voice, never a speaker's words.",
            "reports", report),
        "data/events.schema.json": document(
            "Parley events", "Every step in the talks a claim or an outlet report records.", "events", event_record),
        "data/articles.schema.json": document(
            "Parley articles", "Every article recorded, with its caveats and the ids of its claims and reports.",
            "articles", article_record_),
    }


def claims_schema() -> dict:
    return _data_schemas()["data/claims.schema.json"]


def _gzip(data: bytes) -> bytes:
    # No name and no time in the header: the same data always gives the same bytes.
    return gzip.compress(data, compresslevel=6, mtime=0)


def data_years(briefings: Briefings) -> tuple[int, ...]:
    """The years the open data is split into: those articles were published in."""
    return tuple(sorted({a.published.year for a in briefings.corpus.articles}))


def year_files(year: int) -> tuple[str, ...]:
    """A year's open-data files, as `data/index.json` and the Data page list them."""
    return tuple(f"data/{year}/{name}" for name in YEAR_FILES)


def render_data(briefings: Briefings, options: RenderOptions, memo: RenderMemo | None = None,
                wanted: Callable[[str], bool] | None = None) -> dict[str, bytes]:
    """The open data files: each year's records (by publication), gzip-compressed, and the
    registries, schemas and an index of the years. Only the files `wanted` says yes to are made
    (a part of the site, see generator/parts.py). With a `memo`, a claim's record (and its JSON
    line and CSV row) is made again only when its claim or article object is new (see
    generator/reuse.py).

    A decade of claims written out twice (JSON and CSV) would be some 700 MB; compressed, and
    split by year, it is a tenth of that, and a day's build rewrites only the current year."""
    corpus = briefings.corpus
    wanted = wanted or (lambda path: True)
    kept = ByClaim(memo.records if memo is not None else None)

    def made(claim: Claim, article) -> tuple[bytes, bytes]:
        """The claim's line of claims.json and its row of claims.csv, encoded."""
        record = claim_record(claim, briefings, options)
        return _dump(record), _csv_lines([_csv_row(record)])

    by_year: dict[int, list[Article]] = {}
    for article in corpus.articles:
        by_year.setdefault(article.published.year, []).append(article)
    events = event_records(corpus, options)
    out: dict[str, bytes] = {}
    compressed: dict[str, tuple[bytes, bytes]] = {}
    index = []
    for year, articles in sorted(by_year.items()):
        files = year_files(year)
        index.append({"year": year, "articles": len(articles), "claims": sum(len(a.claims) for a in articles),
                      "reports": sum(len(a.reports) for a in articles), "files": [f[len("data/"):] for f in files]})
        if not any(wanted(f) for f in files):
            continue
        # In the order said within each article, never in the file's order (a build is the same
        # whatever the order of claims in a file).
        rows = [kept.get(c, article, lambda c=c, article=article: made(c, article))
                for article in articles for c in sorted(article.claims, key=lambda c: (c.said_on, c.id))]
        generated = max(a.published for a in articles).isoformat()
        reports = [report_record(r, a, options) for a in articles
                   for r in sorted(a.reports, key=lambda r: (r.date, r.id))]
        made_files = {
            "claims.json.gz": _json_records({"parley_version": __version__, "generated_from": generated,
                                             "claims": _Dumped(row[0] for row in rows)}),
            "claims.csv.gz": _csv([row[1] for row in rows]),
            "reports.json.gz": _json_records({"parley_version": __version__, "generated_from": generated,
                                              "reports": reports}),
            "reports.csv.gz": _csv([_csv_lines([_csv_row(r, REPORT_CSV_COLUMNS)]) for r in reports],
                                   REPORT_CSV_COLUMNS),
            "events.json.gz": _json_records({"parley_version": __version__, "generated_from": generated,
                                             "events": [e for e in events if e["published"].startswith(f"{year}-")]}),
            "articles.json.gz": _json_records({"parley_version": __version__, "generated_from": generated,
                                               "articles": [article_record(a, options) for a in articles]}),
        }
        for name, data in made_files.items():
            path = f"data/{year}/{name}"
            if memo is None:
                out[path] = _gzip(data)
                continue
            key = hashlib.blake2b(data, digest_size=16).digest()
            last = memo.compressed.get(path)
            out[path] = last[1] if last is not None and last[0] == key else _gzip(data)
            compressed[path] = (key, out[path])
    if memo is not None:
        memo.records = kept.done()
        memo.compressed = compressed
    actors = [{"id": a.id, "name": a.name, "kind": a.kind, "role": a.role,
               "side": a.side.id if a.side else None, "side_name": a.side.name if a.side else None,
               "aliases": list(a.aliases)}
              for a in corpus.actors]
    local = [{"id": a.key, "name": a.name, "kind": a.kind, "role": a.role,
              "side": a.side.id if a.side else None, "side_name": a.side.name if a.side else None,
              "article": a.article} for art in corpus.articles for a in art.actors]
    topics = [{"id": t.id, "label": t.label, "description": t.description, "aliases": list(t.aliases)}
              for t in corpus.topics]
    sides = [{"id": s.id, "name": s.name, "role": s.role, "description": s.description, "aliases": list(s.aliases)}
             for s in corpus.sides]
    common = {
        **{name: _json(schema) for name, schema in _data_schemas().items()},
        "data/actors.json": _json_records({"sides": sides, "actors": actors, "unnamed_and_local_actors": local}),
        "data/topics.json": _json_records({"topics": topics}),
        "data/index.json": _json_records({"parley_version": __version__, "years": index}),
    }
    out.update({path: data for path, data in common.items() if wanted(path)})
    return out
