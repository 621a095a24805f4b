"""Stage 4: the corpus → briefings. Each day's state of the talks, its issue ledger, the process,
the trend with its reason, what changed and how well it is sourced; and the views that follow
an actor, a topic or a side over time.

Every judgement the site shows is made here, by the rules of the Method page (the manual's
method.md), each in its own module: `ledger`, `process`, `trend`, `changes`, `sourcing`, `state`,
`views`. The days are walked in order; the whole corpus is analysed before anything is rendered.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from generator.analyse.changes import Changes, sticking
from generator.analyse.evidence import STANCE_RANK, Item, chronological, dated
from generator.analyse.ledger import DEFAULT_STALE_DAYS, Ledger, LedgerBook, LedgerRow, own_words, statements
from generator.analyse.process import Process, ProcessBook
from generator.analyse.sourcing import STANCES, GroupTally, Sourcing, counts, sourcing, stance_counts
from generator.analyse.state import Sentence, said_sentence, state
from generator.analyse.trend import (PositionChange, Trend, considered, event_movements, judge,
                                     position_movements, status_movements, tone_movements)
from generator.analyse.views import (ActorView, SharedQuote, SideClaims, SideView, StanceShift, TopicView, actor_views,
                                     day_outlook, echoes, group_by_side, side_views, topic_views)
from generator.analyse.window import DEFAULT_WINDOW_DAYS
from generator.model import Article, Caveat, Claim, Corpus, DayNotes, Report

__all__ = ["ActorView", "Briefings", "Day", "DEFAULT_STALE_DAYS", "DEFAULT_WINDOW_DAYS", "SideView", "TopicView",
           "Trend", "analyse", "group_by_side", "stance_counts"]


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
    notes: DayNotes | None = None
    ledger: Ledger | None = None
    process: Process | None = None
    trend: Trend = Trend(None)
    state: tuple[Sentence, ...] = ()
    """The generated state of the talks, sentence by sentence."""
    said: Sentence = ()
    """What the mediators said of the talks today, each in their own words."""
    state_line: str = ""
    """The editor's `state` when given (it replaces the generated sentences), else empty."""
    changes: Changes = Changes()
    sourcing: Sourcing | None = None

    @property
    def state_by_editor(self) -> bool:
        return bool(self.state_line)

    @property
    def tallies(self) -> tuple[GroupTally, ...]:
        return self.sourcing.tallies if self.sourcing else ()

    @property
    def sticking_points(self) -> tuple[LedgerRow, ...]:
        return self.ledger.with_status("open") if self.ledger else ()

    @property
    def reports(self) -> tuple[Report, ...]:
        return tuple(r for a in self.articles for r in a.reports)


@dataclass(frozen=True)
class Briefings:
    corpus: Corpus
    days: tuple[Day, ...]
    """Oldest first."""
    actors: tuple[ActorView, ...] = ()
    """Registry actors with at least one claim, by name."""
    topics: tuple[TopicView, ...] = ()
    sides: tuple[SideView, ...] = ()
    echoes: dict = field(default_factory=dict)
    """(article key, claim id) → the SharedQuote the claim carries, for claims whose quote other
    articles carry too."""
    quotes: tuple[SharedQuote, ...] = ()
    """Every quote carried by several articles, by key."""
    window_days: int = DEFAULT_WINDOW_DAYS
    stale_days: int = DEFAULT_STALE_DAYS

    @property
    def latest(self) -> Day | None:
        return self.days[-1] if self.days else None

    def day(self, date: dt.date) -> Day | None:
        return next((d for d in self.days if d.date == date), None)

    def also_reported(self, claim: Claim) -> tuple[Claim, ...]:
        """Every claim carrying the same quote in another article (pages show the first few)."""
        quote = self.echoes.get((claim.article, claim.id))
        return tuple(c for c in quote.claims if c.article != claim.article) if quote else ()

    def actor_view(self, actor) -> ActorView | None:
        return next((v for v in self.actors if v.actor.key == actor.key), None)


def analyse(corpus: Corpus, window_days: int = DEFAULT_WINDOW_DAYS, stale_days: int = DEFAULT_STALE_DAYS) -> Briefings:
    key = chronological(corpus)  # the corpus's own objects, alive throughout
    article_of = corpus.article

    by_date: dict[dt.date, list[Article]] = {}
    for article in corpus.articles:
        by_date.setdefault(article.published, []).append(article)
    dates = sorted(by_date)

    book = LedgerBook(corpus.topics, corpus.sides, key, stale_days)
    events = ProcessBook(key)
    topics = {t.id: t for t in corpus.topics}
    days: list[Day] = []
    seen_voices: set[str] = set()
    seen_sides: set[str] = set()
    seen_topics: set[str] = set()
    outlooks: dict[str, list[Claim]] = {}
    """Actor key → dated claims with an outlook counted as theirs, chronological (for shifts)."""
    side_outlooks: dict[str, list[Claim]] = {}
    """Side id → the same, for the tone of a side."""
    heard: dict[dt.date, set[str]] = {}
    """Day → sides heard that day (missing sides)."""
    previous_ledger: Ledger | None = None
    history: dict[str, list[tuple[dt.date, LedgerRow]]] = {}
    """Topic id → its ledger row on each briefing day it changed (the ledger over time)."""
    for i, date in enumerate(dates):
        articles = tuple(by_date[date])
        claims = [c for a in articles for c in a.claims]
        reports = [r for a in articles for r in a.reports]
        items: list[Item] = sorted([*claims, *reports], key=key)
        notes = corpus.notes_for(date)

        # The ledger and the process, before and after the day's reports.
        before = {pair: book.stand(*pair, date) for pair in _pairs(items, book)}
        touched = book.add_and_summarise(items)
        position_changes = [PositionChange(book._topic[t], book._side[s], before.get((t, s)), book.stand(t, s, date))
                            for t, s in sorted(touched, key=lambda p: (p[0], p[1]))]
        ledger = book.ledger(date)
        for row in ledger.rows:
            was = previous_ledger.row(row.topic.id) if previous_ledger else None
            if was is None or _row_key(was) != _row_key(row):
                history.setdefault(row.topic.id, []).append((date, row))
        happened = events.add(items)
        process = events.process(date, notes)

        # The trend: the process and the ledger first, tone second.
        window_start = date - dt.timedelta(days=window_days)

        def earlier_of(side_id: str) -> list[Claim]:
            # The side's own latest outlook before today, within the window: the claims of the
            # latest day it was heard on. The list is in chronological order (by day first), so
            # that day is its tail: never walk a decade of the side's claims for each day.
            known = side_outlooks.get(side_id, [])
            if not known or known[-1].on < window_start:
                return []
            return known[_first_on(known, known[-1].on):]

        movements = event_movements(happened)
        movements += position_movements([c for c in position_changes if c.side.role == "party"])
        moved_topics = {m.topic for m in movements if m.kind == "position"}
        # An issue changing status counts when the change comes from the parties' own dated words
        # (a first position, or one replacing their own), or from an agreement announced today.
        movements += status_movements(
            {r.topic.id: r.status for r in previous_ledger.rows} if previous_ledger else {},
            {r.topic.id: r.status for r in ledger.rows}, topics,
            {t: tuple(i for c in position_changes if c.topic.id == t and (c.before is None or c.before.own)
                      for i in c.after.evidence if dated(i) and (own_words(i, c.side) or _announces_agreement(i)))
             for t in topics if t not in moved_topics})  # a side's move already says it
        tone = tone_movements(claims, earlier_of)
        # "Unchanged" needs something that could have moved: an event, a position stated again, or
        # a side's tone compared with its own; otherwise there is not enough reported to judge.
        compared = considered(happened, position_changes, claims, earlier_of)

        def against_of(value: str) -> tuple[Item, ...]:
            # Counter-evidence: the outlets' own outlook, and parties' and mediators' dated words
            # of the day, pointing the other way.
            opposite = "pessimistic" if value == "towards" else "optimistic"
            return tuple(i for i in items if i.stance == opposite and i.counted and (
                isinstance(i, Report) or dated(i) and i.actor.side is not None
                and i.actor.side.role in ("party", "mediator")))

        def corroborating(movements) -> tuple[Item, ...]:
            # Other records of the day saying the same: an event recorded twice, or the parties
            # to an agreement accepting its issues in their own words.
            kinds = {m.evidence[0].event.type for m in movements if m.kind == "event"}
            parties = {s.id for m in movements if m.kind == "event" and m.evidence[0].event.type == "agreement-reached"
                       for s in m.evidence[0].event.sides}
            return tuple(i for i in items if (i.event is not None and i.event.type in kinds) or (
                i.holder is not None and i.holder.id in parties and any(p == "accepts" for _, p in i.positions)))

        trend = judge(movements, tone, compared, against_of, article_of, notes, first=not days,
                      corroborating=corroborating)

        # What changed.
        today_keys = {c.actor.key for c in claims}
        sides_today = {c.actor.side.id for c in claims if c.actor.side}
        heard[date] = sides_today
        shifts = []
        for actor_key, latest in _today_outlooks(claims, key).items():
            known = outlooks.get(actor_key, [])
            at = _first_on(known, latest.on)
            if at:  # the latest earlier day the actor was heard on: the claims just before `at`
                before_claim = day_outlook(known[_first_on(known, known[at - 1].on):at])
                if before_claim is not None and before_claim.stance != latest.stance:
                    shifts.append(StanceShift(latest.actor, before_claim, latest))
        opened, resolved = sticking(previous_ledger, ledger)
        prev_claims = [c for a in by_date[dates[i - 1]] for c in a.claims] if i else []
        recent = set().union(*(heard[d] for d in dates[bisect.bisect_right(dates, window_start, 0, i):i]))
        changes = Changes(
            new_sides=tuple(s for s in corpus.sides if s.id in sides_today - seen_sides),
            # A sentence no speaker is given for is no voice.
            new_voices=tuple({c.actor.key: c.actor for c in claims if c.actor.key not in seen_voices
                              and c.voiced}.values()),
            shifts=tuple(shifts),
            positions=tuple(position_changes),
            events=tuple(happened),
            new_topics=tuple(t for t in corpus.topics if t.id not in seen_topics
                             and any(t in item.topics for item in items)),
            sticking_opened=opened if i else (),
            sticking_resolved=resolved,
            missing_voices=tuple({c.actor.key: c.actor for c in prev_claims
                                  if c.actor.article is None and c.actor.key not in today_keys}.values()),
            missing_sides=tuple(s for s in corpus.sides if s.role in ("party", "mediator")
                                and s.id in recent - sides_today),
        )
        days.append(Day(
            date=date,
            articles=articles,
            sides=group_by_side(sorted(claims, key=key), corpus.sides),  # never in the files' order
            caveats=tuple((a, c) for a in articles for c in a.caveats),
            previous=dates[i - 1] if i else None,
            next=dates[i + 1] if i + 1 < len(dates) else None,
            claim_count=len(claims),
            outlets=tuple(sorted({a.credit for a in articles})),
            stance_counts=counts((c.stance for c in claims), STANCES),
            notes=notes,
            ledger=ledger,
            process=process,
            trend=trend,
            state=state(process, ledger),
            said=said_sentence(sorted(claims, key=key)),
            state_line=notes.state if notes and notes.state else "",
            changes=changes,
            sourcing=sourcing(claims, articles),
        ))
        seen_voices |= today_keys
        seen_sides |= sides_today
        seen_topics |= {t.id for item in items for t in item.topics}
        for claim in claims:
            if claim.stance in STANCE_RANK and claim.counted and dated(claim):
                bisect.insort(outlooks.setdefault(claim.actor.key, []), claim, key=key)
                if claim.actor.side:
                    bisect.insort(side_outlooks.setdefault(claim.actor.side.id, []), claim, key=key)
        previous_ledger = ledger

    all_echoes = echoes(corpus.claims)
    return Briefings(
        corpus=corpus,
        days=tuple(days),
        actors=actor_views(corpus, key, all_echoes),
        topics=tuple(dataclasses.replace(v, ledger=tuple(history.get(v.topic.id, ())))
                     for v in topic_views(corpus, key, all_echoes)),
        sides=side_views(corpus, key, all_echoes),
        echoes=all_echoes,
        quotes=tuple(sorted({id(q): q for q in all_echoes.values()}.values(), key=lambda q: q.key)),
        window_days=window_days,
        stale_days=stale_days,
    )


def _first_on(claims: list[Claim], day: dt.date) -> int:
    """Where the claims placed on `day` (or later) start, in a list in chronological order."""
    return bisect.bisect_left(claims, day, key=lambda c: c.on)


def _row_key(row: LedgerRow) -> tuple:
    """What a ledger row says (status and positions), to see whether a day changed it."""
    return (row.status, tuple((s.side.id, s.positions) for s in (*row.stands, *row.proposals)))


def _announces_agreement(item: Item) -> bool:
    return item.event is not None and item.event.type == "agreement-reached"


def _pairs(items: list[Item], book: LedgerBook) -> set[tuple[str, str]]:
    """The (topic, side) pairs the items put on the ledger that had a stand before the day."""
    return {(topic.id, side.id) for item in items for topic, side, _ in statements(item)
            if (topic.id, side.id) in book.summaries}


def _today_outlooks(claims: list[Claim], key) -> dict[str, Claim]:
    """Actor key → the claim standing for their outlook on the latest day they were heard today
    (all their dated claims said that day agree; when they point different ways, no outlook)."""
    by_actor: dict[str, dict[dt.date, list[Claim]]] = {}
    for claim in sorted(claims, key=key):
        if claim.stance in STANCE_RANK and claim.counted and dated(claim):
            by_actor.setdefault(claim.actor.key, {}).setdefault(claim.on, []).append(claim)
    out = {}
    for actor_key, days in by_actor.items():
        chosen = day_outlook(days[max(days)])
        if chosen is not None:
            out[actor_key] = chosen
    return out
