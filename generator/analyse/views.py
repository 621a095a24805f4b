"""The views that follow one actor, topic or side through the whole record.

An actor's stance on a day comes from all their claims said that day (never from their order in
a file): one outlook when they agree, none when they point different ways (then flagged). Only
claims counted as the actor's (attribution as reported) and dated by their source are compared
across days; a quote carried by several outlets is listed once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.analyse.evidence import PRECISION_ORDER, STANCE_RANK, Item, dated
from generator.analyse.ledger import agreement_parties
from generator.analyse.sourcing import SIDE_ROLE_ORDER
from generator.model import Actor, Claim, Corpus, Report, Side, Topic

# Quotes shorter than this (after normalising) are too common to match across outlets.
MIN_ECHO_WORDS = 4


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


def side_order(side: Side | None, position: dict[str, int]) -> tuple[int, int]:
    if side is None:
        return (len(SIDE_ROLE_ORDER), 0)
    return (SIDE_ROLE_ORDER.get(side.role, len(SIDE_ROLE_ORDER)), position.get(side.id, 0))


def group_by_side(claims, sides_order: tuple[Side, ...]) -> tuple[SideClaims, ...]:
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
    return tuple(
        SideClaims(sides[sid], tuple(ActorClaims(actors[key], tuple(cs)) for key, cs in by_side[sid].items()))
        for sid in sorted(by_side, key=lambda s: side_order(sides[s], position))
    )


@dataclass(frozen=True)
class StanceShift:
    actor: Actor
    before: Claim
    after: Claim

    @property
    def direction(self) -> str:
        return "up" if STANCE_RANK[self.after.stance] > STANCE_RANK[self.before.stance] else "down"


@dataclass(frozen=True)
class StripCell:
    date: dt.date
    stance: str
    claim: Claim


@dataclass(frozen=True)
class Contradiction:
    """Two claims of one actor, said the same (source-given) day, pointing different ways."""

    date: dt.date
    first: Claim
    second: Claim


def day_outlooks(claims: list[Claim]) -> dict[dt.date, list[Claim]]:
    """Day → the actor's dated, counted claims with an outlook said that day (chronological)."""
    by_day: dict[dt.date, list[Claim]] = {}
    for claim in claims:
        if claim.stance in STANCE_RANK and claim.counted and dated(claim):
            by_day.setdefault(claim.on, []).append(claim)
    return by_day


def day_outlook(claims: list[Claim]) -> Claim | None:
    """The claim that stands for the actor's outlook on a day: when all that day's claims share
    one stance, the last of them; when they point different ways, none (the day is flagged)."""
    return claims[-1] if len({c.stance for c in claims}) == 1 else None


def shifts(claims: list[Claim]) -> list[StanceShift]:
    """Changes of outlook between consecutive days the actor was heard on; a day on which they
    pointed different ways has no outlook, so it starts or ends no shift."""
    days = [day_outlook(cs) for _, cs in sorted(day_outlooks(claims).items())]
    return [StanceShift(after.actor, before, after) for before, after in zip(days, days[1:])
            if before is not None and after is not None and before.stance != after.stance]


def _apart(a: Claim, b: Claim) -> bool:
    """Whether two claims are known to come from different occasions: relayed by different
    outlets (or, unrelayed, reported by different articles), or given venues that differ. A
    venue one record leaves out is not a different venue (Trump's warning and his "beyond very
    close", 29 September, both from the one news conference the article reports)."""
    if (a.via or "") != (b.via or "") or (not a.via and a.article != b.article):
        return True
    return bool(a.venue and b.venue and a.venue != b.venue)


def contradictions(claims: list[Claim]) -> list[Contradiction]:
    """Same actor, same source-given day, different outlook, given to different outlets or in
    different venues (a hedge inside one interview is not a contradiction)."""
    found = []
    for date, day in sorted(day_outlooks(claims).items()):
        pair = next(((a, b) for i, a in enumerate(day) for b in day[i + 1:]
                     if a.stance != b.stance and _apart(a, b)), None)
        if pair:
            found.append(Contradiction(date, *pair))
    return found


class _NoPunctuation(dict):
    """A `str.translate` table that deletes punctuation (Unicode categories P*), filled in as
    characters are met: a table lookup per character instead of a call to `unicodedata`."""

    def __missing__(self, code: int):
        value = None if unicodedata.category(chr(code)).startswith("P") else code
        self[code] = value
        return value


_NO_PUNCTUATION = _NoPunctuation()


def normalise_quote(text: str) -> str:
    """Equal quotes across outlets: case, punctuation and whitespace ignored."""
    return " ".join(text.casefold().translate(_NO_PUNCTUATION).split())


@dataclass(frozen=True)
class SharedQuote:
    """One speaker's quote carried by several articles (each carrier's claim says it once).

    Held once for the whole group and shared by its claims, so that a remark carried by
    thousands of outlets costs memory in proportion to them, not to their square."""

    key: str
    """Stable name for the quote's page: the speaker's id and a digest of the speaker and the words."""
    claims: tuple[Claim, ...]
    """Every claim carrying it, by article (the article keys start with their dates)."""
    in_article: dict[str, int] = field(compare=False, repr=False)
    """Article key → how many of `claims` are in it."""

    def others(self, article: str, limit: int) -> tuple[tuple[Claim, ...], int]:
        """The first `limit` carriers in other articles than `article`, and how many more there are."""
        shown = []
        for other in self.claims:
            if len(shown) == limit:
                break
            if other.article != article:
                shown.append(other)
        total = len(self.claims) - self.in_article.get(article, 0)
        return tuple(shown), total - len(shown)

    def listed_in_full(self, limit: int) -> bool:
        """Whether every claim's list of other carriers fits in `limit` (else the quote has a page)."""
        return len(self.claims) - min(self.in_article.values()) <= limit


def echoes(claims) -> dict[tuple[str, str], SharedQuote]:
    """One speaker's quote carried by several articles: (article, claim id) → the SharedQuote.
    The same words from another speaker are another quote. Linear in the claims: every claim of
    a group points at the one group; claims are taken by article and id, never in a file's order."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.article, c.id)):
        if claim.form == "quote":
            words = normalise_quote(claim.text)
            if len(words.split()) >= MIN_ECHO_WORDS:
                groups.setdefault((claim.actor.key, words), []).append(claim)
    out: dict[tuple[str, str], SharedQuote] = {}
    for (speaker, words), group in groups.items():
        in_article = Counter(c.article for c in group)
        if len(in_article) < 2:
            continue
        digest = hashlib.blake2b(f"{speaker}\n{words}".encode("utf-8"), digest_size=5).hexdigest()
        quote = SharedQuote(f"{group[0].actor.id}-{digest}", tuple(group), dict(in_article))
        for claim in group:
            out[(claim.article, claim.id)] = quote
    return out


def distinct(claims, all_echoes) -> list[Claim]:
    """Claims with each quote carried by several articles kept once (the first reported)."""
    kept: list[Claim] = []
    first: dict[str, str] = {}  # quote key → the article it is listed from
    for claim in claims:
        quote = all_echoes.get((claim.article, claim.id))
        if quote is not None and first.setdefault(quote.key, claim.article) != claim.article:
            continue  # the same quote twice in one article is two claims; in another, the same one
        kept.append(claim)
    return kept


@dataclass(frozen=True)
class ActorView:
    actor: Actor
    claims: tuple[Claim, ...]
    """Newest first; a quote reported by several outlets is listed once."""
    strip: tuple[StripCell, ...]
    """Oldest first: the stance-over-time strip (claims counted as the actor's)."""
    shifts: tuple[StanceShift, ...]
    contradictions: tuple[Contradiction, ...]
    claim_count: int
    first_heard: Claim | None
    last_heard: Claim | None


def actor_views(corpus: Corpus, chronological: Callable[[Item], int], all_echoes) -> tuple[ActorView, ...]:
    claims_of: dict[str, list[Claim]] = {}
    for claim in corpus.claims:
        claims_of.setdefault(claim.actor.key, []).append(claim)
    views = []
    for actor in sorted(corpus.actors, key=lambda a: (a.name.casefold(), a.id)):
        claims = sorted(claims_of.get(actor.key, []), key=chronological)
        if not claims:
            continue
        listed = distinct(claims, all_echoes)  # a quote carried by several outlets is listed once
        views.append(ActorView(
            actor=actor,
            claims=tuple(reversed(listed)),
            strip=tuple(StripCell(c.said_on, c.stance, c) for c in listed if c.counted),
            shifts=tuple(shifts(listed)),
            contradictions=tuple(contradictions(listed)),
            claim_count=len(listed),
            first_heard=_heard(claims, first=True),
            last_heard=_heard(claims, first=False),
        ))
    return tuple(views)


def _heard(claims: list[Claim], first: bool) -> Claim:
    """The claim that dates when an actor was first (or last) heard: of the claims counted as
    theirs when there are any (an unclear attribution is not their voice), the earliest (or
    latest) day, and on that day the one dated most precisely (Netanyahu "said Monday" 29
    September, not a remark dated that day by inference)."""
    pool = [c for c in claims if c.counted] or claims
    day = pool[0].on if first else pool[-1].on
    return min((c for c in pool if c.on == day), key=lambda c: PRECISION_ORDER[c.precision])


@dataclass(frozen=True)
class PositionEntry:
    date: dt.date
    side: Side | None
    actor: Actor | None
    """The speaker; None for an outlet's report."""
    position: str
    claim: Item
    """The claim or report stating it."""
    by_agreement: bool = False
    """The position is a party's acceptance of an issue an agreement it announces names (the
    ledger's rule), not words of the party's own."""


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    by_side: tuple[SideClaims, ...]
    positions: tuple[PositionEntry, ...]
    """Oldest first: every position stated on the topic (the ledger over time)."""
    claim_count: int
    claims: tuple[Claim, ...] = ()
    """Oldest first (as reported); a quote reported by several outlets is listed once."""
    reports: tuple[Report, ...] = ()
    """The outlets' own accounts on the topic, oldest first."""
    ledger: tuple = ()
    """(day, LedgerRow): the topic's row of the issue ledger on each briefing day it changed."""


def topic_views(corpus: Corpus, chronological: Callable[[Item], int], all_echoes) -> tuple[TopicView, ...]:
    by_topic: dict[str, list[Claim]] = {t.id: [] for t in corpus.topics}
    # In the order said, never in the files' order; one pass, not one per topic.
    for claim in distinct(sorted(corpus.claims, key=chronological), all_echoes):
        for ident in dict.fromkeys(t.id for t in claim.topics):
            by_topic.setdefault(ident, []).append(claim)
    reports_of: dict[str, list[Report]] = {t.id: [] for t in corpus.topics}
    for report in sorted(corpus.reports, key=chronological):
        for ident in dict.fromkeys(t.id for t in report.topics):
            reports_of.setdefault(ident, []).append(report)
    views = []
    for topic in corpus.topics:
        claims = by_topic[topic.id]
        positions = []
        for item in sorted((*claims, *reports_of[topic.id]), key=chronological):
            if not item.counted:
                continue
            speaker = item.actor if isinstance(item, Claim) else None
            own = [p for t, p in item.positions if t == topic]
            positions += [PositionEntry(item.on, item.holder, speaker, p, item) for p in own]
            # An agreement announced counts as each party accepting the issues it names, on the
            # ledger: the table over time shows that acceptance too, or it would contradict the page.
            positions += [PositionEntry(item.on, party, speaker, "accepts", item, by_agreement=True)
                          for party in _agreement_parties(item, topic)
                          if not (party == item.holder and "accepts" in own)]
        views.append(TopicView(topic, group_by_side(claims, corpus.sides), tuple(positions), len(claims), tuple(claims),
                               tuple(reports_of[topic.id])))
    return tuple(views)


def _agreement_parties(item: Item, topic: Topic) -> tuple[Side, ...]:
    """The parties an agreement the item announces binds on `topic`, an issue it names."""
    return agreement_parties(item) if topic.kind == "issue" and topic in item.topics else ()


@dataclass(frozen=True)
class SideView:
    side: Side | None
    actors: tuple[tuple[Actor, int], ...]
    """Actors with their number of claims; registry actors first, then unnamed local ones."""
    reports: tuple[Report, ...] = ()
    """The outlets' own accounts about the side (or one of its actors), oldest first."""
    outlook: tuple[tuple[dt.date, tuple[tuple[str, int], ...]], ...] = ()
    """Day (published) → stance counts of the side's claims counted as its own: its outlook over time."""


def side_views(corpus: Corpus, chronological: Callable[[Item], int], all_echoes) -> tuple[SideView, ...]:
    from generator.analyse.sourcing import stance_counts

    listed = distinct(sorted(corpus.claims, key=chronological), all_echoes)
    counts = Counter(c.actor.key for c in listed)
    local = {c.actor.key: c.actor for c in listed if c.actor.article is not None}
    published = {a.key: a.published for a in corpus.articles}
    position = {s.id: i for i, s in enumerate(corpus.sides)}
    views = []
    for side in sorted(list(corpus.sides) + [None], key=lambda s: side_order(s, position)):
        sid = side.id if side else None
        registry = [(a, counts[a.key]) for a in corpus.actors if (a.side.id if a.side else None) == sid]
        unnamed = [(a, counts[a.key]) for a in local.values() if (a.side.id if a.side else None) == sid]
        if side is None and not registry and not unnamed:
            continue
        reports = tuple(r for r in sorted(corpus.reports, key=chronological)
                        if side is not None and r.holder is not None and r.holder.id == side.id)
        by_day: dict[dt.date, list[Claim]] = {}
        for claim in listed:
            if claim.counted and (claim.actor.side.id if claim.actor.side else None) == sid and side is not None:
                by_day.setdefault(published[claim.article], []).append(claim)
        outlook = tuple((day, stance_counts(cs)) for day, cs in sorted(by_day.items()))
        views.append(SideView(side, tuple(registry) + tuple(sorted(unnamed, key=lambda x: x[0].key)), reports,
                              outlook))
    return tuple(views)
