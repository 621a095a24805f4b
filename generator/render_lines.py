"""Compact listings: a claim or an outlet's report as one linked line, for the pages that list
what others said (a day's briefing, an actor's, a topic's and a side's pages and their archives).

A claim is written out in full once, on its article's page, where its permalink points; every
other page lists it as one line (its stance, the start of its words, where it was published)
linking there. Readers asked for less repetition, and a decade of claims repeated in full on
four or five pages would not fit in GitHub Pages' 1 GB (see the Scaling page).

Written in Python, as `claim_block` is: a year lists each claim on three or four pages. Every
value from YAML goes through `html_text` (escaped, line breaks as references).
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from generator.model import Actor, Article, Claim, Report

EXCERPT_CHARS = 80
"""The start of a claim's words shown on a line (about one line of text on a wide screen); the
rest is one click away."""


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of `text`, cut at a word boundary, with "…" when anything is left out."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[:limit + 1].rsplit(" ", 1)[0] if " " in words[:limit + 1] else words[:limit]
    return cut.rstrip(" ,;:.…—-") + "…"


def line_functions(html_text: Callable[[object], Markup], short_date: Callable, day_as_known: Callable,
                   article_path: Callable[[str], str], actor_path: Callable[[Actor], str | None],
                   caveat_anchor: Callable[..., str]) -> dict[str, Callable]:
    """The Jinja globals `claim_line` and `report_line`, made with the render's own escaping,
    date formats (`day_as_known(day, precision)`: "on or before 6 Jul 2025", "25 Jun 2025
    (inferred)"), paths and caveat anchors (generator/render.py passes them in)."""
    t = html_text

    def caveats(item: Claim | Report, article: Article, link, on_day: bool) -> list[str]:
        """A link to each caveat qualifying the item: to the day's list of caveats on a briefing
        (`on_day`), else to the article's page. A line is short, but a qualified claim says so."""
        marks = []
        for number, caveat in enumerate(article.caveats, 1):
            if item.id in caveat.claims:
                href = f"#{caveat_anchor(number, article)}" if on_day else link(article_path(article.key),
                                                                                  caveat_anchor(number))
                marks.append(f'<a class="parley-caveat-mark parley-caveat--{t(caveat.kind)}" href="{t(href)}">'
                             f'caveat {number}: {t(caveat.kind.replace("-", " "))}</a>')
        return marks

    def where(article: Article, item_day, precision: str, show_article: bool, day, verb: str = "said") -> list[str]:
        """The outlet (and its day, off that day's page) and when the words were said, as
        precisely as the record knows it: a day worked out from outside the text says so, and an
        undated remark is "said on or before" its publication day, not shown as said on it. A
        day given by the text and the same as the publication's is left out, and so is an
        undated one for what no one is named as saying (`verb` ""; an outlet's report, words
        attributed to no one): the outlet's day says it; another day reads "on DAY"."""
        parts = []
        if show_article:
            parts.append(str(t(article.credit)) if article.published == day else
                         f"{t(article.credit)}, {t(short_date(article.published))}")
        # An undated day is shown only when someone is said to have said it: for an outlet's
        # report, or words no one is named for, the outlet's own day says it.
        shown = precision != "before-publication" or verb
        if shown and not (precision == "exact" and item_day == article.published):
            parts.append(f"{verb or 'on'} {t(day_as_known(item_day, precision))}")
        return parts

    @jinja2.pass_context
    def claim_line(context, claim: Claim, article: Article, show_actor: bool = False, show_article: bool = True,
                   day=None) -> Markup:
        """One claim as a list item: stance, the start of its words linked to its full text on its
        article's page, and what a reader needs to weigh it (sourcing other than on the record,
        an attribution not counted, a day said other than the day published). On the page of
        `day`, the articles of that day are named without their date."""
        link = context["link"]
        stance = claim.stance
        words = t(excerpt(claim.text))
        text = f"“{words}”" if claim.form == "quote" else str(words)
        # The stance's symbol and word are drawn by the stylesheet from the item's class (parley.css,
        # `.parley-lines > .s-…::before`): written out, with their own element, they were a fifth of
        # every line, and a decade lists some 1.1 million lines. Generated text is read out by
        # screen readers as the page's own.
        out = [f'<li class="f-{t(claim.form)} s-{t(stance)}">']
        if show_actor:
            page = actor_path(claim.actor)
            name = t(claim.actor.name)
            out.append((f'<a href="{t(link(page))}">{name}</a>' if page else str(name)) + ": ")
        out.append(f'<a href="{t(link(article_path(article.key), claim.anchor))}">{text}</a>')
        meta = where(article, claim.said_on, claim.said_on_precision, show_article, day,
                     verb="said" if claim.voiced else "")
        if claim.form == "partial-quote":
            meta.append("partial quote")
        if claim.wording and claim.wording != "verbatim":
            meta.append(t(claim.wording.replace("-", " ")))
        if claim.sourcing != "on-record":
            meta.append(t(claim.sourcing.replace("-", " ")))
        if not claim.counted:
            meta.append(f"attribution {t(claim.attribution)}, not counted")
        meta += caveats(claim, article, link, day is not None)
        if meta:
            out.append(f' <small>{" · ".join(meta)}</small>')
        out.append("</li>")
        # Safe to mark: every value above went through html_text.
        return Markup("".join(out))

    @jinja2.pass_context
    def report_line(context, report: Report, article: Article, show_article: bool = True, day=None) -> Markup:
        """An outlet's own account as a list item, never shown as a speaker's words."""
        link = context["link"]
        words = t(excerpt(report.text))
        text = f"“{words}”" if report.form == "quote" else str(words)
        out = [f'<li class="parley-line--report"><span>outlet\'s account</span> '
               f'<a href="{t(link(article_path(article.key), report.anchor))}">{text}</a>']
        meta = [f"about {t(report.about.name)}"] if report.about is not None else []
        meta += where(article, report.date, report.date_precision, show_article, day, verb="")
        if report.stance:
            meta.append(f"outlet's outlook: {t(report.stance)}")
        meta += caveats(report, article, link, day is not None)
        out.append(f' <small>{" · ".join(meta)}</small></li>')
        # Safe to mark: every value above went through html_text.
        return Markup("".join(out))

    return {"claim_line": claim_line, "report_line": report_line}
