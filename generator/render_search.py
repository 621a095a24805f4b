"""Render the search records: one small HTML document per claim and per briefing, actor and
topic page, for Pagefind to index.

Each claim is its own record, with its facets as Pagefind filters, so a search result is a
claim and not a page to scroll through. Values go into attributes escaped by markupsafe;
Pagefind reads them back as plain text and the browser script shows them with
`textContent`, so no YAML text is ever parsed as HTML on the reader's side.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator

from markupsafe import escape

from generator.analyse import Briefings
from generator.index_search import SearchRecord
from generator.model import Claim, Report
from generator.reuse import ByClaim, RenderMemo
from generator.render import RenderOptions, Urls, article_path, day_path, long_date, short_date, side_path, \
    state_text, topic_path, when
from generator.search_tokens import CLAIM_TYPE, PAGE_TYPE, claim_values, facet_values, report_values, token

# Records are plain f-strings around markupsafe's `escape` (its C implementation): building
# them with `Markup.format` (Python's string.Formatter) took 5 s for a one-year corpus, five times longer.

def _meta(kind: str, key: str, value: str) -> str:
    # kind is "filter", "meta" or "sort"; the value is read from the content attribute.
    return f'<meta data-pagefind-{escape(kind)}="{escape(key)}[content]" content="{escape(value)}">'


def _document(title: str, body: list[str], metas: list[str], language: str = "en") -> str:
    head = "".join(metas)
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body if p)
    title = escape(title)
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8"><title>{title}</title>'
            f'{head}</head><body><main data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>'
            f'{paragraphs}</main></body></html>')


def _claim_document(claim: Claim, briefings: Briefings, urls: Urls, outlet_by_name: dict[str, str],
                    locale: str) -> str:
    article = briefings.corpus.article(claim.article)
    side = claim.actor.side.name if claim.actor.side else "Side not stated"
    metas = _record_metas(claim, article, claim_values(claim, article, outlet_by_name), urls, locale) + [
        _meta("meta", "form", claim.form.replace("-", " ")),
        _meta("meta", "stance", claim.stance),
        _meta("meta", "sourcing", claim.sourcing.replace("-", " ")),
        _meta("meta", "outlet", article.credit),
        _meta("meta", "side", side),
        _meta("meta", "text", claim.text),
    ]
    extra = " · ".join(x for x in (
        claim.described_as, ", ".join(t.label for t in claim.topics), article.outlet, claim.via, claim.venue,
        article.headline) if x)
    return _document(claim.actor.name, [claim.text, extra, _also_written(claim.actor, claim.actor.side,
                                                                         *claim.topics)], metas, article.language)


def _report_document(report: Report, briefings: Briefings, urls: Urls, outlet_by_name: dict[str, str],
                     locale: str) -> str:
    """An outlet's own account as a search record: titled "According to <outlet>", never a speaker."""
    article = briefings.corpus.article(report.article)
    side = report.holder.name if report.holder else "Side not stated"
    metas = _record_metas(report, article, report_values(report, article, outlet_by_name), urls, locale) + [
        _meta("meta", "form", "outlet's account"),
        _meta("meta", "sourcing", "outlet's own account"),
        _meta("meta", "outlet", article.credit),
        _meta("meta", "side", side),
        _meta("meta", "text", report.text),
    ]
    if report.stance:
        metas.append(_meta("meta", "stance", f"outlet's outlook: {report.stance}"))
    extra = " · ".join(x for x in (
        f"about {report.about.name}", ", ".join(t.label for t in report.topics), article.credit, report.via,
        article.headline) if x)
    return _document(f"According to {article.credit}", [report.text, extra, _also_written(report.about, *report.topics)],
                     metas, article.language)


def _record_metas(item: Claim | Report, article, facets: dict, urls: Urls, locale: str) -> list[str]:
    """What a claim's and a report's records share: the facets, the day (as a sort key) and the
    dates shown (the permalink is the record's path, see `record_path`)."""
    metas = [_meta("filter", "type", CLAIM_TYPE)]
    for facet, ids in facets.items():
        metas += [_meta("filter", facet, token(facet, i)) for i in ids]
    return metas + [
        _meta("sort", "date", "s" + item.on.strftime("%Y%m%d")),
        _meta("meta", "date_label", when(item, functools.partial(short_date, locale=locale))),
        *_published(item, article, locale),
    ]


def _published(item: Claim | Report, article, locale: str) -> list[str]:
    """The article's date beside the day said, when they differ and the day is known: a reader
    looking for a day's briefing needs both (search filters on either)."""
    if item.precision == "before-publication" or item.on == article.published:
        return []
    return [_meta("meta", "published", short_date(article.published, locale))]


def _also_written(*entries) -> str:
    """The other names of a record's speaker, side and topics (registry `aliases`), so that a reader
    finds it by any spelling ("Nunu", "Muhammad bin Abdulrahman Al Thani", "truce")."""
    return " · ".join(alias for entry in entries if entry is not None for alias in entry.aliases)


PAGE_LABELS = {"briefing": "Daily briefing", "actor": "Actor", "topic": "Topic"}


def record_path(url: str, anchor: str = "") -> str:
    """Where the indexer reads a record, which is the address Pagefind gives its result: the
    site-relative URL of the page it links to, `~`, the anchor on that page, `.html`
    (`articles/x/~claim-y.html`, `days/2030-01-02/~.html`). The search script turns it back into
    the link (theme/assets/parley/search.js, resultLink), so no record carries its link again in
    its metadata (written as one hex word, so that its parts were not searchable: 190 bytes a
    record, 70 MB of a decade's index)."""
    return f"{url}~{anchor}.html"


def _page_document(kind: str, title: str, body: list[str], date: str = "") -> str:
    metas = [_meta("filter", "type", PAGE_TYPE), _meta("meta", "label", PAGE_LABELS[kind])]
    if date:
        metas.append(_meta("sort", "date", "s" + date.replace("-", "")))
    return _document(title, body, metas)


def search_documents(briefings: Briefings, options: RenderOptions = RenderOptions(),
                     memo: RenderMemo | None = None) -> dict[str, str]:
    """Indexer input: relative file path → HTML document. Paths are only for the indexer.
    With a `memo`, a claim's record is made again only when its claim or article object is new,
    or the outlets' facet ids changed (see generator/reuse.py)."""
    return {record.path: record.html for record in search_records(briefings, options, memo)}


def search_records(briefings: Briefings, options: RenderOptions = RenderOptions(),
                   memo: RenderMemo | None = None) -> Iterator[SearchRecord]:
    """Every search record, one at a time: a decade's 400,000 records need never be held at once."""
    urls = Urls(options)
    outlet_ids = dict(facet_values(briefings)["outlet"])
    outlet_by_name = {name: ident for ident, name in outlet_ids.items()}
    if memo is not None and memo.search_setting != outlet_by_name:
        memo.search, memo.search_setting = {}, outlet_by_name
    kept = ByClaim(memo.search if memo is not None else None)
    for article in briefings.corpus.articles:
        for claim in article.claims:
            yield SearchRecord(record_path(urls.url(article_path(article)), claim.anchor), kept.get(
                claim, article, lambda claim=claim: _claim_document(claim, briefings, urls, outlet_by_name,
                                                                    options.locale)),
                article.published)
    if memo is not None:
        memo.search = kept.done()
    for article in briefings.corpus.articles:
        for report in article.reports:
            yield SearchRecord(record_path(urls.url(article_path(article)), report.anchor), _report_document(
                report, briefings, urls, outlet_by_name, options.locale), article.published)
    for day in briefings.days:
        speakers = ", ".join(entry.actor.name for group in day.sides for entry in group.actors)
        speakers += " · " + _also_written(*(entry.actor for group in day.sides for entry in group.actors))
        yield SearchRecord(record_path(urls.url(day_path(day.date))), _page_document(
            "briefing", f"Briefing for {long_date(day.date, options.locale)}",
            [state_text(day, options.locale), speakers, ", ".join(day.outlets)], day.date.isoformat()), day.date)
    for view in briefings.actors:
        actor = view.actor
        yield SearchRecord(record_path(urls.url(f"actors/{actor.id}.md")), _page_document(
            "actor", actor.name,
            [actor.role or "", actor.side.name if actor.side else "", f"{view.claim_count} claims",
             _also_written(actor)]), None)
    for view in briefings.topics:
        yield SearchRecord(record_path(urls.url(topic_path(view.topic))), _page_document(
            "topic", view.topic.label, [view.topic.description, _also_written(view.topic)]), None)


NAMES_FILE = "search/names.json"
"""Every name search can suggest for a query that found nothing (theme/assets/parley/search.js),
fetched only then."""


def search_names(briefings: Briefings, options: RenderOptions = RenderOptions()) -> bytes:
    """The actors, sides and topics with a page, as [kind, name, site-relative URL, aliases]: the
    names a misspelt query ("Netanyhu", "Witkof") is compared with."""
    urls = Urls(options)
    names = [["actor", v.actor.name, urls.url(f"actors/{v.actor.id}.md"), list(v.actor.aliases)]
             for v in briefings.actors]
    names += [["side", v.side.name, urls.url(side_path(v.side)), list(v.side.aliases)]
              for v in briefings.sides if v.side is not None]
    names += [["topic", v.topic.label, urls.url(topic_path(v.topic)), list(v.topic.aliases)] for v in briefings.topics]
    return json.dumps({"names": names}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
