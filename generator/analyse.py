"""Stage 4: the corpus → daily briefings: what each day's articles say, grouped for reading.

All computation the pages need happens here (grouping, ordering, counts), so
templates only lay out. The whole corpus is analysed before anything is rendered.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from generator.model import Actor, Article, Caveat, Claim, Corpus, Side

# Parties first, then mediators, then everyone else; unknown sides last.
SIDE_ROLE_ORDER = {"party": 0, "mediator": 1, "other": 2}


@dataclass(frozen=True)
class ActorClaims:
    actor: Actor
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class SideClaims:
    side: Side | None
    """None: the sources do not say which side these speakers are on."""
    actors: tuple[ActorClaims, ...]

    @property
    def claim_count(self) -> int:
        return sum(len(a.claims) for a in self.actors)


@dataclass(frozen=True)
class Day:
    date: dt.date
    articles: tuple[Article, ...]
    sides: tuple[SideClaims, ...]
    caveats: tuple[tuple[Article, Caveat], ...]
    previous: dt.date | None
    next: dt.date | None
    claim_count: int
    outlets: tuple[str, ...]
    stance_counts: tuple[tuple[str, int], ...]
    """(stance, count) in vocabulary order, only stances that occur."""
    sourcing_counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Briefings:
    corpus: Corpus
    days: tuple[Day, ...]
    """Oldest first."""

    @property
    def latest(self) -> Day | None:
        return self.days[-1] if self.days else None

    def day(self, date: dt.date) -> Day | None:
        return next((d for d in self.days if d.date == date), None)


def group_by_side(claims: list[Claim], sides_order: tuple[Side, ...]) -> tuple[SideClaims, ...]:
    """Claims → sides (parties, mediators, others, unknown) → actors in order of first appearance."""
    position = {s.id: i for i, s in enumerate(sides_order)}
    by_side: dict[str | None, dict[str, list[Claim]]] = {}
    actors: dict[str, Actor] = {}
    sides: dict[str | None, Side | None] = {}
    for claim in claims:
        side = claim.actor.side
        sid = side.id if side else None
        sides[sid] = side
        actors[claim.actor.key] = claim.actor
        by_side.setdefault(sid, {}).setdefault(claim.actor.key, []).append(claim)

    def order(sid: str | None):
        side = sides[sid]
        if side is None:
            return (len(SIDE_ROLE_ORDER), 0)
        return (SIDE_ROLE_ORDER.get(side.role, len(SIDE_ROLE_ORDER)), position.get(side.id, 0))

    return tuple(
        SideClaims(sides[sid], tuple(ActorClaims(actors[key], tuple(cs)) for key, cs in by_side[sid].items()))
        for sid in sorted(by_side, key=order)
    )


def _counts(values, vocabulary_order) -> tuple[tuple[str, int], ...]:
    counter = Counter(values)
    return tuple((v, counter[v]) for v in vocabulary_order if counter[v])


def analyse(corpus: Corpus) -> Briefings:
    from generator.schema import VOCABULARIES

    by_date: dict[dt.date, list[Article]] = {}
    for article in corpus.articles:
        by_date.setdefault(article.published, []).append(article)
    dates = sorted(by_date)
    days = []
    for i, date in enumerate(dates):
        articles = tuple(by_date[date])
        claims = [c for a in articles for c in a.claims]
        days.append(Day(
            date=date,
            articles=articles,
            sides=group_by_side(claims, corpus.sides),
            caveats=tuple((a, c) for a in articles for c in a.caveats),
            previous=dates[i - 1] if i else None,
            next=dates[i + 1] if i + 1 < len(dates) else None,
            claim_count=len(claims),
            outlets=tuple(sorted({a.outlet for a in articles})),
            stance_counts=_counts((c.stance for c in claims), VOCABULARIES["stance"]),
            sourcing_counts=_counts((c.sourcing for c in claims), VOCABULARIES["sourcing"]),
        ))
    return Briefings(corpus, tuple(days))
