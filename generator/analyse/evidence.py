"""The records a judgement rests on, in one order: claims (speakers' words) and outlet reports.

Every rule of the analysis walks evidence in the order it happened: by the day it is placed at
(the day said; an undated remark at its publication day, the latest it can have been said),
then by publication, then by article and id. The order never depends on the order of claims
in a file or of files on disk, so shuffling either changes no judgement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.model import Actor, Article, Claim, Corpus, Report, Side

Item = Claim | Report
"""One piece of evidence: a claim or an outlet report (both have on, precision, positions, event)."""

# Stances with an outlook, from worst to best; neutral claims have none.
STANCE_RANK = {"pessimistic": 0, "cautious": 1, "optimistic": 2}


def chronological(corpus: Corpus) -> Callable[[Item], int]:
    """A sort key putting claims and reports in the order they happened. Ranked once for the
    whole corpus by object identity: claims are compared hundreds of thousands of times in a
    year's analysis, and a tuple key built each time was a fifth of it."""
    published = {a.key: a.published for a in corpus.articles}
    items: list[Item] = [*corpus.claims, *corpus.reports]
    # Within an article and a day, an outlet's account first, then a speaker's account of another
    # side, then the side's own words: of statements made the same day, the last is the one the
    # ledger dates, links and attributes a position by, and a side's own words say best whose it is.
    # Lists read the same order (Who said what, the day's events); an article's records of one
    # day are in no known order among themselves, so none is lost by it.
    ranked = sorted(items, key=lambda item: (item.on, published[item.article], item.article,
                                             _voice_rank(item), item.id))
    rank = {id(item): r for r, item in enumerate(ranked)}
    return lambda item: rank[id(item)]


def _voice_rank(item: Item) -> int:
    """0 for an outlet's own account, 1 for a speaker's account of another side, 2 for the rest."""
    if isinstance(item, Report):
        return 0
    return 1 if item.about is not None else 2


PRECISION_ORDER = {"exact": 0, "inferred": 1, "before-publication": 2}
"""Precisions of a day, most precise first: of records of one day, the best-dated one is shown."""


def dated(item: Item) -> bool:
    """Whether the source (or the analyst, from outside it) gives the item a day; an undated
    remark says nothing about when a side's outlook moved."""
    return item.precision != "before-publication"


def outlet_account(report: Report) -> str:
    """ "the outlet's account", and whom the outlet cites for it when it says ("…, citing Israel's
    public broadcaster"): a report is the outlet's, but readers weigh it by its source."""
    return "the outlet's account" + (f", citing {report.via}" if report.via else "")


# Leading words of a local unnamed source's name that read lower-case inside a sentence ("as a
# senior Israeli official … tell it"); a name starting otherwise (a nationality, a body) is kept.
_LOWER_IN_SENTENCE = ("A ", "An ", "The ", "Sources ")


def unnamed_sources(actor: Actor) -> str:
    """Who unnamed sources are, for "as … tell it": "unnamed sources on the Israel side" when
    their side is known; the article's own description of them when they are local to it and of
    no one side ("a senior Israeli official and a source familiar with the details (cited
    together by Axios)": whose account it is matters most when it is the other side's);
    else "unnamed sources"."""
    if actor.side is not None:
        return f"unnamed sources on the {actor.side.name} side"
    if actor.article is not None:
        name = actor.name
        return name[0].lower() + name[1:] if name.startswith(_LOWER_IN_SENTENCE) else name
    return "unnamed sources"


def outlets_of(items: Iterable[Item], article_of: Callable[[str], Article]) -> tuple[str, ...]:
    """The outlets the items were published by, as readers see them, sorted."""
    return tuple(sorted({article_of(item.article).credit for item in items}))


def sides_of(items: Iterable[Item]) -> tuple[Side, ...]:
    """The sides the items involve: the side a claim speaks for or a report is about, and the
    sides of the events they record, in order of first mention."""
    found: dict[str, Side] = {}
    for item in items:
        side = item.actor.side if isinstance(item, Claim) else item.holder
        for each in ((side,) if side else ()) + (item.event.sides if item.event else ()):
            found.setdefault(each.id, each)
    return tuple(found.values())


@dataclass(frozen=True)
class Basis:
    """How much a judgement rests on: its items, and the outlets and sides they come from."""

    items: tuple[Item, ...]
    outlets: tuple[str, ...]
    sides: tuple[Side, ...]

    @property
    def level(self) -> str:
        """high: two outlets or more; medium: one outlet, two items or more; low: one item."""
        if len(self.outlets) >= 2:
            return "high"
        return "medium" if len(self.items) >= 2 else "low"


def basis(items: Iterable[Item], article_of: Callable[[str], Article]) -> Basis:
    items = tuple(dict.fromkeys(items))
    return Basis(items, outlets_of(items, article_of), sides_of(items))
