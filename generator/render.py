"""Stage 5: briefings → pages: {source path: Markdown text}, ready for any static-site backend.

Pages are Markdown with block-level HTML made by Jinja templates (autoescape on),
so YAML text is escaped by the HTML library at the point of output. Text that
must sit in Markdown proper (headings, for the table of contents) goes through
`markdown_text`, which turns every Markdown-significant character into a
character reference. Links between pages are relative, so the site works under
any sub-path and from `file://`. Long lists go on archive pages by month or year
(`claim_pages`, `period_pages`), so no page grows with the length of the corpus.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import posixpath
import re
from collections.abc import Callable, Sequence
from typing import Any
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urljoin

import babel
import babel.dates
import babel.numbers
import jinja2
from markupsafe import Markup, escape

from generator.analyse import ActorView, Briefings, Day, SharedQuote, SideView, TopicView, group_by_side, \
    stance_counts
from generator.analyse.evidence import Item, outlet_account
from generator.analyse.ledger import STATUSES
from generator.analyse.process import Happening
from generator.analyse.state import Part, moved_sentence
from generator.analyse.trend import event_account, event_phrase
from generator.render_chart import stance_chart
from generator.render_lines import excerpt, line_functions
from generator.sanitise import summary_html
from generator.model import Actor, Article, Claim, Corpus, Event, Report, Side, Topic
from generator.schema import RECORDS, VOCABULARIES, Field
from generator.check_url import url_problem
from generator.reuse import RenderMemo

# Dates, durations and plurals come from Babel (CLDR data), so a tracker in another language is
# one setting away (`locale` in mkdocs.yml); English is the default.
LONG_DATE, SHORT_DATE, MONTH = "EEEE d MMMM y", "d MMM y", "MMMM y"


@functools.lru_cache(maxsize=1 << 14)
def _date(value: dt.date, pattern: str, locale: str) -> str:
    # Cached: a year's site formats a few hundred distinct dates some 200,000 times.
    return babel.dates.format_date(value, pattern, locale=locale)


@functools.lru_cache(maxsize=64)
def _plural_form(locale: str):
    return babel.Locale.parse(locale).plural_form


def plural(n: int, one: str, other: str, locale: str = "en") -> str:
    """ "1 claim", "3 claims": the count and the form the locale's plural rule picks (CLDR)."""
    return f"{babel.numbers.format_decimal(n, locale=locale)} {one if _plural_form(locale)(n) == 'one' else other}"


def duration_days(days: int, locale: str = "en") -> str:
    """ "16 days", "1 day": a number of days in words (Babel's plural rules)."""
    return babel.dates.format_timedelta(dt.timedelta(days=days), granularity="day", threshold=10_000,
                                        locale=locale)


# Every ASCII character Markdown or its extensions may give meaning to.
_MARKDOWN_SIGNIFICANT = re.compile(r"[\\`*_{}\[\]()<>#+\-.!|~^=:&\"'$%@/]")


@dataclass(frozen=True)
class Page:
    path: str
    """Source path of the page, e.g. `days/2025-06-25.md`; the URL follows from it."""
    title: str
    """Plain text; escaped when written into the page's front matter."""
    markdown: str | None
    """The whole page, front matter included; None for a page of another part of the site, not
    rendered by this build (see `render`'s `wanted`)."""


@dataclass(frozen=True)
class RenderOptions:
    directory_urls: bool = True
    """`days/x/` (True) or `days/x.html` (False), matching the backend's URL style."""
    site_url: str | None = None
    """The published address (e.g. https://user.github.io/repo/): absolute links in the feed,
    the open data, citations and JSON-LD. Without it those links are site-relative."""
    site_name: str = "Parley"
    page_size: int = 50
    """Claims on an actor's or a topic's page and articles on the articles index; the older ones
    are on archive pages by month, so no page grows with the length of the corpus."""
    archive_size: int = 100
    """Most claims on one archive page: a month with more is split into parts."""
    recent_days: int = 60
    """Days listed on the home page, the briefings index and the timeline; every day is also on
    its year's page once there are more."""
    locale: str = "en"
    """The language dates, durations and plurals are written in (a Babel locale, e.g. `fr`); as a
    language tag (`language_tag`) it is the feed's xml:lang and the pages' JSON-LD inLanguage."""

    @property
    def language_tag(self) -> str:
        """The locale as a BCP 47 language tag (pt_BR → pt-BR)."""
        return self.locale.replace("_", "-")


ECHO_LINKS = 5
"""Other articles named under a claim whose quote they carry too; the rest are counted, with a link
to the quote's own page. A remark carried by hundreds of outlets must not make each of their pages
list all the others: 2,000 such articles made a 633 MB site and took 105 s."""


def quote_path(quote: SharedQuote) -> str:
    return f"quotes/{quote.key}.md"


class PageCollision(ValueError):
    """Two pages were rendered to one path (refused, as Pelican's writer does)."""


def markdown_text(value) -> Markup:
    """Text for a Markdown context (a heading): every significant character as a reference."""
    text = " ".join(str(value).split())
    # Safe to mark: `<`, `>`, `&` and both quotes are among the characters turned into references.
    return Markup(_MARKDOWN_SIGNIFICANT.sub(lambda m: f"&#{ord(m.group())};", text))


def long_date(value: dt.date, locale: str = "en") -> str:
    return _date(value, LONG_DATE, locale)


def short_date(value: dt.date, locale: str = "en") -> str:
    return _date(value, SHORT_DATE, locale)


def dated(date: dt.date, precision: str, form=long_date) -> str:
    """A date as precisely as it is known: "on or before 6 July 2025", "25 June 2025 (inferred)"."""
    text = form(date)
    if precision == "before-publication":
        return f"on or before {text}"
    if precision == "inferred":
        return f"{text} (inferred)"
    return text


def when(item: Claim | Report | Happening, form=long_date) -> str:
    """When a claim was said, or when what a report states happened, as precisely as known; an
    event, when its step was taken (on or before the statement's day when the source dates only that)."""
    if isinstance(item, Happening):
        text = when(item.item, form)
        # A step the source dates only by the statement reporting it (the statement's own day
        # may be exact): on or before that day. An undated statement says "on or before" already.
        if item.bounded and item.item.precision != "before-publication":
            return f"on or before {text}"
        return text
    if isinstance(item, Report):
        return dated(item.date, item.date_precision, form)
    return dated(item.said_on, item.said_on_precision, form)


def when_short(item: Claim | Report | Happening) -> str:
    return when(item, short_date)


def published_by(article: Article, locale: str = "en") -> str:
    """ "Example Wire (Saturday 12 January 2030), republished by The Example Times on Sunday 13 January
    2030": who published the article, and when, as precisely as known."""
    published = dated(article.published, article.published_precision, functools.partial(long_date, locale=locale))
    if not article.republished_by:
        return f"{article.outlet} on {published}"
    original = f" ({long_date(article.original_published, locale)})" if article.original_published else ""
    return f"{article.outlet}{original}, republished by {article.republished_by} on {published}"


def state_text(day, locale: str = "en") -> str:
    """The state of the talks in plain words (feed, search, timeline): the editor's line, or the
    generated sentences with their dates."""
    if day.state_line:
        return day.state_line
    out = []
    for sentence in (*day.state, moved_sentence(day.trend)):
        words = []
        for part in sentence:
            words.append(part.words.text if part.words is not None else part.text)
            if part.when is not None:
                words.append(when(part.when, functools.partial(short_date, locale=locale)))
        out.append("".join(words))
    return " ".join(out)


def event_words(event: Event) -> str:
    """ "delegation recalled (United States; Doha)": an event in plain words."""
    place = f"; {event.place}" if event.place else ""
    bound = "; taken on or before the day stated" if event.dated == "on-or-before" else ""
    return f"{event.type.replace('-', ' ')} ({', '.join(s.name for s in event.sides)}{place}{bound})"


def event_html(event: Event) -> str:
    return (f'<span class="parley-event" title="{html_text(VOCABULARIES["event"][event.type])}">event: '
            f'{html_text(event_words(event))}</span>')


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links (validated already; checked again where it becomes a link)."""
    return url if url and not url_problem(url) else None


def html_text(value) -> Markup:
    """Text for an HTML block inside Markdown: escaped, with line breaks as character references.

    A blank line would end the HTML block and hand the rest of the text to Markdown (where
    `[x](javascript:…)` becomes a link): YAML text never brings a raw line break into a page.
    """
    escaped = escape(value)
    if "\n" in escaped or "\r" in escaped:  # safe to mark: escaped already; only line breaks change
        return Markup(str(escaped).replace("\r", "&#13;").replace("\n", "&#10;"))
    return escaped  # already Markup: most text has no line break, and this runs for every {{ … }}


def _one_block(html: Markup) -> Markup:
    """Markup built from YAML text (partial quotes, summaries), kept within one HTML block.
    `escape` leaves Markup as it is and escapes anything else, so plain text cannot slip through."""
    return Markup(str(escape(html)).replace("\r", "&#13;").replace("\n", "&#10;"))


def _finalize(value):
    # Every {{ … }} in a template: plain text from YAML is escaped here, so autoescape then
    # leaves it alone; Markup from macros and filters is already safe and keeps its layout.
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return html_text(value)


def verbatim_spans(text: str) -> Markup:
    """A partial quote with its “…” fragments marked as the speaker's own words."""
    out = []
    for piece in re.split(r"(“[^“”]+”)", text):
        if piece.startswith("“") and piece.endswith("”"):
            out.append(Markup('<span class="parley-verbatim">{}</span>').format(piece))  # format escapes piece
        else:
            out.append(escape(piece))
    return _one_block(Markup("").join(out))


def aliases_html(aliases) -> Markup:
    """A registry entry's other spellings, each isolated for direction (an Arabic or Hebrew name in
    an English line) and marked with its script's language."""
    from generator.spellings import script_language

    out = []
    for alias in aliases:
        language = script_language(alias)
        out.append(Markup('<bdi lang="{}" dir="rtl">{}</bdi>').format(language, alias) if language else
                   Markup("<bdi>{}</bdi>").format(alias))  # format escapes alias
    return _one_block(Markup(" · ").join(out))


def inline_code(text: str) -> Markup:
    """Help text from the schema table with `backticks` shown as code (the text is escaped first:
    `escape` for the plain parts, `Markup.format` escapes its arguments for the code parts)."""
    parts = str(text).split("`")
    return Markup("").join(escape(p) if i % 2 == 0 else Markup("<code>{}</code>").format(p)
                           for i, p in enumerate(parts))


def url_slug(url: str | None) -> str | None:
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1] or None


class Urls:
    """Relative links between source paths, in the backend's URL style."""

    def __init__(self, options: RenderOptions):
        self.directory_urls = options.directory_urls

    def url(self, path: str) -> str:
        stem = path[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            base = stem[: -len("index")]
            return base if self.directory_urls else base + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def _directory(self, source: str) -> str:
        here = self.url(source)
        return here if here.endswith("/") or here == "" else posixpath.dirname(here)

    def file_href(self, source: str, target: str) -> str:
        """Relative link from a page to a file that is not a page (data, feed)."""
        return _relative(target, self._directory(source) or ".")

    def href(self, source: str, target: str, anchor: str | None = None) -> str:
        there = self.url(target)
        rel = _relative(there or ".", self._directory(source) or ".")
        if there.endswith("/") or there == "":
            rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{anchor}" if anchor else "")


def _relative(target: str, start: str) -> str:
    """posixpath.relpath for the site's own paths (relative, normalised, no `..`), without making
    both absolute against the working directory each time: a one-year site asks for ~500,000
    links between ~150,000 pairs of places, too many for a cache."""
    to = [p for p in target.split("/") if p and p != "."]
    here = [p for p in start.split("/") if p and p != "."]
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def absolute(options: RenderOptions, path: str) -> str:
    """Absolute URL of a page (`x.md`) or file when site_url is known, else site-relative."""
    url = Urls(options).url(path) if path.endswith(".md") else path
    return urljoin(options.site_url, url) if options.site_url else url


def script_json(data, element_id: str | None = None, script_type: str = "application/json") -> Markup:
    """JSON inside a <script> element: `<`, `>`, `&` and line separators are escaped, so no
    `</script>` or `<!--` in the data can end or break the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    # Safe to mark: the JSON now holds no `<`, `>` or `&`, so nothing in it is markup.
    if element_id:
        return Markup('<script type="{}" id="{}">{}</script>').format(script_type, element_id, Markup(text))
    return Markup('<script type="{}">{}</script>').format(script_type, Markup(text))


CLAIM_DESCRIPTIONS = {
    "paraphrase": "The analyst's paraphrase of what was said, not the speaker's words.",
    "partial-quote": "The analyst's paraphrase; the words inside “…” are the speaker's own.",
}
"""How a claim that is not a verbatim quote is described in JSON-LD."""


def json_ld(article, options: RenderOptions) -> Markup:
    """schema.org JSON-LD for an article's page, safe inside <script>: the JSON is escaped so that
    no `</script>`, `<!--` or line separator in the data can end or break it.

    The page is Parley's record of the article, so it is the WebPage (its own address as `@id`),
    `about` the NewsArticle it records (the outlet's address as that article's `@id`, when known;
    a republished article names the republisher as publisher and the original outlet as the source
    organisation). Each claim is a part of the page: a verbatim quote a Quotation, a paraphrase or
    partial quote a Claim (schema.org's type for something someone asserted, in any words), each
    with the speaker as its author and the article it appeared in. Dates are given only where the
    source gives them exactly.

    Kept lean, as this block is in each of a decade's 36,500 article pages: a claim's id is relative
    to the page ("#claim-…", which JSON-LD resolves against the page's address, the canonical one
    once published), and the article a claim appeared in is named by a blank node ("_:article")
    whose `url` is the outlet's address, not by repeating that address in every claim. Without a
    site address the page's own id is "" (the page itself)."""
    page = absolute(options, article_path(article)) if options.site_url else ""
    source: dict = {"@type": "NewsArticle", "@id": "_:article", "url": article.url,
                    "headline": article.headline,
                    "datePublished": article.published.isoformat() if article.published_precision == "exact" else None,
                    "publisher": {"@type": "Organization", "name": article.republished_by or article.outlet},
                    "sourceOrganization": {"@type": "Organization", "name": article.outlet}
                    if article.republished_by else None,
                    "inLanguage": article.language}
    if article.byline:
        source["author"] = {"@type": "Person", "name": article.byline}
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "@id": page,
        "url": page or None,
        "inLanguage": options.language_tag,
        "isPartOf": {"@type": "WebSite", "name": options.site_name, "url": absolute(options, "index.md")}
        if options.site_url else None,
        "about": {k: v for k, v in source.items() if v is not None},
    }
    parts = []
    for claim in article.claims:
        speaker = {"@type": "Person" if claim.actor.kind == "person" else "Organization", "name": claim.actor.name}
        part = {"@id": f"#{claim.anchor}", "text": claim.text}
        if claim.said_on_precision == "exact":
            part["dateCreated"] = claim.said_on.isoformat()
        if claim.form == "quote":
            part = {"@type": "Quotation", **part, "creator": speaker, "isBasedOn": {"@id": source["@id"]}}
        else:
            part = {"@type": "Claim", **part, "author": speaker, "appearance": {"@id": source["@id"]},
                    "description": CLAIM_DESCRIPTIONS.get(claim.form, "")}
        parts.append(part)
    if parts:
        data["hasPart"] = parts
    data = {k: v for k, v in data.items() if v is not None}
    return script_json(data, script_type="application/ld+json")


def caveat_anchor(number: int, article: Article | None = None) -> str:
    """The id of an article's caveat `number` (from 1): `caveat-2` on the article's page,
    `<article key>--caveat-2` on a briefing that lists several articles' caveats."""
    return f"{article.key}--caveat-{number}" if article is not None else f"caveat-{number}"


def caveat_number(article: Article, caveat) -> int:
    """Which of `article`'s caveats `caveat` is, from 1 (the number its markers show)."""
    return next(n for n, c in enumerate(article.caveats, 1) if c is caveat)


def day_path(date: dt.date) -> str:
    return f"days/{date.isoformat()}.md"


def article_path(article: Article | str) -> str:
    key = article if isinstance(article, str) else article.key
    return f"articles/{key}.md"


def side_path(side: Side | str) -> str:
    return f"sides/{side if isinstance(side, str) else side.id}.md"


def topic_path(topic: Topic | str) -> str:
    return f"topics/{topic if isinstance(topic, str) else topic.id}.md"


# --- pages of a long record ---------------------------------------------------------------
# No page grows with the length of the corpus (the rule is on the Method page, "Pages"): a list
# shows its newest entries, and the older ones are on archive pages, one per month or year.

def month_label(month: dt.date, locale: str = "en") -> str:
    return _date(month, MONTH, locale)


@dataclass(frozen=True)
class ArchivePage:
    """One page of older entries: a month or a year, or one part of a long month."""

    path: str
    label: str
    """Plain words: "March 2030", "March 2030, part 2 of 3", "2030"."""
    period: dt.date
    """The first day of the month or year."""
    items: tuple
    """Claims, articles or days, oldest first."""
    part: int = 1
    parts: int = 1
    rest_on_main: bool = False
    """Claim archives: the month's newer claims are on the main page."""


@dataclass(frozen=True)
class ArchiveMonth:
    """A row of an "Earlier claims" table: a month, its page(s) and its stances."""

    label: str
    pages: tuple[ArchivePage, ...]
    count: int
    stance_counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ClaimPages:
    """An actor's or a topic's claims spread over its main page and its month pages."""

    main: str
    """Path of the main page, e.g. `actors/envoy-c.md`."""
    recent: tuple[Claim, ...]
    """Oldest first: the newest claims, shown on the main page."""
    archive: tuple[ArchivePage, ...]
    """Oldest first: every other claim, on exactly one of these pages."""

    @cached_property
    def _home(self) -> dict[tuple[str, str], str]:
        return {(c.article, c.id): page.path for page in self.archive for c in page.items}

    def page_of(self, claim: Claim) -> str:
        """The page that lists the claim."""
        return self._home.get((claim.article, claim.id), self.main)

    @property
    def earlier_count(self) -> int:
        return sum(len(page.items) for page in self.archive)

    @property
    def months(self) -> tuple[ArchiveMonth, ...]:
        """Newest first."""
        by_month: dict[dt.date, list[ArchivePage]] = {}
        for page in self.archive:
            by_month.setdefault(page.period, []).append(page)
        return tuple(ArchiveMonth(month_label(month), tuple(pages), sum(len(p.items) for p in pages),
                                  stance_counts(c for p in pages for c in p.items))
                     for month, pages in sorted(by_month.items(), reverse=True))


def _first_of_month(date: dt.date) -> dt.date:
    return date.replace(day=1)


def claim_pages(main: str, claims: Sequence[Claim], options: RenderOptions, split_months: bool = True) -> ClaimPages:
    """The newest `page_size` claims (of `claims`, oldest first) stay on the main page; the others
    go to the page of the month they were said, in parts of at most `archive_size` claims (one
    page a month without `split_months`)."""
    cut = max(0, len(claims) - max(1, options.page_size))
    older, recent = tuple(claims[:cut]), tuple(claims[cut:])
    on_main = {_first_of_month(c.said_on) for c in recent}
    by_month: dict[dt.date, list[Claim]] = {}
    for claim in older:
        by_month.setdefault(_first_of_month(claim.said_on), []).append(claim)
    archive = []
    for month, month_claims in sorted(by_month.items()):
        size = max(1, options.archive_size) if split_months else len(month_claims)
        parts = [month_claims[i:i + size] for i in range(0, len(month_claims), size)]
        for part, chunk in enumerate(parts, 1):
            # Ids are [a-z0-9-], so `<id>/YYYY-MM.md` can meet no other page.
            path = f"{main[:-len('.md')]}/{month:%Y-%m}{'' if part == 1 else f'-part-{part}'}.md"
            label = month_label(month) + (f", part {part} of {len(parts)}" if len(parts) > 1 else "")
            archive.append(ArchivePage(path, label, month, tuple(chunk), part, len(parts), month in on_main))
    return ClaimPages(main, recent, tuple(archive))


def period_pages(folder: str, items: Sequence, date_of: Callable[[Any], dt.date],
                 by_year: bool = False) -> tuple[ArchivePage, ...]:
    """Every item (oldest first) on the page of its month (`folder/YYYY-MM.md`) or year
    (`folder/YYYY.md`); oldest page first. Article keys and day pages carry a full date, so
    these paths meet none of them."""
    groups: dict[dt.date, list] = {}
    for item in items:
        date = date_of(item)
        groups.setdefault(date.replace(month=1, day=1) if by_year else _first_of_month(date), []).append(item)
    return tuple(ArchivePage(f"{folder}/{period:%Y}.md" if by_year else f"{folder}/{period:%Y-%m}.md",
                             str(period.year) if by_year else month_label(period), period, tuple(group))
                 for period, group in sorted(groups.items()))


def month_end(first: dt.date) -> str:
    """The last day of a month, ISO: the end of a search's date range (`search/?from=…&to=…`)."""
    after = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (after - dt.timedelta(days=1)).isoformat()


def _neighbours(pages: Sequence[ArchivePage]):
    """Each archive page with the one before and the one after it (or None)."""
    for i, page in enumerate(pages):
        yield page, (pages[i - 1] if i else None), (pages[i + 1] if i + 1 < len(pages) else None)


@dataclass(frozen=True)
class SideListing:
    """A side on the Sides page: its registry actors, and its latest unnamed sources only."""

    view: SideView
    actors: tuple[tuple[Actor, int], ...]
    hidden_sources: int = 0
    """Unnamed sources not listed (each is on its article's page)."""
    hidden_claims: int = 0


def side_listing(view: SideView, options: RenderOptions) -> SideListing:
    registry = [(a, n) for a, n in view.actors if a.article is None]
    unnamed = [(a, n) for a, n in view.actors if a.article is not None]  # oldest article first
    keep = max(1, options.page_size)
    if len(unnamed) <= keep:
        return SideListing(view, view.actors)
    hidden = unnamed[:-keep]
    return SideListing(view, tuple(registry + unnamed[-keep:]), len(hidden), sum(n for _, n in hidden))


@dataclass(frozen=True)
class ClaimListing:
    """What one page of an actor's or a topic's claims shows: its claims, and the strip, flags,
    positions and side groups made from those claims only."""

    claims: tuple[Claim, ...]
    """In the page's order: newest first for an actor, as reported for a topic."""
    strip: tuple = ()
    shifts: tuple = ()
    contradictions: tuple = ()
    positions: tuple = ()
    by_side: tuple = ()
    tallies: tuple = ()
    """Topic archives: the claims stating no position on the topic, counted by day (`DayTally`)."""


@dataclass(frozen=True)
class DayTally:
    """One day's claims on a topic that state no position on it, on a topic's month page: counted
    by side and linked to the day's briefing, which lists each of them (and its article, in full)."""

    day: dt.date
    """The day the articles were published: the briefing that lists the claims."""
    count: int
    by_side: tuple[tuple[str, int], ...]
    """(side name or "side not stated", claims), in the registry's order of sides."""


def day_tallies(claims, topic_id: str, corpus: Corpus) -> tuple[DayTally, ...]:
    """The claims (of a topic's month page) that state no position on the topic, by the day of
    their briefing, oldest first."""
    order = {s.id: i for i, s in enumerate(corpus.sides)}
    days: dict[dt.date, dict] = {}
    for claim in claims:
        if any(t.id == topic_id for t, _ in claim.positions):
            continue
        side = claim.actor.side
        key = (order.get(side.id, len(order)) if side else len(order) + 1, side.name if side else "side not stated")
        counts = days.setdefault(corpus.article(claim.article).published, {})
        counts[key] = counts.get(key, 0) + 1
    return tuple(DayTally(day, sum(c.values()), tuple((name, n) for (_, name), n in sorted(c.items())))
                 for day, c in sorted(days.items()))


def _bucket(pages: ClaimPages, entries, claim_of) -> dict[str, tuple]:
    """Entries (in order) shared out to the page that lists their claim: one pass per view."""
    out: dict[str, list] = {}
    for entry in entries:
        out.setdefault(pages.page_of(claim_of(entry)), []).append(entry)
    return {path: tuple(found) for path, found in out.items()}


def actor_listings(view: ActorView, pages: ClaimPages) -> dict[str, ClaimListing]:
    """Page path → what it shows of the actor. A flag goes with its later claim; its earlier
    claim may be linked on another page."""
    claims = _bucket(pages, view.claims, lambda c: c)
    strip = _bucket(pages, view.strip, lambda cell: cell.claim)
    shifts = _bucket(pages, view.shifts, lambda shift: shift.after)
    contradictions = _bucket(pages, view.contradictions, lambda c: c.second)
    return {path: ClaimListing(claims.get(path, ()), strip.get(path, ()), shifts.get(path, ()),
                               contradictions.get(path, ()))
            for path in (pages.main, *(p.path for p in pages.archive))}


def topic_listings(view: TopicView, pages: ClaimPages, corpus: Corpus) -> dict[str, ClaimListing]:
    """Page path → what it shows of the topic. The main page: its latest claims by side and the
    positions they state. A month page: the positions stated that month, and the other claims
    counted by day, not listed again: each is in full on its article's page and a line in its
    day's briefing (and on its speaker's page, when it has one). Listing every mention again
    was a seventh of a long record's site, and readers asked for less repetition."""
    claims = _bucket(pages, view.claims, lambda c: c)
    positions = _bucket(pages, view.positions, lambda entry: entry.claim)
    out = {pages.main: ClaimListing(claims.get(pages.main, ()), positions=positions.get(pages.main, ()),
                                    by_side=group_by_side(claims.get(pages.main, ()), corpus.sides))}
    for page in pages.archive:
        out[page.path] = ClaimListing(claims.get(page.path, ()), positions=positions.get(page.path, ()),
                                      tallies=day_tallies(claims.get(page.path, ()), view.topic.id, corpus))
    return out


def article_title(article: Article) -> str:
    return article.headline or f"{article.credit}, {short_date(article.published)} (headline not recorded)"


@dataclass(frozen=True)
class SiteFacts:
    """What pages read of the analysis besides their own inputs, through `Lookups`. Kept by
    `parley serve` from one build to the next, so that a saved article's page can be made before
    the analysis runs again (generator/first_pages.py): a few small tables, not the analysis."""

    corpus: Corpus
    """Articles by key, and each article's day."""
    with_page: frozenset
    """Keys of the actors who have a page (registry actors who were heard)."""
    echoes: dict
    """(article key, claim id) → the SharedQuote other articles carry too (Briefings.echoes)."""
    window_days: int
    stale_days: int
    latest: Day | None

    @classmethod
    def of(cls, briefings: Briefings) -> SiteFacts:
        return cls(briefings.corpus, frozenset(v.actor.key for v in briefings.actors), briefings.echoes,
                   briefings.window_days, briefings.stale_days, briefings.latest)


class Lookups:
    """The corpus-wide facts a page's template reads besides its own inputs: an article by key,
    the other outlets carrying a quote, whether an actor has a page, the day of an article, the
    briefing window. Templates reach the corpus only through these, so that while `trace` is set
    every fact read is noted in it, and a page rendered before can be checked against the facts as
    they are now (`still`) instead of being rendered again (see generator/reuse.py)."""

    KINDS = ("article", "echoes", "has_page", "day", "briefings")

    def __init__(self, facts: SiteFacts):
        corpus = facts.corpus
        with_page = facts.with_page
        article_day = {a.key: day_path(a.published) for a in corpus.articles}
        def echoes(key):  # (article key, claim id) → (quote page or None, carriers shown, how many more)
            quote = facts.echoes.get(key)
            if quote is None:
                return None
            shown, more = quote.others(key[0], ECHO_LINKS)
            return (quote_path(quote) if more else None), shown, more

        self.answers = {
            "article": corpus.article,
            "echoes": echoes,
            "has_page": with_page.__contains__,
            "day": article_day.get,
            "briefings": lambda name: getattr(facts, name),  # window_days, latest
        }
        self.trace: dict[str, dict] | None = None
        """While a page is rendered: kind → {key: what was found}."""
        self.corpus = _CorpusLookups(self)
        self.briefings = _BriefingsLookups(self)
        self.article_day = _ArticleDayLookups(self)

    def start_trace(self) -> None:
        self.trace = {kind: {} for kind in self.KINDS}

    def look(self, kind: str, key):
        value = self.answers[kind](key)
        if self.trace is not None:
            self.trace[kind][key] = value
        return value

    def still(self, trace: dict[str, dict]) -> dict[str, dict] | None:
        """`trace` as it is now if every fact in it is still what it was, else None.

        Equal facts that are new objects (every article is read again when a registry changes)
        go into a new trace: keeping the old objects would keep the last build's corpus alive."""
        renewed = None
        for kind, found in trace.items():
            if not found:
                continue
            answer = self.answers[kind]
            now = {key: answer(key) for key in found}
            if now != found:
                return None
            if any(now[key] is not value for key, value in found.items()):
                renewed = renewed or dict(trace)
                renewed[kind] = now
        return renewed or trace


class _CorpusLookups:
    def __init__(self, lookups: Lookups):
        self._look = lookups.look

    def article(self, key: str) -> Article | None:
        return self._look("article", key)


class _BriefingsLookups:
    def __init__(self, lookups: Lookups):
        self._look = lookups.look

    @property
    def window_days(self) -> int:
        return self._look("briefings", "window_days")

    @property
    def stale_days(self) -> int:
        return self._look("briefings", "stale_days")

    @property
    def latest(self):
        return self._look("briefings", "latest")


class _ArticleDayLookups:
    def __init__(self, lookups: Lookups):
        self._look = lookups.look

    def __getitem__(self, key: str) -> str:
        day = self._look("day", key)
        if day is None:
            raise KeyError(key)
        return day


class _CompiledTemplates(jinja2.BytecodeCache):
    """The templates compiled once per process. Each render makes its own environment (its
    functions close over that render's lookups), and compiling the templates again was a third of
    a rebuild under `parley serve`. Jinja checks each template's source against its checksum, so an
    edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _environment(options: RenderOptions, lookups: Lookups) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        bytecode_cache=_COMPILED,
        autoescape=True,  # every template makes HTML (inside Markdown); nothing is trusted
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    locale = options.locale
    long_in = functools.partial(long_date, locale=locale)  # made once, not per claim
    short_in = functools.partial(short_date, locale=locale)
    env.filters.update(md=markdown_text, long_date=long_in, short_date=short_in,
                       month=functools.partial(month_label, locale=locale),
                       when=lambda item: when(item, long_in), when_short=lambda item: when(item, short_in),
                       safe_url=safe_url, verbatim=verbatim_spans, url_slug=url_slug,
                       code=inline_code, summary=lambda text: _one_block(summary_html(text)),
                       aliases=aliases_html, month_end=month_end, excerpt=excerpt, outlet_account=outlet_account)
    def actor_path(actor: Actor) -> str | None:
        """Registry actors who were heard have a page; unnamed local sources do not."""
        return f"actors/{actor.id}.md" if lookups.look("has_page", actor.key) else None

    article_of = lookups.corpus.article

    def subject_html(subject: Actor | Side, link) -> str:
        """An actor (linked to their page when they have one) or a side, escaped."""
        if isinstance(subject, Actor):
            page = actor_path(subject)
            return f'<a href="{html_text(link(page))}">{html_text(subject.name)}</a>' if page else \
                str(html_text(subject.name))
        return str(html_text(subject.name))

    def meta_tail(item: Claim | Report, link) -> list[str]:
        """Topics, positions and event of a claim or a report: the end of its meta line."""
        t = html_text
        out = []
        if item.topics:
            out.append("topics: " + ", ".join(f'<a href="{t(link(topic_path(topic)))}">{t(topic.label)}</a>'
                                             for topic in item.topics))
        holder = f"{t(item.about.name)} " if item.about is not None else ""
        for topic, position in item.positions:
            out.append(f'{holder}<span class="parley-position-word">{t(position.replace("-", " "))}</span> '
                       f'{t(topic.label)}')
        if item.event is not None:
            out.append(event_html(item.event))
        return out

    def cite_data(lead: str, via: str | None = None) -> str:
        """The attributes a claim's or a report's "Cite this" and "copy link" are made from in the
        reader's browser (theme/assets/parley/claims.js): `lead` says who and when; the article's
        part of the citation is on the page once (`article_cite_data`), the address is the
        permalink's. Written out under every claim they were a third of an article's page.
        `lead` is HTML already escaped by the caller (built with `html_text`); `via` is escaped here."""
        via_data = f' data-parley-via="{html_text(via)}"' if via else ""
        return f' data-parley-lead="{lead}"{via_data}'

    def article_cite_data(article: Article) -> Markup:
        source = article.url if safe_url(article.url) else "No link to the article recorded"
        return Markup(f' data-parley-reported="{html_text(published_by(article, options.locale))}"'
                      f' data-parley-source="{html_text(source)}"')

    def caveat_marks(item: Claim | Report, article: Article, link, caveats_at: str | None) -> str:
        """A marker for each caveat qualifying a claim or a report, linked to the caveat's one
        statement: on this page when it lists the article's caveats (`caveats_at` "article" or
        "day"), else on the article's page. The caveat is written out once per article, not under
        every claim it qualifies."""
        t = html_text
        marks = []
        for number, caveat in enumerate(article.caveats, 1):
            if item.id not in caveat.claims:
                continue
            if caveats_at == "article":
                href = f"#{caveat_anchor(number)}"
            elif caveats_at == "day":
                href = f"#{caveat_anchor(number, article)}"
            else:
                href = link(article_path(article), caveat_anchor(number))
            marks.append(f'<a class="parley-caveat-mark parley-caveat--{t(caveat.kind)}" href="{t(href)}">'
                         f'caveat {number}: {t(caveat.kind.replace("-", " "))}</a>')
        if not marks:
            return ""
        return f'<p class="parley-claim__caveats">Qualified by {", ".join(marks)}</p>\n'

    @jinja2.pass_context
    def claim_block(context, claim: Claim, article: Article, anchor: str, permalink: str, show_actor: bool = True,
                    show_article: bool = False, caveats_at: str | None = None) -> Markup:
        """One claim as a block of HTML (`anchor`: the element id; `permalink`: its stable address;
        `caveats_at`: where the page states the article's caveats, see `caveat_marks`).

        Written in Python rather than as a Jinja macro: every claim is shown on three or four
        pages, and the macro was two thirds of rendering. Every value from YAML goes through
        `html_text` (escaped, line breaks as references), as `{{ … }}` does in templates.
        """
        link = context["link"]
        t = html_text
        form, stance, sourcing = claim.form, claim.stance, claim.sourcing
        counted = claim.counted
        # A <div>, not an <article>: a claim has no heading of its own (its speaker and date are in
        # its meta line), and an article without one is what HTML validators warn of.
        actor = claim.actor
        described = f" (“{t(claim.described_as)}”)" if claim.described_as else ""
        attribution = "" if counted else f" (attribution {t(claim.attribution)})"
        # The labels' meanings are on the Method page, linked once above the claims (a tooltip on
        # every label repeated them under every claim).
        out = [f'<div class="parley-claim parley-claim--{t(form)}{"" if counted else " parley-claim--uncounted"}"'
               f' id="{t(anchor)}"'
               f'{cite_data(f"{t(actor.name)}{described}{attribution}, {t(when(claim, long_in))}", claim.via)}>\n'
               f'<p class="parley-claim__labels"><span class="parley-label parley-form--{t(form)}">'
               f'{t(form.replace("-", " "))}</span> <span class="parley-label parley-stance--{t(stance)}">'
               f'{t(stance)}</span> <span class="parley-label parley-sourcing--{t(sourcing)}">'
               f'{t(sourcing.replace("-", " "))}</span>']
        if not counted:
            out.append(f' <span class="parley-label parley-attribution parley-attribution--{t(claim.attribution)}" '
                       f'title="{t(VOCABULARIES["attribution"][claim.attribution])}">attribution '
                       f'{t(claim.attribution)}</span>')
        if claim.wording and claim.wording != "verbatim":
            out.append(f' <span class="parley-label parley-wording" title="{t(VOCABULARIES["wording"][claim.wording])}">'
                       f'{t(claim.wording.replace("-", " "))}</span>')
        out.append('</p>\n')
        if form == "quote":
            out.append(f'<blockquote class="parley-claim__quote"><p>“{t(claim.text)}”</p></blockquote>\n')
        else:
            out.append(f'<p class="parley-claim__paraphrase">{verbatim_spans(claim.text)}</p>\n')
        if not counted:
            also = ""
            if claim.also_attributed_to:
                also = " Also attributed to: " + ", ".join(subject_html(a, link) for a in claim.also_attributed_to) + "."
            out.append(f'<p class="parley-claim__attribution"><strong>Attribution {t(claim.attribution)}:</strong> '
                       f'{t(claim.attribution_note or "")}{also} Not counted in any tally, trend or position.</p>\n')
        if claim.wording == "outlet-rendering":
            out.append('<p class="parley-claim__wording">The words as this outlet renders them; other outlets word '
                       'them differently, so this is not the speaker\'s exact text.</p>\n')
        out.append('<p class="parley-claim__meta">\n')
        parts = []
        if show_actor:
            page = actor_path(actor)
            name = (f'<a class="parley-claim__actor" href="{t(link(page))}">{t(actor.name)}</a>' if page else
                    f'<span class="parley-claim__actor">{t(actor.name)}</span>')
            parts.append(name + (f", {t(actor.role)}" if actor.role else ""))
        if claim.described_as:
            parts.append(f"described as “{t(claim.described_as)}”")
        if not (claim.said_on_precision == "exact" and claim.said_on == article.published):
            parts.append(f"said {t(when(claim, long_in))}")
        if claim.venue:
            parts.append(t(claim.venue))
        if claim.via:
            parts.append(f"via {t(claim.via)}")
        parts += meta_tail(claim, link)
        if show_article:
            parts.append(f'in <a href="{t(link(article_path(article)))}">{t(article.credit)}, '
                         f'{t(short_date(article.published, options.locale))}</a>')
        parts.append(f'<a class="parley-permalink" href="{t(permalink)}">permalink</a></p>\n')
        out.append(" · ".join(parts))
        echoes = lookups.look("echoes", (claim.article, claim.id))
        if echoes:
            page, shown, more = echoes
            links = "; ".join(
                f'<a href="{t(link(article_path(other.article), other.anchor))}">'
                f'{t(article_of(other.article).credit)}, {t(short_date(article_of(other.article).published, options.locale))}</a>'
                for other in shown)
            if more:  # the first few, then one link to the quote's page
                links += (f'; and <a href="{t(link(page))}" title="Every article carrying this quote">'
                          f'{more:,} more</a>')
            out.append(f'<p class="parley-claim__echo">Also reported by: {links}</p>\n')
        out.append(caveat_marks(claim, article, link, caveats_at))
        if claim.note:
            out.append(f'<p class="parley-claim__note">Analyst\'s note: {t(claim.note)}</p>\n')
        out.append("</div>\n")
        # Safe to mark: every value above went through html_text (or verbatim_spans, which escapes).
        return Markup("".join(out))

    @jinja2.pass_context
    def report_block(context, report: Report, article: Article, anchor: str, permalink: str,
                     show_article: bool = False, caveats_at: str | None = None) -> Markup:
        """What an outlet states in its own voice, never shown as a speaker's words (escaped as in
        `claim_block`)."""
        link = context["link"]
        t = html_text
        form = report.form
        words = "the outlet's words" if form == "quote" else form.replace("-", " ")
        citing = f", citing {t(report.via)}" if report.via else ""
        lead = f"The outlet's account{citing}, about {t(report.about.name)}, {t(when(report, long_in))}"
        out = [f'<div class="parley-report parley-report--{t(form)}" id="{t(anchor)}"{cite_data(lead)}>\n'
               f'<p class="parley-claim__labels"><span class="parley-label parley-report__label" title="What the '
               f'outlet states in its own voice, not a speaker\'s words">outlet\'s account</span> <span class="'
               f'parley-label parley-form parley-form--{t(form)}">{t(words)}</span>']
        if report.stance:
            out.append(f' <span class="parley-label parley-stance parley-stance--{t(report.stance)}" title="The '
                       f'outlet\'s own outlook: {t(VOCABULARIES["stance"][report.stance])}">outlet\'s outlook: '
                       f'{t(report.stance)}</span>')
        out.append('</p>\n')
        text = f"“{t(report.text)}”" if form == "quote" else verbatim_spans(report.text)
        out.append(f'<p class="parley-report__text">According to <strong>{t(article.credit)}</strong>{citing}: '
                   f'{text}</p>\n<p class="parley-claim__meta">\n')
        parts = [f"about {subject_html(report.about, link)}"]
        if not (report.date_precision == "exact" and report.date == article.published):
            parts.append(t(when(report, long_in)))
        parts += meta_tail(report, link)
        if show_article:
            parts.append(f'in <a href="{t(link(article_path(article)))}">{t(article.credit)}, '
                         f'{t(short_date(article.published, options.locale))}</a>')
        parts.append(f'<a class="parley-permalink" href="{t(permalink)}">permalink</a></p>\n')
        out.append(" · ".join(parts))
        out.append(caveat_marks(report, article, link, caveats_at))
        if report.note:
            out.append(f'<p class="parley-claim__note">Analyst\'s note: {t(report.note)}</p>\n')
        out.append("</div>\n")
        # Safe to mark: every value above went through html_text (or verbatim_spans, which escapes).
        return Markup("".join(out))

    def evidence_link(link, item: Item, text: str) -> str:
        return f'<a href="{html_text(link(article_path(item.article), item.anchor))}">{text}</a>'

    def item_text(item: Item) -> str:
        if item.form == "quote":
            return f"“{html_text(item.text)}”"
        return str(verbatim_spans(item.text))

    def parts_html(parts, link) -> str:
        """A generated sentence: each part's text, linked to its first piece of evidence, the
        others numbered beside it; a date as precisely as known. Escaped as everything else."""
        out = []
        for part in parts:
            text = item_text(part.words) if part.words is not None else str(html_text(part.text))
            if part.evidence:
                text = evidence_link(link, part.evidence[0], text)
                text += "".join(f'<sup>{evidence_link(link, item, str(n))}</sup>'
                                for n, item in enumerate(part.evidence[1:], 2))
            if part.when is not None:
                text += html_text(when(part.when, short_in))
            out.append(text)
        return "".join(out)

    @jinja2.pass_context
    def sentence(context, parts) -> Markup:
        # Safe to mark: parts_html escapes every text (html_text, verbatim_spans).
        return Markup(parts_html(parts, context["link"]))

    @jinja2.pass_context
    def trend_reason(context, trend) -> Markup:
        """The trend's reason, each movement linked to its evidence (CrisisWatch's one sentence)."""
        if not trend.movements:
            return Markup(html_text(trend.explanation[:1].upper() + trend.explanation[1:] + "."))
        head, _, _ = trend.explanation.partition(": ")
        parts = [Part(head + ": ")]
        for n, movement in enumerate(trend.movements):
            parts += [Part("; " if n else ""), Part(movement.text, movement.evidence)]
        if trend.against:
            parts += [Part("; against this, "), Part("the outlet's own account points the other way", trend.against)]
        # Safe to mark: parts_html escapes every text.
        return Markup(parts_html(parts + [Part(".")], context["link"]))

    env.globals.update(vocab=VOCABULARIES, day_path=day_path, article_path=article_path,
                       article_title=article_title, topic_path=topic_path, actor_path=actor_path,
                       briefings=lookups.briefings,
                       json_ld=lambda article: json_ld(article, options),
                       claim_block=claim_block, report_block=report_block,
                       article_cite_data=article_cite_data,
                       caveat_anchor=caveat_anchor, caveat_number=caveat_number,
                       event_words=event_words, sentence=sentence, trend_reason=trend_reason, event_phrase=event_phrase, event_account=event_account,
                       statuses=STATUSES, duration=lambda days: duration_days(days, options.locale),
                       side_path=side_path, page_size=max(1, options.page_size),
                       state_text=lambda day: state_text(day, options.locale),
                       plural=lambda n, one, other: plural(n, one, other, options.locale))
    # Compact listings: a claim in full only on its article's page, elsewhere one linked line.
    env.globals.update(line_functions(html_text, short_in, lambda day, precision: dated(day, precision, short_in),
                                      article_path, actor_path, caveat_anchor))
    return env


_BLOCK_MARK = "<!--parley-block-{}-->"


def split_blocks(markdown: str) -> tuple[str, list[str]]:
    """Take the page's HTML blocks out of its Markdown, leaving a placeholder comment for each.

    Generated pages are mostly block-level HTML, which Markdown would only copy, after
    parsing every tag of it (most of the build time, measured). The skeleton keeps the
    Markdown headings (the table of contents comes from them); the blocks go back in after
    conversion (`join_blocks`). A block is a paragraph of the page that starts with `<`.
    """
    front, sep, body = markdown.partition("\n---\n\n") if markdown.startswith("---\n") else ("", "", markdown)
    parts, blocks = [], []
    for chunk in re.split(r"(\n{2,})", body):  # separators kept, so the skeleton is the page otherwise
        # Generated pages hold only Markdown headings and HTML: anything else is HTML too, never
        # Markdown (defence in depth: text from YAML cannot reach the Markdown parser).
        if chunk.strip() and not chunk.startswith(("#", "<!--parley-block-")) and not chunk.startswith("\n"):
            parts.append(_BLOCK_MARK.format(len(blocks)))
            blocks.append(chunk.rstrip("\n"))  # as Markdown would emit the raw block
        else:
            parts.append(chunk)
    return front + sep + "".join(parts), blocks


def join_blocks(html: str, blocks: list[str]) -> str:
    """Put the HTML blocks back into the converted page (Markdown keeps the comments verbatim)."""
    return re.sub(r"<!--parley-block-(\d+)-->", lambda m: blocks[int(m.group(1))], html)


RECORD_TEMPLATE = "parley-record.html"
"""The theme's page for an article's record (generator/theme/parley-record.html): Material's
page without its sidebars. A year holds ten article pages for each of its other pages, and the
navigation and contents rendered into each were a quarter of its bytes."""

# Pages shown with RECORD_TEMPLATE: one per article, reached from the briefings and listings.
_RECORD_PAGES = ("article.md.j2",)


def _front_matter(title: str, template: str | None = None) -> str:
    # page.title is placed in HTML unescaped by the theme, so it is escaped here;
    # JSON is valid YAML and quotes anything the title holds.
    chosen = f"template: {template}\n" if template else ""
    return "---\ntitle: " + json.dumps(str(escape(title)), ensure_ascii=False) + f"\n{chosen}---\n\n"


def render(briefings: Briefings, options: RenderOptions = RenderOptions(),
           command_help: dict[str, str] | None = None, memo: RenderMemo | None = None,
           wanted: Callable[[str], bool] | None = None, sink: Callable[[Page], None] | None = None
           ) -> dict[str, Page]:
    """Every generated page, keyed by source path. Raises PageCollision if two share a path.

    With a `memo` (under `parley serve`), a page whose inputs and looked-up facts are those of
    the memo's last render is taken from it instead of being rendered again. Only the pages
    `wanted` says yes to are rendered (a part of the site, see generator/parts.py). With a
    `sink`, each page goes to it as soon as it is rendered, and the others as their path and
    title with no Markdown (None), and nothing is kept: a decade of pages need never be held at
    once; the dict returned is then empty."""
    lookups = Lookups(SiteFacts.of(briefings))
    env = _environment(options, lookups)
    urls = Urls(options)
    corpus = briefings.corpus
    pages: dict[str, Page] = {}
    paths: set[str] = set()
    kept: dict = {}
    if memo is not None:
        memo.start((options, _templates_stamp()))
        kept, memo.pages = memo.pages, {}

    def keep(page: Page) -> None:
        if sink is not None:
            sink(page)
        elif page.markdown is not None:
            pages[page.path] = page

    def emit(path: str, title: str, template: str, **context) -> None:
        if path in paths:
            raise PageCollision(f"two pages would be written to {path}")
        paths.add(path)
        if wanted is not None and not wanted(path):
            keep(Page(path, title, None))
            return
        if memo is not None:
            inputs = (title, template, context)
            last = kept.get(path)
            trace = lookups.still(last[1]) if last is not None and last[0] == inputs else None
            if trace is not None:
                keep(last[2])
                memo.pages[path] = (inputs, trace, last[2])  # this build's objects, not the last's
                memo.reused += 1
                return
            lookups.start_trace()
        page = _render_page(env, lookups, urls, path, title, template, context)
        keep(page)
        if memo is not None:
            memo.pages[path] = (inputs, lookups.trace, page)
            memo.rendered += 1
            lookups.trace = None

    latest = briefings.latest
    newest_days = tuple(reversed(briefings.days))
    recent_days = newest_days[:max(1, options.recent_days)]
    # Years only once the days outgrow the main lists; then every day is on its year's page.
    paged_days = len(newest_days) > len(recent_days)
    day_years = period_pages("days", briefings.days, lambda d: d.date, by_year=True) if paged_days else ()
    emit("index.md", "Latest briefing", "home.md.j2", latest=latest, days=recent_days, more_days=paged_days)
    emit("days/index.md", "Daily briefings", "days.md.j2", days=recent_days, years=tuple(reversed(day_years)))
    for page, before, after in _neighbours(day_years):
        emit(page.path, f"Briefings in {page.label}", "days_year.md.j2", page=page, previous=before,
             next=after, days=tuple(reversed(page.items)))

    articles = corpus.articles
    recent_articles = tuple(reversed(articles[-max(1, options.page_size):]))
    article_months = period_pages("articles", articles, lambda a: a.published) \
        if len(articles) > len(recent_articles) else ()
    emit("articles/index.md", "Articles", "articles.md.j2", articles=recent_articles,
         months=tuple(reversed(article_months)))
    for page, before, after in _neighbours(article_months):
        emit(page.path, f"Articles published in {page.label}", "articles_month.md.j2", page=page,
             previous=before, next=after, articles=tuple(reversed(page.items)))

    timeline_days = tuple(reversed(recent_days))
    timeline_years = period_pages("timeline", briefings.days, lambda d: d.date, by_year=True) if paged_days else ()
    emit("timeline.md", "Timeline", "timeline.md.j2", days=timeline_days, chart=stance_chart(timeline_days),
         years=tuple(reversed(timeline_years)))
    for page, before, after in _neighbours(timeline_years):
        emit(page.path, f"Timeline of {page.label}", "timeline_year.md.j2", page=page, previous=before,
             next=after, days=page.items, chart=stance_chart(page.items))

    listings = tuple(side_listing(v, options) for v in briefings.sides)  # once: the Sides page and each side's
    emit("sides.md", "Sides", "sides.md.j2", views=listings)
    for listing in listings:
        if listing.view.side is not None:
            emit(side_path(listing.view.side), listing.view.side.name, "side.md.j2", view=listing.view, listing=listing)
    emit("stand.md", "Where they stand", "stand.md.j2", latest=latest)
    emit("actors/index.md", "Actors", "actors.md.j2", views=briefings.actors)
    for view in briefings.actors:
        path = f"actors/{view.actor.id}.md"
        spread = claim_pages(path, tuple(reversed(view.claims)), options)
        listings = actor_listings(view, spread)
        emit(path, view.actor.name, "actor.md.j2", view=view, pages=spread, listing=listings[path])
        for page, before, after in _neighbours(spread.archive):
            # Only what the page shows of the actor: a page kept from the last build is reused
            # while these are equal (an edited claim in another month changes `view`, not this).
            emit(page.path, f"{view.actor.name} — claims in {page.label}", "actor_month.md.j2",
                 actor=view.actor, main=path, page=page, previous=before, next=after,
                 listing=listings[page.path])
    emit("topics/index.md", "Topics", "topics.md.j2", views=briefings.topics)
    for view in briefings.topics:
        path = topic_path(view.topic)
        # One page a month, never in parts: a month page lists positions only, counting the rest.
        spread = claim_pages(path, view.claims, options, split_months=False)
        listings = topic_listings(view, spread, corpus)
        emit(path, view.topic.label, "topic.md.j2", view=view, pages=spread, listing=listings[path])
        for page, before, after in _neighbours(spread.archive):
            emit(page.path, f"{view.topic.label} — claims in {page.label}", "topic_month.md.j2",
                 topic=view.topic, main=path, page=page, previous=before, next=after,
                 listing=listings[page.path])
    for day in briefings.days:
        emit(day_path(day.date), f"Briefing for {long_date(day.date, options.locale)}", "day.md.j2", day=day)
    for article in corpus.articles:
        emit(article_path(article), article_title(article), "article.md.j2", article=article)
    for quote in briefings.quotes:
        if quote.listed_in_full(ECHO_LINKS):
            continue  # every claim names all the other carriers: no page needed
        path = quote_path(quote)
        newest = tuple(reversed(quote.claims))  # corpus order is oldest article first
        latest = newest[:max(1, options.page_size)]
        months = period_pages(path[:-len(".md")], quote.claims, lambda c: lookups.corpus.article(c.article).published) \
            if len(newest) > len(latest) else ()
        title = f"A quote by {quote.claims[0].actor.name}"
        emit(path, title, "quote.md.j2", quote=quote, claims=latest, months=tuple(reversed(months)))
        for page, before, after in _neighbours(months):
            emit(page.path, f"{title}, carried in {page.label}", "quote_month.md.j2", quote=quote, main=path,
                 page=page, previous=before, next=after, claims=tuple(reversed(page.items)))
    emit("format.md", "Data format", "format.md.j2", records=RECORDS, schema_fields=_format_fields())
    from generator.search_tokens import FACETS, search_map

    emit("search.md", "Search claims", "search.md.j2", facets=FACETS,
         search_map=script_json(search_map(briefings), "parley-facets"))
    emit("data.md", "Data", "data.md.j2", claim_fields=RECORDS["claim"], data_years=_data_years(corpus))
    if command_help:
        emit("commands.md", "Command reference", "commands.md.j2", command_help=command_help)
    return pages


def _render_page(env: jinja2.Environment, lookups: Lookups, urls: Urls, path: str, title: str, template: str,
                 context: dict) -> Page:
    def link(target: str, anchor: str | None = None) -> str:
        return urls.href(path, target, anchor)

    def link_file(target: str) -> str:
        return urls.file_href(path, target)

    body = env.get_template(template).render(link=link, link_file=link_file, page_path=path,
                                             corpus=lookups.corpus, article_day=lookups.article_day,
                                             **context)
    return Page(path, title, _front_matter(title, RECORD_TEMPLATE if template in _RECORD_PAGES else None) + body)


def article_pages(facts: SiteFacts, articles: Sequence[Article], options: RenderOptions = RenderOptions()
                  ) -> list[Page]:
    """The pages of `articles` alone, as `render` makes them when the rest of the analysis is
    `facts`: the pages `parley serve` shows first after a save (generator/first_pages.py)."""
    lookups = Lookups(facts)
    env = _environment(options, lookups)
    urls = Urls(options)
    return [_render_page(env, lookups, urls, article_path(article), article_title(article), "article.md.j2",
                         {"article": article}) for article in articles]


@dataclass(frozen=True)
class DataYear:
    """A year of open data on the Data page: what its files hold."""

    year: int
    articles: int
    claims: int
    reports: int


def _data_years(corpus) -> tuple[DataYear, ...]:
    counts: dict[int, list[int]] = {}
    for article in corpus.articles:
        n = counts.setdefault(article.published.year, [0, 0, 0])
        n[0] += 1
        n[1] += len(article.claims)
        n[2] += len(article.reports)
    return tuple(DataYear(year, *n) for year, n in sorted(counts.items()))


def _templates_stamp() -> tuple:
    """The templates' files as they are now (name, size, time): a page kept from an earlier
    render is only reused while its template is the same."""
    folder = Path(__file__).parent / "templates"
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir()))


def _format_fields() -> dict[str, tuple[Field, ...]]:
    return {name: fields for name, fields in RECORDS.items()}
