"""The issue ledger: where each side stands on each topic, as of a day, and since when.

A position stands until the same side states another on that topic: it is never dropped for
silence. It ages visibly, and past the stale horizon it is marked stale. Positions come from
claims counted as their speaker's (attribution as reported) and from the outlets' own reports,
each with its evidence; a party's column holds its latest position, a mediator's its latest
proposal (mediators only offer). Sticking points and common ground are read off the ledger.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.analyse.evidence import Item, outlet_account, unnamed_sources
from generator.model import Side, Topic
from generator.schema import VOCABULARIES

DEFAULT_STALE_DAYS = 30
"""A position last stated longer ago than this is marked stale (it still stands)."""

POSITION_ORDER = tuple(VOCABULARIES["position"])
# How far a position goes towards a deal: a party moving up this scale moves towards one.
# How far a side is for a thing: against it, for it on terms (an offer is a concession on the
# offerer's terms, as a conditional acceptance is), or for it outright. A move between these
# levels is a move towards or away from a deal; demanding and accepting are both "for".
FLEXIBILITY = {"rejects": 0, "offers": 1, "accepts-with-conditions": 1, "demands": 2, "accepts": 2}

# Statuses an issue still open to negotiation can have, from furthest from a deal to closest: a
# move up this scale is a move towards a deal (the trend), and these are the open issues the
# state of the talks names.
UNSETTLED = ("open", "conditional", "converging")
STATUS_RANK = {"open": 0, "conditional": 1, "converging": 2, "agreed": 3}

# Positions that come with terms: an offer (a concession on the offerer's terms) and a conditional acceptance.
CONDITIONAL = {"offers", "accepts-with-conditions"}

STATUSES = {
    "open": "a sticking point: a party rejects what another demands, offers or accepts",
    "conditional": "unsettled terms: no party rejects it, but one offers it (an offer is a side's terms) or accepts it on conditions",
    "converging": "one party demands what the other accepts (or both demand it): not yet accepted by all",
    "agreed": "common ground: every party accepts it, or an agreement between them covers it",
    "off-the-table": "every party that stated a position rejects it",
    "one-sided": "only one party has stated a position",
    "proposed": "only a mediator has put it on the table",
}


@dataclass(frozen=True)
class Stand:
    """One side's latest known position on one topic, as of a day."""

    side: Side
    topic: Topic
    positions: tuple[str, ...]
    """The positions stated at the latest statement (two when a side said two things that day)."""
    evidence: tuple[Item, ...]
    """The items that state the current position(s) at its latest statement."""
    since: Item
    """The first item of the unbroken run of the same position: "since 25 Jun"."""
    age: int
    """Days from the latest statement to the day of the ledger."""
    stale: bool

    @property
    def last(self) -> Item:
        return self.evidence[-1]

    @property
    def by_outlet(self) -> bool:
        """Whether the position rests only on the outlets' own accounts."""
        return all(not hasattr(item, "actor") for item in self.evidence)

    @property
    def own(self) -> bool:
        """Whether the side stated the position in its own words (one of its voices), rather than
        another side, a mediator's announcement or an outlet describing it."""
        return any(own_words(item, self.side) for item in self.evidence)

    @property
    def account(self) -> str:
        """Whose account the position rests on when not the side's own words, for readers:
        "the outlet's account", "by Donald Trump's account", "as announced by Majed Al Ansari". It
        is the latest statement's, which the position is dated and linked by: the side's own words
        in an earlier or an outranked record back it, shown beside it."""
        item = self.last
        if own_words(item, self.side):
            return ""
        if not hasattr(item, "actor"):
            return outlet_account(item)
        actor = item.actor
        who = actor.name if actor.kind != "unnamed-source" else unnamed_sources(actor)
        if item.event is not None and item.event.type == "agreement-reached" and not item.positions:
            return f"as announced by {who}"
        return f"as {who} tell it" if actor.kind == "unnamed-source" else f"as {who} tells it"

    @property
    def undated(self) -> bool:
        """Whether the latest statement is a remark the source does not date (its age is a minimum)."""
        return all(getattr(item, "precision", "") == "before-publication" and hasattr(item, "actor")
                   for item in self.evidence)

    @property
    def unnamed(self) -> bool:
        """Whether the latest statement, which the position is linked and attributed by, comes
        from unnamed sources (20 August: an anonymous official's, though Netanyahu's undated
        remark backs it)."""
        return getattr(self.last, "sourcing", "") == "unnamed-source"

    @property
    def run_is_latest(self) -> bool:
        """Whether the run of the same position began with the latest statement itself."""
        return self.since in self.evidence

    @property
    def linked(self) -> tuple[Item, ...]:
        """The evidence as a reader follows it: the latest statement first, which the position is
        linked by, then the records backing it, numbered beside it."""
        return (self.last, *self.evidence[:-1])

    @property
    def source(self) -> str:
        """Whose the latest statement is, when a reader needs telling: its account ("the
        outlet's account", "as Donald Trump tells it") or, a side's own unnamed voices, "unnamed
        sources"; "" for the side's own named words."""
        return self.account or ("unnamed sources" if self.unnamed else "")

    @property
    def undated_today(self) -> bool:
        """A remark its source does not date, reported on the ledger's day and the latest that
        stands: it may be older than that day (Netanyahu's "recently stated", 20 August). On
        later days its age, "at least", says as much."""
        return self.undated and not self.age

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes beside a position, as the state line and the ledger give them: whose the
        latest statement is ("latest statement: …" when the run began earlier, perhaps in the
        side's own words), and "undated remark". Staleness is drawn apart."""
        source = self.source
        if source and not self.run_is_latest:
            source = "latest statement: " + source
        return tuple(note for note in (source, "undated remark" if self.undated_today else "") if note)

    @property
    def flexibility(self) -> float:
        return min(FLEXIBILITY[p] for p in self.positions)


@dataclass(frozen=True)
class LedgerRow:
    topic: Topic
    stands: tuple[Stand, ...]
    """Parties' stands, in the registry's order of sides."""
    proposals: tuple[Stand, ...]
    """Mediators' offers."""
    status: str

    def stand_of(self, side_id: str) -> Stand | None:
        """A side's stand: a party's position, or a mediator's proposal."""
        return next((s for s in (*self.stands, *self.proposals) if s.side.id == side_id), None)


@dataclass(frozen=True)
class Ledger:
    date: dt.date | None
    rows: tuple[LedgerRow, ...]
    """Topics with at least one stand, open ones first, then by the registry's order of topics."""
    parties: tuple[Side, ...]
    """The columns: every party side of the registry."""
    mediators: tuple[Side, ...]
    stale_days: int = DEFAULT_STALE_DAYS

    def row(self, topic_id: str) -> LedgerRow | None:
        return next((r for r in self.rows if r.topic.id == topic_id), None)

    def with_status(self, *statuses: str) -> tuple[LedgerRow, ...]:
        return tuple(r for r in self.rows if r.status in statuses)

    def stands_of(self, side_id: str) -> tuple[tuple[LedgerRow, Stand], ...]:
        """The rows where a side has a stand (a party's position, a mediator's proposal), with it."""
        return tuple((row, stand) for row in self.rows if (stand := row.stand_of(side_id)))


def status_of(stands: tuple[Stand, ...], proposals: tuple[Stand, ...]) -> str:
    """The rule of the Method page ("The issue ledger"): from the parties' latest positions."""
    if not stands:
        return "proposed"
    if len(stands) == 1:
        return "one-sided"
    sets = [set(s.positions) for s in stands]
    if any("rejects" in p for p in sets):
        return "open" if any(p - {"rejects"} for p in sets) else "off-the-table"
    if any(p & CONDITIONAL for p in sets):
        return "conditional"  # the gap is in the terms
    if all(p <= {"accepts"} for p in sets):
        return "agreed"
    return "converging"  # one demands what the other accepts (or both demand it): not yet agreed by both


def _undated_claim(item: Item) -> bool:
    return hasattr(item, "actor") and item.precision == "before-publication"


def own_words(item: Item, side: Side) -> bool:
    """A claim by one of the side's voices stating its own position (not `about` another)."""
    return hasattr(item, "actor") and item.actor.side is not None and item.actor.side.id == side.id \
        and (item.about is None or item.holder is not None and item.holder.id == side.id) and bool(item.positions)


def _published(item: Item) -> str:
    return item.article[:10]  # article keys start with their publication date


def holds(side: Side, positions: Iterable[str]) -> tuple[str, ...]:
    """The positions a side's role lets it hold on the ledger (a mediator's column: offers)."""
    return tuple(p for p in positions if side.role == "party" or p == "offers")


def agreement_parties(item: Item) -> tuple[Side, ...]:
    """The parties to an agreement the item announces (counted as accepting the issues among
    its topics); none when it announces no agreement or its attribution is unclear."""
    event = item.event
    if not item.counted or event is None or event.type != "agreement-reached":
        return ()
    return tuple(s for s in event.sides if s.role == "party")


def statements(item: Item) -> list[tuple[Topic, Side, tuple[str, ...]]]:
    """(topic, side, positions) an item puts on the ledger: the positions it states for the side it
    speaks for or is about; and an agreement it announces, as each party to it accepting the issues
    the announcement names (its issue topics)."""
    side = item.holder
    out: dict[tuple[str, str], tuple[Topic, Side, list[str]]] = {}
    if item.counted and side is not None and side.role in ("party", "mediator"):
        for topic, position in item.positions:
            if topic.kind == "issue" and holds(side, (position,)):
                out.setdefault((topic.id, side.id), (topic, side, []))[2].append(position)
    for party in agreement_parties(item):
        for topic in item.topics:
            if topic.kind == "issue":
                entry = out.setdefault((topic.id, party.id), (topic, party, []))
                if "accepts" not in entry[2]:
                    entry[2].append("accepts")
    return [(topic, side, tuple(p for p in POSITION_ORDER if p in positions))
            for topic, side, positions in out.values()]


class _Statements:
    """One (topic, side) pair's statements that the ledger's rule can still read, in chronological
    order, with the start of each run of equal positions kept up to date as they are filed.

    A remark its source does not date never outranks a dated statement reported with it or later
    (it may be older than it: it is placed at its publication day only for want of a day), so it
    is dropped as soon as such a statement is filed, for good. The summary then reads only the
    latest day and the run before it: a decade of the same demand is not walked again each day.
    """

    __slots__ = ("items", "positions", "latest_dated", "outranked", "every", "every_sets", "run_start")

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.positions: list[tuple[str, ...]] = []
        self.every: list[Item] = []
        """Every statement filed, the outranked undated remarks too, in chronological order: a
        remark that may be older still breaks a run if it said something else (Israel's conditional
        acceptance of 20 August between Trump's account of 1 July and the agreement of 9 October)."""
        self.every_sets: list[frozenset[str]] = []
        self.run_start: list[Item] = []
        """The first item of the unbroken run of the same positions that ends at each of `every`."""
        self.latest_dated = ""
        """The latest publication day of a dated statement (ISO), "" before any."""
        self.outranked: list[tuple[Item, tuple[str, ...]]] = []
        """The undated remarks outranked, in chronological order: one reported on the latest day,
        saying the same thing, still backs the position."""

    def file(self, item: Item, positions: tuple[str, ...], key: Callable[[Item], int]) -> None:
        at = bisect.bisect_right(self.every, key(item), key=key)
        self.every.insert(at, item)
        self.every_sets.insert(at, frozenset(positions))
        self.run_start.insert(at, item)
        for j in range(at, len(self.every)):  # filed by day: `at` is at or near the end
            same = j > 0 and self.every_sets[j - 1] == self.every_sets[j]
            self.run_start[j] = self.run_start[j - 1] if same else self.every[j]
        published = _published(item)
        if _undated_claim(item):
            if published <= self.latest_dated:
                bisect.insort(self.outranked, (item, positions), key=lambda e: key(e[0]))
                return
        elif published > self.latest_dated:
            # Undated remarks published by then are outranked. Those still here were published
            # after the previous latest dated statement and are placed at their publication day,
            # so they are at the end: walk back only over what was placed after it.
            j = len(self.items) - 1
            while j >= 0 and (not self.latest_dated or self.items[j].on.isoformat() > self.latest_dated):
                if _undated_claim(self.items[j]) and _published(self.items[j]) <= published:
                    bisect.insort(self.outranked, (self.items[j], self.positions[j]), key=lambda e: key(e[0]))
                    for column in (self.items, self.positions):
                        del column[j]
                j -= 1
            self.latest_dated = published
        at = bisect.bisect_right(self.items, key(item), key=key)
        self.items.insert(at, item)
        self.positions.insert(at, positions)

    def summary(self) -> tuple[tuple[str, ...], tuple[Item, ...], Item]:
        """(positions, evidence, since): the latest statement is every item placed on the latest
        day (all of them, whatever the order they were filed in: two things said the same day both
        stand), and it stands since the first item of the run of the same positions before it. An
        outranked undated remark saying the same thing, reported that day, still backs it (Hamas
        confirming the agreement the mediators announced)."""
        items = self.items
        latest_day = items[-1].on
        first = bisect.bisect_left(items, latest_day, key=lambda i: i.on)
        positions = tuple(p for p in POSITION_ORDER if any(p in stated for stated in self.positions[first:]))
        since = items[first]
        # The run is walked back over every statement before it, the outranked undated ones too.
        before = bisect.bisect_left(self.every, since.on, key=lambda i: i.on)
        before = next(j for j in range(before, len(self.every)) if self.every[j] is since)
        if before and self.every_sets[before - 1] == frozenset(positions):
            since = self.run_start[before - 1]
        recent = self.outranked[bisect.bisect_left(self.outranked, latest_day, key=lambda e: e[0].on):]
        backing = tuple(i for i, stated in recent if set(stated) <= set(positions))
        # The backing remarks come first: the evidence's last item is the latest statement that
        # stands, which the position's age, link and account are read from (an outranked remark,
        # undated, cannot date it).
        return positions, backing + tuple(items[first:]), since


class LedgerBook:
    """Every stated position, filed by topic and side as the days are walked in order; gives the
    ledger as of a day. Only the (topic, side) pairs stated on a day are worked out again."""

    def __init__(self, topics: tuple[Topic, ...], sides: tuple[Side, ...], chronological: Callable[[Item], int],
                 stale_days: int = DEFAULT_STALE_DAYS):
        self.topics = tuple(t for t in topics if t.kind == "issue")  # process and context: no positions
        self.parties = tuple(s for s in sides if s.role == "party")
        self.mediators = tuple(s for s in sides if s.role == "mediator")
        self.key = chronological
        self.stale_days = stale_days
        self.filed: dict[tuple[str, str], _Statements] = {}
        """(topic id, side id) → the statements the ledger can still read, in chronological order."""
        self.summaries: dict[tuple[str, str], tuple] = {}
        self._topic = {t.id: t for t in topics}
        self._side = {s.id: s for s in sides}

    def add(self, items: Iterable[Item]) -> set[tuple[str, str]]:
        """File the day's items; returns the (topic, side) pairs that got a statement."""
        touched = set()
        for item in items:
            for topic, side, positions in statements(item):
                pair = (topic.id, side.id)
                self.filed.setdefault(pair, _Statements()).file(item, positions, self.key)
                touched.add(pair)
        return touched

    def _summary(self, pair: tuple[str, str]) -> tuple[tuple[str, ...], tuple[Item, ...], Item]:
        """(positions, evidence, since) of a pair: worked out when it changes."""
        return self.filed[pair].summary()

    def add_and_summarise(self, items: Iterable[Item]) -> set[tuple[str, str]]:
        touched = self.add(items)
        for pair in touched:
            self.summaries[pair] = self._summary(pair)
        return touched

    def stand(self, topic_id: str, side_id: str, date: dt.date) -> Stand | None:
        summary = self.summaries.get((topic_id, side_id))
        if summary is None:
            return None
        positions, evidence, since = summary
        age = max(0, (date - evidence[-1].on).days)
        return Stand(self._side[side_id], self._topic[topic_id], positions, evidence, since, age,
                     age > self.stale_days)

    def ledger(self, date: dt.date) -> Ledger:
        rows = []
        for topic in self.topics:
            stands = tuple(s for s in (self.stand(topic.id, side.id, date) for side in self.parties) if s)
            proposals = tuple(s for s in (self.stand(topic.id, side.id, date) for side in self.mediators) if s)
            if stands or proposals:
                rows.append(LedgerRow(topic, stands, proposals, status_of(stands, proposals)))
        order = {status: i for i, status in enumerate(STATUSES)}
        rows.sort(key=lambda r: order[r.status])  # stable: the registry's topic order within a status
        return Ledger(date, tuple(rows), self.parties, self.mediators, self.stale_days)
